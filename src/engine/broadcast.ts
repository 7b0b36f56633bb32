/** Broadcasting: PyTorch/NumPy rules, with PyTorch's error text. */
import { runtimeError } from './errors';

export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  // PyTorch walks from the trailing dimension, so the error names the last mismatch.
  for (let i = n - 1; i >= 0; i--) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da !== db && da !== 1 && db !== 1) {
      throw runtimeError(
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Broadcast shape of several operands (torch.broadcast_shapes). */
export function broadcastShapesMany(...shapes: (readonly number[])[]): number[] {
  return shapes.reduce<number[]>((acc, s) => broadcastShapes(acc, s), []);
}
