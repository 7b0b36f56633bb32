// Expected values come from PyTorch 2.13.0 CPU runs.
import {
  to,
  float,
  double,
  half,
  bfloat16,
  long,
  int,
  bool,
  castFn,
  copyInto,
  typeAs
} from '../../src/engine/convert';
import { tensor, zeros, arange } from '../../src/engine/creation';
import { tolist } from '../../src/engine/indexing';
import { t as transpose2d, view } from '../../src/engine/shape';
import { pyInt } from '../../src/engine/elementwise';

const ints = (...v: number[]) => tensor(v.map(pyInt));

describe('casts match PyTorch CPU', () => {
  test('float → int truncates toward zero; NaN/inf/out of range → integer min', () => {
    expect(tolist(long(tensor([-1.5, 1.5, 2.7, -2.7])))).toEqual([-1, 1, 2, -2]);
    expect(tolist(long(tensor([NaN, Infinity, -Infinity, 1e20])))).toEqual([
      -9223372036854775808, -9223372036854775808, -9223372036854775808, -9223372036854775808
    ]);
    expect(tolist(int(tensor([NaN, Infinity, -Infinity, 1e20, 3e9])))).toEqual([
      -2147483648, -2147483648, -2147483648, -2147483648, -2147483648
    ]);
    expect(tolist(long(tensor([1e10, -1e10, 2.5e9])))).toEqual([
      10000000000, -10000000000, 2500000000
    ]);
    expect(tolist(int(tensor([2147483647.0, -2147483648.0, 2147483520.0])))).toEqual([
      -2147483648, -2147483648, 2147483520
    ]);
    const z = tolist(long(tensor([-0.7, -0]))) as number[];
    expect(Object.is(z[0], 0) && Object.is(z[1], 0)).toBe(true);
  });
  test('int64 → int32 wraps', () => {
    expect(tolist(int(ints(2 ** 40 + 7)))).toEqual([7]);
    expect(tolist(int(ints(-(2 ** 33) - 5, 2 ** 31, -(2 ** 31) - 1)))).toEqual([
      -5, -2147483648, 2147483647
    ]);
  });
  test('bool conversions', () => {
    expect(tolist(bool(tensor([NaN, 0, -0, 2])))).toEqual([true, false, false, true]);
    expect(tolist(bool(ints(2, 0, -1)))).toEqual([true, false, true]);
    expect(tolist(float(tensor([true, false])))).toEqual([1, 0]);
  });
  test('float rounding: float64 → float32, half, bfloat16', () => {
    expect(tolist(float(tensor([0.1], { dtype: 'float64' })))).toEqual([0.10000000149011612]);
    expect(tolist(float(tensor([1e300], { dtype: 'float64' })))).toEqual([Infinity]);
    expect(tolist(half(tensor([0.1, 65519, 65520, 1e-8, 3.14159])))).toEqual([
      0.0999755859375,
      65504,
      Infinity,
      0,
      3.140625
    ]);
    expect(tolist(bfloat16(tensor([0.1, 3.14159])))).toEqual([0.10009765625, 3.140625]);
    expect(tolist(float(ints(16777217)))).toEqual([16777216]);
    expect(double(tensor([0.1])).at(0)).toBe(0.10000000149011612);
  });
  test('to() returns self for the same dtype unless copy', () => {
    const x = zeros([2]);
    expect(to(x, 'float32')).toBe(x);
    expect(float(x)).toBe(x);
    expect(to(x, 'float32', { copy: true })).not.toBe(x);
    expect(typeAs(ints(1), x).dtype).toBe('float32');
  });
  test('non-contiguous source', () => {
    const x = view(arange(pyInt(6)), [2, 3]);
    const y = double(transpose2d(x));
    expect(y.shape).toEqual([3, 2]);
    expect(y.strides).toEqual([1, 3]); // PyTorch keeps the transposed layout: x.t().double().stride() == (1, 3)
    expect(tolist(y)).toEqual([
      [0, 3],
      [1, 4],
      [2, 5]
    ]);
  });
  test('castFn is null where the typed-array store converts exactly', () => {
    expect(castFn('int64', 'float32')).toBeNull();
    expect(castFn('float32', 'float64')).toBeNull();
    expect(castFn('int64', 'int32')).toBeNull();
    expect(castFn('float32', 'int64')).not.toBeNull();
    const d = zeros([3], { dtype: 'int32' });
    copyInto(d, tensor([1.9, -1.9, NaN]));
    expect(tolist(d)).toEqual([1, -1, -2147483648]);
  });
});
