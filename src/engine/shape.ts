/**
 * Shape and view ops. Views share storage with their base (new shape/strides/
 * offset only), exactly where PyTorch makes views; copies happen only where
 * PyTorch copies (reshape of a non-viewable tensor, contiguous, cat, stack).
 */
import { DType, promoteTypes } from './dtype';
import { Tensor, allocStorage, contiguousStrides, numelOf } from './tensor';
import { runtimeError, indexError, valueError, warn } from './errors';
import { copyInto, toDtypeCopy, emptyPreserving, legacyTypeName } from './convert';

/**
 * Wrap a possibly negative dim into [0, ndim). 0-d tensors wrap as 1-d
 * (range [-1, 0]), as PyTorch does. Everyone should use this for dim args.
 */
export function wrapDim(dim: number, ndim: number): number {
  const n = ndim <= 0 ? 1 : ndim;
  if (dim < -n || dim > n - 1) {
    throw indexError(
      `Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`
    );
  }
  return dim < 0 ? dim + n : dim;
}

/** Shape as PyTorch prints it in messages: [2, 3]. */
export const fmtShape = (s: readonly number[]): string => `[${s.join(', ')}]`;

function view_(t: Tensor, shape: number[], strides: number[], offset = t.offset): Tensor {
  return new Tensor(t.storage, shape, strides, offset, t.dtype, t.requiresGrad);
}

/** Resolve a single -1 in a requested shape (view/reshape rules and error texts). */
export function inferSize(shape: readonly number[], numel: number): number[] {
  let newSize = 1;
  let inferIdx = -1;
  for (let i = 0; i < shape.length; i++) {
    const s = shape[i];
    if (s === -1) {
      if (inferIdx >= 0) {
        throw runtimeError('only one dimension can be inferred');
      }
      inferIdx = i;
    } else if (s >= 0) {
      newSize *= s;
    } else {
      throw runtimeError(`invalid shape dimension ${s} at index ${i} of shape ${fmtShape(shape)}`);
    }
  }
  const out = [...shape];
  if (inferIdx >= 0) {
    if (newSize === 0) {
      if (numel === 0) {
        throw runtimeError(
          `cannot reshape tensor of 0 elements into shape ${fmtShape(shape)} because the unspecified ` +
            `dimension size -1 can be any value and is ambiguous`
        );
      }
    } else if (numel % newSize === 0) {
      out[inferIdx] = numel / newSize;
      return out;
    }
  } else if (numel === newSize) {
    return out;
  }
  throw runtimeError(`shape '${fmtShape(shape)}' is invalid for input of size ${numel}`);
}

/**
 * Strides that let `newShape` view the same elements as (oldShape, oldStrides)
 * in the same order, or null if some new dim would span two non-mergeable chunks.
 * Works chunk by chunk from the last dim: a chunk is a run of old dims that are
 * contiguous with each other; new dims must tile each chunk exactly.
 */
