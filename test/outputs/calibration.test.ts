import * as fs from 'fs';
import * as path from 'path';
import { Tensor } from '../../src/engine/tensor';
import { loadNpz } from '../../src/engine/io/npz';
import { ece } from '../../src/engine/calibration';
import {
  buildCalibrationOutput,
  parseCalibrationPayload,
  decodeCalibrationArrays,
  calibrationBundle,
  CALIBRATION_MIME_TYPE
} from '../../src/outputs/calibration';
import { bytesToBase64, base64ToBytes } from '../../src/outputs/base64';

const rec = loadNpz(
  new Uint8Array(
    fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'calibration', 'realistic.npz'))
  )
);
const x = rec.logits;
const y = rec.labels;

test('base64 round trip for every length mod 3', () => {
  for (let n = 0; n < 20; n++) {
    const b = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 255);
    const s = bytesToBase64(b);
    expect(s).toBe(Buffer.from(b).toString('base64'));
    expect(Array.from(base64ToBytes(s)!)).toEqual(Array.from(b));
  }
  expect(base64ToBytes('ab$=')).toBeNull();
  expect(base64ToBytes('abc')).toBeNull();
});

test('payload with a fit: metrics on all rows, rows capped, validates', () => {
  const out = buildCalibrationOutput(x, y, { logits: true, fit: 'exact', maxElements: 20000 });
  const p = out.payload;
  expect(p.totalRows).toBe(10000);
  expect(p.values.shape).toEqual([2000, 10]);
  expect(p.sampled).toBe(true);
  expect(p.metricsBefore.ece).toBeCloseTo(ece(x, y, { logits: true }), 12);
  expect(p.metricsAfter!.ece).toBeLessThan(p.metricsBefore.ece);
  expect(p.metricsAfter!.accuracy).toBe(p.metricsBefore.accuracy);
  expect(p.reliabilityBefore.length).toBe(15);
  const bundle = calibrationBundle(out);
  const parsed = parseCalibrationPayload(bundle[CALIBRATION_MIME_TYPE]);
  expect(parsed.ok).toBe(true);
  const arr = decodeCalibrationArrays(p);
  expect(arr.values[10]).toBe(x.storage[50]); // second sampled row is row 5
  expect(arr.labels[1]).toBe(y.storage[5]);
  expect(out.text).toContain('plot data: 2000 of 10000 rows');
  console.log(out.text);
});

test('text summary layout', () => {
  const small = Tensor.fromStorage(
    Float32Array.from([1, 2, 3, 3, 1, 2, 0.5, 2.5, 0.1, 2, 2.2, -1, 4, 0, 1, 0, 0, 3]),
    [6, 3],
    'float32'
  );
  const lab = Tensor.fromStorage(Float64Array.from([2, 1, 1, 0, 0, 2]), [6], 'int64');
  const out = buildCalibrationOutput(small, lab, {
    logits: true,
    fit: 'exact',
    classes: ['a', 'b', 'c']
  });
  const lines = out.text.split('\n');
  expect(lines[0]).toBe('Calibration (15 bins, guo)    T=1.000   T=1.100 (fit, exact)');
  expect(lines[1]).toBe('  ECE                          0.2012                 0.2038');
  expect(lines).toContain('  N=6, C=3');
  const probs = buildCalibrationOutput(small.contiguous(), lab, {
    logits: false,
    bins: 10,
    convention: 'torchmetrics'
  });
  // probabilities path (values are not normalised here; only the layout is checked)
  expect(probs.text.split('\n')[0]).toBe('Calibration (10 bins, torchmetrics)   probabilities');
  expect(probs.payload.reliabilityBefore.length).toBe(11);
  expect(() => buildCalibrationOutput(small, lab, { fit: 'exact' })).toThrow(/needs logits/);
});

test('validator rejects malformed payloads with a reason', () => {
  const good = calibrationBundle(buildCalibrationOutput(x, y, { logits: true, maxElements: 1000 }))[
    CALIBRATION_MIME_TYPE
  ] as any;
  expect(parseCalibrationPayload(good).ok).toBe(true);
  const bad = (patch: (p: any) => void): string => {
    const p = JSON.parse(JSON.stringify(good));
    patch(p);
    const r = parseCalibrationPayload(p);
    if (r.ok) {
      throw new Error('accepted');
    }
    return r.error;
  };
  expect(bad(p => (p.version = 2))).toMatch(/version/);
  expect(bad(p => (p.values.base64 = 'AAAA'))).toMatch(/holds 3 bytes, expected 4000/);
  expect(bad(p => (p.values.base64 = '<script>'))).toMatch(/base64/);
  expect(bad(p => (p.labels.shape = [99]))).toMatch(/labels/);
  expect(bad(p => (p.bins = 0))).toMatch(/bins/);
  expect(bad(p => (p.convention = 'netcal'))).toMatch(/convention/);
  expect(bad(p => (p.metricsBefore.ece = 'x'))).toMatch(/metricsBefore.ece/);
  expect(bad(p => (p.reliabilityBefore[0] = {}))).toMatch(/reliabilityBefore\[0\]/);
  expect(bad(p => (p.classes = ['a']))).toMatch(/classes/);
  expect(bad(p => (p.metricsAfter = p.metricsBefore))).toMatch(/exactly when fit/);
  expect(
    bad(
      p =>
        (p.labels.base64 = bytesToBase64(
          new Uint8Array(Int32Array.from({ length: 100 }, () => 10).buffer)
        ))
    )
  ).toMatch(/out of range/);
  expect(parseCalibrationPayload(null).ok).toBe(false);
  expect(parseCalibrationPayload('x').ok).toBe(false);
});
