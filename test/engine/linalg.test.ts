import { Tensor, matmul, mm } from '../../src/engine';
import { makeTensor, runGroup } from './mathCases';

runGroup('linalg');

const vals = (t: Tensor) => Array.from({ length: t.numel }, (_, i) => t.at(i));

describe('matmul', () => {
  test('transposed operands and int64', () => {
    const a = makeTensor([1, 2, 3, 4, 5, 6], [2, 3], 'int64');
    const at = new Tensor(a.storage, [3, 2], [1, 3], 0, 'int64');
    const r = mm(a, at);
    expect(r.dtype).toBe('int64');
    expect(vals(r)).toEqual([14, 32, 32, 77]);
  });
  test('batched broadcasting with a 1-D operand', () => {
    const a = makeTensor(Array(24).fill(1), [2, 3, 4], 'float32');
    const v = makeTensor([1, 2, 3, 4], [4], 'float32');
    const r = matmul(a, v);
    expect(r.shape).toEqual([2, 3]);
    expect(vals(r)).toEqual(Array(6).fill(10));
  });
  test('shape error text', () => {
    const a = makeTensor(Array(6).fill(1), [2, 3], 'float32');
    expect(() => mm(a, a)).toThrow('mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)');
  });
});
