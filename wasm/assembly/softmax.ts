/**
 * Softmax family kernels over float32 data in linear memory (WebAssembly SIMD128,
 * or relaxed-SIMD FMA when built with --enable relaxed-simd).
 *
 * Views are [outer, D, inner] (reduce over D). Row kernels (inner = 1) run 3 passes
 * per row: max → exp·store·Σ → scale (the online 2-pass variant computes exp twice
 * and is 1.6–2× slower in wasm, which is exp-bound). Column kernels (inner > 1)
 * sweep the D rows of a slab with per-column running max / Σ arrays (no transpose).
 * f32x4 partial sums are flushed into float64 every 64 elements (or 64 rows), which
 * keeps |Σp − 1| ≤ ~3e-7 even on 10^7-element rows.
 *
 * All kernels accept src == dst (in place): the overlapping tail vector is computed
 * from the input before the main loop overwrites it, and stored after.
 */
import { EXP_TABLE, vexp } from './exp';

/** Tail lane masks: TAIL_MASK + 16·r keeps the last r lanes of a vector. */
const TAIL_MASK: usize = memory.data<u32>([
  0, 0, 0, 0,
  0, 0, 0, 0xffffffff,
  0, 0, 0xffffffff, 0xffffffff,
  0, 0xffffffff, 0xffffffff, 0xffffffff,
], 16);

/** Columns per block in the column sweep; accumulators are 16 B per column. */
export const COL_CHUNK: i32 = 1024;
/** Bytes of accumulator scratch the caller must provide to the column kernels. */
export function colScratchBytes(): i32 {
  return COL_CHUNK * 16;
}

/** First free byte after static data (the JS side manages memory from here). */
export function heapBase(): usize {
  return __heap_base;
}

// ---------------------------------------------------------------- helpers

// @ts-ignore: decorator
@inline function addTo64(acc: v128, a: v128): v128 {
  // Σ of 4 f32 lanes into 2 f64 lanes (float64 flush).
  acc = f64x2.add(acc, f64x2.promote_low_f32x4(a));
  return f64x2.add(acc, f64x2.promote_low_f32x4(v128.shuffle<f32>(a, a, 2, 3, 2, 3)));
}

// @ts-ignore: decorator
@inline function sum64(acc: v128): f64 {
  return f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
}

// @ts-ignore: decorator
@inline function hmax(a: v128): f32 {
  a = f32x4.pmax(a, v128.shuffle<f32>(a, a, 2, 3, 0, 1));
  a = f32x4.pmax(a, v128.shuffle<f32>(a, a, 1, 0, 3, 2));
  return f32x4.extract_lane(a, 0);
}

/** Scalar exp via lane 0 of the vector exp (short rows and column tails only). */
function sexp(x: f32): f32 {
  const T = EXP_TABLE;
  return f32x4.extract_lane(vexp(f32x4.splat(x),
    v128.load32_splat(T), v128.load32_splat(T, 4), v128.load32_splat(T, 8), v128.load32_splat(T, 12),
    v128.load32_splat(T, 16), v128.load32_splat(T, 20), v128.load32_splat(T, 24), v128.load32_splat(T, 28),
    v128.load32_splat(T, 32), v128.load32_splat(T, 36)), 0);
}

/** Max of a row (D ≥ 4). NaN is skipped here; it reaches every output through Σ. */
// @ts-ignore: decorator
@inline function rowMax(p: usize, D: i32): f32 {
  let m0 = f32x4.splat(-Infinity);
  let m1 = m0, m2 = m0, m3 = m0;
  let i = 0;
  const e16 = D & ~15;
  for (; i < e16; i += 16) {
    const q = p + (<usize>i << 2);
    m0 = f32x4.pmax(m0, v128.load(q));
    m1 = f32x4.pmax(m1, v128.load(q, 16));
    m2 = f32x4.pmax(m2, v128.load(q, 32));
    m3 = f32x4.pmax(m3, v128.load(q, 48));
  }
  for (; i + 4 <= D; i += 4) m0 = f32x4.pmax(m0, v128.load(p + (<usize>i << 2)));
  if (D & 3) m0 = f32x4.pmax(m0, v128.load(p + (<usize>(D - 4) << 2)));
  return hmax(f32x4.pmax(f32x4.pmax(m0, m1), f32x4.pmax(m2, m3)));
}

