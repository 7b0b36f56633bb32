// Expected shapes, strides, values and error texts come from PyTorch 2.13.0 CPU runs.
import {
  getItem,
  setItem,
  Index,
  indexSelect,
  gather,
  scatter,
  scatter_,
  scatterAdd,
  maskedSelect,
  nonzero,
  nonzeroTuple,
  tensorItem,
  tolist,
  sliceBounds
} from '../../src/engine/indexing';
import { arange, tensor, zeros, ones } from '../../src/engine/creation';
import { view } from '../../src/engine/shape';
import { pyInt } from '../../src/engine/elementwise';
import { TorchError } from '../../src/engine/errors';
import { Tensor } from '../../src/engine/tensor';

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
const I = (i: number): Index => ({ kind: 'int', i });
const S = (start?: number | null, stop?: number | null, step?: number | null): Index => ({
  kind: 'slice',
  start,
  stop,
  step
});
const NONE: Index = { kind: 'none' };
const ELL: Index = { kind: 'ellipsis' };
const T = (t: Tensor): Index => ({ kind: 'tensor', t });
const L = (...v: number[]) => tensor(v.map(pyInt));
const B = (...v: boolean[]) => tensor(v);
const m = () => view(arange(pyInt(24)), [2, 3, 4]);
const x23 = () => view(arange(pyInt(6), undefined, undefined, { dtype: 'float32' }), [2, 3]);

describe('basic indexing returns views', () => {
  test('ints, slices, strides, offsets', () => {
    const a = m();
    const r = getItem(a, [I(1), S(1), S(null, null, 3)]);
    expect(r.shape).toEqual([2, 2]);
    expect(r.offset).toBe(16);
    expect(getItem(a, [S(), S(1), S(null, null, 3)]).strides).toEqual([12, 4, 3]);
    expect(getItem(a, [S(0, 5, 2)]).shape).toEqual([1, 3, 4]);
    expect(getItem(a, [S(-10, 10)]).shape).toEqual([2, 3, 4]);
    expect(getItem(a, [S(3, 1)]).shape).toEqual([0, 3, 4]);
    expect(tolist(getItem(a, [I(-1), I(-1)]))).toEqual([20, 21, 22, 23]);
    const v = getItem(a, [I(0), I(1)]);
    expect(v.storage).toBe(a.storage);
    v.storage[v.offset] = 100;
    expect(a.at(4)).toBe(100);
  });
  test('None, ellipsis, bool scalars', () => {
    const a = m();
    expect(getItem(a, [NONE, NONE]).shape).toEqual([1, 1, 2, 3, 4]);
    expect(getItem(a, [I(1), ELL, NONE]).shape).toEqual([3, 4, 1]);
    const x = x23();
    const r = getItem(x, [ELL, NONE, I(0)]);
    expect(r.shape).toEqual([2, 1]);
    expect(r.strides).toEqual([3, 3]);
    expect(getItem(x, [ELL, ELL].slice(0, 1)).shape).toEqual([2, 3]);
    expect(getItem(a, [{ kind: 'bool', value: true }]).shape).toEqual([1, 2, 3, 4]);
    expect(getItem(a, [{ kind: 'bool', value: false }]).shape).toEqual([0, 2, 3, 4]);
    const z = tensor(5);
    expect(getItem(z, [NONE]).shape).toEqual([1]);
    expect(getItem(z, [ELL]).shape).toEqual([]);
    expect(getItem(z, [T(tensor(true))]).shape).toEqual([1]);
    expect(getItem(tensor([1, 2]), [T(tensor(false))]).shape).toEqual([0, 2]);
    expect(getItem(tensor([1, 2]), [T(tensor(true))]).shape).toEqual([1, 2]);
  });
  test('0-d integer tensor indexes like an int (a view)', () => {
    const a = m();
    const r = getItem(a, [T(tensor(pyInt(1)))]);
    expect(r.shape).toEqual([3, 4]);
    expect(r.strides).toEqual([4, 1]);
    expect(r.storage).toBe(a.storage);
    expect(tolist(getItem(a, [T(tensor(pyInt(1))), T(tensor(pyInt(2)))]))).toEqual([
      20, 21, 22, 23
    ]);
    expect(getItem(a, [ELL, T(tensor(pyInt(1)))]).shape).toEqual([2, 3]);
  });
  test('errors', () => {
    const x = x23();
    expect(err(() => getItem(x, [I(5)]))).toEqual([
      'IndexError',
      'index 5 is out of bounds for dimension 0 with size 2'
    ]);
    expect(err(() => getItem(x, [I(0), I(5)]))).toEqual([
      'IndexError',
      'index 5 is out of bounds for dimension 1 with size 3'
    ]);
    const a = m();
    // PyTorch names the position in the index tuple
    expect(err(() => getItem(a, [NONE, I(0), I(9)]))).toEqual([
      'IndexError',
      'index 9 is out of bounds for dimension 2 with size 3'
    ]);
    expect(err(() => getItem(a, [ELL, I(9)]))).toEqual([
      'IndexError',
      'index 9 is out of bounds for dimension 1 with size 4'
    ]);
    expect(err(() => getItem(x, [I(0), I(0), I(0)]))).toEqual([
      'IndexError',
      'too many indices for tensor of dimension 2'
    ]);
    expect(err(() => getItem(tensor(5), [I(0)]))).toEqual([
      'IndexError',
      'invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number'
    ]);
    expect(err(() => getItem(tensor(5), [S()]))).toEqual([
      'IndexError',
      'slice() cannot be applied to a 0-dim tensor.'
    ]);
    expect(err(() => getItem(tensor(5), [T(L(0))]))).toEqual([
      'IndexError',
      'too many indices for tensor of dimension 0'
    ]);
    expect(getItem(tensor(5), [{ kind: 'bool', value: false }]).shape).toEqual([0]);
    expect(err(() => getItem(x, [S(null, null, -1)]))).toEqual([
      'ValueError',
      'step must be greater than zero'
    ]);
    expect(err(() => getItem(x, [S(null, null, 0)]))).toEqual([
      'ValueError',
      'slice step cannot be zero'
    ]);
    expect(sliceBounds(5, -2)).toEqual({ start: 3, length: 2, step: 1 });
  });
});

