/**
 * Differential test of the contiguous fast paths (src/engine/elementwise_fast.ts):
 * every op/layout/dtype is computed twice, with the fast paths on and with them
 * off (the generic strided kernels), and must agree bit for bit (Object.is, so
 * NaN == NaN but 0 != -0). Seeded random shapes, scalars and special values.
 */
import { Tensor } from '../../src/engine/tensor';
import { readAll } from '../../src/engine/iterate';
import {
  Operand,
  add,
  add_,
  div,
  div_,
  mul,
  mul_,
  pyFloat,
  pyInt,
  sub,
  sub_
} from '../../src/engine/elementwise';
import * as U from '../../src/engine/unary';
import { setElementwiseFastPaths } from '../../src/engine/elementwise_fast';
import { FAST_MIN_NUMEL, useKernelVariant } from '../../src/engine/wasm/index';
import { expand, narrow, select, transpose } from '../../src/engine/shape';
import { setDeadline } from '../../src/engine/deadline';
import { mulberry32 } from './helpers';


const SPECIAL: Record<'float32' | 'float64', number[]> = {
  float32: [
    NaN,
    Infinity,
    -Infinity,
    0,
    -0,
    1e-40,
    -1e-40,
    1.4e-45,
    3.4e38,
    -3.4e38,
    1,
    -1,
    0.1,
    1e-30
  ],
  float64: [
    NaN,
    Infinity,
    -Infinity,
    0,
    -0,
    5e-324,
    -5e-324,
    2.2e-308,
    1.7e308,
    -1.7e308,
    1,
    -1,
    0.1,
    1e-300
  ]
};

/** A contiguous tensor of random values with ~15 % special values. */
function rand(shape: number[], dtype: 'float32' | 'float64', r: () => number): Tensor {
  const t = Tensor.empty(shape, dtype);
  const s = t.storage;
  const sp = SPECIAL[dtype];
  for (let i = 0; i < s.length; i++) {
    const u = r();
    s[i] =
      u < 0.15
        ? sp[Math.floor(r() * sp.length)]
        : (r() - 0.5) * Math.pow(10, Math.floor(r() * 8) - 4);
  }
  return t;
}

/** Run `f` with the fast paths off, then on; results (or errors) must be identical. */
function same(name: string, f: () => Tensor): Tensor | null {
  const was = setElementwiseFastPaths(false);
  let want: Tensor;
  try {
    want = f();
  } catch (e) {
    setElementwiseFastPaths(was);
    expect(f).toThrow((e as Error).message);
    return null;
  } finally {
    setElementwiseFastPaths(was);
  }
  const got = f();
  expect(got.dtype).toBe(want.dtype);
  expect(got.shape).toEqual(want.shape);
  const a = readAll(got);
  const b = readAll(want);
  for (let i = 0; i < b.length; i++) {
    if (!Object.is(a[i], b[i])) {
      throw new Error(`${name}: element ${i} is ${a[i]}, generic path gives ${b[i]}`);
    }
  }
  return got;
}

const clone = (t: Tensor): Tensor => {
  const c = Tensor.empty(t.shape, t.dtype);
  c.storage.set(
    t.contiguous().storage.subarray(t.contiguous().offset, t.contiguous().offset + t.numel)
  );
  return c;
};

type Bin = (a: Operand, b: Operand) => Tensor;
const BINARY: [string, Bin][] = [
  ['add', (a, b) => add(a, b)],
  ['sub', (a, b) => sub(a, b)],
  ['mul', mul],
  ['div', (a, b) => div(a, b)],
  ['add alpha=0.5', (a, b) => add(a, b, { alpha: pyFloat(0.5) })],
  ['sub alpha=-1.7', (a, b) => sub(a, b, { alpha: pyFloat(-1.7) })],
  ['add alpha=3', (a, b) => add(a, b, { alpha: pyInt(3) })]
];

const DTYPES: ('float32' | 'float64')[] = ['float32', 'float64'];

