/**
 * @jest-environment jsdom
 *
 * The calibration-plot renderer in a DOM (issue #6): the extension's own
 * renderer, fed bundles built by the kernel's builder (src/outputs/calibplot),
 * with Vega drawing real SVG into jsdom.
 *
 * Vega and Vega-Lite publish an ES-module build (with a top-level await) that
 * jest's CommonJS runtime cannot load, and a UMD build of the same release;
 * `vega` and `vega-lite` resolve to the UMD files here. That is the real
 * library, not a stand-in. jsdom has no canvas, so the PNG write-back cannot
 * rasterize: the test checks that this failure leaves the plot in place.
 */
import './dom_env';
import * as fs from 'fs';
import * as path from 'path';
import { loadNpz } from '../../src/engine/io/npz';
import { Tensor } from '../../src/engine/tensor';
import { binEdges } from '../../src/engine/calibration';
import {
  buildCalibrationBundle,
  buildCalibrationBundleSync,
  staticCalibrationSpec
} from '../../src/outputs/calibplot';
import { decodeCalibrationArrays, type CalibrationPayload } from '../../src/outputs/calibration';
import { specToSvg } from '../../src/outputs/plotsvg';
import { CALIBRATION_MIME } from '../../src/renderers/mime';
import {
  createRenderer,
  fire,
  guardErrors,
  injected,
  nextFrame,
  softmaxRow,
  TestMimeModel,
  typeInto
} from './dom_harness';

// The UMD builds by absolute path (the packages' "exports" map only the ES modules).
jest.mock('vega', () =>
  jest.requireActual(
    jest
      .requireActual<typeof import('path')>('path')
      .resolve(__dirname, '../../node_modules/vega/build/vega.js')
  )
);
jest.mock('vega-lite', () =>
  jest.requireActual(
    jest
      .requireActual<typeof import('path')>('path')
      .resolve(__dirname, '../../node_modules/vega-lite/build/vega-lite.min.js')
  )
);

// jsdom's own report that it has no canvas (Vega probes for one when it loads).
guardErrors([/Not implemented: HTMLCanvasElement\.prototype\.getContext/]);

let warn: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => warn.mockRestore());

const EVIL = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  'javascript:alert(3)',
  ...Array.from({ length: 7 }, (_, j) => `c${j}`)
];
const rec = loadNpz(
  new Uint8Array(
    fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'calibration', 'realistic.npz'))
  )
);

/** The bundle the kernel sends, as stored in a notebook (JSON round trip). */
function bundle(x: Tensor, labels: Tensor, opts: Parameters<typeof buildCalibrationBundleSync>[2]) {
  const { data } = buildCalibrationBundleSync(x, labels, opts);
  return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
}
const fitted = () => bundle(rec.logits, rec.labels, { logits: true, fit: 'exact', classes: EVIL });

/** Reference metrics in float64 over the payload's rows (guo bins (lo, hi]). */
function reference(p: CalibrationPayload, t: number) {
  const { values, labels, rows, classes } = decodeCalibrationArrays(p);
  const edges = binEdges(p.bins);
  const count = new Float64Array(p.bins);
  const acc = new Float64Array(p.bins);
  const conf = new Float64Array(p.bins);
  let correct = 0;
  let nll = 0;
  for (let i = 0; i < rows; i++) {
    const pr = softmaxRow(values.subarray(i * classes, (i + 1) * classes), t);
    const top = pr.indexOf(Math.max(...pr));
    const ok = top === labels[i] ? 1 : 0;
    correct += ok;
    nll -= Math.log(pr[labels[i]]);
    const b = edges.findIndex((e, k) => k > 0 && pr[top] > edges[k - 1] && pr[top] <= e) - 1;
    if (b >= 0) {
      count[b]++;
      acc[b] += ok;
      conf[b] += pr[top];
    }
  }
  let ece = 0;
  for (let b = 0; b < p.bins; b++) {
    if (count[b]) {
      ece += Math.abs(acc[b] - conf[b]) / rows;
    }
  }
  return {
    ece,
    nll: nll / rows,
    accuracy: correct / rows,
    nonEmpty: count.filter(c => c > 0).length
  };
}

async function render(data: Record<string, unknown>, trusted = false) {
  const model = new TestMimeModel(data, trusted);
  const r = createRenderer(CALIBRATION_MIME);
  await r.renderModel(model);
  return { r, node: r.node, model };
}

