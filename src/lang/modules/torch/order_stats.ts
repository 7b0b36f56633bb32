/**
 * median / nanmedian / mode along a dim, replaying PyTorch's CPU kernels
 * (Sorting.cpp): std::nth_element / std::sort on (value, index) pairs, so
 * tied values report the same index as PyTorch. Lives here because the
 * engine's sort.ts only exposes sort/topk/kthvalue.
 */
import { Tensor } from '../../../engine';
import { contig } from '../../../engine/iterate';
import { wrapDim } from '../../../engine/shape';
import { TorchError, indexError } from '../../../engine/errors';
import { Less, StdAlgo } from '../../../engine/stdalgo';

const ascLess: Less = (a, b) => (a === a && b !== b) || a < b;

export interface ValIdx {
  values: Tensor;
  indices: Tensor;
}

/** One lane's pick: [value, original index]. */
type Pick = (key: Float64Array, e: Int32Array, algo: StdAlgo, len: number) => [number, number];

function medianPick(ignoreNan: boolean): Pick {
  return (key, e, _algo, len) => {
    let nans = 0;
    let firstNan = -1;
    for (let j = 0; j < len; j++) {
      if (key[j] !== key[j]) {
        nans++;
        if (firstNan < 0) {
          firstNan = j;
        }
      }
    }
    if (!ignoreNan && nans > 0) {
      return [NaN, firstNan];
    }
    // PyTorch's nth_element compares (value, index), a total order among
    // non-NaN values, so the pick equals a stable sort's element md.
    // C++ integer division truncates: all-NaN lanes pick element 0 (a NaN).
    const md = Math.trunc((len - nans - 1) / 2);
    const order = Array.from(e.subarray(0, len));
    order.sort((a, b) => (ascLess(key[a], key[b]) ? -1 : ascLess(key[b], key[a]) ? 1 : a - b));
    return [key[order[md]], order[md]];
  };
}

const modePick: Pick = (key, e, algo, len) => {
  algo.sort(0, len);
  let mode = 0;
  let modei = 0;
  let temp = 0;
  let best = 0;
  for (let i = 0; i < len; i++) {
    temp++;
    if (i === len - 1 || key[e[i]] !== key[e[i + 1]]) {
      if (temp > best) {
        mode = key[e[i]];
        modei = e[i];
        best = temp;
      }
      temp = 0;
    }
  }
  return [mode, modei];
};

function alongDim(name: string, t: Tensor, dim: number, keepdim: boolean, pick: Pick): ValIdx {
  if (name !== 'mode' && t.dtype === 'bool') {
    throw new TorchError('NotImplementedError', `"${name}_cpu" not implemented for 'Bool'`);
  }
  const d = wrapDim(dim, t.ndim);
  const len = t.ndim === 0 ? 1 : t.shape[d];
  if (len === 0) {
    throw indexError(`${name}(): Expected reduction dim ${d} to have non-zero size.`);
  }
  const x = contig(t);
  let outer = 1;
  let inner = 1;
  for (let k = 0; k < t.ndim; k++) {
    if (k < d) {
      outer *= t.shape[k];
    } else if (k > d) {
      inner *= t.shape[k];
    }
  }
  const shape =
    t.ndim === 0
      ? []
      : keepdim
        ? t.shape.map((s, i) => (i === d ? 1 : s))
        : t.shape.filter((_, i) => i !== d);
  const values = Tensor.empty(shape, t.dtype);
  const indices = Tensor.empty(shape, 'int64');
  const key = new Float64Array(len);
  const e = new Int32Array(len);
  const algo = new StdAlgo(e, key, ascLess);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      for (let j = 0; j < len; j++) {
        key[j] = x.storage[x.offset + base + j * inner] as number;
        e[j] = j;
      }
      const [v, k] = pick(key, e, algo, len);
      values.storage[o * inner + i] = v;
      indices.storage[o * inner + i] = k;
    }
  }
  return { values, indices };
}

export function medianDim(t: Tensor, dim: number, keepdim: boolean, ignoreNan: boolean): ValIdx {
  return alongDim(ignoreNan ? 'nanmedian' : 'median', t, dim, keepdim, medianPick(ignoreNan));
}

/** median of all elements: the lower median, NaN if any element is NaN. */
export function medianAll(t: Tensor, ignoreNan: boolean): Tensor {
  const n = t.numel;
  if (n === 0) {
    return Tensor.scalar(NaN, t.dtype);
  }
  const flat = contig(t);
  const r = alongDim(
    'median',
    Tensor.fromStorage(flat.storage.slice(flat.offset, flat.offset + n) as any, [n], t.dtype),
    0,
    false,
    medianPick(ignoreNan)
  );
  return r.values;
}

export function modeDim(t: Tensor, dim: number, keepdim: boolean): ValIdx {
  return alongDim('mode', t, dim, keepdim, modePick);
}
