/**
 * @jest-environment jsdom
 *
 * The probability-table renderer in a DOM (issue #6): the extension's own
 * renderer, fed bundles built by the kernel's builder (src/outputs/table),
 * with assertions on what a user would see and do. jsdom has no layout, so
 * the grid's viewport falls back to its fixed size (360 × 800 px) and scroll
 * offsets are set directly; everything else is the real code path.
 */
import './dom_env';
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Tensor } from '../../src/engine/tensor';
import { packFloat32 } from '../../src/outputs/packed';
import { buildTableBundle, type TableOptions } from '../../src/outputs/table';
import { TABLE_MIME } from '../../src/renderers/mime';
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

guardErrors();

const EVIL = ['<script>alert(1)</script>', '<img src=x onerror=alert(2)>', 'javascript:alert(3)'];

/** The bundle the kernel would send, as stored in a notebook (JSON round trip). */
function bundle(rows: number[][] | Float32Array, shape: number[], opts: TableOptions) {
  const data = rows instanceof Float32Array ? rows : Float32Array.from(rows.flat());
  const out = buildTableBundle(Tensor.fromStorage(data, shape, 'float32'), opts);
  return JSON.parse(JSON.stringify(out.data)) as Record<string, unknown>;
}

async function render(data: Record<string, unknown>): Promise<IRenderMime.IRenderer> {
  const r = createRenderer(TABLE_MIME);
  await r.renderModel(new TestMimeModel(data));
  return r;
}

/** The grid as the user sees it: header labels and cell elements by column key. */
function grid(node: HTMLElement) {
  const headers = Array.from(node.querySelectorAll<HTMLElement>('.jp-SoftmaxGrid-headerCell'));
  const keys = headers.map(h => h.dataset.col!);
  const rows = Array.from(node.querySelectorAll<HTMLElement>('.jp-SoftmaxGrid-row')).map(
    r => Array.from(r.children) as HTMLElement[]
  );
  const col = (key: string | number) => {
    const k = keys.indexOf(String(key));
    expect(k).toBeGreaterThanOrEqual(0);
    return k;
  };
  return {
    node: node.querySelector<HTMLElement>('.jp-SoftmaxGrid')!,
    headers,
    labels: headers.map(h => h.textContent),
    keys,
    rows,
    header: (key: string | number) => headers[col(key)],
    cell: (i: number, key: string | number) => rows[i][col(key)],
    text: (i: number, key: string | number) => rows[i][col(key)].textContent,
    /** The '#' column: data row index of each displayed row. */
    order: () => rows.map(r => Number(r[col('index')].textContent))
  };
}

const info = (node: HTMLElement) => node.querySelector('.jp-SoftmaxTable-info')!.textContent!;
const f32 = (rows: number[][]) => rows.map(r => r.map(Math.fround));

