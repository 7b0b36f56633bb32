/**
 * Scalar replays of avx_mathfun.h's log256_ps and sincos256_ps (Cephes polynomials),
 * which PyTorch's AVX2 `normal_fill_16_AVX2` uses to turn uniforms into float32
 * normals (torch.randn / normal_ on contiguous float tensors of 16+ elements).
 * Replaying them, instead of Math.log/cos/sin, gives torch's exact float32 values.
 *
 * GCC contracts the intrinsics' mul+add pairs into FMAs (the AVX2 kernels build
 * with -mfma); `fma` below is that: an exact f32×f32 product in double, one f32
 * rounding of the sum. The contraction choices were matched against torch 2.13's
 * randn (300 seeds × 16 values, all bit-identical).
 */
const fr = Math.fround;
const fma = (a: number, b: number, c: number): number => fr(a * b + c);

const buf = new DataView(new ArrayBuffer(4));
const bitsOf = (v: number): number => {
  buf.setFloat32(0, v);
  return buf.getUint32(0);
};
const fromBits = (u: number): number => {
  buf.setUint32(0, u >>> 0);
  return buf.getFloat32(0);
};

const SQRTHF = fr(0.7071067811865476);
const LOG_P = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1,
  -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1
].map(fr);
const LOG_Q1 = fr(-2.1219444e-4);
const LOG_Q2 = fr(0.693359375);
const MIN_NORM_POS = fromBits(0x00800000);

/** log256_ps for one lane (x > 0 in PyTorch's use: u1 = 1 − uniform ∈ (0, 1]). */
export function log256(v: number): number {
  let x = fr(v);
  if (x !== x) {
    return NaN;
  }
  if (x <= 0) {
    return NaN;
  } // the kernel ORs an all-ones mask in: NaN
  x = Math.max(x, MIN_NORM_POS);
  const bits = bitsOf(x);
  let e = fr((bits >>> 23) - 0x7f);
  e = fr(e + 1);
  x = fromBits((bits & ~0x7f800000) | 0x3f000000); // mantissa with exponent of 0.5
  const mask = x < SQRTHF;
  const tmp = mask ? x : 0;
  x = fr(x - 1);
  if (mask) {
    e = fr(e - 1);
  }
  x = fr(x + tmp);
  const z = fr(x * x);
  let y = LOG_P[0];
  for (let i = 1; i < LOG_P.length; i++) {
    y = fma(y, x, LOG_P[i]);
  }
  y = fr(y * x);
  y = fma(y, z, fr(e * LOG_Q1));
  y = fma(z, -0.5, y);
  x = fr(x + y);
  return fma(e, LOG_Q2, x);
}

const FOPI = fr(1.27323954473516);
const DP1 = fr(-0.78515625);
const DP2 = fr(-2.4187564849853515625e-4);
const DP3 = fr(-3.774894977445941e-8);
const SIN_P0 = fr(-1.9515295891e-4);
const SIN_P1 = fr(8.3321608736e-3);
const SIN_P2 = fr(-1.6666654611e-1);
const COS_P0 = fr(2.443315711809948e-5);
const COS_P1 = fr(-1.388731625493765e-3);
const COS_P2 = fr(4.166664568298827e-2);

/** sincos256_ps for one lane: [sin, cos]. */
export function sincos256(v: number): [number, number] {
  let x = fr(v);
  let signSin = x < 0 || Object.is(x, -0);
  x = Math.abs(x);
  let j = Math.trunc(fr(x * FOPI)) | 0; // _mm256_cvttps_epi32
  j = (j + 1) & ~1;
  const y = fr(j);
  const swap = (j & 4) !== 0;
  const polyMask = (j & 2) === 0;
  x = fma(y, DP1, x);
  x = fma(y, DP2, x);
  x = fma(y, DP3, x);
  const signCos = (~(j - 2) & 4) !== 0;
  signSin = signSin !== swap;
  const z = fr(x * x);
  let yc = fma(COS_P0, z, COS_P1);
  yc = fma(yc, z, COS_P2);
  yc = fr(yc * z);
  yc = fma(yc, z, -fr(z * 0.5));
  yc = fr(yc + 1);
  let ys = fma(SIN_P0, z, SIN_P1);
  ys = fma(ys, z, SIN_P2);
  ys = fr(ys * z);
  ys = fma(ys, x, x);
  let s = polyMask ? ys : yc;
  let c = polyMask ? yc : ys;
  if (signSin) {
    s = -s;
  }
  if (signCos) {
    c = -c;
  }
  return [s, c];
}
