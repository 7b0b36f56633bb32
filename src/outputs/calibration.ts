/**
 * The calibration plot as data: the MIME payload (`application/vnd.jupyterlab-
 * softmax.calibration+json`), its validator for the renderer, and the
 * text/plain metrics summary. No DOM.
 *
 * Metrics are always computed on all rows; only the rows shipped for client-side
 * recomputation (the temperature slider) are capped, by evenly spaced sampling so
 * class-sorted data stays representative, and the payload says so.
 */
import { Tensor } from '../engine/tensor';
import {
  BinConvention,
  CalibrationMetrics,
  ReliabilityBin,
  calibrationReport,
  fitTemperature,
  FitMethod,
  FitResult,
  DEFAULT_BINS
} from '../engine/calibration';
import { TorchError } from '../engine/errors';
import { bytesToBase64, base64ToBytes } from './base64';

export const CALIBRATION_MIME_TYPE = 'application/vnd.jupyterlab-softmax.calibration+json';
export const CALIBRATION_PAYLOAD_VERSION = 1;
/** Default cap on shipped values (rows × classes): ~1 MB of base64. */
export const DEFAULT_MAX_ELEMENTS = 200_000;

export interface EncodedArray {
  dtype: 'float32' | 'int32';
  shape: number[];
  base64: string;
}

/** JSON has no NaN: empty bins carry null accuracy/confidence/gap. */
export interface BinJson {
  lo: number;
  hi: number;
  count: number;
  accuracy: number | null;
  confidence: number | null;
  gap: number | null;
}

export interface FitJson {
  temperature: number;
  method: FitMethod;
  nllBefore: number;
  nllAfter: number;
  iterations: number;
  converged: boolean;
  note: string;
}

export interface CalibrationPayload {
  version: 1;
  /** 'logits' allows recomputation at any T; 'probs' does not. */
  kind: 'logits' | 'probs';
  values: EncodedArray; // (rows, C) float32
  labels: EncodedArray; // (rows,) int32
  totalRows: number;
  /** True when `values` holds an evenly spaced sample of the rows. */
  sampled: boolean;
  classes: string[] | null;
  bins: number;
  convention: BinConvention;
  /** The temperature of the "before" column (the one the user asked for; 1 by default). */
  temperature: number;
  fit: FitJson | null;
  metricsBefore: CalibrationMetrics;
  metricsAfter: CalibrationMetrics | null;
  reliabilityBefore: BinJson[];
  reliabilityAfter: BinJson[] | null;
}

export interface CalibrationOutputOptions {
  logits?: boolean;
  temperature?: number;
  bins?: number;
  convention?: BinConvention;
  classes?: string[] | null;
  /** Fit T (logits only) and show the after column. */
  fit?: FitMethod | null;
  maxElements?: number;
}

export interface CalibrationOutput {
  payload: CalibrationPayload;
  text: string;
  fit: FitResult | null;
}

const numOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
const binJson = (b: ReliabilityBin): BinJson => ({
  lo: b.lo,
  hi: b.hi,
  count: b.count,
  accuracy: numOrNull(b.accuracy),
  confidence: numOrNull(b.confidence),
  gap: numOrNull(b.gap)
});

function sampleRows(
  x: Tensor,
  labels: Tensor,
  maxElements: number
): { values: Float32Array; labs: Int32Array; rows: number } {
  const [n, c] = x.shape;
  const rows = Math.min(n, Math.max(1, Math.floor(maxElements / Math.max(c, 1))));
  const xf = x.contiguous();
  const lf = labels.toFlat();
  const values = new Float32Array(rows * c);
  const labs = new Int32Array(rows);
  for (let k = 0; k < rows; k++) {
    const i = rows === n ? k : Math.floor((k * n) / rows);
    for (let j = 0; j < c; j++) {
      values[k * c + j] = xf.storage[xf.offset + i * c + j];
    }
    labs[k] = lf[i];
  }
  return { values, labs, rows: n === 0 ? 0 : rows };
}