function hasNaN(p: usize, n: i32, stride: i32): bool {
  for (let k = 0; k < n; k++) {
    const v = load<f32>(p + (<usize>k * <usize>stride << 2));
    if (v != v) return true;
  }
  return false;
}

// ---------------------------------------------------------------- rows (inner = 1)

/** softmax of one row, D ≥ 4; `scaled` multiplies (x − max) by invT. */
// @ts-ignore: decorator
@inline function softmaxRow(src: usize, dst: usize, D: i32, invT: f32, scaled: bool): void {
  const T = EXP_TABLE;
  const log2e = v128.load32_splat(T), bias = v128.load32_splat(T, 4);
  const ln2hi = v128.load32_splat(T, 8), ln2lo = v128.load32_splat(T, 12);
  const c5 = v128.load32_splat(T, 16), c4 = v128.load32_splat(T, 20), c3 = v128.load32_splat(T, 24);
  const c2 = v128.load32_splat(T, 28), c1 = v128.load32_splat(T, 32), thr = v128.load32_splat(T, 36);

  const mv = f32x4.splat(rowMax(src, D));
  const tv = f32x4.splat(invT);
  const r = D & 3;
  const body = D - r;
  const tailOff = <usize>(D - 4) << 2;
  let tot = f64x2.splat(0);
  let et = f32x4.splat(0);
  if (r) {
    let x = f32x4.sub(v128.load(src + tailOff), mv);
    if (scaled) x = f32x4.mul(x, tv);
    et = vexp(x, log2e, bias, ln2hi, ln2lo, c5, c4, c3, c2, c1, thr);
    tot = addTo64(tot, v128.and(et, v128.load(TAIL_MASK + (<usize>r << 4))));
  }
  const zero = f32x4.splat(0);
  let a0 = zero, a1 = zero, a2 = zero, a3 = zero;
  let i = 0;
  const e16 = body & ~15;
  for (; i < e16; i += 16) {
    const q = src + (<usize>i << 2);
    const o = dst + (<usize>i << 2);
    let x0 = f32x4.sub(v128.load(q), mv);
    let x1 = f32x4.sub(v128.load(q, 16), mv);
    let x2 = f32x4.sub(v128.load(q, 32), mv);
    let x3 = f32x4.sub(v128.load(q, 48), mv);
    if (scaled) {
      x0 = f32x4.mul(x0, tv); x1 = f32x4.mul(x1, tv);
      x2 = f32x4.mul(x2, tv); x3 = f32x4.mul(x3, tv);
    }
    const e0 = vexp(x0, log2e, bias, ln2hi, ln2lo, c5, c4, c3, c2, c1, thr);
    const e1 = vexp(x1, log2e, bias, ln2hi, ln2lo, c5, c4, c3, c2, c1, thr);
    const e2 = vexp(x2, log2e, bias, ln2hi, ln2lo, c5, c4, c3, c2, c1, thr);
    const e3 = vexp(x3, log2e, bias, ln2hi, ln2lo, c5, c4, c3, c2, c1, thr);
    v128.store(o, e0); v128.store(o, e1, 16); v128.store(o, e2, 32); v128.store(o, e3, 48);
    a0 = f32x4.add(a0, e0); a1 = f32x4.add(a1, e1);
    a2 = f32x4.add(a2, e2); a3 = f32x4.add(a3, e3);
    if ((i & 63) == 48) {
      tot = addTo64(tot, f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)));
      a0 = zero; a1 = zero; a2 = zero; a3 = zero;
    }
  }
  for (; i < body; i += 4) {
    let x = f32x4.sub(v128.load(src + (<usize>i << 2)), mv);
    if (scaled) x = f32x4.mul(x, tv);
    const e = vexp(x, log2e, bias, ln2hi, ln2lo, c5, c4, c3, c2, c1, thr);
    v128.store(dst + (<usize>i << 2), e);
    a0 = f32x4.add(a0, e);
  }
  tot = addTo64(tot, f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)));
  if (r) v128.store(dst + tailOff, et);

  const rv = f32x4.splat(<f32>(1.0 / sum64(tot)));
  const st = f32x4.mul(et, rv); // scaled tail, before the main loop rescales its overlap
  i = 0;
  for (; i < e16; i += 16) {
    const o = dst + (<usize>i << 2);
    v128.store(o, f32x4.mul(v128.load(o), rv));
    v128.store(o, f32x4.mul(v128.load(o, 16), rv), 16);
    v128.store(o, f32x4.mul(v128.load(o, 32), rv), 32);
    v128.store(o, f32x4.mul(v128.load(o, 48), rv), 48);
  }
  for (; i < body; i += 4) {
    const o = dst + (<usize>i << 2);
    v128.store(o, f32x4.mul(v128.load(o), rv));
  }
  if (r) v128.store(dst + tailOff, st);
}

