/**
 * Issue #6: a 100,000 × 10 table bundle (payload + text/html + text/plain)
 * stays under 5 MB for every kind of float32 input, not only well-behaved
 * logits, and decodes bit-exactly for the rows it ships. Sizes are logged for
 * the record.
 */
import { deflateSync } from 'fflate';
import { Tensor } from '../../src/engine/tensor';
import { encodeBase64, packFloat32, unpackFloat32, MAX_VALUES } from '../../src/outputs/packed';
import {
  buildTableBundle,
  capNote,
  MAX_BUNDLE_BYTES,
  parseTablePayload,
  TABLE_MIME_TYPE,
  type TablePayload
} from '../../src/outputs/table';

const LIMIT = 5_000_000;
const N = 100_000;
const C = 10;

/** mulberry32: full-period 32-bit output (an LCG's low bits would compress). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fill(n: number, seed: number, f: (r: () => number, randn: () => number) => number) {
  const r = rng(seed);
  const randn = () => Math.sqrt(-2 * Math.log(r() + 1e-300)) * Math.cos(2 * Math.PI * r());
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = f(r, randn);
  }
  return out;
}

/** Row-wise float64 softmax, stored as float32 (what a model hands to sm.table). */
function softmaxRows(x: Float32Array, c: number): Float32Array {
  const out = new Float32Array(x.length);
  const e = new Float64Array(c);
  for (let i = 0; i < x.length; i += c) {
    let m = -Infinity;
    for (let j = 0; j < c; j++) {
      m = Math.max(m, x[i + j]);
    }
    let s = 0;
    for (let j = 0; j < c; j++) {
      e[j] = Math.exp(x[i + j] - m);
      s += e[j];
    }
    for (let j = 0; j < c; j++) {
      out[i + j] = e[j] / s;
    }
  }
  return out;
}

const n = N * C;
const DISTRIBUTIONS: [string, () => Float32Array, boolean][] = [
  ['logits randn*2', () => fill(n, 1, (_r, g) => g() * 2), true],
  [
    'probs softmax(randn*2)',
    () =>
      softmaxRows(
        fill(n, 2, (_r, g) => g() * 2),
        C
      ),
    false
  ],
  // A confident model: most probabilities are tiny, spread over ~60 binary exponents.
  [
    'probs softmax(randn*30)',
    () =>
      softmaxRows(
        fill(n, 3, (_r, g) => g() * 30),
        C
      ),
    false
  ],
  ['logits randn*1e4', () => fill(n, 4, (_r, g) => g() * 1e4), true],
  [
    'logits randn*1e4 + 3% inf/-inf/nan',
    () =>
      fill(n, 5, (r, g) => {
        const u = r();
        return u < 0.01 ? Infinity : u < 0.02 ? -Infinity : u < 0.03 ? NaN : g() * 1e4;
      }),
    true
  ],
  ['denormals randn*1e-40', () => fill(n, 6, (_r, g) => g() * 1e-40), true],
  ['integers round(randn*5)', () => fill(n, 7, (_r, g) => Math.round(g() * 5)), true],
  ['one-hot probabilities', () => fill(n, 8, r => (r() < 0.1 ? 1 : 0)), false],
  // Adversarial: random sign and exponent over the whole float32 range, random mantissa.
  [
    'log-uniform ±1e-38..1e38',
    () => fill(n, 9, r => (r() < 0.5 ? -1 : 1) * Math.pow(10, r() * 76 - 38)),
    true
  ],
  [
    'random bit patterns (incl. NaN payloads)',
    () => {
      const r = rng(10);
      const u = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        u[i] = Math.floor(r() * 4294967296);
      }
      return new Float32Array(u.buffer);
    },
    true
  ]
];

/** Count of elements that differ (Object.is, so -0 and NaN count; NaN payloads do not). */
function mismatches(a: Float32Array, b: Float32Array): number {
  let bad = 0;
  for (let i = 0; i < a.length; i++) {
    if (!(Object.is(a[i], b[i]) || (Number.isNaN(a[i]) && Number.isNaN(b[i])))) {
      bad++;
    }
  }
  return bad;
}

const report: string[] = [];
afterAll(() => {
  console.log(`100,000 × 10 table bundles (limit ${LIMIT} bytes):\n${report.join('\n')}`);
});

