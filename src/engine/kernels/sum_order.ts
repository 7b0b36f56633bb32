/**
 * Σ of a contiguous float run in the order PyTorch's CPU sum kernel uses, so loss
 * reductions (`.sum()`, `.mean()`) round like torch (measured on torch 2.13, AVX2):
 *  - n < L (L = 8 float32 lanes, 4 float64 lanes): 4 interleaved partial sums
 *    (element i goes to partial i % 4 for whole groups of 4, the rest to partial 0),
 *    each kept as a cascade (see `cascade`), then combined p0 + p1 + p2 + p3.
 *  - n ≥ L: the same scheme over L-wide vectors for the first ⌊n/L⌋·L elements;
 *    the result is (sequential sum of the tail) + lane0 + lane1 + … + lane(L−1).
 * The cascade adds the running group into a higher level every 2^p items
 * (p = max(4, ⌈log2 m⌉ / 4), 4 levels), which bounds the error on long runs.
 */
const fr = Math.fround;

/** Scratch accumulators, grown on demand (no allocation per call after warm-up). */
let acc = new Float64Array(4 * 32);

function ceilLog2(n: number): number {
  return n <= 1 ? 0 : Math.ceil(Math.log2(n));
}

/**
 * Sum `rows` rows of `width` values (row r, column k at a[off + r*rowStride + k*colStride])
 * into `width` column totals with the 4-level cascade; totals land in acc[0..width).
 */
function cascade(
  a: ArrayLike<number>,
  off: number,
  rows: number,
  rowStride: number,
  colStride: number,
  width: number,
  f32: boolean
): void {
  const levels = 4;
  if (acc.length < levels * width) acc = new Float64Array(levels * width);
  acc.fill(0, 0, levels * width);
  const power = Math.max(4, Math.floor(ceilLog2(rows) / levels));
  const step = 2 ** power;
  const mask = step - 1;
  let i = 0;
  const add = (dst: number, v: number): void => {
    acc[dst] = f32 ? fr(acc[dst] + v) : acc[dst] + v;
  };
  while (i + step <= rows) {
    for (let j = 0; j < step; j++, i++) {
      const base = off + i * rowStride;
      for (let k = 0; k < width; k++) add(k, a[base + k * colStride]);
    }
    for (let j = 1; j < levels; j++) {
      for (let k = 0; k < width; k++) {
        add(j * width + k, acc[(j - 1) * width + k]);
        acc[(j - 1) * width + k] = 0;
      }
      if ((i & (mask * 2 ** (j * power))) !== 0) break;
    }
  }
  for (; i < rows; i++) {
    const base = off + i * rowStride;
    for (let k = 0; k < width; k++) add(k, a[base + k * colStride]);
  }
  for (let j = 1; j < levels; j++) for (let k = 0; k < width; k++) add(k, acc[j * width + k]);
}

const part = new Float64Array(32);

/** Σ a[off .. off+n) (contiguous) in torch's order; f32 rounds every addition. */
export function torchSum(a: ArrayLike<number>, off: number, n: number, f32: boolean): number {
  const r = (v: number): number => (f32 ? fr(v) : v);
  const L = f32 ? 8 : 4;
  if (n < L) {
    // scalar path: 4 interleaved partials
    const groups = Math.floor(n / 4);
    if (groups > 0) cascade(a, off, groups, 4, 1, 4, f32);
    else acc.fill(0, 0, 4);
    for (let k = 0; k < 4; k++) part[k] = acc[k];
    for (let i = groups * 4; i < n; i++) part[0] = r(part[0] + a[off + i]);
    let s = part[0];
    for (let k = 1; k < 4; k++) s = r(s + part[k]);
    return s;
  }
  const vecs = Math.floor(n / L);
  const groups = Math.floor(vecs / 4);
  // vectors: 4 interleaved vector partials (width 4·L), the leftover vectors into partial 0
  if (groups > 0) cascade(a, off, groups, 4 * L, 1, 4 * L, f32);
  else acc.fill(0, 0, 4 * L);
  for (let k = 0; k < 4 * L; k++) part[k] = acc[k];
  for (let v = groups * 4; v < vecs; v++) for (let k = 0; k < L; k++) part[k] = r(part[k] + a[off + v * L + k]);
  for (let p = 1; p < 4; p++) for (let k = 0; k < L; k++) part[k] = r(part[k] + part[p * L + k]);
  let s = 0;
  for (let i = vecs * L; i < n; i++) s = r(s + a[off + i]);
  for (let k = 0; k < L; k++) s = r(s + part[k]);
  return s;
}
