/**
 * Selection-style elementwise ops: where, clamp/clip, masked_fill, one_hot.
 */
import { broadcastShapes } from './broadcast';
import { DType, castValue, scalarTypeName } from './dtype';
import { runtimeError } from './errors';
import { Operand, binaryKernel, checkCastable, checkInplaceShape, isScalar, promoteOperands, toTensor } from './elementwise';
import { broadcastStrides, cppTypeName, nditer, readAll, roundHalfInPlace } from './iterate';
import { Tensor } from './tensor';

type TriFn = (a: number, b: number, c: number) => number;

/** out = f(a, b, c) over the broadcast of three tensors. */
/** Inlined loops for the hot selects (a callback per element goes megamorphic). */
const WHERE = 1; // a ? b : c
const CLAMP = 2; // min(max(a, b), c), NaN-propagating

function ternaryKernel(a: Tensor, b: Tensor, c: Tensor, outDtype: DType, f: TriFn, out?: Tensor, code = 0): Tensor {
  const shape = broadcastShapes(broadcastShapes(a.shape, b.shape), c.shape);
  if (out) checkInplaceShape(out, shape);
  const o = out ?? Tensor.empty(shape, outDtype);
  const O = o.storage;
  const A = a.storage;
  const B = b.storage;
  const C = c.storage;
  const strides = [o.strides, broadcastStrides(a, shape), broadcastStrides(b, shape), broadcastStrides(c, shape)];
  nditer(shape, strides, [o.offset, a.offset, b.offset, c.offset], (p, n, st) => {
    let po = p[0];
    let pa = p[1];
    let pb = p[2];
    let pc = p[3];
    const [so, sa, sb, sc] = st;
    if (code === WHERE) {
      for (let i = 0; i < n; i++, po += so, pa += sa, pb += sb, pc += sc) O[po] = A[pa] ? B[pb] : C[pc];
    } else if (code === CLAMP) {
      for (let i = 0; i < n; i++, po += so, pa += sa, pb += sb, pc += sc) {
        const v = A[pa];
        const lo = B[pb];
        const hi = C[pc];
        O[po] = v !== v || lo !== lo || hi !== hi ? v + lo + hi : v < lo ? (lo > hi ? hi : lo) : v > hi ? hi : v;
      }
    } else {
      for (let i = 0; i < n; i++, po += so, pa += sa, pb += sb, pc += sc) O[po] = f(A[pa], B[pb], C[pc]);
    }
  });
  roundHalfInPlace(o);
  return o;
}

/** torch.where(cond, a, b): cond must be bool; a/b promote together. */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  if (cond.dtype !== 'bool') {
    throw runtimeError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${scalarTypeName(cond.dtype)}`);
  }
  const dt = promoteOperands(a, b);
  return ternaryKernel(cond, toTensor(a, dt), toTensor(b, dt), dt, (c, x, y) => (c ? x : y), undefined, WHERE);
}

/** torch.where(cond) with one argument: a tuple of index tensors (nonzero, as_tuple). */
export function whereIndices(cond: Tensor): Tensor[] {
  const nd = Math.max(cond.ndim, 1);
  const vals = readAll(cond);
  const hits: number[] = [];
  for (let i = 0; i < vals.length; i++) if (vals[i] !== 0) hits.push(i);
  const shape = cond.ndim === 0 ? [1] : cond.shape;
  const outs = Array.from({ length: nd }, () => Tensor.empty([hits.length], 'int64'));
  hits.forEach((flat, k) => {
    let rem = flat;
    for (let d = nd - 1; d >= 0; d--) {
      outs[d].storage[k] = rem % shape[d];
      rem = Math.floor(rem / shape[d]);
    }
  });
  return outs;
}

export interface ClampOpts {
  min?: Operand | null;
  max?: Operand | null;
}

/** torch.clamp / clip. NaN input stays NaN; min > max gives max everywhere. */
export function clamp(x: Tensor, opts: ClampOpts, inplace?: Tensor): Tensor {
  const lo = opts.min ?? null;
  const hi = opts.max ?? null;
  if (lo === null && hi === null) throw runtimeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  const ops: Operand[] = [x];
  if (lo !== null) ops.push(lo);
  if (hi !== null) ops.push(hi);
  const dt = promoteOperands(...ops);
  if (inplace && dt !== inplace.dtype) {
    try {
      checkCastable(dt, inplace.dtype);
    } catch {
      // clamp_ names the output type the C++ way ("long int").
      throw runtimeError(`result type ${scalarTypeName(dt)} can't be cast to the desired output type ${cppTypeName(inplace.dtype)}`);
    }
  }
  const X = toTensor(x, dt);
  if (lo !== null && hi !== null) {
    const f: TriFn = (v, l, h) => (v !== v ? v : l !== l || h !== h ? NaN : Math.min(Math.max(v, l), h));
    return ternaryKernel(X, toTensor(lo, dt), toTensor(hi, dt), dt, f, inplace, CLAMP);
  }
  if (lo !== null) return binaryKernel(X, toTensor(lo, dt), dt, (v, l) => (v !== v || l !== l ? v + l : v < l ? l : v), inplace);
  return binaryKernel(X, toTensor(hi as Operand, dt), dt, (v, h) => (v !== v || h !== h ? v + h : v > h ? h : v), inplace);
}