describe('a small table of logits with hostile class names', () => {
  const X = [
    [2.0, -1.0, 0.5],
    [0.1, 3.0, -2.0],
    [-0.5, 0.2, 1.7],
    [1.0, 1.0, 0.0]
  ];
  const T0 = 1.2345678901234;
  const data = () => ({
    ...bundle(X, [4, 3], { logits: true, classes: EVIL, temperature: T0 })
  });
  const probs = (t: number) => f32(X).map(r => softmaxRow(r, t));

  test('class names are shown as text, nothing is injected', async () => {
    const { node } = await render(data());
    const g = grid(node);
    expect(g.labels).toEqual(['#', 'predicted', 'confidence', 'row sum', ...EVIL]);
    expect(injected(node)).toEqual([]);
    expect(node.querySelector('.jp-SoftmaxError')).toBeNull();
    // The predicted column shows the name as text too.
    expect(g.text(0, 'pred')).toBe(EVIL[0]);
    expect(g.text(1, 'pred')).toBe(EVIL[1]);
    expect(g.text(2, 'pred')).toBe(EVIL[2]);
    expect(node.textContent).toContain('<img src=x onerror=alert(2)>');
  });

  test('cells are softmax(x / T) to 4 decimals; argmax marked; predicted, confidence and row sum', async () => {
    const { node } = await render(data());
    const g = grid(node);
    const P = probs(T0);
    expect(g.rows).toHaveLength(4);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 3; j++) {
        expect(g.text(i, j)).toBe(P[i][j].toFixed(4));
      }
      // First index on ties (row 3), as torch.argmax.
      const best = P[i].indexOf(Math.max(...P[i]));
      const marked = g.rows[i].filter(c => c.classList.contains('jp-mod-argmax'));
      expect(marked).toEqual([g.cell(i, best)]);
      expect(marked[0].getAttribute('aria-label')).toBe(
        `${P[i][best].toFixed(4)}, predicted class`
      );
      expect(g.text(i, 'pred')).toBe(EVIL[best]);
      expect(g.text(i, 'conf')).toBe(P[i][best].toFixed(4));
      expect(g.text(i, 'sum')).toBe('1.0000');
    }
    expect(g.text(3, 'pred')).toBe(EVIL[0]);
  });

  test('the temperature is printed readably (4 significant digits), in every view', async () => {
    const d = data();
    const { node } = await render(d);
    expect(info(node)).toBe('4 rows × 3 classes, softmax(logits / 1.235)');
    expect(d['text/plain']).toContain('softmax(logits / 1.235)');
    expect(d['text/html']).toContain('softmax(logits / 1.235)');
    expect(JSON.stringify(d)).not.toMatch(/logits \/ 1\.2345/);
    const box = node.querySelector<HTMLInputElement>('.jp-SoftmaxTemperature-value')!;
    expect(box.value).toBe('1.235');
  });

  test('header clicks sort descending, ascending, then restore the order', async () => {
    const { node } = await render(data());
    const P = probs(T0);
    const conf = P.map(r => Math.max(...r));
    const byConf = [0, 1, 2, 3].sort((a, b) => conf[b] - conf[a] || a - b);
    expect(grid(node).order()).toEqual([0, 1, 2, 3]);
    fire(grid(node).header('conf'), 'click');
    expect(grid(node).order()).toEqual(byConf);
    expect(grid(node).header('conf').getAttribute('aria-sort')).toBe('descending');
    fire(grid(node).header('conf'), 'click');
    expect(grid(node).order()).toEqual([...byConf].reverse());
    expect(grid(node).header('conf').getAttribute('aria-sort')).toBe('ascending');
    fire(grid(node).header('conf'), 'click');
    expect(grid(node).order()).toEqual([0, 1, 2, 3]);
    expect(grid(node).header('conf').getAttribute('aria-sort')).toBe('none');
    // A class column: its cells in descending order.
    fire(grid(node).header(2), 'click');
    const col2 = grid(node).rows.map((_, i) => Number(grid(node).text(i, 2)));
    expect(col2).toEqual([...col2].sort((a, b) => b - a));
    expect(grid(node).order()[0]).toBe(2);
  });

  test('the keyboard sorts too: arrows to a header, Enter', async () => {
    const { node } = await render(data());
    const g = grid(node);
    g.node.focus();
    for (const key of ['ArrowRight', 'ArrowRight', 'Enter']) {
      g.node.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    }
    const active = node.querySelector('.jp-mod-active') as HTMLElement;
    expect(active.dataset.col).toBe('conf');
    expect(g.node.getAttribute('aria-activedescendant')).toBe(active.id);
    expect(grid(node).header('conf').getAttribute('aria-sort')).toBe('descending');
    // Down into the body: the active cell follows, in the sorted order.
    g.node.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    const cell = node.querySelector('.jp-mod-active') as HTMLElement;
    expect(cell.getAttribute('role')).toBe('gridcell');
    expect(cell).toBe(grid(node).cell(0, 'conf'));
  });

  test('the temperature slider and the number box recompute every cell', async () => {
    const { node } = await render(data());
    const slider = node.querySelector<HTMLInputElement>('.jp-SoftmaxTemperature-slider')!;
    const box = node.querySelector<HTMLInputElement>('.jp-SoftmaxTemperature-value')!;
    const before = grid(node).text(0, 1);
    expect(before).toBe(probs(T0)[0][1].toFixed(4));
    typeInto(slider, String(Math.log(2.5)));
    await nextFrame();
    expect(box.value).toBe('2.5');
    let g = grid(node);
    expect(g.text(0, 1)).toBe(probs(2.5)[0][1].toFixed(4));
    expect(g.text(0, 1)).not.toBe(before);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 3; j++) {
        expect(g.text(i, j)).toBe(probs(2.5)[i][j].toFixed(4));
      }
    }
    expect(info(node)).toContain('softmax(logits / 2.5)');
    typeInto(box, '0.3');
    await nextFrame();
    g = grid(node);
    expect(g.text(2, 2)).toBe(probs(0.3)[2][2].toFixed(4));
    expect(g.text(2, 'conf')).toBe(probs(0.3)[2][2].toFixed(4));
    expect(Number(slider.value)).toBeCloseTo(Math.log(0.3), 3);
    // Invalid entries are ignored, not applied.
    typeInto(box, '-1');
    typeInto(box, '');
    await nextFrame();
    expect(grid(node).text(2, 2)).toBe(probs(0.3)[2][2].toFixed(4));
  });

  test('search filters class columns by name, as text', async () => {
    const { node } = await render(data());
    const search = node.querySelector<HTMLInputElement>('.jp-SoftmaxTable-search')!;
    typeInto(search, 'IMG');
    expect(grid(node).labels.slice(4)).toEqual([EVIL[1]]);
    expect(info(node)).toContain('(1 shown)');
    typeInto(search, 'alert');
    expect(grid(node).labels.slice(4)).toEqual(EVIL);
    typeInto(search, 'no such class');
    expect(grid(node).labels).toEqual(['#', 'predicted', 'confidence', 'row sum']);
    expect(info(node)).toContain('(0 shown)');
    typeInto(search, '');
    expect(grid(node).labels.slice(4)).toEqual(EVIL);
  });

  test('Copy CSV copies the rows in display order with the shown columns', async () => {
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: (s: string) => (copied.push(s), Promise.resolve()) }
    });
    try {
      const { node } = await render(data());
      fire(grid(node).header('conf'), 'click');
      const copy = Array.from(node.querySelectorAll('button')).find(
        b => b.textContent === 'Copy CSV'
      )!;
      fire(copy, 'click');
      await Promise.resolve();
      expect(node.querySelector('.jp-SoftmaxTable-status')!.textContent).toBe('Copied 4 rows.');
      const lines = copied[0].split('\r\n');
      expect(lines[0]).toBe(`row,predicted,confidence,row sum,${EVIL.join(',')}`);
      expect(lines.slice(1, 5).map(l => Number(l.split(',')[0]))).toEqual(grid(node).order());
    } finally {
      delete (navigator as unknown as Record<string, unknown>).clipboard;
    }
  });
});

