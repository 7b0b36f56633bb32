/** The probability table bundle: payload size and fidelity, validation, text/plain and HTML fallbacks. */
import { Tensor } from '../../src/engine/tensor';
import { encodeBase64, packFloat32, unpackFloat32 } from '../../src/outputs/packed';
import { bytesToBase64 } from '../../src/outputs/base64';
import {
  buildTableBundle,
  buildTablePayload,
  parseTablePayload,
  TABLE_MIME_TYPE,
  type TablePayload
} from '../../src/outputs/table';
import { escapeHtml } from '../../src/outputs/html';
import { probabilitiesAt } from '../../src/outputs/tablemath';
import * as outputs from '../../src/outputs';

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

/** n × c logits, roughly N(0, scale²). */
function randomLogits(n: number, c: number, scale = 2, seed = 7): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n * c);
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r()) * scale;
  }
  return out;
}

const t2 = (data: number[][]) => {
  const c = data[0].length;
  return Tensor.fromStorage(Float32Array.from(data.flat()), [data.length, c], 'float32');
};

describe('packed float32', () => {
  test('fast base64 agrees with the reference encoder for every length mod 3', () => {
    for (let n = 0; n < 12; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 255);
      expect(encodeBase64(b)).toBe(bytesToBase64(b));
    }
  });

  test('round trip is bit-exact, including NaN, ±inf, -0 and subnormals', () => {
    const v = Float32Array.from([0.1, -0, NaN, Infinity, -Infinity, 1e-45, 3.4e38, 0.5, 1]);
    const back = unpackFloat32(packFloat32(v, [3, 3]), 'v') as Float32Array;
    expect(new Uint8Array(back.buffer)).toEqual(new Uint8Array(v.buffer));
    const big = randomLogits(5000, 7, 30);
    const b2 = unpackFloat32(packFloat32(big, [5000, 7]), 'v') as Float32Array;
    expect(Buffer.from(b2.buffer).equals(Buffer.from(big.buffer))).toBe(true);
  });

  test('corrupt packed data gives a message, not an exception', () => {
    // Random mantissas: the low planes stay raw, so a wrong shape shows in the byte count.
    const p = packFloat32(randomLogits(4, 100), [4, 100]);
    expect(p.planes![0].bits).toBe(8);
    expect(unpackFloat32({ ...p, shape: [5, 100] }, 'v')).toMatch(/expected/);
    expect(unpackFloat32({ ...p, base64: 'ab$=' }, 'v')).toMatch(/base64/);
    expect(unpackFloat32({ ...p, planes: [{ bits: 9 }] }, 'v')).toMatch(/planes/);
    const badDict = {
      ...p,
      planes: p.planes!.map(c => (c.bits < 8 ? { bits: c.bits, dict: [999] } : c))
    };
    expect(unpackFloat32(badDict, 'v')).toMatch(/planes/);
    expect(unpackFloat32({ ...p, encoding: 'gzip' }, 'v')).toMatch(/encoding/);
    expect(unpackFloat32({ ...p, shape: [1e6, 1e6] }, 'v')).toMatch(/too large/);
  });
});

describe('payload size', () => {
  const n = 100_000;
  const c = 10;
  const logits = randomLogits(n, c);
  const probs = probabilitiesAt(logits, n, c, true, 1);

  test.each([
    ['probabilities', probs, false],
    ['logits', logits, true]
  ])('100,000 × 10 %s: under 5 MB of JSON and exact', (_name, values, isLogits) => {
    const out = buildTableBundle(Tensor.fromStorage(values as Float32Array, [n, c], 'float32'), {
      logits: isLogits as boolean
    });
    const json = JSON.stringify(out.data[TABLE_MIME_TYPE]);
    expect(json.length).toBeLessThan(5_000_000);
    const parsed = parseTablePayload(JSON.parse(json));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.value.rows).toBe(n);
      // Buffer.equals: jest's toEqual walks 4M elements one by one (minutes).
      const a = Buffer.from(parsed.value.values.buffer);
      const b = Buffer.from((values as Float32Array).buffer);
      expect(a.equals(b)).toBe(true);
    }
    // The HTML fallback stays small: 50 rows, not 100,000.
    expect((out.data['text/html'] as string).length).toBeLessThan(40_000);
  });
});