export const clip = clamp;
export const clamp_ = (x: Tensor, opts: ClampOpts): Tensor => clamp(x, opts, x);
export const clamp_min = (x: Tensor, min: Operand): Tensor => clamp(x, { min });
export const clamp_max = (x: Tensor, max: Operand): Tensor => clamp(x, { max });

function maskValue(self: Tensor, mask: Tensor, value: Operand): Tensor {
  if (mask.dtype !== 'bool') {
    throw runtimeError(`masked_fill_ only supports boolean masks, but got mask with dtype ${cppTypeName(mask.dtype)}`);
  }
  if (!isScalar(value) && value.ndim !== 0) {
    throw runtimeError(`masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.ndim} dimension(s).`);
  }
  const v = isScalar(value) ? value.scalar : value.storage[value.offset];
  return Tensor.scalar(castValue(self.dtype, v), self.dtype);
}

/** Tensor.masked_fill: result has self's dtype and the broadcast shape of self and mask. */
export function masked_fill(self: Tensor, mask: Tensor, value: Operand): Tensor {
  const v = maskValue(self, mask, value);
  return ternaryKernel(mask, v, self, self.dtype, (m, y, x) => (m ? y : x), undefined, WHERE);
}

export function masked_fill_(self: Tensor, mask: Tensor, value: Operand): Tensor {
  const v = maskValue(self, mask, value);
  const shape = broadcastShapes(self.shape, mask.shape);
  if (shape.length !== self.shape.length || shape.some((s, i) => s !== self.shape[i])) {
    throw runtimeError(`output with shape [${self.shape.join(', ')}] doesn't match the broadcast shape [${shape.join(', ')}]`);
  }
  ternaryKernel(mask, v, self, self.dtype, (m, y, x) => (m ? y : x), self, WHERE);
  return self;
}

/** F.one_hot: int64 input only; num_classes=-1 infers max+1. */
export function one_hot(t: Tensor, numClasses = -1): Tensor {
  if (t.dtype !== 'int64') throw runtimeError('one_hot is only applicable to index tensor of type LongTensor.');
  const vals = readAll(t);
  let n = numClasses;
  if (n === -1) {
    if (vals.length === 0) throw runtimeError('Can not infer total number of classes from empty tensor.');
  }
  let mn = Infinity;
  let mx = -Infinity;
  for (let i = 0; i < vals.length; i++) {
    if (vals[i] < mn) mn = vals[i];
    if (vals[i] > mx) mx = vals[i];
  }
  if (vals.length > 0 && mn < 0) throw runtimeError('Class values must be non-negative.');
  if (n === -1) n = mx + 1;
  else if (vals.length > 0 && mx >= n) throw runtimeError('Class values must be smaller than num_classes.');
  else if (n < -1) throw runtimeError('Class values must be smaller than num_classes.');
  const out = Tensor.empty([...t.shape, n], 'int64');
  for (let i = 0; i < vals.length; i++) out.storage[i * n + vals[i]] = 1;
  return out;
}

