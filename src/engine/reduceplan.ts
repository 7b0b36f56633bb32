/**
 * Reduction planning shared by reduce.ts: view the input as [outer, R, inner]
 * (R = reduced extent), run a kernel over it, and put results back in logical
 * order. See reduce.ts for the ops.
 */
import { tickDeadline } from './deadline';
import { DType, castValue } from './dtype';
import { cascadeSum } from './cascade';
import { contig, wrapDims } from './iterate';
import { Tensor } from './tensor';

export type DimArg = number | readonly number[] | null | undefined;

export interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}

export interface Plan {
  x: Tensor; // contiguous
  outer: number;
  R: number;
  inner: number;
  outShape: number[];
  dims: number[]; // wrapped reduced dims
  /** Set when x is the input's own storage walked in memory order: kept dims in that order. */
  keptOrder?: number[];
  src?: Tensor;
}

/** dims: undefined/null or () → all dims. */
export function normDims(t: Tensor, dim: DimArg, emptyIsNone = false): number[] {
  if (dim === null || dim === undefined) return t.shape.map((_, i) => i);
  const list = typeof dim === 'number' ? [dim] : dim;
  if (list.length === 0) return emptyIsNone ? [] : t.shape.map((_, i) => i);
  const dims = wrapDims(list, t.ndim);
  return t.ndim === 0 ? [] : dims;
}

export function plan(t: Tensor, dims: number[], keepdim: boolean, memOrder = false): Plan {
  const nd = t.ndim;
  const sorted = [...dims].sort((a, b) => a - b);
  const red = new Set(sorted);
  const outShape: number[] = [];
  for (let d = 0; d < nd; d++) {
    if (!red.has(d)) outShape.push(t.shape[d]);
    else if (keepdim) outShape.push(1);
  }
  if (memOrder && sorted.length === nd && nd > 1 && isDensePermuted(t)) {
    // A full reduction of a dense view visits memory order, as PyTorch's iterator does.
    const x = new Tensor(t.storage, [t.numel], [1], t.offset, t.dtype);
    return { x, outer: 1, R: t.numel, inner: 1, outShape, dims };
  }
  if (!t.isContiguous() && sorted.length < nd && isDensePermuted(t)) {
    const mp = memoryPlan(t, red, outShape, dims);
    if (mp) return mp;
  }
  const consecutive = sorted.length === 0 || sorted[sorted.length - 1] - sorted[0] === sorted.length - 1;
  let x: Tensor;
  let outer = 1;
  let R = 1;
  let inner = 1;
  if (consecutive) {
    x = contig(t);
    const d0 = sorted.length ? sorted[0] : nd;
    const d1 = sorted.length ? sorted[sorted.length - 1] : nd - 1;
    for (let d = 0; d < nd; d++) {
      if (d < d0) outer *= t.shape[d];
      else if (d <= d1) R *= t.shape[d];
      else inner *= t.shape[d];
    }
  } else {
    // Move kept dims first, reduced dims last, then copy once.
    const perm = [...Array(nd).keys()].filter(d => !red.has(d)).concat(sorted);
    const v = new Tensor(t.storage, perm.map(d => t.shape[d]), perm.map(d => t.strides[d]), t.offset, t.dtype);
    x = contig(v);
    for (const d of perm) (red.has(d) ? (R *= t.shape[d]) : (outer *= t.shape[d]));
  }
  return { x, outer, R, inner, outShape, dims };
}

/**
 * A dense but permuted input (e.g. a transpose) reduced over dims that are
 * adjacent in memory order: walk the storage directly as [outer, R, inner]
 * (no strided copy; also the order PyTorch's iterator uses).
 */
function memoryPlan(t: Tensor, red: Set<number>, outShape: number[], dims: number[]): Plan | null {
  const big = [...Array(t.ndim).keys()].filter(d => t.shape[d] !== 1).sort((a, b) => t.strides[b] - t.strides[a]);
  const pos = big.map((d, i) => (red.has(d) ? i : -1)).filter(i => i >= 0);
  if (pos.length === 0 || pos[pos.length - 1] - pos[0] !== pos.length - 1) return null;
  let outer = 1;
  let R = 1;
  let inner = 1;
  big.forEach((d, i) => (i < pos[0] ? (outer *= t.shape[d]) : i <= pos[pos.length - 1] ? (R *= t.shape[d]) : (inner *= t.shape[d])));
  const x = new Tensor(t.storage, [t.numel], [1], t.offset, t.dtype);
  return { x, outer, R, inner, outShape, dims, keptOrder: big.filter(d => !red.has(d)), src: t };
}

