/**
 * Pure-JS float32 row sum for engines without wasm SIMD: PyTorch's AVX2 order for a
 * row of 8 ≤ R < 512 floats (fewer than 16 vectors per cascade, so no level carries),
 * i.e. cascade.ts vecInnerSum, with the 32 lane accumulators in locals. About 6× the
 * generic typed-array cascade; bit-identical to it.
 */
export const JS_ROW_MAX = 511;

/** Σ of X[p, p + R) for 8 ≤ R ≤ JS_ROW_MAX. */
export function sumRowShortJs(X: Float32Array, p: number, R: number): number {
  const f = Math.fround;
  const nVec = R >> 3;
  const nIlp = nVec >> 2;
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let a4 = 0;
  let a5 = 0;
  let a6 = 0;
  let a7 = 0;
  let a8 = 0;
  let a9 = 0;
  let a10 = 0;
  let a11 = 0;
  let a12 = 0;
  let a13 = 0;
  let a14 = 0;
  let a15 = 0;
  let a16 = 0;
  let a17 = 0;
  let a18 = 0;
  let a19 = 0;
  let a20 = 0;
  let a21 = 0;
  let a22 = 0;
  let a23 = 0;
  let a24 = 0;
  let a25 = 0;
  let a26 = 0;
  let a27 = 0;
  let a28 = 0;
  let a29 = 0;
  let a30 = 0;
  let a31 = 0;
  let q = p;
  for (let g = 0; g < nIlp; g++, q += 32) {
    a0 = f(a0 + X[q]);
    a1 = f(a1 + X[q + 1]);
    a2 = f(a2 + X[q + 2]);
    a3 = f(a3 + X[q + 3]);
    a4 = f(a4 + X[q + 4]);
    a5 = f(a5 + X[q + 5]);
    a6 = f(a6 + X[q + 6]);
    a7 = f(a7 + X[q + 7]);
    a8 = f(a8 + X[q + 8]);
    a9 = f(a9 + X[q + 9]);
    a10 = f(a10 + X[q + 10]);
    a11 = f(a11 + X[q + 11]);
    a12 = f(a12 + X[q + 12]);
    a13 = f(a13 + X[q + 13]);
    a14 = f(a14 + X[q + 14]);
    a15 = f(a15 + X[q + 15]);
    a16 = f(a16 + X[q + 16]);
    a17 = f(a17 + X[q + 17]);
    a18 = f(a18 + X[q + 18]);
    a19 = f(a19 + X[q + 19]);
    a20 = f(a20 + X[q + 20]);
    a21 = f(a21 + X[q + 21]);
    a22 = f(a22 + X[q + 22]);
    a23 = f(a23 + X[q + 23]);
    a24 = f(a24 + X[q + 24]);
    a25 = f(a25 + X[q + 25]);
    a26 = f(a26 + X[q + 26]);
    a27 = f(a27 + X[q + 27]);
    a28 = f(a28 + X[q + 28]);
    a29 = f(a29 + X[q + 29]);
    a30 = f(a30 + X[q + 30]);
    a31 = f(a31 + X[q + 31]);
  }
  // leftover vectors go into cascade 0
  for (let v = nIlp * 4; v < nVec; v++, q += 8) {
    a0 = f(a0 + X[q]);
    a1 = f(a1 + X[q + 1]);
    a2 = f(a2 + X[q + 2]);
    a3 = f(a3 + X[q + 3]);
    a4 = f(a4 + X[q + 4]);
    a5 = f(a5 + X[q + 5]);
    a6 = f(a6 + X[q + 6]);
    a7 = f(a7 + X[q + 7]);
  }
  let s = 0;
  for (const e = p + R; q < e; q++) {
    s = f(s + X[q]);
  }
  // cascades combine per lane (0 + 1 + 2 + 3), then the lanes in order
  s = f(s + f(f(f(a0 + a8) + a16) + a24));
  s = f(s + f(f(f(a1 + a9) + a17) + a25));
  s = f(s + f(f(f(a2 + a10) + a18) + a26));
  s = f(s + f(f(f(a3 + a11) + a19) + a27));
  s = f(s + f(f(f(a4 + a12) + a20) + a28));
  s = f(s + f(f(f(a5 + a13) + a21) + a29));
  s = f(s + f(f(f(a6 + a14) + a22) + a30));
  s = f(s + f(f(f(a7 + a15) + a23) + a31));
  return s;
}

/** float64 rows (4 lanes, no rounding): Σ of X[p, p + R) for 4 ≤ R ≤ JS_ROW_MAX64. */
export const JS_ROW_MAX64 = 255;

export function sumRowShortJs64(X: Float64Array, p: number, R: number): number {
  const nVec = R >> 2;
  const nIlp = nVec >> 2;
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let a4 = 0;
  let a5 = 0;
  let a6 = 0;
  let a7 = 0;
  let a8 = 0;
  let a9 = 0;
  let a10 = 0;
  let a11 = 0;
  let a12 = 0;
  let a13 = 0;
  let a14 = 0;
  let a15 = 0;
  let q = p;
  for (let g = 0; g < nIlp; g++, q += 16) {
    a0 += X[q];
    a1 += X[q + 1];
    a2 += X[q + 2];
    a3 += X[q + 3];
    a4 += X[q + 4];
    a5 += X[q + 5];
    a6 += X[q + 6];
    a7 += X[q + 7];
    a8 += X[q + 8];
    a9 += X[q + 9];
    a10 += X[q + 10];
    a11 += X[q + 11];
    a12 += X[q + 12];
    a13 += X[q + 13];
    a14 += X[q + 14];
    a15 += X[q + 15];
  }
  for (let v = nIlp * 4; v < nVec; v++, q += 4) {
    a0 += X[q];
    a1 += X[q + 1];
    a2 += X[q + 2];
    a3 += X[q + 3];
  }
  let s = 0;
  for (const e = p + R; q < e; q++) {
    s += X[q];
  }
  s += a0 + a4 + a8 + a12;
  s += a1 + a5 + a9 + a13;
  s += a2 + a6 + a10 + a14;
  s += a3 + a7 + a11 + a15;
  return s;
}
