import { broadcastShapes } from '../../src/engine/broadcast';

// Expected texts printed by real PyTorch 2.13 for `torch.zeros(a) + torch.zeros(b)`.
describe('broadcastShapes', () => {
  it('broadcasts singleton and missing leading dims', () => {
    expect(broadcastShapes([2, 1, 3], [4, 1])).toEqual([2, 4, 3]);
    expect(broadcastShapes([], [5])).toEqual([5]);
  });
  it.each([
    [[2, 3], [3, 2], 'The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1'],
    [[2, 3, 4], [5, 3, 5], 'The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 2'],
    [[4], [3], 'The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 0'],
    [[2, 1, 3], [4, 5], 'The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 2']
  ])('names the trailing mismatch like PyTorch: %j + %j', (a, b, msg) => {
    expect(() => broadcastShapes(a as number[], b as number[])).toThrow(msg as string);
  });
});