describe('top-k', () => {
  // Class 4 is never in a row's top 2; class 3 is only ever second.
  const X = [
    [3, 1, 0, 2, -5],
    [0, 4, 1, 2, -5],
    [1, 0, 5, 2, -5]
  ];

  test('k = 1 keeps each row\u2019s argmax and the classes that are someone\u2019s argmax; k = 2; then all', async () => {
    const { node } = await render(bundle(X, [3, 5], { logits: true }));
    const topk = node.querySelector<HTMLInputElement>('.jp-SoftmaxTable-topk')!;
    typeInto(topk, '1', 'change');
    let g = grid(node);
    expect(g.labels.slice(4)).toEqual(['0', '1', '2']);
    for (let i = 0; i < 3; i++) {
      const shown = [0, 1, 2].filter(j => g.text(i, j) !== '');
      expect(shown).toEqual([i]);
      for (const j of [0, 1, 2].filter(j => j !== i)) {
        expect(g.cell(i, j).classList.contains('jp-mod-outsideTopK')).toBe(true);
        expect(g.cell(i, j).getAttribute('aria-label')).toMatch(/outside the top 1/);
      }
    }
    typeInto(topk, '2', 'change');
    g = grid(node);
    expect(g.labels.slice(4)).toEqual(['0', '1', '2', '3']);
    for (let i = 0; i < 3; i++) {
      const P = softmaxRow(X[i]);
      const top2 = [0, 1, 2, 3, 4]
        .sort((a, b) => P[b] - P[a])
        .slice(0, 2)
        .sort();
      const shown = [0, 1, 2, 3].filter(j => g.text(i, j) !== '');
      expect(shown).toEqual(top2);
      for (const j of shown) {
        expect(g.text(i, j)).toBe(P[j].toFixed(4));
      }
    }
    typeInto(topk, '', 'change');
    expect(grid(node).labels.slice(4)).toEqual(['0', '1', '2', '3', '4']);
    expect(node.querySelectorAll('.jp-mod-outsideTopK')).toHaveLength(0);
  });

  test('the payload\u2019s top_k is applied on first render', async () => {
    const { node } = await render(bundle(X, [3, 5], { logits: true, topK: 1 }));
    expect(node.querySelector<HTMLInputElement>('.jp-SoftmaxTable-topk')!.value).toBe('1');
    expect(grid(node).labels.slice(4)).toEqual(['0', '1', '2']);
  });
});

