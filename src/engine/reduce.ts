/**
 * Reductions over dims, with keepdim.
 *
 * Every reduction views its (contiguous) input as [outer, R, inner]: R is the
 * reduced extent. inner == 1 is a plain row loop; inner > 1 sweeps R rows of
 * `inner` accumulators, so the input is read once, in order (no strided lane
 * walks, no transpose copy). float32/float64 sums replay PyTorch's cascade
 * (cascade.ts); other float sums accumulate in float64 and round once.
 */
import { tickDeadline } from './deadline';
import { DType, castValue, isFloating, scalarTypeName } from './dtype';
import { indexError, runtimeError, warn } from './errors';
import { castTensor, contig, wrapDim } from './iterate';
import { DimArg, Plan, ValuesIndices, extremum, finish, finishP, normDims, plan, sumPlan } from './reduceplan';
import { Tensor, numelOf } from './tensor';
import { FAST_MIN_NUMEL } from './wasm';
import { extremumF32, extremumValuesF32, sumF32, sumF64 } from './wasm/reduce';

export type { DimArg, ValuesIndices };

export interface SumOpts {
  dim?: DimArg;
  keepdim?: boolean;
  dtype?: DType | null;
}

/**
 * Large float32 plans go to the wasm kernels (wasm/reduce.ts), large float64 row sums
 * to an unrolled JS loop: both replay the same order as sumPlan / extremum bit for
 * bit; everything else (small, other dtypes, unhandled layouts) keeps the JS loops.
 */
function bigF32(p: Plan): boolean {
  return p.x.dtype === 'float32' && p.outer * p.R * p.inner >= FAST_MIN_NUMEL;
}

/**
 * Reused result scratch for the fast paths (finishP copies out of it): a fresh
 * multi-MB Float64Array per call costs more in page faults than the kernel itself.
 */
const POOL_MAX = 1 << 18;
const pool = [new Float64Array(0), new Float64Array(0)];
function scratch(k: 0 | 1, n: number): Float64Array {
  if (n > POOL_MAX) return new Float64Array(n);
  if (pool[k].length < n) pool[k] = new Float64Array(Math.max(n, 1024));
  return pool[k].subarray(0, n);
}

function sumFast(p: Plan): Float64Array {
  if (bigF32(p)) {
    const out = scratch(0, p.outer * p.inner);
    if (sumF32(p.x.storage as Float32Array, p.x.offset, p.outer, p.R, p.inner, out)) return out;
  } else if (p.x.dtype === 'float64' && p.outer * p.R * p.inner >= FAST_MIN_NUMEL) {
    const out = scratch(0, p.outer * p.inner);
    if (sumF64(p.x.storage as Float64Array, p.x.offset, p.outer, p.R, p.inner, out)) return out;
  }
  return sumPlan(p);
}

function extremumFast(p: Plan, isMax: boolean): { vals: Float64Array; idx: Float64Array } {
  if (bigF32(p)) {
    const vals = scratch(0, p.outer * p.inner);
    const idx = scratch(1, p.outer * p.inner);
    if (extremumF32(p.x.storage as Float32Array, p.x.offset, p.outer, p.R, p.inner, isMax, vals, idx)) return { vals, idx };
  }
  return extremum(p, isMax);
}

/** Values only (amax/amin, max()/min()): rows have a cheaper kernel without indices. */
function extremumVals(p: Plan, isMax: boolean): Float64Array {
  if (bigF32(p) && p.inner === 1) {
    const vals = scratch(0, p.outer);
    if (extremumValuesF32(p.x.storage as Float32Array, p.x.offset, p.outer, p.R, isMax, vals)) return vals;
  }
  return extremumFast(p, isMax).vals;
}

/** Integer and bool sums/products produce int64, as in PyTorch. */
function accDType(t: Tensor, dtype?: DType | null): DType {
  if (dtype) return dtype;
  return isFloating(t.dtype) ? t.dtype : 'int64';
}

export function sum(t: Tensor, opts: SumOpts = {}): Tensor {
  const dt = accDType(t, opts.dtype);
  const x = opts.dtype && opts.dtype !== t.dtype ? castTensor(t, opts.dtype) : t;
  const p = plan(x, normDims(t, opts.dim), opts.keepdim ?? false, true);
  return finishP(sumFast(p), p, dt);
}

