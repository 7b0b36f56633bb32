import { Tensor, sort, topk, argsort } from '../../src/engine';
import { makeTensor, runGroup } from './mathCases';

runGroup('sort');

const vals = (t: Tensor) => Array.from({ length: t.numel }, (_, i) => t.at(i));

describe('sort/topk', () => {
  test('sort is stable and puts NaN last (first when descending)', () => {
    const t = makeTensor([2, NaN, 1, 2, 1], [5], 'float32');
    expect(vals(sort(t).indices)).toEqual([2, 4, 0, 3, 1]);
    expect(vals(sort(t, { descending: true }).indices)).toEqual([1, 0, 3, 2, 4]);
    const long = makeTensor(Array.from({ length: 200 }, (_, i) => i % 3), [200], 'float32');
    const idx = vals(argsort(long, { stable: true }));
    for (let i = 1; i < 200; i++) if (long.at(idx[i]) === long.at(idx[i - 1])) expect(idx[i]).toBeGreaterThan(idx[i - 1]);
  });
  test('topk ties follow libstdc++ nth_element like PyTorch', () => {
    const t = makeTensor([1, 2, 2, 2, 1, 1, 2], [7], 'float32');
    expect(vals(topk(t, 2).indices)).toEqual([3, 6]);
    expect(vals(topk(t, 2, { largest: false }).indices)).toEqual([5, 4]);
  });
  test('k out of range', () => {
    expect(() => topk(makeTensor([1, 2], [2], 'float32'), 3)).toThrow('selected index k out of range');
  });
});
