/**
 * Python indexing (`t[...]`, `t[...] = v`) with PyTorch semantics, plus
 * index_select / gather / scatter / masked_select / nonzero / item / tolist.
 *
 * Basic indices (ints, slices, None, ...) only build a view. Tensor indices
 * ("advanced") then gather through a table of storage offsets: the broadcast
 * index tensors form one block of output dims, placed where the indexed dims
 * were when those dims are adjacent, else first (NumPy/PyTorch rule).
 */
import { DType, scalarTypeName } from './dtype';
import { Tensor, allocStorage, contiguousStrides, numelOf } from './tensor';
import { indexError, runtimeError, valueError, TorchError } from './errors';
import { broadcastShapes } from './broadcast';
import { castFn, castScalar, copyInto, stridedCopy } from './convert';
import { expand, fmtShape, select, unsqueeze, wrapDim } from './shape';

/** One element of a Python subscript tuple. Python lists should be passed as `tensor` (via torch.tensor rules). */
export type Index =
  | { kind: 'int'; i: number }
  | { kind: 'slice'; start?: number | null; stop?: number | null; step?: number | null }
  | { kind: 'none' }
  | { kind: 'ellipsis' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'tensor'; t: Tensor };

const isIndexDtype = (d: DType): boolean => d === 'int64' || d === 'int32';

function newTensor(shape: number[], dtype: DType): Tensor {
  return new Tensor(allocStorage(dtype, numelOf(shape)), shape, contiguousStrides(shape), 0, dtype);
}

/** Python slice → (start, length, step) on a dim of `size`, PyTorch clamping. */
export function sliceBounds(
  size: number,
  start?: number | null,
  stop?: number | null,
  step?: number | null
): { start: number; length: number; step: number } {
  const st = step ?? 1;
  if (st === 0) {
    throw valueError('slice step cannot be zero');
  }
  if (st < 0) {
    throw valueError('step must be greater than zero');
  }
  let a = start ?? 0;
  let b = stop ?? size;
  if (a < 0) {
    a += size;
  }
  if (b < 0) {
    b += size;
  }
  a = Math.min(Math.max(a, 0), size);
  b = Math.min(Math.max(b, 0), size);
  const length = b > a ? Math.ceil((b - a) / st) : 0;
  return { start: a, length, step: st };
}

interface Applied {
  view: Tensor;
  /** Per dim of `view`: the long index tensor for that dim, or null. */
  adv: (Tensor | null)[];
  any: boolean;
  /** The only tensor index was one boolean mask (PyTorch then assigns 1-element values with masked_fill). */
  maskOnly: boolean;
}

function consumedDims(ix: Index): number {
  switch (ix.kind) {
    case 'int':
    case 'slice':
      return 1;
    case 'tensor':
      if (ix.t.dtype === 'bool') {
        return ix.t.ndim;
      }
      return 1;
    default:
      return 0;
  }
}

function boolIndex(b: boolean): Tensor {
  const t = newTensor([b ? 1 : 0], 'int64');
  return t;
}