describe('100,000 × 10 bundle size for every distribution', () => {
  test.each(DISTRIBUTIONS)('%s', (name, make, logits) => {
    const values = make();
    const t0 = Date.now();
    const out = buildTableBundle(Tensor.fromStorage(values, [N, C], 'float32'), { logits });
    const ms = Date.now() - t0;
    const json = JSON.stringify(out.data);
    const bytes = Buffer.byteLength(json, 'utf8');
    const p = out.data[TABLE_MIME_TYPE] as TablePayload;
    const rows = p.values.shape[0];
    const html = Buffer.byteLength(out.data['text/html'] as string);
    const plain = Buffer.byteLength(out.data['text/plain'] as string);
    const codings = p.values.planes!.map(c => `${c.bits}${c.deflate ? 'z' : ''}`).join(',');
    report.push(
      `  ${name.padEnd(42)} ${bytes.toLocaleString('en-US').padStart(9)} B total ` +
        `(html ${html}, plain ${plain}), rows ${rows}, planes ${codings}, ${ms} ms`
    );
    expect(bytes).toBeLessThan(LIMIT);
    expect(bytes).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
    // The renderer's decoder gives back exactly the shipped rows.
    const parsed = parseTablePayload(out.data[TABLE_MIME_TYPE]);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) {
      return;
    }
    expect(parsed.value.rows).toBe(rows);
    expect(mismatches(parsed.value.values, values.subarray(0, rows * C))).toBe(0);
    if (rows < N) {
      // Only data that does not compress is cut, and every view says so.
      expect(name).toMatch(/log-uniform|random bit/);
      expect(rows).toBeGreaterThan(0.9 * N);
      const note = `Showing the first ${rows.toLocaleString('en-US')} of 100,000 rows (output size limit of 4.95 MB).`;
      expect(capNote(p)).toContain(note);
      expect(out.data['text/html']).toContain(note);
      expect(out.data['text/plain']).toContain(`${(N - 10).toLocaleString('en-US')} more rows`);
    } else {
      expect(capNote(p)).toBeNull();
    }
  });

  test('a confident model’s probabilities would not fit without the deflated planes', () => {
    // The same values as above, which fit all 100,000 rows with planes 8z,8z,8z,6.
    const values = softmaxRows(
      fill(n, 3, (_r, g) => g() * 30),
      C
    );
    const fast = packFloat32(values, [N, C]);
    // Fast coding: planes 8,8,8 raw + a 6-bit top plane = 3.75 MB, i.e. 5.0 MB of base64.
    expect(fast.planes!.map(c => c.bits)).toEqual([8, 8, 8, 6]);
    expect(fast.base64.length).toBeGreaterThan(MAX_BUNDLE_BYTES);
  });

  test('1,000 classes: 1,000 rows × 1,000 classes of logits fit too', () => {
    const c = 1000;
    const values = fill(1_200 * c, 11, (_r, g) => g() * 3);
    const names = Array.from({ length: c }, (_, j) => `class ${j} <b>&`);
    const out = buildTableBundle(Tensor.fromStorage(values, [1_200, c], 'float32'), {
      logits: true,
      classes: names
    });
    const bytes = Buffer.byteLength(JSON.stringify(out.data));
    report.push(`  ${'1,200 × 1,000 logits (1,000 rows shipped)'.padEnd(42)} ${bytes} B total`);
    expect(bytes).toBeLessThan(LIMIT);
    expect((out.data[TABLE_MIME_TYPE] as TablePayload).values.shape).toEqual([1000, c]);
    // The HTML fallback is capped (50 rows × 50 classes) and says how much it shows.
    expect(out.data['text/html']).toContain('(first 50 of 1200 rows, first 50 of 1000 classes)');
    expect(Buffer.byteLength(out.data['text/html'] as string)).toBeLessThan(100_000);
  });
});

describe('deflated planes: decoding is exact and safe', () => {
  test('round trip with deflated planes is bit-exact, including -0, NaN and ±inf', () => {
    const v = fill(50_000, 12, (r, g) => {
      const u = r();
      return u < 0.01 ? NaN : u < 0.02 ? -0 : u < 0.03 ? Infinity : Math.round(g() * 4) / 8;
    });
    const p = packFloat32(v, [5_000, 10], { deflate: true });
    expect(p.planes!.some(c => c.deflate !== undefined)).toBe(true);
    const back = unpackFloat32(JSON.parse(JSON.stringify(p)), 'v') as Float32Array;
    expect(back).toBeInstanceOf(Float32Array);
    expect(mismatches(back, v)).toBe(0);
  });

  /** A 4-plane payload whose top plane is the given deflate stream. */
  function withTopPlane(rows: number, stream: Uint8Array, inflatesTo = rows) {
    return {
      dtype: 'float32',
      shape: [rows, 1],
      encoding: 'planes',
      planes: [{ bits: 8 }, { bits: 8 }, { bits: 8 }, { bits: 8, deflate: stream.length }],
      base64: encodeBase64(new Uint8Array([...new Uint8Array(3 * rows), ...stream])),
      inflatesTo
    };
  }

  test('a deflate bomb (64 MiB of zeros declared as 4 bytes) is refused quickly', () => {
    const bomb = deflateSync(new Uint8Array(64 << 20), { level: 9 });
    const t0 = Date.now();
    expect(unpackFloat32(withTopPlane(4, bomb), 'v')).toMatch(/does not inflate to 4 bytes/);
    // Inflating all 64 MiB takes ~1 s here; stopping at the first overflow, ~25 ms.
    expect(Date.now() - t0).toBeLessThan(400);
  });

  test('short, corrupt or mis-declared deflate streams give a message, not an exception', () => {
    expect(unpackFloat32(withTopPlane(8, deflateSync(new Uint8Array(4))), 'v')).toMatch(
      /does not inflate/
    );
    expect(unpackFloat32(withTopPlane(4, Uint8Array.of(1, 2, 3, 4, 5)), 'v')).toMatch(
      /does not inflate/
    );
    const good = withTopPlane(4, deflateSync(Uint8Array.of(0x3f, 0x3f, 0x40, 0xbf)));
    const back = unpackFloat32(good, 'v') as Float32Array;
    expect(Array.from(new Uint8Array(back.buffer)).filter((_, i) => i % 4 === 3)).toEqual([
      0x3f, 0x3f, 0x40, 0xbf
    ]);
    for (const deflate of [0, -1, 1.5, 'x', 1e20]) {
      const bad = { ...good, planes: [...good.planes.slice(0, 3), { bits: 8, deflate }] };
      expect(unpackFloat32(bad, 'v')).toMatch(/planes|bytes/);
    }
  });

  test('a tiny payload cannot declare a huge shape', () => {
    const big = withTopPlane(1, deflateSync(new Uint8Array(1)));
    const huge = { ...big, shape: [MAX_VALUES + 1, 1] };
    expect(unpackFloat32(huge, 'v')).toMatch(/too large/);
  });
});
