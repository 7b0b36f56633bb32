/**
 * The Tensor: a strided view onto a flat typed-array storage, as in PyTorch.
 *
 * element (i0, i1, …) lives at storage[offset + Σ ik * strides[k]].
 * Views (view, transpose, permute, slicing, expand) make a new Tensor over the
 * same storage with other shape/strides/offset; nothing is copied. Kernels that
 * want flat data call `contiguous()` (a no-op when already contiguous) and then
 * read `storage` from `offset`.
 */
import { tickDeadline } from './deadline';
import { DType, Storage, newStorage, itemSize, castValue } from './dtype';
import { runtimeError } from './errors';
import { TRACK_MIN_BYTES, chargeTo } from './memory';

/** Allocation cap in bytes (the settings' memory cap; default 2 GiB). */
let memoryCap = 2 * 1024 ** 3;

export function setMemoryCap(bytes: number): void {
  memoryCap = bytes;
}

export function getMemoryCap(): number {
  return memoryCap;
}

/** Allocate storage for n elements, refusing (before allocating) above the cap. */
export function allocStorage(dtype: DType, n: number): Storage {
  const bytes = n * itemSize(dtype);
  if (!Number.isFinite(n) || n < 0 || bytes > memoryCap) {
    throw runtimeError(
      `[enforce fail at alloc_cpu.cpp:118] data. DefaultCPUAllocator: not enough memory: ` +
        `you tried to allocate ${bytes} bytes. (the memory cap is ${memoryCap} bytes)`
    );
  }
  tickDeadline(n); // every allocating op is a checkpoint for the cell's time limit
  const storage = newStorage(dtype, n);
  if (bytes >= TRACK_MIN_BYTES) {
    chargeTo(storage, bytes, 'tensor'); // the session's total, see memory.ts
  }
  return storage;
}

export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= Math.max(shape[i], 1);
  }
  return strides;
}

export class Tensor {
  /** Name of the autograd node that produced this tensor, e.g. 'SoftmaxBackward0'. */
  gradFn: string | null = null;
  /** Accumulated gradient (autograd stretch goal). */
  grad: Tensor | null = null;

  constructor(
    public storage: Storage,
    public shape: number[],
    public strides: number[],
    public offset: number,
    public dtype: DType,
    public requiresGrad = false
  ) {}

  /** A new contiguous tensor of the given shape, zero-filled. */
  static empty(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    const n = numelOf(shape);
    return new Tensor(allocStorage(dtype, n), [...shape], contiguousStrides(shape), 0, dtype);
  }

  /** Wrap a contiguous storage (no copy). */
  static fromStorage(storage: Storage, shape: readonly number[], dtype: DType): Tensor {
    return new Tensor(storage, [...shape], contiguousStrides(shape), 0, dtype);
  }

  /** A 0-d tensor holding one value. */
  static scalar(v: number, dtype: DType = 'float32'): Tensor {
    const t = Tensor.empty([], dtype);
    t.storage[0] = castValue(dtype, v);
    return t;
  }

  get ndim(): number {
    return this.shape.length;
  }

  get numel(): number {
    return numelOf(this.shape);
  }

  isContiguous(): boolean {
    let expected = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      if (this.shape[i] === 1) continue;
      if (this.strides[i] !== expected) return false;
      expected *= this.shape[i];
    }
    return true;
  }

  /** Storage index of each element in row-major (logical) order. */
  *indices(): Generator<number> {
    const nd = this.shape.length;
    const n = this.numel;
    if (n === 0) return;
    const idx = new Array<number>(nd).fill(0);
    let pos = this.offset;
    for (let k = 0; k < n; k++) {
      yield pos;
      for (let d = nd - 1; d >= 0; d--) {
        idx[d]++;
        pos += this.strides[d];
        if (idx[d] < this.shape[d]) break;
        pos -= this.strides[d] * this.shape[d];
        idx[d] = 0;
      }
    }
  }

  /** Elements in logical order as a fresh plain typed array (same storage kind). */
  toFlat(): Storage {
    const out = allocStorage(this.dtype, this.numel); // a copy of an expanded view can be huge
    if (this.isContiguous()) {
      out.set(this.storage.subarray(this.offset, this.offset + this.numel));
      return out;
    }
    let i = 0;
    for (const p of this.indices()) out[i++] = this.storage[p];
    return out;
  }

  /** This tensor if contiguous, else a contiguous copy. */
  contiguous(): Tensor {
    if (this.isContiguous()) {
      return this.offset === 0 && this.strides.length === this.shape.length
        ? this
        : new Tensor(this.storage, this.shape, contiguousStrides(this.shape), this.offset, this.dtype, this.requiresGrad);
    }
    const flat = this.toFlat();
    const t = Tensor.fromStorage(flat, this.shape, this.dtype);
    t.requiresGrad = this.requiresGrad;
    return t;
  }

  /** Read one element by its logical flat index (slow path; for printing and tests). */
  at(flatIndex: number): number {
    let rem = flatIndex;
    let pos = this.offset;
    for (let d = this.shape.length - 1; d >= 0; d--) {
      const i = rem % this.shape[d];
      rem = (rem - i) / this.shape[d];
      pos += i * this.strides[d];
    }
    return this.storage[pos];
  }
}
