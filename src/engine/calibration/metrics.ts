/**
 * Calibration metrics over (N, C) probabilities or logits and (N,) labels.
 * Definitions (reference: shared/reference/pytorch-numerics.md §4.3):
 *   conf_i = max_k p_ik, pred_i = argmax (first index on ties), acc_i = [pred_i == y_i]
 *   ECE   = Σ_m |B_m|/n · |acc(B_m) − conf(B_m)|   (empty bins contribute 0)
 *   MCE   = max over non-empty bins of |acc − conf|
 *   ACE   = ECE over equal-mass bins (see `equalMassBins`)
 *   classwise ECE (Kull et al. 2019) = (1/K) Σ_k Σ_m |B_mk|/n · |mean 1[y=k] − mean p_k|
 *   Brier = (1/n) Σ_i Σ_k (p_ik − 1[y_i = k])²   (multiclass, range [0, 2])
 *   NLL   = (1/n) Σ_i −ln p_{i, y_i}             (natural log; = F.cross_entropy on logits)
 * Binning compares float32(conf) against float32 linspace edges, as both
 * gpleiss (float32 throughout) and torchmetrics (`.float()`) do; the sums are float64.
 */
import { Tensor } from '../tensor';
import { tickDeadline } from '../deadline';
import {
  MetricOptions,
  CalibInput,
  prepare,
  binCount,
  convention,
  binEdges,
  binIndex,
  totalBins,
  rowProbs,
  rowTop,
  BinConvention
} from './common';

export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  /** Mean correctness in the bin; NaN when empty. */
  accuracy: number;
  /** Mean confidence in the bin; NaN when empty. */
  confidence: number;
  /** confidence − accuracy (positive = over-confident); NaN when empty. */
  gap: number;
}

interface BinSums {
  count: Float64Array;
  acc: Float64Array;
  conf: Float64Array;
}

interface Need {
  classwise?: boolean;
  brier?: boolean;
}

/** Everything the metrics need, from one pass over the rows (softmax computed once per row). */
interface Analysis {
  n: number;
  conf: Float64Array;
  correct: Uint8Array;
  top: BinSums;
  bins: number;
  conv: BinConvention;
  /** Σ_k Σ_b |hits − mass| (classwise numerator), when asked for. */
  classwiseSum: number;
  brierSum: number;
  nllSum: number;
}

function analyze(x: Tensor, labels: Tensor, opts: MetricOptions, need: Need = {}): Analysis {
  const inp: CalibInput = prepare(x, labels, opts);
  const bins = binCount(opts);
  const conv = convention(opts);
  const { n, c } = inp;
  const edges = binEdges(bins);
  const nb = totalBins(bins, conv);
  const top: BinSums = {
    count: new Float64Array(nb),
    acc: new Float64Array(nb),
    conf: new Float64Array(nb)
  };
  const conf = new Float64Array(n);
  const correct = new Uint8Array(n);
  const hits = need.classwise ? new Float64Array(c * nb) : null;
  const mass = need.classwise ? new Float64Array(c * nb) : null;
  // Brier and classwise read every probability; the top-label metrics need only
  // the winner, so they skip the per-element division (same values either way).
  const full = !!(need.brier || need.classwise);
  const row = new Float64Array(c);
  const top1 = new Float64Array(2);
  let brierSum = 0;
  let nllSum = 0;
  for (let i = 0; i < n; i++) {
    tickDeadline(c);
    const y = inp.labels[i];
    let best: number;
    let p: number;
    if (full) {
      nllSum -= rowProbs(inp, i, row);
      best = 0;
      for (let j = 1; j < c; j++) {
        if (row[j] > row[best]) {
          best = j;
        }
      }
      p = row[best];
    } else {
      nllSum -= rowTop(inp, i, top1);
      best = top1[0];
      p = top1[1];
    }
    const ok = best === y ? 1 : 0;
    conf[i] = p;
    correct[i] = ok;
    // Binning compares float32(conf), as both references do.
    const b = binIndex(Math.fround(p), edges, conv);
    if (b >= 0) {
      top.count[b]++;
      top.acc[b] += ok;
      top.conf[b] += p;
    }
    if (need.brier) {
      for (let j = 0; j < c; j++) {
        const d = row[j] - (j === y ? 1 : 0);
        brierSum += d * d;
      }
    }
    if (hits && mass) {
      for (let k = 0; k < c; k++) {
        const bk = binIndex(Math.fround(row[k]), edges, conv);
        if (bk < 0) {
          continue;
        }
        mass[k * nb + bk] += row[k];
        if (k === y) {
          hits[k * nb + bk] += 1;
        }
      }
    }
  }
  let classwiseSum = 0;
  if (hits && mass) {
    for (let q = 0; q < hits.length; q++) {
      classwiseSum += Math.abs(hits[q] - mass[q]);
    }
  }
  return { n, conf, correct, top, bins, conv, classwiseSum, brierSum, nllSum };
}

/** Σ_m |B_m|/n · |acc − conf| from bin sums. */
function eceOf(a: Analysis): number {
  let e = 0;
  for (let b = 0; b < a.top.count.length; b++) {
    e += Math.abs(a.top.acc[b] - a.top.conf[b]);
  }
  return e / a.n;
}

function mceOf(a: Analysis): number {
  let m = 0;
  const s = a.top;
  for (let b = 0; b < s.count.length; b++) {
    if (s.count[b] > 0) {
      m = Math.max(m, Math.abs(s.acc[b] - s.conf[b]) / s.count[b]);
    }
  }
  return m;
}

