/**
 * Pure-JS softmax-family kernels for engines without WebAssembly SIMD: the same
 * [outer, D, inner] contract as the wasm kernels, float64 inside.
 *
 * exp is table-driven (reference/performance.md, Appendix B): Math.exp costs
 * 9–12 ns in Node 20 and made softmax exp-bound at 13 ns/el; the table version
 * gives ~4.5 ns/el. Rounding uses the 1.5·2^52 add/subtract trick, never
 * Math.round (V8 lowers it to a data-dependent branch: 3× slower on random data).
 */

const MAGIC = 6755399441055744; // 1.5·2^52: adding it rounds a double to an integer
const K64 = 64 / Math.LN2;
const LN2_64 = Math.LN2 / 64;
/** 2^(i/64), i = 0 … 63. */
const FRAC = new Float64Array(64);
/** 2^q, q = −200 … 1, indexed by q + 200. */
const POW2 = new Float64Array(202);
for (let i = 0; i < 64; i++) {
  FRAC[i] = Math.pow(2, i / 64);
}
for (let q = -200; q <= 1; q++) {
  POW2[q + 200] = Math.pow(2, q);
}

/** exp(d) for d ≤ 0 or NaN (−inf → 0). Max rel. error 3.6e-11 (5.9e-8 after f32 rounding). */
export function expNeg(d: number): number {
  if (d < -104) {
    d = -104;
  } // covers −inf; the result rounds to 0 in float32
  const kf = d * K64 + MAGIC - MAGIC;
  const k = kf | 0;
  const r = d - kf * LN2_64;
  return POW2[(k >> 6) + 200] * FRAC[k & 63] * (1 + r * (1 + r * (0.5 + r * (1 / 6))));
}

/** softmax (log = false) or log_softmax of (x · invT) over dim 1 of [outer, D, inner]. */
export function softmaxJs(
  src: Float32Array,
  dst: Float32Array,
  outer: number,
  D: number,
  inner: number,
  invT: number,
  log: boolean
): void {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      softmaxRowJs(src, dst, o * D, D, invT, log);
    }
    return;
  }
  const mx = new Float64Array(inner);
  const sm = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * D * inner;
    columnMax(src, base, D, inner, mx);
    sm.fill(0);
    for (let k = 0; k < D; k++) {
      const p = base + k * inner;
      for (let j = 0; j < inner; j++) {
        const e = expNeg((src[p + j] - mx[j]) * invT);
        if (!log) {
          dst[p + j] = e;
        }
        sm[j] += e;
      }
    }
    for (let j = 0; j < inner; j++) {
      sm[j] = log ? Math.log(sm[j]) : 1 / sm[j];
    }
    for (let k = 0; k < D; k++) {
      const p = base + k * inner;
      if (log) {
        for (let j = 0; j < inner; j++) {
          dst[p + j] = (src[p + j] - mx[j]) * invT - sm[j];
        }
      } else {
        for (let j = 0; j < inner; j++) {
          dst[p + j] *= sm[j];
        }
      }
    }
  }
}

function softmaxRowJs(
  src: Float32Array,
  dst: Float32Array,
  p: number,
  D: number,
  invT: number,
  log: boolean
): void {
  let m = -Infinity;
  for (let k = p, e = p + D; k < e; k++) {
    if (src[k] > m) {
      m = src[k];
    }
  } // NaN skipped; it reaches Σ
  let s = 0;
  if (log) {
    for (let k = p, e = p + D; k < e; k++) {
      s += expNeg((src[k] - m) * invT);
    }
    const ls = Math.log(s);
    for (let k = p, e = p + D; k < e; k++) {
      dst[k] = (src[k] - m) * invT - ls;
    }
    return;
  }
  for (let k = p, e = p + D; k < e; k++) {
    const v = expNeg((src[k] - m) * invT);
    dst[k] = v;
    s += v;
  }
  const r = 1 / s;
  for (let k = p, e = p + D; k < e; k++) {
    dst[k] *= r;
  }
}

function columnMax(
  src: Float32Array,
  base: number,
  D: number,
  inner: number,
  mx: Float64Array
): void {
  mx.fill(-Infinity);
  for (let k = 0; k < D; k++) {
    const p = base + k * inner;
    for (let j = 0; j < inner; j++) {
      if (src[p + j] > mx[j]) {
        mx[j] = src[p + j];
      }
    }
  }
}

/** logsumexp over dim 1 of [outer, D, inner] into dst[outer · inner] (torch's ±inf rules). */
export function logsumexpJs(
  src: Float32Array,
  dst: Float32Array,
  outer: number,
  D: number,
  inner: number
): void {
  const mx = new Float64Array(inner);
  const sm = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * D * inner;
    columnMax(src, base, D, inner, mx);
    const top = Float64Array.from(mx);
    for (let j = 0; j < inner; j++) {
      if (mx[j] === Infinity || mx[j] === -Infinity) {
        mx[j] = 0;
      }
    }
    sm.fill(0);
    for (let k = 0; k < D; k++) {
      const p = base + k * inner;
      // fround: exp(−inf) must be exactly 0 (as torch's float32 exp) so all −inf gives −inf.
      for (let j = 0; j < inner; j++) {
        sm[j] += Math.fround(expNeg(src[p + j] - mx[j]));
      }
    }
    for (let j = 0; j < inner; j++) {
      if (top[j] === Infinity) {
        let nan = false;
        for (let k = 0; k < D; k++) {
          if (Number.isNaN(src[base + k * inner + j])) {
            nan = true;
          }
        }
        dst[o * inner + j] = nan ? NaN : Infinity;
      } else {
        dst[o * inner + j] = Math.log(sm[j]) + mx[j];
      }
    }
  }
}
