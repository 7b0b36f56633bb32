/**
 * float32 sum and max/min(+index) over [outer, R, inner] with the wasm kernels of
 * wasm/assembly/reduce.ts. Bit-identical to the engine's JS reductions (cascade.ts at
 * the default AVX2 width, reduceplan.ts `extremum`), so callers may swap them in at
 * any size. Input is copied into wasm memory in ~64 KB blocks (kernel state carries
 * across blocks). Each function returns false, writing nothing useful, when it does
 * not handle the case (no wasm, short rows, very wide columns, memory exhausted);
 * the caller then runs its JS loop. Without wasm, rows of 8–511 floats still get a
 * faster JS sum (reduce_js.ts). Blocks count toward the cell's deadline
 * (tickDeadline), so a huge reduction can be stopped between blocks.
 */
import { tickDeadline } from '../deadline';
import { WasmKernels, activeWasmKernels } from './index';
import { JS_ROW_MAX, JS_ROW_MAX64, sumRowShortJs, sumRowShortJs64 } from './reduce_js';

/** Floats per copied block. */
const BLOCK = 1 << 14;
/** Column kernels keep per-column state in wasm memory: cap the width. */
export const COL_MAX = 1 << 14;

/** The wasm exports used here (wasm/assembly/reduce.ts). Pointers are byte offsets. */
interface ReduceExports {
  sumRowsF32(src: number, out: number, rows: number, R: number): void;
  sumRowChunkF32(p: number, g0: number, g1: number, power: number, S: number): void;
  sumRowFinishF32(S: number, left: number, nLeft: number, nTail: number): number;
  sumRowPower(R: number): number;
  rowStatePtr(): number;
  sumColsF32(
    src: number,
    n: number,
    inner: number,
    r0: number,
    R: number,
    nC: number,
    state: number
  ): void;
  sumColsFinishF32(out: number, inner: number, R: number, nC: number, state: number): void;
  extremumRowsF32(src: number, out: number, rows: number, R: number, isMax: number): void;
  extremumValueRowsF32(src: number, out: number, rows: number, R: number, isMax: number): void;
  extremumColsF32(
    src: number,
    n: number,
    inner: number,
    r0: number,
    best: number,
    idx: number,
    isMax: number
  ): void;
}

function kernels(): [WasmKernels, ReduceExports] | null {
  const k = activeWasmKernels();
  return k ? [k, k.exports as unknown as ReduceExports] : null;
}

const pad4 = (n: number) => (n + 3) & ~3;

/**
 * PyTorch's float32 sum over R of [outer, R, inner] (contiguous from `off`) into
 * out[outer · inner]. Rows (inner = 1) need R ≥ 8 (vectorized_inner_sum).
 */
export function sumF32(
  X: Float32Array,
  off: number,
  outer: number,
  R: number,
  inner: number,
  out: Float64Array
): boolean {
  const kk = kernels();
  if (outer < 1 || R < 1 || inner < 1) {
    return false;
  }
  if (!kk) {
    if (inner !== 1 || R < 8 || R > JS_ROW_MAX) {
      return false;
    }
    for (let o = 0; o < outer; o++) {
      out[o] = sumRowShortJs(X, off + o * R, R);
    }
    return true;
  }
  const [k, ex] = kk;
  if (inner === 1) {
    return R < 8
      ? false
      : R <= BLOCK
        ? sumShortRows(k, ex, X, off, outer, R, out)
        : sumLongRows(k, ex, X, off, outer, R, out);
  }
  if (inner > COL_MAX) {
    return false;
  }
  const pad = pad4(inner);
  const per = Math.max(1, Math.floor(BLOCK / inner));
  // [state 16·pad | out pad | rows per·inner + 4 slack]
  const heap = k.reserve(17 * pad + per * inner + 4);
  if (heap === null) {
    return false;
  }
  const state = k.work;
  const outp = state + 16 * pad * 4;
  const data = outp + pad * 4;
  const nC = inner >= 8 ? inner & ~31 : inner & ~3;
  for (let o = 0; o < outer; o++) {
    heap.fill(0, state >> 2, (state >> 2) + 16 * pad);
    const base = off + o * R * inner;
    for (let r0 = 0; r0 < R; r0 += per) {
      const n = Math.min(per, R - r0);
      heap.set(X.subarray(base + r0 * inner, base + (r0 + n) * inner), data >> 2);
      tickDeadline(n * inner);
      ex.sumColsF32(data, n, inner, r0, R, nC, state);
    }
    ex.sumColsFinishF32(outp, inner, R, nC, state);
    const o4 = outp >> 2;
    for (let c = 0; c < inner; c++) {
      out[o * inner + c] = heap[o4 + c];
    }
  }
  return true;
}

