/**
 * matmul / mm / bmm / mv / dot with PyTorch's dispatch and error texts.
 *
 * Each output element is accumulated in float64 and rounded once to the
 * dtype; BLAS sgemm accumulates in float32 in blocked order, so float32
 * results may differ from PyTorch in the last bit or two.
 */
import { broadcastShapes } from './broadcast';
import { DType, castValue, scalarTypeName } from './dtype';
import { indexError, runtimeError } from './errors';
import { checkDeadline, tickDeadline } from './deadline';
import { contig, cppTypeName, notImplemented } from './iterate';
import { Tensor, contiguousStrides, numelOf } from './tensor';

/**
 * C[b] = A[b] @ B[b] for `batch` matrices given by strided views:
 * A: n×m at aOff(b), B: m×p at bOff(b). Row-of-C accumulation (i, k, j order)
 * keeps B reads sequential.
 */
function gemm(
  A: Tensor,
  aBatch: number[],
  B: Tensor,
  bBatch: number[],
  n: number,
  m: number,
  p: number,
  outShape: number[],
  dtype: DType
): Tensor {
  const out = Tensor.empty(outShape, dtype);
  const O = out.storage;
  const X = A.storage;
  const Y = B.storage;
  const [as0, as1] = [A.strides[A.ndim - 2], A.strides[A.ndim - 1]];
  const [bs0, bs1] = [B.strides[B.ndim - 2], B.strides[B.ndim - 1]];
  const acc = new Float64Array(p);
  for (let b = 0; b < aBatch.length; b++) {
    const ao = aBatch[b];
    const bo = bBatch[b];
    const oo = b * n * p;
    for (let i = 0; i < n; i++) {
      // one deadline tick per output row (m*p multiply-adds)
      tickDeadline(m * p + 1);
      acc.fill(0);
      for (let k = 0; k < m; k++) {
        const av = X[ao + i * as0 + k * as1];
        let q = bo + k * bs0;
        for (let j = 0; j < p; j++, q += bs1) acc[j] += av * Y[q];
      }
      for (let j = 0; j < p; j++) O[oo + i * p + j] = castValue(dtype, acc[j]);
    }
  }
  return out;
}

/** Storage offsets of each matrix in the (broadcast) batch of `t`. */
function batchOffsets(t: Tensor, batchShape: number[]): number[] {
  const nb = t.ndim - 2;
  const lead = batchShape.length - nb;
  const total = numelOf(batchShape);
  const offs = new Array<number>(total);
  const idx = new Array<number>(batchShape.length).fill(0);
  for (let b = 0; b < total; b++) {
    let off = t.offset;
    for (let d = 0; d < nb; d++) if (t.shape[d] !== 1) off += idx[lead + d] * t.strides[d];
    offs[b] = off;
    for (let d = batchShape.length - 1; d >= 0; d--) {
      if (++idx[d] < batchShape[d]) break;
      idx[d] = 0;
    }
  }
  return offs;
}

function checkKernelDtype(kernel: string, d: DType): void {
  if (d === 'bool') throw notImplemented(kernel, d);
}

const sz = (t: Tensor): string => t.shape.join('x');

export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 2) throw runtimeError('self must be a matrix');
  if (b.ndim !== 2) throw runtimeError('mat2 must be a matrix');
  return mm2(a, b);
}

function mm2(a: Tensor, b: Tensor, shapeA = sz(a)): Tensor {
  if (a.shape[1] !== b.shape[0]) {
    throw runtimeError(`mat1 and mat2 shapes cannot be multiplied (${shapeA} and ${sz(b)})`);
  }
  if (a.dtype !== b.dtype) {
    throw runtimeError(`expected m1 and m2 to have the same dtype, but got: ${cppTypeName(a.dtype)} != ${cppTypeName(b.dtype)}`);
  }
  checkKernelDtype('addmm_impl_cpu_', a.dtype);
  return gemm(a, [a.offset], b, [b.offset], a.shape[0], a.shape[1], b.shape[1], [a.shape[0], b.shape[1]], a.dtype);
}

export function mv(a: Tensor, v: Tensor): Tensor {
  if (a.ndim === 0) throw indexError('Dimension specified as 0 but tensor has no dimensions');
  if (a.ndim !== 2 || v.ndim !== 1) throw runtimeError(`vector + matrix @ vector expected, got 1, ${a.ndim}, ${v.ndim}`);
  if (a.shape[1] !== v.shape[0]) {
    throw runtimeError(`size mismatch, got input (${a.shape[0]}), mat (${sz(a)}), vec (${v.shape[0]})`);
  }
  if (a.dtype !== v.dtype) {
    const [x, y] = [scalarTypeName(v.dtype), scalarTypeName(a.dtype)];
    throw runtimeError(`addmv input tensors must have the same dtype, but got ${x}, ${y}, and ${x}`);
  }
  checkKernelDtype('addmv_impl_cpu', a.dtype);
  const col = new Tensor(v.storage, [v.shape[0], 1], [v.strides[0], 0], v.offset, v.dtype);
  const r = gemm(a, [a.offset], col, [col.offset], a.shape[0], a.shape[1], 1, [a.shape[0]], a.dtype);
  return r;
}

