// Expected shapes, strides and error texts come from PyTorch 2.13.0 CPU runs.
import {
  wrapDim,
  view,
  reshape,
  flatten,
  unflatten,
  squeeze,
  unsqueeze,
  transpose,
  t,
  permute,
  expand,
  expandAs,
  contiguous,
  clone,
  cat,
  stack,
  split,
  chunk,
  movedim,
  narrow,
  select,
  unbind,
  viewStrides,
  repeat,
  flip,
  numpyT,
  mT
} from '../../src/engine/shape';
import { arange, zeros, tensor, ones, empty } from '../../src/engine/creation';
import { pyInt } from '../../src/engine/elementwise';
import { tolist } from '../../src/engine/indexing';
import { Tensor } from '../../src/engine/tensor';
import { TorchError } from '../../src/engine/errors';

const x23 = () => view(arange(pyInt(6), undefined, undefined, { dtype: 'float32' }), [2, 3]);
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
const sameStorage = (a: Tensor, b: Tensor) => a.storage === b.storage;

describe('wrapDim', () => {
  test('ranges and error text', () => {
    expect(wrapDim(-1, 2)).toBe(1);
    expect(wrapDim(1, 2)).toBe(1);
    expect(err(() => wrapDim(2, 2))).toEqual([
      'IndexError',
      'Dimension out of range (expected to be in range of [-2, 1], but got 2)'
    ]);
    // 0-d tensors wrap as 1-d
    expect(wrapDim(-1, 0)).toBe(0);
    expect(err(() => wrapDim(1, 0))).toEqual([
      'IndexError',
      'Dimension out of range (expected to be in range of [-1, 0], but got 1)'
    ]);
  });
});

describe('view / reshape', () => {
  test('view infers -1 and shares storage', () => {
    const x = x23();
    const v = view(x, [3, -1]);
    expect(v.shape).toEqual([3, 2]);
    expect(v.strides).toEqual([2, 1]);
    expect(sameStorage(v, x)).toBe(true);
    v.storage[v.offset + 1] = 42;
    expect(x.at(1)).toBe(42);
  });
  test('view of a transposed tensor: allowed when strides permit', () => {
    const tt = t(x23());
    const v = view(tt, [3, 2]);
    expect(v.strides).toEqual([1, 3]);
    expect(err(() => view(tt, [6]))).toEqual([
      'RuntimeError',
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead."
    ]);
  });
  test('view errors', () => {
    const x = x23();
    expect(err(() => view(x, [4, 2]))).toEqual([
      'RuntimeError',
      "shape '[4, 2]' is invalid for input of size 6"
    ]);
    expect(err(() => view(x, [-1, -1]))).toEqual([
      'RuntimeError',
      'only one dimension can be inferred'
    ]);
    expect(err(() => view(x, [4, -1]))).toEqual([
      'RuntimeError',
      "shape '[4, -1]' is invalid for input of size 6"
    ]);
    expect(err(() => view(x, [-2, 3]))).toEqual([
      'RuntimeError',
      'invalid shape dimension -2 at index 0 of shape [-2, 3]'
    ]);
    expect(err(() => view(zeros([0, 3]), [-1, 0]))).toEqual([
      'RuntimeError',
      'cannot reshape tensor of 0 elements into shape [-1, 0] because the unspecified dimension size -1 can be any value and is ambiguous'
    ]);
    expect(view(zeros([0, 3]), [-1]).shape).toEqual([0]);
  });
  test('0-d views', () => {
    const z = tensor(5);
    expect(view(z, [-1]).shape).toEqual([1]);
    expect(view(z, [1, 1]).strides).toEqual([1, 1]);
  });
  test('reshape copies only when needed', () => {
    const x = x23();
    const r = reshape(x, [6]);
    expect(sameStorage(r, x)).toBe(true);
    const tt = t(x);
    const c = reshape(tt, [6]);
    expect(sameStorage(c, x)).toBe(false);
    expect(c.strides).toEqual([1]);
    expect(tolist(c)).toEqual([0, 3, 1, 4, 2, 5]);
    expect(err(() => reshape(x, [-1, 0]))).toEqual([
      'RuntimeError',
      "shape '[-1, 0]' is invalid for input of size 6"
    ]);
  });
  test('viewStrides merges chunks', () => {
    // zeros(3,4)[:, :2] is not viewable as 6
    expect(viewStrides([3, 2], [4, 1], [6])).toBeNull();
    expect(viewStrides([3, 2], [4, 1], [3, 2, 1])).toEqual([4, 1, 1]);
  });
});

