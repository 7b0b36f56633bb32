/**
 * `import jupyterlab_softmax as sm` — the cell-side API of issue #7:
 * probability tables, calibration plots + metrics, temperature fitting, and
 * file load/save. Computation is the engine's (src/engine/calibration); the
 * bundles are src/outputs'; this file only binds Python arguments.
 */
import {
  PyValue,
  PyModule,
  ModuleContext,
  makeModule,
  fn,
  genFn,
  pyErr,
  typeName
} from '../../native';
import { floatRepr } from '../../floatfmt';
import * as E from '../../../engine';
import type { BinConvention, FitMethod, MetricOptions } from '../../../engine';
import { buildCalibrationOutput, type CalibrationOutput } from '../../../outputs/calibration';
import { tensorArg, labelsArg, classesArg, numberArg, posIntArg, boolFlag } from './convert';
import { getModuleDefaults } from './defaults';
import { loadValue, saveValue } from './fileio';
import {
  makeFit,
  makeCalibrationResult,
  fitOf,
  TemperatureFitClass,
  CalibrationResultClass,
  CalibrationMetricsClass
} from './results';
import { tableDisplay, calibrationDisplay, calibrationWithFit } from './bundles';

function intArg(v: PyValue, fname: string, arg: string): number {
  if (typeof v !== 'bigint') {
    throw pyErr('TypeError', `${fname}(): argument '${arg}' must be int, not ${typeName(v)}`);
  }
  return Number(v);
}

function convArg(v: PyValue, fname: string): BinConvention {
  if (v === 'guo' || v === 'torchmetrics') {
    return v;
  }
  throw pyErr(
    'ValueError',
    `${fname}(): convention must be 'guo' or 'torchmetrics', got ${typeof v === 'string' ? `'${v}'` : typeName(v)}`
  );
}

function methodArg(v: PyValue, fname: string): FitMethod {
  if (v === 'exact' || v === 'lbfgs') {
    return v;
  }
  throw pyErr(
    'ValueError',
    `${fname}(): method must be 'exact' or 'lbfgs', got ${typeof v === 'string' ? `'${v}'` : typeName(v)}`
  );
}

function tempArg(v: PyValue, fname: string): number {
  const t = fitOf(v)?.temperature ?? numberArg(v, fname, 'temperature');
  if (!(t > 0 && Number.isFinite(t))) {
    throw pyErr(
      'ValueError',
      `${fname}(): temperature must be a positive finite number, got ${floatRepr(t)}`
    );
  }
  return t;
}

/** bins=None → the user's setting (schema: calibrationBins). */
const binsArg = (v: PyValue, fname: string): number =>
  v === null ? getModuleDefaults().calibrationBins : posIntArg(v, fname, 'bins');

const METRIC_DOC = (what: string): string =>
  `${what}\n\nx: (N, C) probabilities, or logits with logits=True (softmax(x / temperature) is taken).\n` +
  `labels: (N,) integer class indices. bins: number of bins (default: the calibrationBins setting, 15).\n` +
  `convention: 'guo' (bins (lo, hi], Guo et al. / gpleiss) or 'torchmetrics' ([lo, hi) plus a bin at 1.0).`;

type MetricFn = (x: E.Tensor, labels: E.Tensor, opts: MetricOptions) => number;

function metric(name: string, compute: MetricFn, doc: string, binned = true): PyValue {
  return fn(
    name,
    "x, labels, *, logits=False, bins=None, convention='guo', temperature=1.0",
    (x, labels, logits, bins, conv, t) => {
      const opts: MetricOptions = {
        logits: boolFlag(logits, name, 'logits'),
        temperature: tempArg(t, name),
        bins: binned ? binsArg(bins, name) : undefined,
        convention: convArg(conv, name)
      };
      return compute(tensorArg(x, name, 'x'), labelsArg(labels, name), opts);
    },
    { doc: METRIC_DOC(doc) }
  );
}

