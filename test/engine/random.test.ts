// Expected streams produced by PyTorch 2.13.0 CPU (values copied from torch; see tools/gen_random_expected.py).
import {
  exponential_,
  manualSeed,
  rand,
  randn,
  randint,
  randperm,
  multinomial,
  bernoulli,
  Generator,
  initialSeed,
  normal_,
  uniform_
} from '../../src/engine/random';
import { tensor, zeros } from '../../src/engine/creation';
import { pyInt } from '../../src/engine/elementwise';
import fixtureJson from '../fixtures/engine/random_streams.json';

import { tolist } from '../../src/engine/indexing';
import { Tensor } from '../../src/engine/tensor';
import { t as tt } from '../../src/engine/shape';

const vals = (t: Tensor) => Array.from(t.toFlat());
const ulp32 = (x: number) => Math.pow(2, Math.floor(Math.log2(Math.abs(x))) - 23);

describe('random streams match PyTorch CPU', () => {
  test('rand float32', () => {
    manualSeed(0);
    expect(vals(rand([5]))).toEqual([
      0.49625658988952637, 0.7682217955589294, 0.08847743272781372, 0.13203048706054688,
      0.30742281675338745
    ]);
  });
  test('rand float32 2-D, then continues the stream', () => {
    manualSeed(42);
    expect(tolist(rand([2, 3]))).toEqual([
      [0.8822692632675171, 0.9150039553642273, 0.38286375999450684],
      [0.9593056440353394, 0.3904482126235962, 0.600895345211029]
    ]);
    expect(vals(rand([4]))).toEqual([
      0.2565724849700928, 0.7936413288116455, 0.9407714605331421, 0.13318592309951782
    ]);
  });
  test('rand float64', () => {
    manualSeed(0);
    expect(vals(rand([3], { dtype: 'float64' }))).toEqual([
      0.9700530018065531, 0.707819864399788, 0.45938294312745087
    ]);
  });
  test('randn small (serial double Box-Muller)', () => {
    manualSeed(0);
    expect(vals(randn([5]))).toEqual([
      1.5409960746765137, -0.293428897857666, -2.1787893772125244, 0.5684312582015991,
      -1.0845223665237427
    ]);
    manualSeed(0);
    const d = vals(randn([5], { dtype: 'float64' }));
    const exp = [
      1.5409961082440433, -0.2934289057609464, -2.1787893820745574, 0.5684312772806678,
      -1.084522342424021
    ];
    d.forEach((v, i) => expect(v).toBeCloseTo(exp[i], 14));
  });
  test('randn >= 16 (blocks of 16, last block redrawn)', () => {
    manualSeed(0);
    const f = vals(randn([20]));
    const exp = [
      -1.1258398294448853, -1.152360200881958, -0.2505785822868347, -0.4338788092136383,
      0.5988394618034363, -1.5550950765609741, -0.3413603901863098, 1.85300612449646,
      0.46809640526771545, -0.1577124446630478, 1.4436601400375366, 0.26604941487312317,
      1.3893661499023438, 1.586334228515625, 0.946298360824585, -0.843676745891571,
      0.9318265914916992, 1.2590092420578003, 2.0049805641174316, 0.05373690277338028
    ];
    // PyTorch uses SIMD (Sleef) log/sin/cos here: equal up to a few float32 ulps.
    f.forEach((v, i) => expect(Math.abs(v - exp[i])).toBeLessThanOrEqual(4 * ulp32(exp[i])));
    manualSeed(0);
    const d = vals(randn([20], { dtype: 'float64' }));
    const expD = [
      -2.310411800234176, -0.3732508612577643, -1.0608166785462863, 0.9995093547811761,
      -0.019964750907762653, 0.2102998901016947, 0.17718935139366584, -0.830510051008449,
      0.23871805816817063, 0.7335283685272841, -1.3218818291421377, 1.3148113651971234,
      -0.6870036940435463, 1.4880743158106724, -0.4484158047114511, -0.8910030351707375,
      0.6748575435940039, 1.0468653769814655, 0.15429517864658948, -0.7498915228391941
    ];
    d.forEach((v, i) => expect(v).toBeCloseTo(expD[i], 13));
  });
  test('randint and randperm', () => {
    manualSeed(0);
    expect(vals(randint(0, 10, [8]))).toEqual([4, 9, 3, 0, 3, 9, 7, 3]);
    manualSeed(0);
    expect(vals(randperm(10))).toEqual([4, 1, 7, 5, 3, 9, 0, 8, 6, 2]);
  });
});