describe('flatten / unflatten / squeeze / unsqueeze', () => {
  test('flatten', () => {
    const x = x23();
    expect(flatten(x).shape).toEqual([6]);
    expect(flatten(tensor(5)).shape).toEqual([1]);
    expect(flatten(tensor(5), 0, 0).shape).toEqual([1]);
    expect(flatten(t(zeros([4, 3])), 0, 0).shape).toEqual([3, 4]);
    expect(flatten(permute(zeros([2, 3, 4]), [2, 0, 1]), 1).strides).toEqual([1, 4]);
    expect(err(() => flatten(x, 2))).toEqual([
      'IndexError',
      'Dimension out of range (expected to be in range of [-2, 1], but got 2)'
    ]);
    expect(err(() => flatten(x, 1, 0))).toEqual([
      'RuntimeError',
      'flatten() has invalid args: start_dim cannot come after end_dim'
    ]);
  });
  test('unflatten', () => {
    const u = unflatten(x23(), 1, [3, 1]);
    expect(u.shape).toEqual([2, 3, 1]);
    expect(u.strides).toEqual([3, 1, 1]);
  });
  test('squeeze', () => {
    expect(squeeze(zeros([1, 3, 1])).strides).toEqual([1]);
    expect(squeeze(zeros([2, 1, 3]), 1).strides).toEqual([3, 1]);
    expect(squeeze(zeros([2, 3])).shape).toEqual([2, 3]);
    expect(squeeze(view(x23(), [2, 3, 1]), [0, 2]).shape).toEqual([2, 3]);
    expect(squeeze(tensor(5), 0).shape).toEqual([]);
    expect(err(() => squeeze(x23(), 5))).toEqual([
      'IndexError',
      'Dimension out of range (expected to be in range of [-2, 1], but got 5)'
    ]);
  });
  test('unsqueeze strides as PyTorch', () => {
    const z = zeros([2, 3]);
    expect(unsqueeze(z, -1).strides).toEqual([3, 1, 1]);
    expect(unsqueeze(z, 1).strides).toEqual([3, 3, 1]);
    expect(unsqueeze(z, 0).strides).toEqual([6, 3, 1]);
    expect(unsqueeze(t(zeros([3, 2])), 1).strides).toEqual([1, 6, 2]);
    expect(unsqueeze(zeros([2, 0, 3]), 1).strides).toEqual([3, 0, 3, 1]);
    expect(unsqueeze(tensor(5), 0).shape).toEqual([1]);
    expect(err(() => unsqueeze(z, 3))).toEqual([
      'IndexError',
      'Dimension out of range (expected to be in range of [-3, 2], but got 3)'
    ]);
    expect(err(() => unsqueeze(tensor(5), 1))).toEqual([
      'IndexError',
      'Dimension out of range (expected to be in range of [-1, 0], but got 1)'
    ]);
  });
});

