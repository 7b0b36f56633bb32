/**
 * binary_cross_entropy, binary_cross_entropy_with_logits and kl_div with PyTorch
 * 2.13 semantics and error texts; float32 rounded step by step like torch's kernels.
 */
import { isFloating, promoteTypes, scalarTypeName } from './dtype';
import { TorchError, runtimeError, valueError, warn } from './errors';
import { Tensor } from './tensor';
import { broadcastShapes } from './broadcast';
import { logSigmoidValue } from './softmax';
import { castTensor } from './iterate';
import { checkReduction, expandFlat, flat, fr, rnd, withGrad, reduceValues, sameShape, sizeStr } from './loss_common';

// ---------------------------------------------------------------------------
// binary cross entropy

export interface BceOptions {
  weight?: Tensor | null;
  reduction?: string;
}

export interface BceLogitsOptions extends BceOptions {
  pos_weight?: Tensor | null;
}

/** `_infer_size` used to expand a BCE weight, with its error text. */
function inferWeightShape(targetShape: number[], wShape: number[]): number[] {
  const n = Math.max(targetShape.length, wShape.length);
  const out: number[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const off = n - 1 - i;
    const a = targetShape.length - 1 - off >= 0 ? targetShape[targetShape.length - 1 - off] : 1;
    const b = wShape.length - 1 - off >= 0 ? wShape[wShape.length - 1 - off] : 1;
    if (a !== b && a !== 1 && b !== 1) {
      throw runtimeError(
        `Attempting to broadcast a dimension of length ${b} at ${-1 - off}! Mismatching argument at index 1 had ${sizeStr(wShape)}; but expected shape should be broadcastable to [${targetShape.join(', ')}]`
      );
    }
    out.unshift(a === 1 ? b : a);
  }
  return out;
}

/** F.binary_cross_entropy: log terms clamped at −100, input/target checked in [0, 1]. */
export function binaryCrossEntropy(input: Tensor, target: Tensor, opts: BceOptions = {}): Tensor {
  const reduction = checkReduction(opts.reduction);
  if (!sameShape(input.shape, target.shape)) {
    throw valueError(
      `Using a target size (${sizeStr(target.shape)}) that is different to the input size (${sizeStr(input.shape)}) is deprecated. Please ensure they have the same size.`
    );
  }
  const weight = opts.weight ?? null;
  const shape = weight ? inferWeightShape(target.shape, weight.shape) : input.shape;
  if (target.dtype !== input.dtype) {
    throw runtimeError(`Found dtype ${scalarTypeName(target.dtype)} but expected ${scalarTypeName(input.dtype)}`);
  }
  const dtype = input.dtype;
  if (!isFloating(dtype)) {
    throw new TorchError('NotImplementedError', `"binary_cross_entropy" not implemented for '${scalarTypeName(dtype)}'`);
  }
  const xf = expandFlat(input, shape);
  const tf = expandFlat(target, shape);
  const wf = weight ? expandFlat(weight, shape) : null;
  const f64 = dtype === 'float64';
  const r = (v: number): number => (f64 ? v : fr(v));
  const vals = new Float64Array(xf.length);
  for (let i = 0; i < xf.length; i++) {
    const x = xf[i];
    const t = tf[i];
    if (!(x >= 0 && x <= 1)) throw runtimeError('all elements of input should be between 0 and 1');
    if (!(t >= 0 && t <= 1)) throw runtimeError('all elements of target should be between 0 and 1');
    const l1 = Math.max(r(Math.log1p(-x)), -100);
    const l0 = Math.max(r(Math.log(x)), -100);
    let v = r(r(r(t - 1) * l1) - r(t * l0));
    if (wf) v = r(v * wf[i]);
    vals[i] = v;
  }
  return withGrad(reduceValues(vals, dtype, reduction, shape), [input, weight], 'BinaryCrossEntropyBackward0');
}

