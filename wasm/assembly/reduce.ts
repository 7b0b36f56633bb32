/**
 * float32 reductions that replay the engine's JS order exactly (src/engine/cascade.ts,
 * reduceplan.ts `extremum`), so results are bit-identical to it (and to PyTorch).
 *
 * Sums follow PyTorch's AVX2 SumKernel order: a row of R floats is 8-lane vectors
 * (two f32x4 per lane set) in 4 interleaved cascades of 4 levels (chunks of 2^power
 * vectors), leftover vectors into cascade 0, then lanes and a scalar tail. Every add
 * is an IEEE float32 add, exactly as the JS Float32Array stores round. Column sums
 * (inner > 1) keep per-column level state in memory and sweep rows, so the caller
 * can feed row blocks. Max/min keep per-lane best + first index (strict compare, the
 * first NaN wins) and break ties between lanes by the lower index.
 */

/** Row-sum cascade state: 4 levels × (4 cascades × 8 lanes) f32 = 4 × 128 bytes. */
const ROW_STATE: usize = memory.data(512, 16);

/** Chunk exponent: max(4, ceil(log2 n) / 4), as cascade.ts levelPower. */
// @ts-ignore: decorator
@inline function levelPower(n: i32): i32 {
  if (n <= 524288) return 4;
  const cl = 32 - clz<i32>(n - 1);
  return cl >> 2 > 4 ? cl >> 2 : 4;
}

/** level[to] += level[from]; level[from] = 0, for `n` vectors at byte offsets. */
// @ts-ignore: decorator
@inline function carryMem(from: usize, to: usize, n: i32): void {
  for (let j = 0; j < n; j++) {
    const o = <usize>j << 4;
    v128.store(to + o, f32x4.add(v128.load(to + o), v128.load(from + o)));
    v128.store(from + o, f32x4.splat(0));
  }
}

// ---------------------------------------------------------------- row sums

/**
 * Cascade groups [g0, g1) of a row: group g is 32 floats at p + (g − g0)·128, lane set
 * k (8 floats) belongs to cascade k. Resumes and saves level state S (ROW_STATE layout).
 */
export function sumRowChunkF32(p: usize, g0: i32, g1: i32, power: i32, S: usize): void {
  let a0 = v128.load(S), a1 = v128.load(S, 16), a2 = v128.load(S, 32), a3 = v128.load(S, 48);
  let a4 = v128.load(S, 64), a5 = v128.load(S, 80), a6 = v128.load(S, 96), a7 = v128.load(S, 112);
  const mask = (1 << power) - 1;
  const zero = f32x4.splat(0);
  let g = g0;
  let q = p;
  while (g < g1) {
    const end = (g | mask) + 1;
    const stop = end < g1 ? end : g1;
    for (; g < stop; g++, q += 128) {
      a0 = f32x4.add(a0, v128.load(q));
      a1 = f32x4.add(a1, v128.load(q, 16));
      a2 = f32x4.add(a2, v128.load(q, 32));
      a3 = f32x4.add(a3, v128.load(q, 48));
      a4 = f32x4.add(a4, v128.load(q, 64));
      a5 = f32x4.add(a5, v128.load(q, 80));
      a6 = f32x4.add(a6, v128.load(q, 96));
      a7 = f32x4.add(a7, v128.load(q, 112));
    }
    if (g != end) break;
    // A chunk completed: level 0 → 1, and up while g is a multiple of step^2, step^3.
    const L1 = S + 128;
    v128.store(L1, f32x4.add(v128.load(L1), a0));
    v128.store(L1, f32x4.add(v128.load(L1, 16), a1), 16);
    v128.store(L1, f32x4.add(v128.load(L1, 32), a2), 32);
    v128.store(L1, f32x4.add(v128.load(L1, 48), a3), 48);
    v128.store(L1, f32x4.add(v128.load(L1, 64), a4), 64);
    v128.store(L1, f32x4.add(v128.load(L1, 80), a5), 80);
    v128.store(L1, f32x4.add(v128.load(L1, 96), a6), 96);
    v128.store(L1, f32x4.add(v128.load(L1, 112), a7), 112);
    a0 = zero; a1 = zero; a2 = zero; a3 = zero; a4 = zero; a5 = zero; a6 = zero; a7 = zero;
    if ((g & (mask << power)) != 0) continue;
    carryMem(S + 128, S + 256, 8);
    if ((g & (mask << (2 * power))) != 0) continue;
    carryMem(S + 256, S + 384, 8);
  }
  v128.store(S, a0); v128.store(S, a1, 16); v128.store(S, a2, 32); v128.store(S, a3, 48);
  v128.store(S, a4, 64); v128.store(S, a5, 80); v128.store(S, a6, 96); v128.store(S, a7, 112);
}