function buildModule(ctx: ModuleContext): PyModule {
  // Tensors we return need torch's Tensor methods installed (torch loads lazily).
  ctx.importModule('torch');

  const table = fn(
    'table',
    'x, classes=None, *, logits=False, temperature=1.0, dim=-1, top_k=None',
    (x, classes, logits, t, dim, topK) => {
      const out = tableDisplay(tensorArg(x, 'table', 'x'), {
        classes: classesArg(classes, 'table'),
        logits: boolFlag(logits, 'table', 'logits'),
        temperature: tempArg(t, 'table'),
        dim: intArg(dim, 'table', 'dim'),
        topK: topK === null ? null : posIntArg(topK, 'table', 'top_k'),
        rowCap: getModuleDefaults().tableRowCap
      });
      ctx.display(out);
      return null;
    },
    {
      doc:
        'Displays an interactive probability table: rows are samples, columns the classes along `dim`.\n' +
        'With logits=True the values are shown as softmax(x / temperature) and the table gets a\n' +
        "temperature slider. top_k starts the table filtered to each row's k most likely classes."
    }
  );

  const calibration = genFn(
    'calibration',
    "logits, labels, *, bins=None, temperature=None, convention='guo', classes=None, probs=False",
    function* (x, labels, bins, t, conv, classes, isProbs) {
      const X = tensorArg(x, 'calibration', 'logits');
      const Y = labelsArg(labels, 'calibration');
      const logits = !boolFlag(isProbs, 'calibration', 'probs');
      const base = {
        logits,
        bins: binsArg(bins, 'calibration'),
        convention: convArg(conv, 'calibration'),
        classes: classesArg(classes, 'calibration')
      };
      if (!logits && t !== null) {
        throw pyErr(
          'ValueError',
          'calibration(): a temperature applies to logits; drop probs=True to pass logits'
        );
      }
      let out: CalibrationOutput;
      const given = fitOf(t);
      if (t === 'fit' || t === 'exact' || t === 'lbfgs') {
        out = buildCalibrationOutput(X, Y, {
          ...base,
          temperature: 1,
          fit: t === 'lbfgs' ? 'lbfgs' : 'exact'
        });
      } else if (given) {
        out = calibrationWithFit(X, Y, base, given);
      } else if (typeof t === 'string') {
        throw pyErr(
          'ValueError',
          `calibration(): temperature must be None, a number, 'fit' or a TemperatureFit, got '${t}'`
        );
      } else {
        out = buildCalibrationOutput(X, Y, {
          ...base,
          temperature: t === null ? 1 : tempArg(t, 'calibration')
        });
      }
      ctx.display(yield* calibrationDisplay(out));
      const p = out.payload;
      return makeCalibrationResult({
        before: { temperature: p.temperature, m: p.metricsBefore },
        after:
          p.metricsAfter && p.fit ? { temperature: p.fit.temperature, m: p.metricsAfter } : null,
        fit: out.fit,
        bins: p.bins,
        convention: p.convention,
        rows: p.totalRows,
        classes: p.classes,
        text: out.text
      });
    },
    {
      doc:
        'Displays a reliability diagram, confidence histogram and metrics; returns them as a CalibrationResult.\n' +
        "temperature: None (T = 1), a number, 'fit' (fit T on these rows: before/after shown together;\n" +
        "'lbfgs' uses the classic LBFGS recipe) or a TemperatureFit from sm.fit_temperature (e.g. fitted\n" +
        'on validation rows, shown before/after on these). Pass probs=True when the first argument holds probabilities.'
    }
  );

  const fitTemperature = fn(
    'fit_temperature',
    "logits, labels, *, method='exact'",
    (x, labels, m) =>
      makeFit(
        E.fitTemperature(
          tensorArg(x, 'fit_temperature', 'logits'),
          labelsArg(labels, 'fit_temperature'),
          { method: methodArg(m, 'fit_temperature') }
        )
      ),
    {
      doc:
        'Returns a TemperatureFit. Temperature scaling (Guo et al. 2017): the T > 0 minimising the NLL of softmax(logits / T).\n' +
        "'exact' is a safeguarded Newton iteration (1e-6 relative or better); 'lbfgs' replays the classic\n" +
        'recipe (T0 = 1.5, LBFGS lr=0.01, max_iter=50), including its usual early stop. float(result) is T.'
    }
  );

  const load = genFn(
    'load',
    'f',
    function* (f) {
      return yield* loadValue(ctx, f, 'load');
    },
    {
      doc:
        "Reads a file from the notebook's folder: .npy → tensor, .npz → dict of tensors,\n" +
        '.csv → float tensor, .json → tensor or dict, torch.save files (.pt/.pth) → what was saved.'
    }
  );

  const save = genFn(
    'save',
    'obj, f',
    function* (obj, f) {
      return yield* saveValue(ctx, obj, f, 'save', false);
    },
    {
      doc:
        "Writes obj to the notebook's folder; the format follows the extension: .npy or .csv (a tensor),\n" +
        '.npz (a dict of tensors), anything else the torch.save format.'
    }
  );

  return makeModule(
    'jupyterlab_softmax',
    {
      __version__: '0.1.0',
      table,
      calibration,
      fit_temperature: fitTemperature,
      ece: metric(
        'ece',
        E.ece,
        'ece(x, labels, ...) -> float: expected calibration error (top label, equal-width bins).'
      ),
      mce: metric(
        'mce',
        E.mce,
        'mce(x, labels, ...) -> float: maximum calibration error over non-empty bins.'
      ),
      ace: metric('ace', E.ace, 'ace(x, labels, ...) -> float: adaptive ECE over equal-mass bins.'),
      classwise_ece: metric(
        'classwise_ece',
        E.classwiseEce,
        'classwise_ece(x, labels, ...) -> float: mean over classes of the binned ECE of p_k (Kull et al.).'
      ),
      brier: metric(
        'brier',
        E.brier,
        'brier(x, labels, ...) -> float: multiclass Brier score (range [0, 2]).',
        false
      ),
      nll: metric(
        'nll',
        E.nll,
        'nll(x, labels, ...) -> float: mean negative log-likelihood (natural log).',
        false
      ),
      accuracy: metric(
        'accuracy',
        E.accuracy,
        'accuracy(x, labels, ...) -> float: top-1 accuracy.',
        false
      ),
      load,
      save,
      TemperatureFit: TemperatureFitClass,
      CalibrationResult: CalibrationResultClass,
      CalibrationMetrics: CalibrationMetricsClass
    },
    'Softmax tables, calibration plots and temperature fitting for notebooks.'
  );
}

export default buildModule;
export { buildModule };
