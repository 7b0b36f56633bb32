/** Unit tests for src/engine/softmax.ts; expected values from PyTorch 2.13 CPU. */
import { Tensor } from '../../src/engine/tensor';
import { DType } from '../../src/engine/dtype';
import { TorchError, setWarningHandler } from '../../src/engine/errors';
import {
  softmax,
  logSoftmax,
  softmin,
  logsumexp,
  logistic,
  logsigmoid,
  gumbelSoftmax,
  implicitSoftmaxDim,
  exponentialFromUniform,
  torchExponentialSampler,
  softmax2dDim
} from '../../src/engine/softmax';
import { Generator } from '../../src/engine/random';
import { EXACT_MAX } from '../../src/engine/kernels/softmax_rows';

import { T } from './helpers';
const list = (t: Tensor): number[] => Array.from(t.contiguous().storage.subarray(t.offset, t.offset + t.numel));
const X = (): Tensor => T([[1, 2, 3], [3, 1, 2]]);

function expectError(f: () => unknown, pyType: string, message: string): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TorchError);
    expect(`${(e as TorchError).pyType}: ${(e as TorchError).message}`).toBe(`${pyType}: ${message}`);
    return;
  }
  throw new Error('expected an error');
}

/** Seeded uniform source for gumbel tests (mulberry32). */
function mulberry(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let warnings: string[] = [];
beforeEach(() => {
  warnings = [];
  setWarningHandler((m, c) => warnings.push(`${c}: ${m}`));
});

describe('softmax: canonical values (bit-exact with torch)', () => {
  test('softmax dim 1, both rows differ in the last ulp like torch', () => {
    expect(list(softmax(X(), 1))).toEqual([
      0.09003057330846786, 0.2447284758090973, 0.6652409434318542, 0.6652408838272095, 0.09003056585788727,
      0.2447284460067749
    ]);
  });
  test('softmax dim 0 (non-last-dim kernel)', () => {
    expect(list(softmax(X(), 0))).toEqual([
      0.11920291930437088, 0.7310585975646973, 0.7310585975646973, 0.8807970285415649, 0.2689414322376251,
      0.2689414322376251
    ]);
  });
  test('log_softmax dim 1', () => {
    expect(list(logSoftmax(X(), 1))).toEqual([
      -2.4076058864593506, -1.4076058864593506, -0.40760594606399536, -0.4076060354709625, -2.4076061248779297,
      -1.4076060056686401
    ]);
  });
  test('softmin = softmax(-x)', () => {
    expect(list(softmin(X(), 1))).toEqual([
      0.6652409434318542, 0.2447284758090973, 0.09003057330846786, 0.09003056585788727, 0.6652408838272095,
      0.2447284460067749
    ]);
  });
  test('rows do not sum to exactly 1 (float32 like torch)', () => {
    const p = list(softmax(X(), 1));
    expect(Math.fround(Math.fround(p[0] + p[1]) + p[2])).toBe(1);
    expect(Math.fround(Math.fround(p[3] + p[4]) + p[5])).toBe(0.9999998807907104);
  });
  test('negative dims and 3-D dims', () => {
    const x = Tensor.empty([2, 3, 4]);
    for (let i = 0; i < 24; i++) x.storage[i] = Math.sin(i) * 3;
    expect(list(softmax(x, -1))).toEqual(list(softmax(x, 2)));
    expect(list(softmax(x, -2))).toEqual(list(softmax(x, 1)));
    expect(list(softmax(x, -3))).toEqual(list(softmax(x, 0)));
  });
  test('non-contiguous input (transposed view) equals the contiguous result', () => {
    const x = X();
    const xt = new Tensor(x.storage, [3, 2], [1, 3], 0, 'float32');
    const c = xt.contiguous();
    expect(list(softmax(xt, 1))).toEqual(list(softmax(c, 1)));
    expect(list(logSoftmax(xt, 0))).toEqual(list(logSoftmax(c, 0)));
  });
});

describe('special values', () => {
  test('+inf in a row → NaN row; all −inf row → NaN; other rows intact', () => {
    const p = list(softmax(T([[Infinity, 0, 1], [-Infinity, -Infinity, -Infinity], [1, 2, 3]]), 1));
    expect(p.slice(0, 6).every((v) => Number.isNaN(v))).toBe(true);
    expect(p.slice(6)).toEqual([0.09003057330846786, 0.2447284758090973, 0.6652409434318542]);
  });
  test('NaN poisons only its row', () => {
    const p = list(softmax(T([[NaN, 0, 1], [0, 0, 0]]), 1));
    expect(p.slice(0, 3).every((v) => Number.isNaN(v))).toBe(true);
    expect(p.slice(3).every((v) => v === Math.fround(1 / 3))).toBe(true);
  });
  test('one −inf gives an exact 0 (and −inf in log_softmax)', () => {
    expect(list(softmax(T([-Infinity, 0, 1]), 0))[0]).toBe(0);
    expect(list(logSoftmax(T([-Infinity, 0, 1]), 0))[0]).toBe(-Infinity);
  });
  test('shift invariance: [1000,1001,1002] == [0,1,2]', () => {
    expect(list(softmax(T([1000, 1001, 1002]), 0))).toEqual(list(softmax(T([0, 1, 2]), 0)));
    expect(list(softmax(T([-1000, 0]), 0))).toEqual([0, 1]);
  });
  test('0-d input gives 1 / 0', () => {
    const s = softmax(T(2), 0);
    expect(s.shape).toEqual([]);
    expect(list(s)).toEqual([1]);
    expect(list(logSoftmax(T(2), -1))).toEqual([0]);
  });
  test('empty input gives empty output', () => {
    expect(softmax(Tensor.empty([0]), 0).shape).toEqual([0]);
    expect(softmax(Tensor.empty([0, 3]), 1).shape).toEqual([0, 3]);
    expect(softmax(Tensor.empty([2, 0]), 0).shape).toEqual([2, 0]);
    expect(softmax(Tensor.empty([0, 3], 'int64'), 1).dtype).toBe('int64'); // torch: no error when empty
  });
});

describe('errors', () => {
  test('dim out of range', () => {
    expectError(() => softmax(X(), 2), 'IndexError', 'Dimension out of range (expected to be in range of [-2, 1], but got 2)');
    expectError(() => softmax(X(), -3), 'IndexError', 'Dimension out of range (expected to be in range of [-2, 1], but got -3)');
    expectError(() => softmax(T(2), 1), 'IndexError', 'Dimension out of range (expected to be in range of [-1, 0], but got 1)');
  });
  test('integer and bool input name the kernel', () => {
    const i = T([[1, 2, 3], [4, 5, 6]], 'int64');
    expectError(() => softmax(i, 1), 'NotImplementedError', `"softmax_lastdim_kernel_impl" not implemented for 'Long'`);
    expectError(() => softmax(i, 0), 'NotImplementedError', `"softmax_kernel_impl" not implemented for 'Long'`);
    expectError(() => logSoftmax(i, 1), 'NotImplementedError', `"log_softmax_lastdim_kernel_impl" not implemented for 'Long'`);
    expectError(() => logSoftmax(i, 0), 'NotImplementedError', `"log_softmax_kernel_impl" not implemented for 'Long'`);
    expectError(() => softmax(T([1, 0], 'bool'), 0), 'NotImplementedError', `"softmax_lastdim_kernel_impl" not implemented for 'Bool'`);
    expectError(() => softmax(T([1, 0], 'int32'), 0), 'NotImplementedError', `"softmax_lastdim_kernel_impl" not implemented for 'Int'`);
    expectError(() => softmax(T(2, 'int64'), 0), 'NotImplementedError', `"softmax_lastdim_kernel_impl" not implemented for 'Long'`);
    expectError(() => softmax(X(), 0, { dtype: 'int64' }), 'NotImplementedError', `"softmax_kernel_impl" not implemented for 'Long'`);
  });
  test('softmin of bool: negation error', () => {
    expectError(
      () => softmin(T([1, 0], 'bool'), 0),
      'RuntimeError',
      'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.'
    );
  });
});

describe('dtype handling', () => {
  test('dtype= casts before the op', () => {
    const s = softmax(T([1, 2, 3], 'int64'), 0, { dtype: 'float64' });
    expect(s.dtype).toBe('float64');
    expect(list(s)).toEqual([0.09003057317038045, 0.2447284710547976, 0.6652409557748218]);
    const f = softmax(T([1, 2, 3], 'float64'), 0, { dtype: 'float32' });
    expect(f.dtype).toBe('float32');
    expect(list(f)).toEqual([0.09003057330846786, 0.2447284758090973, 0.6652409434318542]);
  });
  test('float16 / bfloat16 emulation rounds like torch', () => {
    expect(list(softmax(T([1, 2, 3]), 0, { dtype: 'float16' }))).toEqual([0.09002685546875, 0.2447509765625, 0.6650390625]);
    const bf = softmax(T([1, 2, 3], 'bfloat16'), 0);
    expect(bf.dtype).toBe('bfloat16');
    expect(list(bf)).toEqual([0.08984375, 0.2451171875, 0.6640625]);
    expect(list(logSoftmax(T([1, 2, 3], 'float16'), 0))).toEqual([-2.408203125, -1.4072265625, -0.407470703125]);
  });
});

describe('implicit dim', () => {
  test('rule: 0 for ndim 0, 1, 3; else 1 — and always the UserWarning', () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => implicitSoftmaxDim('softmax', n))).toEqual([0, 0, 1, 0, 1, 1]);
    expect(warnings[0]).toBe(
      'UserWarning: Implicit dimension choice for softmax has been deprecated. Change the call to include dim=X as an argument.'
    );
    implicitSoftmaxDim('log_softmax', 2);
    expect(warnings[6]).toContain('Implicit dimension choice for log_softmax has');
  });
});