export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) throw runtimeError(`1D tensors expected, but got ${a.ndim}D and ${b.ndim}D tensors`);
  if (a.shape[0] !== b.shape[0]) {
    throw runtimeError(
      `inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`
    );
  }
  if (a.dtype !== b.dtype) {
    throw runtimeError(`dot : expected both vectors to have same dtype, but found ${scalarTypeName(a.dtype)} and ${scalarTypeName(b.dtype)}`);
  }
  checkKernelDtype('dot', a.dtype);
  let s = 0;
  for (let i = 0, p = a.offset, q = b.offset; i < a.shape[0]; i++, p += a.strides[0], q += b.strides[0]) {
    s += a.storage[p] * b.storage[q];
    if ((i & 0xfffff) === 0xfffff) checkDeadline();
  }
  return Tensor.scalar(castValue(a.dtype, s), a.dtype);
}

export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 3) throw runtimeError('batch1 must be a 3D tensor');
  if (b.ndim !== 3) throw runtimeError('batch2 must be a 3D tensor');
  if (a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1]) {
    throw runtimeError(
      `Expected size for first two dimensions of batch2 tensor to be: [${a.shape[0]}, ${a.shape[2]}] but got: [${b.shape[0]}, ${b.shape[1]}].`
    );
  }
  return bmmCore(a, b, [a.shape[0]], [b.shape[0]]);
}

function bmmCore(a: Tensor, b: Tensor, batchA: number[], batchB: number[]): Tensor {
  const batch = broadcastShapes(batchA, batchB);
  const nb = numelOf(batch);
  const [n, m] = [a.shape[a.ndim - 2], a.shape[a.ndim - 1]];
  const [m2, p] = [b.shape[b.ndim - 2], b.shape[b.ndim - 1]];
  if (m !== m2 || (a.ndim === 3 && b.ndim === 3 && batchA[0] !== batchB[0])) {
    const bb = b.ndim === 3 ? b.shape[0] : nb;
    throw runtimeError(`Expected size for first two dimensions of batch2 tensor to be: [${nb}, ${m}] but got: [${bb}, ${m2}].`);
  }
  if (a.dtype !== b.dtype) {
    throw runtimeError(`expected scalar type ${scalarTypeName(a.dtype)} but found ${scalarTypeName(b.dtype)}`);
  }
  checkKernelDtype('bmm', a.dtype);
  return gemm(a, batchOffsets(a, batch), b, batchOffsets(b, batch), n, m, p, [...batch, n, p], a.dtype);
}

function view(t: Tensor, shape: number[], strides: number[]): Tensor {
  return new Tensor(t.storage, shape, strides, t.offset, t.dtype);
}

/** torch.matmul / `@`. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const da = a.ndim;
  const db = b.ndim;
  if (da === 0 || db === 0) {
    throw runtimeError(`both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`);
  }
  if (da === 1 && db === 1) return dot(a, b);
  if (da === 2 && db === 1) return mv(a, b);
  if (da === 1 && db === 2) {
    const r = mm2(view(a, [1, a.shape[0]], [0, a.strides[0]]), b);
    return view(r, [r.shape[1]], [1]);
  }
  if (da === 2 && db === 2) return mm2(a, b);
  if (da >= 3 && db <= 2) {
    // Fold the batch into rows and use one mm/mv, as PyTorch does.
    const ac = contig(a);
    const rows = numelOf(a.shape.slice(0, -1));
    const folded = Tensor.fromStorage(ac.storage.subarray(ac.offset, ac.offset + ac.numel), [rows, a.shape[da - 1]], a.dtype);
    const r = db === 2 ? mm2(folded, b) : mv(folded, b);
    const shape = db === 2 ? [...a.shape.slice(0, -1), b.shape[1]] : a.shape.slice(0, -1);
    return Tensor.fromStorage(r.storage, shape, a.dtype);
  }
  // Batched: 1-D operands become a row/column, batch dims broadcast.
  const A = da === 1 ? view(a, [1, a.shape[0]], [0, a.strides[0]]) : a;
  const B = db === 1 ? view(b, [b.shape[0], 1], [b.strides[0], 0]) : b;
  const r = bmmCore(A, B, A.shape.slice(0, -2), B.shape.slice(0, -2));
  let shape = r.shape;
  if (da === 1) shape = [...shape.slice(0, -2), shape[shape.length - 1]];
  if (db === 1) shape = shape.slice(0, -1);
  return new Tensor(r.storage, shape, contiguousStrides(shape), 0, r.dtype);
}