describe('advanced indexing', () => {
  test('single index tensor and lists', () => {
    const a = m();
    expect(tolist(getItem(a, [T(L(0, 1)), I(0)]))).toEqual([
      [0, 1, 2, 3],
      [12, 13, 14, 15]
    ]);
    expect(tolist(getItem(a, [T(L(0, 1)), T(L(1, 2))]))).toEqual([
      [4, 5, 6, 7],
      [20, 21, 22, 23]
    ]);
    expect(
      getItem(a, [
        T(
          tensor([
            [pyInt(0), pyInt(1)],
            [pyInt(1), pyInt(0)]
          ])
        )
      ]).shape
    ).toEqual([2, 2, 3, 4]);
    expect(getItem(a, [T(tensor([0, 1].map(pyInt), { dtype: 'int32' }))]).shape).toEqual([2, 3, 4]);
    const r = getItem(a, [T(L(1, 0))]);
    expect(r.storage).not.toBe(a.storage);
    expect(r.strides).toEqual([12, 4, 1]);
  });
  test('placement rule: adjacent vs separated', () => {
    const a = m();
    const t1 = L(0, 1);
    expect(getItem(a, [T(t1), S(), T(t1)]).shape).toEqual([2, 3]);
    expect(getItem(a, [S(), T(t1), T(t1)]).shape).toEqual([2, 2]);
    expect(getItem(a, [T(t1), I(0), T(t1)]).shape).toEqual([2]);
    expect(getItem(a, [I(0), S(), T(t1)]).shape).toEqual([3, 2]);
    expect(getItem(a, [S(), I(0), T(t1)]).shape).toEqual([2, 2]);
    expect(getItem(a, [NONE, T(t1), S(), T(t1)]).shape).toEqual([2, 1, 3]);
    expect(getItem(a, [T(t1), NONE, T(t1)]).shape).toEqual([2, 1, 4]);
    expect(getItem(a, [ELL, T(t1)]).shape).toEqual([2, 3, 2]);
    expect(getItem(a, [T(t1), ELL, T(t1)]).shape).toEqual([2, 3]);
    expect(getItem(a, [S(1), T(t1)]).shape).toEqual([1, 2, 4]);
    expect(tolist(getItem(a, [T(t1), S(), T(L(1))]))).toEqual([
      [1, 5, 9],
      [13, 17, 21]
    ]);
    expect(getItem(a, [{ kind: 'bool', value: true }, T(t1)]).shape).toEqual([2, 3, 4]);
  });
  test('empty and 2-D index tensors', () => {
    const e = tensor([], { dtype: 'int64' });
    expect(getItem(zeros([4]), [T(e)]).shape).toEqual([0]);
    expect(getItem(zeros([2, 3]), [T(e)]).shape).toEqual([0, 3]);
    expect(getItem(zeros([2, 3]), [S(1, 1)]).shape).toEqual([0, 3]);
    expect(
      getItem(zeros([2, 3]), [
        S(),
        T(
          tensor(
            [
              [0, 1],
              [1, 2]
            ].map(r => r.map(pyInt))
          )
        )
      ]).shape
    ).toEqual([2, 2, 2]);
    const x = view(arange(pyInt(12)), [3, 4]);
    const rows = view(L(0, 2), [2, 1]);
    expect(tolist(getItem(x, [T(rows), T(L(1, 3))]))).toEqual([
      [1, 3],
      [9, 11]
    ]);
    expect(tolist(getItem(getItem(x, [T(L(0, 2))]), [S(), T(L(1, 3))]))).toEqual([
      [1, 3],
      [9, 11]
    ]);
    expect(
      tolist(
        getItem(
          tensor([
            [pyInt(1), pyInt(2)],
            [pyInt(3), pyInt(4)]
          ]),
          [
            T(
              tensor([
                [true, false],
                [false, true]
              ])
            )
          ]
        )
      )
    ).toEqual([1, 4]);
  });
  test('boolean masks', () => {
    const a = m();
    const mask = tensor([
      [true, false, true],
      [false, false, true]
    ]);
    expect(tolist(getItem(a, [T(mask)]))).toEqual([
      [0, 1, 2, 3],
      [8, 9, 10, 11],
      [20, 21, 22, 23]
    ]);
    expect(getItem(a, [S(), T(B(true, false, true))]).shape).toEqual([2, 2, 4]);
    expect(getItem(a, [T(B(true, false)), S(), T(L(1))]).shape).toEqual([1, 3]);
    const x = x23();
    expect(err(() => getItem(x, [T(B(true, false, true))]))).toEqual([
      'IndexError',
      'The shape of the mask [3] at index 0 does not match the shape of the indexed tensor [2, 3] at index 0'
    ]);
  });
  test('errors', () => {
    const x = x23();
    const a = m();
    expect(err(() => getItem(x, [T(L(5))]))).toEqual([
      'IndexError',
      'index 5 is out of bounds for dimension 0 with size 2'
    ]);
    expect(err(() => getItem(x, [T(L(-3))]))).toEqual([
      'IndexError',
      'index -3 is out of bounds for dimension 0 with size 2'
    ]);
    // "dimension" counts index tensors, not tensor dims
    expect(err(() => getItem(x, [S(), T(L(3))]))).toEqual([
      'IndexError',
      'index 3 is out of bounds for dimension 0 with size 3'
    ]);
    expect(err(() => getItem(a, [T(L(0, 1)), S(), T(L(5))]))).toEqual([
      'IndexError',
      'index 5 is out of bounds for dimension 1 with size 4'
    ]);
    expect(err(() => getItem(x, [T(L(0, 1)), T(L(0, 1, 2))]))).toEqual([
      'IndexError',
      'shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]'
    ]);
    expect(err(() => getItem(x, [T(tensor([1]))]))).toEqual([
      'IndexError',
      'tensors used as indices must be long, int, byte or bool tensors'
    ]);
  });
});