describe('buildTableBundle', () => {
  const logits = t2([
    [1, 2, 3],
    [3, 1, 2]
  ]);

  test('text/plain shows PyTorch-style 4-decimal probabilities, predicted class and confidence', () => {
    const out = buildTableBundle(logits, { logits: true, classes: ['cat', 'dog', 'bird'] });
    const text = out.data['text/plain'] as string;
    expect(text).toContain('2 rows × 3 classes, softmax(logits / 1)');
    expect(text).toMatch(/0\s+0\.0900\s+0\.2447\s+0\.6652\s+bird\s+0\.6652/);
    expect(text).toMatch(/1\s+0\.6652\s+0\.0900\s+0\.2447\s+cat\s+0\.6652/);
    expect(Object.keys(out.data).sort()).toEqual(
      [TABLE_MIME_TYPE, 'text/html', 'text/plain'].sort()
    );
  });

  test('the temperature divides the logits', () => {
    const out = buildTableBundle(logits, { logits: true, temperature: 2 });
    // softmax([0.5, 1, 1.5]) = [0.1863, 0.3072, 0.5065]
    expect(out.data['text/plain']).toMatch(/0\.1863\s+0\.3072\s+0\.5065/);
  });

  test('captions print the temperature to 4 significant digits, not full float precision', () => {
    for (const [t, shown] of [
      [1.2345678901234, '1.235'],
      [2, '2'],
      [0.000123456789, '0.0001235'],
      [98765.4321, '98770']
    ] as [number, string][]) {
      const out = buildTableBundle(logits, { logits: true, temperature: t });
      const caption = `softmax(logits / ${shown})`;
      expect(out.data['text/plain']).toContain(caption);
      expect(out.data['text/html']).toContain(caption);
    }
    // The payload keeps the exact value: the renderer recomputes with it.
    const p = buildTablePayload(logits, { logits: true, temperature: 1.2345678901234 });
    expect(p.temperature).toBe(1.2345678901234);
  });

  test('the HTML fallback is a plain semantic table with every user string escaped', () => {
    const evil = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(2)>',
      'javascript:alert(3)'
    ];
    const out = buildTableBundle(logits, { logits: true, classes: evil });
    const html = out.data['text/html'] as string;
    expect(html.startsWith('<table><caption>')).toBe(true);
    expect(html).toContain('<thead><tr><th scope="col">#</th>');
    // Only these tags, and no attribute but scope, appear: user text never becomes markup.
    for (const tag of html.match(/<[^>]*>/g)!) {
      expect(tag).toMatch(
        /^<\/?(table|caption|thead|tbody|tr|th|td|strong|p)( scope="(col|row)")?>$/
      );
    }
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    // The argmax is marked with <strong>, no CSS needed.
    expect(html).toContain('<td><strong>0.6652</strong></td>');
    // The payload keeps the names as data (the renderer uses textContent).
    expect((out.data[TABLE_MIME_TYPE] as TablePayload).classes).toEqual(evil);
  });

  test('escapeHtml covers the five special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;'
    );
  });

  test('rows beyond the row cap are dropped and every view says so', () => {
    const x = Tensor.fromStorage(randomLogits(250, 4), [250, 4], 'float32');
    const out = buildTableBundle(x, { logits: true, rowCap: 100 });
    const p = out.data[TABLE_MIME_TYPE] as TablePayload;
    expect(p.values.shape).toEqual([100, 4]);
    expect(p.totalRows).toBe(250);
    expect(out.data['text/plain']).toContain(
      'The interactive table shows the first 100 of 250 rows (row cap 100).'
    );
    expect(out.data['text/html']).toContain(
      '<p>Showing the first 100 of 250 rows (row cap 100).</p>'
    );
    expect(out.data['text/html']).toContain('first 50 of 250 rows');
  });

  test('1,000 classes: the element cap limits rows and the note says why', () => {
    const x = Tensor.fromStorage(randomLogits(1200, 1000, 1, 3), [1200, 1000], 'float32');
    const out = buildTableBundle(x, { logits: true });
    const p = out.data[TABLE_MIME_TYPE] as TablePayload;
    expect(p.values.shape).toEqual([1000, 1000]);
    expect(out.data['text/plain']).toContain('size limit for this many classes');
    expect(out.data['text/html']).toContain('first 50 of 1000 classes');
    expect(JSON.stringify(p).length).toBeLessThan(5_000_000);
  });

  test('dim picks the class dimension of an N-d tensor', () => {
    // shape (2, 3, 2): classes along dim 1 → 4 rows of 3
    const data = Float32Array.from({ length: 12 }, (_, i) => i);
    const x = Tensor.fromStorage(data, [2, 3, 2], 'float32');
    const payload = buildTablePayload(x, { dim: 1 });
    const parsed = parseTablePayload(payload);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(Array.from(parsed.value.values)).toEqual([0, 2, 4, 1, 3, 5, 6, 8, 10, 7, 9, 11]);
    }
    expect(payload.inputShape).toEqual([2, 3, 2]);
    expect(payload.dim).toBe(1);
  });

  test('a 1-D tensor is one row; bad arguments raise Python errors', () => {
    const v = Tensor.fromStorage(Float32Array.from([0.2, 0.8]), [2], 'float32');
    expect(buildTablePayload(v).values.shape).toEqual([1, 2]);
    expect(() => buildTablePayload(v, { classes: ['a'] })).toThrow(
      'got 1 class names for 2 classes'
    );
    expect(() => buildTablePayload(v, { dim: 1 })).toThrow('Dimension out of range');
    expect(() => buildTablePayload(v, { temperature: 0 })).toThrow('temperature');
    expect(() => buildTablePayload(v, { topK: 0 })).toThrow('top_k');
  });

  test('NaN and inf rows render as nan, like torch.softmax', () => {
    const x = t2([
      [Infinity, 1, 2],
      [-Infinity, -Infinity, -Infinity],
      [NaN, 0, 0]
    ]);
    const text = buildTableBundle(x, { logits: true }).data['text/plain'] as string;
    expect(
      text
        .split('\n')
        .slice(2, 5)
        .every(l => /nan\s+nan\s+nan\s+-\s+nan$/.test(l))
    ).toBe(true);
  });

  test('index.ts exports the builders for the cell language', () => {
    expect(outputs.buildTableBundle).toBe(buildTableBundle);
    expect(typeof outputs.buildCalibrationBundle).toBe('function');
  });
});

