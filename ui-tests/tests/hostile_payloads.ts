/**
 * Hostile and malformed outputs for hostile.spec.ts, built in Node from the
 * same builders the kernel uses (lib/, `npm run build:lib`), then broken on
 * purpose. Every case says what the notebook must show for it, so the spec can
 * tell "rendered safely" from "rendered nothing".
 */
import * as path from 'path';

// The hostile strings of the jest robustness fuzzers (alert-based: the spec counts dialogs).
import { EVIL } from '../../test/robustness/gen/payloads';

/* eslint-disable @typescript-eslint/no-require-imports */
const lib = path.resolve(__dirname, '..', '..', 'lib');
const outputs = require(path.join(lib, 'outputs'));
const { Tensor } = require(path.join(lib, 'engine', 'tensor'));
const { packFloat32 } = require(path.join(lib, 'outputs', 'packed'));
const { bytesToBase64 } = require(path.join(lib, 'outputs', 'base64'));
/* eslint-enable @typescript-eslint/no-require-imports */

export const TABLE_MIME = 'application/vnd.jupyterlab-softmax.table+json';
export const CALIBRATION_MIME = 'application/vnd.jupyterlab-softmax.calibration+json';

/** Strings that set window.__pwned if they are ever parsed as markup or run as script. */
export const PWN = [
  '<script>window.__pwned=1</script>',
  '<img src="data:image/png;base64,AAAA" onerror="window.__pwned=1">',
  '"><svg onload="window.__pwned=1">',
  'javascript:window.__pwned=1',
  '<a href="javascript:window.__pwned=1">x</a>',
  '<svg><circle r="9" onmouseover="window.__pwned=1"/></svg>',
  '</caption><script>window.__pwned=1</script>',
  "' onfocus='window.__pwned=1' autofocus='",
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '<math><mtext><table><mglyph><style><img src="data:," onerror="window.__pwned=1">',
  '${window.__pwned=1}',
  '{{constructor.constructor("window.__pwned=1")()}}',
  '<style>*{display:none !important}</style>',
  '\u0000<script>window.__pwned=1</script>'
];

/** What the output must look like once rendered. */
export type Expect =
  /** Our renderer's error box; `message` is part of its message. */
  | { kind: 'error'; message: string }
  /** Our interactive table (a grid), optionally showing `text`. */
  | { kind: 'table'; text?: string[] }
  /** Our calibration plot (an svg), optionally showing `text`. */
  | { kind: 'plot'; text?: string[] }
  /** Either: a payload the validator may reasonably accept (and draw) or reject. */
  | { kind: 'plotOrError' }
  /** Rendered by JupyterLab itself (sanitized or as text): `text` visible, `absent` not. */
  | { kind: 'core'; text: string[]; absent?: string[] };

export interface HostileCase {
  name: string;
  output: Record<string, unknown>;
  expect: Expect;
}

function logits(n: number, c: number, seed = 1): Float32Array {
  let s = seed;
  const r = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  return Float32Array.from({ length: n * c }, () => (r() - 0.5) * 8);
}

/** Values from a few distinct floats: the packed planes stay a few bits per value. */
function fewValues(n: number): Float32Array {
  const pool = [0.1, 0.25, 0.4, 0.9];
  return Float32Array.from({ length: n }, (_, i) => pool[(i * 7 + (i >> 3)) % 4]);
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));
const display = (data: Record<string, unknown>) => ({
  output_type: 'display_data',
  metadata: {},
  data
});

function tablePayload(x: Float32Array, n: number, c: number, opts: object = {}): any {
  return outputs.buildTablePayload(Tensor.fromStorage(x, [n, c], 'float32'), opts);
}

function calibrationPayload(n: number, c: number, opts: object = {}): any {
  const z = logits(n, c, 7);
  const y = Int32Array.from({ length: n }, (_, i) => (i * 5 + 1) % c);
  return outputs.buildCalibrationOutput(
    Tensor.fromStorage(z, [n, c], 'float32'),
    Tensor.fromStorage(y, [n], 'int32'),
    { logits: true, ...opts }
  ).payload;
}

const rawFloats = (v: number[]) => bytesToBase64(new Uint8Array(Float32Array.from(v).buffer));