/** Σ exp((x − m)·invT) over a row (D ≥ 4), float64-flushed every 64 elements. */
// @ts-ignore: decorator
@inline function expSumRow(src: usize, D: i32, m: f32, invT: f32, scaled: bool): f64 {
  const T = EXP_TABLE;
  const log2e = v128.load32_splat(T), bias = v128.load32_splat(T, 4);
  const ln2hi = v128.load32_splat(T, 8), ln2lo = v128.load32_splat(T, 12);
  const c5 = v128.load32_splat(T, 16), c4 = v128.load32_splat(T, 20), c3 = v128.load32_splat(T, 24);
  const c2 = v128.load32_splat(T, 28), c1 = v128.load32_splat(T, 32), thr = v128.load32_splat(T, 36);

  const mv = f32x4.splat(m);
  const tv = f32x4.splat(invT);
  const r = D & 3;
  const body = D - r;
  let tot = f64x2.splat(0);
  if (r) {
    let x = f32x4.sub(v128.load(src + (<usize>(D - 4) << 2)), mv);
    if (scaled) x = f32x4.mul(x, tv);
    const et = vexp(x, log2e, bias, ln2hi, ln2lo, c5, c4, c3, c2, c1, thr);
    tot = addTo64(tot, v128.and(et, v128.load(TAIL_MASK + (<usize>r << 4))));
  }
  const zero = f32x4.splat(0);
  let a0 = zero, a1 = zero, a2 = zero, a3 = zero;
  let i = 0;
  const e16 = body & ~15;
  for (; i < e16; i += 16) {
    const q = src + (<usize>i << 2);
    let x0 = f32x4.sub(v128.load(q), mv);
    let x1 = f32x4.sub(v128.load(q, 16), mv);
    let x2 = f32x4.sub(v128.load(q, 32), mv);
    let x3 = f32x4.sub(v128.load(q, 48), mv);
    if (scaled) {
      x0 = f32x4.mul(x0, tv); x1 = f32x4.mul(x1, tv);
      x2 = f32x4.mul(x2, tv); x3 = f32x4.mul(x3, tv);
    }
    a0 = f32x4.add(a0, vexp(x0, log2e, bias, ln2hi, ln2lo, c5, c4, c3, c2, c1, thr));
    a1 = f32x4.add(a1, vexp(x1, log2e, bias, ln2hi, ln2lo, c5, c4, c3, c2, c1, thr));
    a2 = f32x4.add(a2, vexp(x2, log2e, bias, ln2hi, ln2lo, c5, c4, c3, c2, c1, thr));
    a3 = f32x4.add(a3, vexp(x3, log2e, bias, ln2hi, ln2lo, c5, c4, c3, c2, c1, thr));
    if ((i & 63) == 48) {
      tot = addTo64(tot, f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)));
      a0 = zero; a1 = zero; a2 = zero; a3 = zero;
    }
  }
  for (; i < body; i += 4) {
    let x = f32x4.sub(v128.load(src + (<usize>i << 2)), mv);
    if (scaled) x = f32x4.mul(x, tv);
    a0 = f32x4.add(a0, vexp(x, log2e, bias, ln2hi, ln2lo, c5, c4, c3, c2, c1, thr));
  }
  tot = addTo64(tot, f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)));
  return sum64(tot);
}

