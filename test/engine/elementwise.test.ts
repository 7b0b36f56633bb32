import {
  Tensor, add, add_, sub, mul, div, pow, eq, where, masked_fill_, clamp_, mul_, exp, sigmoid, invert,
  pyInt, pyFloat, pyBool, promoteOperands, TorchError
} from '../../src/engine';
import { makeTensor, runGroup } from './mathCases';

runGroup('elementwise');

const f32 = (data: number[], shape = [data.length]) => makeTensor(data, shape, 'float32');
const i64 = (data: number[], shape = [data.length]) => makeTensor(data, shape, 'int64');
const vals = (t: Tensor) => Array.from({ length: t.numel }, (_, i) => t.at(i));
const transposed = (t: Tensor) => new Tensor(t.storage, [t.shape[1], t.shape[0]], [t.strides[1], t.strides[0]], t.offset, t.dtype);

describe('type promotion', () => {
  test('int tensor with Python scalars', () => {
    expect(add(i64([1, 2]), pyInt(1)).dtype).toBe('int64');
    expect(add(i64([1, 2]), pyFloat(1)).dtype).toBe('float32');
    expect(mul(i64([1, 2]), pyBool(true)).dtype).toBe('int64');
    expect(add(makeTensor([1], [1], 'int32'), pyInt(1)).dtype).toBe('int32');
  });
  test('0-d tensors rank below dimensioned tensors unless of a higher category', () => {
    expect(add(i64([1, 2]), Tensor.scalar(2.5, 'float64')).dtype).toBe('float64');
    expect(add(makeTensor([1], [1], 'int32'), Tensor.scalar(2, 'int64')).dtype).toBe('int32');
    expect(add(f32([1]), Tensor.scalar(2, 'float64')).dtype).toBe('float32');
    expect(add(Tensor.scalar(1, 'float32'), Tensor.scalar(2, 'float64')).dtype).toBe('float64');
    expect(promoteOperands(makeTensor([1], [1], 'float16'), pyFloat(0.5))).toBe('float16');
  });
  test('bool with bool stays bool; true division gives float32', () => {
    const b = makeTensor([1, 0], [2], 'bool');
    expect(add(b, b).dtype).toBe('bool');
    expect(vals(add(b, b))).toEqual([1, 0]);
    expect(div(i64([1, 2]), i64([2, 2])).dtype).toBe('float32');
  });
});

describe('float32 rounding', () => {
  test('each op rounds once to float32', () => {
    const r = add(f32([0.1]), pyFloat(0.2));
    expect(r.at(0)).toBe(Math.fround(Math.fround(0.1) + Math.fround(0.2)));
  });
  test('`3 / t` is reciprocal(t) * 3 (PyTorch __rtruediv__)', () => {
    const r = div(pyInt(3), i64([-7]));
    expect(r.at(0)).toBe(Math.fround(Math.fround(1 / -7) * 3));
  });
});

describe('in-place ops on strided views', () => {
  test('add_ writes through a transposed view', () => {
    const base = f32([1, 2, 3, 4, 5, 6], [2, 3]);
    const t = transposed(base);
    const r = add_(t, f32([10, 20]));
    expect(r).toBe(t);
    expect(Array.from(base.storage)).toEqual([11, 12, 13, 24, 25, 26]);
  });
  test('mul_/clamp_/masked_fill_ respect strides', () => {
    const base = f32([1, -2, 3, -4], [2, 2]);
    const t = transposed(base);
    mul_(t, pyInt(2));
    clamp_(t, { min: pyFloat(-5) });
    masked_fill_(t, makeTensor([1, 0, 0, 0], [2, 2], 'bool'), pyFloat(0));
    expect(Array.from(base.storage)).toEqual([0, -4, 6, -5]);
  });
  test('result dtype must be castable to self', () => {
    expect(() => add_(i64([1]), pyFloat(1.5))).toThrow("result type Float can't be cast to the desired output type Long");
    expect(() => mul_(i64([1]), f32([2]))).toThrow(TorchError);
  });
});

describe('errors with PyTorch text', () => {
  test('bool subtraction and negative integer powers', () => {
    const b = makeTensor([1], [1], 'bool');
    expect(() => sub(b, pyInt(1))).toThrow(
      'Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.'
    );
    expect(() => pow(i64([2]), pyInt(-1))).toThrow('Integers to negative integer powers are not allowed.');
    expect(() => div(i64([2]), pyInt(0), { rounding_mode: 'floor' })).toThrow('ZeroDivisionError');
  });
  test('~ on float is a TypeError', () => {
    try {
      invert(f32([1]));
      throw new Error('no throw');
    } catch (e) {
      expect((e as TorchError).pyType).toBe('TypeError');
    }
  });
});

describe('misc semantics', () => {
  test('NaN comparisons and where broadcasting', () => {
    expect(vals(eq(f32([NaN, 1]), f32([NaN, 1])))).toEqual([0, 1]);
    const w = where(makeTensor([1, 0], [2, 1], 'bool'), f32([1, 2, 3]), pyFloat(-1));
    expect(w.shape).toEqual([2, 3]);
    expect(vals(w)).toEqual([1, 2, 3, -1, -1, -1]);
  });
  test('integer inputs to exp/sigmoid promote to float32', () => {
    expect(exp(i64([0])).dtype).toBe('float32');
    expect(sigmoid(i64([0])).at(0)).toBe(0.5);
  });
});
