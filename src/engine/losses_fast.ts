/**
 * Fused cross_entropy front end for large float32 (N, C) inputs: log_softmax is
 * computed block by block in wasm memory and only the target entries are read
 * back, so no (N, C) log-probability tensor is allocated or copied out.
 *
 * The values are those of the wasm log_softmax that `logSoftmax` itself uses
 * for these sizes (same kernel, same per-row arithmetic), so cross_entropy gives
 * the same bits as log_softmax + nll_loss; small inputs and rows shorter than
 * FAST_MIN_DIM never come here and keep the PyTorch-order exact path.
 */
import { tickDeadline } from './deadline';
import { activeWasmKernels, preferFastKernels } from './wasm/index';
import { Tensor } from './tensor';

/** Rows per block: ~64 KB of floats, as the wasm softmax wrappers use. */
const BLOCK_FLOATS = 1 << 14;

/**
 * out[b] = log_softmax(input, 1)[b, target[b]] for a 2-D float32 input (targets
 * outside [0, C) give 0 and are left to the caller's checks). Null when the
 * input is small, not float32 2-D, or no wasm kernel is available.
 */
export function logSoftmaxAtTargets(input: Tensor, target: ArrayLike<number>): Float32Array | null {
  if (input.dtype !== 'float32' || input.ndim !== 2) {
    return null;
  }
  const [n, c] = input.shape;
  if (n === 0 || !preferFastKernels(n * c, c)) {
    return null;
  }
  const k = activeWasmKernels();
  if (!k) {
    return null;
  }
  const per = Math.max(1, Math.floor(BLOCK_FLOATS / c));
  const heap0 = k.reserve(per * c);
  if (!heap0) {
    return null;
  }
  const heap: Float32Array = heap0;
  const x = input.contiguous();
  const src = x.storage as Float32Array;
  const base = x.offset;
  const out = new Float32Array(n);
  const w = k.work;
  const w4 = w >> 2;
  for (let r0 = 0; r0 < n; r0 += per) {
    const rows = Math.min(per, n - r0);
    tickDeadline(rows * c);
    heap.set(src.subarray(base + r0 * c, base + (r0 + rows) * c), w4);
    k.exports.softmaxRows(w, w, rows, c, 1, 1); // mode 1: log_softmax, invT = 1
    for (let r = 0; r < rows; r++) {
      const cls = target[r0 + r];
      if (cls >= 0 && cls < c) {
        out[r0 + r] = heap[w4 + r * c + cls];
      }
    }
  }
  return out;
}