/** log_softmax of one row, D ≥ 4: (x − m)·invT − log Σ. */
// @ts-ignore: decorator
@inline function logSoftmaxRow(src: usize, dst: usize, D: i32, invT: f32, scaled: bool): void {
  const m = rowMax(src, D);
  const ls = <f32>Math.log(expSumRow(src, D, m, invT, scaled));
  const mv = f32x4.splat(m);
  const tv = f32x4.splat(invT);
  const lv = f32x4.splat(ls);
  const r = D & 3;
  const body = D - r;
  const tailOff = <usize>(D - 4) << 2;
  let ot = f32x4.splat(0);
  if (r) {
    let x = f32x4.sub(v128.load(src + tailOff), mv);
    if (scaled) x = f32x4.mul(x, tv);
    ot = f32x4.sub(x, lv);
  }
  let i = 0;
  const e16 = body & ~15;
  for (; i < e16; i += 16) {
    const q = src + (<usize>i << 2);
    const o = dst + (<usize>i << 2);
    let x0 = f32x4.sub(v128.load(q), mv);
    let x1 = f32x4.sub(v128.load(q, 16), mv);
    let x2 = f32x4.sub(v128.load(q, 32), mv);
    let x3 = f32x4.sub(v128.load(q, 48), mv);
    if (scaled) {
      x0 = f32x4.mul(x0, tv); x1 = f32x4.mul(x1, tv);
      x2 = f32x4.mul(x2, tv); x3 = f32x4.mul(x3, tv);
    }
    v128.store(o, f32x4.sub(x0, lv)); v128.store(o, f32x4.sub(x1, lv), 16);
    v128.store(o, f32x4.sub(x2, lv), 32); v128.store(o, f32x4.sub(x3, lv), 48);
  }
  for (; i < body; i += 4) {
    let x = f32x4.sub(v128.load(src + (<usize>i << 2)), mv);
    if (scaled) x = f32x4.mul(x, tv);
    v128.store(dst + (<usize>i << 2), f32x4.sub(x, lv));
  }
  if (r) v128.store(dst + tailOff, ot);
}

/** Rows shorter than one vector: scalar, same exp, float64 Σ. */
function shortRow(src: usize, dst: usize, D: i32, invT: f32, mode: i32): void {
  let m: f32 = -Infinity;
  for (let k = 0; k < D; k++) {
    const v = load<f32>(src + (<usize>k << 2));
    if (v > m) m = v;
  }
  if (mode == 2) {
    // logsumexp: dst is the single output.
    if (m == Infinity) { store<f32>(dst, hasNaN(src, D, 1) ? NaN : Infinity); return; }
    if (m == -Infinity) m = 0;
  }
  let s: f64 = 0;
  for (let k = 0; k < D; k++) s += <f64>sexp((load<f32>(src + (<usize>k << 2)) - m) * invT);
  if (mode == 2) { store<f32>(dst, <f32>(Math.log(s) + <f64>m)); return; }
  const rs = <f32>(1.0 / s);
  const ls = <f32>Math.log(s);
  for (let k = 0; k < D; k++) {
    const p = <usize>k << 2;
    const x = (load<f32>(src + p) - m) * invT;
    store<f32>(dst + p, mode == 0 ? sexp(x) * rs : x - ls);
  }
}

