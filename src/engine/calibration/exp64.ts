/**
 * exp(d) for d ≤ 0 in float64, table-driven: several times cheaper than Math.exp
 * in V8, which made the calibration metrics exp-bound on large inputs. Accuracy
 * is ≤ 4 ulp of double (relative error < 1e-15), so binning float32(conf) and
 * the float64 sums agree with the Math.exp path except in the last digits.
 *
 * d = (k/256)·ln2 + r with k = round(d·256/ln2) (the 1.5·2^52 add/subtract trick,
 * never Math.round: V8 lowers it to a data-dependent branch), two-constant
 * Cody–Waite reduction, |r| ≤ ln2/512, degree-4 Taylor polynomial
 * (truncation r^5/120 < 4e-17), 2^(k/256) from two tables.
 */

const MAGIC = 6755399441055744; // 1.5·2^52: adding it rounds a double to an integer
const K256 = 256 / Math.LN2;
/** ln2/256 as fdlibm's ln2_hi + ln2_lo (hi has 32 significant bits: k·HI is exact). */
const HI = 6.9314718036912381649e-1 / 256;
const LO = 1.90821492927058770002e-10 / 256;
/** 2^(i/256), i = 0 … 255. */
const FRAC = new Float64Array(256);
/** 2^q for q = −1012 … 0, indexed by q + 1012. */
const POW2 = new Float64Array(1013);
for (let i = 0; i < 256; i++) {
  FRAC[i] = Math.pow(2, i / 256);
}
for (let q = -1012; q <= 0; q++) {
  POW2[q + 1012] = Math.pow(2, q);
}

/** exp(d); d > 0, d < −700 (denormal results, −inf) and NaN go to Math.exp. */
export function expNeg64(d: number): number {
  if (!(d >= -700 && d <= 0)) {
    return Math.exp(d);
  }
  const kf = d * K256 + MAGIC - MAGIC;
  const k = kf | 0;
  const r = d - kf * HI - kf * LO;
  const r2 = r * r;
  return POW2[(k >> 8) + 1012] * FRAC[k & 255] * (1 + r + r2 * (0.5 + r * (1 / 6) + r2 * (1 / 24)));
}

/**
 * The exps of one logit row, e_j = expNeg64((x_j − m)·invT) for j < c, in order:
 * out[0] = Σ e_j (sequential), out[1] = max e_j, out[2] = its first index,
 * out[3] = the largest e_j before that index (−inf if none). `lo` is the row's
 * smallest logit: when every d is in range the exp is inlined (same arithmetic
 * as expNeg64, so the same values).
 */
export function expRowStats(
  data: ArrayLike<number>,
  base: number,
  c: number,
  m: number,
  lo: number,
  invT: number,
  out: Float64Array
): void {
  let s = 0;
  let best = 0;
  let eb = -Infinity;
  let prev = -Infinity;
  if ((lo - m) * invT >= -700) {
    // m and lo finite; NaN logits still give NaN below, as expNeg64 does
    for (let j = 0; j < c; j++) {
      const d = (data[base + j] - m) * invT;
      const kf = d * K256 + MAGIC - MAGIC;
      const k = kf | 0;
      const r = d - kf * HI - kf * LO;
      const r2 = r * r;
      const e =
        POW2[(k >> 8) + 1012] * FRAC[k & 255] * (1 + r + r2 * (0.5 + r * (1 / 6) + r2 * (1 / 24)));
      s += e;
      if (e > eb) {
        prev = eb;
        eb = e;
        best = j;
      }
    }
  } else {
    for (let j = 0; j < c; j++) {
      const e = expNeg64((data[base + j] - m) * invT);
      s += e;
      if (e > eb) {
        prev = eb;
        eb = e;
        best = j;
      }
    }
  }
  out[0] = s;
  out[1] = eb;
  out[2] = best;
  out[3] = prev;
}
