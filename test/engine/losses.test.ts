/** Unit tests for src/engine/losses.ts; expected values from PyTorch 2.13 CPU. */
import { Tensor } from '../../src/engine/tensor';
import { DType } from '../../src/engine/dtype';
import { TorchError, setWarningHandler } from '../../src/engine/errors';
import {
  crossEntropy,
  nllLoss,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  klDiv,
  checkReduction,
  legacyReduction
} from '../../src/engine/losses';
import { logSoftmax, softmax } from '../../src/engine/softmax';

import { T } from './helpers';
const L = (rows: number[] | number): Tensor => T(rows, 'int64');
const list = (t: Tensor): number[] => Array.from(t.contiguous().storage.subarray(t.offset, t.offset + t.numel));
const X = (): Tensor => T([[1, 2, 3], [3, 1, 2]]);
const W = (): Tensor => T([1, 2, 3]);
const tg = (): Tensor => L([2, 0]);
const close = (got: Tensor, want: number[]): void => {
  const g = list(got);
  expect(g.length).toBe(want.length);
  g.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-5 + 1.3e-6 * Math.abs(want[i])));
};

function expectError(f: () => unknown, pyType: string, message: string): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TorchError);
    expect(`${(e as TorchError).pyType}: ${(e as TorchError).message}`).toBe(`${pyType}: ${message}`);
    return;
  }
  throw new Error('expected an error');
}

let warnings: string[] = [];
beforeEach(() => {
  warnings = [];
  setWarningHandler((m, c) => warnings.push(`${c}: ${m}`));
});

describe('cross_entropy, class-index targets', () => {
  test('default mean is bit-exact: 0.40760600566864014', () => {
    const l = crossEntropy(X(), tg());
    expect(l.shape).toEqual([]);
    expect(list(l)).toEqual([0.40760600566864014]);
  });
  test('reductions', () => {
    expect(list(crossEntropy(X(), tg(), { reduction: 'none' }))).toEqual([0.40760594606399536, 0.4076060354709625]);
    expect(list(crossEntropy(X(), tg(), { reduction: 'sum' }))).toEqual([0.8152120113372803]);
  });
  test('weights', () => {
    expect(list(crossEntropy(X(), tg(), { weight: W() }))).toEqual([0.40760597586631775]);
    expect(list(crossEntropy(X(), tg(), { weight: W(), reduction: 'none' }))).toEqual([1.2228178977966309, 0.4076060354709625]);
  });
  test('label smoothing', () => {
    close(crossEntropy(X(), tg(), { label_smoothing: 0.1 }), [0.507606029510498]);
    close(crossEntropy(X(), tg(), { label_smoothing: 0.1, weight: W() }), [0.4992726445198059]);
    expect(list(crossEntropy(X(), tg(), { label_smoothing: -0.1 }))).toEqual([0.40760600566864014]); // silently 0
  });
  test('ignore_index, all ignored, empty batch', () => {
    expect(list(crossEntropy(X(), L([2, -100])))).toEqual([0.40760594606399536]);
    expect(list(crossEntropy(X(), L([2, -100]), { reduction: 'none' }))).toEqual([0.40760594606399536, 0]);
    expect(Number.isNaN(list(crossEntropy(X(), L([-100, -100])))[0])).toBe(true);
    expect(list(crossEntropy(X(), L([-100, -100]), { reduction: 'sum' }))).toEqual([0]);
    expect(Number.isNaN(list(crossEntropy(Tensor.empty([0, 3]), Tensor.empty([0], 'int64')))[0])).toBe(true);
    expect(list(nllLoss(X(), L([255, 2]), { ignore_index: 255 }))).toEqual([-2]);
  });
  test('unbatched (C,) input with a 0-d or (1,) target', () => {
    const x = T([1, 2, 3]);
    expect(list(crossEntropy(x, L(2)))).toEqual([0.40760594606399536]);
    expect(crossEntropy(x, L(2), { reduction: 'none' }).shape).toEqual([]);
  });
  test('K-dim input (N, C, d1)', () => {
    const x = Tensor.empty([1, 3, 2]);
    [1, 0, 2, 1, 3, 5].forEach((v, i) => (x.storage[i] = v));
    const l = crossEntropy(x, Tensor.fromStorage(new Float64Array([2, 1]), [1, 2], 'int64'), { reduction: 'none' });
    expect(l.shape).toEqual([1, 2]);
    close(l, [0.40760594606399536, 4.024744987487793]);
  });
  test('-inf logit at the target gives inf', () => {
    expect(list(crossEntropy(T([[-Infinity, 1, 2]]), L([0])))).toEqual([Infinity]);
  });
});