describe('nn.Softmax2d dim', () => {
  test('-3 for 3-D/4-D, ValueError otherwise', () => {
    expect(softmax2dDim(4)).toBe(-3);
    expectError(() => softmax2dDim(2), 'ValueError', 'Softmax2d: expected input to be 3D or 4D, got 2D instead');
  });
});

describe('long rows', () => {
  test(`rows above ${EXACT_MAX} elements keep |Σp − 1| ≤ 1e-6`, () => {
    const n = 100000;
    const x = Tensor.empty([1, n]);
    const u = mulberry(7);
    for (let i = 0; i < n; i++) x.storage[i] = 4 * Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
    const p = softmax(x, 1).storage;
    let s = 0;
    for (let i = 0; i < n; i++) s += p[i];
    expect(Math.abs(s - 1)).toBeLessThanOrEqual(1e-6);
    const xt = new Tensor(x.storage, [n, 1], [1, n], 0, 'float32'); // same data as a column: dim 0
    const q = softmax(xt, 0).storage;
    let s2 = 0;
    for (let i = 0; i < n; i++) s2 += q[i];
    expect(Math.abs(s2 - 1)).toBeLessThanOrEqual(1e-6);
    const lp = logSoftmax(x, 1).storage;
    let s3 = 0;
    for (let i = 0; i < n; i++) s3 += Math.exp(lp[i]);
    expect(Math.abs(s3 - 1)).toBeLessThanOrEqual(1e-6);
  });
});