export function hostileCases(): HostileCase[] {
  const good = tablePayload(logits(3, 3), 3, 3, { classes: ['a', 'b', 'c'], logits: true });
  const cal = calibrationPayload(60, 3);
  const calFit = calibrationPayload(60, 3, { fit: 'exact' });
  const cases: HostileCase[] = [];
  const table = (name: string, payload: unknown, expect: Expect, plain: unknown = name) =>
    cases.push({
      name,
      output: display({
        [TABLE_MIME]: payload,
        ...(plain === null ? {} : { 'text/plain': plain })
      }),
      expect
    });
  const calib = (name: string, payload: unknown, expect: Expect) =>
    cases.push({
      name,
      output: display({ [CALIBRATION_MIME]: payload, 'text/plain': name }),
      expect
    });
  const err = (message: string): Expect => ({ kind: 'error', message });

  // --- table: hostile class names in a valid payload (shown as text in the header)
  for (const [k, names] of [
    PWN.slice(0, 7),
    PWN.slice(7),
    EVIL.slice(0, 7),
    EVIL.slice(7)
  ].entries()) {
    const c = names.length;
    table(`table-evil-classes-${k}`, tablePayload(logits(4, c, k + 2), 4, c, { classes: names }), {
      kind: 'table',
      // NUL is dropped by innerText comparisons; the rest must be verbatim text
      text: names.filter(s => !s.includes('\u0000'))
    });
  }

  // --- table: wrong types and missing fields
  table('table-null', null, err('invalid table payload: not an object'));
  table('table-array', [good], err('not an object'));
  table('table-string', '<script>window.__pwned=1</script>', err('not an object'));
  table('table-number', 42, err('not an object'));
  table('table-version-string', { ...good, version: '1' }, err('unsupported version "1"'));
  table('table-version-2', { ...good, version: 2 }, err('unsupported version 2'));
  table('table-kind-evil', { ...good, kind: PWN[0] }, err("kind must be 'logits' or 'probs'"));
  table('table-values-missing', { ...good, values: undefined }, err('values must be an object'));
  table(
    'table-dtype',
    { ...good, values: { ...good.values, dtype: 'float64' } },
    err("values.dtype must be 'float32'")
  );
  table(
    'table-base64-number',
    { ...good, values: { ...good.values, base64: 123 } },
    err('values.base64 must be a string')
  );
  table(
    'table-base64-markup',
    { ...good, values: { ...good.values, base64: PWN[1] } },
    err('not valid base64')
  );
  table(
    'table-shape-strings',
    { ...good, values: { ...good.values, shape: ['3', '3'] } },
    err('values.shape must be 2 non-negative integers')
  );
  table(
    'table-shape-1e300',
    { ...good, values: { ...good.values, shape: [1e300, 1e300] } },
    err('values.shape must be 2 non-negative integers')
  );
  table(
    'table-encoding',
    { ...good, values: { ...good.values, encoding: 'gzip' } },
    err("values.encoding must be 'planes' or 'raw'")
  );
  table(
    'table-planes-missing',
    { ...good, values: { ...good.values, planes: [] } },
    err('values.planes must describe 4 byte planes')
  );
  {
    // 2-bit indices into a 1-entry dictionary: every index but 0 is outside it.
    const n = 9;
    const planes = [0, 1, 2, 3].map(() => ({ bits: 2, dict: [0] }));
    const bytes = new Uint8Array(Math.ceil((n * 2) / 8) * 4).fill(0xff);
    table(
      'table-plane-index',
      {
        ...good,
        values: {
          dtype: 'float32',
          shape: [3, 3],
          encoding: 'planes',
          planes,
          base64: bytesToBase64(bytes)
        }
      },
      err('index outside its dictionary')
    );
  }
  // 10^6 rows / 10^4 classes claimed, with the data of a 3 × 3 table
  table(
    'table-1e6-rows-lying',
    { ...good, values: { ...good.values, shape: [1_000_000, 3] }, totalRows: 1_000_000 },
    err('expected')
  );
  table(
    'table-1e6x1e4-lying',
    { ...good, values: { ...good.values, shape: [1_000_000, 10_000] } },
    err('values is too large (10000000000 values)')
  );
  table(
    'table-1e4-classes-lying',
    { ...good, classes: Array.from({ length: 10_000 }, (_, i) => PWN[i % PWN.length]) },
    err('classes must be null or 3 strings')
  );
  table(
    'table-classes-types',
    { ...good, classes: [1, null, {}] },
    err('classes must be null or 3 strings')
  );
  table(
    'table-temperature-null',
    { ...good, temperature: null },
    err('temperature must be a positive finite number')
  );
  table(
    'table-temperature-NaN',
    { ...good, temperature: 'NaN' },
    err('temperature must be a positive finite number')
  );
  table(
    'table-temperature-inf',
    { ...good, temperature: 'Infinity' },
    err('temperature must be a positive finite number')
  );
  table(
    'table-temperature-neg',
    { ...good, temperature: -1 },
    err('temperature must be a positive finite number')
  );
  table('table-topk', { ...good, topK: 1e308 }, err('topK must be null or a positive integer'));
  table('table-totalrows-huge', { ...good, totalRows: 1e300 }, err('totalRows must be an integer'));
  table('table-totalrows-short', { ...good, totalRows: 2 }, err('totalRows must be an integer'));
  table('table-rowcap', { ...good, rowCap: 0 }, err('rowCap must be a positive integer'));
  table('table-inputshape', { ...good, inputShape: PWN[0] }, err('inputShape must be a list'));
  table('table-dim', { ...good, dim: 7 }, err('dim must index inputShape'));
  // text/plain as a list of hostile lines, under an error: shown as text
  table(
    'table-plain-evil',
    { ...good, version: 3 },
    err('unsupported version 3'),
    PWN.map(s => s + '\n')
  );
  table('table-no-plain', { version: 0 }, err('unsupported version 0'), null);
  // JSON cannot carry NaN, but a hand-edited file can hold an own "__proto__" key
  table(
    'table-proto',
    JSON.parse(
      `{"__proto__": {"polluted": 1, "version": 1}, "constructor": {"prototype": {"polluted": 1}}}`
    ),
    err('invalid table payload')
  );

  // --- table: odd but valid payloads (must render)
  table(
    'table-nan-inf-values',
    {
      ...good,
      kind: 'probs',
      values: {
        dtype: 'float32',
        shape: [3, 3],
        encoding: 'raw',
        base64: rawFloats([NaN, Infinity, -Infinity, 3.4e38, -3.4e38, 1e-45, 0.5, 0.25, 0.25])
      }
    },
    { kind: 'table', text: ['nan', 'inf'] }
  );
  table('table-temperature-tiny', { ...good, temperature: 5e-324 }, { kind: 'table' });
  table('table-temperature-huge', { ...good, temperature: 1e308 }, { kind: 'table' });
  table(
    'table-totalrows-lying',
    { ...good, totalRows: 1_000_000, inputShape: [1_000_000, 3] },
    { kind: 'table', text: ['Showing the first 3 of 1,000,000 rows'] }
  );
  // The kernel ships at most 10^6 values; a hand-made file may ship up to the renderer's 5·10^7.
  table(
    'table-1e6-rows-real',
    {
      ...tablePayload(fewValues(4), 2, 2),
      values: packFloat32(fewValues(2_000_000), [1_000_000, 2]),
      totalRows: 1_000_000,
      rowCap: 1_000_000,
      inputShape: [1_000_000, 2]
    },
    { kind: 'table', text: ['1,000,000 rows × 2 classes'] }
  );
  {
    const c = 10_000;
    const names = Array.from({ length: c }, (_, i) =>
      i % 1000 === 0 ? PWN[(i / 1000) % PWN.length] : `k${i}`
    );
    table('table-1e4-classes-real', tablePayload(fewValues(3 * c), 3, c, { classes: names }), {
      kind: 'table',
      text: ['3 rows × 10,000 classes', PWN[0]]
    });
  }

  // --- calibration
  calib('cal-string', 'not json at all', err('invalid calibration payload: not an object'));
  calib('cal-version', { ...cal, version: 2 }, err('unsupported version 2'));
  calib('cal-kind', { ...cal, kind: null }, err("kind must be 'logits' or 'probs'"));
  calib(
    'cal-1e6x1e4-lying',
    { ...cal, values: { ...cal.values, shape: [1_000_000, 10_000] }, totalRows: 1_000_000 },
    err('expected 40000000000 for shape [1000000, 10000]')
  );
  calib(
    'cal-labels-range',
    {
      ...cal,
      labels: {
        ...cal.labels,
        base64: bytesToBase64(new Uint8Array(Int32Array.from({ length: 60 }, () => -1).buffer))
      }
    },
    err('label -1 at row 0 is out of range')
  );
  calib(
    'cal-labels-shape',
    { ...cal, labels: { ...cal.labels, shape: [59] } },
    err('labels holds')
  );
  calib('cal-bins-null', { ...cal, bins: null }, err('bins must be an integer in [1, 1000]'));
  calib('cal-bins-huge', { ...cal, bins: 1e6 }, err('bins must be an integer in [1, 1000]'));
  calib(
    'cal-convention',
    { ...cal, convention: PWN[2] },
    err("convention must be 'guo' or 'torchmetrics'")
  );
  calib(
    'cal-temperature-inf',
    { ...cal, temperature: 'Infinity' },
    err('temperature must be a positive number')
  );
  calib(
    'cal-metrics-nan',
    { ...cal, metricsBefore: { ...cal.metricsBefore, ece: 'NaN' } },
    err('metricsBefore.ece must be a number')
  );
  calib(
    'cal-bins-evil',
    { ...cal, reliabilityBefore: [{ lo: PWN[0] }, ...(cal.reliabilityBefore as unknown[]).slice(1)] },
    err('reliabilityBefore[0] is not a valid bin')
  );
  calib(
    'cal-bins-count-lies',
    { ...cal, reliabilityBefore: [{ lo: PWN[0] }] },
    err('reliabilityBefore has 1 bins but the payload says')
  );
  calib(
    'cal-after-without-fit',
    { ...cal, metricsAfter: cal.metricsBefore, reliabilityAfter: cal.reliabilityBefore },
    err('must be present exactly when fit is')
  );
  calib(
    'cal-fit-malformed',
    { ...calFit, fit: { ...calFit.fit, method: PWN[0] } },
    err('fit is malformed')
  );
  calib(
    'cal-classes-lying',
    { ...cal, classes: Array.from({ length: 10_000 }, (_, i) => `k${i}`) },
    err('classes must be null or one string per class')
  );
  // valid but hostile: class names, a fit note, extreme bin numbers, NaN/inf data, lying totals
  calib('cal-evil-classes', { ...cal, classes: PWN.slice(0, 3) }, { kind: 'plot' });
  calib(
    'cal-evil-note',
    { ...clone(calFit), fit: { ...calFit.fit, converged: false, note: PWN.join(' ') } },
    { kind: 'plot', text: [PWN[0], PWN[1]] }
  );
  calib(
    'cal-nan-values',
    {
      ...cal,
      values: {
        ...cal.values,
        base64: rawFloats(
          Array.from({ length: 180 }, (_, i) => [NaN, Infinity, -Infinity, 1][i % 4])
        )
      }
    },
    { kind: 'plot' }
  );
  calib(
    'cal-lying-total',
    { ...cal, totalRows: 1_000_000, sampled: true },
    { kind: 'plot', text: ['of 1,000,000'] }
  );
  calib('cal-1e4-classes-real', calibrationPayload(20, 10_000), { kind: 'plot' });
  {
    // 20,000 bins in a payload that claims 15: drawn today (~2 s); rejecting it is fine too.
    // Either way the page must not freeze.
    const b = cal.reliabilityBefore[0];
    calib(
      'cal-20000-bins',
      {
        ...cal,
        reliabilityBefore: Array.from({ length: 20_000 }, (_, i) => ({
          ...b,
          lo: i / 20_000,
          hi: (i + 1) / 20_000
        }))
      },
      { kind: 'plotOrError' }
    );
  }

  // --- other MIME types with markup from "user data": JupyterLab's sanitizer / trust model
  const html = [
    '<b>bold-kept</b>',
    '<script>window.__pwned=1</script>',
    '<img src="data:image/png;base64,AAAA" onerror="window.__pwned=1">',
    '<a href="javascript:window.__pwned=1">js-link</a>',
    '<svg onload="window.__pwned=1"><circle r="5"/></svg>',
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    '<div onmouseover="window.__pwned=1" style="width:100px;height:20px">hover-me</div>',
    '<form action="javascript:window.__pwned=1"><button>go</button></form>',
    '<object data="javascript:window.__pwned=1"></object>',
    '<input autofocus onfocus="window.__pwned=1">',
    '<details open ontoggle="window.__pwned=1">toggle</details>'
  ].join('\n');
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=1" width="50" height="50">' +
    '<script>window.__pwned=1</script><circle r="9" onmouseover="window.__pwned=1"/>' +
    '<a href="javascript:window.__pwned=1"><text y="20">svg-link</text></a>' +
    '<foreignObject><img xmlns="http://www.w3.org/1999/xhtml" src="data:," onerror="window.__pwned=1"/></foreignObject></svg>';
  cases.push({
    name: 'html-evil',
    output: display({ 'text/html': html, 'text/plain': 'html-evil plain' }),
    expect: { kind: 'core', text: ['bold-kept', 'js-link', 'hover-me'] }
  });
  cases.push({
    name: 'svg-evil',
    output: display({ 'image/svg+xml': svg, 'text/plain': 'svg-evil plain' }),
    // image/svg+xml is not a safe type: an untrusted notebook shows text/plain
    expect: { kind: 'core', text: ['svg-evil plain'] }
  });
  cases.push({
    name: 'js-evil',
    output: display({
      'application/javascript': 'window.__pwned=1',
      'text/plain': 'js-evil plain'
    }),
    expect: { kind: 'core', text: ['js-evil plain'] }
  });
  cases.push({
    name: 'markdown-evil',
    output: display({
      'text/markdown': `md-text ${PWN[1]} [md-link](javascript:window.__pwned=1)`
    }),
    expect: { kind: 'core', text: ['md-text', 'md-link'] }
  });
  cases.push({
    name: 'png-evil',
    output: display({
      'image/png': '"><img src=x onerror="window.__pwned=1">',
      'text/plain': 'png-evil plain'
    }),
    expect: { kind: 'core', text: [] }
  });
  cases.push({
    name: 'stream-evil',
    output: { output_type: 'stream', name: 'stdout', text: PWN.join('\n') },
    expect: { kind: 'core', text: [PWN[0], PWN[4]] }
  });
  cases.push({
    name: 'error-evil',
    output: {
      output_type: 'error',
      ename: PWN[0],
      evalue: PWN[1],
      traceback: ['\u001b[31m' + PWN[4] + '\u001b[0m', PWN[5]]
    },
    expect: { kind: 'core', text: [PWN[4]] }
  });
  // our MIME wins (rank 40) over hostile fallbacks in the same bundle
  cases.push({
    name: 'table-with-evil-fallbacks',
    output: display({
      [TABLE_MIME]: good,
      'text/html': html,
      'image/svg+xml': svg,
      'text/plain': 'x'
    }),
    expect: { kind: 'table' }
  });
  cases.push({
    name: 'cal-broken-with-evil-fallbacks',
    output: display({
      [CALIBRATION_MIME]: { ...cal, version: 0 },
      'image/svg+xml': svg,
      'image/png': PWN[1],
      'text/plain': PWN[0]
    }),
    expect: err('unsupported version 0')
  });
  return cases;
}