/** F.binary_cross_entropy_with_logits: (1 − t)·x − lw·logsigmoid(x), lw = 1 + (pos_weight − 1)·t. */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, opts: BceLogitsOptions = {}): Tensor {
  const reduction = checkReduction(opts.reduction);
  if (!sameShape(input.shape, target.shape)) {
    throw valueError(`Target size (${sizeStr(target.shape)}) must be the same as input size (${sizeStr(input.shape)})`);
  }
  if (!isFloating(input.dtype)) {
    throw new TorchError('NotImplementedError', `"log_sigmoid_cpu" not implemented for '${scalarTypeName(input.dtype)}'`);
  }
  const pw = opts.pos_weight ?? null;
  const weight = opts.weight ?? null;
  let shape = input.shape;
  if (pw) {
    const lwShape = broadcastShapes(pw.shape, target.shape);
    // log_sigmoid(input).mul_(log_weight) is in place: the result keeps input's shape.
    const b = broadcastShapes(input.shape, lwShape);
    if (!sameShape(b, input.shape)) throw runtimeError(`output with shape [${input.shape.join(', ')}] doesn't match the broadcast shape [${b.join(', ')}]`);
  }
  let dtype = promoteTypes(input.dtype, target.dtype);
  if (!isFloating(target.dtype) && !isFloating(dtype)) dtype = input.dtype;
  if (!isFloating(target.dtype)) {
    throw runtimeError(`result type Float can't be cast to the desired output type ${scalarTypeName(target.dtype)}`);
  }
  if (weight) {
    const b = broadcastShapes(shape, weight.shape);
    if (!sameShape(b, shape)) throw runtimeError(`output with shape [${shape.join(', ')}] doesn't match the broadcast shape [${b.join(', ')}]`);
  }
  if (pw) dtype = promoteTypes(dtype, pw.dtype);
  shape = [...shape];
  const xf = flat(input);
  const tf = flat(target);
  const pf = pw ? expandFlat(pw, shape) : null;
  const wf = weight ? expandFlat(weight, shape) : null;
  const f64 = dtype === 'float64';
  const r = (v: number): number => (f64 ? v : fr(v));
  const vals = new Float64Array(xf.length);
  for (let i = 0; i < xf.length; i++) {
    const x = xf[i];
    const t = tf[i];
    let ls = logSigmoidValue(x, input.dtype === 'float64');
    if (pf) ls = r(ls * r(r(r(pf[i] - 1) * t) + 1));
    let v = r(r(r(1 - t) * x) - ls);
    if (wf) v = r(v * wf[i]);
    vals[i] = v;
  }
  return withGrad(reduceValues(vals, dtype, reduction, shape), [input, weight, pw], 'BinaryCrossEntropyWithLogitsBackward0');
}

// ---------------------------------------------------------------------------
// kl_div

export interface KlDivOptions {
  reduction?: string;
  log_target?: boolean;
}

const KL_MEAN_WARNING =
  "reduction: 'mean' divides the total loss by both the batch size and the support size." +
  "'batchmean' divides only by the batch size, and aligns with the KL div math definition." +
  "'mean' will be changed to behave the same as 'batchmean' in the next major release.";

/** F.kl_div(input, target, reduction='mean', log_target=False); input holds log-probabilities. */
export function klDiv(input: Tensor, target: Tensor, opts: KlDivOptions = {}): Tensor {
  const red = opts.reduction ?? 'mean';
  if (red === 'mean') warn(KL_MEAN_WARNING, 'UserWarning');
  const reduction = red === 'batchmean' ? 'sum' : checkReduction(red);
  if (!isFloating(input.dtype) || !isFloating(target.dtype)) throw runtimeError('kl_div: Integral inputs not supported.');
  const shape = broadcastShapes(target.shape, input.shape);
  const dtype = promoteTypes(input.dtype, target.dtype);
  const f64 = dtype === 'float64';
  const r = (v: number): number => (f64 ? v : rnd(dtype, v));
  const xf = expandFlat(castTensor(input, dtype), shape);
  const tf = expandFlat(castTensor(target, dtype), shape);
  const vals = new Float64Array(xf.length);
  for (let i = 0; i < xf.length; i++) {
    const x = xf[i];
    const t = tf[i];
    if (opts.log_target) vals[i] = r(r(Math.exp(t)) * r(t - x));
    else {
      const xl = t === 0 ? 0 : t !== t ? NaN : r(t * r(Math.log(t))); // xlogy(t, t)
      vals[i] = r(xl - r(t * x));
    }
  }
  let out = reduceValues(vals, dtype, reduction, shape);
  if (red === 'batchmean' && input.ndim !== 0) out = Tensor.scalar(out.storage[0] / input.shape[0], dtype);
  return withGrad(out, [input, target], red === 'batchmean' && input.ndim !== 0 ? 'DivBackward0' : 'KlDivBackward0');
}