export function viewStrides(
  oldShape: readonly number[],
  oldStrides: readonly number[],
  newShape: readonly number[]
): number[] | null {
  if (oldShape.length === 0) {
    return newShape.map(() => 1);
  }
  const numel = numelOf(oldShape);
  if (numel === 0) {
    if (oldShape.length === newShape.length && oldShape.every((s, i) => s === newShape[i])) {
      return [...oldStrides];
    }
    return contiguousStrides(newShape);
  }
  const out = new Array<number>(newShape.length);
  let viewD = newShape.length - 1;
  let chunkBase = oldStrides[oldStrides.length - 1];
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = oldShape.length - 1; d >= 0; d--) {
    tensorNumel *= oldShape[d];
    if (d === 0 || (oldShape[d - 1] !== 1 && oldStrides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) {
        return null;
      }
      if (d > 0) {
        chunkBase = oldStrides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? out : null;
}

/** `t.view(*shape)`: always a view, or PyTorch's error. */
export function view(t: Tensor, shape: readonly number[]): Tensor {
  const s = inferSize(shape, t.numel);
  const st = viewStrides(t.shape, t.strides, s);
  if (!st) {
    throw runtimeError(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans " +
        'across two contiguous subspaces). Use .reshape(...) instead.'
    );
  }
  return view_(t, s, st);
}

/** `t.reshape(*shape)`: a view when possible, else a contiguous copy. */
export function reshape(t: Tensor, shape: readonly number[]): Tensor {
  const s = inferSize(shape, t.numel);
  const st = viewStrides(t.shape, t.strides, s);
  if (st) {
    return view_(t, s, st);
  }
  const c = rowMajorCopy(t);
  return view_(c, s, contiguousStrides(s), 0);
}

/** `t.view_as(other)` / `t.reshape_as(other)`. */
export const viewAs = (t: Tensor, other: Tensor): Tensor => view(t, other.shape);
export const reshapeAs = (t: Tensor, other: Tensor): Tensor => reshape(t, other.shape);

/** `t.flatten(start_dim=0, end_dim=-1)`. */
export function flatten(t: Tensor, startDim = 0, endDim = -1): Tensor {
  const s = wrapDim(startDim, t.ndim);
  const e = wrapDim(endDim, t.ndim);
  if (s > e) {
    throw runtimeError('flatten() has invalid args: start_dim cannot come after end_dim');
  }
  if (t.ndim === 0) {
    return reshape(t, [1]);
  }
  if (s === e) {
    return t;
  }
  let m = 1;
  for (let i = s; i <= e; i++) {
    m *= t.shape[i];
  }
  return reshape(t, [...t.shape.slice(0, s), m, ...t.shape.slice(e + 1)]);
}

/** `t.unflatten(dim, sizes)`. */
export function unflatten(t: Tensor, dim: number, sizes: readonly number[]): Tensor {
  const d = wrapDim(dim, t.ndim);
  const inner = inferSize(sizes, t.shape[d]);
  return view(t, [...t.shape.slice(0, d), ...inner, ...t.shape.slice(d + 1)]);
}

/** `t.squeeze()`, `t.squeeze(dim)` or `t.squeeze((d0, d1))`: drops size-1 dims (others kept silently). */
export function squeeze(t: Tensor, dim?: number | readonly number[]): Tensor {
  const drop = new Array<boolean>(t.ndim).fill(false);
  if (dim === undefined) {
    for (let i = 0; i < t.ndim; i++) {
      drop[i] = t.shape[i] === 1;
    }
  } else {
    for (const d of typeof dim === 'number' ? [dim] : dim) {
      const w = wrapDim(d, t.ndim);
      if (t.ndim > 0 && t.shape[w] === 1) {
        drop[w] = true;
      }
    }
  }
  const shape: number[] = [];
  const strides: number[] = [];
  for (let i = 0; i < t.ndim; i++) {
    if (!drop[i]) {
      shape.push(t.shape[i]);
      strides.push(t.strides[i]);
    }
  }
  return view_(t, shape, strides);
}

/** `t.unsqueeze(dim)`: dim wraps over ndim + 1. */
export function unsqueeze(t: Tensor, dim: number): Tensor {
  const d = wrapDim(dim, t.ndim + 1);
  const shape = [...t.shape];
  const strides = [...t.strides];
  const st = d >= t.ndim ? 1 : t.shape[d] * t.strides[d];
  shape.splice(d, 0, 1);
  strides.splice(d, 0, st);
  return view_(t, shape, strides);
}

/** `t.transpose(d0, d1)` / `swapaxes`. */
export function transpose(t: Tensor, dim0: number, dim1: number): Tensor {
  const a = wrapDim(dim0, t.ndim);
  const b = wrapDim(dim1, t.ndim);
  if (t.ndim === 0) {
    return view_(t, [], []);
  }
  const shape = [...t.shape];
  const strides = [...t.strides];
  [shape[a], shape[b]] = [shape[b], shape[a]];
  [strides[a], strides[b]] = [strides[b], strides[a]];
  return view_(t, shape, strides);
}

/** `t.t()`: transpose of a ≤2-D tensor. */
export function t(x: Tensor): Tensor {
  if (x.ndim > 2) {
    throw runtimeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.ndim}D`);
  }
  return x.ndim < 2 ? view_(x, [...x.shape], [...x.strides]) : transpose(x, 0, 1);
}

/** `t.permute(*dims)`. */
export function permute(t: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== t.ndim) {
    throw runtimeError(
      'permute(sparse_coo): number of dimensions in the tensor input does not match the length of the ' +
        `desired ordering of dimensions i.e. input.dim() = ${t.ndim} is not equal to len(dims) = ${dims.length}`
    );
  }
  const seen = new Array<boolean>(t.ndim).fill(false);
  const shape: number[] = [];
  const strides: number[] = [];
  for (const d of dims) {
    const w = wrapDim(d, t.ndim);
    if (seen[w]) {
      throw runtimeError('permute(): duplicate dims are not allowed.');
    }
    seen[w] = true;
    shape.push(t.shape[w]);
    strides.push(t.strides[w]);
  }
  return view_(t, shape, strides);
}

/** `t.movedim(source, destination)` with ints or equal-length lists. */
export function movedim(
  t: Tensor,
  source: number | readonly number[],
  destination: number | readonly number[]
): Tensor {
  const src = (typeof source === 'number' ? [source] : source).map(d => wrapDim(d, t.ndim));
  const dst = (typeof destination === 'number' ? [destination] : destination).map(d =>
    wrapDim(d, t.ndim)
  );
  if (src.length !== dst.length) {
    throw runtimeError(
      `movedim: Invalid source or destination dims: source (${fmtShape(src)} dims) should contain the same ` +
        `number of dims as destination (${fmtShape(dst)} dims)`
    );
  }
  const order = new Array<number>(t.ndim).fill(-1);
  src.forEach((s, i) => (order[dst[i]] = s));
  const rest = [...Array(t.ndim).keys()].filter(d => !src.includes(d));
  let r = 0;
  for (let i = 0; i < t.ndim; i++) {
    if (order[i] < 0) {
      order[i] = rest[r++];
    }
  }
  return permute(t, order);
}

/** `t.expand(*sizes)`: -1 keeps a size; new leading dims and size-1 dims get stride 0. */
export function expand(t: Tensor, sizes: readonly number[]): Tensor {
  if (sizes.length < t.ndim) {
    throw runtimeError(
      `expand(${legacyTypeName(t.dtype)}{${fmtShape(t.shape)}}, size=${fmtShape(sizes)}): the number of sizes ` +
        `provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${t.ndim})`
    );
  }
  const nd = sizes.length;
  const shape = new Array<number>(nd);
  const strides = new Array<number>(nd);
  for (let i = nd - 1; i >= 0; i--) {
    const off = nd - 1 - i;
    const d = t.ndim - 1 - off;
    let size = sizes[i];
    if (d >= 0) {
      const cur = t.shape[d];
      if (size === -1) {
        size = cur;
      }
      if (cur !== size) {
        if (cur !== 1) {
          throw runtimeError(
            `The expanded size of the tensor (${size}) must match the existing size (${cur}) at non-singleton ` +
              `dimension ${i}.  Target sizes: ${fmtShape(sizes)}.  Tensor sizes: ${fmtShape(t.shape)}`
          );
        }
        strides[i] = 0;
      } else {
        strides[i] = t.strides[d];
      }
    } else {
      if (size < 0) {
        throw runtimeError(
          `The expanded size of the tensor (${size}) isn't allowed in a leading, non-existing dimension ${i}`
        );
      }
      strides[i] = 0;
    }
    shape[i] = size;
  }
  return view_(t, shape, strides);
}

