/**
 * Vector exp for softmax: the "rr2_p5" scheme (reference/performance.md, Appendix A).
 * Input lanes hold x ≤ 0 (x_i − max, possibly scaled) or NaN; there is no overflow
 * clamp. Lanes below −87.3365 (incl. −inf) give exactly 0; NaN propagates.
 *
 * The constants live in a static table and each kernel splat-loads them once into
 * locals (`ExpConsts.load`): with `v128.const` V8 re-materialises every constant
 * inside the loop (measured −13 % SIMD128, −30 % FMA).
 */

// log2 e, magic bias 1.5·2^23 + 127, −ln2 (hi, lo), c5..c1, underflow threshold,
// overflow threshold (ln FLT_MAX, used by the general exp in elementwise.ts).
export const EXP_TABLE: usize = memory.data<f32>([
  1.44269502, 12583039.0, -0.693145752, -1.42860677e-6,
  0.00828929059, 0.0418978222, 0.166676521, 0.499991506, 0.999999702,
  -87.3365402, 88.7228394, 0.0,
], 16);

/** a·b + c: one relaxed FMA in the relaxed-SIMD build, mul + add otherwise. */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/**
 * exp of 4 lanes (x ≤ 0 or NaN). The 10 constant arguments are the EXP_TABLE entries,
 * splat-loaded by the caller before its loop.
 */
// @ts-ignore: decorator
@inline export function vexp(
  x: v128, log2e: v128, bias: v128, ln2hi: v128, ln2lo: v128,
  c5: v128, c4: v128, c3: v128, c2: v128, c1: v128, thr: v128,
): v128 {
  // n + 127 lands in the low mantissa bits of v (round-to-nearest by the magic bias).
  let v = madd(x, log2e, bias);
  const s = i32x4.shl(v, 23); // 2^n as float bits
  v = f32x4.sub(v, bias); // n
  let t = madd(v, ln2hi, x);
  t = madd(v, ln2lo, t);
  let p = madd(c5, t, c4);
  p = madd(p, t, c3);
  p = madd(p, t, c2);
  p = madd(p, t, c1);
  t = f32x4.mul(t, s);
  const e = madd(t, p, s); // s·(1 + t·p(t))
  return v128.andnot(e, f32x4.lt(x, thr));
}