describe('setItem', () => {
  test('basic assignment writes through, with broadcasting and casting', () => {
    const x = zeros([2, 3]);
    setItem(x, [I(0)], 7);
    setItem(x, [S(), I(1)], tensor([pyInt(5), pyInt(6)]));
    expect(tolist(x)).toEqual([
      [7, 5, 7],
      [0, 6, 0]
    ]);
    setItem(x, [I(0)], ones([1, 1, 3]));
    expect(tolist(x)).toEqual([
      [1, 1, 1],
      [0, 6, 0]
    ]);
    setItem(x, [S(1)], getItem(x, [S(null, 1)]));
    expect(tolist(x)).toEqual([
      [1, 1, 1],
      [1, 1, 1]
    ]);
    setItem(x, [I(0), I(0)], NaN);
    expect(Number.isNaN(x.at(0))).toBe(true);
    setItem(x, [I(0)], tensor(true));
    expect(tolist(x)).toEqual([
      [1, 1, 1],
      [1, 1, 1]
    ]);
  });
  test('basic assignment errors', () => {
    const x = zeros([2, 3]);
    expect(err(() => setItem(x, [I(0)], tensor([1, 2])))).toEqual([
      'RuntimeError',
      'The expanded size of the tensor (3) must match the existing size (2) at non-singleton dimension 0.  Target sizes: [3].  Tensor sizes: [2]'
    ]);
    expect(err(() => setItem(x, [ELL, I(0)], zeros([2, 1])))).toEqual([
      'RuntimeError',
      'expand(torch.FloatTensor{[2, 1]}, size=[2]): the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)'
    ]);
    expect(err(() => setItem(x, [I(0), I(5)], 1))).toEqual([
      'IndexError',
      'index 5 is out of bounds for dimension 1 with size 3'
    ]);
  });
  test('advanced assignment', () => {
    const x = zeros([2, 3]);
    setItem(x, [T(L(0, 1))], tensor([[1], [2]]));
    expect(tolist(x)).toEqual([
      [1, 1, 1],
      [2, 2, 2]
    ]);
    setItem(x, [T(L(0, 1))], 3);
    setItem(x, [I(0), T(L(0, 1))], tensor([7, 8]));
    expect(tolist(x)).toEqual([
      [7, 8, 3],
      [3, 3, 3]
    ]);
    setItem(x, [T(L(0, 0)), T(L(1, 1))], tensor([3, 4]));
    expect(tolist(x)).toEqual([
      [7, 4, 3],
      [3, 3, 3]
    ]);
    setItem(
      x,
      [
        T(
          tensor([
            [true, false, true],
            [false, false, false]
          ])
        )
      ],
      tensor([4, 5])
    );
    expect(tolist(x)).toEqual([
      [4, 4, 5],
      [3, 3, 3]
    ]);
    setItem(
      x,
      [
        T(
          tensor([
            [false, false, false],
            [false, false, false]
          ])
        )
      ],
      5
    );
    const y = zeros([2, 3]);
    setItem(y, [T(L(0, 1))], tensor([[[[1], [1]]]]));
    expect(tolist(y)).toEqual([
      [1, 1, 1],
      [1, 1, 1]
    ]);
  });
  test('mask assignment of one-element values casts (masked_fill path)', () => {
    const x = zeros([3]);
    setItem(x, [T(B(true, true, false))], L(7));
    expect(tolist(x)).toEqual([7, 7, 0]);
    setItem(x, [ELL, T(B(false, true, true))], tensor(pyInt(3)));
    expect(tolist(x)).toEqual([7, 3, 3]);
    setItem(x, [T(B(true, false, false))], tensor(true));
    expect(tolist(x)).toEqual([1, 3, 3]);
    expect(err(() => setItem(x, [T(B(true, true, false))], L(1, 2)))).toEqual([
      'RuntimeError',
      'Index put requires the source and destination dtypes match, got Float for the destination and Long for the source.'
    ]);
    expect(err(() => setItem(x, [T(L(0, 1))], tensor(pyInt(5))))).toEqual([
      'RuntimeError',
      'Index put requires the source and destination dtypes match, got Float for the destination and Long for the source.'
    ]);
    setItem(x, [T(L(0, 1))], tensor(3));
    expect(tolist(x)).toEqual([3, 3, 3]);
    const xi = zeros([3], { dtype: 'int64' });
    setItem(xi, [T(B(true, false, true))], 2.7);
    expect(tolist(xi)).toEqual([2, 0, 2]);
  });
  test('advanced assignment errors', () => {
    const x = zeros([2, 3]);
    expect(err(() => setItem(x, [T(L(0, 1))], tensor([pyInt(1), pyInt(2)])))).toEqual([
      'RuntimeError',
      'Index put requires the source and destination dtypes match, got Float for the destination and Long for the source.'
    ]);
    expect(err(() => setItem(x, [T(L(0, 1))], tensor([1, 2])))).toEqual([
      'RuntimeError',
      'shape mismatch: value tensor of shape [2] cannot be broadcast to indexing result of shape [2, 3]'
    ]);
    expect(err(() => setItem(x, [T(L(0, 1)), I(5)], 1))).toEqual([
      'IndexError',
      'index 5 is out of bounds for dimension 1 with size 3'
    ]);
  });
});

