/**
 * The interactive calibration plot (application/vnd.jupyterlab-softmax.calibration+json):
 * reliability diagram + confidence histogram drawn by Vega from
 * outputs/plotspec, a metrics table, a temperature slider and "Fit T" that
 * recompute bins and metrics in the engine and redraw with before/after
 * overlaid, hover details per bin, and SVG/PNG downloads.
 *
 * PNG fallback: after the first draw, if the output has no image/png, a
 * light-themed PNG (and the SVG, if absent) of the payload's own state is
 * written back with model.setData, so saving the notebook in JupyterLab stores
 * it (the worker cannot rasterize: see outputs/calibplot.ts).
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';

import { calibrationReport, fitTemperature, type CalibrationMetrics } from '../engine/calibration';
import { Tensor } from '../engine/tensor';
import {
  decodeCalibrationArrays,
  parseCalibrationPayload,
  type CalibrationPayload
} from '../outputs/calibration';
import { payloadSeries, staticCalibrationSpec } from '../outputs/calibplot';
import {
  BINS_DATASET,
  binRows,
  calibrationSpec,
  LIGHT_COLORS,
  seriesLabel,
  type PlotSeries
} from '../outputs/plotspec';
import { headlessView, loadVegaLibs, type VegaLibs } from '../outputs/plotsvg';
import { button, download, el, errorBox, placeholder, TemperatureControl } from './dom';
import { fallbackText, payloadKey } from './mime';
import { themeColors, ThemeWatcher } from './theme';

/** The live Vega view (the parts we use beyond the headless interface). */
interface LiveView {
  data(name: string, values: unknown[]): LiveView;
  signal(name: string, value: unknown): LiveView;
  runAsync(): Promise<LiveView>;
  initialize(el: Element): LiveView;
  addEventListener(
    type: string,
    handler: (event: unknown, item: { datum?: Record<string, unknown> } | null) => void
  ): LiveView;
  finalize(): void;
}

const METRICS: [keyof CalibrationMetrics, string][] = [
  ['ece', 'ECE'],
  ['mce', 'MCE'],
  ['ace', 'ACE (equal-mass)'],
  ['classwiseEce', 'Classwise ECE'],
  ['nll', 'NLL'],
  ['brier', 'Brier'],
  ['accuracy', 'Accuracy']
];

const f4 = (v: number | null | undefined) =>
  typeof v === 'number' && Number.isFinite(v) ? v.toFixed(4) : 'nan';

export class CalibrationRenderer extends Widget implements IRenderMime.IRenderer {
  constructor(options: IRenderMime.IRendererOptions) {
    super();
    this.mimeType = options.mimeType;
    this.addClass('jp-SoftmaxCalibration');
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    try {
      const payload = model.data[this.mimeType];
      const key = payloadKey(payload);
      if (key === this.lastKey && this.payload) {
        return; // our own setData (PNG write-back) re-renders the same payload: keep the state
      }
      this.lastKey = key;
      this.teardown();
      const plain = fallbackText(model.data, this.mimeType);
      this.node.replaceChildren(placeholder(plain));
      const parsed = parseCalibrationPayload(payload);
      if (!parsed.ok) {
        this.node.replaceChildren(errorBox(parsed.error, plain));
        return;
      }
      const libs = await loadVegaLibs();
      if (this.isDisposed || key !== this.lastKey) {
        return;
      }
      if (!libs) {
        this.node.replaceChildren(
          errorBox('the plotting library (Vega) could not be loaded', plain)
        );
        return;
      }
      this.libs = libs;
      this.payload = parsed.value;
      this.build(parsed.value);
      await this.redraw(true);
      await this.writeBack(model);
    } catch (err) {
      this.node.replaceChildren(errorBox(`calibration renderer failed: ${String(err)}`, null));
    }
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.teardown();
    super.dispose();
  }