/** Apply the basic part of an index tuple; collect tensor indices per result dim. */
function applyIndices(self: Tensor, indices: readonly Index[]): Applied {
  let consumed = 0;
  let ellipses = 0;
  for (const ix of indices) {
    consumed += consumedDims(ix);
    if (ix.kind === 'ellipsis') {
      ellipses++;
    }
  }
  if (ellipses > 1) {
    throw indexError("an index can only have a single ellipsis ('...')");
  }
  if (self.ndim === 0 && consumed > 0) {
    const first = indices.find(ix => consumedDims(ix) > 0);
    if (first && (first.kind === 'int' || (first.kind === 'tensor' && first.t.ndim === 0))) {
      throw indexError(
        'invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to ' +
          'convert a 0-dim tensor to a number'
      );
    }
  }
  if (self.ndim === 0 && indices.some(ix => ix.kind === 'slice')) {
    throw indexError('slice() cannot be applied to a 0-dim tensor.');
  }
  if (consumed > self.ndim) {
    throw indexError(`too many indices for tensor of dimension ${self.ndim}`);
  }
  let r = self;
  let dim = 0;
  const adv: (Tensor | null)[] = [];
  const setAdv = (d: number, t: Tensor): void => {
    while (adv.length <= d) {
      adv.push(null);
    }
    adv[d] = t;
  };
  // Inserting a dim before already-recorded ones shifts them (None after a tensor index).
  const insertAt = (d: number): void => {
    if (d < adv.length) {
      adv.splice(d, 0, null);
    }
  };
  let any = false;
  let tensorIndices = 0;
  let masks = 0;
  for (let pos = 0; pos < indices.length; pos++) {
    const ix = indices[pos];
    switch (ix.kind) {
      case 'int': {
        r = selectChecked(r, dim, ix.i, pos);
        if (dim < adv.length) {
          adv.splice(dim, 1);
        }
        break;
      }
      case 'slice': {
        const size = r.shape[dim];
        const { start, length, step } = sliceBounds(size, ix.start, ix.stop, ix.step);
        const shape = [...r.shape];
        const strides = [...r.strides];
        shape[dim] = length;
        strides[dim] *= step;
        r = new Tensor(
          r.storage,
          shape,
          strides,
          r.offset + (length > 0 ? start * r.strides[dim] : 0),
          r.dtype,
          r.requiresGrad
        );
        dim++;
        break;
      }
      case 'none':
        r = unsqueeze(r, dim);
        insertAt(dim);
        dim++;
        break;
      case 'ellipsis':
        dim += self.ndim - consumed;
        break;
      case 'bool':
        r = unsqueeze(r, dim);
        insertAt(dim);
        setAdv(dim, boolIndex(ix.value));
        any = true;
        tensorIndices++;
        dim++;
        break;
      case 'tensor': {
        const t = ix.t;
        if (t.dtype === 'bool') {
          if (t.ndim === 0) {
            r = unsqueeze(r, dim);
            insertAt(dim);
            setAdv(dim, boolIndex(t.at(0) !== 0));
            any = true;
            tensorIndices++;
            dim++;
            break;
          }
          for (let j = 0; j < t.ndim; j++) {
            if (t.shape[j] !== r.shape[dim + j]) {
              throw indexError(
                `The shape of the mask ${fmtShape(t.shape)} at index ${j} does not match the shape of the ` +
                  `indexed tensor ${fmtShape(r.shape)} at index ${dim + j}`
              );
            }
          }
          const nz = nonzeroColumns(t);
          for (let j = 0; j < t.ndim; j++) {
            setAdv(dim + j, nz[j]);
          }
          any = true;
          masks++;
          tensorIndices++;
          dim += t.ndim;
          break;
        }
        if (!isIndexDtype(t.dtype)) {
          throw indexError('tensors used as indices must be long, int, byte or bool tensors');
        }
        if (t.ndim === 0) {
          // A 0-d integer tensor indexes like a Python int (a view).
          r = selectChecked(r, dim, t.at(0), pos);
          if (dim < adv.length) {
            adv.splice(dim, 1);
          }
          break;
        }
        setAdv(dim, t);
        any = true;
        tensorIndices++;
        dim++;
        break;
      }
    }
  }
  while (adv.length < r.ndim) {
    adv.push(null);
  }
  return { view: r, adv, any, maskOnly: masks === 1 && tensorIndices === 1 };
}

function selectChecked(r: Tensor, dim: number, i: number, pos: number): Tensor {
  const size = r.shape[dim];
  if (i < -size || i >= size) {
    throw indexError(`index ${i} is out of bounds for dimension ${pos} with size ${size}`);
  }
  return select(r, dim, i);
}

interface AdvPlan {
  shape: number[];
  /** Storage offset of every output element, in row-major output order. */
  offs: Float64Array;
}

