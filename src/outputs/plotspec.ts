/**
 * The calibration plot as a Vega-Lite spec (plain JSON, no DOM, no library
 * import): a reliability diagram (per-bin accuracy bars, the gap to mean
 * confidence shaded, the diagonal) beside a confidence histogram, with an
 * optional "after" series overlaid on "before". The engine computes the bins;
 * Vega draws axes, ticks and scales. The same spec makes the live view in the
 * renderer and the static SVG/PNG fallbacks, so they always agree.
 */
import type { BinJson } from './calibration';

/** One series of bins: the payload's "before" or a temperature being tried. */
export interface PlotSeries {
  temperature: number | null; // null for probabilities (no temperature)
  bins: BinJson[];
  ece: number | null;
}

export interface PlotColors {
  background: string;
  text: string;
  grid: string;
  domain: string;
  before: string;
  after: string;
  gap: string;
  diagonal: string;
  font: string;
}

/** Fixed light palette for the static fallbacks (GitHub/nbviewer pages are light). */
export const LIGHT_COLORS: PlotColors = {
  background: '#ffffff',
  text: '#212121',
  grid: '#e0e0e0',
  domain: '#9e9e9e',
  before: '#9e9e9e',
  after: '#1976d2',
  gap: '#d32f2f',
  diagonal: '#616161',
  font: 'sans-serif'
};

export interface PlotOptions {
  colors: PlotColors;
  /** Width and height of each of the two panels, in px. */
  panelWidth?: number;
  panelHeight?: number;
  /** Title + subtitle (static fallbacks; the live view shows metrics in the DOM). */
  title?: string | null;
  subtitle?: string | null;
}

/** The name of the dataset the live view replaces with `view.data(...)`. */
export const BINS_DATASET = 'bins';

export interface BinRow {
  series: 'before' | 'after';
  lo: number;
  hi: number;
  count: number;
  accuracy: number;
  confidence: number;
  gap: number;
}

/** Non-empty bins of both series as flat rows for the spec. */
export function binRows(before: PlotSeries, after: PlotSeries | null): BinRow[] {
  const rows: BinRow[] = [];
  const add = (series: 'before' | 'after', s: PlotSeries) => {
    for (const b of s.bins) {
      if (b.count > 0 && b.accuracy !== null && b.confidence !== null) {
        rows.push({
          series,
          lo: b.lo,
          hi: b.hi,
          count: b.count,
          accuracy: b.accuracy,
          confidence: b.confidence,
          gap: b.gap ?? b.confidence - b.accuracy
        });
      }
    }
  };
  add('before', before);
  if (after) {
    add('after', after);
  }
  return rows;
}

/** Legend label of a series, e.g. "T = 1.734". */
export function seriesLabel(s: PlotSeries, which: 'before' | 'after'): string {
  if (s.temperature === null) {
    return which === 'before' ? 'probabilities' : 'after';
  }
  return `T = ${s.temperature.toFixed(3)}`;
}

const TOOLTIP = [
  { field: 'series', title: 'series' },
  { field: 'lo', title: 'from', format: '.3f' },
  { field: 'hi', title: 'to', format: '.3f' },
  { field: 'count', title: 'count', format: ',d' },
  { field: 'accuracy', title: 'accuracy', format: '.4f' },
  { field: 'confidence', title: 'confidence', format: '.4f' },
  { field: 'gap', title: 'gap (conf − acc)', format: '+.4f' }
];

