/**
 * Shared plumbing for the calibration metrics: input validation, row-wise
 * probabilities (softmax(x/T) in float64 when the input is logits) and the bin
 * conventions. Everything works on contiguous typed arrays with float64
 * accumulation, so it needs no other engine module.
 */
import { Tensor } from '../tensor';
import { DType, isFloating, isIntegral } from '../dtype';
import { TorchError } from '../errors';
import { FAST_MIN_NUMEL } from '../wasm/index';
import { expNeg64, expRowStats } from './exp64';

export type BinConvention = 'guo' | 'torchmetrics';

export interface MetricOptions {
  /** `x` holds logits: softmax(x / temperature) is taken first (float64). */
  logits?: boolean;
  /** Only used with `logits: true`. Default 1. */
  temperature?: number;
  /** Number of equal-width (or, for ACE, equal-mass) bins. Default 15. */
  bins?: number;
  /** 'guo' (default): bins (lo, hi], conf == 0 in no bin; 'torchmetrics': [lo, hi) + an extra bin [1, 1]. */
  convention?: BinConvention;
}

export const DEFAULT_BINS = 15;

const valueError = (m: string): TorchError => new TorchError('ValueError', m);

/** Validated (N, C) scores + (N,) labels as flat arrays. */
export interface CalibInput {
  n: number;
  c: number;
  data: ArrayLike<number>;
  off: number;
  labels: Int32Array;
  logits: boolean;
  temperature: number;
  /**
   * Large input (≥ FAST_MIN_NUMEL elements, the engine's fast-kernel size policy):
   * exps use the table exp (≤ 2 ulp of double from Math.exp; exp64.ts). Every
   * metric of one input takes the same choice, so they stay consistent.
   */
  fastExp: boolean;
  /** Scratch for expRowStats. */
  stats: Float64Array;
}

function floatDType(d: DType): boolean {
  return isFloating(d);
}

/** Validate the labels tensor against n rows and c classes (shared with fitTemperature). */
export function readLabels(labels: Tensor, n: number, c: number): Int32Array {
  if (!isIntegral(labels.dtype)) {
    throw valueError(`labels must be an integer tensor (got ${labels.dtype})`);
  }
  if (labels.ndim !== 1 || labels.shape[0] !== n) {
    throw valueError(
      `labels must have shape (${n},) to match ${n} rows, got (${labels.shape.join(', ')}${labels.ndim === 1 ? ',' : ''})`
    );
  }
  const flat = labels.toFlat();
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = flat[i];
    if (!(v >= 0 && v < c)) {
      throw valueError(`label ${v} at index ${i} is out of range for ${c} classes`);
    }
    out[i] = v;
  }
  return out;
}

export function prepare(x: Tensor, labels: Tensor, opts: MetricOptions = {}): CalibInput {
  if (!floatDType(x.dtype)) {
    throw valueError(
      `expected a floating point tensor of ${opts.logits ? 'logits' : 'probabilities'}, got ${x.dtype}`
    );
  }
  if (x.ndim !== 2) {
    throw valueError(`expected a 2-D tensor of shape (N, C), got shape (${x.shape.join(', ')})`);
  }
  const [n, c] = x.shape;
  if (c < 1) {
    throw valueError('expected at least one class (C >= 1)');
  }
  const t = opts.temperature ?? 1;
  if (opts.logits && !(t > 0 && Number.isFinite(t))) {
    throw valueError(`temperature must be a positive finite number, got ${t}`);
  }
  const xc = x.contiguous();
  return {
    n,
    c,
    data: xc.storage,
    off: xc.offset,
    labels: readLabels(labels, n, c),
    logits: !!opts.logits,
    temperature: t,
    fastExp: n * c >= FAST_MIN_NUMEL,
    stats: new Float64Array(4)
  };
}

export function binCount(opts: MetricOptions): number {
  const b = opts.bins ?? DEFAULT_BINS;
  if (!(Number.isInteger(b) && b >= 1)) {
    throw valueError(`bins must be a positive integer, got ${b}`);
  }
  return b;
}

export function convention(opts: MetricOptions): BinConvention {
  const c = opts.convention ?? 'guo';
  if (c !== 'guo' && c !== 'torchmetrics') {
    throw valueError(`convention must be 'guo' or 'torchmetrics', got '${c}'`);
  }
  return c;
}

/**
 * Row i's probabilities into `out` (length c); returns log p_{i,y_i}. For
 * logits this is softmax(x/T) in float64 (max-subtracted); for probabilities a copy.
 */
export function rowProbs(inp: CalibInput, i: number, out: Float64Array): number {
  const { c, data, off } = inp;
  const base = off + i * c;
  if (!inp.logits) {
    for (let j = 0; j < c; j++) {
      out[j] = data[base + j];
    }
    return Math.log(out[inp.labels[i]]);
  }
  const invT = 1 / inp.temperature;
  let m = -Infinity;
  for (let j = 0; j < c; j++) {
    if (data[base + j] > m) {
      m = data[base + j];
    }
  }
  let s = 0;
  const fast = inp.fastExp;
  for (let j = 0; j < c; j++) {
    const d = (data[base + j] - m) * invT;
    const e = fast ? expNeg64(d) : Math.exp(d);
    out[j] = e;
    s += e;
  }
  for (let j = 0; j < c; j++) {
    out[j] /= s;
  }
  // log p_y from the log-sum-exp form (no log of a rounded probability)
  return (data[base + inp.labels[i]] - m) * invT - Math.log(s);
}