export const expandAs = (t: Tensor, other: Tensor): Tensor => expand(t, other.shape);

/** `t.contiguous()`: t itself when already contiguous, else a row-major copy. */
export function contiguous(t: Tensor): Tensor {
  return t.isContiguous() ? t : rowMajorCopy(t);
}

function rowMajorCopy(t: Tensor): Tensor {
  const out = new Tensor(
    allocStorage(t.dtype, t.numel),
    [...t.shape],
    contiguousStrides(t.shape),
    0,
    t.dtype
  );
  copyInto(out, t);
  out.requiresGrad = t.requiresGrad;
  return out;
}

/** `t.clone()`: a copy with PyTorch's preserved strides (a transpose stays transposed). */
export function clone(t: Tensor): Tensor {
  const out = toDtypeCopy(t, t.dtype);
  out.requiresGrad = t.requiresGrad;
  return out;
}

/** `t.narrow(dim, start, length)`: a view. */
export function narrow(t: Tensor, dim: number, start: number, length: number): Tensor {
  if (t.ndim === 0) {
    throw runtimeError('narrow() cannot be applied to a 0-dim tensor.');
  }
  const d = wrapDim(dim, t.ndim);
  const size = t.shape[d];
  if (start < -size || start > size) {
    throw indexError(
      `start out of range (expected to be in range of [${-size}, ${size}], but got ${start})`
    );
  }
  const s = start < 0 ? start + size : start;
  if (length < 0 || s + length > size) {
    throw runtimeError(`start (${s}) + length (${length}) exceeds dimension size (${size}).`);
  }
  const shape = [...t.shape];
  shape[d] = length;
  return view_(t, shape, [...t.strides], t.offset + s * t.strides[d]);
}

