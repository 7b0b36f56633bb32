import * as fs from 'fs';
import * as path from 'path';
import { Tensor } from '../../src/engine/tensor';
import {
  ece,
  mce,
  ace,
  classwiseEce,
  brier,
  nll,
  accuracy,
  reliabilityBins,
  binEdges,
  fitTemperature,
  calibrationMetrics,
  BinConvention,
  T_MIN
} from '../../src/engine/calibration';
import { loadNpz } from '../../src/engine/io/npz';

const FIX = path.join(__dirname, '..', 'fixtures', 'calibration');
const num = (v: unknown): number =>
  v === 'Infinity'
    ? Infinity
    : v === '-Infinity'
      ? -Infinity
      : v === 'NaN' || v === null
        ? NaN
        : (v as number);

interface Case {
  name: string;
  x: number[][];
  labels: number[];
  logits: boolean;
  bins: number;
  temperature: number;
  metrics: Record<string, any>;
  exact?: { temperature: number; nll: number; nllBefore: number };
  lbfgs?: {
    temperature: number;
    iterations: number;
    evaluations: number;
    trajectory: number[][];
    nllAfter: number;
  };
}
const data = JSON.parse(fs.readFileSync(path.join(FIX, 'cases.json'), 'utf8')) as {
  edges: Record<string, number[]>;
  cases: Case[];
};

function tensors(c: Case): [Tensor, Tensor] {
  const n = c.x.length;
  const k = c.x[0].length;
  const x = Tensor.fromStorage(Float32Array.from(c.x.flat()), [n, k], 'float32');
  const y = Tensor.fromStorage(Float64Array.from(c.labels), [n], 'int64');
  return [x, y];
}

/** Largest |ours − reference| per family, printed at the end for the report. */
const maxDiff: Record<string, number> = {};
function close(family: string, got: number, want: unknown, tol = 1e-6): void {
  const w = num(want);
  if (!Number.isFinite(w)) {
    expect(got).toBe(w);
    return;
  }
  const d = Math.abs(got - w);
  maxDiff[family] = Math.max(maxDiff[family] ?? 0, d);
  expect(d).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(w)));
}
afterAll(() => {
  console.log('max |diff| vs references:', JSON.stringify(maxDiff));
});

test('bin edges equal float32 torch.linspace(0, 1, bins + 1)', () => {
  for (const [b, edges] of Object.entries(data.edges)) {
    expect(Array.from(binEdges(Number(b)))).toEqual(edges);
  }
});