/**
 * Calibration payloads whose bins hold finite but absurd numbers (the
 * validator only checks "finite number"): bin edges far outside [0, 1], and
 * counts of 1e308. Kept apart from hostileCases() because the first currently
 * makes Vega draw at ±Infinity and log SVG attribute errors (see the spec).
 */
export function extremeBinCases(): HostileCase[] {
  const cal = calibrationPayload(60, 3);
  const bins = (f: (b: any, i: number) => object) => ({
    ...cal,
    reliabilityBefore: cal.reliabilityBefore.map((b: any, i: number) => ({ ...b, ...f(b, i) }))
  });
  const calib = (name: string, payload: unknown): HostileCase => ({
    name,
    output: display({ [CALIBRATION_MIME]: payload, 'text/plain': name }),
    expect: { kind: 'plotOrError' }
  });
  return [
    calib(
      'cal-bin-edges-1e308',
      bins((_b, i) => ({ lo: i % 2 ? -1e308 : 0, hi: i % 3 ? 1e308 : 1 }))
    ),
    calib(
      'cal-bin-counts-1e308',
      bins((_b, i) => ({ count: i % 2 ? 1e308 : 5 }))
    )
  ];
}

/** An nbformat 4.5 notebook on the softmax kernel with one output per cell. */
export function notebookOf(cases: HostileCase[]): Record<string, unknown> {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'softmax', display_name: 'Softmax (PyTorch-style)', language: 'python' },
      language_info: { name: 'python' }
    },
    cells: cases.map((c, i) => ({
      cell_type: 'code',
      id: `h${i}`,
      metadata: {},
      execution_count: i + 1,
      source: `# ${i}: ${c.name}`,
      outputs: [c.output]
    }))
  };
}