describe('large tables stay virtualized', () => {
  test('100,000 × 10 logits: a window of rows in the DOM, sort, scroll and temperature over all rows', async () => {
    const n = 100_000;
    const c = 10;
    const x = new Float32Array(n * c);
    for (let i = 0; i < x.length; i++) {
      x[i] = Math.sin(i * 12.9898) * 4;
    }
    const data = bundle(x, [n, c], { logits: true });
    const { node } = await render(data);
    let g = grid(node);
    expect(info(node)).toBe('100,000 rows × 10 classes, softmax(logits / 1)');
    expect(g.node.getAttribute('aria-rowcount')).toBe('100001');
    expect(g.rows.length).toBeGreaterThan(10);
    expect(g.rows.length).toBeLessThan(25);
    expect(node.querySelectorAll('.jp-SoftmaxGrid-cell').length).toBeLessThan(300);
    expect(g.text(0, 3)).toBe(softmaxRow(x.subarray(0, c))[3].toFixed(4));

    // Scrolling (jsdom keeps scrollTop; the browser would clamp it the same way).
    g.node.scrollTop = 24 * 50_000;
    fire(g.node, 'scroll', { bubbles: false });
    await nextFrame();
    g = grid(node);
    expect(g.order()[0]).toBe(49_998);
    expect(g.order()).toContain(50_005);
    const r = 50_003;
    // An 800 px viewport shows classes 0..6 (the rest are outside the column window).
    expect(g.labels.slice(4)).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(g.text(g.order().indexOf(r), 6)).toBe(
      softmaxRow(x.subarray(r * c, (r + 1) * c))[6].toFixed(4)
    );
    g.node.scrollTop = 0;

    // Sort by class 3 over all 100,000 rows: the top row holds the largest p[:, 3].
    let best = 0;
    let bestP = -1;
    for (let i = 0; i < n; i++) {
      const p = softmaxRow(x.subarray(i * c, (i + 1) * c))[3];
      if (p > bestP) {
        bestP = p;
        best = i;
      }
    }
    fire(g.header(3), 'click');
    g = grid(node);
    expect(g.text(0, 3)).toBe(bestP.toFixed(4));
    const top = g.order()[0];
    expect(Math.abs(softmaxRow(x.subarray(top * c, (top + 1) * c))[3] - bestP)).toBeLessThan(1e-7);
    expect(best).toBeGreaterThanOrEqual(0);
    const col3 = g.rows.map((_, i) => Number(g.text(i, 3)));
    expect(col3).toEqual([...col3].sort((a, b) => b - a));

    // The slider recomputes all 100,000 rows; the sort is re-applied at the new T.
    typeInto(
      node.querySelector<HTMLInputElement>('.jp-SoftmaxTemperature-slider')!,
      String(Math.log(4))
    );
    await nextFrame();
    g = grid(node);
    const row0 = g.order()[0];
    expect(g.text(0, 3)).toBe(softmaxRow(x.subarray(row0 * c, (row0 + 1) * c), 4)[3].toFixed(4));
    expect(info(node)).toContain('softmax(logits / 4)');
  }, 120_000);

  test('1,000 classes: a window of columns, horizontal scroll, search and top-k over all classes', async () => {
    const rows = 1_200;
    const c = 1_000;
    const x = new Float32Array(rows * c);
    for (let i = 0; i < x.length; i++) {
      x[i] = Math.sin(i * 78.233) * 3;
    }
    const classes = Array.from({ length: c }, (_, j) => `class ${j}`);
    const { node } = await render(bundle(x, [rows, c], { logits: true, classes }));
    let g = grid(node);
    expect(g.node.getAttribute('aria-colcount')).toBe('1004');
    expect(g.node.getAttribute('aria-rowcount')).toBe('1001');
    expect(g.headers.length).toBeLessThan(20);
    expect(node.querySelector('.jp-SoftmaxTable-note')!.textContent).toBe(
      'Showing the first 1,000 of 1,200 rows (size limit for this many classes).'
    );
    // Scroll right to class 500 (fixed columns: 64 + 112 + 76 + 76 px, classes 76 px).
    g.node.scrollLeft = 328 + 76 * 500;
    fire(g.node, 'scroll', { bubbles: false });
    await nextFrame();
    g = grid(node);
    expect(g.labels[0]).toBe('class 500');
    expect(g.text(0, 500)).toBe(softmaxRow(x.subarray(0, c))[500].toFixed(4));
    // The browser clamps scrollLeft when the table narrows; jsdom does not.
    g.node.scrollLeft = 0;

    typeInto(node.querySelector<HTMLInputElement>('.jp-SoftmaxTable-search')!, 'class 999');
    expect(grid(node).labels.slice(4)).toEqual(['class 999']);
    typeInto(node.querySelector<HTMLInputElement>('.jp-SoftmaxTable-search')!, '');

    const argmaxes = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const p = softmaxRow(x.subarray(i * c, (i + 1) * c));
      argmaxes.add(p.indexOf(Math.max(...p)));
    }
    typeInto(node.querySelector<HTMLInputElement>('.jp-SoftmaxTable-topk')!, '1', 'change');
    expect(grid(node).node.getAttribute('aria-colcount')).toBe(String(4 + argmaxes.size));
    expect(info(node)).toContain(`(${argmaxes.size.toLocaleString('en-US')} shown)`);
  }, 120_000);
});