  private build(p: CalibrationPayload): void {
    const { before, after } = payloadSeries(p);
    this.before = before;
    this.current = after;
    this.currentMetrics = p.metricsAfter;
    this.metricsBody = el('tbody');
    const table = el('table', 'jp-SoftmaxCalibration-metrics');
    const head = el('thead');
    const hr = el('tr');
    this.metricsHead = [
      el('th', '', 'metric'),
      el('th', '', seriesLabel(before, 'before')),
      el('th', '', '')
    ];
    for (const h of this.metricsHead) {
      h.setAttribute('scope', 'col');
    }
    hr.append(...this.metricsHead);
    head.append(hr);
    table.append(head, this.metricsBody);

    const tools = el('div', 'jp-SoftmaxCalibration-toolbar');
    if (p.kind === 'logits') {
      const temp = new TemperatureControl(after?.temperature ?? p.temperature);
      this.temp = temp;
      let pending = 0;
      temp.onChange = t => {
        cancelAnimationFrame(pending);
        pending = requestAnimationFrame(() => void this.setTemperature(t));
      };
      tools.append(
        temp.node,
        button(
          'Fit T',
          'Find the temperature that minimises NLL and overlay it on the original',
          () => void this.fitTemperature()
        ),
        button('Reset', 'Back to the output as computed', () => {
          temp.set(p.fit?.temperature ?? p.temperature);
          this.current = payloadSeries(p).after;
          this.currentMetrics = p.metricsAfter;
          void this.redraw(false);
        })
      );
    }
    tools.append(
      button('SVG', 'Download the plot as SVG', () => void this.export('svg')),
      button('PNG', 'Download the plot as PNG', () => void this.export('png'))
    );
    this.hover = el(
      'div',
      'jp-SoftmaxCalibration-hover',
      'Hover a bin for its count, accuracy and confidence.'
    );
    this.hover.setAttribute('aria-live', 'polite');
    this.plot = el('div', 'jp-SoftmaxCalibration-plot');
    this.plot.setAttribute('role', 'img');
    const notes: HTMLElement[] = [];
    if (p.sampled) {
      notes.push(
        el(
          'div',
          'jp-SoftmaxCalibration-note',
          `Metrics at other temperatures use the ${p.values.shape[0].toLocaleString('en-US')} rows shipped with the output (evenly spaced) of ${p.totalRows.toLocaleString('en-US')}; the original column uses all rows.`
        )
      );
    }
    if (p.fit && !p.fit.converged) {
      notes.push(el('div', 'jp-SoftmaxCalibration-note', `Fit: ${p.fit.note}`));
    }
    this.node.replaceChildren(tools, this.plot, this.hover, table, ...notes);
    this.theme = new ThemeWatcher(() => void this.redraw(true));
    if (typeof ResizeObserver !== 'undefined') {
      this.resize = new ResizeObserver(() => {
        const w = this.node.clientWidth;
        if (Math.abs(w - this.drawnWidth) > 24) {
          void this.redraw(true);
        }
      });
      this.resize.observe(this.node);
    }
  }

  /** Bins and metrics at temperature t over the shipped rows (engine code, float64). */
  private async setTemperature(t: number): Promise<void> {
    const p = this.payload!;
    const { x, labels } = this.arrays();
    const rep = calibrationReport(x, labels, {
      logits: true,
      temperature: t,
      bins: p.bins,
      convention: p.convention
    });
    this.current = {
      temperature: t,
      bins: rep.bins.map(b => ({
        ...b,
        accuracy: fin(b.accuracy),
        confidence: fin(b.confidence),
        gap: fin(b.gap)
      })),
      ece: rep.metrics.ece
    };
    this.currentMetrics = rep.metrics;
    await this.redraw(false);
  }

