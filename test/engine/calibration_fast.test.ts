/**
 * The single-pass top-label row (calibration/common.ts rowTop) and the table exp
 * used for large inputs (calibration/exp64.ts).
 */
import { Tensor } from '../../src/engine/tensor';
import { prepare, rowProbs, rowTop } from '../../src/engine/calibration/common';
import { expNeg64 } from '../../src/engine/calibration/exp64';
import { accuracy, ace, calibrationReport, ece, mce, nll } from '../../src/engine/calibration';
import { FAST_MIN_NUMEL } from '../../src/engine/wasm/index';
import { setDeadline } from '../../src/engine/deadline';
import { mulberry32 } from './helpers';


function labelsFor(n: number, c: number, r: () => number): Tensor {
  const y = Tensor.empty([n], 'int64');
  for (let i = 0; i < n; i++) {
    y.storage[i] = Math.floor(r() * c);
  }
  return y;
}

/** Rows that stress the argmax: ties, near-ties, tiny/denormal logits, NaN, ±inf. */
function nastyRows(c: number, r: () => number): number[][] {
  const rows: number[][] = [];
  const rnd = () => Array.from({ length: c }, () => (r() - 0.5) * 10);
  rows.push(rnd());
  rows.push(Array(c).fill(1.5)); // all tied
  rows.push(Array.from({ length: c }, (_, j) => (j % 2 ? 1e-30 : -1e-30))); // exps round to 1
  rows.push(Array.from({ length: c }, (_, j) => j * 1e-45)); // float32 denormals
  rows.push(Array.from({ length: c }, (_, j) => (j === c - 1 ? 1 : 1 - 2 ** -23))); // adjacent floats
  const withNaN = rnd();
  withNaN[Math.floor(c / 2)] = NaN;
  rows.push(withNaN);
  const firstNaN = rnd();
  firstNaN[0] = NaN;
  rows.push(firstNaN);
  const inf = rnd();
  inf[1] = Infinity;
  rows.push(inf);
  const ninf = rnd();
  ninf[0] = -Infinity;
  rows.push(ninf);
  rows.push(Array(c).fill(-Infinity));
  rows.push(Array.from({ length: c }, () => (r() - 0.5) * 2000)); // huge gaps: exps underflow
  return rows;
}

describe('rowTop equals rowProbs + first-index argmax bit for bit', () => {
  for (const c of [1, 2, 3, 10, 100]) {
    for (const fastExp of [false, true]) {
      for (const temperature of [1, 0.37, 4]) {
        test(`C=${c}, ${fastExp ? 'table' : 'Math'} exp, T=${temperature}`, () => {
          const r = mulberry32(c * 7 + (fastExp ? 1 : 0));
          const rows = nastyRows(c, r);
          const n = rows.length;
          const x = Tensor.fromStorage(Float32Array.from(rows.flat()), [n, c], 'float32');
          const inp = prepare(x, labelsFor(n, c, r), { logits: true, temperature });
          inp.fastExp = fastExp;
          const row = new Float64Array(c);
          const top = new Float64Array(2);
          for (let i = 0; i < n; i++) {
            const lpWant = rowProbs(inp, i, row);
            let best = 0;
            for (let j = 1; j < c; j++) {
              if (row[j] > row[best]) {
                best = j;
              }
            }
            const lpGot = rowTop(inp, i, top);
            expect([i, top[0]]).toEqual([i, best]);
            expect(Object.is(top[1], row[best])).toBe(true);
            expect(Object.is(lpGot, lpWant)).toBe(true);
          }
        });
      }
    }
  }

  test('exps that differ but divide to the same probability: the first index wins', () => {
    // exp(a − b) and exp(0) differ by 1 ulp; both round to one quotient over s
    const x = Tensor.fromStorage(
      Float32Array.from([1.7409998998019205e-9, 1.741000010824223e-9, -5]),
      [1, 3],
      'float32'
    );
    for (const fastExp of [false, true]) {
      const inp = prepare(x, Tensor.fromStorage(Float64Array.from([0]), [1], 'int64'), {
        logits: true
      });
      inp.fastExp = fastExp;
      const row = new Float64Array(3);
      rowProbs(inp, 0, row);
      const top = new Float64Array(2);
      rowTop(inp, 0, top);
      if (!fastExp) {
        expect(row[0]).toBe(row[1]);
      } // the case this test is about
      const best = row[1] > row[0] ? 1 : 0;
      expect(top[0]).toBe(best);
      expect(top[1]).toBe(row[best]);
    }
    expect(
      accuracy(x, Tensor.fromStorage(Float64Array.from([0]), [1], 'int64'), { logits: true })
    ).toBe(1);
  });

  test('probabilities input (logits: false)', () => {
    const r = mulberry32(3);
    const x = Tensor.fromStorage(Float32Array.from(nastyRows(5, r).flat()), [11, 5], 'float32');
    const inp = prepare(x, labelsFor(11, 5, r), {});
    const row = new Float64Array(5);
    const top = new Float64Array(2);
    for (let i = 0; i < 11; i++) {
      const want = rowProbs(inp, i, row);
      let best = 0;
      for (let j = 1; j < 5; j++) {
        if (row[j] > row[best]) {
          best = j;
        }
      }
      expect(Object.is(rowTop(inp, i, top), want)).toBe(true);
      expect(top[0]).toBe(best);
      expect(Object.is(top[1], row[best])).toBe(true);
    }
  });
});