/** `t.select(dim, index)`: drops one dim (a view). */
export function select(t: Tensor, dim: number, index: number): Tensor {
  if (t.ndim === 0) {
    throw indexError('select() cannot be applied to a 0-dim tensor.');
  }
  const d = wrapDim(dim, t.ndim);
  const size = t.shape[d];
  if (index < -size || index >= size) {
    throw indexError(
      `select(): index ${index} out of range for tensor of size ${fmtShape(t.shape)} at dimension ${d}`
    );
  }
  const i = index < 0 ? index + size : index;
  const shape = [...t.shape];
  const strides = [...t.strides];
  shape.splice(d, 1);
  strides.splice(d, 1);
  return view_(t, shape, strides, t.offset + i * t.strides[d]);
}

/** `torch.cat(tensors, dim=0)` with dtype promotion and the legacy skip of 1-D empty tensors. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) {
    throw valueError('torch.cat(): expected a non-empty list of Tensors');
  }
  let dtype: DType = tensors[0].dtype;
  for (let i = 0; i < tensors.length; i++) {
    if (tensors[i].ndim === 0) {
      throw runtimeError(`zero-dimensional tensor (at position ${i}) cannot be concatenated`);
    }
    dtype = promoteTypes(dtype, tensors[i].dtype);
  }
  const skip = (x: Tensor) => x.ndim === 1 && x.shape[0] === 0;
  const ref = tensors.find(x => !skip(x));
  if (!ref) {
    wrapDim(dim, 1);
    return new Tensor(allocStorage(dtype, 0), [0], [1], 0, dtype);
  }
  const d = wrapDim(dim, ref.ndim);
  const parts = tensors.filter(x => !skip(x));
  let total = 0;
  for (let i = 0; i < tensors.length; i++) {
    const x = tensors[i];
    if (skip(x)) {
      continue;
    }
    if (x.ndim !== ref.ndim) {
      throw runtimeError(
        `Tensors must have same number of dimensions: got ${ref.ndim} and ${x.ndim}`
      );
    }
    for (let k = 0; k < ref.ndim; k++) {
      if (k !== d && x.shape[k] !== ref.shape[k]) {
        throw runtimeError(
          `Sizes of tensors must match except in dimension ${d}. Expected size ${ref.shape[k]} but got size ` +
            `${x.shape[k]} for tensor number ${i} in the list.`
        );
      }
    }
    total += x.shape[d];
  }
  const shape = [...ref.shape];
  shape[d] = total;
  const out = new Tensor(
    allocStorage(dtype, numelOf(shape)),
    shape,
    contiguousStrides(shape),
    0,
    dtype
  );
  let at = 0;
  for (const x of parts) {
    copyInto(narrow(out, d, at, x.shape[d]), x);
    at += x.shape[d];
  }
  return out;
}

/** `torch.stack(tensors, dim=0)`. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) {
    throw runtimeError('stack expects a non-empty TensorList');
  }
  const d = wrapDim(dim, tensors[0].ndim + 1);
  const s0 = tensors[0].shape;
  for (let i = 1; i < tensors.length; i++) {
    const s = tensors[i].shape;
    if (s.length !== s0.length || s.some((v, k) => v !== s0[k])) {
      throw runtimeError(
        `stack expects each tensor to be equal size, but got ${fmtShape(s0)} at entry 0 and ${fmtShape(s)} at entry ${i}`
      );
    }
  }
  return cat(
    tensors.map(x => unsqueeze(x, d)),
    d
  );
}

/** `t.split(split_size_or_sections, dim=0)`: views. */
export function split(t: Tensor, sizes: number | readonly number[], dim = 0): Tensor[] {
  if (t.ndim === 0) {
    throw runtimeError('split expects at least a 1-dimensional tensor');
  }
  const d = wrapDim(dim, t.ndim);
  const size = t.shape[d];
  const out: Tensor[] = [];
  if (typeof sizes === 'number') {
    if (sizes < 0) {
      throw runtimeError(`split expects split_size be non-negative, but got split_size=${sizes}`);
    }
    if (sizes === 0) {
      if (size !== 0) {
        throw runtimeError(
          `split_size can only be 0 if dimension size is 0, but got dimension size of ${size}`
        );
      }
      return [t];
    }
    const n = Math.max(Math.ceil(size / sizes), 1);
    for (let i = 0; i < n; i++) {
      const start = i * sizes;
      out.push(narrow(t, d, start, Math.min(sizes, size - start)));
    }
    return out;
  }
  const sum = sizes.reduce((a, b) => a + b, 0);
  if (sum !== size) {
    throw runtimeError(
      `split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${d}), ` +
        `but got split_sizes=${fmtShape(sizes)}`
    );
  }
  let at = 0;
  for (const s of sizes) {
    out.push(narrow(t, d, at, s));
    at += s;
  }
  return out;
}