/**
 * Equal-mass bins: samples sorted by confidence (stable: ties keep input order)
 * and split into `bins` consecutive groups whose sizes differ by at most one,
 * the first N mod bins groups one larger (numpy.array_split's rule). Every
 * sample is in exactly one bin, unlike the focal-loss code's interpolated
 * edges, which drop the lowest-confidence sample.
 */
export function equalMassBins(conf: Float64Array, bins: number): Int32Array[] {
  const n = conf.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
  }
  const sorted = Array.from(order).sort((a, b) => conf[a] - conf[b] || a - b);
  const out: Int32Array[] = [];
  const base = Math.floor(n / bins);
  const extra = n % bins;
  let p = 0;
  for (let b = 0; b < bins; b++) {
    const size = base + (b < extra ? 1 : 0);
    out.push(Int32Array.from(sorted.slice(p, p + size)));
    p += size;
  }
  return out;
}

function aceOf(a: Analysis): number {
  let e = 0;
  for (const idx of equalMassBins(a.conf, a.bins)) {
    let hit = 0;
    let c = 0;
    for (const i of idx) {
      hit += a.correct[i];
      c += a.conf[i];
    }
    e += Math.abs(hit - c);
  }
  return e / a.n;
}

function accuracyOf(a: Analysis): number {
  let s = 0;
  for (let i = 0; i < a.n; i++) {
    s += a.correct[i];
  }
  return s / a.n;
}

/** Expected calibration error (top label, L1, equal-width bins). NaN for N = 0. */
export function ece(x: Tensor, labels: Tensor, opts: MetricOptions = {}): number {
  const a = analyze(x, labels, opts);
  return a.n ? eceOf(a) : NaN;
}

/** Maximum calibration error over non-empty bins (0 when all bins are empty). */
export function mce(x: Tensor, labels: Tensor, opts: MetricOptions = {}): number {
  const a = analyze(x, labels, opts);
  return a.n ? mceOf(a) : NaN;
}

/** Adaptive (equal-mass) ECE: the ECE formula over `equalMassBins`. */
export function ace(x: Tensor, labels: Tensor, opts: MetricOptions = {}): number {
  const a = analyze(x, labels, opts);
  return a.n ? aceOf(a) : NaN;
}

/**
 * Classwise ECE (Kull et al.): mean over the C columns of the binned ECE of
 * p_k against 1[y = k] (same bins and convention as `ece`; K = C columns).
 */
export function classwiseEce(x: Tensor, labels: Tensor, opts: MetricOptions = {}): number {
  const a = analyze(x, labels, opts, { classwise: true });
  return a.n ? a.classwiseSum / a.n / x.shape[1] : NaN;
}

/** Multiclass Brier score: mean over samples of Σ_c (p_c − 1[y = c])² (range [0, 2]). */
export function brier(x: Tensor, labels: Tensor, opts: MetricOptions = {}): number {
  const a = analyze(x, labels, opts, { brier: true });
  return a.n ? a.brierSum / a.n : NaN;
}

/**
 * Mean negative log-likelihood (natural log). With logits this is the
 * log-sum-exp form, i.e. F.cross_entropy(x/T, y); with probabilities −mean ln p_y.
 */
export function nll(x: Tensor, labels: Tensor, opts: MetricOptions = {}): number {
  const a = analyze(x, labels, opts);
  return a.n ? a.nllSum / a.n : NaN;
}

/** Top-1 accuracy (argmax, first index on ties). */
export function accuracy(x: Tensor, labels: Tensor, opts: MetricOptions = {}): number {
  const a = analyze(x, labels, opts);
  return a.n ? accuracyOf(a) : NaN;
}

/**
 * Per-bin reliability data for the diagram. For 'torchmetrics' the last entry
 * is the extra [1, 1] bin. lo/hi are the float32 edges.
 */
export function reliabilityBins(
  x: Tensor,
  labels: Tensor,
  opts: MetricOptions = {}
): ReliabilityBin[] {
  return binsOf(analyze(x, labels, opts));
}

function binsOf(a: Analysis): ReliabilityBin[] {
  const edges = binEdges(a.bins);
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < totalBins(a.bins, a.conv); b++) {
    const count = a.top.count[b];
    const acc = count > 0 ? a.top.acc[b] / count : NaN;
    const conf = count > 0 ? a.top.conf[b] / count : NaN;
    out.push({
      lo: b < a.bins ? edges[b] : 1,
      hi: b < a.bins ? edges[b + 1] : 1,
      count,
      accuracy: acc,
      confidence: conf,
      gap: conf - acc
    });
  }
  return out;
}

export interface CalibrationMetrics {
  ece: number;
  mce: number;
  ace: number;
  classwiseEce: number;
  brier: number;
  nll: number;
  accuracy: number;
}

export interface CalibrationReport {
  metrics: CalibrationMetrics;
  bins: ReliabilityBin[];
}

/** All metrics and the reliability bins from a single pass (the calibration output uses this). */
export function calibrationReport(
  x: Tensor,
  labels: Tensor,
  opts: MetricOptions = {}
): CalibrationReport {
  const a = analyze(x, labels, opts, { classwise: true, brier: true });
  const n = a.n;
  return {
    metrics: {
      ece: n ? eceOf(a) : NaN,
      mce: n ? mceOf(a) : NaN,
      ace: n ? aceOf(a) : NaN,
      classwiseEce: n ? a.classwiseSum / n / x.shape[1] : NaN,
      brier: n ? a.brierSum / n : NaN,
      nll: n ? a.nllSum / n : NaN,
      accuracy: n ? accuracyOf(a) : NaN
    },
    bins: binsOf(a)
  };
}

/** All metrics at once. */
export function calibrationMetrics(
  x: Tensor,
  labels: Tensor,
  opts: MetricOptions = {}
): CalibrationMetrics {
  return calibrationReport(x, labels, opts).metrics;
}