/** The metrics table as { metric: [before, after] }, and its column headers. */
function metrics(node: HTMLElement) {
  const table = node.querySelector('.jp-SoftmaxCalibration-metrics')!;
  const heads = Array.from(table.querySelectorAll('thead th'), th => th.textContent);
  const rows: Record<string, string[]> = {};
  for (const tr of Array.from(table.querySelectorAll('tbody tr'))) {
    rows[tr.querySelector('th')!.textContent!] = Array.from(
      tr.querySelectorAll('td'),
      td => td.textContent!
    );
  }
  return { heads, rows };
}

/** Paths per Vega mark group of a type, e.g. bars ('rect') or the diagonal ('rule'). */
function marks(node: Element, type: 'rect' | 'rule' | 'text'): Element[][] {
  return Array.from(node.querySelectorAll(`svg g.mark-${type}.role-mark`)).map(g =>
    Array.from(g.querySelectorAll(type === 'rect' ? 'path' : type === 'rule' ? 'line' : 'text'))
  );
}

/** Wait until the metrics table shows `head` as the after column (Vega runs async). */
async function untilAfterColumn(node: HTMLElement, head: string): Promise<void> {
  for (let i = 0; i < 200 && metrics(node).heads[2] !== head; i++) {
    await nextFrame();
  }
  expect(metrics(node).heads[2]).toBe(head);
  await nextFrame();
}

