/**
 * Tensor-level entry points to the fast softmax-family kernels, shaped for one-line
 * use from softmax.ts: each returns a new float32 Tensor, or null when the input is
 * not handled (not float32, small, short rows, multi-dim reduce…) so the caller
 * falls through to its exact path. Autograd marking stays with the caller.
 */
import { Tensor, numelOf } from '../tensor';
import {
  BinaryOp,
  FAST_MIN_NUMEL,
  binaryF32,
  expF32,
  logsumexpF32,
  preferFastKernels,
  softmaxF32
} from './index';

export interface FastSoftmaxOptions {
  /** 1/T: computes softmax(x / T) with the scaling folded into the exp. Default 1. */
  invT?: number;
  /** log_softmax instead of softmax. */
  log?: boolean;
  /** Skip the size policy (benchmarks, tests). */
  force?: boolean;
}

/** [outer, D, inner] around an already-wrapped dim. */
function split(shape: readonly number[], dim: number): [number, number, number] {
  return [numelOf(shape.slice(0, dim)), shape[dim], numelOf(shape.slice(dim + 1))];
}

/** The input's elements as one contiguous Float32Array (a view when already contiguous). */
function flatF32(x: Tensor): Float32Array {
  const c = x.contiguous();
  return (c.storage as Float32Array).subarray(c.offset, c.offset + c.numel);
}

/** softmax / log_softmax of a float32 tensor over `dim` (wrapped, 0 ≤ dim < ndim). */
export function fastSoftmax(x: Tensor, dim: number, opts: FastSoftmaxOptions = {}): Tensor | null {
  if (x.dtype !== 'float32' || x.ndim === 0 || dim < 0 || dim >= x.ndim) {
    return null;
  }
  const [outer, D, inner] = split(x.shape, dim);
  const n = outer * D * inner;
  if (n === 0 || !(opts.force || preferFastKernels(n, D))) {
    return null;
  }
  const out = Tensor.empty(x.shape, 'float32');
  return softmaxF32(
    flatF32(x),
    out.storage as Float32Array,
    outer,
    D,
    inner,
    opts.invT ?? 1,
    opts.log ?? false
  )
    ? out
    : null;
}

/** torch.logsumexp of a float32 tensor over one wrapped dim. */
export function fastLogsumexp(
  x: Tensor,
  dim: number,
  keepdim: boolean,
  force = false
): Tensor | null {
  if (x.dtype !== 'float32' || x.ndim === 0 || dim < 0 || dim >= x.ndim) {
    return null;
  }
  const [outer, D, inner] = split(x.shape, dim);
  const n = outer * D * inner;
  if (n === 0 || !(force || preferFastKernels(n, D))) {
    return null;
  }
  const shape = keepdim
    ? x.shape.map((s, k) => (k === dim ? 1 : s))
    : x.shape.filter((_, k) => k !== dim);
  const out = Tensor.empty(shape, 'float32');
  return logsumexpF32(flatF32(x), out.storage as Float32Array, outer, D, inner) ? out : null;
}

/**
 * a op b for two float32 tensors of the same shape (no broadcasting), large inputs
 * only. Bit-identical to a float32 scalar loop, so it can replace one unconditionally.
 */
export function fastBinary(op: BinaryOp, a: Tensor, b: Tensor, force = false): Tensor | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.ndim !== b.ndim) {
    return null;
  }
  if (a.shape.some((s, i) => s !== b.shape[i])) {
    return null;
  }
  const n = a.numel;
  if (n === 0 || !(force || n >= FAST_MIN_NUMEL)) {
    return null;
  }
  const out = Tensor.empty(a.shape, 'float32');
  return binaryF32(op, flatF32(a), flatF32(b), out.storage as Float32Array, n) ? out : null;
}

/** exp of a large float32 tensor with the wasm vector exp (≤ 2 ulp from correctly rounded). */
export function fastExp(x: Tensor, force = false): Tensor | null {
  if (x.dtype !== 'float32') {
    return null;
  }
  const n = x.numel;
  if (n === 0 || !(force || n >= FAST_MIN_NUMEL)) {
    return null;
  }
  const out = Tensor.empty(x.shape, 'float32');
  return expF32(flatF32(x), out.storage as Float32Array, n) ? out : null;
}