/**
 * softmax (mode 0) or log_softmax (mode 1) of `rows` contiguous rows of length D,
 * of (x · invT), invT > 0. src may equal dst.
 */
export function softmaxRows(src: usize, dst: usize, rows: i32, D: i32, invT: f32, mode: i32): void {
  const step = <usize>D << 2;
  if (D < 4) {
    for (let r = 0; r < rows; r++) shortRow(src + <usize>r * step, dst + <usize>r * step, D, invT, mode);
    return;
  }
  const scaled = invT != 1;
  if (mode == 0) {
    if (scaled) for (let r = 0; r < rows; r++) softmaxRow(src + <usize>r * step, dst + <usize>r * step, D, invT, true);
    else for (let r = 0; r < rows; r++) softmaxRow(src + <usize>r * step, dst + <usize>r * step, D, 1, false);
  } else {
    if (scaled) for (let r = 0; r < rows; r++) logSoftmaxRow(src + <usize>r * step, dst + <usize>r * step, D, invT, true);
    else for (let r = 0; r < rows; r++) logSoftmaxRow(src + <usize>r * step, dst + <usize>r * step, D, 1, false);
  }
}

/**
 * logsumexp of `rows` rows of length D into out[rows]. As torch: max with |max| = inf
 * replaced by 0, so an all −inf row gives −inf and a row with +inf gives +inf (NaN if
 * it also holds a NaN).
 */
export function logsumexpRows(src: usize, out: usize, rows: i32, D: i32): void {
  const step = <usize>D << 2;
  for (let r = 0; r < rows; r++) {
    const p = src + <usize>r * step;
    const o = out + (<usize>r << 2);
    if (D < 4) { shortRow(p, o, D, 1, 2); continue; }
    let m = rowMax(p, D);
    if (m == Infinity) { store<f32>(o, hasNaN(p, D, 1) ? NaN : Infinity); continue; }
    if (m == -Infinity) m = 0;
    store<f32>(o, <f32>(Math.log(expSumRow(p, D, m, 1, false)) + <f64>m));
  }
}

// ---------------------------------------------------------------- columns (inner > 1)

/**
 * One block of C ≤ COL_CHUNK columns of a [D, stride] slab: s/d point at the block's
 * first column in row 0 (for mode 2, d is the output row of C values).
 * acc: max f32[COL_CHUNK] | Σ32 f32[COL_CHUNK] | Σ64 f64[COL_CHUNK].
 * The hot loops take 4 rows per step so each column's max / Σ is loaded and stored
 * once per 4 rows instead of once per row.
 */