export function buildCalibrationOutput(
  x: Tensor,
  labels: Tensor,
  opts: CalibrationOutputOptions = {}
): CalibrationOutput {
  const logits = !!opts.logits;
  const temperature = logits ? (opts.temperature ?? 1) : 1;
  const bins = opts.bins ?? DEFAULT_BINS;
  const convention = opts.convention ?? 'guo';
  const mopts = { logits, temperature, bins, convention };
  if (opts.fit && !logits) {
    throw new TorchError('ValueError', 'fitting a temperature needs logits (pass logits=True)');
  }
  if (opts.classes && x.ndim === 2 && opts.classes.length !== x.shape[1]) {
    throw new TorchError(
      'ValueError',
      `got ${opts.classes.length} class names for ${x.shape[1]} classes`
    );
  }
  const before = calibrationReport(x, labels, mopts);
  const fit = opts.fit ? fitTemperature(x, labels, { method: opts.fit }) : null;
  const after = fit
    ? calibrationReport(x, labels, { ...mopts, temperature: fit.temperature })
    : null;
  const { values, labs, rows } = sampleRows(x, labels, opts.maxElements ?? DEFAULT_MAX_ELEMENTS);
  const payload: CalibrationPayload = {
    version: 1,
    kind: logits ? 'logits' : 'probs',
    values: {
      dtype: 'float32',
      shape: [rows, x.shape[1]],
      base64: bytesToBase64(new Uint8Array(values.buffer))
    },
    labels: { dtype: 'int32', shape: [rows], base64: bytesToBase64(new Uint8Array(labs.buffer)) },
    totalRows: x.shape[0],
    sampled: rows < x.shape[0],
    classes: opts.classes ?? null,
    bins,
    convention,
    temperature,
    fit: fit && {
      temperature: fit.temperature,
      method: fit.method,
      nllBefore: fit.nllBefore,
      nllAfter: fit.nllAfter,
      iterations: fit.iterations,
      converged: fit.converged,
      note: fit.note
    },
    metricsBefore: before.metrics,
    metricsAfter: after ? after.metrics : null,
    reliabilityBefore: before.bins.map(binJson),
    reliabilityAfter: after ? after.bins.map(binJson) : null
  };
  return { payload, text: calibrationSummary(payload), fit };
}

const ROWS: [keyof CalibrationMetrics, string][] = [
  ['ece', 'ECE'],
  ['mce', 'MCE'],
  ['ace', 'ACE (equal-mass)'],
  ['classwiseEce', 'Classwise ECE'],
  ['brier', 'Brier'],
  ['nll', 'NLL'],
  ['accuracy', 'Accuracy']
];

function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) {
    return 'nan';
  }
  if (!Number.isFinite(v)) {
    return v > 0 ? 'inf' : '-inf';
  }
  return v.toFixed(4);
}

/**
 * The text/plain fallback, e.g.
 *   Calibration (15 bins, guo)   T=1.000   T=1.734 (fit, exact)
 *     ECE                         0.0712             0.0154
 */