describe('malformed payloads show a readable error box', () => {
  const good = bundle([[1, 2, 3]], [1, 3], { logits: true, classes: ['a', 'b', 'c'] });
  const payload = good[TABLE_MIME] as Record<string, unknown>;
  const values = payload.values as Record<string, unknown>;
  const without = (k: string) => {
    const p = { ...payload };
    delete p[k];
    return p;
  };
  const cases: [string, unknown, RegExp][] = [
    ['a string', 'hello', /not an object/],
    ['null', null, /not an object/],
    ['an array', [payload], /not an object/],
    ['a future version', { ...payload, version: 2 }, /unsupported version 2/],
    ['version missing', without('version'), /unsupported version undefined/],
    ['kind wrong', { ...payload, kind: '<b>x</b>' }, /kind must be/],
    ['values missing', without('values'), /values must be an object/],
    ['values as plain numbers', { ...payload, values: [1, 2, 3] }, /values must be an object/],
    ['values shape wrong type', { ...payload, values: { ...values, shape: '1x3' } }, /shape/],
    ['values too short', { ...payload, values: { ...values, shape: [9, 3] } }, /expected/],
    [
      'base64 holding markup',
      { ...payload, values: { ...values, base64: '<script>alert(1)</script>' } },
      /not valid base64/
    ],
    ['temperature NaN', { ...payload, temperature: NaN }, /temperature/],
    ['temperature Infinity', { ...payload, temperature: Infinity }, /temperature/],
    ['temperature a string', { ...payload, temperature: '1' }, /temperature/],
    ['classes of the wrong length', { ...payload, classes: ['a'] }, /classes/],
    ['classes not strings', { ...payload, classes: [1, 2, { toString: null }] }, /classes/],
    ['topK a string', { ...payload, topK: 'all' }, /topK/],
    ['totalRows missing', without('totalRows'), /totalRows/]
  ];

  test.each(cases)('%s', async (_name, bad, message) => {
    const plain = 'tensor fallback <img src=x onerror=alert(1)>';
    const { node } = await render({ [TABLE_MIME]: bad, 'text/plain': plain });
    const box = node.querySelector('.jp-SoftmaxError')!;
    expect(box).not.toBeNull();
    expect(box.getAttribute('role')).toBe('alert');
    expect(box.querySelector('.jp-SoftmaxError-title')!.textContent).toBe(
      'Cannot display this output'
    );
    const msg = box.querySelector('.jp-SoftmaxError-message')!.textContent!;
    expect(msg).toMatch(/^invalid table payload: /);
    expect(msg).toMatch(message);
    expect(box.querySelector('.jp-SoftmaxError-plain')!.textContent).toBe(plain);
    expect(node.querySelector('.jp-SoftmaxGrid')).toBeNull();
    expect(injected(node)).toEqual([]);
  });

  test('without a text/plain fallback the box still explains', async () => {
    const { node } = await render({ [TABLE_MIME]: { ...payload, version: 9 } });
    expect(node.querySelector('.jp-SoftmaxError-message')!.textContent).toMatch(/version 9/);
    expect(node.querySelector('.jp-SoftmaxError-plain')!.textContent).toBe(
      `[${TABLE_MIME} output without a text/plain fallback]`
    );
  });

  test('NaN, ±inf and ±3e38 logits are data, not errors: rows show nan like torch.softmax', async () => {
    const X = [
      [NaN, 0, 0],
      [Infinity, 1, 2],
      [-Infinity, -Infinity, -Infinity],
      [3e38, -3e38, 0]
    ];
    const { node } = await render(bundle(X, [4, 3], { logits: true, classes: EVIL }));
    const g = grid(node);
    for (let i = 0; i < 3; i++) {
      expect([0, 1, 2].map(j => g.text(i, j))).toEqual(['nan', 'nan', 'nan']);
      expect(g.text(i, 'pred')).toBe('-');
      expect(g.text(i, 'conf')).toBe('nan');
      expect(g.rows[i].some(c => c.classList.contains('jp-mod-argmax'))).toBe(false);
    }
    expect([0, 1, 2].map(j => g.text(3, j))).toEqual(['1.0000', '0.0000', '0.0000']);
    expect(g.text(3, 'pred')).toBe(EVIL[0]);
    expect(injected(node)).toEqual([]);
  });
});