/** Broadcast the index tensors, check bounds, and list the storage offset of each result element. */
function planAdvanced(r: Tensor, adv: (Tensor | null)[]): AdvPlan {
  const dims: number[] = [];
  for (let d = 0; d < adv.length; d++) {
    if (adv[d]) {
      dims.push(d);
    }
  }
  const idx = dims.map(d => adv[d] as Tensor);
  let bshape: number[] = idx[0].shape;
  try {
    for (let k = 1; k < idx.length; k++) {
      bshape = broadcastShapes(bshape, idx[k].shape);
    }
  } catch (e) {
    if (!(e instanceof TorchError)) {
      throw e;
    }
    throw indexError(
      `shape mismatch: indexing tensors could not be broadcast together with shapes ${idx.map(t => fmtShape(t.shape)).join(', ')}`
    );
  }
  const B = numelOf(bshape);
  // Block offsets: Σ_k index_k * stride(dim_k), with bounds checked on the way.
  const block = new Float64Array(B);
  const tmp = new Float64Array(B);
  const bstr = contiguousStrides(bshape);
  for (let k = 0; k < idx.length; k++) {
    const e = expand(idx[k], bshape);
    stridedCopy(tmp, 0, bstr, e.storage, e.offset, e.strides, bshape, null);
    const size = r.shape[dims[k]];
    const stride = r.strides[dims[k]];
    for (let i = 0; i < B; i++) {
      let v = tmp[i];
      if (v < -size || v >= size) {
        throw indexError(`index ${v} is out of bounds for dimension ${k} with size ${size}`);
      }
      if (v < 0) {
        v += size;
      }
      block[i] += v * stride;
    }
  }
  const adjacent = dims[dims.length - 1] - dims[0] === dims.length - 1;
  // Output axes: plain dims carry a stride; the block carries its offset table.
  type Axis = { size: number; stride: number; table: Float64Array | null; shape: number[] };
  const plain = (d: number): Axis => ({
    size: r.shape[d],
    stride: r.strides[d],
    table: null,
    shape: [r.shape[d]]
  });
  const blockAxis: Axis = { size: B, stride: 0, table: block, shape: bshape };
  const axes: Axis[] = [];
  if (adjacent) {
    for (let d = 0; d < dims[0]; d++) {
      axes.push(plain(d));
    }
    axes.push(blockAxis);
    for (let d = dims[dims.length - 1] + 1; d < r.ndim; d++) {
      axes.push(plain(d));
    }
  } else {
    axes.push(blockAxis);
    for (let d = 0; d < r.ndim; d++) {
      if (!adv[d]) {
        axes.push(plain(d));
      }
    }
  }
  const shape = axes.flatMap(a => a.shape);
  let offs = new Float64Array([r.offset]);
  for (const a of axes) {
    const next = new Float64Array(offs.length * a.size);
    let w = 0;
    for (let i = 0; i < offs.length; i++) {
      const o = offs[i];
      if (a.table) {
        for (let j = 0; j < a.size; j++) {
          next[w++] = o + a.table[j];
        }
      } else {
        for (let j = 0; j < a.size; j++) {
          next[w++] = o + j * a.stride;
        }
      }
    }
    offs = next;
  }
  return { shape, offs };
}

/** `t[indices]`. */
export function getItem(self: Tensor, indices: readonly Index[]): Tensor {
  const { view, adv, any } = applyIndices(self, indices);
  if (!any) {
    return view === self
      ? new Tensor(
          self.storage,
          [...self.shape],
          [...self.strides],
          self.offset,
          self.dtype,
          self.requiresGrad
        )
      : view;
  }
  const plan = planAdvanced(view, adv);
  const out = newTensor(plan.shape, self.dtype);
  const src = view.storage;
  const dst = out.storage;
  const offs = plan.offs;
  for (let i = 0; i < offs.length; i++) {
    dst[i] = src[offs[i]];
  }
  return out;
}

/** Drop leading size-1 dims of a value (PyTorch does this before assigning). */
function stripLeadingOnes(v: Tensor): Tensor {
  let k = 0;
  while (k < v.ndim && v.shape[k] === 1) {
    k++;
  }
  if (k === 0) {
    return v;
  }
  return new Tensor(v.storage, v.shape.slice(k), v.strides.slice(k), v.offset, v.dtype);
}