describe.each(data.cases.map(c => [c.name, c] as [string, Case]))('metrics: %s', (_name, c) => {
  const [x, y] = tensors(c);
  const base = { logits: c.logits, temperature: c.temperature, bins: c.bins };
  for (const conv of ['guo', 'torchmetrics'] as BinConvention[]) {
    test(`${conv}: ece, mce, classwise, reliability`, () => {
      const o = { ...base, convention: conv };
      const want = c.metrics[conv];
      close(`ece/${conv}`, ece(x, y, o), want.ece);
      close(`mce/${conv}`, mce(x, y, o), want.mce);
      close(`classwise/${conv}`, classwiseEce(x, y, o), want.classwiseEce);
      const rb = reliabilityBins(x, y, o);
      expect(rb.length).toBe(want.reliability.length);
      rb.forEach((b, i) => {
        const r = want.reliability[i];
        expect(b.count).toBe(r.count);
        expect(b.lo).toBe(r.lo);
        expect(b.hi).toBe(r.hi);
        if (r.count === 0) {
          expect(b.accuracy).toBeNaN();
        } else {
          close('reliability', b.accuracy, r.accuracy);
          close('reliability', b.confidence, r.confidence);
          expect(b.gap).toBeCloseTo(b.confidence - b.accuracy, 15);
        }
      });
    });
  }
  test('ace, brier, nll, accuracy', () => {
    close('ace', ace(x, y, base), c.metrics.ace);
    close('brier', brier(x, y, base), c.metrics.brier);
    close('nll', nll(x, y, base), c.metrics.nll);
    expect(accuracy(x, y, base)).toBeCloseTo(c.metrics.accuracy, 12);
  });
  if (c.exact && c.lbfgs) {
    const ex = c.exact;
    const lb = c.lbfgs;
    test('fitTemperature exact matches the float64 argmin to 1e-6 relative', () => {
      const r = fitTemperature(x, y, { method: 'exact' });
      expect(r.converged).toBe(true);
      close('T_exact(rel)', r.temperature / ex.temperature, 1);
      close('nll', r.nllAfter, ex.nll);
      close('nll', r.nllBefore, ex.nllBefore);
      expect(r.evaluations).toBeLessThan(20);
    });
    test('fitTemperature lbfgs reproduces torch.optim.LBFGS (gpleiss recipe)', () => {
      const r = fitTemperature(x, y, { method: 'lbfgs' });
      expect(r.iterations).toBe(lb.iterations);
      expect(r.evaluations).toBe(lb.evaluations);
      // Every closure evaluation matches torch's (T, loss, dL/dT) until the recipe overshoots:
      // a secant step between two float32 gradients equal to ~4 digits amplifies their last-bit
      // differences (torch's reduction order), so after a jump only the sign and rough size agree.
      const jump = lb.trajectory.findIndex(
        (t, i) => i > 0 && Math.abs(t[0] - lb.trajectory[i - 1][0]) > 0.1
      );
      const stable = jump < 0 ? lb.trajectory.length : jump;
      for (let i = 0; i < stable; i++) {
        close('lbfgs trajectory T', r.trajectory![i][0], lb.trajectory[i][0], 2e-5);
        close('lbfgs trajectory loss', r.trajectory![i][1], lb.trajectory[i][1], 2e-6);
        close('lbfgs trajectory grad', r.trajectory![i][2], lb.trajectory[i][2], 1e-5);
      }
      if (jump < 0) {
        close('T_lbfgs', r.temperature, lb.temperature, 2e-6);
        close('nll', r.nllAfter, lb.nllAfter, 1e-5);
      } else {
        expect(Math.sign(r.temperature)).toBe(Math.sign(lb.temperature));
        expect(Math.abs(r.temperature / lb.temperature - 1)).toBeLessThan(0.05);
        expect(Number.isFinite(r.nllAfter)).toBe(true);
      }
    });
  }
});

test('tiny fixture: the reference numbers of §4.4', () => {
  const c = data.cases.find(k => k.name === 'tiny_guo_fixture')!;
  const [x, y] = tensors(c);
  expect(ece(x, y, { logits: true })).toBeCloseTo(0.2012, 4);
  expect(nll(x, y, { logits: true })).toBeCloseTo(0.6667, 4);
  const ex = fitTemperature(x, y);
  expect(ex.temperature).toBeCloseTo(1.099827161, 7);
  expect(ex.nllAfter).toBeCloseTo(0.664245695, 8);
  expect(ece(x, y, { logits: true, temperature: ex.temperature })).toBeCloseTo(0.203803, 5);
  const lb = fitTemperature(x, y, { method: 'lbfgs' });
  expect(lb.temperature).toBeCloseTo(1.2617, 4);
  expect(lb.converged).toBe(false);
  expect(lb.note).toMatch(/max_iter/);
});

test('bin-edge example: guo and torchmetrics disagree as documented', () => {
  const p = Tensor.fromStorage(
    Float32Array.from([0.5, 0.5, 0, 0.5, 0.25, 0.25, 0.9, 0.1, 0]),
    [3, 3],
    'float32'
  );
  const y = Tensor.fromStorage(Float64Array.from([0, 0, 1]), [3], 'int64');
  expect(ece(p, y, { bins: 2 })).toBeCloseTo(0.6333333, 6);
  expect(ece(p, y, { bins: 2, convention: 'torchmetrics' })).toBeCloseTo(0.0333333, 6);
});