describe('parseTablePayload rejects malformed payloads with a readable message', () => {
  const good = buildTablePayload(Tensor.fromStorage(randomLogits(2, 5), [2, 5], 'float32'), {
    classes: ['a', 'b', 'c', 'd', 'e']
  });
  const cases: [string, unknown, RegExp][] = [
    ['not an object', 'hello', /not an object/],
    ['null', null, /not an object/],
    ['missing version', { ...good, version: undefined }, /unsupported version/],
    ['future version', { ...good, version: 2 }, /unsupported version 2/],
    ['bad kind', { ...good, kind: 'scores' }, /kind/],
    ['values missing', { ...good, values: undefined }, /values must be an object/],
    ['values as JSON numbers', { ...good, values: [0.1, 0.9] }, /values must be an object/],
    ['wrong shape', { ...good, values: { ...good.values, shape: [3, 5] } }, /expected/],
    ['classes wrong length', { ...good, classes: ['a'] }, /classes/],
    ['classes not strings', { ...good, classes: [1, 2] }, /classes/],
    ['NaN temperature', { ...good, temperature: NaN }, /temperature/],
    ['Infinity temperature', { ...good, temperature: Infinity }, /temperature/],
    ['string temperature', { ...good, temperature: '1' }, /temperature/],
    ['negative topK', { ...good, topK: -1 }, /topK/],
    ['totalRows too small', { ...good, totalRows: 0 }, /totalRows/],
    ['rowCap not a number', { ...good, rowCap: 'all' }, /rowCap/],
    ['inputShape junk', { ...good, inputShape: 'x' }, /inputShape/],
    ['dim out of range', { ...good, dim: 5 }, /dim/]
  ];
  test.each(cases)('%s', (_name, payload, message) => {
    const r = parseTablePayload(payload);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(/^invalid table payload: /);
      expect(r.error).toMatch(message);
    }
  });

  test('the good payload parses', () => {
    expect(parseTablePayload(JSON.parse(JSON.stringify(good))).ok).toBe(true);
  });
});