export function calibrationSummary(p: CalibrationPayload): string {
  const label = `Calibration (${p.bins} bins, ${p.convention})`;
  const heads = [p.kind === 'logits' ? `T=${p.temperature.toFixed(3)}` : 'probabilities'];
  if (p.fit) {
    heads.push(`T=${p.fit.temperature.toFixed(3)} (fit, ${p.fit.method})`);
  }
  const cols = [p.metricsBefore, ...(p.metricsAfter ? [p.metricsAfter] : [])];
  const width = heads.map(h => Math.max(h.length, 8));
  const lw = Math.max(label.length, ...ROWS.map(([, n]) => n.length + 2));
  const lines = [label.padEnd(lw) + heads.map((h, i) => '   ' + h.padStart(width[i])).join('')];
  for (const [key, name] of ROWS) {
    lines.push(
      ('  ' + name).padEnd(lw) + cols.map((m, i) => '   ' + fmt(m[key]).padStart(width[i])).join('')
    );
  }
  const notes = [`  N=${p.totalRows}, C=${p.values.shape[1]}`];
  if (p.fit && !p.fit.converged) {
    notes.push(`  fit: ${p.fit.note}`);
  }
  if (p.sampled) {
    notes.push(
      `  plot data: ${p.values.shape[0]} of ${p.totalRows} rows (evenly spaced); metrics use all rows`
    );
  }
  return [...lines, ...notes].join('\n');
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNumOrNull = (v: unknown): boolean => v === null || isNum(v);

function checkArray(
  v: unknown,
  name: string,
  dtype: 'float32' | 'int32',
  ndim: number
): string | null {
  if (!isObj(v)) {
    return `${name} must be an object`;
  }
  if (v.dtype !== dtype) {
    return `${name}.dtype must be '${dtype}'`;
  }
  const shape = v.shape;
  if (
    !Array.isArray(shape) ||
    shape.length !== ndim ||
    !shape.every(d => Number.isInteger(d) && d >= 0)
  ) {
    return `${name}.shape must be ${ndim} non-negative integers`;
  }
  if (typeof v.base64 !== 'string') {
    return `${name}.base64 must be a string`;
  }
  const bytes = base64ToBytes(v.base64);
  if (!bytes) {
    return `${name}.base64 is not valid base64`;
  }
  const n = (shape as number[]).reduce((a, b) => a * b, 1);
  if (bytes.length !== n * 4) {
    return `${name} holds ${bytes.length} bytes, expected ${n * 4} for shape [${shape.join(', ')}]`;
  }
  return null;
}

function checkMetrics(v: unknown, name: string): string | null {
  if (!isObj(v)) {
    return `${name} must be an object`;
  }
  for (const [k] of ROWS) {
    // NaN / inf metrics (e.g. NLL of a zero probability) serialise as null
    if (!isNumOrNull(v[k])) {
      return `${name}.${k} must be a number`;
    }
  }
  return null;
}

const inUnit = (v: unknown): boolean => v === null || (isNum(v) && v >= 0 && v <= 1);

/**
 * Bins as the engine writes them: `bins` of them (one more under the
 * torchmetrics convention, whose last edge is its own bin), edges inside
 * [0, 1], counts that are whole and no more than the rows, rates in [0, 1].
 * Anything else (a hand-edited ±1e308 edge, 20,000 bins claiming to be 15)
 * would make the plot draw garbage or take seconds, so it is refused.
 */
function checkBins(v: unknown, name: string, bins: number, totalRows: number): string | null {
  if (!Array.isArray(v)) {
    return `${name} must be an array`;
  }
  if (v.length !== bins && v.length !== bins + 1) {
    return `${name} has ${v.length} bins but the payload says ${bins}`;
  }
  for (let i = 0; i < v.length; i++) {
    const b = v[i];
    if (
      !isObj(b) ||
      !isNum(b.lo) ||
      !isNum(b.hi) ||
      !(b.lo >= 0 && b.lo <= b.hi && b.hi <= 1) ||
      !Number.isSafeInteger(b.count) ||
      (b.count as number) < 0 ||
      (b.count as number) > totalRows ||
      !inUnit(b.accuracy) ||
      !inUnit(b.confidence) ||
      !(b.gap === null || (isNum(b.gap) && Math.abs(b.gap) <= 1))
    ) {
      return `${name}[${i}] is not a valid bin`;
    }
  }
  return null;
}

/** Validate an untrusted payload (from a notebook file) before rendering. */
export function parseCalibrationPayload(json: unknown): ParseResult<CalibrationPayload> {
  const fail = (error: string): ParseResult<CalibrationPayload> => ({
    ok: false,
    error: `invalid calibration payload: ${error}`
  });
  if (!isObj(json)) {
    return fail('not an object');
  }
  if (json.version !== CALIBRATION_PAYLOAD_VERSION) {
    return fail(`unsupported version ${JSON.stringify(json.version)} (expected 1)`);
  }
  if (json.kind !== 'logits' && json.kind !== 'probs') {
    return fail("kind must be 'logits' or 'probs'");
  }
  const e1 =
    checkArray(json.values, 'values', 'float32', 2) ??
    checkArray(json.labels, 'labels', 'int32', 1);
  if (e1) {
    return fail(e1);
  }
  const vs = (json.values as EncodedArray).shape;
  const ls = (json.labels as EncodedArray).shape;
  if (vs[0] !== ls[0]) {
    return fail(`values has ${vs[0]} rows but labels has ${ls[0]}`);
  }
  const labels = new Int32Array(
    base64ToBytes((json.labels as EncodedArray).base64)!.slice().buffer
  );
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0 || labels[i] >= vs[1]) {
      return fail(`label ${labels[i]} at row ${i} is out of range`);
    }
  }
  if (!Number.isInteger(json.totalRows) || (json.totalRows as number) < vs[0]) {
    return fail('totalRows must be an integer >= the rows shipped');
  }
  if (typeof json.sampled !== 'boolean') {
    return fail('sampled must be a boolean');
  }
  if (
    json.classes !== null &&
    !(
      Array.isArray(json.classes) &&
      json.classes.length === vs[1] &&
      json.classes.every(c => typeof c === 'string')
    )
  ) {
    return fail('classes must be null or one string per class');
  }
  if (!Number.isInteger(json.bins) || (json.bins as number) < 1 || (json.bins as number) > 1000) {
    return fail('bins must be an integer in [1, 1000]');
  }
  if (json.convention !== 'guo' && json.convention !== 'torchmetrics') {
    return fail("convention must be 'guo' or 'torchmetrics'");
  }
  if (!isNum(json.temperature) || json.temperature <= 0) {
    return fail('temperature must be a positive number');
  }
  if (json.fit !== null) {
    const f = json.fit;
    if (
      !isObj(f) ||
      !isNum(f.temperature) ||
      f.temperature <= 0 ||
      (f.method !== 'exact' && f.method !== 'lbfgs') ||
      !isNumOrNull(f.nllBefore) ||
      !isNumOrNull(f.nllAfter) ||
      !isNum(f.iterations) ||
      typeof f.converged !== 'boolean' ||
      typeof f.note !== 'string'
    ) {
      return fail('fit is malformed');
    }
  }
  const e2 =
    checkMetrics(json.metricsBefore, 'metricsBefore') ??
    (json.metricsAfter === null ? null : checkMetrics(json.metricsAfter, 'metricsAfter')) ??
    checkBins(json.reliabilityBefore, 'reliabilityBefore', json.bins as number, json.totalRows as number) ??
    (json.reliabilityAfter === null
      ? null
      : checkBins(json.reliabilityAfter, 'reliabilityAfter', json.bins as number, json.totalRows as number));
  if (e2) {
    return fail(e2);
  }
  if (
    (json.fit === null) !== (json.metricsAfter === null) ||
    (json.fit === null) !== (json.reliabilityAfter === null)
  ) {
    return fail('metricsAfter/reliabilityAfter must be present exactly when fit is');
  }
  return { ok: true, value: json as unknown as CalibrationPayload };
}

/** The shipped rows as typed arrays (for recomputation in the renderer). */
export function decodeCalibrationArrays(p: CalibrationPayload): {
  values: Float32Array;
  labels: Int32Array;
  rows: number;
  classes: number;
} {
  const v = base64ToBytes(p.values.base64)!;
  const l = base64ToBytes(p.labels.base64)!;
  return {
    values: new Float32Array(v.slice().buffer),
    labels: new Int32Array(l.slice().buffer),
    rows: p.values.shape[0],
    classes: p.values.shape[1]
  };
}

/** MIME bundle entries this module owns (the plot's image/png fallback is added by the plot builder). */
export function calibrationBundle(out: CalibrationOutput): Record<string, unknown> {
  return {
    [CALIBRATION_MIME_TYPE]: JSON.parse(JSON.stringify(out.payload)),
    'text/plain': out.text
  };
}