describe('logsumexp', () => {
  test('values', () => {
    // torch: 4.100752830505371 — its vectorised log is 1 ulp below the correctly rounded log here.
    expect(Math.abs(list(logsumexp(X(), [0, 1]))[0] - 4.100752830505371)).toBeLessThanOrEqual(4.8e-7);
    const k = logsumexp(X(), 1, true);
    expect(k.shape).toEqual([2, 1]);
    expect(list(k)).toEqual([3.4076058864593506, 3.4076061248779297]);
    expect(list(logsumexp(T([1, 2, 3], 'int64'), 0))).toEqual([3.4076058864593506]);
  });
  test('special values and empty', () => {
    expect(list(logsumexp(T([-Infinity, -Infinity]), 0))).toEqual([-Infinity]);
    expect(list(logsumexp(T([Infinity, 1]), 0))).toEqual([Infinity]);
    expect(list(logsumexp(T([Infinity, -Infinity]), 0))).toEqual([Infinity]);
    expect(Number.isNaN(list(logsumexp(T([NaN, 1]), 0))[0])).toBe(true);
    expect(list(logsumexp(Tensor.empty([0]), 0))).toEqual([-Infinity]);
    expect(list(logsumexp(T(3), 0))).toEqual([3]);
    expect(logsumexp(Tensor.empty([0, 2]), 1).shape).toEqual([0]);
  });
  test('errors', () => {
    expectError(() => logsumexp(X(), [0, -2]), 'RuntimeError', 'dim 0 appears multiple times in the list of dims');
    expectError(() => logsumexp(X(), 2), 'IndexError', 'Dimension out of range (expected to be in range of [-2, 1], but got 2)');
  });
});