describe('binary fast paths equal the generic kernel bit for bit', () => {
  for (const dt of DTYPES) {
    test(`${dt}: same shape, scalars, row/column broadcast (random shapes)`, () => {
      const r = mulberry32(dt === 'float32' ? 1 : 2);
      for (let trial = 0; trial < 12; trial++) {
        const N = 1 + Math.floor(r() * 40);
        const C = 1 + Math.floor(r() * 40);
        const x = rand([N, C], dt, r);
        const y = rand([N, C], dt, r);
        const row = rand([C], dt, r);
        const row2 = rand([1, C], dt, r);
        const col = rand([N, 1], dt, r);
        const zero = rand([], dt, r);
        const s = SPECIAL[dt][Math.floor(r() * SPECIAL[dt].length)];
        const operands: [string, Operand, Operand][] = [
          ['x⊕y', x, y],
          ['x⊕x', x, x],
          ['x⊕row', x, row],
          ['row⊕x', row, x],
          ['x⊕[1,C]', x, row2],
          ['x⊕col', x, col],
          ['col⊕x', col, x],
          ['x⊕0-d', x, zero],
          ['0-d⊕x', zero, x],
          [`x⊕${s}`, x, pyFloat(s)],
          [`${s}⊕x`, pyFloat(s), x],
          ['x⊕0.7', x, pyFloat(0.7)],
          ['0.7⊕x', pyFloat(0.7), x],
          ['x⊕3', x, pyInt(3)],
          ['-2⊕x', pyInt(-2), x],
          ['0-d⊕0-d', zero, rand([], dt, r)]
        ];
        for (const [opName, op] of BINARY) {
          for (const [layout, a, b] of operands) {
            same(`${dt} ${opName} ${layout} [${N},${C}]`, () => op(a, b));
          }
        }
      }
    });

    test(`${dt}: 3-D and offset views`, () => {
      const r = mulberry32(dt === 'float32' ? 3 : 4);
      const x = rand([3, 5, 7], dt, r);
      const cases: [Operand, Operand][] = [
        [x, rand([7], dt, r)],
        [x, rand([3, 5, 1], dt, r)],
        [rand([3, 5, 1], dt, r), x],
        [x, rand([1, 1, 7], dt, r)],
        [narrow(rand([5, 5, 7], dt, r), 0, 2, 3), x], // contiguous with an offset
        [select(rand([4, 3, 5, 7], dt, r), 0, 2), narrow(rand([3, 5, 9], dt, r), 2, 1, 7)] // offset / strided
      ];
      for (const [opName, op] of BINARY) {
        cases.forEach(([a, b], i) => same(`${dt} ${opName} case ${i}`, () => op(a, b)));
      }
    });

    test(`${dt}: non-contiguous inputs take the generic path and stay right`, () => {
      const r = mulberry32(dt === 'float32' ? 5 : 6);
      const base = rand([9, 6], dt, r);
      const xt = transpose(base, 0, 1); // [6, 9], strides [1, 6]
      const y = rand([6, 9], dt, r);
      const colT = transpose(rand([1, 6], dt, r), 0, 1); // [6, 1] non-standard strides, numel 6
      const exp = expand(rand([1, 9], dt, r), [6, 9]); // stride-0 rows
      const stepped = new Tensor(rand([6, 18], dt, r).storage, [6, 9], [18, 2], 1, dt);
      for (const [opName, op] of BINARY) {
        same(`${dt} ${opName} xt⊕y`, () => op(xt, y));
        same(`${dt} ${opName} y⊕xt`, () => op(y, xt));
        same(`${dt} ${opName} y⊕colT`, () => op(y, colT));
        same(`${dt} ${opName} expanded`, () => op(exp, y));
        same(`${dt} ${opName} stepped`, () => op(stepped, y));
      }
      // and the generic result is the elementwise definition
      const got = add(xt, y);
      const a = readAll(xt);
      const b = readAll(y);
      const o = readAll(got);
      const round = dt === 'float32' ? Math.fround : (v: number) => v;
      for (let i = 0; i < o.length; i++) {
        expect(Object.is(o[i], round(a[i] + b[i]))).toBe(true);
      }
    });

    test(`${dt}: in-place variants, including outputs that alias an operand`, () => {
      const r = mulberry32(dt === 'float32' ? 7 : 8);
      const inplace: [string, (s: Tensor, b: Operand) => Tensor][] = [
        ['add_', (s, b) => add_(s, b)],
        ['sub_', (s, b) => sub_(s, b)],
        ['mul_', mul_],
        ['div_', (s, b) => div_(s, b)],
        ['add_ alpha', (s, b) => add_(s, b, { alpha: pyFloat(-0.25) })]
      ];
      const x0 = rand([11, 8], dt, r);
      const y = rand([11, 8], dt, r);
      const row = rand([8], dt, r);
      const col = rand([11, 1], dt, r);
      const tall = rand([12, 8], dt, r);
      for (const [name, op] of inplace) {
        same(`${name} y`, () => op(clone(x0), y));
        same(`${name} row`, () => op(clone(x0), row));
        same(`${name} col`, () => op(clone(x0), col));
        same(`${name} 2.5`, () => op(clone(x0), pyFloat(2.5)));
        same(`${name} self`, () => {
          const x = clone(x0);
          return op(x, x);
        });
        same(`${name} own row 0`, () => {
          const x = clone(x0);
          return op(x, select(x, 0, 0)); // reads rows it has already written
        });
        same(`${name} own element`, () => {
          const x = clone(x0);
          return op(x, select(select(x, 0, 0), 0, 3)); // a 0-d view of x
        });
        same(`${name} own column`, () => {
          const x = clone(x0);
          return op(x, narrow(x, 1, 2, 1)); // [11, 1] view of x
        });
        same(`${name} shifted self`, () => {
          const x = clone(tall);
          const lo = narrow(x, 0, 0, 11);
          const hi = narrow(x, 0, 1, 11);
          op(hi, lo);
          return x;
        });
      }
    });
  }

  test('type promotion and int/bool dtypes', () => {
    const r = mulberry32(9);
    const f32 = rand([7, 5], 'float32', r);
    const f64 = rand([7, 5], 'float64', r);
    const ints = Tensor.empty([7, 5], 'int64');
    const i32 = Tensor.empty([5], 'int32');
    const bools = Tensor.empty([7, 5], 'bool');
    ints.storage.forEach((_, i) => (ints.storage[i] = Math.floor(r() * 20) - 10));
    i32.storage.forEach((_, i) => (i32.storage[i] = Math.floor(r() * 20) - 10 || 1));
    bools.storage.forEach((_, i) => (bools.storage[i] = r() < 0.5 ? 1 : 0));
    const pairs: [Operand, Operand][] = [
      [f32, f64],
      [f64, f32],
      [f32, ints],
      [ints, f32],
      [ints, pyFloat(0.5)],
      [ints, pyInt(3)],
      [ints, i32],
      [f32, bools],
      [bools, pyFloat(2.5)],
      [Tensor.scalar(2.5, 'float64'), f32], // 0-d float64 does not promote a float32 tensor
      [f32, Tensor.scalar(3, 'int64')]
    ];
    for (const [opName, op] of BINARY) {
      // (float alpha on int results and bool subtraction raise: both paths must raise alike)
      pairs.forEach(([a, b], i) => same(`${opName} promotion ${i}`, () => op(a, b)));
    }
    expect(add(f32, f64).dtype).toBe('float64');
    expect(add(ints, pyFloat(0.5)).dtype).toBe('float32');
    expect(div(ints, pyInt(2)).dtype).toBe('float32');
    expect(add(Tensor.scalar(2.5, 'float64'), f32).dtype).toBe('float32');
  });

  test('rounding_mode division stays on its own path', () => {
    const r = mulberry32(10);
    for (const dt of DTYPES) {
      const x = rand([6, 7], dt, r);
      const y = rand([6, 7], dt, r);
      same(`${dt} floor`, () => div(x, y, { rounding_mode: 'floor' }));
      same(`${dt} trunc`, () => div(x, pyFloat(0.3), { rounding_mode: 'trunc' }));
    }
  });

  test('large float32 same-shape ops (wasm kernel) equal the JS loop', () => {
    const r = mulberry32(11);
    const n = FAST_MIN_NUMEL + 37;
    const x = rand([n], 'float32', r);
    const y = rand([n], 'float32', r);
    for (const [opName, op] of BINARY) {
      same(`large ${opName}`, () => op(x, y));
    }
    // also with the wasm kernels unavailable (JS fallback)
    const v = useKernelVariant('js');
    try {
      expect(v).toBe('js');
      for (const [opName, op] of BINARY) {
        same(`large js ${opName}`, () => op(x, y));
      }
    } finally {
      useKernelVariant('auto');
    }
  });
});

