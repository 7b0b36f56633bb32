/**
 * Elementwise float32 kernels over contiguous arrays in linear memory. add/sub/mul/div
 * are IEEE-exact, so they match a scalar float32 loop bit for bit; exp is the rr2_p5
 * vector exp (≤ 2 ulp) extended to x > 0.
 */
import { EXP_TABLE, madd } from './exp';

/** out[i] = a[i] op b[i]; op 0 add, 1 sub, 2 mul, 3 div. Any of the pointers may alias. */
export function binaryF32(a: usize, b: usize, out: usize, n: i32, op: i32): void {
  let i = 0;
  const n4 = n & ~3;
  if (op == 0) for (; i < n4; i += 4) { const o = <usize>i << 2; v128.store(out + o, f32x4.add(v128.load(a + o), v128.load(b + o))); }
  else if (op == 1) for (; i < n4; i += 4) { const o = <usize>i << 2; v128.store(out + o, f32x4.sub(v128.load(a + o), v128.load(b + o))); }
  else if (op == 2) for (; i < n4; i += 4) { const o = <usize>i << 2; v128.store(out + o, f32x4.mul(v128.load(a + o), v128.load(b + o))); }
  else for (; i < n4; i += 4) { const o = <usize>i << 2; v128.store(out + o, f32x4.div(v128.load(a + o), v128.load(b + o))); }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const x = load<f32>(a + o);
    const y = load<f32>(b + o);
    store<f32>(out + o, op == 0 ? x + y : op == 1 ? x - y : op == 2 ? x * y : x / y);
  }
}

/** 16-byte scratch for the 1–3 element tail of expF32. */
const TAIL: usize = memory.data(16, 16);

/**
 * out[i] = exp(x[i]) for any x: +inf above 88.7228, 0 below −87.3365 (denormal results
 * are flushed), NaN propagates. For x > 0 the scale is built as 2^(n−1) (bias 126)
 * and the result doubled, so n = 128 does not overflow the exponent field.
 */
export function expF32(src: usize, dst: usize, n: i32): void {
  const T = EXP_TABLE;
  const log2e = v128.load32_splat(T);
  const b127 = v128.load32_splat(T, 4); // 1.5·2^23 + 127
  const b126 = f32x4.sub(b127, f32x4.splat(1));
  const ln2hi = v128.load32_splat(T, 8), ln2lo = v128.load32_splat(T, 12);
  const c5 = v128.load32_splat(T, 16), c4 = v128.load32_splat(T, 20), c3 = v128.load32_splat(T, 24);
  const c2 = v128.load32_splat(T, 28), c1 = v128.load32_splat(T, 32), lo = v128.load32_splat(T, 36);
  const hi = v128.load32_splat(T, 40);
  const inf = f32x4.splat(Infinity);
  const one = f32x4.splat(1);
  const two = f32x4.splat(2);
  const zero = f32x4.splat(0);
  const n4 = n & ~3;
  for (let i = 0; i <= n4; i += 4) {
    let sp = src + (<usize>i << 2);
    let dp = dst + (<usize>i << 2);
    if (i == n4) {
      if (i == n) break;
      // 1–3 element tail through the scratch vector.
      v128.store(TAIL, zero);
      memory.copy(TAIL, sp, <usize>(n - i) << 2);
      sp = TAIL;
      dp = TAIL;
    }
    const x = v128.load(sp);
    const big = f32x4.gt(x, zero);
    const bias = v128.bitselect(b126, b127, big);
    const xc = f32x4.min(x, hi); // keeps NaN
    let v = madd(xc, log2e, bias);
    const s = i32x4.shl(v, 23); // 2^n, or 2^(n−1) for x > 0
    v = f32x4.sub(v, bias);
    let t = madd(v, ln2hi, xc);
    t = madd(v, ln2lo, t);
    let p = madd(c5, t, c4);
    p = madd(p, t, c3);
    p = madd(p, t, c2);
    p = madd(p, t, c1);
    t = f32x4.mul(t, s);
    let e = f32x4.mul(madd(t, p, s), v128.bitselect(two, one, big));
    e = v128.bitselect(inf, e, f32x4.gt(x, hi));
    v128.store(dp, v128.andnot(e, f32x4.lt(x, lo)));
    if (i == n4) memory.copy(dst + (<usize>i << 2), TAIL, <usize>(n - i) << 2);
  }
}