describe('sigmoid / logsigmoid', () => {
  test('values', () => {
    expect(list(logistic(X()))).toEqual([
      0.7310585975646973, 0.8807970285415649, 0.9525741338729858, 0.9525741338729858, 0.7310585975646973,
      0.8807970285415649
    ]);
    expect(logistic(T([1, 2], 'int64')).dtype).toBe('float32');
    expect(list(logsigmoid(T([-3, 0, 2.5, -100])))).toEqual([-3.0485873222351074, -0.6931471824645996, -0.07888973504304886, -100]);
  });
  test('logsigmoid of integers is not implemented', () => {
    expectError(() => logsigmoid(T([1, 2], 'int64')), 'NotImplementedError', `"log_sigmoid_cpu" not implemented for 'Long'`);
  });
});

describe('autograd names', () => {
  test('gradFn only when the input requires grad', () => {
    const x = X();
    expect(softmax(x, 1).gradFn).toBeNull();
    x.requiresGrad = true;
    expect(softmax(x, 1).gradFn).toBe('SoftmaxBackward0');
    expect(logSoftmax(x, 1).gradFn).toBe('LogSoftmaxBackward0');
    expect(softmin(x, 1).gradFn).toBe('SoftmaxBackward0');
    expect(logsumexp(x, 1).gradFn).toBe('LogsumexpBackward0');
  });
});

describe('gumbel_softmax', () => {
  const logits = (): Tensor => T([[1, 2, 3], [3, 1, 2], [0, 0, 0], [-1, 5, 2]]);
  test('soft samples: shape kept, ≥ 0, rows sum to ~1, deterministic for a seed', () => {
    const a = gumbelSoftmax(logits(), {}, exponentialFromUniform(mulberry(1)));
    const b = gumbelSoftmax(logits(), {}, exponentialFromUniform(mulberry(1)));
    expect(a.shape).toEqual([4, 3]);
    expect(list(a)).toEqual(list(b));
    const p = list(a);
    expect(p.every((v) => v >= 0)).toBe(true);
    for (let r = 0; r < 4; r++) expect(Math.abs(p[3 * r] + p[3 * r + 1] + p[3 * r + 2] - 1)).toBeLessThan(1e-6);
  });
  test('hard samples are one-hot per row (dim=0 too)', () => {
    const h = list(gumbelSoftmax(logits(), { hard: true, tau: 0.5 }, exponentialFromUniform(mulberry(2))));
    for (let r = 0; r < 4; r++) expect(h.slice(3 * r, 3 * r + 3).sort()).toEqual([0, 0, 1]);
    const h0 = gumbelSoftmax(logits(), { hard: true, dim: 0 }, exponentialFromUniform(mulberry(3)));
    const v = list(h0);
    for (let c = 0; c < 3; c++) expect([0, 1, 2, 3].map((r) => v[3 * r + c]).sort()).toEqual([0, 0, 0, 1]);
  });
  test('with the mt19937 generator it reproduces torch.manual_seed(0) values', () => {
    const close = (a: number[], b: number[]): void => a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThanOrEqual(1e-5 + 1.3e-6 * Math.abs(b[i])));
    close(list(gumbelSoftmax(T([[1, 2, 3], [3, 1, 2]]), {}, torchExponentialSampler(new Generator(0)))), [
      0.01964656636118889, 0.1522790491580963, 0.8280743956565857, 0.51900714635849, 0.17192789912223816, 0.3090648949146271
    ]);
    close(list(gumbelSoftmax(T([[1, 2, 3], [3, 1, 2]]), { tau: 2, dim: 0 }, torchExponentialSampler(new Generator(0)))), [
      0.23822249472141266, 0.6020174026489258, 0.7245877981185913, 0.7617774605751038, 0.3979826271533966, 0.2754121720790863
    ]);
    expect(list(gumbelSoftmax(T([[1, 2, 3], [3, 1, 2]]), { tau: 0.5, hard: true }, torchExponentialSampler(new Generator(0))))).toEqual([0, 0, 1, 1, 0, 0]);
  });
  test('eps warning and integer error', () => {
    gumbelSoftmax(logits(), { eps: 1e-5 }, () => 1);
    expect(warnings).toEqual(['UserWarning: `eps` parameter is deprecated and has no effect.']);
    expectError(
      () => gumbelSoftmax(T([1, 2], 'int64'), {}, () => 1),
      'RuntimeError',
      'Exponential distribution is a continuous probability distribution. dtype must be a floating point but you specified Long'
    );
  });
});
