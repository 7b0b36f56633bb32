/**
 * Issue #9: renderer payloads (pure parts). Malformed payloads make the
 * validators return an error object (never throw); hostile class names never
 * reach the text/html fallback unescaped; 10^6 rows / 10^4 classes stay bounded.
 * (The DOM renderers are exercised on hostile payloads in test/renderers/*.dom.test.ts.)
 */
import { deflateSync } from 'fflate';
import { Tensor } from '../../src/engine/tensor';
import { buildTableBundle, buildTablePayload, parseTablePayload, TABLE_MIME_TYPE } from '../../src/outputs/table';
import { tableHtml } from '../../src/outputs/html';
import { tableCaption, capNote, tableText } from '../../src/outputs/table';
import { buildCalibrationOutput, parseCalibrationPayload, calibrationSummary } from '../../src/outputs/calibration';
import { staticCalibrationSpec } from '../../src/outputs/calibplot';
import { encodeBase64 } from '../../src/outputs/packed';
import { rng } from './gen/rng';
import { EVIL, mutatePayload, badHtml } from './gen/payloads';
import { MiB } from './gen/memory';

const TABLE_TAGS = ['table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td', 'strong', 'p'];
const r = rng(4242);
const counts = { table: 0, calibration: 0, rejected: 0, accepted: 0 };

function randTensor(rows: number, c: number): Tensor {
  return Tensor.fromStorage(Float32Array.from({ length: rows * c }, () => r() * 8 - 4), [rows, c], 'float32');
}

afterAll(() => {
  // eslint-disable-next-line no-console
  console.log(`payloads: ${counts.table} table + ${counts.calibration} calibration tried; ${counts.rejected} rejected with an error, ${counts.accepted} accepted`);
});

/** Validate without throwing; an accepted table payload must render a safe fallback. */
function tryTable(payload: unknown, what: string): void {
  counts.table++;
  let res;
  try {
    res = parseTablePayload(payload);
  } catch (e) {
    throw new Error(`parseTablePayload threw on ${what}: ${(e as Error).stack}`);
  }
  if (!res.ok) {
    counts.rejected++;
    expect(typeof res.error).toBe('string');
    expect(res.error).toMatch(/^invalid table payload: /);
    return;
  }
  counts.accepted++;
  const d = res.value;
  const html = tableHtml(d, tableCaption(d.payload), capNote(d.payload));
  const bad = badHtml(html, TABLE_TAGS);
  if (bad) throw new Error(`${what}: ${bad}\n${html.slice(0, 500)}`);
  expect(typeof tableText(d)).toBe('string');
}

function tryCalibration(payload: unknown, what: string): void {
  counts.calibration++;
  let res;
  try {
    res = parseCalibrationPayload(payload);
  } catch (e) {
    throw new Error(`parseCalibrationPayload threw on ${what}: ${(e as Error).stack}`);
  }
  if (!res.ok) {
    counts.rejected++;
    expect(res.error).toMatch(/^invalid calibration payload: /);
    return;
  }
  counts.accepted++;
  const text = calibrationSummary(res.value);
  expect(text).not.toMatch(/<script|onerror=/i);
  const spec = JSON.stringify(staticCalibrationSpec(res.value));
  expect(spec).not.toMatch(/<script|onerror=|javascript:/i);
}

