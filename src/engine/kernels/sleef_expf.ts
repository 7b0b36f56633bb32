/**
 * Sleef's `expf` (xexpf, 1-ulp variant) as PyTorch's AVX2 `Vectorized<float>::exp()`
 * evaluates it inside the softmax kernels. It is not correctly rounded, and torch's
 * softmax outputs follow its roundings, so the float32 row kernels use it instead of
 * fround(Math.exp(x)). FMA steps are a double product (exact for f32 operands) plus
 * an f32 rounding of the sum.
 */
const fr = Math.fround;
const R_LN2F = fr(1.4426950408889634); // 1/ln 2
const L2UF = fr(0.693145751953125);
const L2LF = fr(1.428606765330187045e-6);
const C0 = fr(0.000198527617612853646278381);
const C1 = fr(0.00139304355252534151077271);
const C2 = fr(0.00833336077630519866943359);
const C3 = fr(0.0416664853692054748535156);
const C4 = fr(0.166666671633720397949219);

/** Round half to even, as _mm256_cvtps_epi32 does under the default MXCSR. */
function rintEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** 2^q as an f32 (q in the f32 exponent range after Sleef's split). */
const pow2i = (q: number): number => fr(2 ** q);

export function sleefExpf(x: number): number {
  const d = fr(x);
  if (d !== d) {
    return NaN;
  }
  if (d < -104) {
    return 0;
  }
  if (d > 100) {
    return Infinity;
  }
  const q = rintEven(fr(d * R_LN2F));
  let s = fr(q * -L2UF + d);
  s = fr(q * -L2LF + s);
  let u = C0;
  u = fr(u * s + C1);
  u = fr(u * s + C2);
  u = fr(u * s + C3);
  u = fr(u * s + C4);
  u = fr(u * s + 0.5);
  u = fr(1 + fr(fr(s * s) * u + s));
  // vldexp2: two half-steps, each an f32 multiply.
  const h = q >> 1;
  return fr(fr(u * pow2i(h)) * pow2i(q - h));
}