  private async fitTemperature(): Promise<void> {
    const p = this.payload!;
    // The kernel's fit used every row; refit here only when it did not fit.
    const t = p.fit
      ? p.fit.temperature
      : fitTemperature(this.arrays().x, this.arrays().labels).temperature;
    this.temp?.set(t);
    if (p.fit && p.metricsAfter && p.reliabilityAfter) {
      this.current = payloadSeries(p).after;
      this.currentMetrics = p.metricsAfter;
      await this.redraw(false);
    } else {
      await this.setTemperature(t);
    }
  }

  private arrays(): { x: Tensor; labels: Tensor } {
    if (!this.tensors) {
      const a = decodeCalibrationArrays(this.payload!);
      this.tensors = {
        x: Tensor.fromStorage(a.values, [a.rows, a.classes], 'float32'),
        labels: Tensor.fromStorage(a.labels, [a.rows], 'int32')
      };
    }
    return this.tensors;
  }

  /** Update the metrics table and the plot; `rebuild` re-creates the Vega view (theme, size, series set). */
  private async redraw(rebuild: boolean): Promise<void> {
    const libs = this.libs;
    if (!libs || !this.payload || this.isDisposed) {
      return;
    }
    this.fillMetrics();
    const before = this.before!;
    const after = this.current;
    const hasAfter = after !== null;
    if (!this.view || rebuild || hasAfter !== this.viewHasAfter) {
      this.view?.finalize();
      const width = this.node.clientWidth || 640;
      const panel = Math.max(180, Math.min(420, Math.floor((width - 160) / 2)));
      const spec = calibrationSpec(before, after, {
        colors: themeColors(this.node),
        panelWidth: panel,
        panelHeight: Math.round(panel * 0.8)
      });
      const view = new libs.vega.View(libs.vega.parse(libs.vl.compile(spec).spec), {
        renderer: 'svg',
        hover: true
      }) as unknown as LiveView;
      view.initialize(this.plot!);
      view.addEventListener('mouseover', (_e, item) => this.showBin(item?.datum));
      view.addEventListener('mouseout', () => this.showBin(undefined));
      this.view = view;
      this.viewHasAfter = hasAfter;
      this.drawnWidth = width;
    } else {
      this.view.data(BINS_DATASET, binRows(before, after));
      if (after) {
        this.view.signal('afterLabel', seriesLabel(after, 'after'));
      }
    }
    this.plot!.setAttribute(
      'aria-label',
      `Reliability diagram and confidence histogram, ${this.metricsSummary()}`
    );
    await this.view.runAsync();
  }

  private showBin(d: Record<string, unknown> | undefined): void {
    if (!this.hover) {
      return;
    }
    if (!d || typeof d.count !== 'number' || typeof d.lo !== 'number') {
      this.hover.textContent = 'Hover a bin for its count, accuracy and confidence.';
      return;
    }
    const series =
      d.series === 'after' && this.current
        ? seriesLabel(this.current, 'after')
        : seriesLabel(this.before!, 'before');
    this.hover.textContent = `${series}, bin (${(d.lo as number).toFixed(3)}, ${(d.hi as number).toFixed(3)}]: count ${d.count}, accuracy ${f4(d.accuracy as number)}, confidence ${f4(d.confidence as number)}, gap ${f4(d.gap as number)}`;
  }

  private metricsSummary(): string {
    const p = this.payload!;
    const now = this.currentMetrics;
    return now && this.current
      ? `ECE ${f4(p.metricsBefore.ece)} at ${seriesLabel(this.before!, 'before')}, ${f4(now.ece)} at ${seriesLabel(this.current, 'after')}`
      : `ECE ${f4(p.metricsBefore.ece)}`;
  }