/** `t.chunk(chunks, dim=0)`: may return fewer than `chunks` pieces, as PyTorch. */
export function chunk(t: Tensor, chunks: number, dim = 0): Tensor[] {
  if (t.ndim === 0) {
    throw runtimeError('chunk expects at least a 1-dimensional tensor');
  }
  if (chunks <= 0) {
    throw runtimeError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  }
  const d = wrapDim(dim, t.ndim);
  const size = t.shape[d];
  const each = Math.ceil(size / chunks);
  if (each === 0) {
    // Empty dim: PyTorch returns `chunks` empty pieces.
    return Array.from({ length: chunks }, () => narrow(t, d, 0, 0));
  }
  return split(t, each, d);
}

/** `t.unbind(dim=0)`: a list of views with `dim` removed. */
export function unbind(t: Tensor, dim = 0): Tensor[] {
  const d = wrapDim(dim, t.ndim);
  if (t.ndim === 0) {
    throw indexError('Dimension specified as 0 but tensor has no dimensions');
  }
  return Array.from({ length: t.shape[d] }, (_, i) => select(t, d, i));
}

/** `t.repeat(*sizes)`: tiles the data (a copy). */
export function repeat(t: Tensor, sizes: readonly number[]): Tensor {
  if (sizes.length < t.ndim) {
    throw runtimeError(
      'Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor'
    );
  }
  for (const s of sizes) {
    if (s < 0) {
      throw runtimeError(
        `Trying to create tensor with negative dimension ${s}: ${fmtShape(sizes)}`
      );
    }
  }
  const lead = sizes.length - t.ndim;
  const shape: number[] = [];
  const strides: number[] = [];
  // View the input as [r0, d0, r1, d1, …] with stride 0 on the repeat axes, then copy.
  for (let i = 0; i < sizes.length; i++) {
    const d = i - lead;
    shape.push(sizes[i], d >= 0 ? t.shape[d] : 1);
    strides.push(0, d >= 0 ? t.strides[d] : 0);
  }
  const src = view_(t, shape, strides);
  const out = rowMajorCopy(src);
  return view_(
    out,
    sizes.map((s, i) => s * shape[2 * i + 1]),
    contiguousStrides(sizes.map((s, i) => s * shape[2 * i + 1])),
    0
  );
}

/** `t.flip(dims)`: reversed along dims (a copy, as in PyTorch). */
export function flip(t: Tensor, dims: readonly number[]): Tensor {
  const seen = new Set<number>();
  const strides = [...t.strides];
  let offset = t.offset;
  for (const d of dims) {
    const w = wrapDim(d, t.ndim);
    if (seen.has(w)) {
      throw runtimeError(`dim ${w} appears multiple times in the list of dims`);
    }
    seen.add(w);
    if (t.ndim === 0 || t.shape[w] === 0) {
      continue;
    }
    offset += (t.shape[w] - 1) * strides[w];
    strides[w] = -strides[w];
  }
  // A negative-stride view exists only inside this function; the copy takes t's layout.
  const out = emptyPreserving(t);
  copyInto(out, view_(t, [...t.shape], strides, offset));
  out.requiresGrad = t.requiresGrad;
  return out;
}

/**
 * `t.T`: reverses all dims (PyTorch warns for ndim != 2). Warnings go through
 * the engine's warn() hook; the interpreter decides about once-only display.
 */
export function numpyT(t: Tensor): Tensor {
  if (t.ndim === 0) {
    warn('Tensor.T is deprecated on 0-D tensors. This function is the identity in these cases.');
  } else if (t.ndim !== 2) {
    warn(
      'The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it will ' +
        'throw an error in a future release. Consider `x.mT` to transpose batches of matrices or ' +
        '`x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.'
    );
  }
  return permute(t, [...Array(t.ndim).keys()].reverse());
}

/** `t.mT`: transpose of the last two dims. */
export function mT(t: Tensor): Tensor {
  if (t.ndim < 2) {
    throw runtimeError(
      `tensor.mT is only supported on matrices or batches of matrices. Got ${t.ndim}-D tensor.`
    );
  }
  return transpose(t, -2, -1);
}
