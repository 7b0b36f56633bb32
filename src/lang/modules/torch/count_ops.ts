/**
 * diag / bincount / unique: small counting and reshaping ops notebooks use around
 * classification outputs (class counts, confusion-matrix diagonals, label sets).
 */
import { Tensor, DType } from '../../../engine';
import { contig } from '../../../engine/iterate';
import { TorchError, runtimeError } from '../../../engine/errors';
import { isFloating, scalarTypeName } from '../../../engine/dtype';

/** torch.diag: 1-D → square matrix with `v` on diagonal `k`; 2-D → that diagonal as 1-D. */
export function diag(t: Tensor, k: number): Tensor {
  const x = contig(t);
  const s = x.storage;
  if (t.ndim === 1) {
    const n = t.shape[0];
    const m = n + Math.abs(k);
    const out = Tensor.empty([m, m], t.dtype);
    out.storage.fill(0 as never);
    for (let i = 0; i < n; i++) {
      const r = k >= 0 ? i : i - k;
      const c = k >= 0 ? i + k : i;
      out.storage[r * m + c] = s[x.offset + i];
    }
    return out;
  }
  if (t.ndim !== 2) {
    throw runtimeError('diag(): Supports 1D or 2D tensors. Got ' + t.ndim + 'D');
  }
  const [rows, cols] = t.shape;
  const len = Math.max(0, k >= 0 ? Math.min(rows, cols - k) : Math.min(rows + k, cols));
  const out = Tensor.empty([len], t.dtype);
  for (let i = 0; i < len; i++) {
    const r = k >= 0 ? i : i - k;
    const c = k >= 0 ? i + k : i;
    out.storage[i] = s[x.offset + r * cols + c];
  }
  return out;
}

export function bincount(t: Tensor, weights: Tensor | null, minlength: number): Tensor {
  if (isFloating(t.dtype) || t.dtype === 'bool') {
    throw new TorchError(
      'NotImplementedError',
      `"bincount_cpu" not implemented for '${scalarTypeName(t.dtype)}'`
    );
  }
  if (minlength < 0) {
    throw runtimeError('minlength should be >= 0');
  }
  const x = contig(t);
  const n = t.numel;
  let max = -1;
  for (let i = 0; i < n; i++) {
    const v = x.storage[x.offset + i] as number;
    if (v < 0 || t.ndim !== 1) {
      throw runtimeError('bincount only supports 1-d non-negative integral inputs.');
    }
    if (v > max) {
      max = v;
    }
  }
  if (t.ndim !== 1) {
    throw runtimeError('bincount only supports 1-d non-negative integral inputs.');
  }
  if (weights && (weights.ndim !== 1 || weights.shape[0] !== n)) {
    throw runtimeError('weights should be 1-d and have the same length as input');
  }
  const size = Math.max(max + 1, minlength);
  const dtype: DType = weights
    ? weights.dtype === 'float64'
      ? 'float64'
      : isFloating(weights.dtype)
        ? 'float32'
        : 'float64'
    : 'int64';
  const out = Tensor.empty([size], dtype);
  out.storage.fill(0 as never);
  const w = weights ? contig(weights) : null;
  for (let i = 0; i < n; i++) {
    const v = x.storage[x.offset + i] as number;
    (out.storage as Float64Array)[v] += w ? (w.storage[w.offset + i] as number) : 1;
  }
  return out;
}

export interface Unique {
  values: Tensor;
  inverse: Tensor;
  counts: Tensor;
}

/** torch.unique without dim: sorted distinct values (CPU sorts even with sorted=False). */
export function unique(t: Tensor): Unique {
  const x = contig(t);
  const n = t.numel;
  const vals: number[] = [];
  for (let i = 0; i < n; i++) {
    vals.push(x.storage[x.offset + i] as number);
  }
  const order = vals
    .map((_, i) => i)
    .sort((a, b) => {
      const va = vals[a];
      const vb = vals[b];
      if (va !== va) {
        return vb !== vb ? a - b : 1;
      }
      if (vb !== vb) {
        return -1;
      }
      return va < vb ? -1 : va > vb ? 1 : a - b;
    });
  const distinct: number[] = [];
  const counts: number[] = [];
  const inverse = Tensor.empty(t.shape, 'int64');
  for (const i of order) {
    const v = vals[i];
    const last = distinct.length - 1;
    if (last >= 0 && distinct[last] === v) {
      counts[last]++;
    } else {
      distinct.push(v);
      counts.push(1);
    }
    inverse.storage[i] = distinct.length - 1;
  }
  const values = Tensor.empty([distinct.length], t.dtype);
  distinct.forEach((v, i) => (values.storage[i] = v));
  const c = Tensor.empty([counts.length], 'int64');
  counts.forEach((v, i) => (c.storage[i] = v));
  return { values, inverse, counts: c };
}