export function mean(t: Tensor, opts: SumOpts = {}): Tensor {
  const dt = opts.dtype ?? t.dtype;
  if (!isFloating(dt)) {
    const which = opts.dtype ? 'Optional' : 'Input';
    throw runtimeError(
      `mean(): could not infer output dtype. ${which} dtype must be either a floating point or complex dtype. Got: ${scalarTypeName(dt)}`
    );
  }
  const x = dt !== t.dtype ? castTensor(t, dt) : t;
  const p = plan(x, normDims(t, opts.dim), opts.keepdim ?? false, true);
  const s = sumFast(p);
  // PyTorch CPU: sum in the dtype, then divide (so float32 rounds twice).
  for (let i = 0; i < s.length; i++) s[i] = castValue(dt, s[i]) / p.R;
  return finishP(s, p, dt);
}

export interface DimOpts {
  dim?: number | null;
  keepdim?: boolean;
  dtype?: DType | null;
}

export function prod(t: Tensor, opts: DimOpts = {}): Tensor {
  const dt = accDType(t, opts.dtype);
  const x = opts.dtype && opts.dtype !== t.dtype ? castTensor(t, opts.dtype) : t;
  const p = plan(x, normDims(t, opts.dim), opts.keepdim ?? false);
  const { outer, R, inner } = p;
  const X = p.x.storage;
  const out = new Float64Array(outer * inner).fill(1);
  let q = p.x.offset;
  for (let o = 0; o < outer; o++) for (let r = 0; r < R; r++) for (let i = 0; i < inner; i++) out[o * inner + i] *= X[q++];
  return finishP(out, p, dt);
}

function emptyFullError(name: string, isIndex: boolean): Error {
  const msg =
    `${name}(): Expected reduction dim to be specified for input.numel() == 0.` +
    (isIndex ? '' : " Specify the reduction dim with the 'dim' argument.");
  return isIndex ? indexError(msg) : runtimeError(msg);
}

function checkNonEmpty(name: string, t: Tensor, dims: number[], full: boolean, isIndex: boolean): void {
  if (t.numel !== 0) return;
  if (full) throw emptyFullError(name, isIndex);
  for (const d of dims) {
    if (t.shape.length > 0 && t.shape[d] === 0) throw indexError(`${name}(): Expected reduction dim ${d} to have non-zero size.`);
  }
}

function maxMinImpl(name: 'max' | 'min', t: Tensor, dim: number | null | undefined, keepdim: boolean): Tensor | ValuesIndices {
  if (dim === null || dim === undefined) {
    checkNonEmpty(name, t, [], true, false);
    const p = plan(t, normDims(t, null), false);
    return finish(extremumVals(p, name === 'max'), [], t.dtype);
  }
  const d = wrapDim(dim, t.ndim);
  checkNonEmpty(name, t, [d], false, false);
  const p = plan(t, t.ndim === 0 ? [] : [d], keepdim);
  const r = extremumFast(p, name === 'max');
  return { values: finishP(r.vals, p, t.dtype), indices: finishP(r.idx, p, 'int64') };
}