describe('cross_entropy, probability targets', () => {
  const P = (): Tensor => T([[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]]);
  test('values (mean divides by N, not by Σw)', () => {
    close(crossEntropy(X(), P()), [0.982606053352356]);
    close(crossEntropy(X(), P(), { reduction: 'none' }), [0.8076059222221375, 1.1576060056686401]);
    close(crossEntropy(X(), P(), { label_smoothing: 0.1 }), [1.0251059532165527]);
    close(crossEntropy(X(), P(), { weight: W() }), [2.0615429878234863]);
  });
  test('one-hot target equals the index target', () => {
    close(crossEntropy(X(), T([[0, 0, 1], [1, 0, 0]])), [0.40760600566864014]);
  });
  test('float64 target promotes the result', () => {
    expect(crossEntropy(X(), T([[0, 0, 1], [1, 0, 0]], 'float64')).dtype).toBe('float64');
  });
});

describe('cross_entropy / nll_loss errors', () => {
  test('texts match torch 2.13', () => {
    expectError(() => crossEntropy(X(), L([2, 3])), 'IndexError', 'Target 3 is out of bounds.');
    expectError(() => nllLoss(X(), L([2, -1])), 'IndexError', 'Target -1 is out of bounds.');
    expectError(() => crossEntropy(X(), L([2, 0, 1])), 'ValueError', 'Expected input batch_size (2) to match target batch_size (3).');
    expectError(() => crossEntropy(X(), T([[2, 0], [1, 1]], 'int64')), 'RuntimeError', '0D or 1D target tensor expected, multi-target not supported');
    expectError(
      () => crossEntropy(X(), tg(), { weight: T([1, 2]) }),
      'RuntimeError',
      'weight tensor should be defined either for all 3 classes or no classes but got weight tensor of shape: [2]'
    );
    expectError(() => crossEntropy(X(), tg(), { reduction: 'avg' }), 'ValueError', 'avg is not a valid value for reduction');
    expectError(() => crossEntropy(X(), tg(), { label_smoothing: 1.5 }), 'RuntimeError', 'label_smoothing must be between 0.0 and 1.0. Got: 1.5');
    expectError(() => crossEntropy(X(), softmax(X(), 1), { label_smoothing: 2 }), 'RuntimeError', 'label_smoothing must be between 0.0 and 1.0. Got: 2');
    expectError(() => crossEntropy(X(), softmax(X(), 1), { ignore_index: 1 }), 'RuntimeError', 'ignore_index is not supported for floating point target');
    expectError(() => crossEntropy(X(), T([2, 0])), 'RuntimeError', 'expected target dtype to be Long or Byte, but got Float');
    expectError(() => crossEntropy(X(), T([2, 0], 'int32')), 'RuntimeError', 'expected target dtype to be Long or Byte, but got Int');
    expectError(() => crossEntropy(T(1), L(0)), 'RuntimeError', 'Expected floating point type for target with class probabilities, got Long');
    expectError(() => crossEntropy(T([[1, 2, 3]], 'int64'), L([0])), 'NotImplementedError', `"log_softmax_lastdim_kernel_impl" not implemented for 'Long'`);
    expectError(() => nllLoss(T([[1, 2, 3]], 'int64'), L([0])), 'NotImplementedError', `"nll_loss_out_frame" not implemented for 'Long'`);
    expectError(() => nllLoss(T(0), L(0)), 'ValueError', 'Expected 1 or more dimensions (got 0)');
    expectError(() => nllLoss(X(), tg(), { weight: T([1, 2, 3], 'float64') }), 'RuntimeError', 'expected scalar type Float but found Double');
    expectError(() => crossEntropy(Tensor.empty([2, 3, 4]), Tensor.empty([2, 5], 'int64')), 'RuntimeError', 'Expected target size [2, 4], got [2, 5]');
  });
});

describe('nll_loss', () => {
  test('on log-probabilities equals cross_entropy; on raw logits it is legal but wrong', () => {
    expect(list(nllLoss(logSoftmax(X(), 1), tg()))).toEqual([0.40760600566864014]);
    expect(list(nllLoss(X(), tg()))).toEqual([-3]);
  });
  test('zero total weight gives nan mean, 0 sum', () => {
    expect(Number.isNaN(list(nllLoss(X(), tg(), { weight: T([0, 0, 0]) }))[0])).toBe(true);
    expect(list(nllLoss(X(), tg(), { weight: T([0, 0, 0]), reduction: 'sum' }))).toEqual([0]);
  });
  test('gradFn names', () => {
    const x = X();
    x.requiresGrad = true;
    expect(crossEntropy(x, tg()).gradFn).toBe('NllLossBackward0');
    expect(crossEntropy(x, tg(), { label_smoothing: 0.1 }).gradFn).toBe('AddBackward0');
    expect(nllLoss(x, tg()).gradFn).toBe('NllLossBackward0');
    expect(crossEntropy(X(), tg()).gradFn).toBeNull();
  });
});