/** `t[indices] = value` (in place). `value` is a tensor or a Python scalar (number/boolean). */
export function setItem(
  self: Tensor,
  indices: readonly Index[],
  value: Tensor | number | boolean
): void {
  const { view, adv, any, maskOnly } = applyIndices(self, indices);
  if (maskOnly && value instanceof Tensor && value.numel === 1) {
    // x[mask] = v with a one-element v is masked_fill_: any dtype, cast like a scalar.
    const f = castFn(value.dtype, self.dtype);
    const v0 = value.at(0);
    value = f ? f(v0) : v0;
  }
  if (!any) {
    if (value instanceof Tensor) {
      const v = stripLeadingOnes(value);
      copyInto(view, expand(v, view.shape));
    } else {
      fillView(view, castScalar(+value, self.dtype));
    }
    return;
  }
  const plan = planAdvanced(view, adv);
  const dst = self.storage;
  const offs = plan.offs;
  if (!(value instanceof Tensor)) {
    const c = castScalar(+value, self.dtype);
    for (let i = 0; i < offs.length; i++) {
      dst[offs[i]] = c;
    }
    return;
  }
  if (value.dtype !== self.dtype) {
    throw runtimeError(
      `Index put requires the source and destination dtypes match, got ${scalarTypeName(self.dtype)} for the ` +
        `destination and ${scalarTypeName(value.dtype)} for the source.`
    );
  }
  const v = stripLeadingOnes(value);
  let e: Tensor;
  try {
    e = expand(v, plan.shape);
  } catch (err) {
    if (!(err instanceof TorchError)) {
      throw err;
    }
    throw runtimeError(
      `shape mismatch: value tensor of shape ${fmtShape(value.shape)} cannot be broadcast to indexing result of shape ${fmtShape(plan.shape)}`
    );
  }
  const vals = e.toFlat();
  for (let i = 0; i < offs.length; i++) {
    dst[offs[i]] = vals[i];
  }
}

function fillView(view: Tensor, c: number): void {
  if (view.isContiguous()) {
    view.storage.fill(c, view.offset, view.offset + view.numel);
    return;
  }
  for (const p of view.indices()) {
    view.storage[p] = c;
  }
}

/** One long tensor per dim with the coordinates of the non-zero elements. */
function nonzeroColumns(t: Tensor): Tensor[] {
  const nz = nonzero(t);
  const n = nz.shape[0];
  const nd = t.ndim;
  return Array.from({ length: nd }, (_, j) => {
    const c = newTensor([n], 'int64');
    for (let i = 0; i < n; i++) {
      c.storage[i] = nz.storage[i * nd + j];
    }
    return c;
  });
}

/** `torch.nonzero(t)`: int64 [count, ndim] of coordinates in row-major order. */
export function nonzero(t: Tensor): Tensor {
  const flat = t.toFlat();
  let count = 0;
  for (let i = 0; i < flat.length; i++) {
    if (flat[i] !== 0) {
      count++;
    }
  } // NaN counts as non-zero
  const nd = t.ndim;
  const out = newTensor([count, nd], 'int64');
  if (nd === 0) {
    return out;
  }
  const o = out.storage;
  const idx = new Array<number>(nd).fill(0);
  let w = 0;
  for (let i = 0; i < flat.length; i++) {
    if (flat[i] !== 0) {
      for (let d = 0; d < nd; d++) {
        o[w++] = idx[d];
      }
    }
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d] < t.shape[d]) {
        break;
      }
      idx[d] = 0;
    }
  }
  return out;
}

/** `torch.nonzero(t, as_tuple=True)` / `torch.where(cond)`. */
export function nonzeroTuple(t: Tensor): Tensor[] {
  if (t.ndim === 0) {
    return nonzeroColumns(new Tensor(t.storage, [1], [1], t.offset, t.dtype));
  }
  return nonzeroColumns(t);
}

/** `t.index_select(dim, index)`. */
export function indexSelect(t: Tensor, dim: number, index: Tensor): Tensor {
  const d = wrapDim(dim, t.ndim);
  if (!isIndexDtype(index.dtype)) {
    throw runtimeError('index_select(): Expected dtype int32 or int64 for index');
  }
  if (index.ndim > 1) {
    throw indexError('index_select(): Index is supposed to be a vector');
  }
  const size = t.ndim === 0 ? 1 : t.shape[d];
  const ids = index.toFlat();
  for (let i = 0; i < ids.length; i++) {
    const v = ids[i];
    if (v < 0) {
      throw runtimeError(`INDICES element is out of DATA bounds, id=${v} axis_dim=${size}`);
    }
    if (v >= size) {
      throw indexError('index out of range in self');
    }
  }
  if (t.ndim === 0) {
    if (ids.length !== 1) {
      throw runtimeError(
        `index_select(): Index to scalar can have only 1 value, got ${ids.length} value(s)`
      );
    }
    return newTensorFrom(t);
  }
  const shape = [...t.shape];
  shape[d] = ids.length;
  const out = newTensor(shape, t.dtype);
  const outStrides = out.strides;
  for (let i = 0; i < ids.length; i++) {
    // Copy the slice t[..., ids[i], ...] into out[..., i, ...].
    const srcOff = t.offset + ids[i] * t.strides[d];
    const sShape = t.shape.filter((_, k) => k !== d);
    const sStr = t.strides.filter((_, k) => k !== d);
    const dStr = outStrides.filter((_, k) => k !== d);
    stridedCopy(out.storage, i * outStrides[d], dStr, t.storage, srcOff, sStr, sShape, null);
  }
  return out;
}