function colBlock(s: usize, d: usize, D: i32, stride: i32, C: i32, invT: f32, mode: i32, acc: usize): void {
  const T = EXP_TABLE;
  const log2e = v128.load32_splat(T), bias = v128.load32_splat(T, 4);
  const ln2hi = v128.load32_splat(T, 8), ln2lo = v128.load32_splat(T, 12);
  const c5 = v128.load32_splat(T, 16), c4 = v128.load32_splat(T, 20), c3 = v128.load32_splat(T, 24);
  const c2 = v128.load32_splat(T, 28), c1 = v128.load32_splat(T, 32), thr = v128.load32_splat(T, 36);

  const mx = acc;
  const s32 = acc + (<usize>COL_CHUNK << 2);
  const s64 = acc + (<usize>COL_CHUNK << 3);
  const C4 = C & ~3;
  const rb = <usize>stride << 2;
  const ninf = f32x4.splat(-Infinity);
  const zero = f32x4.splat(0);
  const tv = f32x4.splat(invT);

  // Pass 1: running column max.
  for (let j = 0; j < C4; j += 4) v128.store(mx + (<usize>j << 2), ninf);
  for (let j = C4; j < C; j++) store<f32>(mx + (<usize>j << 2), -Infinity);
  let k = 0;
  for (; k + 4 <= D; k += 4) {
    const r0 = s + <usize>k * rb;
    for (let j = 0; j < C4; j += 4) {
      const jo = <usize>j << 2;
      let m = v128.load(mx + jo);
      m = f32x4.pmax(m, v128.load(r0 + jo));
      m = f32x4.pmax(m, v128.load(r0 + rb + jo));
      m = f32x4.pmax(m, v128.load(r0 + 2 * rb + jo));
      m = f32x4.pmax(m, v128.load(r0 + 3 * rb + jo));
      v128.store(mx + jo, m);
    }
  }
  for (; k < D; k++) {
    const row = s + <usize>k * rb;
    for (let j = 0; j < C4; j += 4) {
      const jo = <usize>j << 2;
      v128.store(mx + jo, f32x4.pmax(v128.load(mx + jo), v128.load(row + jo)));
    }
  }
  for (let j = C4; j < C; j++) {
    const a = mx + (<usize>j << 2);
    let m = load<f32>(a);
    for (let q = 0; q < D; q++) {
      const v = load<f32>(s + <usize>q * rb + (<usize>j << 2));
      if (v > m) m = v;
    }
    store<f32>(a, m);
  }
  if (mode == 2) {
    // Keep the true max in the output slot (for the +inf case); use 0 for ±inf.
    for (let j = 0; j < C; j++) {
      const a = mx + (<usize>j << 2);
      const m = load<f32>(a);
      store<f32>(d + (<usize>j << 2), m);
      if (m == Infinity || m == -Infinity) store<f32>(a, 0);
    }
  }

  // Pass 2: Σ exp (and store it for softmax), flushed to f64 every 64 rows.
  for (let j = 0; j < C4; j += 4) {
    v128.store(s32 + (<usize>j << 2), zero);
    v128.store(s64 + (<usize>j << 3), zero);
    v128.store(s64 + (<usize>j << 3), zero, 16);
  }
  for (let j = C4; j < C; j++) { store<f32>(s32 + (<usize>j << 2), 0); store<f64>(s64 + (<usize>j << 3), 0); }
  k = 0;
  for (; k + 4 <= D; k += 4) {
    const r0 = s + <usize>k * rb;
    const o0 = d + <usize>k * rb;
    if (mode == 0) {
      for (let j = 0; j < C4; j += 4) {
        const jo = <usize>j << 2;
        const m = v128.load(mx + jo);
        const e0 = vexp(f32x4.mul(f32x4.sub(v128.load(r0 + jo), m), tv), log2e, bias, ln2hi, ln2lo, c5, c4, c3, c2, c1, thr);
        const e1 = vexp(f32x4.mul(f32x4.sub(v128.load(r0 + rb + jo), m), tv), log2e, bias, ln2hi, ln2lo, c5, c4, c3, c2, c1, thr);
        const e2 = vexp(f32x4.mul(f32x4.sub(v128.load(r0 + 2 * rb + jo), m), tv), log2e, bias, ln2hi, ln2lo, c5, c4, c3, c2, c1, thr);
        const e3 = vexp(f32x4.mul(f32x4.sub(v128.load(r0 + 3 * rb + jo), m), tv), log2e, bias, ln2hi, ln2lo, c5, c4, c3, c2, c1, thr);
        v128.store(o0 + jo, e0);
        v128.store(o0 + rb + jo, e1);
        v128.store(o0 + 2 * rb + jo, e2);
        v128.store(o0 + 3 * rb + jo, e3);
        v128.store(s32 + jo, f32x4.add(v128.load(s32 + jo), f32x4.add(f32x4.add(e0, e1), f32x4.add(e2, e3))));
      }
    } else {
      for (let j = 0; j < C4; j += 4) {
        const jo = <usize>j << 2;
        const m = v128.load(mx + jo);
        const e0 = vexp(f32x4.mul(f32x4.sub(v128.load(r0 + jo), m), tv), log2e, bias, ln2hi, ln2lo, c5, c4, c3, c2, c1, thr);
        const e1 = vexp(f32x4.mul(f32x4.sub(v128.load(r0 + rb + jo), m), tv), log2e, bias, ln2hi, ln2lo, c5, c4, c3, c2, c1, thr);
        const e2 = vexp(f32x4.mul(f32x4.sub(v128.load(r0 + 2 * rb + jo), m), tv), log2e, bias, ln2hi, ln2lo, c5, c4, c3, c2, c1, thr);
        const e3 = vexp(f32x4.mul(f32x4.sub(v128.load(r0 + 3 * rb + jo), m), tv), log2e, bias, ln2hi, ln2lo, c5, c4, c3, c2, c1, thr);
        v128.store(s32 + jo, f32x4.add(v128.load(s32 + jo), f32x4.add(f32x4.add(e0, e1), f32x4.add(e2, e3))));
      }
    }
    if (((k + 4) & 63) == 0) flushCols(s32, s64, C4);
  }
  for (; k < D; k++) {
    const row = s + <usize>k * rb;
    const orow = d + <usize>k * rb;
    for (let j = 0; j < C4; j += 4) {
      const jo = <usize>j << 2;
      const x = f32x4.mul(f32x4.sub(v128.load(row + jo), v128.load(mx + jo)), tv);
      const e = vexp(x, log2e, bias, ln2hi, ln2lo, c5, c4, c3, c2, c1, thr);
      if (mode == 0) v128.store(orow + jo, e);
      v128.store(s32 + jo, f32x4.add(v128.load(s32 + jo), e));
    }
  }
  flushCols(s32, s64, C4);
  // Scalar tail columns: f64 sums directly.
  for (let j = C4; j < C; j++) {
    const jo = <usize>j << 2;
    const m = load<f32>(mx + jo);
    let t: f64 = 0;
    for (let q = 0; q < D; q++) {
      const e = sexp((load<f32>(s + <usize>q * rb + jo) - m) * invT);
      if (mode == 0) store<f32>(d + <usize>q * rb + jo, e);
      t += <f64>e;
    }
    store<f64>(s64 + (<usize>j << 3), t);
  }

  // Pass 3.
  if (mode == 2) {
    for (let j = 0; j < C; j++) {
      const o = d + (<usize>j << 2);
      if (load<f32>(o) == Infinity) {
        store<f32>(o, hasNaN(s + (<usize>j << 2), D, stride) ? NaN : Infinity);
      } else {
        store<f32>(o, <f32>(Math.log(load<f64>(s64 + (<usize>j << 3))) + <f64>load<f32>(mx + (<usize>j << 2))));
      }
    }
    return;
  }
  // Per-column factor into s32: 1/Σ (softmax) or log Σ (log_softmax).
  for (let j = 0; j < C; j++) {
    const t = load<f64>(s64 + (<usize>j << 3));
    store<f32>(s32 + (<usize>j << 2), mode == 0 ? <f32>(1.0 / t) : <f32>Math.log(t));
  }
  k = 0;
  for (; k + 4 <= D; k += 4) {
    const r0 = s + <usize>k * rb;
    const o0 = d + <usize>k * rb;
    if (mode == 0) {
      for (let j = 0; j < C4; j += 4) {
        const jo = <usize>j << 2;
        const f = v128.load(s32 + jo);
        v128.store(o0 + jo, f32x4.mul(v128.load(o0 + jo), f));
        v128.store(o0 + rb + jo, f32x4.mul(v128.load(o0 + rb + jo), f));
        v128.store(o0 + 2 * rb + jo, f32x4.mul(v128.load(o0 + 2 * rb + jo), f));
        v128.store(o0 + 3 * rb + jo, f32x4.mul(v128.load(o0 + 3 * rb + jo), f));
      }
    } else {
      for (let j = 0; j < C4; j += 4) {
        const jo = <usize>j << 2;
        const m = v128.load(mx + jo);
        const l = v128.load(s32 + jo);
        v128.store(o0 + jo, f32x4.sub(f32x4.mul(f32x4.sub(v128.load(r0 + jo), m), tv), l));
        v128.store(o0 + rb + jo, f32x4.sub(f32x4.mul(f32x4.sub(v128.load(r0 + rb + jo), m), tv), l));
        v128.store(o0 + 2 * rb + jo, f32x4.sub(f32x4.mul(f32x4.sub(v128.load(r0 + 2 * rb + jo), m), tv), l));
        v128.store(o0 + 3 * rb + jo, f32x4.sub(f32x4.mul(f32x4.sub(v128.load(r0 + 3 * rb + jo), m), tv), l));
      }
    }
  }
  for (; k < D; k++) {
    const row = s + <usize>k * rb;
    const orow = d + <usize>k * rb;
    for (let j = 0; j < C4; j += 4) {
      const jo = <usize>j << 2;
      if (mode == 0) v128.store(orow + jo, f32x4.mul(v128.load(orow + jo), v128.load(s32 + jo)));
      else v128.store(orow + jo, f32x4.sub(f32x4.mul(f32x4.sub(v128.load(row + jo), v128.load(mx + jo)), tv), v128.load(s32 + jo)));
    }
  }
  for (let j = C4; j < C; j++) {
    const jo = <usize>j << 2;
    const f = load<f32>(s32 + jo);
    const m = load<f32>(mx + jo);
    for (let q = 0; q < D; q++) {
      const o = d + <usize>q * rb + jo;
      store<f32>(o, mode == 0 ? load<f32>(o) * f : (load<f32>(s + <usize>q * rb + jo) - m) * invT - f);
    }
  }
}