/**
 * Row i's top label without normalising the whole row: top[0] = argmax of the
 * probabilities (first index on ties), top[1] = its probability; returns
 * log p_{i,y_i}. Bit-identical to `rowProbs` followed by an argmax over its
 * output: the exps and their sum are computed in the same order, and only the
 * winner is divided by the sum.
 */
export function rowTop(inp: CalibInput, i: number, top: Float64Array): number {
  const { c, data, off } = inp;
  const base = off + i * c;
  if (!inp.logits) {
    let best = 0;
    for (let j = 1; j < c; j++) {
      if (data[base + j] > data[base + best]) {
        best = j;
      }
    }
    top[0] = best;
    top[1] = data[base + best];
    return Math.log(data[base + inp.labels[i]]);
  }
  const invT = 1 / inp.temperature;
  let m = -Infinity;
  let lo = Infinity;
  for (let j = base, end = base + c; j < end; j++) {
    const v = data[j];
    if (v > m) {
      m = v;
    }
    if (v < lo) {
      lo = v;
    }
  }
  let s = 0;
  let best = 0;
  let eb = -Infinity; // largest exp so far
  let prev = -Infinity; // largest exp before index `best`
  const fast = inp.fastExp;
  if (fast) {
    const st = inp.stats;
    expRowStats(data, base, c, m, lo, invT, st);
    s = st[0];
    eb = st[1];
    best = st[2];
    prev = st[3];
  } else {
    for (let j = 0; j < c; j++) {
      const e = Math.exp((data[base + j] - m) * invT);
      s += e;
      if (e > eb) {
        prev = eb;
        eb = e;
        best = j;
      }
    }
  }
  if (s !== s) {
    // a NaN sum makes every probability NaN: rowProbs' argmax then stays at 0
    top[0] = 0;
    top[1] = NaN;
  } else {
    const q = eb / s;
    // e/s is monotone but may round two close exps to one quotient; then the
    // first such index wins, as in the normalised row. Only possible when an
    // earlier exp is within ~1e-16 of the winner (rare): recompute and look.
    if (prev >= eb * (1 - 1e-12)) {
      for (let j = 0; j < best; j++) {
        const d = (data[base + j] - m) * invT;
        if ((fast ? expNeg64(d) : Math.exp(d)) / s === q) {
          best = j;
          break;
        }
      }
    }
    top[0] = best;
    top[1] = q;
  }
  return (data[base + inp.labels[i]] - m) * invT - Math.log(s);
}

/** Top-label view: confidence, predicted class (first index on ties) and correctness. */
export interface TopLabel {
  conf: Float64Array;
  pred: Int32Array;
  correct: Uint8Array;
}

export function topLabel(inp: CalibInput): TopLabel {
  const { n, c } = inp;
  const conf = new Float64Array(n);
  const pred = new Int32Array(n);
  const correct = new Uint8Array(n);
  const p = new Float64Array(c);
  for (let i = 0; i < n; i++) {
    rowProbs(inp, i, p);
    let best = 0;
    for (let j = 1; j < c; j++) {
      if (p[j] > p[best]) {
        best = j;
      }
    }
    conf[i] = p[best];
    pred[i] = best;
    correct[i] = best === inp.labels[i] ? 1 : 0;
  }
  return { conf, pred, correct };
}

/**
 * Bin edges exactly as float32 `torch.linspace(0, 1, bins + 1)` (both gpleiss
 * and torchmetrics compare against these float32 values). PyTorch's CPU
 * linspace fills the first half from the start and the second half
 * from the end, with a float32 step.
 */
export function binEdges(bins: number): Float64Array {
  const steps = bins + 1;
  const edges = new Float64Array(steps);
  const step = Math.fround(1 / bins);
  const halfway = Math.floor(steps / 2);
  // start + step*i / end - step*(steps-1-i), each rounded once to float32
  // (checked against torch.linspace for bins = 1..300).
  for (let i = 0; i < steps; i++) {
    edges[i] = i < halfway ? Math.fround(step * i) : Math.fround(1 - step * (steps - 1 - i));
  }
  return edges;
}

/**
 * The bin index of value v, or -1 when it falls in no bin.
 * guo: bin m is (e[m], e[m+1]]; v <= 0 or v > 1 is in no bin.
 * torchmetrics: bucketize(v, e, right=True) - 1, i.e. bin m is [e[m], e[m+1]),
 * and v >= 1 lands in the extra bin `bins` (negative v: no bin).
 */
export function binIndex(v: number, edges: Float64Array, conv: BinConvention): number {
  const m = edges.length - 1;
  if (conv === 'guo') {
    if (!(v > edges[0]) || v > edges[m]) {
      return -1;
    }
    // first k with v <= edges[k]
    let lo = 1;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v <= edges[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo - 1;
  }
  if (!(v >= edges[0])) {
    return -1;
  }
  // number of edges <= v, minus one
  let lo = 0;
  let hi = m + 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= v) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo - 1;
}

/** Number of bins a convention produces (torchmetrics has the extra [1, 1] bin). */
export function totalBins(bins: number, conv: BinConvention): number {
  return conv === 'torchmetrics' ? bins + 1 : bins;
}
