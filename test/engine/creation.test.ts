// Expected dtypes, values and error texts come from PyTorch 2.13.0 CPU runs.
import {
  tensor,
  tensorFromNested,
  zeros,
  ones,
  full,
  empty,
  zerosLike,
  onesLike,
  fullLike,
  emptyLike,
  arange,
  linspace,
  eye,
  scalarTensor,
  jsAdapter,
  NestedAdapter
} from '../../src/engine/creation';
import { pyInt, pyBool } from '../../src/engine/elementwise';
import { tolist } from '../../src/engine/indexing';
import { TorchError } from '../../src/engine/errors';
import creationCases from '../fixtures/engine/creation_cases.json';
import { setMemoryCap, getMemoryCap, Tensor } from '../../src/engine/tensor';

const err = (f: () => unknown): [string, string] => {
  try {
    f();
  } catch (e) {
    if (e instanceof TorchError) {
      return [e.pyType, e.message];
    }
    throw e;
  }
  throw new Error('no error');
};
const i = pyInt;

describe('tensor(): dtype inference', () => {
  test('floats, ints, bools, mixes', () => {
    expect(tensor([i(1), 2.5]).dtype).toBe('float32');
    expect(tensor([i(1), i(2)]).dtype).toBe('int64');
    expect(tensor([true, false]).dtype).toBe('bool');
    expect(tensor([true, i(2)]).dtype).toBe('int64');
    expect(tolist(tensor([true, i(2)]))).toEqual([1, 2]);
    expect(tensor([true, 2.5]).dtype).toBe('float32');
    expect(tensor([pyBool(true)]).dtype).toBe('bool');
    const s = tensor(i(3));
    expect(s.shape).toEqual([]);
    expect(s.dtype).toBe('int64');
  });
  test('empty lists', () => {
    const e = tensor([]);
    expect(e.shape).toEqual([0]);
    expect(e.dtype).toBe('float32');
    const e2 = tensor([[], []]);
    expect(e2.shape).toEqual([2, 0]);
    expect(e2.strides).toEqual([1, 1]);
  });
  test('float32 rounding of Python floats', () => {
    expect(tolist(tensor([0.1, 0.2]))).toEqual([0.10000000149011612, 0.20000000298023224]);
    expect(tensor(12345.678).at(0)).toBe(12345.677734375);
  });
  test('explicit dtype', () => {
    expect(tolist(tensor([i(1), i(2)], { dtype: 'float64' }))).toEqual([1, 2]);
    expect(tolist(tensor([1.7, -2.7], { dtype: 'int64' }))).toEqual([1, -2]);
    expect(tolist(tensor([i(1), i(2)], { dtype: 'bool' }))).toEqual([true, true]);
    expect(tolist(tensor([0.5], { dtype: 'bool' }))).toEqual([true]);
    expect(tensor(3.5, { dtype: 'int32' }).at(0)).toBe(3);
    expect(err(() => tensor(1e20, { dtype: 'int64' }))).toEqual([
      'RuntimeError',
      'value cannot be converted to type int64 without overflow'
    ]);
    expect(err(() => tensor([i(2 ** 40)], { dtype: 'int32' }))).toEqual([
      'RuntimeError',
      'value cannot be converted to type int32 without overflow'
    ]);
    expect(err(() => tensor(1e10, { dtype: 'int32' }))).toEqual([
      'RuntimeError',
      'value cannot be converted to type int32 without overflow'
    ]);
    expect(err(() => tensor(NaN, { dtype: 'int64' }))).toEqual([
      'RuntimeError',
      'value cannot be converted to type int64 without overflow'
    ]);
    expect(tensor([1.5], { requiresGrad: true }).requiresGrad).toBe(true);
    const gradErr = [
      'RuntimeError',
      'Only Tensors of floating point and complex dtype can require gradients'
    ];
    expect(err(() => tensor([i(1), i(2)], { requiresGrad: true }))).toEqual(gradErr);
    expect(err(() => zeros([2], { dtype: 'int64', requiresGrad: true }))).toEqual(gradErr);
    expect(err(() => arange(i(3), undefined, undefined, { requiresGrad: true }))).toEqual(gradErr);
  });
  test('tensor leaves', () => {
    const a = tensor([tensor(1), tensor(2)]);
    expect(a.dtype).toBe('float32');
    expect(tensor([tensor(i(1)), i(2)]).dtype).toBe('int64');
    expect(tensor([tensor(1, { dtype: 'float64' }), i(2)]).dtype).toBe('float64');
    expect(err(() => tensor([tensor([1, 2]), tensor([3, 4])]))).toEqual([
      'ValueError',
      'only one element tensors can be converted to Python scalars'
    ]);
    const src = tensor([i(1), i(2)]);
    const copy = tensor(src);
    expect(copy.storage).not.toBe(src.storage);
    expect(copy.dtype).toBe('int64');
  });
  test('ragged and malformed input', () => {
    expect(
      err(() =>
        tensor([
          [i(1), i(2), i(3)],
          [i(4), i(5)]
        ])
      )
    ).toEqual(['ValueError', 'expected sequence of length 3 at dim 1 (got 2)']);
    expect(err(() => tensor([[i(1)], [i(2), i(3)]]))).toEqual([
      'ValueError',
      'expected sequence of length 1 at dim 1 (got 2)'
    ]);
    expect(err(() => tensor([[1, 2], 3]))).toEqual(['TypeError', 'not a sequence']);
    expect(err(() => tensor([i(1), [i(2)]]))).toEqual([
      'TypeError',
      "'list' object cannot be interpreted as an integer"
    ]);
    expect(err(() => tensor([1, [2]]))).toEqual(['TypeError', 'must be real number, not list']);
    expect(err(() => tensor([true, [2]]))).toEqual(['TypeError', 'must be real number, not list']);
  });
  test('custom adapter (interpreter values)', () => {
    // A toy interpreter: lists are {items}, ints are bigint, floats are numbers.
    type V = { items: V[] } | bigint | number;
    const ad: NestedAdapter = {
      items: x =>
        typeof x === 'object' && x !== null && 'items' in (x as object)
          ? (x as { items: V[] }).items
          : null,
      leaf: x => (typeof x === 'bigint' ? pyInt(Number(x)) : typeof x === 'number' ? x : null)
    };
    const t = tensorFromNested({ items: [{ items: [1n, 2n] }, { items: [3n, 4n] }] }, ad);
    expect(t.dtype).toBe('int64');
    expect(tolist(t)).toEqual([
      [1, 2],
      [3, 4]
    ]);
    expect(jsAdapter.items([1])).toEqual([1]);
  });
});

