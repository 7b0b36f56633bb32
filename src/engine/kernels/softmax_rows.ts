/**
 * Row kernels for the softmax family: plain loops over typed arrays, one row at a
 * time, no allocation. Shape: `(src, srcOff, dst, dstOff, n, stride)` so a later
 * WebAssembly SIMD build can replace them one by one.
 *
 * float32 rows follow the operation order of PyTorch's AVX2 CPU kernels
 * (facts from reference/pytorch-numerics.md §1.3, checked against torch 2.13 here):
 *  - last dim: m = max; e_i = Sleef expf(x_i − m) (sleef_expf.ts); s = Σ e_i summed the way an
 *    8-lane vector reduction does (sequential below 8 elements, else 8 lane sums folded
 *    as ((l0+l4)+(l2+l6))+((l1+l5)+(l3+l7))); softmax = e_i · f32(1/s);
 *    log_softmax = (x_i − m) − f32(log s).
 *  - other dims: the same but Σ is sequential along the dim and softmax divides by s.
 *  - float64: 4 lanes folded sequentially, multiply by 1/s on the last dim.
 * Long rows: above EXACT_MAX (64) elements PyTorch's own float32 lane sums drift
 * (|Σp−1| up to 1e-3 on 1e5-wide rows), so we sum f32 blocks of 64 and flush them
 * into a float64 total, and scale by the float64 reciprocal: |Σp−1| ≲ 1e-7.
 * Rows of ≤ 64 elements keep the bit-exact order above.
 */
import { sleefExpf } from './sleef_expf';

const fr = Math.fround;
/**
 * exp of an f32 difference. The last-dim kernels vectorize every row (partial loads
 * for short rows), so they see Sleef's expf; the other-dim kernel runs short inner
 * extents in its scalar tail loop with std::exp, which we take as correctly rounded.
 */
const expf = (d: number): number => fr(Math.exp(d));

/** Rows longer than this use float64-flushed sums instead of PyTorch's float32 order. */
export const EXACT_MAX = 64;
const BLOCK = 64;

const lanes32 = new Float32Array(8);
const lanes64 = new Float64Array(4);

/** Σ of n f32 values at dst[off + k*stride], in the AVX2 8-lane order (n ≤ EXACT_MAX). */
function laneSum32(a: ArrayLike<number>, off: number, n: number, stride: number): number {
  if (n < 8) {
    let s = a[off];
    for (let k = 1; k < n; k++) s = fr(s + a[off + k * stride]);
    return s;
  }
  const L = lanes32;
  for (let j = 0; j < 8; j++) L[j] = a[off + j * stride];
  let d = 8;
  for (; d + 8 <= n; d += 8) for (let j = 0; j < 8; j++) L[j] += a[off + (d + j) * stride];
  for (let j = 0; d + j < n; j++) L[j] += a[off + (d + j) * stride];
  return fr(fr(fr(L[0] + L[4]) + fr(L[2] + L[6])) + fr(fr(L[1] + L[5]) + fr(L[3] + L[7])));
}

function laneSum64(a: ArrayLike<number>, off: number, n: number, stride: number): number {
  if (n < 4) {
    let s = a[off];
    for (let k = 1; k < n; k++) s += a[off + k * stride];
    return s;
  }
  const L = lanes64;
  for (let j = 0; j < 4; j++) L[j] = a[off + j * stride];
  let d = 4;
  for (; d + 4 <= n; d += 4) for (let j = 0; j < 4; j++) L[j] += a[off + (d + j) * stride];
  for (let j = 0; d + j < n; j++) L[j] += a[off + (d + j) * stride];
  return L[0] + L[1] + L[2] + L[3];
}

/** Sequential f32 Σ (the non-last-dim order), flushed to f64 every BLOCK for long rows. */
function seqSum32(a: ArrayLike<number>, off: number, n: number, stride: number): number {
  if (n <= EXACT_MAX) {
    let s = 0;
    for (let k = 0; k < n; k++) s = fr(s + a[off + k * stride]);
    return s;
  }
  return blockSum32(a, off, n, stride);
}

function blockSum32(a: ArrayLike<number>, off: number, n: number, stride: number): number {
  let total = 0;
  for (let b = 0; b < n; b += BLOCK) {
    const end = Math.min(n, b + BLOCK);
    let s = 0;
    for (let k = b; k < end; k++) s = fr(s + a[off + k * stride]);
    total += s;
  }
  return total;
}

function seqSum64(a: ArrayLike<number>, off: number, n: number, stride: number): number {
  let s = 0;
  for (let k = 0; k < n; k++) s += a[off + k * stride];
  return s;
}

function rowMax(src: ArrayLike<number>, off: number, n: number, stride: number): number {
  // NaN needs no special case: it reaches every output through Σ.
  let m = -Infinity;
  for (let k = 0; k < n; k++) {
    const v = src[off + k * stride];
    if (v > m) m = v;
  }
  return m;
}

export type RowKernel = (
  src: ArrayLike<number>,
  srcOff: number,
  dst: Float32Array | Float64Array,
  dstOff: number,
  n: number,
  stride: number
) => void;