describe('hostile class names in the table fallbacks', () => {
  test.each(EVIL.map(e => [e]))('%s is escaped in text/html', evil => {
    const classes = [evil, `${evil}-2`, 'ok'];
    const b = buildTableBundle(randTensor(4, 3), { classes, logits: true });
    const html = b.data['text/html'] as string;
    expect(badHtml(html, TABLE_TAGS)).toBeNull();
    // the name is still shown (escaped), not dropped
    expect(html).toContain(evil.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
    tryTable(b.data[TABLE_MIME_TYPE], `classes ${evil}`);
  });
  test('10,000 hostile class names and 10^6 rows stay bounded and escaped', () => {
    const classes = Array.from({ length: 10_000 }, (_, i) => EVIL[i % EVIL.length] + i);
    const t0 = Date.now();
    const b = buildTableBundle(randTensor(30, 10_000), { classes });
    const html = b.data['text/html'] as string;
    expect(badHtml(html, TABLE_TAGS)).toBeNull();
    expect(html.length).toBeLessThan(200_000);
    const big = buildTableBundle(Tensor.fromStorage(new Float32Array(1_000_000 * 2).fill(0.5), [1_000_000, 2], 'float32'));
    expect((big.data[TABLE_MIME_TYPE] as { values: { shape: number[] } }).values.shape[0]).toBeLessThanOrEqual(100_000);
    expect((big.data['text/html'] as string).length).toBeLessThan(100_000);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });
});

describe('malformed table payloads', () => {
  const base = buildTablePayload(randTensor(5, 3), { classes: ['a', 'b', 'c'], logits: true }) as unknown as Record<string, unknown>;
  test('the valid base payload is accepted', () => {
    expect(parseTablePayload(base).ok).toBe(true);
  });
  test('2,000 seeded field mutations are rejected with an error or render safely', () => {
    for (let i = 0; i < 2000; i++) {
      const { payload, what } = mutatePayload(base, r);
      tryTable(payload, what);
    }
  });
  const raw = (shape: unknown, bytes: Uint8Array, extra: Record<string, unknown> = {}) => ({
    ...base,
    values: { dtype: 'float32', shape, encoding: 'raw', base64: encodeBase64(bytes) },
    ...extra
  });
  const planes = (n: number, plane3: Uint8Array) => ({
    ...base,
    classes: null,
    // three raw planes, then one deflated plane (the packed.ts format)
    values: {
      dtype: 'float32',
      shape: [n, 1],
      encoding: 'planes',
      planes: [{ bits: 8 }, { bits: 8 }, { bits: 8 }, { bits: 8, deflate: plane3.length }],
      base64: encodeBase64(new Uint8Array([...new Uint8Array(3 * n), ...plane3]))
    }
  });
  test.each([
    ['not an object', 'hello'],
    ['null', null],
    ['array', [base]],
    ['version 2', { ...base, version: 2 }],
    ['values shape [1e9, 1e9]', raw([1e9, 1e9], new Uint8Array(8))],
    ['values shape negative', raw([-1, 3], new Uint8Array(8))],
    ['values shape NaN', raw([NaN, 3], new Uint8Array(8))],
    ['values shape Infinity', raw([Infinity, 3], new Uint8Array(8))],
    ['values shape 3-D', raw([1, 1, 2], new Uint8Array(8))],
    ['values short', raw([5, 3], new Uint8Array(8))],
    ['base64 garbage', { ...base, values: { ...(base.values as object), base64: '<script>alert(1)</script>' } }],
    ['base64 of wrong length', { ...base, values: { ...(base.values as object), base64: 'AAA' } }],
    ['classes with a number', { ...base, classes: ['a', 2, 'c'] }],
    ['classes too many', { ...base, classes: ['a', 'b', 'c', 'd'] }],
    ['temperature NaN', { ...base, temperature: NaN }],
    ['temperature Infinity', { ...base, temperature: Infinity }],
    ['temperature 0', { ...base, temperature: 0 }],
    ['topK -1', { ...base, topK: -1 }],
    ['totalRows less than rows', { ...base, totalRows: 1 }],
    ['inputShape with NaN', { ...base, inputShape: [NaN] }],
    ['dim out of range', { ...base, dim: 9 }],
    ['invalid deflate plane', planes(4, Uint8Array.of(1, 2, 3))]
  ])('%s: rejected with an error object', (what, payload) => {
    counts.table++;
    const res = parseTablePayload(payload);
    expect(res.ok).toBe(false);
    counts.rejected++;
  });
  test('a deflate-bomb plane (64 MiB of zeros for 4 values) is rejected with an error object', () => {
    const t0 = Date.now();
    const res = parseTablePayload(planes(4, deflateSync(new Uint8Array(64 * MiB), { level: 9 })));
    counts.table++;
    expect(res.ok).toBe(false);
    // stopped by the inflate guard (not by an unrelated field check), quickly
    expect(res.ok ? '' : res.error).toMatch(/plane 3 does not inflate to 4 bytes/);
    expect(Date.now() - t0).toBeLessThan(5000);
    counts.rejected++;
  });
  test('a valid deflated plane is accepted (the helper builds the real format)', () => {
    const res = parseTablePayload(planes(4, deflateSync(Uint8Array.of(0x3f, 0x40, 0x3f, 0x40))));
    expect(res.ok).toBe(true);
  });
  test('NaN / Infinity values and 1e308 logits render (as nan / inf), escaped', () => {
    const vals = Float32Array.of(NaN, Infinity, -Infinity, 3e38, -3e38, 0);
    const b = buildTableBundle(Tensor.fromStorage(vals, [2, 3], 'float32'), { logits: true, classes: EVIL.slice(0, 3) });
    expect(badHtml(b.data['text/html'] as string, TABLE_TAGS)).toBeNull();
    tryTable(JSON.parse(JSON.stringify(b.data[TABLE_MIME_TYPE])), 'special values');
  });
});

describe('malformed calibration payloads', () => {
  const x = randTensor(50, 4);
  const labels = Tensor.fromStorage(Float64Array.from({ length: 50 }, () => r.int(0, 3)), [50], 'int64');
  const base = JSON.parse(JSON.stringify(buildCalibrationOutput(x, labels, { logits: true, fit: 'exact', classes: EVIL.slice(0, 4) }).payload)) as Record<string, unknown>;
  test('the valid base payload is accepted', () => {
    expect(parseCalibrationPayload(base).ok).toBe(true);
    tryCalibration(base, 'base');
  });
  test('2,000 seeded field mutations are rejected with an error or summarized safely', () => {
    for (let i = 0; i < 2000; i++) {
      const { payload, what } = mutatePayload(base, r);
      tryCalibration(payload, what);
    }
  });
  test.each([
    ['labels out of range', { ...base, labels: { dtype: 'int32', shape: [50], base64: encodeBase64(new Uint8Array(new Int32Array(50).fill(99).buffer)) } }],
    ['bins 10^9', { ...base, bins: 1e9 }],
    ['bin with NaN count', { ...base, reliabilityBefore: [{ lo: 0, hi: 1, count: NaN, accuracy: null, confidence: null, gap: null }] }],
    ['metrics as strings', { ...base, metricsBefore: { ece: '<script>' } }],
    ['fit without after', { ...base, metricsAfter: null }],
    ['values shape [1e9, 4]', { ...base, values: { dtype: 'float32', shape: [1e9, 4], base64: '' } }],
    ['convention injected', { ...base, convention: '<img src=x onerror=alert(1)>' }]
  ])('%s: rejected with an error object', (what, payload) => {
    counts.calibration++;
    expect(parseCalibrationPayload(payload).ok).toBe(false);
    counts.rejected++;
  });
});