describe('index_select / gather / scatter', () => {
  const a = () => view(arange(pyInt(6)), [2, 3]);
  test('index_select', () => {
    expect(tolist(indexSelect(a(), 1, L(2, 0, 2)))).toEqual([
      [2, 0, 2],
      [5, 3, 5]
    ]);
    expect(tolist(indexSelect(zeros([3]), 0, tensor(pyInt(1))))).toEqual([0]);
    expect(indexSelect(view(arange(pyInt(6)), [2, 3]), 1, tensor(pyInt(1))).shape).toEqual([2, 1]);
    expect(indexSelect(tensor(5), 0, L(0)).shape).toEqual([]);
    expect(err(() => indexSelect(tensor(5), 0, L(0, 0)))).toEqual([
      'RuntimeError',
      'index_select(): Index to scalar can have only 1 value, got 2 value(s)'
    ]);
    expect(err(() => indexSelect(tensor(5), 0, L(1)))).toEqual([
      'IndexError',
      'index out of range in self'
    ]);
    const x = x23();
    expect(err(() => indexSelect(x, 0, L(2)))).toEqual([
      'IndexError',
      'index out of range in self'
    ]);
    expect(err(() => indexSelect(x, 1, L(-1)))).toEqual([
      'RuntimeError',
      'INDICES element is out of DATA bounds, id=-1 axis_dim=3'
    ]);
    expect(err(() => indexSelect(x, 2, L(0)))).toEqual([
      'IndexError',
      'Dimension out of range (expected to be in range of [-2, 1], but got 2)'
    ]);
    expect(err(() => indexSelect(x, 0, tensor([0])))).toEqual([
      'RuntimeError',
      'index_select(): Expected dtype int32 or int64 for index'
    ]);
    expect(err(() => indexSelect(x, 0, tensor([[pyInt(0)]])))).toEqual([
      'IndexError',
      'index_select(): Index is supposed to be a vector'
    ]);
  });
  test('gather', () => {
    expect(
      tolist(
        gather(
          a(),
          1,
          tensor([
            [pyInt(2), pyInt(0)],
            [pyInt(1), pyInt(1)]
          ])
        )
      )
    ).toEqual([
      [2, 0],
      [4, 4]
    ]);
    expect(tolist(gather(tensor([1, 2]), 0, tensor(pyInt(1))))).toBe(2);
    expect(gather(tensor(5), 0, tensor(pyInt(0))).shape).toEqual([]);
    const x = x23();
    expect(err(() => gather(x, 1, tensor([[pyInt(3)]])))).toEqual([
      'RuntimeError',
      'index 3 is out of bounds for dimension 1 with size 3'
    ]);
    expect(err(() => gather(x, 1, tensor([[pyInt(-1)]])))).toEqual([
      'RuntimeError',
      'index -1 is out of bounds for dimension 1 with size 3'
    ]);
    expect(err(() => gather(x, 1, L(0)))).toEqual([
      'RuntimeError',
      'Index tensor must have the same number of dimensions as input tensor'
    ]);
    expect(err(() => gather(x, 1, tensor([[0]])))).toEqual([
      'RuntimeError',
      'gather(): Expected dtype int32/int64 for index'
    ]);
    expect(err(() => gather(x, 0, tensor([[0, 0, 0, 0].map(pyInt)])))).toEqual([
      'RuntimeError',
      'Size does not match at dimension 1 expected index [1, 4] to be no larger than self [2, 3] apart from dimension 0'
    ]);
  });
  test('scatter', () => {
    const idx = tensor(
      [
        [0, 1, 2, 0, 0],
        [2, 0, 0, 1, 2]
      ].map(r => r.map(pyInt))
    );
    const src = view(arange(pyInt(1), 11), [2, 5]);
    expect(tolist(scatter(zeros([3, 5]), 0, idx, src))).toEqual([
      [1, 7, 8, 4, 5],
      [0, 2, 0, 9, 0],
      [6, 0, 3, 0, 10]
    ]);
    expect(tolist(scatter(zeros([3]), 0, L(0, 0), tensor([1, 2]), 'add'))).toEqual([3, 0, 0]);
    expect(tolist(scatter(zeros([3], { dtype: 'int64' }), 0, L(0), 1.5))).toEqual([1, 0, 0]);
    expect(tolist(scatterAdd(zeros([3]), 0, L(0, 0, 1), tensor([1, 2, 3])))).toEqual([3, 3, 0]);
    const z = zeros([3]);
    scatter_(z, 0, L(2), 4);
    expect(tolist(z)).toEqual([0, 0, 4]);
    expect(err(() => scatter(zeros([3]), 0, L(0), tensor([pyInt(1)])))).toEqual([
      'RuntimeError',
      'scatter(): Expected self.dtype to be equal to src.dtype'
    ]);
    expect(err(() => scatter(zeros([2, 3]), 1, tensor([[pyInt(5)]]), 1))).toEqual([
      'RuntimeError',
      'index 5 is out of bounds for dimension 1 with size 3'
    ]);
    expect(err(() => scatter_(zeros([3]), 0, tensor([[pyInt(0)]]), 2))).toEqual([
      'RuntimeError',
      'Index tensor must have the same number of dimensions as self tensor'
    ]);
  });
});