describe('table exp for large inputs', () => {
  test('expNeg64 is within 4 ulp of Math.exp on (−700, 0] and exact at the edges', () => {
    const r = mulberry32(5);
    let worst = 0;
    for (let i = 0; i < 200000; i++) {
      const d = -r() * (i % 2 ? 700 : 1);
      const a = expNeg64(d);
      const b = Math.exp(d);
      worst = Math.max(worst, Math.abs(a - b) / b);
    }
    expect(worst).toBeLessThan(4 * 2 ** -52);
    for (const d of [0, -0, -700.5, -745.2, -746, -Infinity, NaN, 0.5, 3]) {
      expect(Object.is(expNeg64(d), Math.exp(d))).toBe(true);
    }
  });

  test('only inputs of FAST_MIN_NUMEL elements or more use it', () => {
    const small = Tensor.empty([10, 100], 'float32');
    const large = Tensor.empty([Math.ceil(FAST_MIN_NUMEL / 10), 10], 'float32');
    expect(prepare(small, Tensor.empty([10], 'int64'), { logits: true }).fastExp).toBe(false);
    expect(prepare(large, Tensor.empty([large.shape[0]], 'int64'), { logits: true }).fastExp).toBe(
      true
    );
  });

  test('large-input metrics agree with a Math.exp float64 reference and with the report', () => {
    const r = mulberry32(9);
    const n = 3000;
    const c = 20;
    const data = new Float32Array(n * c);
    for (let i = 0; i < data.length; i++) {
      data[i] = (r() - 0.5) * 12;
    }
    const x = Tensor.fromStorage(data, [n, c], 'float32');
    const y = labelsFor(n, c, r);
    const opts = { logits: true, temperature: 1.3 };
    // reference: the straightforward float64 definition with Math.exp
    const bins = 15;
    const cnt = new Float64Array(bins);
    const acc = new Float64Array(bins);
    const cf = new Float64Array(bins);
    let nllRef = 0;
    let hits = 0;
    for (let i = 0; i < n; i++) {
      const row = Array.from(data.subarray(i * c, (i + 1) * c), v => v / 1.3);
      const m = Math.max(...row);
      const s = row.reduce((a, v) => a + Math.exp(v - m), 0);
      const best = row.indexOf(m);
      const p = 1 / s;
      const ok = best === y.storage[i] ? 1 : 0;
      hits += ok;
      nllRef -= row[y.storage[i]] - m - Math.log(s);
      const b = Math.min(bins - 1, Math.ceil(Math.fround(p) * bins) - 1);
      cnt[b]++;
      acc[b] += ok;
      cf[b] += p;
    }
    let eceRef = 0;
    for (let b = 0; b < bins; b++) {
      eceRef += Math.abs(acc[b] - cf[b]);
    }
    eceRef /= n;
    expect(Math.abs(ece(x, y, opts) - eceRef)).toBeLessThan(1e-12);
    expect(Math.abs(nll(x, y, opts) - nllRef / n)).toBeLessThan(1e-12);
    expect(accuracy(x, y, opts)).toBe(hits / n);
    // every metric of one input takes the same exp, so they agree exactly with the report
    const rep = calibrationReport(x, y, opts).metrics;
    expect(rep.ece).toBe(ece(x, y, opts));
    expect(rep.mce).toBe(mce(x, y, opts));
    expect(rep.ace).toBe(ace(x, y, opts));
    expect(rep.nll).toBe(nll(x, y, opts));
    expect(rep.accuracy).toBe(accuracy(x, y, opts));
  });
});

test('metrics honour the engine deadline', () => {
  const x = Tensor.empty([2000, 50], 'float32');
  const y = Tensor.empty([2000], 'int64');
  setDeadline(Date.now() - 1);
  try {
    expect(() => ece(x, y, { logits: true })).toThrow(/time limit/);
  } finally {
    setDeadline(null);
  }
  expect(Number.isFinite(ece(x, y, { logits: true }))).toBe(true);
});