/** Σ32 → Σ64 for the vector columns (the float64 flush), then clear Σ32. */
function flushCols(s32: usize, s64: usize, C4: i32): void {
  const zero = f32x4.splat(0);
  for (let j = 0; j < C4; j += 4) {
    const a = s32 + (<usize>j << 2);
    const b = s64 + (<usize>j << 3);
    const v = v128.load(a);
    v128.store(b, f64x2.add(v128.load(b), f64x2.promote_low_f32x4(v)));
    v128.store(b, f64x2.add(v128.load(b, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3))), 16);
    v128.store(a, zero);
  }
}

/** Columns per block for a given D: keep one block (D × C floats) near L2 size. */
function colChunk(D: i32, inner: i32): i32 {
  let c = (COL_BLOCK_FLOATS / D) & ~3;
  if (c < 64) c = 64;
  if (c > COL_CHUNK) c = COL_CHUNK;
  return c < inner ? c : inner;
}
let COL_BLOCK_FLOATS: i32 = 1 << 30;

/** Tuning knob for benchmarks: target floats per column block (D × C). */
export function setColBlock(floats: i32): void {
  COL_BLOCK_FLOATS = floats;
}

/**
 * Softmax-family over dim 1 of [outer, D, inner] (inner > 1): mode 0 softmax,
 * 1 log_softmax (dst is [outer, D, inner]); 2 logsumexp (dst is [outer, inner]).
 * acc: colScratchBytes() of scratch. src may equal dst for modes 0 and 1.
 */
export function softmaxCols(src: usize, dst: usize, outer: i32, D: i32, inner: i32, invT: f32, mode: i32, acc: usize): void {
  const slab = <usize>D * <usize>inner << 2;
  const CH = colChunk(D, inner);
  for (let o = 0; o < outer; o++) {
    const sb = src + <usize>o * slab;
    const db = mode == 2 ? dst + (<usize>o * <usize>inner << 2) : dst + <usize>o * slab;
    for (let c0 = 0; c0 < inner; c0 += CH) {
      const C = inner - c0 < CH ? inner - c0 : CH;
      colBlock(sb + (<usize>c0 << 2), db + (<usize>c0 << 2), D, inner, C, invT, mode, acc);
    }
  }
}