describe('zeros / ones / full / empty / *_like', () => {
  test('values and dtypes', () => {
    expect(tolist(zeros([2, 2]))).toEqual([
      [0, 0],
      [0, 0]
    ]);
    expect(tolist(ones([2], { dtype: 'int32' }))).toEqual([1, 1]);
    expect(full([2], i(3)).dtype).toBe('int64');
    expect(full([2], 3).dtype).toBe('float32');
    expect(tolist(full([2], true))).toEqual([true, true]);
    expect(tolist(fullLike(ones([2], { dtype: 'int32' }), 2.7))).toEqual([2, 2]);
    expect(zerosLike(ones([2], { dtype: 'int32' })).dtype).toBe('int32');
    expect(onesLike(zeros([3], { dtype: 'float64' })).dtype).toBe('float64');
    expect(emptyLike(zeros([2, 3])).shape).toEqual([2, 3]);
    expect(tolist(zeros([2], { dtype: 'bool' }))).toEqual([false, false]);
    expect(scalarTensor(i(4)).dtype).toBe('int64');
    // *_like keep the input's (transposed) strides, as PyTorch's preserve_format
    const tr = new Tensor(zeros([2, 3]).storage, [3, 2], [1, 3], 0, 'float32');
    expect(fullLike(tr, 2.5).strides).toEqual([1, 3]);
    expect(tolist(fullLike(tr, 2.5))).toEqual([
      [2.5, 2.5],
      [2.5, 2.5],
      [2.5, 2.5]
    ]);
    expect(zerosLike(new Tensor(zeros([3]).storage, [3, 4], [1, 0], 0, 'float32')).strides).toEqual(
      [4, 1]
    );
  });
  test('negative sizes', () => {
    expect(err(() => empty([-1]))).toEqual([
      'RuntimeError',
      'Trying to create tensor with negative dimension -1: [-1]'
    ]);
    expect(err(() => full([2, -1], 1))).toEqual([
      'RuntimeError',
      'Trying to create tensor with negative dimension -1: [2, -1]'
    ]);
    expect(err(() => ones([2, -1]))).toEqual([
      'RuntimeError',
      'Trying to create tensor with negative dimension -1: [2, -1]'
    ]);
    expect(err(() => zeros([-1]))).toEqual([
      'RuntimeError',
      'zeros: Dimension size must be non-negative.'
    ]);
  });
  test('memory cap refuses before allocating', () => {
    const cap = getMemoryCap();
    setMemoryCap(1000);
    try {
      expect(err(() => zeros([1000]))[0]).toBe('RuntimeError');
      expect(zeros([250]).numel).toBe(250);
    } finally {
      setMemoryCap(cap);
    }
  });
});