function newTensorFrom(t: Tensor): Tensor {
  const out = newTensor([], t.dtype);
  out.storage[0] = t.storage[t.offset];
  return out;
}

/** 0-d tensors act as 1-element 1-d tensors in gather/scatter. */
const as1d = (t: Tensor): Tensor =>
  t.ndim === 0 ? new Tensor(t.storage, [1], [1], t.offset, t.dtype) : t;

/** Iterate all coordinates of `shape`, calling fn(flatIndex, coords). Coordinates array is reused. */
function forEachCoord(shape: readonly number[], fn: (i: number, c: number[]) => void): void {
  const n = numelOf(shape);
  const nd = shape.length;
  const c = new Array<number>(nd).fill(0);
  for (let i = 0; i < n; i++) {
    fn(i, c);
    for (let d = nd - 1; d >= 0; d--) {
      if (++c[d] < shape[d]) {
        break;
      }
      c[d] = 0;
    }
  }
}

function offsetOf(t: Tensor, c: readonly number[], d: number, at: number): number {
  let o = t.offset;
  for (let k = 0; k < c.length; k++) {
    o += (k === d ? at : c[k]) * t.strides[k];
  }
  return o;
}

/** `torch.gather(t, dim, index)`: out[i][j] = t[index[i][j]][j] (for dim 0). */
export function gather(t: Tensor, dim: number, index: Tensor): Tensor {
  const d = wrapDim(dim, t.ndim);
  if (!isIndexDtype(index.dtype)) {
    throw runtimeError('gather(): Expected dtype int32/int64 for index');
  }
  if (Math.max(index.ndim, 1) !== Math.max(t.ndim, 1)) {
    throw runtimeError('Index tensor must have the same number of dimensions as input tensor');
  }
  for (let k = 0; k < index.ndim; k++) {
    if (k !== d && index.shape[k] > t.shape[k]) {
      throw runtimeError(
        `Size does not match at dimension ${k} expected index ${fmtShape(index.shape)} to be no larger than ` +
          `self ${fmtShape(t.shape)} apart from dimension ${d}`
      );
    }
  }
  const out = newTensor([...index.shape], t.dtype);
  const src = as1d(t);
  const ix = as1d(index);
  const size = src.shape[d];
  const o = out.storage;
  forEachCoord(ix.shape, (i, c) => {
    const v = ix.storage[offsetOf(ix, c, -1, 0)];
    if (v < 0 || v >= size) {
      throw runtimeError(`index ${v} is out of bounds for dimension ${d} with size ${size}`);
    }
    o[i] = src.storage[offsetOf(src, c, d, v)];
  });
  return out;
}

export type ScatterReduce = 'add' | 'multiply';