describe('a fitted calibration plot (10,000 × 10 logits)', () => {
  test('Vega draws the bars, the diagonal and the axes as SVG; the metrics table holds the numbers', async () => {
    const data = fitted();
    const p = data[CALIBRATION_MIME] as CalibrationPayload;
    const { node } = await render(data);
    expect(node.querySelector('.jp-SoftmaxError')).toBeNull();
    const svg = node.querySelector('.jp-SoftmaxCalibration-plot svg')!;
    expect(svg).not.toBeNull();
    const nonEmpty = (bins: { count: number }[]) => bins.filter(b => b.count > 0).length;
    const bars = marks(node, 'rect').map(g => g.length);
    // Reliability: filled "after" bars, outlined "before" bars, gap bars; then the histogram's two.
    expect(bars).toEqual([
      nonEmpty(p.reliabilityAfter!),
      nonEmpty(p.reliabilityBefore),
      nonEmpty(p.reliabilityAfter!),
      nonEmpty(p.reliabilityAfter!),
      nonEmpty(p.reliabilityBefore)
    ]);
    // The diagonal: one rule from the bottom-left corner to the top-right one.
    const rules = marks(node, 'rule').flat();
    expect(rules).toHaveLength(1);
    const tr = rules[0]
      .getAttribute('transform')!
      .match(/-?[\d.]+/g)!
      .map(Number);
    const [x0, y0] = tr.length ? tr : [0, 0];
    const x1 = x0 + Number(rules[0].getAttribute('x2'));
    const y1 = y0 + Number(rules[0].getAttribute('y2'));
    expect([x0, y1]).toEqual([0, 0]);
    expect(x1).toBeGreaterThan(100);
    expect(y0).toBeGreaterThan(100);
    const texts = Array.from(svg.querySelectorAll('text'), t => t.textContent);
    for (const t of ['Reliability', 'Confidence histogram', 'confidence', 'accuracy', 'samples']) {
      expect(texts).toContain(t);
    }
    const fitLabel = `T = ${p.fit!.temperature.toFixed(3)}`;
    expect(texts).toEqual(expect.arrayContaining(['T = 1.000', fitLabel]));

    const m = metrics(node);
    expect(m.heads).toEqual(['metric', 'T = 1.000', fitLabel]);
    const keys = [
      ['ECE', 'ece'],
      ['MCE', 'mce'],
      ['ACE (equal-mass)', 'ace'],
      ['Classwise ECE', 'classwiseEce'],
      ['NLL', 'nll'],
      ['Brier', 'brier'],
      ['Accuracy', 'accuracy']
    ] as const;
    for (const [name, k] of keys) {
      expect(m.rows[name]).toEqual([p.metricsBefore[k].toFixed(4), p.metricsAfter![k].toFixed(4)]);
    }
    expect(m.rows.Bins[0]).toBe('15 (guo: (lo, hi]), N = 10,000');
    // Independent float64 check of the numbers the kernel shipped.
    const ref = reference(p, 1);
    expect(Number(m.rows.ECE[0])).toBeCloseTo(ref.ece, 3);
    expect(Number(m.rows.NLL[0])).toBeCloseTo(ref.nll, 3);
    expect(Number(m.rows.Accuracy[0])).toBeCloseTo(ref.accuracy, 4);
    expect(Number(m.rows.ECE[1])).toBeLessThan(Number(m.rows.ECE[0]));
    expect(node.querySelector('.jp-SoftmaxCalibration-plot')!.getAttribute('aria-label')).toBe(
      `Reliability diagram and confidence histogram, ECE ${m.rows.ECE[0]} at T = 1.000, ${m.rows.ECE[1]} at ${fitLabel}`
    );
    // Class names travel in the payload but nothing from them becomes markup.
    expect(injected(node)).toEqual([]);
  }, 60_000);

  test('an untrusted output is never written back (opening a notebook does not modify it)', async () => {
    const { node, model } = await render(fitted(), false);
    expect(node.querySelector('.jp-SoftmaxCalibration-plot svg')).not.toBeNull();
    expect(model.updates).toHaveLength(0);
    expect(warn).not.toHaveBeenCalled();
  });

  test('without a canvas the PNG write-back fails quietly: the plot stays, the output is unchanged', async () => {
    const { node, model } = await render(fitted(), true);
    expect(node.querySelector('.jp-SoftmaxCalibration-plot svg')).not.toBeNull();
    expect(node.querySelector('.jp-SoftmaxError')).toBeNull();
    expect(model.updates).toHaveLength(0);
    expect(warn).toHaveBeenCalledWith(
      'jupyterlab-softmax: could not store a PNG of the calibration plot:',
      expect.anything()
    );
    // With a PNG already in the output there is nothing to write back.
    warn.mockClear();
    const again = await render({ ...fitted(), 'image/png': 'iVBORw0KGgo=' }, true);
    expect(again.model.updates).toHaveLength(0);
    expect(warn).not.toHaveBeenCalled();
  }, 60_000);

  test('the temperature slider recomputes bins and metrics over the shipped rows; Fit T and Reset restore the fit', async () => {
    const data = fitted();
    const p = data[CALIBRATION_MIME] as CalibrationPayload;
    const { node } = await render(data);
    const slider = node.querySelector<HTMLInputElement>('.jp-SoftmaxTemperature-slider')!;
    typeInto(slider, String(Math.log(2)));
    await untilAfterColumn(node, 'T = 2.000');
    let m = metrics(node);
    const ref = reference(p, 2);
    expect(Number(m.rows.ECE[1])).toBeCloseTo(ref.ece, 3);
    expect(Number(m.rows.NLL[1])).toBeCloseTo(ref.nll, 3);
    expect(Number(m.rows.Accuracy[1])).toBeCloseTo(ref.accuracy, 4);
    // The before column stays; the plot's filled bars are the new bins.
    expect(m.rows.ECE[0]).toBe(p.metricsBefore.ece.toFixed(4));
    expect(marks(node, 'rect')[0]).toHaveLength(ref.nonEmpty);
    expect(Array.from(node.querySelectorAll('svg text'), t => t.textContent)).toContain(
      'T = 2.000'
    );

    const fitLabel = `T = ${p.fit!.temperature.toFixed(3)}`;
    const buttons = Array.from(node.querySelectorAll('button'));
    fire(
      buttons.find(b => b.textContent === 'Fit T')!,
      'click'
    );
    await untilAfterColumn(node, fitLabel);
    m = metrics(node);
    expect(m.rows.ECE[1]).toBe(p.metricsAfter!.ece.toFixed(4));
    expect(node.querySelector<HTMLInputElement>('.jp-SoftmaxTemperature-value')!.value).toBe(
      String(Number(p.fit!.temperature.toPrecision(4)))
    );

    typeInto(node.querySelector<HTMLInputElement>('.jp-SoftmaxTemperature-value')!, '0.5');
    await untilAfterColumn(node, 'T = 0.500');
    expect(Number(metrics(node).rows.ECE[1])).toBeCloseTo(reference(p, 0.5).ece, 3);
    fire(
      buttons.find(b => b.textContent === 'Reset')!,
      'click'
    );
    await untilAfterColumn(node, fitLabel);
    expect(metrics(node).rows.NLL[1]).toBe(p.metricsAfter!.nll.toFixed(4));
  }, 120_000);

  test('hovering a bar describes its bin', async () => {
    const data = fitted();
    const p = data[CALIBRATION_MIME] as CalibrationPayload;
    const { node } = await render(data);
    const hover = node.querySelector('.jp-SoftmaxCalibration-hover')!;
    expect(hover.textContent).toBe('Hover a bin for its count, accuracy and confidence.');
    const bar = marks(node, 'rect')[1][0]; // first "before" outline bar
    bar.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    const b = p.reliabilityBefore.find(x => x.count > 0)!;
    expect(hover.textContent).toBe(
      `T = 1.000, bin (${b.lo.toFixed(3)}, ${b.hi.toFixed(3)}]: count ${b.count}, ` +
        `accuracy ${b.accuracy!.toFixed(4)}, confidence ${b.confidence!.toFixed(4)}, gap ${b.gap!.toFixed(4)}`
    );
    bar.dispatchEvent(new MouseEvent('mouseout', { bubbles: true }));
    expect(hover.textContent).toBe('Hover a bin for its count, accuracy and confidence.');
  }, 60_000);
});

