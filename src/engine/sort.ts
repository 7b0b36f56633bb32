/**
 * sort / argsort / msort / topk / kthvalue along one dim.
 *
 * NaN sorts as the largest value (PyTorch/NumPy). PyTorch's CPU kernels run
 * libstdc++ algorithms on (value, index) pairs: std::sort for the default
 * stable=False, std::stable_sort for stable=True, nth_element/partial_sort for
 * topk. We replay those exactly (stdalgo.ts), so tied values come back with
 * the same indices as PyTorch (stable=False is not stable above 16 elements).
 * Exception kept from PyTorch: 1-D integer ascending sorts of >= 32768
 * elements use fbgemm's radix sort, which is stable.
 */
import { runtimeError } from './errors';
import { checkDeadline, tickDeadline } from './deadline';
import { ValuesIndices } from './reduce';
import { contig, wrapDim } from './iterate';
import { Less, StdAlgo } from './stdalgo';
import { Tensor } from './tensor';

const ascLess: Less = (a, b) => (a === a && b !== b) || a < b;
const descLess: Less = (a, b) => (a !== a && b === b) || a > b;

// Deadline checks: once per lane (tickDeadline), and inside the stable sort's comparator on long lanes.
// StdAlgo's `less` is deliberately not wrapped: a counting closure there made big sorts
// 2.7x slower and left StdAlgo's call site polymorphic (small sorts 2x slower after it).

/** Visit every 1-D lane along `dim` of a contiguous copy: (base offset, stride). */
function lanes(t: Tensor, dim: number): { x: Tensor; outer: number; len: number; inner: number } {
  const x = contig(t);
  let outer = 1;
  let inner = 1;
  const len = t.ndim === 0 ? 1 : t.shape[dim];
  for (let k = 0; k < t.ndim; k++) {
    if (k < dim) outer *= t.shape[k];
    else if (k > dim) inner *= t.shape[k];
  }
  return { x, outer, len, inner };
}

export interface SortOpts {
  dim?: number;
  descending?: boolean;
  stable?: boolean;
}

export function sort(t: Tensor, opts: SortOpts = {}): ValuesIndices {
  const dim = wrapDim(opts.dim ?? -1, t.ndim);
  const less = opts.descending ? descLess : ascLess;
  const { x, outer, len, inner } = lanes(t, dim);
  const values = Tensor.empty(t.shape, t.dtype);
  const indices = Tensor.empty(t.shape, 'int64');
  const key = new Float64Array(len);
  const order = new Int32Array(len);
  const X = x.storage;
  const radix = !opts.descending && t.ndim === 1 && len >= 32768 && (t.dtype === 'int64' || t.dtype === 'int32');
  const stable = opts.stable || radix;
  const algo = new StdAlgo(order, key, less);
  const plainCmp = (a: number, b: number): number => (less(key[a], key[b]) ? -1 : less(key[b], key[a]) ? 1 : a - b);
  // Long lanes: check when an element id that is a multiple of 2^16 is compared (a steady
  // trickle through every merge pass, with no counter state: a counter cost 15-40%).
  const checkedCmp = (a: number, b: number): number => {
    if ((a & 0xffff) === 0) checkDeadline();
    return plainCmp(a, b);
  };
  const cmp = len >= 1 << 16 ? checkedCmp : plainCmp;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      for (let j = 0; j < len; j++) {
        key[j] = X[x.offset + base + j * inner];
        order[j] = j;
      }
      if (stable) order.sort(cmp); // ties keep their original order
      else algo.sort(0, len);
      tickDeadline(len * 16);
      for (let j = 0; j < len; j++) {
        values.storage[base + j * inner] = key[order[j]];
        indices.storage[base + j * inner] = order[j];
      }
    }
  }
  return { values, indices };
}

export const argsort = (t: Tensor, opts: SortOpts = {}): Tensor => sort(t, opts).indices;

/** torch.msort: sort along dim 0. */
export const msort = (t: Tensor): Tensor => sort(t, { dim: 0 }).values;

export interface TopkOpts {
  dim?: number;
  largest?: boolean;
  sorted?: boolean;
}

export function topk(t: Tensor, k: number, opts: TopkOpts = {}): ValuesIndices {
  const dim = wrapDim(opts.dim ?? -1, t.ndim);
  const len = t.ndim === 0 ? 1 : t.shape[dim];
  if (k < 0 || k > len) throw runtimeError('selected index k out of range');
  if (t.dtype === 'bool') throw runtimeError('topk does not support bool dtypes on CPU');
  const largest = opts.largest ?? true;
  const sorted = opts.sorted ?? true;
  const less = largest ? descLess : ascLess;
  const { x, outer, inner } = lanes(t, dim);
  const outShape = t.ndim === 0 ? [] : t.shape.map((s, i) => (i === dim ? k : s));
  const values = Tensor.empty(outShape, t.dtype);
  const indices = Tensor.empty(outShape, 'int64');
  if (k === 0) return { values, indices };
  const key = new Float64Array(len);
  const e = new Int32Array(len);
  const algo = new StdAlgo(e, key, less);
  const X = x.storage;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      for (let j = 0; j < len; j++) {
        key[j] = X[x.offset + base + j * inner];
        e[j] = j;
      }
      tickDeadline(len * 4);
      if (k * 64 <= len) algo.partialSort(0, k, len);
      else {
        algo.nthElement(0, k - 1, len);
        if (sorted) algo.sort(0, k - 1);
      }
      const ob = o * k * inner + i;
      for (let j = 0; j < k; j++) {
        values.storage[ob + j * inner] = key[e[j]];
        indices.storage[ob + j * inner] = e[j];
      }
    }
  }
  return { values, indices };
}

export interface KthOpts {
  dim?: number;
  keepdim?: boolean;
}

/** k-th smallest (1-based) along dim. Ties: PyTorch's quickselect may pick another index of an equal value. */
export function kthvalue(t: Tensor, k: number, opts: KthOpts = {}): ValuesIndices {
  const dim = wrapDim(opts.dim ?? -1, t.ndim);
  const len = t.ndim === 0 ? 1 : t.shape[dim];
  if (k < 1 || k > len) throw runtimeError(`kthvalue(): selected number k out of range for dimension ${dim}`);
  const s = sort(t, { dim });
  const keep = opts.keepdim ?? false;
  const shape = t.shape.map((v, i) => (i === dim ? 1 : v));
  const finalShape = keep ? shape : t.shape.filter((_, i) => i !== dim);
  const values = Tensor.empty(finalShape, t.dtype);
  const indices = Tensor.empty(finalShape, 'int64');
  const { outer, inner } = lanes(t, dim);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const src = o * len * inner + (k - 1) * inner + i;
      values.storage[o * inner + i] = s.values.storage[src];
      indices.storage[o * inner + i] = s.indices.storage[src];
    }
  }
  return { values, indices };
}

