/**
 * The one place this module builds display bundles (src/outputs owns the
 * payloads and fallbacks). Kept separate so switching to the renderer
 * engineer's builders is a one-file change.
 */
import type { DisplayOutput } from '../../../outputs/bundle';
import { buildTableBundle, type TableOptions } from '../../../outputs/table';
import {
  buildCalibrationOutput,
  calibrationBundle,
  calibrationSummary,
  type CalibrationOutput,
  type CalibrationOutputOptions,
  type BinJson
} from '../../../outputs/calibration';
import { staticCalibrationSpec } from '../../../outputs/calibplot';
import { specToSvg } from '../../../outputs/plotsvg';
import { Tensor, calibrationReport, type FitResult } from '../../../engine';
import { rt } from '../../runtime';
import type { Gen } from '../../native';

export function tableDisplay(x: Tensor, opts: TableOptions): DisplayOutput {
  return buildTableBundle(x, opts);
}

/**
 * The calibration bundle: payload + text/plain, plus the static plot as
 * image/svg+xml when Vega can run here (worker, Node; not jest). The SVG is
 * async, so this is a generator the calling native delegates to; the
 * synchronous runner skips the picture. The renderer adds image/png in the
 * browser after the first draw (see src/outputs/calibplot.ts).
 */
export function* calibrationDisplay(out: CalibrationOutput): Gen<DisplayOutput> {
  const data = calibrationBundle(out);
  if (!rt().sync) {
    const svg = (yield specToSvg(staticCalibrationSpec(out.payload)).catch(() => null)) as
      string | null;
    if (svg) {
      data['image/svg+xml'] = svg;
    }
  }
  return { data, metadata: {} };
}

const numOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * Calibration output for a temperature fitted elsewhere (sm.calibration(test_logits,
 * test_labels, temperature=fit_on_validation)): the "before" column at T = 1 and the
 * "after" column at the given fit's T, without refitting on these rows.
 */
export function calibrationWithFit(
  x: Tensor,
  labels: Tensor,
  opts: CalibrationOutputOptions,
  fit: FitResult
): CalibrationOutput {
  const out = buildCalibrationOutput(x, labels, {
    ...opts,
    logits: true,
    temperature: 1,
    fit: null
  });
  const after = calibrationReport(x, labels, {
    logits: true,
    temperature: fit.temperature,
    bins: out.payload.bins,
    convention: out.payload.convention
  });
  const p = out.payload;
  p.fit = {
    temperature: fit.temperature,
    method: fit.method,
    nllBefore: fit.nllBefore,
    nllAfter: fit.nllAfter,
    iterations: fit.iterations,
    converged: fit.converged,
    note: fit.note
  };
  p.metricsAfter = after.metrics;
  p.reliabilityAfter = after.bins.map((b): BinJson => ({
    lo: b.lo,
    hi: b.hi,
    count: b.count,
    accuracy: numOrNull(b.accuracy),
    confidence: numOrNull(b.confidence),
    gap: numOrNull(b.gap)
  }));
  return { payload: p, text: calibrationSummary(p), fit };
}