/** float64 sums over rows of 4–255 (JS; no wasm kernel): false for anything else. */
export function sumF64(
  X: Float64Array,
  off: number,
  outer: number,
  R: number,
  inner: number,
  out: Float64Array
): boolean {
  if (inner !== 1 || R < 4 || R > JS_ROW_MAX64) {
    return false;
  }
  for (let o = 0; o < outer; o++) {
    out[o] = sumRowShortJs64(X, off + o * R, R);
  }
  return true;
}

function sumShortRows(
  k: WasmKernels,
  ex: ReduceExports,
  X: Float32Array,
  off: number,
  outer: number,
  R: number,
  out: Float64Array
): boolean {
  const per = Math.max(1, Math.floor(BLOCK / R));
  const heap = k.reserve(per * R + per);
  if (heap === null) {
    return false;
  }
  const w = k.work;
  const outp = w + per * R * 4;
  const o4 = outp >> 2;
  for (let o0 = 0; o0 < outer; o0 += per) {
    const n = Math.min(per, outer - o0);
    heap.set(X.subarray(off + o0 * R, off + (o0 + n) * R), w >> 2);
    tickDeadline(n * R);
    ex.sumRowsF32(w, outp, n, R);
    for (let i = 0; i < n; i++) {
      out[o0 + i] = heap[o4 + i];
    }
  }
  return true;
}

/** Rows longer than a block: resume the cascade state block by block. */
function sumLongRows(
  k: WasmKernels,
  ex: ReduceExports,
  X: Float32Array,
  off: number,
  outer: number,
  R: number,
  out: Float64Array
): boolean {
  const heap = k.reserve(BLOCK);
  if (heap === null) {
    return false;
  }
  const w = k.work;
  const S = ex.rowStatePtr();
  const power = ex.sumRowPower(R);
  const nIlp = R >> 5;
  const nLeft = (R >> 3) - (nIlp << 2);
  const nTail = R & 7;
  const gPer = BLOCK >> 5;
  for (let o = 0; o < outer; o++) {
    const base = off + o * R;
    heap.fill(0, S >> 2, (S >> 2) + 128);
    for (let g0 = 0; g0 < nIlp; g0 += gPer) {
      const g1 = Math.min(nIlp, g0 + gPer);
      heap.set(X.subarray(base + g0 * 32, base + g1 * 32), w >> 2);
      tickDeadline((g1 - g0) * 32);
      ex.sumRowChunkF32(w, g0, g1, power, S);
    }
    heap.set(X.subarray(base + nIlp * 32, base + R), w >> 2);
    out[o] = ex.sumRowFinishF32(S, w, nLeft, nTail);
  }
  return true;
}

/**
 * max (isMax) or min over R with the first extreme's index, NaN winning (the first
 * NaN), exactly as reduceplan.ts `extremum`: vals/idx[outer · inner].
 */
