/**
 * Strided iteration helpers shared by the math kernels.
 *
 * `nditer` walks several strided operands over one logical shape and hands the
 * kernel one innermost *row* at a time (start positions + length + strides), so
 * kernels keep their own tight typed-array loop with no per-element callback
 * into the iterator. Dims of size 1 are dropped and adjacent dims that are
 * contiguous for every operand are merged, so contiguous inputs become one row.
 */
import { tickDeadline } from './deadline';
import { DType, Storage, castValue, isFloating, scalarTypeName } from './dtype';
import { TorchError, runtimeError } from './errors';
import { wrapDim } from './shape';
import { Tensor } from './tensor';

export { wrapDim };

export type RowFn = (pos: number[], n: number, st: number[]) => void;

export function nditer(shape: readonly number[], strides: number[][], offsets: number[], row: RowFn): void {
  const nops = strides.length;
  const dims: number[] = [];
  const sts: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const sz = shape[d];
    if (sz === 0) return;
    if (sz === 1) continue;
    const k = dims.length;
    let merge = k > 0;
    for (let o = 0; merge && o < nops; o++) merge = sts[o][k - 1] === strides[o][d] * sz;
    if (merge) {
      dims[k - 1] *= sz;
      for (let o = 0; o < nops; o++) sts[o][k - 1] = strides[o][d];
    } else {
      dims.push(sz);
      for (let o = 0; o < nops; o++) sts[o].push(strides[o][d]);
    }
  }
  const cur = offsets.slice();
  const nd = dims.length;
  if (nd === 0) {
    row(cur, 1, new Array<number>(nops).fill(0));
    return;
  }
  const n = dims[nd - 1];
  const inner = sts.map(s => s[nd - 1]);
  let total = 1;
  for (let d = 0; d < nd - 1; d++) total *= dims[d];
  const cnt = new Array<number>(nd).fill(0);
  for (let k = 0; k < total; k++) {
    row(cur, n, inner);
    tickDeadline(n);
    for (let d = nd - 2; d >= 0; d--) {
      cnt[d]++;
      for (let o = 0; o < nops; o++) cur[o] += sts[o][d];
      if (cnt[d] < dims[d]) break;
      for (let o = 0; o < nops; o++) cur[o] -= sts[o][d] * dims[d];
      cnt[d] = 0;
    }
  }
}

/** Strides of `t` viewed at the broadcast shape `out` (0 on broadcast dims). */
export function broadcastStrides(t: Tensor, out: readonly number[]): number[] {
  const lead = out.length - t.shape.length;
  const r = new Array<number>(out.length).fill(0);
  for (let i = 0; i < t.shape.length; i++) r[lead + i] = t.shape[i] === 1 && out[lead + i] !== 1 ? 0 : t.strides[i];
  return r;
}

/** A fresh contiguous tensor with `t`'s values converted to `dtype` (PyTorch `.to(dtype)` rules). */
export function castTensor(t: Tensor, dtype: DType): Tensor {
  const out = Tensor.empty(t.shape, dtype);
  const o = out.storage;
  const s = t.storage;
  let j = 0;
  nditer(t.shape, [t.strides], [t.offset], (p, n, st) => {
    let i = p[0];
    const d = st[0];
    for (let k = 0; k < n; k++, i += d) o[j++] = castValue(dtype, s[i]);
  });
  return out;
}

/** Cast only when the values could change (int→float32, float64→float32, float→int…). */
export function castIfLossy(t: Tensor, dtype: DType): Tensor {
  const f = t.dtype;
  if (f === dtype || f === 'bool') return t;
  const lossless =
    dtype === 'float64' ||
    (dtype === 'int64' && f === 'int32') ||
    (dtype === 'float32' && (f === 'float16' || f === 'bfloat16'));
  return lossless ? t : castTensor(t, dtype);
}

/** Round float16/bfloat16 results stored in Float32Array (other storages round on write). */
export function roundHalfInPlace(t: Tensor): void {
  if (t.dtype !== 'float16' && t.dtype !== 'bfloat16') return;
  const s = t.storage;
  nditer(t.shape, [t.strides], [t.offset], (p, n, st) => {
    for (let k = 0, i = p[0]; k < n; k++, i += st[0]) s[i] = castValue(t.dtype, s[i]);
  });
}

/** Normalise a dim list, rejecting repeats with PyTorch's text. */
export function wrapDims(dims: readonly number[], ndim: number): number[] {
  const out: number[] = [];
  for (const d of dims) {
    const w = wrapDim(d, ndim);
    if (out.includes(w)) throw runtimeError(`dim ${w} appears multiple times in the list of dims`);
    out.push(w);
  }
  return out;
}

/** `t` itself when contiguous (mind its offset), else a contiguous copy (no generators). */
export function contig(t: Tensor): Tensor {
  if (t.isContiguous()) return t;
  const out = Tensor.empty(t.shape, t.dtype);
  const o = out.storage;
  const s = t.storage;
  let j = 0;
  nditer(t.shape, [t.strides], [t.offset], (p, n, st) => {
    const d = st[0];
    for (let k = 0, i = p[0]; k < n; k++, i += d) o[j++] = s[i];
  });
  return out;
}

/** Values of `t` in logical order as a Float64Array (for small helpers / tests). */
export function readAll(t: Tensor): Float64Array {
  const out = new Float64Array(t.numel);
  const s: Storage = t.storage;
  let j = 0;
  nditer(t.shape, [t.strides], [t.offset], (p, n, st) => {
    for (let k = 0, i = p[0]; k < n; k++, i += st[0]) out[j++] = s[i];
  });
  return out;
}

/** PyTorch's C++ type names used in some matmul/masked_fill messages. */
export function cppTypeName(d: DType): string {
  return { float32: 'float', float64: 'double', float16: 'c10::Half', bfloat16: 'c10::BFloat16', int64: 'long int', int32: 'int', bool: 'bool' }[d];
}

export function notImplemented(kernel: string, d: DType): Error {
  return new TorchError('NotImplementedError', `"${kernel}" not implemented for '${scalarTypeName(d)}'`);
}

export function floatOrDefault(d: DType): DType {
  return isFloating(d) ? d : 'float32';
}