describe('deflated planes', () => {
  test('a payload whose planes were deflated (what the kernel sends near the size budget) renders exactly', async () => {
    const n = 2_000;
    const c = 5;
    const x = Float32Array.from({ length: n * c }, (_, i) => Math.round(Math.sin(i * 7.1) * 6));
    const data = bundle(x, [n, c], { logits: true });
    const payload = data[TABLE_MIME] as Record<string, unknown>;
    const values = packFloat32(x, [n, c], { deflate: true });
    expect(values.planes!.filter(p => p.deflate !== undefined).length).toBeGreaterThan(0);
    payload.values = JSON.parse(JSON.stringify(values));
    const { node } = await render(data);
    const g = grid(node);
    expect(node.querySelector('.jp-SoftmaxError')).toBeNull();
    for (let i = 0; i < g.rows.length; i++) {
      const r = g.order()[i];
      const P = softmaxRow(x.subarray(r * c, (r + 1) * c));
      expect([0, 1, 2, 3, 4].map(j => g.text(i, j))).toEqual(P.map(v => v.toFixed(4)));
    }
    // A corrupted deflate stream (block type 3 is invalid) is an error box, not an exception.
    const planes = values.planes!;
    const k = planes.findIndex(p => p.deflate !== undefined);
    const stored = (p: (typeof planes)[number]) => p.deflate ?? Math.ceil((n * c * p.bits) / 8);
    const offset = planes.slice(0, k).reduce((sum, p) => sum + stored(p), 0);
    const bytes = Buffer.from(values.base64, 'base64');
    bytes.fill(0xff, offset, offset + stored(planes[k]));
    const broken = { ...values, base64: bytes.toString('base64') };
    const bad = await render({ ...data, [TABLE_MIME]: { ...payload, values: broken } });
    expect(bad.node.querySelector('.jp-SoftmaxError-message')!.textContent).toBe(
      `invalid table payload: values: plane ${k} does not inflate to ${Math.ceil((n * c * planes[k].bits) / 8)} bytes`
    );
    expect(bad.node.querySelector('.jp-SoftmaxGrid')).toBeNull();
  });
});

describe('re-rendering', () => {
  test('a new payload replaces the view; the same payload keeps the user\u2019s sort', async () => {
    const r = createRenderer(TABLE_MIME);
    const a = bundle(
      [
        [1, 2],
        [3, 0]
      ],
      [2, 2],
      { logits: true }
    );
    const b = bundle([[0.25, 0.75]], [1, 2], { classes: ['x', 'y'] });
    await r.renderModel(new TestMimeModel(a));
    fire(grid(r.node).header('conf'), 'click');
    expect(grid(r.node).order()).toEqual([1, 0]);
    await r.renderModel(new TestMimeModel(JSON.parse(JSON.stringify(a))));
    expect(grid(r.node).order()).toEqual([1, 0]);
    await r.renderModel(new TestMimeModel(b));
    expect(grid(r.node).labels).toEqual(['#', 'predicted', 'confidence', 'row sum', 'x', 'y']);
    expect(grid(r.node).text(0, 1)).toBe('0.7500');
    expect(info(r.node)).toBe('1 row × 2 classes'.replace('row ', 'rows '));
    expect(r.node.querySelector('.jp-SoftmaxTemperature')).toBeNull();
    await r.renderModel(new TestMimeModel({ [TABLE_MIME]: 'broken' }));
    expect(r.node.querySelector('.jp-SoftmaxError')).not.toBeNull();
    expect(r.node.querySelector('.jp-SoftmaxGrid')).toBeNull();
  });
});
