/**
 * The softmax family over Tensors: softmax, log_softmax, softmin, logsumexp,
 * sigmoid, logsigmoid, gumbel_softmax — with PyTorch 2.13's dim rules, dtype
 * rules, special values and error texts (reference/pytorch-numerics.md §1).
 */
import { tickDeadline } from './deadline';
import { DType, isFloating, scalarTypeName, castValue } from './dtype';
import { TorchError, runtimeError, valueError, warn } from './errors';
import { wrapDim } from './shape';
import { Tensor, numelOf } from './tensor';
import * as K from './kernels/softmax_rows';
import { fastLogsumexp, fastSoftmax } from './wasm/ops';
import type { Generator } from './random';

const fr = Math.fround;

export interface SoftmaxOptions {
  /** Cast the input to this dtype before the op (PyTorch's `dtype=`). */
  dtype?: DType | null;
}

/** PyTorch's dim wrapping (shape.ts) with its IndexError text; a 0-d tensor accepts 0 and −1. */
const wrapSoftmaxDim = wrapDim;

/**
 * `_get_softmax_dim`: the dim F.softmax/log_softmax/softmin and nn.Softmax use when
 * dim=None (0 for ndim 0, 1, 3; else 1). Always warns, as PyTorch does.
 * `name` is 'softmax', 'log_softmax' or 'softmin'.
 */