/**
 * Finish a row sum from state S: levels combine per cascade, `nLeft` leftover 8-float
 * vectors at `left` go into cascade 0, cascades combine 0+1+2+3, then a scalar sum of
 * the `nTail` floats after them, plus the 8 lanes in order.
 */
export function sumRowFinishF32(S: usize, left: usize, nLeft: i32, nTail: i32): f32 {
  let a0 = v128.load(S), a1 = v128.load(S, 16), a2 = v128.load(S, 32), a3 = v128.load(S, 48);
  let a4 = v128.load(S, 64), a5 = v128.load(S, 80), a6 = v128.load(S, 96), a7 = v128.load(S, 112);
  for (let l: usize = 1; l <= 3; l++) {
    const L = S + (l << 7);
    a0 = f32x4.add(a0, v128.load(L)); a1 = f32x4.add(a1, v128.load(L, 16));
    a2 = f32x4.add(a2, v128.load(L, 32)); a3 = f32x4.add(a3, v128.load(L, 48));
    a4 = f32x4.add(a4, v128.load(L, 64)); a5 = f32x4.add(a5, v128.load(L, 80));
    a6 = f32x4.add(a6, v128.load(L, 96)); a7 = f32x4.add(a7, v128.load(L, 112));
  }
  return finishLanes(a0, a1, a2, a3, a4, a5, a6, a7, left, nLeft, nTail);
}

// @ts-ignore: decorator
@inline function finishLanes(
  a0: v128, a1: v128, a2: v128, a3: v128, a4: v128, a5: v128, a6: v128, a7: v128,
  left: usize, nLeft: i32, nTail: i32
): f32 {
  let q = left;
  for (let v = 0; v < nLeft; v++, q += 32) {
    a0 = f32x4.add(a0, v128.load(q));
    a1 = f32x4.add(a1, v128.load(q, 16));
  }
  const lo = f32x4.add(f32x4.add(f32x4.add(a0, a2), a4), a6);
  const hi = f32x4.add(f32x4.add(f32x4.add(a1, a3), a5), a7);
  return finishScalar(lo, hi, q, nTail);
}

/** 0 + the nTail floats at q, then + the 8 lanes (lo, hi) in order. */
// @ts-ignore: decorator
@inline function finishScalar(lo: v128, hi: v128, q: usize, nTail: i32): f32 {
  let s: f32 = 0;
  for (let k = 0; k < nTail; k++, q += 4) s += load<f32>(q);
  s += f32x4.extract_lane(lo, 0);
  s += f32x4.extract_lane(lo, 1);
  s += f32x4.extract_lane(lo, 2);
  s += f32x4.extract_lane(lo, 3);
  s += f32x4.extract_lane(hi, 0);
  s += f32x4.extract_lane(hi, 1);
  s += f32x4.extract_lane(hi, 2);
  s += f32x4.extract_lane(hi, 3);
  return s;
}

/** One short row (no chunk completes): cascade lanes combined, as lo / hi 4-lane halves. */
// @ts-ignore: decorator
@inline function shortRowLanes(p: usize, left: usize, nLeft: i32): v128 {
  const zero = f32x4.splat(0);
  let a0 = zero, a1 = zero, a2 = zero, a3 = zero, a4 = zero, a5 = zero, a6 = zero, a7 = zero;
  for (let q = p; q < left; q += 128) {
    a0 = f32x4.add(a0, v128.load(q));
    a1 = f32x4.add(a1, v128.load(q, 16));
    a2 = f32x4.add(a2, v128.load(q, 32));
    a3 = f32x4.add(a3, v128.load(q, 48));
    a4 = f32x4.add(a4, v128.load(q, 64));
    a5 = f32x4.add(a5, v128.load(q, 80));
    a6 = f32x4.add(a6, v128.load(q, 96));
    a7 = f32x4.add(a7, v128.load(q, 112));
  }
  let q = left;
  for (let v = 0; v < nLeft; v++, q += 32) {
    a0 = f32x4.add(a0, v128.load(q));
    a1 = f32x4.add(a1, v128.load(q, 16));
  }
  HI = f32x4.add(f32x4.add(f32x4.add(a1, a3), a5), a7);
  return f32x4.add(f32x4.add(f32x4.add(a0, a2), a4), a6);
}