/** float32 softmax of one row; `last` selects the last-dim kernel's order. */
function softmaxRow32(last: boolean): RowKernel {
  return (src, so, dst, dOff, n, stride) => {
    if (n === 0) return;
    const m = rowMax(src, so, n, stride);
    const exp = last ? sleefExpf : expf;
    for (let k = 0; k < n; k++) dst[dOff + k * stride] = exp(fr(src[so + k * stride] - m));
    if (n > EXACT_MAX) {
      const r = 1 / blockSum32(dst, dOff, n, stride);
      for (let k = 0; k < n; k++) dst[dOff + k * stride] *= r;
      return;
    }
    if (last) {
      const r = fr(1 / laneSum32(dst, dOff, n, stride));
      for (let k = 0; k < n; k++) dst[dOff + k * stride] *= r; // Float32Array store rounds
    } else {
      const s = seqSum32(dst, dOff, n, stride);
      for (let k = 0; k < n; k++) dst[dOff + k * stride] /= s;
    }
  };
}

function logSoftmaxRow32(last: boolean): RowKernel {
  return (src, so, dst, dOff, n, stride) => {
    if (n === 0) return;
    const m = rowMax(src, so, n, stride);
    // exp values go to dst as scratch; outputs overwrite them afterwards.
    const exp = last ? sleefExpf : expf;
    for (let k = 0; k < n; k++) dst[dOff + k * stride] = exp(fr(src[so + k * stride] - m));
    const s = n > EXACT_MAX ? blockSum32(dst, dOff, n, stride) : last ? laneSum32(dst, dOff, n, stride) : seqSum32(dst, dOff, n, stride);
    const ls = n > EXACT_MAX ? Math.log(s) : fr(Math.log(s));
    for (let k = 0; k < n; k++) dst[dOff + k * stride] = fr(src[so + k * stride] - m) - ls;
  };
}

function softmaxRow64(last: boolean): RowKernel {
  return (src, so, dst, dOff, n, stride) => {
    if (n === 0) return;
    const m = rowMax(src, so, n, stride);
    for (let k = 0; k < n; k++) dst[dOff + k * stride] = Math.exp(src[so + k * stride] - m);
    if (last) {
      const r = 1 / laneSum64(dst, dOff, n, stride);
      for (let k = 0; k < n; k++) dst[dOff + k * stride] *= r;
    } else {
      const s = seqSum64(dst, dOff, n, stride);
      for (let k = 0; k < n; k++) dst[dOff + k * stride] /= s;
    }
  };
}

function logSoftmaxRow64(last: boolean): RowKernel {
  return (src, so, dst, dOff, n, stride) => {
    if (n === 0) return;
    const m = rowMax(src, so, n, stride);
    for (let k = 0; k < n; k++) dst[dOff + k * stride] = Math.exp(src[so + k * stride] - m);
    const s = last ? laneSum64(dst, dOff, n, stride) : seqSum64(dst, dOff, n, stride);
    const ls = Math.log(s);
    for (let k = 0; k < n; k++) dst[dOff + k * stride] = src[so + k * stride] - m - ls;
  };
}

export const softmaxLastF32 = softmaxRow32(true);
export const softmaxDimF32 = softmaxRow32(false);
export const logSoftmaxLastF32 = logSoftmaxRow32(true);
export const logSoftmaxDimF32 = logSoftmaxRow32(false);
export const softmaxLastF64 = softmaxRow64(true);
export const softmaxDimF64 = softmaxRow64(false);
export const logSoftmaxLastF64 = logSoftmaxRow64(true);
export const logSoftmaxDimF64 = logSoftmaxRow64(false);

/**
 * logsumexp of one row: m = max with ±inf replaced by 0, log(Σ exp(x − m)) + m.
 * f32: short rows sum sequentially in f32 (matches torch's reduction for small sizes);
 * longer rows sum in f64. An empty row gives −inf.
 */
export function logsumexpRow(src: ArrayLike<number>, off: number, n: number, stride: number, f32: boolean): number {
  if (n === 0) return -Infinity;
  let m = rowMax(src, off, n, stride);
  if (m === Infinity || m === -Infinity) m = 0;
  if (f32 && n <= 16) {
    let s = 0;
    for (let k = 0; k < n; k++) s = fr(s + fr(Math.exp(fr(src[off + k * stride] - m))));
    return fr(fr(Math.log(s)) + m);
  }
  let s = 0;
  if (f32) {
    for (let k = 0; k < n; k++) s += fr(Math.exp(fr(src[off + k * stride] - m)));
    return fr(Math.log(s) + m);
  }
  for (let k = 0; k < n; k++) s += Math.exp(src[off + k * stride] - m);
  return Math.log(s) + m;
}

/**
 * log_softmax over the last dim for float16/bfloat16 (emulated in f32): torch keeps
 * Σ exp and log Σ in the reduced type, so both are rounded by `round` here
 * (measured: 100% element match on torch 2.13). Other lowp paths need no rounding
 * until the output.
 */
export function logSoftmaxLastLowp(round: (v: number) => number): RowKernel {
  return (src, so, dst, dOff, n, stride) => {
    if (n === 0) return;
    const m = rowMax(src, so, n, stride);
    let s = 0;
    for (let k = 0; k < n; k++) s = fr(s + sleefExpf(fr(src[so + k * stride] - m)));
    const ls = round(fr(Math.log(round(s))));
    for (let k = 0; k < n; k++) dst[dOff + k * stride] = fr(src[so + k * stride] - m) - ls;
  };
}