export function implicitSoftmaxDim(name: string, ndim: number): number {
  warn(
    `Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.`,
    'UserWarning'
  );
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

/** nn.Softmax2d's dim (−3) after its input check (3-D or 4-D only). */
export function softmax2dDim(ndim: number): number {
  if (ndim !== 3 && ndim !== 4) throw valueError(`Softmax2d: expected input to be 3D or 4D, got ${ndim}D instead`);
  return -3;
}

/** A contiguous copy of `x` converted to `dtype` (or `x` itself when it already is). */
function toDtype(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  const out = Tensor.empty(x.shape, dtype);
  const src = x.contiguous();
  const s = src.storage;
  const o = out.storage;
  for (let i = 0, n = out.numel; i < n; i++) o[i] = castValue(dtype, s[src.offset + i]);
  return out;
}

function markGrad(out: Tensor, input: Tensor, fn: string): Tensor {
  if (input.requiresGrad) {
    out.requiresGrad = true;
    out.gradFn = fn;
  }
  return out;
}

/** Split a shape around `dim` into [outer, size, inner]. */
function splitAt(shape: readonly number[], dim: number): [number, number, number] {
  if (shape.length === 0) return [1, 1, 1];
  return [numelOf(shape.slice(0, dim)), shape[dim], numelOf(shape.slice(dim + 1))];
}

function notImplemented(kernel: string, dtype: DType): TorchError {
  return new TorchError('NotImplementedError', `"${kernel}" not implemented for '${scalarTypeName(dtype)}'`);
}

type Which = 'softmax' | 'log_softmax';

/** Shared driver: dtype cast, checks, then a row kernel per (outer, inner) pair. */
function softmaxImpl(which: Which, x: Tensor, dim: number, opts: SoftmaxOptions | undefined, gradFn: string): Tensor {
  const d = wrapSoftmaxDim(dim, x.ndim);
  const dtype = opts?.dtype ?? x.dtype;
  const input = toDtype(x, dtype).contiguous();
  const last = x.ndim === 0 || d === x.ndim - 1;
  if (input.numel === 0) return markGrad(Tensor.empty(x.shape, dtype), x, gradFn);
  if (!isFloating(dtype)) throw notImplemented(`${which}_${last ? 'lastdim_' : ''}kernel_impl`, dtype);
  // Large float32 inputs: WebAssembly SIMD kernels (wasm/ops.ts); small tensors and
  // rows of ≤ 64 keep the PyTorch-order path below, bit-exact.
  if (dtype === 'float32') {
    const fast = fastSoftmax(input, d, { log: which === 'log_softmax' });
    if (fast) return markGrad(fast, x, gradFn);
  }
  // float16/bfloat16 are emulated: compute in float32, round the result (matches torch).
  const lowp = dtype === 'float16' || dtype === 'bfloat16';
  const f64 = dtype === 'float64';
  const out = Tensor.empty(x.shape, dtype);
  const dst = out.storage as Float32Array | Float64Array;
  let kernel =
    which === 'softmax'
      ? f64
        ? last ? K.softmaxLastF64 : K.softmaxDimF64
        : last ? K.softmaxLastF32 : K.softmaxDimF32
      : f64
        ? last ? K.logSoftmaxLastF64 : K.logSoftmaxDimF64
        : last ? K.logSoftmaxLastF32 : K.logSoftmaxDimF32;
  if (lowp && which === 'log_softmax' && last) kernel = K.logSoftmaxLastLowp((v) => castValue(dtype, v));
  const [outer, size, inner] = splitAt(x.shape, d);
  const src = input.storage;
  const base = input.offset;
  for (let o = 0; o < outer; o++) {
    tickDeadline(size * inner);
    const off = o * size * inner;
    for (let i = 0; i < inner; i++) kernel(src, base + off + i, dst, off + i, size, inner);
  }
  if (lowp) for (let i = 0; i < dst.length; i++) dst[i] = castValue(dtype, dst[i]);
  return markGrad(out, x, gradFn);
}

/** torch.softmax / F.softmax with an explicit dim (resolve dim=None with implicitSoftmaxDim). */
export function softmax(x: Tensor, dim: number, opts?: SoftmaxOptions): Tensor {
  return softmaxImpl('softmax', x, dim, opts, 'SoftmaxBackward0');
}

export function logSoftmax(x: Tensor, dim: number, opts?: SoftmaxOptions): Tensor {
  return softmaxImpl('log_softmax', x, dim, opts, 'LogSoftmaxBackward0');
}

/** F.softmin = (−x).softmax(dim, dtype): negation happens in the input dtype first. */
export function softmin(x: Tensor, dim: number, opts?: SoftmaxOptions): Tensor {
  if (x.dtype === 'bool') {
    throw runtimeError(
      'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.'
    );
  }
  const src = x.contiguous();
  const neg = Tensor.empty(x.shape, x.dtype);
  const fl = isFloating(x.dtype);
  // Floats negate to −0 like torch; integers must not (their storage is float64).
  for (let i = 0, n = neg.numel; i < n; i++) {
    const v = src.storage[src.offset + i];
    neg.storage[i] = fl ? -v : 0 - v;
  }
  neg.requiresGrad = x.requiresGrad;
  return softmaxImpl('softmax', neg, dim, opts, 'SoftmaxBackward0');
}

/** Normalise a dims argument (int or list) to sorted unique wrapped dims, with torch's errors. */
function reduceDims(dims: number | readonly number[], ndim: number): number[] {
  const list = typeof dims === 'number' ? [dims] : [...dims];
  if (list.length === 0) {
    // torch 2.13 rejects an empty dim list for logsumexp with this (odd) text.
    throw runtimeError(`output with shape [] doesn't match the broadcast shape [${new Array(Math.max(ndim, 0)).fill(1).join(', ')}]`);
  }
  const seen = new Set<number>();
  for (const d of list) {
    const w = wrapSoftmaxDim(d, ndim);
    if (seen.has(w)) throw runtimeError(`dim ${w} appears multiple times in the list of dims`);
    seen.add(w);
  }
  return [...seen].sort((a, b) => a - b);
}

/**
 * torch.logsumexp(x, dim, keepdim). Integer/bool input is promoted to float32.
 * Max with |max| = inf replaced by 0 (so all −inf → −inf and [inf, 1] → inf).
 */
export function logsumexp(x: Tensor, dim: number | readonly number[], keepdim = false): Tensor {
  const dims = reduceDims(dim, x.ndim);
  if (x.dtype === 'float32' && dims.length === 1) {
    const fast = fastLogsumexp(x, dims[0], keepdim); // large inputs only (wasm/ops.ts)
    if (fast) return markGrad(fast, x, 'LogsumexpBackward0');
  }
  const dtype: DType = isFloating(x.dtype) ? x.dtype : 'float32';
  const nd = x.ndim;
  const kept = [...Array(nd).keys()].filter((k) => !dims.includes(k));
  const outShape = keepdim ? x.shape.map((s, k) => (dims.includes(k) ? 1 : s)) : kept.map((k) => x.shape[k]);
  // Permute (a view: no copy) so the reduced dims come last, then make rows.
  const order = [...kept, ...dims.filter((k) => k < nd)];
  const perm = new Tensor(x.storage, order.map((k) => x.shape[k]), order.map((k) => x.strides[k]), x.offset, x.dtype);
  const rows = toDtype(perm.contiguous(), dtype).contiguous();
  const n = nd === 0 ? 1 : numelOf(dims.map((k) => x.shape[k]));
  const out = Tensor.empty(outShape, dtype);
  const o = out.storage;
  const f32 = dtype !== 'float64';
  for (let r = 0, R = out.numel; r < R; r++) {
    o[r] = castValue(dtype, K.logsumexpRow(rows.storage, rows.offset + r * n, n, 1, f32));
  }
  return markGrad(out, x, 'LogsumexpBackward0');
}

function floatResult(x: Tensor): DType {
  return isFloating(x.dtype) ? x.dtype : 'float32';
}

/**
 * torch.sigmoid for the softmax family (named `logistic` so it does not clash with
 * unary.ts's `sigmoid`): integer/bool input promotes to float32; f32 rounds each step.
 */
export function logistic(x: Tensor): Tensor {
  const dtype = floatResult(x);
  const src = x.contiguous();
  const out = Tensor.empty(x.shape, dtype);
  const s = src.storage;
  const o = out.storage;
  const off = src.offset;
  if (dtype === 'float64') {
    for (let i = 0, n = out.numel; i < n; i++) o[i] = 1 / (1 + Math.exp(-s[off + i]));
  } else {
    for (let i = 0, n = out.numel; i < n; i++) o[i] = castValue(dtype, fr(1 / fr(1 + fr(Math.exp(-fr(s[off + i]))))));
  }
  return markGrad(out, x, 'SigmoidBackward0');
}

/** One float logsigmoid value: min(x, 0) − log1p(exp(−|x|)), stepwise f32 unless f64. */
export function logSigmoidValue(v: number, f64: boolean): number {
  const mn = v < 0 ? v : 0;
  if (f64) return mn - Math.log1p(Math.exp(-Math.abs(v)));
  return fr(mn - fr(Math.log1p(fr(Math.exp(-Math.abs(v))))));
}

/** F.logsigmoid: float only ('"log_sigmoid_cpu" not implemented for 'Long''). */
export function logsigmoid(x: Tensor): Tensor {
  if (!isFloating(x.dtype)) throw notImplemented('log_sigmoid_cpu', x.dtype);
  const src = x.contiguous();
  const out = Tensor.empty(x.shape, x.dtype);
  const f64 = x.dtype === 'float64';
  for (let i = 0, n = out.numel; i < n; i++) {
    out.storage[i] = castValue(x.dtype, logSigmoidValue(src.storage[src.offset + i], f64));
  }
  return markGrad(out, x, 'LogSigmoidBackward0');
}

export interface GumbelOptions {
  tau?: number;
  hard?: boolean;
  eps?: number;
  dim?: number;
}

/**
 * Exponential(1) draws as torch's CPU `exponential_()` makes them (measured on 2.13):
 * −log(1 − u) with u a 53-bit uniform double from the mt19937 generator, one per
 * element for float32 and float64 alike. With Engine A's Generator this makes
 * gumbel_softmax reproduce torch's values after torch.manual_seed.
 */
export function torchExponentialSampler(gen: Generator): () => number {
  return () => -Math.log1p(-gen.uniformDouble());
}

/** An Exponential(1) sampler built from any uniform [0, 1) source. */
export function exponentialFromUniform(uniform: () => number): () => number {
  return () => -Math.log1p(-uniform());
}

/**
 * F.gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1). `sampleExp` draws
 * Exponential(1) values (Engine A's generator; values will not match torch's
 * mt19937 stream unless that generator is ported). gumbels = −log(E).
 */
export function gumbelSoftmax(logits: Tensor, opts: GumbelOptions, sampleExp: () => number): Tensor {
  const tau = opts.tau ?? 1;
  const dim = opts.dim ?? -1;
  if (opts.eps !== undefined && opts.eps !== 1e-10) warn('`eps` parameter is deprecated and has no effect.', 'UserWarning');
  if (!isFloating(logits.dtype)) {
    throw runtimeError(
      `Exponential distribution is a continuous probability distribution. dtype must be a floating point but you specified ${scalarTypeName(logits.dtype)}`
    );
  }
  const dtype = logits.dtype;
  const src = logits.contiguous();
  const noisy = Tensor.empty(logits.shape, dtype);
  for (let i = 0, n = noisy.numel; i < n; i++) {
    const g = castValue(dtype, -Math.log(castValue(dtype, sampleExp())));
    noisy.storage[i] = castValue(dtype, castValue(dtype, src.storage[src.offset + i] + g) / tau);
  }
  const y = softmax(noisy, dim);
  if (!opts.hard) return markGrad(y, logits, 'SoftmaxBackward0');
  // Straight-through: y_hard − y_soft.detach() + y_soft, one-hot at the argmax.
  const d = wrapSoftmaxDim(dim, logits.ndim);
  const [outer, size, inner] = splitAt(logits.shape, d);
  const out = Tensor.empty(logits.shape, dtype);
  const ys = y.storage;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let best = 0;
      for (let k = 1; k < size; k++) if (ys[base + k * inner] > ys[base + best * inner]) best = k;
      for (let k = 0; k < size; k++) {
        const p = base + k * inner;
        const h = k === best ? 1 : 0;
        out.storage[p] = castValue(dtype, castValue(dtype, h - ys[p]) + ys[p]);
      }
    }
  }
  return markGrad(out, logits, 'AddBackward0');
}