describe('masked_select / nonzero / item / tolist', () => {
  test('masked_select', () => {
    expect(tolist(maskedSelect(x23(), tensor([[true], [false]])))).toEqual([0, 1, 2]);
    expect(err(() => maskedSelect(x23(), L(1, 0, 1)))).toEqual([
      'RuntimeError',
      'masked_select: expected BoolTensor for mask'
    ]);
    expect(err(() => maskedSelect(x23(), B(true, false)))).toEqual([
      'RuntimeError',
      'The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1'
    ]);
  });
  test('nonzero', () => {
    const nz = nonzero(
      tensor([
        [pyInt(0), pyInt(1)],
        [pyInt(1), pyInt(0)]
      ])
    );
    expect(tolist(nz)).toEqual([
      [0, 1],
      [1, 0]
    ]);
    expect(nz.dtype).toBe('int64');
    expect(nonzero(m()).shape).toEqual([23, 3]);
    expect(nonzero(tensor(pyInt(0))).shape).toEqual([0, 0]);
    expect(nonzero(tensor(pyInt(2))).shape).toEqual([1, 0]);
    expect(nonzeroTuple(L(1, 0, 2)).map(t => tolist(t))).toEqual([[0, 2]]);
  });
  test('item', () => {
    expect(tensorItem(tensor(5))).toBe(5);
    expect(tensorItem(getItem(x23(), [I(1), I(2)]))).toBe(5);
    expect(err(() => tensorItem(x23()))).toEqual([
      'RuntimeError',
      'a Tensor with 6 elements cannot be converted to Scalar'
    ]);
    expect(err(() => tensorItem(zeros([0])))).toEqual([
      'RuntimeError',
      'a Tensor with 0 elements cannot be converted to Scalar'
    ]);
  });
  test('tolist', () => {
    expect(tolist(tensor(pyInt(3)))).toBe(3);
    expect(tolist(tensor([]))).toEqual([]);
    expect(tolist(tensor([0.1, 0.2]))).toEqual([0.10000000149011612, 0.20000000298023224]);
    expect(tolist(getItem(x23(), [S(), I(1)]))).toEqual([1, 4]);
    expect(tolist(zeros([2, 0]))).toEqual([[], []]);
  });
});
