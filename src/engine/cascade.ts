/**
 * PyTorch's CPU floating-point sum, replayed in the same order.
 *
 * Why: torch.sum on float32 accumulates in float32 with a specific cascade
 * (4 interleaved partial sums, SIMD lanes, 4 levels of chunk sums), so a plain
 * float32 loop or a float64 sum both differ from PyTorch in the last bit. This
 * follows the algorithm of aten/src/ATen/native/cpu/SumKernel.cpp for a given
 * SIMD width (default AVX2: 8 float / 4 double lanes); results are then
 * bit-identical to PyTorch on such a CPU for single-threaded reductions
 * (PyTorch splits reductions above 32768 elements across threads).
 *
 * All kernels work on a block of `width` adjacent columns at once, sweeping
 * rows in memory order (the SIMD lanes of the original become columns here).
 */
let simdBytes = 32;

/** 32 for AVX2 (default), 64 for AVX-512, 16 for NEON/SSE. */
export function setSumSimdWidth(bytes: 16 | 32 | 64): void {
  simdBytes = bytes;
}

type Arr = Float32Array | Float64Array;

/** Chunk exponent: max(4, CeilLog2(n) / 4) — 4 unless n > 2**19 (integer ops: no Math calls per row). */
function levelPower(n: number): number {
  if (n <= 524288) return 4;
  const cl = 32 - Math.clz32(n - 1);
  return cl >> 2 > 4 ? cl >> 2 : 4;
}

/**
 * Scratch accumulators, reused across calls (no per-row allocation). float32
 * sums accumulate in a Float32Array: the store rounds exactly like
 * Math.fround, and stays fast where Math.fround is not inlined (jest's vm).
 */
let scratch32 = new Float32Array(256);
let scratch64 = new Float64Array(256);
function acc(n: number, f32: boolean): Arr {
  if (f32) {
    if (scratch32.length < n) scratch32 = new Float32Array(n * 2);
    return scratch32;
  }
  if (scratch64.length < n) scratch64 = new Float64Array(n * 2);
  return scratch64;
}

/**
 * multi_row_sum: per column c in [0, width), sum rows r < nRows of
 * x[base + r*rowStride + c] into out[outOff + c]. Chunks of 2**power rows are
 * summed at level 0 and carried upward through 4 levels.
 */
function cascadeBlock(x: Arr, base: number, rowStride: number, nRows: number, width: number, f32: boolean, out: Float64Array, outOff: number): void {
  const power = levelPower(nRows);
  const step = 1 << power;
  const mask = step - 1;
  const a = acc(4 * width, f32);
  if (nRows < step) {
    // No chunk completes: a running sum per column (+0 from the empty levels, which turns -0 into 0).
    a[0] = 0;
    for (let c = 0; c < width; c++) {
      a[0] = 0;
      for (let r = 0, q = base + c; r < nRows; r++, q += rowStride) a[0] += x[q];
      out[outOff + c] = a[0] + 0;
    }
    return;
  }
  a.fill(0, 0, 4 * width);
  const L1 = width;
  const L2 = 2 * width;
  const L3 = 3 * width;
  let i = 0;
  let row = base;
  while (i + step <= nRows) {
    for (let j = 0; j < step; j++, i++, row += rowStride) for (let c = 0; c < width; c++) a[c] += x[row + c];
    carry(a, 0, L1, width);
    if ((i & (mask << power)) !== 0) continue;
    carry(a, L1, L2, width);
    if ((i & (mask << (2 * power))) !== 0) continue;
    carry(a, L2, L3, width);
  }
  for (; i < nRows; i++, row += rowStride) for (let c = 0; c < width; c++) a[c] += x[row + c];
  for (let c = 0; c < width; c++) {
    a[c] += a[L1 + c];
    a[c] += a[L2 + c];
    a[c] += a[L3 + c];
    out[outOff + c] = a[c];
  }
}

/** level[to] += level[from]; level[from] = 0 (the typed store rounds). */
function carry(a: Arr, from: number, to: number, width: number): void {
  for (let c = 0; c < width; c++) {
    a[to + c] += a[from + c];
    a[from + c] = 0;
  }
}

const R32 = new Float32Array(1);
function rnd(v: number, f32: boolean): number {
  if (!f32) return v;
  R32[0] = v;
  return R32[0];
}

let parts = new Float64Array(64);
function partials(n: number): Float64Array {
  if (parts.length < n) parts = new Float64Array(n * 2);
  return parts;
}

/**
 * row_sum per column: rows viewed as (-1, 4); the 4 interleaved row sets are
 * cascaded separately, the leftover rows go into the first, then all 4 combine.
 */
function rowSumBlock(x: Arr, base: number, rowStride: number, nRows: number, width: number, f32: boolean, out: Float64Array, outOff: number): void {
  const nIlp = (nRows / 4) | 0;
  const p = partials(4 * width);
  for (let k = 0; k < 4; k++) cascadeBlock(x, base + k * rowStride, 4 * rowStride, nIlp, width, f32, p, k * width);
  for (let i = nIlp * 4; i < nRows; i++) {
    const row = base + i * rowStride;
    for (let c = 0; c < width; c++) p[c] = rnd(p[c] + x[row + c], f32);
  }
  for (let c = 0; c < width; c++) {
    let s = rnd(p[c] + p[width + c], f32);
    s = rnd(s + p[2 * width + c], f32);
    out[outOff + c] = rnd(s + p[3 * width + c], f32);
  }
}

const lanesBuf = { v: new Float64Array(64) };

/** vectorized_inner_sum: a contiguous row as V lanes; scalar tail first, then the lanes in order. */
function vecInnerSum(x: Arr, base: number, size: number, V: number, f32: boolean): number {
  const nVec = (size / V) | 0;
  if (lanesBuf.v.length < V) lanesBuf.v = new Float64Array(V);
  const lanes = lanesBuf.v;
  rowSumBlock(x, base, V, nVec, V, f32, lanes, 0);
  let s = 0;
  for (let k = nVec * V; k < size; k++) s = rnd(s + x[base + k], f32);
  for (let l = 0; l < V; l++) s = rnd(s + lanes[l], f32);
  return s;
}

/**
 * Sum over [outer, R, inner] (contiguous at `off`) into out[outer*inner],
 * choosing the kernel PyTorch picks for that layout.
 */
export function cascadeSum(x: Arr, off: number, outer: number, R: number, inner: number, f32: boolean, out: Float64Array): void {
  const V = simdBytes / (f32 ? 4 : 8);
  const one = new Float64Array(1);
  for (let o = 0; o < outer; o++) {
    const base = off + o * R * inner;
    if (inner === 1) {
      if (R >= V) out[o] = vecInnerSum(x, base, R, V, f32);
      else {
        rowSumBlock(x, base, 1, R, 1, f32, one, 0);
        out[o] = one[0];
      }
      continue;
    }
    const ob = o * inner;
    let j = 0;
    if (inner >= V) {
      // vectorized_outer_sum: 4-vector blocks cascade; single vectors and leftovers use row_sum.
      for (; j + 4 * V <= inner; j += 4 * V) cascadeBlock(x, base + j, inner, R, 4 * V, f32, out, ob + j);
      for (; j + V <= inner; j += V) rowSumBlock(x, base + j, inner, R, V, f32, out, ob + j);
    } else {
      // scalar_outer_sum: groups of 4 columns cascade.
      for (; j + 3 < inner; j += 4) cascadeBlock(x, base + j, inner, R, 4, f32, out, ob + j);
    }
    if (j < inner) rowSumBlock(x, base + j, inner, R, inner - j, f32, out, ob + j);
  }
}
