/**
 * Dtype conversion (`.to(dtype)`, `.float()`, …) and the strided copy kernel
 * every other module uses to move elements between tensors.
 *
 * PyTorch CPU casts via C++ static_cast, which on x86 turns NaN/±inf/out-of-range
 * floats into the "integer indefinite" value: int64 min for int64, int32 min for
 * int32. Integer→int32 wraps modulo 2**32. Float→int truncates toward zero.
 */
import { DType, Storage, isFloating, castValue, scalarTypeName } from './dtype';
import { Tensor, allocStorage, contiguousStrides } from './tensor';
import { runtimeError } from './errors';

const INT64_MIN = -9223372036854775808;
const INT32_MIN = -2147483648;

/** Converts one value into the destination dtype's value. */
export type CastFn = (v: number) => number;

function floatToInt64(v: number): number {
  // 2**63 is exactly representable; anything at or beyond it (or NaN) is indefinite.
  if (!(v > -9223372036854775808 - 1024 && v < 9223372036854775808)) {
    return INT64_MIN;
  }
  return Math.trunc(v) + 0; // +0 turns -0 into 0
}

function floatToInt32(v: number): number {
  if (!(v > -2147483649 && v < 2147483648)) {
    return INT32_MIN;
  }
  return Math.trunc(v) | 0;
}

const toBool: CastFn = v => (v !== 0 ? 1 : 0); // NaN !== 0 → true, as PyTorch

/**
 * The per-element conversion from `from` to `to`, or null when assigning into the
 * destination typed array already converts exactly (same dtype, widening, or
 * float32 rounding done by Float32Array itself).
 */
export function castFn(from: DType, to: DType): CastFn | null {
  if (from === to) {
    return null;
  }
  switch (to) {
    case 'float64':
    case 'float32':
      return null; // Float64Array exact; Float32Array rounds to nearest like a C cast
    case 'float16':
    case 'bfloat16':
      return v => castValue(to, v);
    case 'int64':
      return isFloating(from) ? floatToInt64 : null;
    case 'int32':
      return isFloating(from) ? floatToInt32 : null; // Int32Array wraps ints modulo 2**32
    case 'bool':
      return toBool;
  }
}

/** Cast one Python number to a dtype as writing it into a tensor does (fill_, full). */
export function castScalar(v: number, to: DType): number {
  const f = castFn(Number.isInteger(v) ? 'int64' : 'float64', to);
  const r = f ? f(v) : v;
  return to === 'float32' ? Math.fround(r) : to === 'int32' ? r | 0 : r;
}

/**
 * Copy `src` into `dst` element by element (shapes must be equal; broadcast the
 * source with `expand` first). Converts dtypes. Handles overlapping views by
 * copying through a temporary when both share storage.
 */
export function copyInto(dst: Tensor, src: Tensor): void {
  const n = dst.numel;
  if (n === 0) {
    return;
  }
  let s = src;
  if (src.storage === dst.storage) {
    s = Tensor.fromStorage(src.toFlat(), src.shape, src.dtype);
  }
  const cast = castFn(s.dtype, dst.dtype);
  stridedCopy(
    dst.storage,
    dst.offset,
    dst.strides,
    s.storage,
    s.offset,
    s.strides,
    dst.shape,
    cast
  );
}

/**
 * Walk `shape` once, reading src at (srcOff + Σ i·srcStrides) and writing dst at
 * (dstOff + Σ i·dstStrides). Inner loop runs over the last dim with plain adds.
 */
export function stridedCopy(
  dst: Storage,
  dstOff: number,
  dstStrides: readonly number[],
  src: Storage,
  srcOff: number,
  srcStrides: readonly number[],
  shape: readonly number[],
  cast: CastFn | null
): void {
  const nd = shape.length;
  if (nd === 0) {
    dst[dstOff] = cast ? cast(src[srcOff]) : src[srcOff];
    return;
  }
  let total = 1;
  for (const d of shape) {
    total *= d;
  }
  if (total === 0) {
    return;
  }
  const inner = shape[nd - 1];
  const ds = dstStrides[nd - 1];
  const ss = srcStrides[nd - 1];
  // Fast path: both contiguous over everything.
  if (isDense(shape, dstStrides) && isDense(shape, srcStrides)) {
    if (!cast && src.constructor === dst.constructor) {
      dst.set(src.subarray(srcOff, srcOff + total), dstOff);
    } else if (cast) {
      for (let i = 0; i < total; i++) {
        dst[dstOff + i] = cast(src[srcOff + i]);
      }
    } else {
      for (let i = 0; i < total; i++) {
        dst[dstOff + i] = src[srcOff + i];
      }
    }
    return;
  }
  const outer = total / inner;
  const idx = new Array<number>(nd).fill(0);
  let dp = dstOff;
  let sp = srcOff;
  for (let o = 0; o < outer; o++) {
    if (cast) {
      for (let i = 0, a = dp, b = sp; i < inner; i++, a += ds, b += ss) {
        dst[a] = cast(src[b]);
      }
    } else {
      for (let i = 0, a = dp, b = sp; i < inner; i++, a += ds, b += ss) {
        dst[a] = src[b];
      }
    }
    // Advance the odometer over dims [0, nd-2].
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      dp += dstStrides[d];
      sp += srcStrides[d];
      if (idx[d] < shape[d]) {
        break;
      }
      dp -= dstStrides[d] * shape[d];
      sp -= srcStrides[d] * shape[d];
      idx[d] = 0;
    }
  }
}