// Streams recorded from PyTorch by tools/gen_engine_random_fixture.py.

const fixture = fixtureJson as unknown as {
  cases: {
    seed: number | null;
    ops: { op: string; args: any; shape: number[]; dtype: string; values: number[] }[];
  }[];
};

function runOp(g: Generator, op: string, a: any): Tensor {
  switch (op) {
    case 'rand':
      return rand(a.shape, { dtype: a.dtype, generator: g });
    case 'randn':
      return randn(a.shape, { dtype: a.dtype, generator: g });
    case 'randint':
      return randint(a.low, a.high, a.shape, { generator: g });
    case 'randperm':
      return randperm(a.n, { generator: g });
    case 'uniform_':
      return uniform_(zeros(a.shape), a.from, a.to, g);
    case 'normal_':
      return normal_(zeros(a.shape, { dtype: a.dtype }), a.mean, a.std, g);
    case 'uniform_t':
      return uniform_(tt(zeros(a.shape)), 0, 1, g);
    case 'multinomial':
      return multinomial(tensor(a.probs), a.n, a.replacement, { generator: g });
    case 'bernoulli':
      return bernoulli(tensor(a.p), { generator: g });
  }
  throw new Error(op);
}

describe('fixture streams', () => {
  fixture.cases.forEach((c, ci) => {
    test(`case ${ci} seed ${c.seed}: ${c.ops.map(o => o.op).join(', ')}`, () => {
      const g = c.seed === null ? new Generator() : new Generator(c.seed);
      for (const o of c.ops) {
        const t = runOp(g, o.op, o.args);
        expect([o.op, t.shape]).toEqual([o.op, o.shape]);
        const got = Array.from(t.contiguous().toFlat());
        if (o.op === 'randn' || o.op === 'normal_') {
          // float32 blocks of 16 go through PyTorch's SIMD (Sleef, 1-ulp) log/sin/cos: ~10% of
          // values differ by 1-3 float32 ulps; the draws themselves are identical.
          const tol = (v: number) => (o.dtype === 'float64' ? Math.abs(v) * 1e-15 : 4 * ulp32(v));
          got.forEach((v, i) =>
            expect([o.op, i, Math.abs(v - o.values[i]) <= tol(o.values[i])]).toEqual([
              o.op,
              i,
              true
            ])
          );
        } else {
          expect([o.op, got]).toEqual([o.op, o.values]);
        }
      }
    });
  });
});