export function extremumF32(
  X: Float32Array,
  off: number,
  outer: number,
  R: number,
  inner: number,
  isMax: boolean,
  vals: Float64Array,
  idx: Float64Array
): boolean {
  const kk = kernels();
  if (!kk || outer < 1 || R < 1 || inner < 1 || (inner > 1 && inner > COL_MAX)) {
    return false;
  }
  const [k, ex] = kk;
  const flag = isMax ? 1 : 0;
  if (inner === 1) {
    const per = R <= BLOCK ? Math.max(1, Math.floor(BLOCK / R)) : 1;
    const len = Math.min(R, BLOCK);
    const heap = k.reserve(per * len + per);
    if (heap === null) {
      return false;
    }
    const I = new Int32Array(heap.buffer);
    const w = k.work;
    const outp = w + per * len * 4;
    const o4 = outp >> 2;
    if (R <= BLOCK) {
      for (let o0 = 0; o0 < outer; o0 += per) {
        const n = Math.min(per, outer - o0);
        heap.set(X.subarray(off + o0 * R, off + (o0 + n) * R), w >> 2);
        tickDeadline(n * R);
        ex.extremumRowsF32(w, outp, n, R, flag);
        for (let i = 0; i < n; i++) {
          const j = I[o4 + i];
          idx[o0 + i] = j;
          vals[o0 + i] = X[off + (o0 + i) * R + j];
        }
      }
      return true;
    }
    // Long rows: one block at a time; a later block wins only if strictly better
    // (or NaN over non-NaN), which keeps the first occurrence overall.
    for (let o = 0; o < outer; o++) {
      const base = off + o * R;
      let bv = 0;
      let bi = -1;
      for (let s = 0; s < R && (bi < 0 || bv === bv); s += BLOCK) {
        const n = Math.min(BLOCK, R - s);
        heap.set(X.subarray(base + s, base + s + n), w >> 2);
        tickDeadline(n);
        ex.extremumRowsF32(w, outp, 1, n, flag);
        const j = s + I[o4];
        const v = X[base + j];
        if (bi < 0 || (isMax ? v > bv : v < bv) || v !== v) {
          bv = v;
          bi = j;
        }
      }
      idx[o] = bi;
      vals[o] = bv;
    }
    return true;
  }
  const pad = pad4(inner);
  const per = Math.max(1, Math.floor(BLOCK / inner));
  // [best pad | idx pad | rows per·inner + 4 slack]
  const heap = k.reserve(2 * pad + per * inner + 4);
  if (heap === null) {
    return false;
  }
  const I = new Int32Array(heap.buffer);
  const best = k.work;
  const ip = best + pad * 4;
  const data = ip + pad * 4;
  for (let o = 0; o < outer; o++) {
    const base = off + o * R * inner;
    for (let r0 = 0; r0 < R; r0 += per) {
      const n = Math.min(per, R - r0);
      heap.set(X.subarray(base + r0 * inner, base + (r0 + n) * inner), data >> 2);
      tickDeadline(n * inner);
      ex.extremumColsF32(data, n, inner, r0, best, ip, flag);
    }
    const b4 = best >> 2;
    const i4 = ip >> 2;
    for (let c = 0; c < inner; c++) {
      vals[o * inner + c] = heap[b4 + c];
      idx[o * inner + c] = I[i4 + c];
    }
  }
  return true;
}

/**
 * Row max/min values only (amax, amin, max(), min()): same values as extremumF32 at a
 * lower cost. The kernel's NaN and zero results are replaced by the row's first NaN /
 * first ±0 (the element the indexed scan would pick), so the bits match too.
 */
export function extremumValuesF32(
  X: Float32Array,
  off: number,
  outer: number,
  R: number,
  isMax: boolean,
  vals: Float64Array
): boolean {
  const kk = kernels();
  if (!kk || outer < 1 || R < 1) {
    return false;
  }
  const [k, ex] = kk;
  const flag = isMax ? 1 : 0;
  const per = R <= BLOCK ? Math.max(1, Math.floor(BLOCK / R)) : 1;
  const len = Math.min(R, BLOCK);
  const heap = k.reserve(per * len + per);
  if (heap === null) {
    return false;
  }
  const w = k.work;
  const o4 = (w >> 2) + per * len;
  for (let o0 = 0; o0 < outer; o0 += per) {
    const n = Math.min(per, outer - o0);
    let m = 0;
    if (R <= BLOCK) {
      heap.set(X.subarray(off + o0 * R, off + (o0 + n) * R), w >> 2);
      tickDeadline(n * R);
      ex.extremumValueRowsF32(w, w + per * len * 4, n, R, flag);
    } else {
      // One long row: block maxima combined here (NaN stops).
      const base = off + o0 * R;
      for (let s = 0; s < R && m === m; s += BLOCK) {
        const b = Math.min(BLOCK, R - s);
        heap.set(X.subarray(base + s, base + s + b), w >> 2);
        tickDeadline(b);
        ex.extremumValueRowsF32(w, w + per * len * 4, 1, b, flag);
        const v = heap[o4];
        m = s === 0 || v !== v ? v : isMax ? Math.max(m, v) : Math.min(m, v);
      }
      heap[o4] = m;
    }
    for (let i = 0; i < n; i++) {
      const v = heap[o4 + i];
      vals[o0 + i] = v === 0 || v !== v ? firstOf(X, off + (o0 + i) * R, R, v === 0) : v;
    }
  }
  return true;
}

/** The first ±0 (zero) or the first NaN of X[p, p + R). */
function firstOf(X: Float32Array, p: number, R: number, zero: boolean): number {
  for (let i = p; i < p + R; i++) {
    const v = X[i];
    if (zero ? v === 0 : v !== v) {
      return v;
    }
  }
  return NaN;
}