  private fillMetrics(): void {
    const p = this.payload!;
    const now = this.current ? this.currentMetrics : null;
    this.metricsHead[2].textContent = now && this.current ? seriesLabel(this.current, 'after') : '';
    const rows = METRICS.map(([k, name]) => {
      const tr = el('tr');
      const th = el('th', '', name);
      th.setAttribute('scope', 'row');
      tr.append(th, el('td', '', f4(p.metricsBefore[k])), el('td', '', now ? f4(now[k]) : ''));
      return tr;
    });
    const info = el('tr');
    const th = el('th', '', 'Bins');
    th.setAttribute('scope', 'row');
    const td = el(
      'td',
      '',
      `${p.bins} (${p.convention === 'guo' ? 'guo: (lo, hi]' : 'torchmetrics: [lo, hi) + [1, 1]'}), N = ${p.totalRows.toLocaleString('en-US')}`
    );
    td.colSpan = 2;
    info.append(th, td);
    this.metricsBody!.replaceChildren(...rows, info);
  }

  /** Download the current state as SVG or PNG (light palette and a title, like the saved fallback). */
  private async export(kind: 'svg' | 'png'): Promise<void> {
    const libs = this.libs;
    const p = this.payload;
    if (!libs || !p) {
      return;
    }
    const spec = calibrationSpec(this.before!, this.current, {
      colors: LIGHT_COLORS,
      title: 'Calibration',
      subtitle: this.metricsSummary()
    });
    const view = headlessView(libs, spec);
    try {
      if (kind === 'svg') {
        download('calibration.svg', await view.toSVG(), 'image/svg+xml');
      } else {
        const url = await view.toImageURL('png', 2);
        download('calibration.png', await (await fetch(url)).blob());
      }
    } finally {
      view.finalize();
    }
  }

  /**
   * Store a light PNG (and SVG) of the payload's state in the output, once.
   * Only for trusted outputs (a run in this session, or a notebook the user
   * trusted), so opening someone's notebook never marks it as changed.
   * Best effort: where rasterizing fails (no canvas, or a browser that blocks
   * canvas reads) the live plot stays and the output keeps its fallbacks.
   */
  private async writeBack(model: IRenderMime.IMimeModel): Promise<void> {
    // Untrusted notebooks (opened from elsewhere) are shown, never modified.
    if (model.data['image/png'] || !model.trusted || !this.libs || !this.payload) {
      return;
    }
    const view = headlessView(this.libs, staticCalibrationSpec(this.payload));
    try {
      const url = await view.toImageURL('png', 2);
      const data: Record<string, unknown> = {
        ...model.data,
        'image/png': url.slice(url.indexOf(',') + 1)
      };
      if (!data['image/svg+xml']) {
        data['image/svg+xml'] = await view.toSVG();
      }
      if (!this.isDisposed && payloadKey(model.data[this.mimeType]) === this.lastKey) {
        model.setData({ data: data as IRenderMime.IMimeModel['data'] });
      }
    } catch (err) {
      console.warn('jupyterlab-softmax: could not store a PNG of the calibration plot:', err);
    } finally {
      view.finalize();
    }
  }

  private teardown(): void {
    this.view?.finalize();
    this.view = null;
    this.theme?.dispose();
    this.theme = null;
    this.resize?.disconnect();
    this.resize = null;
    this.payload = null;
    this.tensors = null;
  }

  private readonly mimeType: string;
  private lastKey = '';
  private payload: CalibrationPayload | null = null;
  private libs: VegaLibs | null = null;
  private view: LiveView | null = null;
  private viewHasAfter = false;
  private drawnWidth = 0;
  private before: PlotSeries | null = null;
  private current: PlotSeries | null = null;
  private currentMetrics: CalibrationMetrics | null = null;
  private tensors: { x: Tensor; labels: Tensor } | null = null;
  private temp: TemperatureControl | null = null;
  private theme: ThemeWatcher | null = null;
  private resize: ResizeObserver | null = null;
  private plot: HTMLElement | null = null;
  private hover: HTMLElement | null = null;
  private metricsBody: HTMLElement | null = null;
  private metricsHead: HTMLElement[] = [];
}

const fin = (v: number): number | null => (Number.isFinite(v) ? v : null);