describe('transpose / t / permute / movedim', () => {
  test('t and transpose are views', () => {
    const x = x23();
    const y = t(x);
    expect(y.shape).toEqual([3, 2]);
    expect(y.strides).toEqual([1, 3]);
    y.storage[y.offset + y.strides[0] * 2] = -1; // y[2,0] is x[0,2]
    expect(tolist(x)).toEqual([
      [0, 1, -1],
      [3, 4, 5]
    ]);
    expect(t(tensor(5)).shape).toEqual([]);
    expect(transpose(tensor(5), 0, -1).shape).toEqual([]);
    expect(err(() => t(zeros([2, 3, 4])))).toEqual([
      'RuntimeError',
      't() expects a tensor with <= 2 dimensions, but self is 3D'
    ]);
    expect(err(() => transpose(x, 0, 4))).toEqual([
      'IndexError',
      'Dimension out of range (expected to be in range of [-2, 1], but got 4)'
    ]);
  });
  test('permute', () => {
    const p = permute(zeros([2, 3, 4]), [2, 0, 1]);
    expect(p.shape).toEqual([4, 2, 3]);
    expect(p.strides).toEqual([1, 12, 4]);
    expect(err(() => permute(x23(), [0, 1, 2]))).toEqual([
      'RuntimeError',
      'permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = 2 is not equal to len(dims) = 3'
    ]);
    expect(err(() => permute(x23(), [0, 0]))).toEqual([
      'RuntimeError',
      'permute(): duplicate dims are not allowed.'
    ]);
  });
  test('movedim', () => {
    expect(movedim(zeros([2, 3]), 0, 1).strides).toEqual([1, 3]);
    expect(movedim(zeros([2, 3, 4]), [0, 1], [2, 0]).shape).toEqual([3, 4, 2]);
    expect(err(() => movedim(x23(), 0, 2))).toEqual([
      'IndexError',
      'Dimension out of range (expected to be in range of [-2, 1], but got 2)'
    ]);
  });
});

describe('expand', () => {
  test('stride 0 and -1', () => {
    const x = x23();
    const e = expand(x, [3, -1, 3]);
    expect(e.shape).toEqual([3, 2, 3]);
    expect(e.strides).toEqual([0, 3, 1]);
    expect(expand(ones([3]), [2, -1]).strides).toEqual([0, 1]);
    expect(expand(zeros([2, 1]), [2, 4]).strides).toEqual([1, 0]);
    expect(expandAs(ones([3]), zeros([2, 3])).shape).toEqual([2, 3]);
    expect(sameStorage(e, x)).toBe(true);
  });
  test('errors', () => {
    const x = x23();
    expect(err(() => expand(x, [3]))).toEqual([
      'RuntimeError',
      'expand(torch.FloatTensor{[2, 3]}, size=[3]): the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)'
    ]);
    expect(err(() => expand(x, [2, 4]))).toEqual([
      'RuntimeError',
      'The expanded size of the tensor (4) must match the existing size (3) at non-singleton dimension 1.  Target sizes: [2, 4].  Tensor sizes: [2, 3]'
    ]);
    expect(err(() => expand(x, [-1, -1, 3]))).toEqual([
      'RuntimeError',
      "The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension 0"
    ]);
  });
});

describe('contiguous / clone', () => {
  test('contiguous returns self when contiguous, copies otherwise', () => {
    const x = x23();
    expect(contiguous(x)).toBe(x);
    const c = contiguous(transpose(x, 0, 1));
    expect(c.strides).toEqual([2, 1]);
    expect(tolist(c)).toEqual([
      [0, 3],
      [1, 4],
      [2, 5]
    ]);
    const k = clone(x);
    k.storage[0] = 9;
    expect(x.at(0)).toBe(0);
  });
  test('clone preserves strides like PyTorch (memory_format=preserve)', () => {
    const x = zeros([4, 6]);
    expect(clone(t(x)).strides).toEqual([1, 6]);
    const sl = (a: Tensor, d: number, step: number) => {
      const st = [...a.strides];
      st[d] *= step;
      const sh = [...a.shape];
      sh[d] = Math.ceil(sh[d] / step);
      return new Tensor(a.storage, sh, st, a.offset, a.dtype);
    };
    expect(clone(sl(t(x), 1, 2)).strides).toEqual([1, 6]); // x.t()[:, ::2]
    expect(clone(sl(t(x), 0, 2)).strides).toEqual([1, 3]); // x.t()[::2]
    expect(clone(expand(zeros([3, 1]), [3, 4])).strides).toEqual([4, 1]);
    expect(clone(permute(zeros([2, 3, 4]), [2, 0, 1])).strides).toEqual([1, 12, 4]);
    expect(clone(narrow(permute(zeros([2, 3, 4]), [2, 0, 1]), 2, 1, 2)).strides).toEqual([1, 8, 4]);
    expect(clone(permute(zeros([2, 1, 4]), [2, 0, 1])).strides).toEqual([1, 4, 4]);
    expect(contiguous(t(x)).strides).toEqual([4, 1]);
    const r = clone(t(view(arange(pyInt(6)), [2, 3])));
    expect(tolist(r)).toEqual([
      [0, 3],
      [1, 4],
      [2, 5]
    ]);
  });
});