describe('realistic 10,000 x 10 (npz fixture)', () => {
  const rec = loadNpz(new Uint8Array(fs.readFileSync(path.join(FIX, 'realistic.npz'))));
  const x = rec.logits;
  const y = rec.labels;
  const want = JSON.parse(fs.readFileSync(path.join(FIX, 'realistic.json'), 'utf8'));
  test('metrics at T = 1 and at T*', () => {
    for (const [T, m] of [
      [1, want.metrics],
      [want.exact.temperature, want.metricsAtExact]
    ] as [number, any][]) {
      for (const conv of ['guo', 'torchmetrics'] as BinConvention[]) {
        const o = { logits: true, temperature: T, convention: conv };
        close(`ece/${conv}`, ece(x, y, o), m[conv].ece);
        close(`mce/${conv}`, mce(x, y, o), m[conv].mce);
        close(`classwise/${conv}`, classwiseEce(x, y, o), m[conv].classwiseEce);
      }
      const all = calibrationMetrics(x, y, { logits: true, temperature: T });
      close('ace', all.ace, m.ace);
      close('brier', all.brier, m.brier);
      close('nll', all.nll, m.nll);
      close('accuracy', all.accuracy, m.accuracy);
    }
  });
  test('fitTemperature exact and lbfgs', () => {
    const r = fitTemperature(x, y);
    close('T_exact(rel)', r.temperature / want.exact.temperature, 1);
    close('nll', r.nllAfter, want.exact.nll);
    const lb = fitTemperature(x, y, { method: 'lbfgs' });
    close('T_lbfgs', lb.temperature, want.lbfgs.temperature, 2e-6);
    expect(lb.evaluations).toBe(want.lbfgs.evaluations);
  });
});

describe('degenerate inputs and errors', () => {
  const y2 = Tensor.fromStorage(Float64Array.from([0, 1, 1, 0]), [4], 'int64');
  test('all confidently correct: T hits the lower bound, not converged', () => {
    const x = Tensor.fromStorage(
      Float32Array.from([50, 0, 0, 40, -3, 60, 70, 1]),
      [4, 2],
      'float32'
    );
    const r = fitTemperature(x, y2);
    expect(r.temperature).toBeCloseTo(T_MIN, 12);
    expect(r.converged).toBe(false);
    expect(r.note).toMatch(/T → 0/);
  });
  test('labels no better than chance: T hits the upper bound', () => {
    const x = Tensor.fromStorage(Float32Array.from([0, 5, 5, 0, 5, 0, 0, 5]), [4, 2], 'float32');
    const r = fitTemperature(x, y2);
    expect(r.temperature).toBeCloseTo(1000, 6);
    expect(r.converged).toBe(false);
  });
  test('constant rows: T = 1, NLL independent of T', () => {
    const x = Tensor.fromStorage(new Float32Array(8).fill(2), [4, 2], 'float32');
    expect(fitTemperature(x, y2).temperature).toBe(1);
  });
  test('validation errors are ValueErrors', () => {
    const x = Tensor.fromStorage(new Float32Array(8), [4, 2], 'float32');
    const bad = Tensor.fromStorage(Float64Array.from([0, 1, 2, 0]), [4], 'int64');
    expect(() => ece(x, bad)).toThrow(/label 2 at index 2 is out of range for 2 classes/);
    expect(() => ece(x, Tensor.fromStorage(new Float32Array(4), [4], 'float32'))).toThrow(
      /integer/
    );
    expect(() => ece(Tensor.fromStorage(new Float32Array(4), [4], 'float32'), y2)).toThrow(/2-D/);
    expect(() => ece(x, y2, { bins: 0 })).toThrow(/bins/);
    expect(() => ece(x, y2, { logits: true, temperature: 0 })).toThrow(/temperature/);
    expect(() => fitTemperature(x, y2, { method: 'newton' as any })).toThrow(/method/);
  });
  test('empty input gives NaN', () => {
    const x = Tensor.fromStorage(new Float32Array(0), [0, 3], 'float32');
    const y = Tensor.fromStorage(new Float64Array(0), [0], 'int64');
    expect(ece(x, y)).toBeNaN();
  });
  test('non-contiguous (transposed) input reads logical order', () => {
    const c = data.cases[0];
    const [x, y] = tensors(c);
    const t = x.contiguous();
    // build the transpose storage, then view it back transposed
    const n = t.shape[0];
    const k = t.shape[1];
    const st = new Float32Array(n * k);
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) st[j * n + i] = t.storage[i * k + j];
    const view = new Tensor(st, [n, k], [1, n], 0, 'float32');
    expect(ece(view, y, { logits: true })).toBe(ece(x, y, { logits: true }));
  });
});