describe('unary fast paths', () => {
  const UNARY: [string, (t: Tensor) => Tensor][] = [
    ['neg', t => U.neg(t)],
    ['abs', t => U.abs(t)],
    ['exp', U.exp],
    ['log', U.log],
    ['sqrt', U.sqrt],
    ['tanh', U.tanh],
    ['sigmoid', U.sigmoid],
    ['relu', t => U.relu(t)],
    ['log1p', U.log1p],
    ['expm1', U.expm1],
    ['reciprocal', U.reciprocal],
    ['square', U.square]
  ];
  const INPLACE: [string, (t: Tensor) => Tensor][] = [
    ['exp_', U.exp_],
    ['log_', U.log_],
    ['sqrt_', U.sqrt_],
    ['sigmoid_', U.sigmoid_],
    ['tanh_', U.tanh_],
    ['neg_', U.neg_],
    ['abs_', U.abs_],
    ['relu_', U.relu_]
  ];

  for (const dt of DTYPES) {
    test(`${dt}: contiguous, offset, non-contiguous and in-place equal the generic kernel`, () => {
      const r = mulberry32(dt === 'float32' ? 21 : 22);
      for (let trial = 0; trial < 6; trial++) {
        const N = 1 + Math.floor(r() * 30);
        const C = 1 + Math.floor(r() * 30);
        const x = rand([N, C], dt, r);
        const views: [string, Tensor][] = [
          ['contiguous', x],
          ['offset', narrow(rand([N + 2, C], dt, r), 0, 2, N)],
          ['transposed', transpose(x, 0, 1)],
          ['0-d', rand([], dt, r)]
        ];
        for (const [name, f] of UNARY) {
          for (const [vn, v] of views) {
            same(`${dt} ${name} ${vn}`, () => f(v));
          }
        }
        for (const [name, f] of INPLACE) {
          same(`${dt} ${name}`, () => f(clone(x)));
          same(`${dt} ${name} on a transposed view`, () => {
            const c = clone(x);
            f(transpose(c, 0, 1));
            return c;
          });
        }
      }
    });
  }

  test('int inputs promote and keep the generic path', () => {
    const t = Tensor.empty([4, 3], 'int64');
    t.storage.forEach((_, i) => (t.storage[i] = i - 5));
    for (const [name, f] of UNARY) {
      if (name === 'relu' || name === 'neg' || name === 'abs' || name === 'square') {
        continue;
      }
      same(`int64 ${name}`, () => f(t));
    }
    expect(U.exp(t).dtype).toBe('float32');
  });

  test('large float32 exp uses the vector exp: ≤ 2 ulp from Math.exp, same special values', () => {
    const r = mulberry32(23);
    const n = FAST_MIN_NUMEL + 5;
    const x = Tensor.empty([n], 'float32');
    const s = x.storage;
    for (let i = 0; i < n; i++) {
      s[i] = (r() - 0.5) * 170;
    }
    const special = [NaN, Infinity, -Infinity, 0, -0, 88.7, 89, -87, -103, 1e-40];
    special.forEach((v, i) => (s[i] = v));
    const got = U.exp(x).storage;
    const was = setElementwiseFastPaths(false);
    const want = U.exp(x).storage;
    setElementwiseFastPaths(was);
    const ulp = (v: number): number => {
      const f = Math.fround(Math.abs(v));
      const b = new Float32Array([f]);
      const i = new Int32Array(b.buffer);
      i[0] += 1;
      return b[0] - f;
    };
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const a = got[i];
      const b = want[i];
      if (Number.isNaN(b) || !Number.isFinite(b)) {
        expect(Object.is(a, b)).toBe(true);
        continue;
      }
      if (b < 2 ** -126) {
        // the vector exp flushes float32 denormal results to 0
        expect(a === 0 || a === b).toBe(true);
        continue;
      }
      worst = Math.max(worst, Math.abs(a - b) / ulp(b));
    }
    expect(worst).toBeLessThanOrEqual(2);
    // small tensors keep Math.exp exactly
    same('small exp', () => U.exp(narrow(x, 0, 0, 100)));
  });
});

test('long fast loops honour the engine deadline', () => {
  const r = mulberry32(31);
  const big32 = rand([FAST_MIN_NUMEL * 2], 'float32', r);
  const big64 = rand([300, 300], 'float64', r);
  const row64 = rand([300], 'float64', r);
  setDeadline(Date.now() - 1);
  try {
    expect(() => add(big32, big32)).toThrow(/time limit/); // wasm kernel
    expect(() => mul(big64, pyFloat(2))).toThrow(/time limit/); // JS scalar loop
    expect(() => sub(big64, row64)).toThrow(/time limit/); // row broadcast
    expect(() => U.exp(big32)).toThrow(/time limit/);
    expect(() => U.tanh(big64)).toThrow(/time limit/);
  } finally {
    setDeadline(null);
  }
  expect(add(big32, big32).numel).toBe(FAST_MIN_NUMEL * 2);
});
