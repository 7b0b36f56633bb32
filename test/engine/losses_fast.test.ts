/**
 * The fused cross_entropy path for large (N, C) float32 inputs (losses_fast.ts)
 * must give exactly what log_softmax followed by nll_loss gives (the unfused
 * definition), for every reduction, weights and ignore_index, and the same errors.
 */
import { Tensor } from '../../src/engine/tensor';
import { crossEntropy, nllLoss } from '../../src/engine/losses';
import { logSoftmax } from '../../src/engine/softmax';
import { logSoftmaxAtTargets } from '../../src/engine/losses_fast';
import { setDeadline } from '../../src/engine/deadline';
import { FAST_MIN_DIM, FAST_MIN_NUMEL, useKernelVariant } from '../../src/engine/wasm/index';
import { mulberry32 } from './helpers';


function logits(n: number, c: number, seed: number): Tensor {
  const r = mulberry32(seed);
  const x = Tensor.empty([n, c], 'float32');
  for (let i = 0; i < x.storage.length; i++) {
    x.storage[i] = (r() - 0.5) * 20;
  }
  return x;
}

function targets(n: number, c: number, seed: number, ignore = -100): Tensor {
  const r = mulberry32(seed);
  const t = Tensor.empty([n], 'int64');
  for (let i = 0; i < n; i++) {
    t.storage[i] = r() < 0.05 ? ignore : Math.floor(r() * c);
  }
  return t;
}

const bits = (t: Tensor): number[] => Array.from(t.storage.subarray(t.offset, t.offset + t.numel));

/** The unfused definition: log_softmax, then nll_loss. */
function reference(
  x: Tensor,
  t: Tensor,
  opts: { weight?: Tensor; ignore_index?: number; reduction?: string }
): Tensor {
  const lp = logSoftmax(x, 1);
  lp.requiresGrad = false;
  return nllLoss(lp, t, opts);
}

describe('fused cross_entropy equals log_softmax + nll_loss bit for bit', () => {
  const shapes: [number, number][] = [
    [Math.ceil(FAST_MIN_NUMEL / FAST_MIN_DIM), FAST_MIN_DIM], // smallest fused size
    [2000, 100],
    [40, 1000], // rows longer than one 64 KB block is not; several rows per block
    [3, 20000] // one row per block
  ];
  for (const [n, c] of shapes) {
    test(`${n}x${c}`, () => {
      const x = logits(n, c, n + c);
      const t = targets(n, c, n * c);
      const t3 = targets(n, c, n * c, 3); // ignore_index 3 instead of -100
      const weight = Tensor.empty([c], 'float32');
      const r = mulberry32(99);
      for (let i = 0; i < c; i++) {
        weight.storage[i] = r() * 2;
      }
      expect(logSoftmaxAtTargets(x, t.storage)).not.toBeNull();
      for (const reduction of ['mean', 'sum', 'none']) {
        for (const [opts, tt] of [
          [{ reduction }, t],
          [{ reduction, weight }, t],
          [{ reduction, ignore_index: 3 }, t3]
        ] as [{ reduction: string; weight?: Tensor; ignore_index?: number }, Tensor][]) {
          const got = crossEntropy(x, tt, opts);
          const want = reference(x, tt, opts);
          expect(got.shape).toEqual(want.shape);
          expect(got.dtype).toBe('float32');
          expect(bits(got)).toEqual(bits(want));
        }
      }
    });
  }

  test('an offset (contiguous) view reads from its offset', () => {
    const big = logits(700, 100, 5);
    const x = new Tensor(big.storage, [600, 100], [100, 1], 100 * 100, 'float32');
    const t = targets(600, 100, 6);
    expect(bits(crossEntropy(x, t))).toEqual(bits(reference(x, t, {})));
  });

  test('non-contiguous input, small input, short rows and no wasm all fall back', () => {
    const x = logits(100, 400, 8);
    const xt = new Tensor(x.storage, [400, 100], [1, 400], 0, 'float32'); // transposed view
    const t = targets(400, 100, 9);
    expect(bits(crossEntropy(xt, t))).toEqual(bits(reference(xt, t, {})));
    expect(logSoftmaxAtTargets(logits(10, 100, 1), targets(10, 100, 1).storage)).toBeNull();
    expect(logSoftmaxAtTargets(logits(1000, 64, 1), targets(1000, 64, 1).storage)).toBeNull();
    const f64 = Tensor.empty([300, 100], 'float64');
    expect(logSoftmaxAtTargets(f64, targets(300, 100, 1).storage)).toBeNull();
    expect(useKernelVariant('js')).toBe('js');
    try {
      const y = logits(300, 100, 10);
      const ty = targets(300, 100, 11);
      expect(logSoftmaxAtTargets(y, ty.storage)).toBeNull();
      expect(bits(crossEntropy(y, ty))).toEqual(bits(reference(y, ty, {})));
    } finally {
      useKernelVariant('auto');
    }
  });

  test('special values: NaN, ±inf logits', () => {
    const x = logits(300, 100, 12);
    x.storage[5] = NaN; // row 0
    x.storage[100 + 7] = Infinity; // row 1
    x.storage[200 + 3] = -Infinity; // row 2
    for (let j = 0; j < 100; j++) {
      x.storage[300 + j] = -Infinity;
    } // row 3 all -inf
    const t = targets(300, 100, 13);
    t.storage[2] = 3;
    for (const reduction of ['none', 'sum']) {
      const got = bits(crossEntropy(x, t, { reduction }));
      const want = bits(reference(x, t, { reduction }));
      expect(got.map(v => (Number.isNaN(v) ? 'nan' : v))).toEqual(
        want.map(v => (Number.isNaN(v) ? 'nan' : v))
      );
    }
  });

  test('errors are those of the unfused path', () => {
    const x = logits(300, 100, 14);
    const t = targets(300, 100, 15);
    t.storage[17] = 100;
    expect(() => crossEntropy(x, t)).toThrow('Target 100 is out of bounds.');
    t.storage[17] = -5;
    expect(() => crossEntropy(x, t)).toThrow('Target -5 is out of bounds.');
    const short = targets(299, 100, 16);
    expect(() => crossEntropy(x, short)).toThrow(
      'Expected input batch_size (300) to match target batch_size (299).'
    );
    const w = Tensor.empty([99], 'float32');
    expect(() => crossEntropy(x, targets(300, 100, 15), { weight: w })).toThrow(
      /weight tensor should be defined/
    );
  });

  test('honours the engine deadline', () => {
    const x = logits(1000, 100, 19); // more than one DEADLINE_GRAIN of work
    const t = targets(1000, 100, 20);
    setDeadline(Date.now() - 1);
    try {
      expect(() => crossEntropy(x, t)).toThrow(/time limit/);
    } finally {
      setDeadline(null);
    }
  });

  test('autograd flag follows the input', () => {
    const x = logits(300, 100, 17);
    x.requiresGrad = true;
    const l = crossEntropy(x, targets(300, 100, 18));
    expect(l.requiresGrad).toBe(true);
    expect(l.gradFn).toBe('NllLossBackward0');
  });
});