/** torch.max(t) → 0-d; torch.max(t, dim) → {values, indices}. */
export function max(t: Tensor): Tensor;
export function max(t: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function max(t: Tensor, dim?: number | null, keepdim = false): Tensor | ValuesIndices {
  return maxMinImpl('max', t, dim, keepdim);
}

export function min(t: Tensor): Tensor;
export function min(t: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function min(t: Tensor, dim?: number | null, keepdim = false): Tensor | ValuesIndices {
  return maxMinImpl('min', t, dim, keepdim);
}

export interface AmaxOpts {
  dim?: DimArg;
  keepdim?: boolean;
}

function amaxImpl(name: 'amax' | 'amin', t: Tensor, opts: AmaxOpts): Tensor {
  const dims = normDims(t, opts.dim);
  const full = opts.dim === null || opts.dim === undefined || (typeof opts.dim !== 'number' && opts.dim.length === 0);
  checkNonEmpty(name, t, dims, full, false);
  const p = plan(t, dims, opts.keepdim ?? false);
  return finishP(extremumVals(p, name === 'amax'), p, t.dtype);
}

export const amax = (t: Tensor, opts: AmaxOpts = {}): Tensor => amaxImpl('amax', t, opts);
export const amin = (t: Tensor, opts: AmaxOpts = {}): Tensor => amaxImpl('amin', t, opts);

export interface ArgOpts {
  dim?: number | null;
  keepdim?: boolean;
}

function argImpl(name: 'argmax' | 'argmin', t: Tensor, opts: ArgOpts): Tensor {
  if (t.dtype === 'bool') throw runtimeError(`${name}(): does not support bool input`);
  const keep = opts.keepdim ?? false;
  if (opts.dim === null || opts.dim === undefined) {
    checkNonEmpty(name, t, [], true, true);
    const p = plan(t, normDims(t, null), false);
    const shape = keep ? t.shape.map(() => 1) : [];
    return finish(extremumFast(p, name === 'argmax').idx, shape, 'int64');
  }
  const d = wrapDim(opts.dim, t.ndim);
  checkNonEmpty(name, t, [d], false, true);
  const p = plan(t, t.ndim === 0 ? [] : [d], keep);
  return finishP(extremumFast(p, name === 'argmax').idx, p, 'int64');
}

export const argmax = (t: Tensor, opts: ArgOpts = {}): Tensor => argImpl('argmax', t, opts);
export const argmin = (t: Tensor, opts: ArgOpts = {}): Tensor => argImpl('argmin', t, opts);

export interface VarOpts {
  dim?: DimArg;
  keepdim?: boolean;
  unbiased?: boolean;
  correction?: number | null;
}

/** Two-pass variance in float64 (mean, then squared deviations), rounded once. */
function varImpl(name: 'std' | 'var', t: Tensor, opts: VarOpts): Tensor {
  if (!isFloating(t.dtype)) throw runtimeError('std and var only support floating point and complex dtypes');
  const correction = opts.correction ?? (opts.unbiased === false ? 0 : 1);
  const p = plan(t, normDims(t, opts.dim), opts.keepdim ?? false);
  const { outer, R, inner } = p;
  const X = p.x.storage;
  const means = sumPlan(p, false, true);
  for (let i = 0; i < means.length; i++) means[i] /= R;
  const ss = new Float64Array(outer * inner);
  let q = p.x.offset;
  for (let o = 0; o < outer; o++) {
    tickDeadline(R * inner);
    for (let r = 0; r < R; r++) {
      for (let i = 0; i < inner; i++) {
        const d = X[q++] - means[o * inner + i];
        ss[o * inner + i] += d * d;
      }
    }
  }
  const dof = Math.max(0, R - correction);
  if (dof <= 0 && ss.length > 0) {
    warn(
      `${name}(): degrees of freedom is <= 0. Correction should be strictly less than the reduction factor (input numel divided by output numel).`
    );
  }
  for (let i = 0; i < ss.length; i++) {
    const v = R === 0 ? NaN : ss[i] / dof;
    ss[i] = name === 'std' ? Math.sqrt(v) : v;
  }
  return finishP(ss, p, t.dtype);
}

export const std = (t: Tensor, opts: VarOpts = {}): Tensor => varImpl('std', t, opts);
export const variance = (t: Tensor, opts: VarOpts = {}): Tensor => varImpl('var', t, opts);
export { variance as var_ };

export interface CumOpts {
  dtype?: DType | null;
}

/** cumsum/cumprod along one dim; float32 accumulates in double (PyTorch's CPU acc type). */
function cumImpl(t: Tensor, dim: number, isSum: boolean, opts: CumOpts): Tensor {
  const dt = accDType(t, opts.dtype);
  const d = wrapDim(dim, t.ndim);
  const x = contig(dt !== t.dtype ? castTensor(t, dt) : t);
  const out = Tensor.empty(t.shape, dt);
  let outer = 1;
  let R = 1;
  let inner = 1;
  for (let k = 0; k < t.ndim; k++) (k < d ? (outer *= t.shape[k]) : k === d ? (R = t.shape[k]) : (inner *= t.shape[k]));
  const X = x.storage;
  const O = out.storage;
  const acc = new Float64Array(inner);
  const exact = dt === 'float32' || dt === 'float64' || dt === 'int64'; // storage store rounds correctly
  for (let o = 0; o < outer; o++) {
    acc.fill(isSum ? 0 : 1);
    let q = o * R * inner;
    for (let r = 0; r < R; r++) {
      if ((r & 0xfff) === 0) tickDeadline(4096 * inner);
      for (let i = 0; i < inner; i++, q++) {
        const v = X[x.offset + q];
        const a = isSum ? acc[i] + v : acc[i] * v;
        acc[i] = a;
        O[q] = exact ? a : castValue(dt, a);
      }
    }
  }
  return out;
}

export const cumsum = (t: Tensor, dim: number, opts: CumOpts = {}): Tensor => cumImpl(t, dim, true, opts);
export const cumprod = (t: Tensor, dim: number, opts: CumOpts = {}): Tensor => cumImpl(t, dim, false, opts);

export interface BoolReduceOpts {
  dim?: DimArg;
  keepdim?: boolean;
}

/** Count of nonzero entries per output slot. */
function countNonzero(p: Plan): Float64Array {
  const { outer, R, inner } = p;
  const X = p.x.storage;
  const out = new Float64Array(outer * inner);
  let q = p.x.offset;
  for (let o = 0; o < outer; o++) for (let r = 0; r < R; r++) for (let i = 0; i < inner; i++) if (X[q++] !== 0) out[o * inner + i]++;
  return out;
}

// all/any treat dim=() as "reduce nothing" (unlike sum).
export function all(t: Tensor, opts: BoolReduceOpts = {}): Tensor {
  const p = plan(t, normDims(t, opts.dim, true), opts.keepdim ?? false);
  const c = countNonzero(p);
  for (let i = 0; i < c.length; i++) c[i] = c[i] === p.R ? 1 : 0;
  return finishP(c, p, 'bool');
}

export function any(t: Tensor, opts: BoolReduceOpts = {}): Tensor {
  const p = plan(t, normDims(t, opts.dim, true), opts.keepdim ?? false);
  return finishP(countNonzero(p), p, 'bool');
}

export function count_nonzero(t: Tensor, opts: { dim?: DimArg } = {}): Tensor {
  const p = plan(t, normDims(t, opts.dim), false);
  return finishP(countNonzero(p), p, 'int64');
}

export interface NormOpts {
  p?: number | 'fro';
  dim?: DimArg;
  keepdim?: boolean;
}

/** Tensor.norm / vector norm (p = 2 default, 1, inf, -inf, 0, or any p). */
export function norm(t: Tensor, opts: NormOpts = {}): Tensor {
  if (!isFloating(t.dtype)) {
    throw runtimeError(`linalg.vector_norm: Expected a floating point or complex tensor as input. Got ${scalarTypeName(t.dtype)}`);
  }
  const pv = opts.p === undefined || opts.p === 'fro' ? 2 : opts.p;
  const pl = plan(t, normDims(t, opts.dim), opts.keepdim ?? false);
  let out: Float64Array;
  if (pv === 1) out = sumPlan(pl, true);
  else if (pv === Infinity || pv === -Infinity) {
    const a = new Tensor(pl.x.storage.map(Math.abs), pl.x.shape, pl.x.strides, pl.x.offset, pl.x.dtype);
    out = extremum({ ...pl, x: a }, pv > 0).vals;
  } else {
    const { outer, R, inner } = pl;
    const X = pl.x.storage;
    out = new Float64Array(outer * inner);
    let q = pl.x.offset;
    for (let o = 0; o < outer; o++) {
      tickDeadline(R * inner);
      for (let r = 0; r < R; r++) {
        for (let i = 0; i < inner; i++) {
          const v = Math.abs(X[q++]);
          out[o * inner + i] += pv === 2 ? v * v : pv === 0 ? (v !== 0 ? 1 : 0) : Math.pow(v, pv);
        }
      }
    }
    if (pv !== 0) for (let i = 0; i < out.length; i++) out[i] = pv === 2 ? Math.sqrt(out[i]) : Math.pow(out[i], 1 / pv);
  }
  return finishP(out, pl, t.dtype);
}

/** Number of elements reduced (for callers building mean-like ops). */
export function reducedCount(t: Tensor, dim: DimArg): number {
  return numelOf(normDims(t, dim).map(d => t.shape[d]));
}

