/**
 * The objects sm.fit_temperature and sm.calibration return. Plain read-only
 * attributes (floats, bools, strings) so they print, format and compare like
 * Python values: `fit.temperature`, `float(fit)`, `f"{fit:.3f}"`,
 * `res.ece`, `res.before.nll`, `res.after.ece`.
 */
import {
  PyInstance,
  PyClass,
  PyValue,
  PyDict,
  PyList,
  nativeClass,
  method,
  property
} from '../../native';
import { formatValue } from '../../strformat';
import type { FitResult, CalibrationMetrics } from '../../../engine';

const f4 = (v: number): string =>
  Number.isNaN(v) ? 'nan' : Number.isFinite(v) ? v.toFixed(4) : v > 0 ? 'inf' : '-inf';

/** Attributes defined by a getter table; `__dir__`-style listing for to_dict(). */
function readOnly<X>(cls: PyClass, attrs: Record<string, (x: X) => PyValue>): void {
  for (const [name, get] of Object.entries(attrs)) {
    property(cls, name, (self: PyInstance) => get(self.native as X));
  }
}

// ---------------------------------------------------------------- TemperatureFit

export const TemperatureFitClass = nativeClass(
  'TemperatureFit',
  'jupyterlab_softmax',
  undefined,
  'Result of sm.fit_temperature: .temperature (float; float(fit) is the same), .method,\n' +
    '.nll_before (T = 1), .nll_after, .iterations, .evaluations, .converged, .note.'
);

readOnly<FitResult>(TemperatureFitClass, {
  temperature: r => r.temperature,
  method: r => r.method,
  nll_before: r => r.nllBefore,
  nll_after: r => r.nllAfter,
  iterations: r => BigInt(r.iterations),
  evaluations: r => BigInt(r.evaluations),
  converged: r => r.converged,
  note: r => r.note
});

function fitRepr(r: FitResult): string {
  const conv = r.converged ? '' : ', converged=False';
  return (
    `TemperatureFit(temperature=${f4(r.temperature)}, method='${r.method}', ` +
    `nll_before=${f4(r.nllBefore)}, nll_after=${f4(r.nllAfter)}, iterations=${r.iterations}${conv})`
  );
}
method(TemperatureFitClass, '__repr__', '', (self: PyInstance) =>
  fitRepr(self.native as FitResult)
);
method(
  TemperatureFitClass,
  '__float__',
  '',
  (self: PyInstance) => (self.native as FitResult).temperature
);
// f"{fit:.3f}" formats the temperature; f"{fit}" is the repr, as for any object
method(TemperatureFitClass, '__format__', 'spec', (self: PyInstance, spec) =>
  spec === ''
    ? fitRepr(self.native as FitResult)
    : formatValue((self.native as FitResult).temperature, String(spec))
);

export function makeFit(r: FitResult): PyInstance {
  return new PyInstance(TemperatureFitClass, r);
}

// ---------------------------------------------------------------- CalibrationMetrics

export interface MetricsAt {
  temperature: number;
  m: CalibrationMetrics;
}

const METRIC_ATTRS: [string, keyof CalibrationMetrics][] = [
  ['ece', 'ece'],
  ['mce', 'mce'],
  ['ace', 'ace'],
  ['classwise_ece', 'classwiseEce'],
  ['brier', 'brier'],
  ['nll', 'nll'],
  ['accuracy', 'accuracy']
];

export const CalibrationMetricsClass = nativeClass(
  'CalibrationMetrics',
  'jupyterlab_softmax',
  undefined,
  'Calibration metrics at one temperature: .temperature, .ece, .mce, .ace, .classwise_ece, .brier, .nll, .accuracy.'
);
property(
  CalibrationMetricsClass,
  'temperature',
  (self: PyInstance) => (self.native as MetricsAt).temperature
);
for (const [py, key] of METRIC_ATTRS) {
  property(CalibrationMetricsClass, py, (self: PyInstance) => (self.native as MetricsAt).m[key]);
}
method(CalibrationMetricsClass, '__repr__', '', (self: PyInstance) => {
  const x = self.native as MetricsAt;
  const parts = METRIC_ATTRS.map(([py, key]) => `${py}=${f4(x.m[key])}`);
  return `CalibrationMetrics(temperature=${f4(x.temperature)}, ${parts.join(', ')})`;
});
method(CalibrationMetricsClass, 'to_dict', '', (self: PyInstance) =>
  metricsDict(self.native as MetricsAt)
);

function metricsDict(x: MetricsAt): PyDict {
  const d = new PyDict();
  d.set('temperature', x.temperature);
  for (const [py, key] of METRIC_ATTRS) {
    d.set(py, x.m[key]);
  }
  return d;
}

export function makeMetrics(x: MetricsAt): PyInstance {
  return new PyInstance(CalibrationMetricsClass, x);
}

// ---------------------------------------------------------------- CalibrationResult

export interface CalibrationData {
  before: MetricsAt;
  after: MetricsAt | null;
  fit: FitResult | null;
  bins: number;
  convention: string;
  rows: number;
  classes: string[] | null;
  /** The same compact table as the output's text/plain. */
  text: string;
}

export const CalibrationResultClass = nativeClass(
  'CalibrationResult',
  'jupyterlab_softmax',
  undefined,
  'Result of sm.calibration. .ece .mce .ace .classwise_ece .brier .nll .accuracy are the metrics at\n' +
    ".temperature (the fitted T when temperature='fit'); .before / .after hold both columns\n" +
    '(.after is None without a fit); .fit is the TemperatureFit or None; .fitted is a bool.'
);

const finalOf = (d: CalibrationData): MetricsAt => d.after ?? d.before;
readOnly<CalibrationData>(CalibrationResultClass, {
  temperature: d => finalOf(d).temperature,
  fitted: d => d.fit !== null,
  fit: d => (d.fit ? makeFit(d.fit) : null),
  before: d => makeMetrics(d.before),
  after: d => (d.after ? makeMetrics(d.after) : null),
  bins: d => BigInt(d.bins),
  convention: d => d.convention,
  n: d => BigInt(d.rows),
  classes: d => (d.classes ? new PyList([...d.classes]) : null)
});
for (const [py, key] of METRIC_ATTRS) {
  property(
    CalibrationResultClass,
    py,
    (self: PyInstance) => finalOf(self.native as CalibrationData).m[key]
  );
}
method(
  CalibrationResultClass,
  '__repr__',
  '',
  (self: PyInstance) => (self.native as CalibrationData).text
);
method(CalibrationResultClass, 'to_dict', '', (self: PyInstance) => {
  const d = self.native as CalibrationData;
  const out = metricsDict(finalOf(d));
  out.set('fitted', d.fit !== null);
  return out;
});

export function makeCalibrationResult(d: CalibrationData): PyInstance {
  return new PyInstance(CalibrationResultClass, d);
}

/** A TemperatureFit passed where a temperature is expected (sm.calibration(temperature=fit)). */
export function fitOf(v: PyValue): FitResult | null {
  return v instanceof PyInstance && v.klass === TemperatureFitClass
    ? (v.native as FitResult)
    : null;
}