function isDense(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] === 1) {
      continue;
    }
    if (strides[i] !== expected) {
      return false;
    }
    expected *= shape[i];
  }
  return true;
}

/**
 * Strides PyTorch gives a copy made with memory_format=preserve (clone, .to,
 * *_like): t's own strides when t is non-overlapping and dense (e.g. a
 * transpose), else dense strides in t's stride order (0-stride dims keep
 * their place), else row-major.
 */
export function preserveStrides(t: Tensor): number[] {
  const nd = t.ndim;
  if (t.isContiguous() || t.numel === 0) {
    return contiguousStrides(t.shape);
  }
  if (isNonOverlappingAndDense(t)) {
    return [...t.strides];
  }
  // perm[0] is the innermost dim; insertion sort by stride, leaving 0-stride dims in place.
  const perm = [...Array(nd).keys()].reverse();
  const cmp = (a: number, b: number): number => {
    const sa = t.strides[a];
    const sb = t.strides[b];
    if (sa === 0 || sb === 0) {
      return 0;
    }
    if (sa !== sb) {
      return sa < sb ? -1 : 1;
    }
    return t.shape[a] > t.shape[b] ? 1 : 0;
  };
  for (let i = 1; i < nd; i++) {
    let d1 = i;
    for (let d0 = i - 1; d0 >= 0; d0--) {
      const c = cmp(perm[d0], perm[d1]);
      if (c > 0) {
        [perm[d0], perm[d1]] = [perm[d1], perm[d0]];
        d1 = d0;
      } else if (c < 0) {
        break;
      }
    }
  }
  const out = new Array<number>(nd);
  let next = 1;
  for (const d of perm) {
    out[d] = next;
    next *= Math.max(t.shape[d], 1);
  }
  return out;
}

function isNonOverlappingAndDense(t: Tensor): boolean {
  const dims = [...Array(t.ndim).keys()].filter(d => t.shape[d] !== 1);
  dims.sort((a, b) => t.strides[a] - t.strides[b]);
  let expected = 1;
  for (const d of dims) {
    if (t.strides[d] !== expected) {
      return false;
    }
    expected *= t.shape[d];
  }
  return true;
}

/** An uninitialised (zeroed) tensor like t with preserved strides (empty_like). */
export function emptyPreserving(t: Tensor, dtype: DType = t.dtype): Tensor {
  return new Tensor(allocStorage(dtype, t.numel), [...t.shape], preserveStrides(t), 0, dtype);
}

/** A copy of t converted to dtype, strides preserved as PyTorch's .to/.clone do. */
export function toDtypeCopy(t: Tensor, dtype: DType): Tensor {
  const out = emptyPreserving(t, dtype);
  copyInto(out, t);
  return out;
}

/** `t.to(dtype)`: returns `t` itself when the dtype already matches (as PyTorch, unless copy). */
export function to(t: Tensor, dtype: DType, opts: { copy?: boolean } = {}): Tensor {
  if (t.dtype === dtype && !opts.copy) {
    return t;
  }
  return toDtypeCopy(t, dtype);
}

export const float = (t: Tensor): Tensor => to(t, 'float32');
export const double = (t: Tensor): Tensor => to(t, 'float64');
export const half = (t: Tensor): Tensor => to(t, 'float16');
export const bfloat16 = (t: Tensor): Tensor => to(t, 'bfloat16');
export const long = (t: Tensor): Tensor => to(t, 'int64');
export const int = (t: Tensor): Tensor => to(t, 'int32');
export const bool = (t: Tensor): Tensor => to(t, 'bool');

/** `t.type_as(other)`. */
export const typeAs = (t: Tensor, other: Tensor): Tensor => to(t, other.dtype);

/**
 * Check that a Python number fits an integer dtype when building a tensor from
 * data (torch.tensor(1e20, dtype=torch.int64) raises; a tensor cast does not).
 */
export function checkScalarFits(v: number, dtype: DType): void {
  let ok = true;
  if (dtype === 'int64') {
    ok = v >= -9223372036854775808 && v < 9223372036854775808;
  } else if (dtype === 'int32') {
    ok = v >= -2147483648.999 && v < 2147483648;
  }
  if (!ok) {
    throw runtimeError(`value cannot be converted to type ${dtype} without overflow`);
  }
}

/** Name as PyTorch's legacy type strings use it: torch.FloatTensor etc. */
export function legacyTypeName(d: DType): string {
  return `torch.${scalarTypeName(d)}Tensor`;
}