describe('the static SVG fallback (image/svg+xml)', () => {
  test('Vega renders it headless: bars, the diagonal and the metrics subtitle', async () => {
    const data = fitted();
    const p = data[CALIBRATION_MIME] as CalibrationPayload;
    const svg = (await specToSvg(staticCalibrationSpec(p)))!;
    expect(svg.startsWith('<svg')).toBe(true);
    expect((svg.match(/class="mark-rect role-mark/g) ?? []).length).toBe(5);
    expect(svg).toMatch(/class="mark-rule role-mark/);
    expect(svg).toContain(
      `ECE ${p.metricsBefore.ece.toFixed(4)} → ${p.metricsAfter!.ece.toFixed(4)} (fit T = ${p.fit!.temperature.toFixed(3)})`
    );
    expect(svg).toContain('>Calibration</text>');
    expect(svg).not.toMatch(/<script|onerror|javascript:|<foreignObject/i);
    // The kernel's async builder adds the same SVG to the bundle where Vega loads.
    const full = await buildCalibrationBundle(rec.logits, rec.labels, {
      logits: true,
      fit: 'exact'
    });
    expect(full.data['image/svg+xml']).toBe(svg);
    expect(full.data['text/html']).toBeUndefined();
  }, 60_000);
});

describe('other payloads', () => {
  test('1,000 classes: rows are sampled, the note says so, the slider still recomputes', async () => {
    const n = 2_000;
    const c = 1_000;
    const x = new Float32Array(n * c);
    for (let i = 0; i < x.length; i++) {
      x[i] = Math.sin(i * 12.9898) * 3;
    }
    const labels = Float64Array.from({ length: n }, (_, i) => (i * 7919) % c);
    const data = bundle(
      Tensor.fromStorage(x, [n, c], 'float32'),
      Tensor.fromStorage(labels, [n], 'int64'),
      { logits: true }
    );
    const p = data[CALIBRATION_MIME] as CalibrationPayload;
    expect(p.values.shape).toEqual([200, c]);
    const { node } = await render(data);
    expect(node.querySelector('.jp-SoftmaxCalibration-plot svg')).not.toBeNull();
    expect(node.querySelector('.jp-SoftmaxCalibration-note')!.textContent).toBe(
      'Metrics at other temperatures use the 200 rows shipped with the output (evenly spaced) of 2,000; the original column uses all rows.'
    );
    expect(metrics(node).heads).toEqual(['metric', 'T = 1.000', '']);
    typeInto(
      node.querySelector<HTMLInputElement>('.jp-SoftmaxTemperature-slider')!,
      String(Math.log(0.25))
    );
    await untilAfterColumn(node, 'T = 0.250');
    expect(Number(metrics(node).rows.Accuracy[1])).toBeCloseTo(reference(p, 0.25).accuracy, 4);
  }, 120_000);

  test('probabilities: one series, no temperature controls', async () => {
    const probs = Float32Array.from([0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4, 0.5, 0.25, 0.25]);
    const labels = Float64Array.from([0, 1, 0, 2]);
    const data = bundle(
      Tensor.fromStorage(probs, [4, 3], 'float32'),
      Tensor.fromStorage(labels, [4], 'int64'),
      {}
    );
    const { node } = await render(data);
    expect(node.querySelector('.jp-SoftmaxTemperature')).toBeNull();
    const labelsShown = Array.from(node.querySelectorAll('button'), b => b.textContent);
    expect(labelsShown).toEqual(['SVG', 'PNG']);
    expect(metrics(node).heads).toEqual(['metric', 'probabilities', '']);
    // argmax = label in rows 0 and 1 only
    expect(metrics(node).rows.Accuracy[0]).toBe('0.5000');
    expect(marks(node, 'rect').length).toBe(3); // filled, gap, histogram
  }, 60_000);
});

describe('malformed calibration payloads show a readable error box', () => {
  const good = bundle(
    Tensor.fromStorage(Float32Array.from([1, 2, 3, 3, 2, 1]), [2, 3], 'float32'),
    Tensor.fromStorage(Float64Array.from([2, 0]), [2], 'int64'),
    { logits: true, fit: 'exact' }
  )[CALIBRATION_MIME] as Record<string, unknown>;
  const without = (k: string) => {
    const p = { ...good };
    delete p[k];
    return p;
  };
  const cases: [string, unknown, RegExp][] = [
    ['a string', '<script>alert(1)</script>', /not an object/],
    ['null', null, /not an object/],
    ['a future version', { ...good, version: 3 }, /unsupported version 3/],
    ['kind missing', without('kind'), /kind/],
    ['values missing', without('values'), /values must be an object/],
    [
      'values base64 holding markup',
      { ...good, values: { ...(good.values as object), base64: '<img src=x onerror=alert(1)>' } },
      /not valid base64/
    ],
    [
      'labels out of range',
      {
        ...good,
        labels: {
          dtype: 'int32',
          shape: [2],
          base64: Buffer.from(new Int32Array([0, 99]).buffer).toString('base64')
        }
      },
      /label 99 at row 1 is out of range/
    ],
    ['bins 10^9', { ...good, bins: 1e9 }, /bins/],
    ['temperature NaN', { ...good, temperature: NaN }, /temperature/],
    ['temperature Infinity', { ...good, temperature: Infinity }, /temperature/],
    ['metrics as markup', { ...good, metricsBefore: { ece: '<script>' } }, /metricsBefore\.ece/],
    [
      'a bin with a NaN count',
      { ...good, reliabilityBefore: [{ lo: 0, hi: 1, count: NaN }, ...good.reliabilityBefore.slice(1)] },
      /reliabilityBefore\[0\]/
    ],
    [
      'a bin edge at 1e308 (the plot would draw at infinity)',
      { ...good, reliabilityBefore: [{ ...good.reliabilityBefore[0], hi: 1e308 }, ...good.reliabilityBefore.slice(1)] },
      /reliabilityBefore\[0\] is not a valid bin/
    ],
    [
      '20,000 bins claiming to be 15',
      { ...good, reliabilityBefore: new Array(20000).fill(good.reliabilityBefore[0]) },
      /reliabilityBefore has 20000 bins but the payload says 15/
    ],
    [
      'a negative count',
      { ...good, reliabilityBefore: [{ ...good.reliabilityBefore[0], count: -3 }, ...good.reliabilityBefore.slice(1)] },
      /reliabilityBefore\[0\] is not a valid bin/
    ],
    ['convention injected', { ...good, convention: '<img src=x onerror=alert(1)>' }, /convention/],
    ['fit without the after series', { ...good, metricsAfter: null }, /exactly when fit is/]
  ];

  test.each(cases)('%s', async (_name, bad, message) => {
    const plain = 'Calibration summary <b>x</b>';
    const { node } = await render({ [CALIBRATION_MIME]: bad, 'text/plain': plain });
    const box = node.querySelector('.jp-SoftmaxError')!;
    expect(box).not.toBeNull();
    expect(box.getAttribute('role')).toBe('alert');
    const msg = box.querySelector('.jp-SoftmaxError-message')!.textContent!;
    expect(msg).toMatch(/^invalid calibration payload: /);
    expect(msg).toMatch(message);
    expect(box.querySelector('.jp-SoftmaxError-plain')!.textContent).toBe(plain);
    expect(node.querySelector('svg')).toBeNull();
    expect(injected(node)).toEqual([]);
  });

  test('a good payload after a bad one renders; dispose releases the view', async () => {
    const r = createRenderer(CALIBRATION_MIME);
    await r.renderModel(new TestMimeModel({ [CALIBRATION_MIME]: { ...good, bins: 0 } }));
    expect(r.node.querySelector('.jp-SoftmaxError')).not.toBeNull();
    await r.renderModel(new TestMimeModel({ [CALIBRATION_MIME]: good }));
    expect(r.node.querySelector('.jp-SoftmaxError')).toBeNull();
    expect(r.node.querySelector('.jp-SoftmaxCalibration-plot svg')).not.toBeNull();
    r.dispose();
    expect(r.isDisposed).toBe(true);
  }, 60_000);
});