/** Second result of shortRowLanes (lanes 4–7). */
let HI: v128 = f32x4.splat(0);

/** s + t0[l] + t1[l] + t2[l] + t3[l] per lane l, with (t0..t3) the transpose of (a, b, c, d). */
// @ts-ignore: decorator
@inline function addTransposed(s: v128, a: v128, b: v128, c: v128, d: v128): v128 {
  const t0 = v128.shuffle<f32>(a, b, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(c, d, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(a, b, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(c, d, 2, 6, 3, 7);
  s = f32x4.add(s, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  s = f32x4.add(s, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  s = f32x4.add(s, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  return f32x4.add(s, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}

/** PyTorch's float32 sum of each of `rows` consecutive rows of R ≥ 8 floats into out[]. */
export function sumRowsF32(src: usize, out: usize, rows: i32, R: i32): void {
  const nVec = R >> 3;
  const nIlp = nVec >> 2;
  const nLeft = nVec - (nIlp << 2);
  const nTail = R - (nVec << 3);
  const power = levelPower(nIlp);
  const S = ROW_STATE;
  const rowBytes = <usize>R << 2;
  let r = 0;
  if (nIlp < 1 << power) {
    // No chunk completes (levels stay zero). Four rows at a time: each row's lane
    // sums are computed as usual, then the scalar tail + lane adds of the 4 rows run
    // as one f32x4 chain (lane j = row j), the same adds in the same order.
    const leftOff = <usize>nIlp << 7;
    const tailOff = leftOff + (<usize>nLeft << 5);
    for (; r + 4 <= rows; r += 4) {
      const p0 = src + <usize>r * rowBytes;
      const p1 = p0 + rowBytes, p2 = p1 + rowBytes, p3 = p2 + rowBytes;
      const lo0 = shortRowLanes(p0, p0 + leftOff, nLeft);
      const hi0 = HI;
      const lo1 = shortRowLanes(p1, p1 + leftOff, nLeft);
      const hi1 = HI;
      const lo2 = shortRowLanes(p2, p2 + leftOff, nLeft);
      const hi2 = HI;
      const lo3 = shortRowLanes(p3, p3 + leftOff, nLeft);
      const hi3 = HI;
      let s = f32x4.splat(0);
      for (let k: usize = 0; k < <usize>nTail; k++) {
        const o = tailOff + (k << 2);
        let t = f32x4.splat(load<f32>(p0 + o));
        t = f32x4.replace_lane(t, 1, load<f32>(p1 + o));
        t = f32x4.replace_lane(t, 2, load<f32>(p2 + o));
        t = f32x4.replace_lane(t, 3, load<f32>(p3 + o));
        s = f32x4.add(s, t);
      }
      s = addTransposed(s, lo0, lo1, lo2, lo3);
      s = addTransposed(s, hi0, hi1, hi2, hi3);
      v128.store(out + (<usize>r << 2), s);
    }
    for (; r < rows; r++) {
      const p = src + <usize>r * rowBytes;
      const lo = shortRowLanes(p, p + leftOff, nLeft);
      store<f32>(out + (<usize>r << 2), finishScalar(lo, HI, p + tailOff, nTail));
    }
    return;
  }
  for (; r < rows; r++) {
    const p = src + <usize>r * rowBytes;
    memory.fill(S, 0, 512);
    sumRowChunkF32(p, 0, nIlp, power, S);
    store<f32>(out + (<usize>r << 2), sumRowFinishF32(S, p + (<usize>nIlp << 7), nLeft, nTail));
  }
}

/** Level exponent for a row of R floats (used by the caller of sumRowChunkF32). */
export function sumRowPower(R: i32): i32 {
  return levelPower((R >> 3) >> 2);
}

export function rowStatePtr(): usize {
  return ROW_STATE;
}

// ---------------------------------------------------------------- column sums

/**
 * Column sums over [R, inner] (inner > 1), fed in row blocks. State (zeroed by the
 * caller) holds 16 levels of `pad` = ceil4(inner) floats: level l of cascade k at
 * (k·4 + l)·pad. Columns below nC (a multiple of 4) are one cascade over all R rows
 * (cascade.ts cascadeBlock); the others are row_sum columns: 4 cascades over rows
 * r ≡ k (mod 4), leftover rows into cascade 0 after the levels combine.
 * Rows [r0, r0 + n) are at src, `inner` floats apart.
 */
export function sumColsF32(src: usize, n: i32, inner: i32, r0: i32, R: i32, nC: i32, state: usize): void {
  const pad = (inner + 3) & ~3;
  const lvl = <usize>pad << 2; // bytes per level
  const powC = levelPower(R);
  const maskC = (1 << powC) - 1;
  const nIlp = R >> 2;
  const powS = levelPower(nIlp);
  const maskS = (1 << powS) - 1;
  for (let i = 0; i < n; i++) {
    const r = r0 + i;
    const x = src + ((<usize>i * <usize>inner) << 2);
    // cascade columns
    for (let c = 0; c < nC; c += 4) {
      const o = <usize>c << 2;
      v128.store(state + o, f32x4.add(v128.load(state + o), v128.load(x + o)));
    }
    const g = r + 1;
    if (nC > 0 && (g & maskC) == 0) {
      colCarry(state, lvl, 0, nC);
      if ((g & (maskC << powC)) == 0) {
        colCarry(state + lvl, lvl, 0, nC);
        if ((g & (maskC << (2 * powC))) == 0) colCarry(state + 2 * lvl, lvl, 0, nC);
      }
    }
    if (nC >= inner) continue;
    // row_sum columns
    if (r < nIlp << 2) {
      const k = <usize>(r & 3);
      const base = state + k * 4 * lvl;
      for (let c = nC; c < inner; c += 4) {
        const o = <usize>c << 2;
        v128.store(base + o, f32x4.add(v128.load(base + o), v128.load(x + o)));
      }
      if (k == 3) {
        const gg = (r >> 2) + 1;
        if ((gg & maskS) == 0) {
          for (let kk: usize = 0; kk < 4; kk++) {
            const b = state + kk * 4 * lvl;
            colCarry(b, lvl, nC, inner);
            if ((gg & (maskS << powS)) == 0) {
              colCarry(b + lvl, lvl, nC, inner);
              if ((gg & (maskS << (2 * powS))) == 0) colCarry(b + 2 * lvl, lvl, nC, inner);
            }
          }
        }
      }
    } else {
      if (r == nIlp << 2) combineLevels(state, lvl, nC, inner);
      for (let c = nC; c < inner; c += 4) {
        const o = <usize>c << 2;
        v128.store(state + o, f32x4.add(v128.load(state + o), v128.load(x + o)));
      }
    }
  }
}

/** level(b + lvl) += level(b); level(b) = 0 for columns [c0, c1). */
// @ts-ignore: decorator
@inline function colCarry(b: usize, lvl: usize, c0: i32, c1: i32): void {
  const zero = f32x4.splat(0);
  for (let c = c0; c < c1; c += 4) {
    const o = <usize>c << 2;
    v128.store(b + lvl + o, f32x4.add(v128.load(b + lvl + o), v128.load(b + o)));
    v128.store(b + o, zero);
  }
}

/** Per cascade k: level 0 = ((L0 + L1) + L2) + L3, for columns [c0, c1). */
function combineLevels(state: usize, lvl: usize, c0: i32, c1: i32): void {
  for (let k: usize = 0; k < 4; k++) {
    const b = state + k * 4 * lvl;
    for (let c = c0; c < c1; c += 4) {
      const o = b + (<usize>c << 2);
      let a = v128.load(o);
      a = f32x4.add(a, v128.load(o + lvl));
      a = f32x4.add(a, v128.load(o + 2 * lvl));
      a = f32x4.add(a, v128.load(o + 3 * lvl));
      v128.store(o, a);
    }
  }
}

/** Results of sumColsF32 after all R rows, into out[0, inner). */
export function sumColsFinishF32(out: usize, inner: i32, R: i32, nC: i32, state: usize): void {
  const pad = (inner + 3) & ~3;
  const lvl = <usize>pad << 2;
  for (let c = 0; c < nC; c += 4) {
    const o = state + (<usize>c << 2);
    let a = v128.load(o);
    a = f32x4.add(a, v128.load(o + lvl));
    a = f32x4.add(a, v128.load(o + 2 * lvl));
    a = f32x4.add(a, v128.load(o + 3 * lvl));
    v128.store(out + (<usize>c << 2), a);
  }
  if (nC >= inner) return;
  if ((R & 3) == 0) combineLevels(state, lvl, nC, inner);
  for (let c = nC; c < inner; c += 4) {
    const o = state + (<usize>c << 2);
    let a = f32x4.add(v128.load(o), v128.load(o + 4 * lvl));
    a = f32x4.add(a, v128.load(o + 8 * lvl));
    a = f32x4.add(a, v128.load(o + 12 * lvl));
    v128.store(out + (<usize>c << 2), a);
  }
}

// ---------------------------------------------------------------- max / min

/**
 * b (later) replaces a: strictly better, or b is NaN while a is not (the first NaN
 * wins). Both cases are "not (b <= a)" (resp. >=) while a is not NaN.
 */
// @ts-ignore: decorator
@inline function takeMask(b: v128, a: v128, isMax: bool): v128 {
  return v128.andnot(f32x4.eq(a, a), isMax ? f32x4.le(b, a) : f32x4.ge(b, a));
}

/** Lanes where (b, bi) beats (a, ai) in any order: NaN first, then value, then lower index. */
// @ts-ignore: decorator
@inline function winMask(a: v128, ai: v128, b: v128, bi: v128, isMax: bool): v128 {
  const an = f32x4.ne(a, a);
  const bn = f32x4.ne(b, b);
  const lower = i32x4.lt_s(bi, ai);
  const better = v128.or(isMax ? f32x4.gt(b, a) : f32x4.lt(b, a), v128.and(f32x4.eq(b, a), lower));
  return v128.bitselect(v128.or(v128.not(an), lower), v128.andnot(better, an), bn);
}

// @ts-ignore: decorator
@inline function rowsExtremum(src: usize, out: usize, rows: i32, R: i32, isMax: bool): void {
  const e16 = R & ~15;
  const iota = i32x4(0, 1, 2, 3);
  const one = i32x4.splat(1);
  for (let r = 0; r < rows; r++) {
    const p = src + ((<usize>r * <usize>R) << 2);
    let bi: i32;
    if (e16 == 0) {
      let bv = load<f32>(p);
      bi = 0;
      for (let i = 1; i < R && bv == bv; i++) {
        const v = load<f32>(p + (<usize>i << 2));
        if ((isMax ? v > bv : v < bv) || v != v) {
          bv = v;
          bi = i;
        }
      }
    } else {
      // 16 lanes; g* hold the 16-element group of each lane's best (index = 16g + lane).
      let b0 = v128.load(p), b1 = v128.load(p, 16), b2 = v128.load(p, 32), b3 = v128.load(p, 48);
      let g0 = i32x4.splat(0), g1 = g0, g2 = g0, g3 = g0;
      let cur = g0;
      for (let q = p + 64, end = p + (<usize>e16 << 2); q < end; q += 64) {
        cur = i32x4.add(cur, one);
        const x0 = v128.load(q), x1 = v128.load(q, 16), x2 = v128.load(q, 32), x3 = v128.load(q, 48);
        const m0 = takeMask(x0, b0, isMax), m1 = takeMask(x1, b1, isMax);
        const m2 = takeMask(x2, b2, isMax), m3 = takeMask(x3, b3, isMax);
        b0 = v128.bitselect(x0, b0, m0); g0 = v128.bitselect(cur, g0, m0);
        b1 = v128.bitselect(x1, b1, m1); g1 = v128.bitselect(cur, g1, m1);
        b2 = v128.bitselect(x2, b2, m2); g2 = v128.bitselect(cur, g2, m2);
        b3 = v128.bitselect(x3, b3, m3); g3 = v128.bitselect(cur, g3, m3);
      }
      let i0 = i32x4.add(i32x4.shl(g0, 4), iota);
      let i1 = i32x4.add(i32x4.shl(g1, 4), i32x4.add(iota, i32x4.splat(4)));
      let i2 = i32x4.add(i32x4.shl(g2, 4), i32x4.add(iota, i32x4.splat(8)));
      let i3 = i32x4.add(i32x4.shl(g3, 4), i32x4.add(iota, i32x4.splat(12)));
      if (e16 < R) {
        // The last 16 elements again (overlapping): every lane's candidates stay real
        // elements, and the lane holding the overall first extreme keeps it.
        const t = R - 16;
        const q = p + (<usize>t << 2);
        const c0 = i32x4.add(i32x4.splat(t), iota);
        const c1 = i32x4.add(c0, i32x4.splat(4)), c2 = i32x4.add(c0, i32x4.splat(8)), c3 = i32x4.add(c0, i32x4.splat(12));
        const x0 = v128.load(q), x1 = v128.load(q, 16), x2 = v128.load(q, 32), x3 = v128.load(q, 48);
        const m0 = takeMask(x0, b0, isMax), m1 = takeMask(x1, b1, isMax);
        const m2 = takeMask(x2, b2, isMax), m3 = takeMask(x3, b3, isMax);
        b0 = v128.bitselect(x0, b0, m0); i0 = v128.bitselect(c0, i0, m0);
        b1 = v128.bitselect(x1, b1, m1); i1 = v128.bitselect(c1, i1, m1);
        b2 = v128.bitselect(x2, b2, m2); i2 = v128.bitselect(c2, i2, m2);
        b3 = v128.bitselect(x3, b3, m3); i3 = v128.bitselect(c3, i3, m3);
      }
      // Combine lanes: 16 → 8 → 4 → 2 → 1.
      let m = winMask(b0, i0, b1, i1, isMax);
      b0 = v128.bitselect(b1, b0, m); i0 = v128.bitselect(i1, i0, m);
      m = winMask(b2, i2, b3, i3, isMax);
      b2 = v128.bitselect(b3, b2, m); i2 = v128.bitselect(i3, i2, m);
      m = winMask(b0, i0, b2, i2, isMax);
      b0 = v128.bitselect(b2, b0, m); i0 = v128.bitselect(i2, i0, m);
      let sb = v128.shuffle<f32>(b0, b0, 2, 3, 0, 1);
      let si = v128.shuffle<i32>(i0, i0, 2, 3, 0, 1);
      m = winMask(b0, i0, sb, si, isMax);
      b0 = v128.bitselect(sb, b0, m); i0 = v128.bitselect(si, i0, m);
      sb = v128.shuffle<f32>(b0, b0, 1, 0, 3, 2);
      si = v128.shuffle<i32>(i0, i0, 1, 0, 3, 2);
      m = winMask(b0, i0, sb, si, isMax);
      bi = i32x4.extract_lane(v128.bitselect(si, i0, m), 0);
    }
    store<i32>(out + (<usize>r << 2), bi);
  }
}

/** Index of the first max (isMax) or min of each of `rows` rows of R ≥ 1 floats; NaN wins. */
export function extremumRowsF32(src: usize, out: usize, rows: i32, R: i32, isMax: bool): void {
  if (isMax) rowsExtremum(src, out, rows, R, true);
  else rowsExtremum(src, out, rows, R, false);
}

// @ts-ignore: decorator
@inline function colsExtremum(src: usize, n: i32, inner: i32, r0: i32, best: usize, idx: usize, isMax: bool): void {
  let i = 0;
  if (r0 == 0) {
    memory.copy(best, src, <usize>inner << 2);
    memory.fill(idx, 0, <usize>((inner + 3) & ~3) << 2);
    i = 1;
  }
  for (; i < n; i++) {
    const x = src + ((<usize>i * <usize>inner) << 2);
    const cur = i32x4.splat(r0 + i);
    for (let c = 0; c < inner; c += 4) {
      const o = <usize>c << 2;
      const v = v128.load(x + o);
      const b = v128.load(best + o);
      const m = takeMask(v, b, isMax);
      v128.store(best + o, v128.bitselect(v, b, m));
      v128.store(idx + o, v128.bitselect(cur, v128.load(idx + o), m));
    }
  }
}

/**
 * Column max/min over rows [r0, r0 + n) of [R, inner] at src (row r0 == 0 starts the
 * state): best[c] / idx[c] (f32 / i32, padded to 4) keep the first extreme per column.
 * Reads up to 3 floats past the last row (the caller reserves them).
 */
export function extremumColsF32(src: usize, n: i32, inner: i32, r0: i32, best: usize, idx: usize, isMax: bool): void {
  if (isMax) colsExtremum(src, n, inner, r0, best, idx, true);
  else colsExtremum(src, n, inner, r0, best, idx, false);
}

// @ts-ignore: decorator
@inline function rowsMaxValue(src: usize, out: usize, rows: i32, R: i32, isMax: bool): void {
  for (let r = 0; r < rows; r++) {
    const p = src + ((<usize>r * <usize>R) << 2);
    let m: f32;
    if (R < 16) {
      m = load<f32>(p);
      for (let i = 1; i < R; i++) {
        const v = load<f32>(p + (<usize>i << 2));
        m = isMax ? max<f32>(m, v) : min<f32>(m, v);
      }
    } else {
      // pmax/pmin (one instruction) skip NaN; NaN is tracked separately.
      let m0 = v128.load(p), m1 = v128.load(p, 16), m2 = v128.load(p, 32), m3 = v128.load(p, 48);
      let nan = v128.or(v128.or(f32x4.ne(m0, m0), f32x4.ne(m1, m1)), v128.or(f32x4.ne(m2, m2), f32x4.ne(m3, m3)));
      for (let k = 16; k < R; k += 16) {
        // the last step overlaps the previous one when R is not a multiple of 16
        const q = p + (<usize>(k + 16 <= R ? k : R - 16) << 2);
        const x0 = v128.load(q), x1 = v128.load(q, 16), x2 = v128.load(q, 32), x3 = v128.load(q, 48);
        if (isMax) {
          m0 = f32x4.pmax(m0, x0); m1 = f32x4.pmax(m1, x1); m2 = f32x4.pmax(m2, x2); m3 = f32x4.pmax(m3, x3);
        } else {
          m0 = f32x4.pmin(m0, x0); m1 = f32x4.pmin(m1, x1); m2 = f32x4.pmin(m2, x2); m3 = f32x4.pmin(m3, x3);
        }
        nan = v128.or(nan, v128.or(v128.or(f32x4.ne(x0, x0), f32x4.ne(x1, x1)), v128.or(f32x4.ne(x2, x2), f32x4.ne(x3, x3))));
      }
      if (isMax) {
        m0 = f32x4.pmax(f32x4.pmax(m0, m1), f32x4.pmax(m2, m3));
        m0 = f32x4.pmax(m0, v128.shuffle<f32>(m0, m0, 2, 3, 0, 1));
        m0 = f32x4.pmax(m0, v128.shuffle<f32>(m0, m0, 1, 0, 3, 2));
      } else {
        m0 = f32x4.pmin(f32x4.pmin(m0, m1), f32x4.pmin(m2, m3));
        m0 = f32x4.pmin(m0, v128.shuffle<f32>(m0, m0, 2, 3, 0, 1));
        m0 = f32x4.pmin(m0, v128.shuffle<f32>(m0, m0, 1, 0, 3, 2));
      }
      m = v128.any_true(nan) ? NaN : f32x4.extract_lane(m0, 0);
    }
    store<f32>(out + (<usize>r << 2), m);
  }
}

/**
 * Max (isMax) or min value of each of `rows` rows of R ≥ 1 floats, without indices.
 * NaN if the row has a NaN; a zero result may be −0 or +0 and a NaN result is not
 * the row's own NaN: the caller resolves those two cases by a scan (first NaN /
 * first zero, as the indexed kernel would pick).
 */
export function extremumValueRowsF32(src: usize, out: usize, rows: i32, R: i32, isMax: bool): void {
  if (isMax) rowsMaxValue(src, out, rows, R, true);
  else rowsMaxValue(src, out, rows, R, false);
}