/** True when the view covers a contiguous block in some dim order (e.g. a transpose). */
function isDensePermuted(t: Tensor): boolean {
  const dims = t.shape.map((s, i) => [s, t.strides[i]]).filter(d => d[0] !== 1);
  dims.sort((a, b) => a[1] - b[1]);
  let expected = 1;
  for (const [s, st] of dims) {
    if (st !== expected) return false;
    expected *= s;
  }
  return true;
}

/** Σ over R into a Float64Array of outer*inner sums (float64 accumulation). */
export function sumPlan(p: Plan, mapAbs = false, f64 = false): Float64Array {
  const { outer, R, inner } = p;
  const X = p.x.storage;
  const off = p.x.offset;
  const out = new Float64Array(outer * inner);
  const dt = p.x.dtype;
  if (!mapAbs && !f64 && (dt === 'float32' || dt === 'float64')) {
    cascadeSum(X as Float32Array | Float64Array, off, outer, R, inner, dt === 'float32', out);
    return out;
  }
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      tickDeadline(R);
      let s = 0;
      let q = off + o * R;
      if (mapAbs) for (let r = 0; r < R; r++) s += Math.abs(X[q++]);
      else for (let r = 0; r < R; r++) s += X[q++];
      out[o] = s;
    }
    return out;
  }
  for (let o = 0; o < outer; o++) {
    tickDeadline(R * inner);
    const b = o * inner;
    let q = off + o * R * inner;
    for (let r = 0; r < R; r++) {
      if (mapAbs) for (let i = 0; i < inner; i++) out[b + i] += Math.abs(X[q++]);
      else for (let i = 0; i < inner; i++) out[b + i] += X[q++];
    }
  }
  return out;
}

/** Results of a plan, back in logical order when the plan walked memory order. */
export function finishP(values: ArrayLike<number>, p: Plan, dtype: DType): Tensor {
  const ko = p.keptOrder;
  if (!ko || !p.src || ko.every((d, i) => i === 0 || d > ko[i - 1])) return finish(values, p.outShape, dtype);
  const src = p.src;
  const inMem = finish(values, ko.map(d => src.shape[d]), dtype);
  const logical = [...ko].sort((a, b) => a - b);
  const view = new Tensor(inMem.storage, logical.map(d => src.shape[d]), logical.map(d => inMem.strides[ko.indexOf(d)]), 0, dtype);
  return Tensor.fromStorage(contig(view).storage, p.outShape, dtype);
}

export function finish(values: ArrayLike<number>, shape: number[], dtype: DType): Tensor {
  const t = Tensor.empty(shape, dtype);
  const s = t.storage;
  for (let i = 0; i < values.length; i++) s[i] = castValue(dtype, values[i]);
  return t;
}

/**
 * Max/min with first-occurrence indices over [outer, R, inner]; NaN counts as
 * the extreme (propagates) and the first NaN wins.
 */
export function extremum(p: Plan, isMax: boolean): { vals: Float64Array; idx: Float64Array } {
  const { outer, R, inner } = p;
  const X = p.x.storage;
  const off = p.x.offset;
  const vals = new Float64Array(outer * inner);
  const idx = new Float64Array(outer * inner);
  if (R === 0) return { vals, idx };
  for (let o = 0; o < outer; o++) {
    tickDeadline(R * inner);
    const base = off + o * R * inner;
    const ob = o * inner;
    if (inner === 1) {
      let best = X[base];
      let bi = 0;
      for (let r = 1; r < R && best === best; r++) {
        const v = X[base + r];
        if (isMax ? v > best : v < best) {
          best = v;
          bi = r;
        } else if (v !== v) {
          best = v;
          bi = r;
        }
      }
      vals[ob] = best;
      idx[ob] = bi;
      continue;
    }
    // Sweep whole rows so the input is read sequentially.
    for (let i = 0; i < inner; i++) vals[ob + i] = X[base + i];
    let q = base + inner;
    for (let r = 1; r < R; r++) {
      for (let i = 0; i < inner; i++, q++) {
        const v = X[q];
        const best = vals[ob + i];
        if (isMax ? v > best : v < best) {
          vals[ob + i] = v;
          idx[ob + i] = r;
        } else if (v !== v && best === best) {
          vals[ob + i] = v;
          idx[ob + i] = r;
        }
      }
    }
  }
  return { vals, idx };
}

