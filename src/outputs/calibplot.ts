/**
 * The full calibration display bundle: the calibration engineer's payload and
 * text/plain (./calibration) plus the plot fallback. `image/svg+xml` is drawn
 * here by Vega from the same spec as the live view, with a fixed light palette.
 *
 * `image/png` is NOT made here: Vega rasterizes only through a DOM canvas (its
 * vega-canvas module looks for `document.createElement('canvas')`; no
 * OffscreenCanvas path) and there is no rasterizer in the worker or in Node
 * without native modules. The renderer writes the PNG (and the SVG, if absent)
 * back into the output model after the first draw, as JupyterLab's own Vega
 * renderer does, so a notebook run and saved in JupyterLab carries both.
 * There is deliberately no text/html: GitHub strips styled HTML and shows PNG.
 */
import { Tensor } from '../engine/tensor';
import type { DisplayOutput } from './bundle';
import {
  buildCalibrationOutput,
  calibrationBundle,
  type CalibrationOutputOptions,
  type CalibrationPayload
} from './calibration';
import { calibrationSpec, LIGHT_COLORS, type PlotColors, type PlotSeries } from './plotspec';
import { specToSvg } from './plotsvg';

/** The payload's before/after series for the plot. */
export function payloadSeries(p: CalibrationPayload): {
  before: PlotSeries;
  after: PlotSeries | null;
} {
  return {
    before: {
      temperature: p.kind === 'logits' ? p.temperature : null,
      bins: p.reliabilityBefore,
      ece: p.metricsBefore.ece
    },
    after:
      p.fit && p.reliabilityAfter && p.metricsAfter
        ? { temperature: p.fit.temperature, bins: p.reliabilityAfter, ece: p.metricsAfter.ece }
        : null
  };
}

const f4 = (v: number | null | undefined) =>
  typeof v === 'number' && Number.isFinite(v) ? v.toFixed(4) : 'nan';

/** "ECE 0.0712 → 0.0154 (fit T = 1.734) · N = 10,000 · 15 bins (guo)". */
export function calibrationSubtitle(p: CalibrationPayload): string {
  const ece =
    p.fit && p.metricsAfter
      ? `ECE ${f4(p.metricsBefore.ece)} → ${f4(p.metricsAfter.ece)} (fit T = ${p.fit.temperature.toFixed(3)})`
      : `ECE ${f4(p.metricsBefore.ece)}${p.kind === 'logits' ? ` at T = ${p.temperature.toFixed(3)}` : ''}`;
  return `${ece} · accuracy ${f4(p.metricsBefore.accuracy)} · N = ${p.totalRows.toLocaleString('en-US')} · ${p.bins} bins (${p.convention})`;
}

/** The static plot spec (title and metrics included) for SVG/PNG fallbacks and downloads. */
export function staticCalibrationSpec(
  p: CalibrationPayload,
  colors: PlotColors = LIGHT_COLORS
): Record<string, unknown> {
  const { before, after } = payloadSeries(p);
  return calibrationSpec(before, after, {
    colors,
    title: 'Calibration',
    subtitle: calibrationSubtitle(p)
  });
}

/** Payload + text/plain, without the plot image (for hosts that cannot await). */
export function buildCalibrationBundleSync(
  x: Tensor,
  labels: Tensor,
  opts: CalibrationOutputOptions = {}
): DisplayOutput & { payload: CalibrationPayload } {
  const out = buildCalibrationOutput(x, labels, opts);
  return { data: calibrationBundle(out), metadata: {}, payload: out.payload };
}

/**
 * The full bundle: custom MIME + text/plain + image/svg+xml (when Vega can run
 * here: the worker and Node, not jest). Throws TorchError for bad input, like
 * the metrics do.
 */
export async function buildCalibrationBundle(
  x: Tensor,
  labels: Tensor,
  opts: CalibrationOutputOptions = {}
): Promise<DisplayOutput> {
  const { data, metadata, payload } = buildCalibrationBundleSync(x, labels, opts);
  const svg = await specToSvg(staticCalibrationSpec(payload));
  if (svg) {
    data['image/svg+xml'] = svg;
  }
  return { data, metadata };
}