describe('random: seeds, errors, determinism', () => {
  const err = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      return `${(e as Error).name}: ${(e as Error).message}`;
    }
    return 'no error';
  };
  test('manualSeed / initialSeed / determinism', () => {
    expect(new Generator().initialSeed()).toBe(67280421310721);
    manualSeed(3);
    expect(initialSeed()).toBe(3);
    const a = vals(rand([4]));
    manualSeed(3);
    expect(vals(rand([4]))).toEqual(a);
  });
  test('error texts (PyTorch 2.13)', () => {
    expect(err(() => randint(5, 5, [2]))).toBe(
      "RuntimeError: random_ expects 'from' to be less than 'to', but got from=5 >= to=5"
    );
    expect(err(() => randint(5, 3, [2]))).toBe(
      "RuntimeError: random_ expects 'from' to be less than 'to', but got from=5 >= to=3"
    );
    expect(err(() => randperm(-1))).toBe(
      'RuntimeError: Trying to create tensor with negative dimension -1: [-1]'
    );
    expect(err(() => rand([-1]))).toBe(
      'RuntimeError: Trying to create tensor with negative dimension -1: [-1]'
    );
    expect(err(() => randn([-2]))).toBe(
      'RuntimeError: Trying to create tensor with negative dimension -2: [-2]'
    );
    expect(err(() => rand([2], { dtype: 'int64' }))).toBe(
      `NotImplementedError: "check_uniform_bounds" not implemented for 'Long'`
    );
    expect(err(() => randn([2], { dtype: 'bool' }))).toBe(
      `NotImplementedError: "normal_kernel_cpu" not implemented for 'Bool'`
    );
    expect(err(() => bernoulli(tensor([pyInt(1)])))).toBe(
      `NotImplementedError: "bernoulli_tensor_cpu_p_" not implemented for 'Long'`
    );
    expect(err(() => bernoulli(tensor([1.5])))).toBe(
      'RuntimeError: Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)'
    );
    expect(err(() => normal_(zeros([2]), 0, -1))).toBe(
      'RuntimeError: normal expects std >= 0.0, but found std -1'
    );
    expect(err(() => uniform_(zeros([2]), 3, 1))).toBe(
      'RuntimeError: uniform_ expects to return a [from, to) range, but found from=3 > to=1'
    );
    expect(err(() => multinomial(zeros([2, 2, 2]), 1))).toBe(
      'RuntimeError: prob_dist must be 1 or 2 dim'
    );
    expect(err(() => multinomial(tensor([1, 1, 1]), 4))).toBe(
      'RuntimeError: cannot sample n_sample > prob_dist.size(-1) samples without replacement'
    );
    expect(err(() => multinomial(zeros([3]), 1))).toBe(
      'RuntimeError: invalid multinomial distribution (sum of probabilities <= 0)'
    );
    expect(err(() => multinomial(tensor([1, -1]), 1))).toBe(
      'RuntimeError: probability tensor contains either `inf`, `nan` or element < 0'
    );
    expect(err(() => multinomial(zeros([2], { dtype: 'int64' }), 1))).toBe(
      'RuntimeError: multinomial only supports floating-point dtypes for input, got: Long'
    );
  });
  test('exponential_ matches PyTorch', () => {
    const g = new Generator(5);
    expect(vals(exponential_(zeros([4]), 1, g))).toEqual([
      1.0272642374038696, 0.30077800154685974, 0.44758108258247375, 0.3785300552845001
    ]);
    g.manualSeed(5);
    const d = vals(exponential_(zeros([3], { dtype: 'float64' }), 2, g));
    [0.5136321057077944, 0.15038900231472843, 0.22379054741513027].forEach((v, i) =>
      expect(d[i]).toBeCloseTo(v, 15)
    );
    expect(err(() => exponential_(zeros([2]), 0))).toBe(
      'RuntimeError: exponential_ expects lambda > 0.0, but found lambda=0'
    );
    expect(err(() => exponential_(zeros([2], { dtype: 'int64' })))).toBe(
      'RuntimeError: Exponential distribution is a continuous probability distribution. dtype must be a floating point but you specified Long'
    );
  });
  test('dtypes and shapes', () => {
    expect(randint(0, 3, [2, 2]).dtype).toBe('int64');
    expect(randint(0, 3, [2], { dtype: 'int32' }).dtype).toBe('int32');
    expect(rand([2, 3]).shape).toEqual([2, 3]);
    expect(randn([0]).shape).toEqual([0]);
    expect(rand([2], { requiresGrad: true }).requiresGrad).toBe(true);
    const p = vals(randperm(50)).sort((a, b) => a - b);
    expect(p).toEqual([...Array(50).keys()]);
  });
});