describe('cat / stack', () => {
  test('cat values, promotion and empties', () => {
    const x = x23();
    const c = cat([x, zeros([3, 3])]);
    expect(c.shape).toEqual([5, 3]);
    expect(tolist(c)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0]
    ]);
    expect(cat([x, zeros([0])]).shape).toEqual([2, 3]);
    expect(cat([zeros([0]), zeros([2, 3])], 1).shape).toEqual([2, 3]);
    expect(cat([x, x], -1).shape).toEqual([2, 6]);
    expect(tolist(cat([x, x], 1))).toEqual([
      [0, 1, 2, 0, 1, 2],
      [3, 4, 5, 3, 4, 5]
    ]);
    const m = cat([ones([2], { dtype: 'int64' }), ones([2])]);
    expect(m.dtype).toBe('float32');
    expect(cat([ones([2], { dtype: 'bool' }), ones([2], { dtype: 'int32' })]).dtype).toBe('int32');
  });
  test('cat errors', () => {
    const x = x23();
    expect(err(() => cat([]))).toEqual([
      'ValueError',
      'torch.cat(): expected a non-empty list of Tensors'
    ]);
    expect(err(() => cat([x, zeros([3, 3])], 1))).toEqual([
      'RuntimeError',
      'Sizes of tensors must match except in dimension 1. Expected size 2 but got size 3 for tensor number 1 in the list.'
    ]);
    expect(err(() => cat([tensor(5), tensor(5)]))).toEqual([
      'RuntimeError',
      'zero-dimensional tensor (at position 0) cannot be concatenated'
    ]);
    expect(err(() => cat([x, zeros([2])]))).toEqual([
      'RuntimeError',
      'Tensors must have same number of dimensions: got 2 and 1'
    ]);
    expect(err(() => cat([x, x], 2))).toEqual([
      'IndexError',
      'Dimension out of range (expected to be in range of [-2, 1], but got 2)'
    ]);
  });
  test('stack', () => {
    const x = x23();
    const s = stack([x, x], -1);
    expect(s.shape).toEqual([2, 3, 2]);
    expect(s.strides).toEqual([6, 2, 1]);
    expect(tolist(s)).toEqual([
      [
        [0, 0],
        [1, 1],
        [2, 2]
      ],
      [
        [3, 3],
        [4, 4],
        [5, 5]
      ]
    ]);
    expect(stack([ones([2], { dtype: 'int64' }), ones([2])]).dtype).toBe('float32');
    expect(err(() => stack([]))).toEqual(['RuntimeError', 'stack expects a non-empty TensorList']);
    expect(err(() => stack([zeros([2]), zeros([3])]))).toEqual([
      'RuntimeError',
      'stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1'
    ]);
    expect(err(() => stack([x, x], 3))).toEqual([
      'IndexError',
      'Dimension out of range (expected to be in range of [-3, 2], but got 3)'
    ]);
  });
});