const fr = Math.fround;

/** torch.histc: `bins` equal-width bins over [min, max] (data range when min == max); outside values are dropped. */
export function histc(t: Tensor, bins: number, min: number, max: number): Tensor {
  if (!isFloating(t.dtype)) {
    throw new TorchError(
      'NotImplementedError',
      `"histogram_cpu" not implemented for '${scalarTypeName(t.dtype)}'`
    );
  }
  if (bins <= 0) {
    throw runtimeError(
      'torch.histogramdd(): bins must be > 0, but got ' + bins + ' for dimension 0'
    );
  }
  const f32 = t.dtype !== 'float64';
  const rd = f32 ? fr : (v: number) => v;
  const x = contig(t);
  const n = t.numel;
  let lo = rd(min);
  let hi = rd(max);
  if (lo === hi && n > 0) {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = x.storage[x.offset + i] as number;
      if (v < lo) {
        lo = v;
      }
      if (v > hi) {
        hi = v;
      }
    }
  }
  if (lo === hi) {
    lo = rd(lo - 1);
    hi = rd(hi + 1);
  }
  if (lo > hi) {
    throw runtimeError(
      `torch.histogramdd(): min should not exceed max, but got min ${min} max ${max}`
    );
  }
  const out = Tensor.empty([bins], t.dtype);
  out.storage.fill(0 as never);
  for (let i = 0; i < n; i++) {
    const v = x.storage[x.offset + i] as number;
    if (!(v >= lo && v <= hi)) {
      continue;
    }
    let pos = Math.trunc(rd(rd(rd(v - lo) * bins) / rd(hi - lo)));
    if (pos >= bins) {
      pos = bins - 1;
    }
    (out.storage as Float64Array)[pos] += 1;
  }
  return out;
}

export type Interp = 'linear' | 'lower' | 'higher' | 'nearest' | 'midpoint';

/** torch.quantile / nanquantile along the last axis of `rows` (shape [R, n]) for each q: [Q, R]. */
export function quantileRows(
  rows: Tensor,
  qs: number[],
  interp: Interp,
  ignoreNan: boolean
): Tensor {
  const [R, n] = rows.shape;
  const f32 = rows.dtype !== 'float64';
  const rd = f32 ? fr : (v: number) => v;
  const x = contig(rows);
  const out = Tensor.empty([qs.length, R], rows.dtype);
  const row = new Float64Array(n);
  for (let r = 0; r < R; r++) {
    let nans = 0;
    for (let j = 0; j < n; j++) {
      row[j] = x.storage[x.offset + r * n + j] as number;
      if (row[j] !== row[j]) {
        nans++;
      }
    }
    row.sort(); // NaN sorts last in a typed array
    const valid = ignoreNan ? n - nans : n;
    for (let qi = 0; qi < qs.length; qi++) {
      let v: number;
      if ((!ignoreNan && nans > 0) || valid === 0) {
        v = NaN;
      } else {
        let rank = rd(rd(qs[qi]) * (valid - 1));
        if (interp === 'lower') {
          rank = Math.floor(rank);
        } else if (interp === 'higher') {
          rank = Math.ceil(rank);
        } else if (interp === 'nearest') {
          rank = roundHalfEven(rank);
        }
        const below = row[Math.trunc(rank)];
        const above = row[Math.ceil(rank)];
        const w = interp === 'midpoint' ? 0.5 : rd(rank - Math.trunc(rank));
        v =
          w < 0.5
            ? rd(below + rd(w * rd(above - below)))
            : rd(above - rd(rd(above - below) * rd(1 - w)));
      }
      out.storage[qi * R + r] = v;
    }
  }
  return out;
}

function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
