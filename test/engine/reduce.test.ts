import { Tensor, sum, mean, max, argmax, std, variance, cumsum, amax, setWarningHandler } from '../../src/engine';
import { makeTensor, runGroup } from './mathCases';

runGroup('reduce');

const vals = (t: Tensor) => Array.from({ length: t.numel }, (_, i) => t.at(i));

describe('reductions', () => {
  test('float32 sum replays PyTorch order (not a float64 sum)', () => {
    const t = makeTensor(Array(7).fill(0.1), [1, 7], 'float32');
    expect(sum(t, { dim: 1 }).at(0)).toBe(0.7000000476837158);
  });
  test('transposed views reduce without a strided copy and match the contiguous result', () => {
    const data = Array.from({ length: 600 }, (_, i) => Math.sin(i));
    const a = makeTensor(data, [20, 30], 'float32');
    const at = new Tensor(a.storage, [30, 20], [1, 30], 0, 'float32');
    const viaT = sum(at, { dim: 1 });
    const direct = sum(a, { dim: 0 });
    expect(vals(viaT)).toEqual(vals(direct));
    expect(vals(amax(at, { dim: 0 }))).toEqual(vals(amax(a, { dim: 1 })));
  });
  test('max with dim returns values and first-occurrence indices; NaN wins', () => {
    const t = makeTensor([3, 1, 3, NaN, 2, NaN], [2, 3], 'float32');
    const r = max(t, 1);
    expect(vals(r.values)).toEqual([3, NaN]);
    expect(vals(r.indices)).toEqual([0, 0]);
    expect(vals(argmax(t, { dim: 1 }))).toEqual([0, 0]);
  });
  test('std/var warn when the correction leaves no degrees of freedom', () => {
    const seen: string[] = [];
    setWarningHandler(m => seen.push(m));
    const r = std(makeTensor([1], [1], 'float32'));
    setWarningHandler(() => undefined);
    expect(r.at(0)).toBeNaN();
    expect(seen[0]).toMatch(/^std\(\): degrees of freedom is <= 0/);
    expect(variance(makeTensor([1, 2, 3, 4], [4], 'float64'), { correction: 0 }).at(0)).toBe(1.25);
  });
  test('integer sums and cumsums are int64; mean of ints is an error', () => {
    const t = makeTensor([1, 2, 3], [3], 'int32');
    expect(sum(t).dtype).toBe('int64');
    expect(cumsum(t, 0).dtype).toBe('int64');
    expect(() => mean(t)).toThrow('mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Int');
  });
  test('100k x 100 float32 reductions complete and agree with float64 sums', () => {
    const n = 100000 * 100;
    const t = Tensor.empty([100000, 100], 'float32');
    for (let i = 0; i < n; i++) t.storage[i] = ((i * 7919) % 1000) / 1000 - 0.5;
    const rows = sum(t, { dim: 1 });
    const cols = sum(t, { dim: 0 });
    let ref = 0;
    for (let j = 0; j < 100; j++) ref += t.storage[j];
    expect(Math.abs(rows.at(0) - ref)).toBeLessThan(1e-5);
    expect(cols.shape).toEqual([100]);
    expect(max(t, 1).indices.shape).toEqual([100000]);
    expect(Number.isFinite(std(t, { dim: 0 }).at(3))).toBe(true);
  }, 60000);
});