describe('split / chunk / narrow / select / unbind', () => {
  test('split and chunk are views', () => {
    const x = x23();
    expect(split(zeros([2, 3, 4]), 2, 1)[1].shape).toEqual([2, 1, 4]);
    const parts = split(arange(pyInt(5)), [2, 3]);
    expect(parts.map(p => tolist(p))).toEqual([
      [0, 1],
      [2, 3, 4]
    ]);
    expect(sameStorage(parts[1], parts[0])).toBe(true);
    expect(chunk(zeros([5]), 3)[2].shape).toEqual([1]);
    expect(chunk(zeros([6]), 4).length).toBe(3);
    expect(chunk(zeros([0]), 3).length).toBe(3);
    expect(split(zeros([0, 2]), 2).map(p => p.shape)).toEqual([[0, 2]]);
    expect(split(zeros([5]), 2).length).toBe(3);
    expect(split(zeros([5]), 10)[0].shape).toEqual([5]);
    expect(cat([zeros([2, 3]), zeros([2, 0])], 1).shape).toEqual([2, 3]);
    expect(err(() => cat([zeros([2, 3]), zeros([0, 3])], 1))).toEqual([
      'RuntimeError',
      'Sizes of tensors must match except in dimension 1. Expected size 2 but got size 0 for tensor number 1 in the list.'
    ]);
    expect(err(() => split(zeros([5]), [2, 2]))).toEqual([
      'RuntimeError',
      "split_with_sizes expects split_sizes to sum exactly to 5 (input tensor's size at dimension 0), but got split_sizes=[2, 2]"
    ]);
    expect(err(() => split(x, 0))).toEqual([
      'RuntimeError',
      'split_size can only be 0 if dimension size is 0, but got dimension size of 2'
    ]);
    expect(err(() => chunk(x, 0))).toEqual([
      'RuntimeError',
      'chunk expects `chunks` to be greater than 0, got: 0'
    ]);
  });
  test('narrow / select / unbind', () => {
    const x = x23();
    const n = narrow(x, 1, 1, 2);
    expect(n.offset).toBe(1);
    expect(tolist(n)).toEqual([
      [1, 2],
      [4, 5]
    ]);
    expect(tolist(select(x, 1, -1))).toEqual([2, 5]);
    expect(unbind(x).map(r => tolist(r))).toEqual([
      [0, 1, 2],
      [3, 4, 5]
    ]);
    expect(empty([2]).shape).toEqual([2]);
  });
});

describe('repeat / flip / T / mT', () => {
  test('repeat', () => {
    expect(tolist(repeat(x23(), [2, 1, 2]))).toEqual([
      [
        [0, 1, 2, 0, 1, 2],
        [3, 4, 5, 3, 4, 5]
      ],
      [
        [0, 1, 2, 0, 1, 2],
        [3, 4, 5, 3, 4, 5]
      ]
    ]);
    expect(tolist(repeat(arange(pyInt(3)), [2]))).toEqual([0, 1, 2, 0, 1, 2]);
    expect(repeat(zeros([2, 3]), [2, 1, 1]).shape).toEqual([2, 2, 3]);
    expect(err(() => repeat(x23(), [2]))).toEqual([
      'RuntimeError',
      'Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor'
    ]);
  });
  test('flip', () => {
    const f = flip(x23(), [0]);
    expect(tolist(f)).toEqual([
      [3, 4, 5],
      [0, 1, 2]
    ]);
    expect(f.strides).toEqual([3, 1]);
    expect(tolist(flip(x23(), [0, -1]))).toEqual([
      [5, 4, 3],
      [2, 1, 0]
    ]);
    expect(flip(t(x23()), [0]).strides).toEqual([1, 3]);
    expect(err(() => flip(arange(pyInt(3)), [1]))).toEqual([
      'IndexError',
      'Dimension out of range (expected to be in range of [-1, 0], but got 1)'
    ]);
    expect(err(() => flip(arange(pyInt(3)), [0, 0]))).toEqual([
      'RuntimeError',
      'dim 0 appears multiple times in the list of dims'
    ]);
  });
  test('T and mT', () => {
    expect(numpyT(x23()).shape).toEqual([3, 2]);
    expect(numpyT(zeros([1, 2, 3])).shape).toEqual([3, 2, 1]);
    expect(mT(zeros([2, 3, 4])).shape).toEqual([2, 4, 3]);
    expect(err(() => mT(zeros([3])))).toEqual([
      'RuntimeError',
      'tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.'
    ]);
  });
});