export function calibrationSpec(
  before: PlotSeries,
  after: PlotSeries | null,
  opts: PlotOptions
): Record<string, unknown> {
  const c = opts.colors;
  const w = opts.panelWidth ?? 280;
  const h = opts.panelHeight ?? 240;
  // The series drawn filled and with its gap shaded: "after" when present.
  const focus = after ? 'after' : 'before';
  const x = {
    field: 'lo',
    type: 'quantitative',
    title: 'confidence',
    scale: { domain: [0, 1], nice: false, zero: true }
  };
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: {
      domain: after ? ['before', 'after'] : ['before'],
      range: after ? [c.before, c.after] : [c.after]
    },
    legend: after
      ? { orient: 'top', labelExpr: "datum.label === 'before' ? beforeLabel : afterLabel" }
      : null
  };
  // "before" as an outline over the filled "after" (only when there is an after).
  const outline = {
    transform: [{ filter: "datum.series === 'before'" }],
    mark: { type: 'bar', filled: false, strokeWidth: 1.5 },
    encoding: { color }
  };
  const filled = {
    transform: [{ filter: `datum.series === '${focus}'` }],
    mark: { type: 'bar', opacity: 0.8, stroke: c.background, strokeWidth: 0.5 },
    encoding: { color }
  };
  // Bars are ranged in x (lo..hi), so their base must be given explicitly.
  const accY = {
    field: 'accuracy',
    type: 'quantitative',
    title: 'accuracy',
    scale: { domain: [0, 1] }
  };
  const reliability = {
    width: w,
    height: h,
    encoding: { x, x2: { field: 'hi' }, tooltip: TOOLTIP },
    layer: [
      { ...filled, encoding: { ...filled.encoding, y: accY, y2: { datum: 0 } } },
      ...(after
        ? [{ ...outline, encoding: { ...outline.encoding, y: accY, y2: { datum: 0 } } }]
        : []),
      {
        // The gap between accuracy and mean confidence, per bin.
        transform: [{ filter: `datum.series === '${focus}'` }],
        mark: {
          type: 'bar',
          color: c.gap,
          opacity: 0.3,
          stroke: c.gap,
          strokeWidth: 0.5,
          strokeDash: [2, 2]
        },
        encoding: { y: { field: 'accuracy', type: 'quantitative' }, y2: { field: 'confidence' } }
      },
      {
        data: { values: [{ lo: 0, hi: 1, a: 0, b: 1 }] },
        mark: { type: 'rule', color: c.diagonal, strokeDash: [4, 4] },
        encoding: {
          x: { field: 'lo', type: 'quantitative' },
          x2: { field: 'hi' },
          y: { field: 'a', type: 'quantitative' },
          y2: { field: 'b' },
          tooltip: null
        }
      }
    ]
  };
  const histogram = {
    width: w,
    height: h,
    encoding: {
      x,
      x2: { field: 'hi' },
      tooltip: TOOLTIP,
      y: { field: 'count', type: 'quantitative', title: 'samples', scale: { zero: true } },
      y2: { datum: 0 }
    },
    layer: after ? [filled, outline] : [filled]
  };
  const spec: Record<string, unknown> = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { name: BINS_DATASET },
    datasets: { [BINS_DATASET]: binRows(before, after) },
    params: [
      { name: 'beforeLabel', value: seriesLabel(before, 'before') },
      { name: 'afterLabel', value: after ? seriesLabel(after, 'after') : '' }
    ],
    hconcat: [
      { ...reliability, title: { text: 'Reliability', anchor: 'start', fontSize: 12 } },
      { ...histogram, title: { text: 'Confidence histogram', anchor: 'start', fontSize: 12 } }
    ],
    resolve: { scale: { color: 'shared' } },
    padding: 8,
    config: {
      background: c.background,
      font: c.font,
      view: { stroke: c.grid },
      axis: {
        labelColor: c.text,
        titleColor: c.text,
        gridColor: c.grid,
        domainColor: c.domain,
        tickColor: c.domain,
        labelFont: c.font,
        titleFont: c.font
      },
      legend: { labelColor: c.text, titleColor: c.text, labelFont: c.font },
      title: { color: c.text, subtitleColor: c.text, font: c.font, subtitleFont: c.font }
    }
  };
  if (opts.title) {
    spec.title = { text: opts.title, subtitle: opts.subtitle ?? undefined, anchor: 'start' };
  }
  return spec;
}