/** `t.scatter_(dim, index, src|value, reduce=None)` in place; returns t. */
export function scatter_(
  t: Tensor,
  dim: number,
  index: Tensor,
  src: Tensor | number,
  reduce?: ScatterReduce
): Tensor {
  const d = wrapDim(dim, t.ndim);
  if (index.dtype !== 'int64') {
    throw runtimeError('scatter(): Expected dtype int64 for index');
  }
  if (src instanceof Tensor && src.dtype !== t.dtype) {
    throw runtimeError('scatter(): Expected self.dtype to be equal to src.dtype');
  }
  if (Math.max(index.ndim, 1) !== Math.max(t.ndim, 1)) {
    throw runtimeError('Index tensor must have the same number of dimensions as self tensor');
  }
  for (let k = 0; k < index.ndim; k++) {
    const tooBig =
      (k !== d && index.shape[k] > t.shape[k]) ||
      (src instanceof Tensor && index.shape[k] > src.shape[k]);
    if (tooBig) {
      throw runtimeError(
        `Expected index ${fmtShape(index.shape)} to be no larger than self ${fmtShape(t.shape)} apart from ` +
          `dimension ${d}` +
          (src instanceof Tensor ? ` and to be no larger size than src ${fmtShape(src.shape)}` : '')
      );
    }
  }
  const self1 = as1d(t);
  const ix = as1d(index);
  const src1 = src instanceof Tensor ? as1d(src) : null;
  const size = self1.shape[d];
  const s = t.storage;
  const cval = src instanceof Tensor ? 0 : castScalar(src, t.dtype);
  const cast = castFn('float64', t.dtype);
  forEachCoord(ix.shape, (_, c) => {
    const v = ix.storage[offsetOf(ix, c, -1, 0)];
    if (v < 0 || v >= size) {
      throw runtimeError(`index ${v} is out of bounds for dimension ${d} with size ${size}`);
    }
    const p = offsetOf(self1, c, d, v);
    const x = src1 ? src1.storage[offsetOf(src1, c, -1, 0)] : cval;
    if (!reduce) {
      s[p] = x;
    } else {
      const r = reduce === 'add' ? s[p] + x : s[p] * x;
      s[p] = cast ? cast(r) : r;
    }
  });
  return t;
}

/** `torch.scatter(t, dim, index, src|value)`: out-of-place. */
export function scatter(
  t: Tensor,
  dim: number,
  index: Tensor,
  src: Tensor | number,
  reduce?: ScatterReduce
): Tensor {
  const out = newTensor([...t.shape], t.dtype);
  copyInto(out, t);
  return scatter_(out, dim, index, src, reduce);
}

/** `torch.scatter_add(t, dim, index, src)`. */
export const scatterAdd = (t: Tensor, dim: number, index: Tensor, src: Tensor): Tensor =>
  scatter(t, dim, index, src, 'add');

/** `torch.masked_select(t, mask)`: 1-D, mask broadcast with t. */
export function maskedSelect(t: Tensor, mask: Tensor): Tensor {
  if (mask.dtype !== 'bool') {
    throw runtimeError('masked_select: expected BoolTensor for mask');
  }
  const shape = broadcastShapes(mask.shape, t.shape);
  const vals = expand(t, shape).toFlat();
  const m = expand(mask, shape).toFlat();
  let n = 0;
  for (let i = 0; i < m.length; i++) {
    if (m[i]) {
      n++;
    }
  }
  const out = newTensor([n], t.dtype);
  let w = 0;
  for (let i = 0; i < m.length; i++) {
    if (m[i]) {
      out.storage[w++] = vals[i];
    }
  }
  return out;
}

/** `t.item()`: the single element as a JS number (bool → 0/1; the caller knows the dtype). */
export function tensorItem(t: Tensor): number {
  if (t.numel !== 1) {
    throw runtimeError(`a Tensor with ${t.numel} elements cannot be converted to Scalar`);
  }
  return t.at(0);
}

export type NestedList = number | boolean | NestedList[];

/** `t.tolist()`: nested JS arrays; numbers (floats/ints per dtype), booleans for bool tensors. */
export function tolist(t: Tensor): NestedList {
  const flat = t.toFlat();
  const isBool = t.dtype === 'bool';
  if (t.ndim === 0) {
    return isBool ? flat[0] !== 0 : flat[0];
  }
  let pos = 0;
  const build = (d: number): NestedList[] => {
    const n = t.shape[d];
    const out = new Array<NestedList>(n);
    if (d === t.ndim - 1) {
      for (let i = 0; i < n; i++) {
        out[i] = isBool ? flat[pos++] !== 0 : flat[pos++];
      }
    } else {
      for (let i = 0; i < n; i++) {
        out[i] = build(d + 1);
      }
    }
    return out;
  };
  return build(0);
}

/** Is `d` a dtype usable as an index tensor (for the interpreter's list → tensor rule). */
export const isIndexTensorDtype = (d: DType): boolean => isIndexDtype(d) || d === 'bool';