describe('arange', () => {
  test('dtypes and values', () => {
    const a = arange(i(5));
    expect(a.dtype).toBe('int64');
    expect(tolist(a)).toEqual([0, 1, 2, 3, 4]);
    expect(arange(5).dtype).toBe('float32');
    expect(tolist(arange(i(1), 2.5, 0.5))).toEqual([1, 1.5, 2]);
    expect(tolist(arange(i(0), i(1), 0.1))).toEqual([
      0, 0.10000000149011612, 0.20000000298023224, 0.30000001192092896, 0.4000000059604645, 0.5,
      0.6000000238418579, 0.699999988079071, 0.800000011920929, 0.8999999761581421
    ]);
    expect(tolist(arange(i(1), i(0), -0.3))).toEqual([
      1, 0.699999988079071, 0.4000000059604645, 0.10000000149011612
    ]);
    expect(tolist(arange(i(0), i(10), i(3), { dtype: 'float32' }))).toEqual([0, 3, 6, 9]);
    expect(tolist(arange(0.5, i(3), undefined, { dtype: 'int64' }))).toEqual([0, 1, 2]);
    expect(tolist(arange(-1.5, i(2), undefined, { dtype: 'int64' }))).toEqual([-1, 0, 1]);
    expect(tolist(arange(0.5, i(3)))).toEqual([0.5, 1.5, 2.5]);
    expect(arange(i(0), 2.6, 0.2).shape).toEqual([13]);
  });
  test('errors', () => {
    expect(err(() => arange(i(0), i(10), i(0)))).toEqual(['RuntimeError', 'step must be nonzero']);
    expect(err(() => arange(i(10), i(0), i(1)))).toEqual([
      'RuntimeError',
      'upper bound and lower bound inconsistent with step sign'
    ]);
    expect(err(() => arange(i(0), Infinity))).toEqual([
      'RuntimeError',
      'unsupported range: 0 -> inf'
    ]);
    expect(err(() => arange(NaN))).toEqual(['RuntimeError', 'unsupported range: 0 -> nan']);
    expect(err(() => arange(i(1), i(4), 0.5, { dtype: 'int64' }))).toEqual([
      'ValueError',
      'step must be nonzero'
    ]);
  });
});

describe('linspace / eye', () => {
  test('linspace float32 values match PyTorch bit for bit', () => {
    expect(tolist(linspace(0, 1, 5))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(tolist(linspace(0, 1, 1))).toEqual([0]);
    expect(linspace(0, 1, 0).shape).toEqual([0]);
    expect(tolist(linspace(-1, 1, 7))).toEqual([
      -1,
      -0.6666666269302368,
      -0.3333333134651184,
      -(2 ** -25), // PyTorch prints -2.9802322387695312e-08
      0.3333333134651184,
      0.6666666269302368,
      1
    ]);
    expect(tolist(linspace(0, 1, 6))).toEqual([
      0, 0.20000000298023224, 0.4000000059604645, 0.6000000238418579, 0.800000011920929, 1
    ]);
    expect(tolist(linspace(3, -2, 4))).toEqual([3, 1.3333333730697632, -0.3333333730697632, -2]);
    expect(tolist(linspace(0, 10, 4, { dtype: 'int64' }))).toEqual([0, 3, 6, 10]);
    expect(tolist(linspace(0, 10, 7, { dtype: 'int64' }))).toEqual([0, 1, 3, 5, 6, 8, 10]);
    expect(tolist(linspace(10, 0, 7, { dtype: 'int64' }))).toEqual([10, 8, 6, 5, 3, 1, 0]);
    expect(err(() => linspace(0, 1, -1))).toEqual([
      'RuntimeError',
      'number of steps must be non-negative'
    ]);
  });
  test('eye', () => {
    expect(tolist(eye(2, 3))).toEqual([
      [1, 0, 0],
      [0, 1, 0]
    ]);
    expect(tolist(eye(2, undefined, { dtype: 'bool' }))).toEqual([
      [true, false],
      [false, true]
    ]);
    expect(err(() => eye(-1))).toEqual(['RuntimeError', 'n must be greater or equal to 0, got -1']);
    expect(err(() => eye(2, -1))).toEqual([
      'RuntimeError',
      'm must be greater or equal to 0, got -1'
    ]);
  });
});

test('Tensor import is used', () => expect(tensor([1]) instanceof Tensor).toBe(true));

describe('arange / linspace against recorded PyTorch values (tools/gen_engine_creation_fixture.py)', () => {
  type Case = {
    start: number;
    end: number;
    step?: number;
    steps?: number;
    dtype: 'float32' | 'float64';
    values: number[];
  };
  const fx = creationCases as unknown as { arange: Case[]; linspace: Case[] };
  test('arange, bit for bit', () => {
    const bad = fx.arange.filter(
      c =>
        JSON.stringify(tolist(arange(c.start, c.end, c.step, { dtype: c.dtype }))) !==
        JSON.stringify(c.values)
    );
    expect(bad.map(c => [c.start, c.end, c.step, c.dtype])).toEqual([]);
  });
  test('linspace, bit for bit', () => {
    const bad = fx.linspace.filter(
      c =>
        JSON.stringify(tolist(linspace(c.start, c.end, c.steps ?? 0, { dtype: c.dtype }))) !==
        JSON.stringify(c.values)
    );
    expect(bad.map(c => [c.start, c.end, c.steps, c.dtype])).toEqual([]);
  });
});