describe('binary_cross_entropy', () => {
  const p = (): Tensor => T([0.2, 0.7, 1.0]);
  const y = (): Tensor => T([0, 1, 1]);
  test('values; log clamped at -100', () => {
    close(binaryCrossEntropy(p(), y()), [0.19327284395694733]);
    const n = list(binaryCrossEntropy(p(), y(), { reduction: 'none' }));
    // torch's float log is 1 ulp off the correctly rounded value at 0.2 (0.2231435626745224)
    close(T(n.slice(0, 2)), [0.2231435626745224, 0.3566749691963196]);
    expect(Object.is(n[2], -0)).toBe(true);
    expect(list(binaryCrossEntropy(T([0, 1]), T([1, 0])))).toEqual([100]);
  });
  test('errors', () => {
    expectError(() => binaryCrossEntropy(T([1.5, 0.2]), T([1, 0])), 'RuntimeError', 'all elements of input should be between 0 and 1');
    expectError(() => binaryCrossEntropy(T([NaN, 0.2]), T([1, 0])), 'RuntimeError', 'all elements of input should be between 0 and 1');
    expectError(() => binaryCrossEntropy(T([0.5]), T([2])), 'RuntimeError', 'all elements of target should be between 0 and 1');
    expectError(
      () => binaryCrossEntropy(p(), T([0, 1])),
      'ValueError',
      'Using a target size (torch.Size([2])) that is different to the input size (torch.Size([3])) is deprecated. Please ensure they have the same size.'
    );
    expectError(() => binaryCrossEntropy(p(), T([0, 1, 1], 'int64')), 'RuntimeError', 'Found dtype Long but expected Float');
    expectError(
      () => binaryCrossEntropy(p(), y(), { weight: T([1, 1]) }),
      'RuntimeError',
      'Attempting to broadcast a dimension of length 2 at -1! Mismatching argument at index 1 had torch.Size([2]); but expected shape should be broadcastable to [3]'
    );
  });
});

describe('binary_cross_entropy_with_logits', () => {
  test('pos_weight values and stability at ±100', () => {
    close(binaryCrossEntropyWithLogits(T([1, -2, 3]), T([0, 1, 1]), { pos_weight: T([2, 2, 2]), reduction: 'none' }), [
      1.3132617473602295, 4.253856182098389, 0.09717470407485962
    ]);
    expect(list(binaryCrossEntropyWithLogits(T([100, -100]), T([0, 1])))).toEqual([100]);
  });
  test('errors', () => {
    expectError(() => binaryCrossEntropyWithLogits(T([1, 2, 3]), T([0, 1])), 'ValueError', 'Target size (torch.Size([2])) must be the same as input size (torch.Size([3]))');
    expectError(() => binaryCrossEntropyWithLogits(T([1, 2, 3]), T([0, 1, 1], 'int64')), 'RuntimeError', "result type Float can't be cast to the desired output type Long");
    expectError(() => binaryCrossEntropyWithLogits(T([1, 2, 3], 'int64'), T([0, 1, 1])), 'NotImplementedError', `"log_sigmoid_cpu" not implemented for 'Long'`);
    expectError(
      () => binaryCrossEntropyWithLogits(T([1, 2, 3]), T([0, 1, 1]), { pos_weight: T([1, 1]) }),
      'RuntimeError',
      'The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0'
    );
  });
});

describe('kl_div', () => {
  const lp = (): Tensor => logSoftmax(X(), 1);
  const q = (): Tensor => softmax(T([[0, 1, 2], [2, 2, 0]]), 1);
  test('batchmean and sum; mean warns', () => {
    close(klDiv(lp(), q(), { reduction: 'batchmean' }), [0.261112242937088]);
    close(klDiv(lp(), q(), { reduction: 'sum' }), [0.522224485874176]);
    expect(warnings).toEqual([]);
    klDiv(lp(), q());
    expect(warnings).toEqual([
      "UserWarning: reduction: 'mean' divides the total loss by both the batch size and the support size.'batchmean' divides only by the batch size, and aligns with the KL div math definition.'mean' will be changed to behave the same as 'batchmean' in the next major release."
    ]);
  });
  test('xlogy semantics and log_target', () => {
    const n = list(klDiv(X(), T([[0, 1, -1], [0, 0, 0]]), { reduction: 'none' }));
    expect(n.slice(0, 2)).toEqual([0, -2]);
    expect(Number.isNaN(n[2])).toBe(true);
    close(klDiv(X(), T([[0, 1, -1], [0, 0, 0]]), { reduction: 'none', log_target: true }), [-1, -Math.E, -4 / Math.E, -3, -1, -2]);
  });
  test('errors', () => {
    expectError(() => klDiv(X(), T([[1, 2, 3], [3, 1, 2]], 'int64')), 'RuntimeError', 'kl_div: Integral inputs not supported.');
    expectError(() => klDiv(X(), X(), { reduction: 'x' }), 'ValueError', 'x is not a valid value for reduction');
  });
});

describe('reduction helpers', () => {
  test('checkReduction and the legacy size_average/reduce mapping', () => {
    expect(checkReduction(undefined)).toBe('mean');
    expect(legacyReduction(false, null)).toBe('sum');
    expect(warnings).toEqual(["UserWarning: size_average and reduce args will be deprecated, please use reduction='sum' instead."]);
    expect(legacyReduction(null, false)).toBe('none');
    expect(legacyReduction(true, true)).toBe('mean');
  });
});
