/**
 * Tensor creation: torch.tensor from nested data, zeros/ones/full/empty(+_like),
 * arange, linspace, eye. All storage goes through allocStorage (memory cap).
 */
import { DType, isFloating } from './dtype';
import { Tensor, allocStorage, contiguousStrides, numelOf } from './tensor';
import { runtimeError, typeError, valueError } from './errors';
import { checkDeadline, fillChecked, tickDeadline } from './deadline';
import { castFn, castScalar, checkScalarFits, emptyPreserving } from './convert';
import { fmtShape } from './shape';
import { Scalar, ScalarKind, pyInt } from './elementwise';

/**
 * A Python scalar as the engine receives it: Engine B's tagged `Scalar`
 * (`pyInt(3)`, `pyFloat(0.5)`, `pyBool(true)` from elementwise.ts), or for
 * convenience a bare JS number (= Python float) or boolean (= Python bool).
 */
export type PyScalar = number | boolean | Scalar;

export function scalarKind(v: PyScalar): ScalarKind {
  return typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'float' : v.kind;
}

export function scalarValue(v: PyScalar): number {
  return typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'number' ? v : v.scalar;
}

/** The default dtype PyTorch gives a Python scalar of this kind. */
export function defaultDtypeFor(kind: ScalarKind): DType {
  return kind === 'bool' ? 'bool' : kind === 'int' ? 'int64' : 'float32';
}

export interface CreateOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

/** Nested data for `tensor()`: arrays of PyScalars, with 0-d (or 1-element) tensors allowed as leaves. */
export type Nested = PyScalar | Tensor | readonly Nested[];

/**
 * How `tensorFromNested` reads the interpreter's own values, so no conversion
 * pass is needed on the caller's side.
 */
export interface NestedAdapter {
  /** The elements when x is a list/tuple, else null. */
  items(x: unknown): readonly unknown[] | null;
  /** x as a scalar, a Tensor, or null when it is neither (→ TypeError). */
  leaf(x: unknown): PyScalar | Tensor | null;
  /** Python type name for error messages ('list', 'str', …). */
  typeName?(x: unknown): string;
}

const isTaggedScalar = (x: unknown): x is Scalar =>
  typeof x === 'object' && x !== null && 'kind' in x && 'scalar' in x;

/** Adapter for plain JS data (the `Nested` type). */
export const jsAdapter: NestedAdapter = {
  items: x => (Array.isArray(x) ? x : null),
  leaf: x =>
    typeof x === 'number' || typeof x === 'boolean' || x instanceof Tensor || isTaggedScalar(x)
      ? (x as PyScalar | Tensor)
      : null,
  typeName: x => (Array.isArray(x) ? 'list' : typeof x === 'string' ? 'str' : typeof x)
};

const KIND_RANK: Record<ScalarKind, number> = { bool: 0, int: 1, float: 2 };

/** `torch.tensor(data, dtype=None, requires_grad=False)` for plain JS data. */
export function tensor(data: Nested, opts: CreateOptions = {}): Tensor {
  return tensorFromNested(data, jsAdapter, opts);
}

/** `torch.tensor` reading any nested representation through an adapter. */
export function tensorFromNested(
  data: unknown,
  ad: NestedAdapter,
  opts: CreateOptions = {}
): Tensor {
  const top = ad.leaf(data);
  if (top instanceof Tensor) {
    // torch.tensor(t): a detached copy (PyTorch also warns; the interpreter may).
    return fromTensorLeaf(top, opts);
  }
  // Shape comes from following the first element at each depth.
  const shape: number[] = [];
  let cur: unknown = data;
  for (;;) {
    const it = ad.items(cur);
    if (!it) {
      break;
    }
    shape.push(it.length);
    if (it.length === 0) {
      break;
    }
    cur = it[0];
  }
  // Dtype inference scans every leaf (bool < int < float; tensor leaves bring their dtype).
  let inferred: DType | null = null;
  if (!opts.dtype) {
    let rank = -1;
    let tensorFloat: DType | null = null;
    const scan = (x: unknown): void => {
      const it = ad.items(x);
      if (it) {
        tickDeadline(it.length);
        for (const y of it) {
          scan(y);
        }
        return;
      }
      const l = ad.leaf(x);
      if (l === null) {
        return;
      } // reported during fill
      if (l instanceof Tensor) {
        const k: ScalarKind = isFloating(l.dtype) ? 'float' : l.dtype === 'bool' ? 'bool' : 'int';
        if (k === 'float') {
          tensorFloat = tensorFloat && tensorFloat !== l.dtype ? 'float64' : l.dtype;
        }
        rank = Math.max(rank, KIND_RANK[k]);
      } else {
        rank = Math.max(rank, KIND_RANK[scalarKind(l)]);
      }
    };
    scan(data);
    inferred =
      rank === 2
        ? (tensorFloat ?? 'float32')
        : rank === 1
          ? 'int64'
          : rank === 0
            ? 'bool'
            : 'float32';
  }
  const dtype = opts.dtype ?? (inferred as DType);
  const n = numelOf(shape);
  const storage = allocStorage(dtype, n);
  const nd = shape.length;
  const intTarget = dtype === 'int64' || dtype === 'int32';
  let pos = 0;
  const castF = castFn('float64', dtype);
  const castI = castFn('int64', dtype);
  const put = (v: number, fromFloat: boolean): void => {
    if (fromFloat) {
      if (intTarget) {
        checkScalarFits(v, dtype);
      }
      storage[pos++] = castF ? castF(v) : v;
    } else {
      if (intTarget) {
        checkScalarFits(v, dtype);
      }
      storage[pos++] = castI ? castI(v) : v;
    }
  };
  const fill = (x: unknown, depth: number): void => {
    const it = ad.items(x);
    if (depth < nd) {
      if (!it) {
        throw typeError('not a sequence');
      }
      if (it.length !== shape[depth]) {
        throw valueError(
          `expected sequence of length ${shape[depth]} at dim ${depth} (got ${it.length})`
        );
      }
      tickDeadline(it.length);
      for (let k = 0; k < it.length; k++) {
        fill(it[k], depth + 1);
      }
      return;
    }
    const l = it ? null : ad.leaf(x);
    if (l === null) {
      const name = ad.typeName ? ad.typeName(x) : 'object';
      if (intTarget || dtype === 'bool') {
        throw typeError(`'${name}' object cannot be interpreted as an integer`);
      }
      throw typeError(`must be real number, not ${name}`);
    }
    if (l instanceof Tensor) {
      if (l.numel !== 1) {
        throw valueError('only one element tensors can be converted to Python scalars');
      }
      put(l.at(0), isFloating(l.dtype));
      return;
    }
    put(scalarValue(l), scalarKind(l) === 'float');
  };
  fill(data, 0);
  return new Tensor(
    storage,
    shape,
    contiguousStrides(shape),
    0,
    dtype,
    checkRequiresGrad(dtype, opts.requiresGrad)
  );
}

function fromTensorLeaf(src: Tensor, opts: CreateOptions): Tensor {
  const dtype = opts.dtype ?? src.dtype;
  const out = new Tensor(
    allocStorage(dtype, src.numel),
    [...src.shape],
    contiguousStrides(src.shape),
    0,
    dtype
  );
  const cast = castFn(src.dtype, dtype);
  let i = 0;
  for (const p of src.indices()) {
    out.storage[i++] = cast ? cast(src.storage[p]) : src.storage[p];
    if ((i & 0xffff) === 0) {
      checkDeadline();
    }
  }
  out.requiresGrad = checkRequiresGrad(dtype, opts.requiresGrad);
  return out;
}

/** requires_grad=True is only allowed for floating dtypes. */
export function checkRequiresGrad(dtype: DType, requiresGrad?: boolean): boolean {
  if (requiresGrad && !isFloating(dtype)) {
    throw runtimeError('Only Tensors of floating point and complex dtype can require gradients');
  }
  return !!requiresGrad;
}

/** Validate a requested size: PyTorch's negative-dimension error. */
export function checkSize(shape: readonly number[], fn?: string): number[] {
  for (const s of shape) {
    if (!Number.isInteger(s)) {
      throw typeError(`${fn ?? 'empty'}(): argument 'size' must be tuple of ints`);
    }
    if (s < 0) {
      // zeros with an explicit integer dtype goes through another check with its own text.
      if (fn === 'zeros') {
        throw runtimeError('zeros: Dimension size must be non-negative.');
      }
      throw runtimeError(
        `Trying to create tensor with negative dimension ${s}: ${fmtShape(shape)}`
      );
    }
  }
  return [...shape];
}

function make(shape: readonly number[], dtype: DType, requiresGrad?: boolean, fn?: string): Tensor {
  const s = checkSize(shape, fn);
  return new Tensor(
    allocStorage(dtype, numelOf(s)),
    s,
    contiguousStrides(s),
    0,
    dtype,
    checkRequiresGrad(dtype, requiresGrad)
  );
}

/** `torch.empty(*size)` (zero-filled: typed arrays are). */
export function empty(shape: readonly number[], opts: CreateOptions = {}): Tensor {
  return make(shape, opts.dtype ?? 'float32', opts.requiresGrad);
}

/** `torch.zeros(*size)`. */
export function zeros(shape: readonly number[], opts: CreateOptions = {}): Tensor {
  return make(shape, opts.dtype ?? 'float32', opts.requiresGrad, 'zeros');
}

/** `torch.ones(*size)`. */
export function ones(shape: readonly number[], opts: CreateOptions = {}): Tensor {
  const t = make(shape, opts.dtype ?? 'float32', opts.requiresGrad);
  fillChecked(t.storage, 1);
  return t;
}

/** `torch.full(size, fill_value)`: dtype inferred from the Python scalar's kind. */
export function full(shape: readonly number[], value: PyScalar, opts: CreateOptions = {}): Tensor {
  const dtype = opts.dtype ?? defaultDtypeFor(scalarKind(value));
  const t = make(shape, dtype, opts.requiresGrad);
  fillChecked(t.storage, castScalar(scalarValue(value), dtype));
  return t;
}

/** `torch.full_like` (and the other *_like): same shape, dtype unless given, PyTorch's preserved strides. */
export function fullLike(t: Tensor, value: PyScalar, opts: CreateOptions = {}): Tensor {
  const dtype = opts.dtype ?? t.dtype;
  const out = emptyPreserving(t, dtype);
  fillChecked(out.storage, castScalar(scalarValue(value), dtype));
  out.requiresGrad = checkRequiresGrad(dtype, opts.requiresGrad);
  return out;
}
export const emptyLike = (t: Tensor, opts: CreateOptions = {}): Tensor => fullLike(t, 0, opts);
export const zerosLike = (t: Tensor, opts: CreateOptions = {}): Tensor => fullLike(t, 0, opts);
export const onesLike = (t: Tensor, opts: CreateOptions = {}): Tensor => fullLike(t, 1, opts);

/** A 0-d tensor from a Python scalar (dtype from its kind unless given). */
export function scalarTensor(value: PyScalar, dtype?: DType): Tensor {
  return full([], value, { dtype });
}

function fmtRangeNum(v: number): string {
  return Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v);
}

/**
 * `torch.arange(end)`, `arange(start, end, step=1)`. int64 when every argument is
 * a Python int, else float32. Length = ceil((end - start) / step).
 */
export function arange(
  start: PyScalar,
  end?: PyScalar,
  step: PyScalar = pyInt(1),
  opts: CreateOptions = {}
): Tensor {
  if (end === undefined) {
    end = start;
    start = pyInt(0);
  }
  const allInt = [start, end, step].every(v => scalarKind(v) !== 'float');
  const dtype = opts.dtype ?? (allInt ? 'int64' : 'float32');
  let a = scalarValue(start);
  let b = scalarValue(end);
  let s = scalarValue(step);
  if (!(s > 0 || s < 0)) {
    throw runtimeError('step must be nonzero');
  }
  if (!isFloating(dtype)) {
    // Integer results: PyTorch converts the bounds to the integer type first.
    a = Math.trunc(a);
    b = Math.trunc(b);
    s = Math.trunc(s);
    if (s === 0) {
      // e.g. step 0.5 with dtype=int64
      throw valueError('step must be nonzero');
    }
  }
  if (!Number.isFinite(a) || !Number.isFinite(b)) {
    throw runtimeError(`unsupported range: ${fmtRangeNum(a)} -> ${fmtRangeNum(b)}`);
  }
  if (!((s > 0 && b >= a) || (s < 0 && b <= a))) {
    throw runtimeError('upper bound and lower bound inconsistent with step sign');
  }
  const n = Math.ceil((b - a) / s);
  const t = make([n], dtype, opts.requiresGrad);
  const out = t.storage;
  const cast = castFn('float64', dtype);
  // PyTorch computes in double with fused multiply-adds; its SIMD path fills blocks of
  // V lanes (AVX2: 8 floats / 4 doubles) from a per-block base, the tail one by one.
  const V = dtype === 'float32' ? 8 : dtype === 'float64' ? 4 : 0;
  const vecEnd = V ? Math.floor(n / (2 * V)) * 2 * V : 0;
  for (let i = 0; i < n; i++) {
    let v: number;
    if (i < vecEnd) {
      const blk = i - (i % V);
      let base = fma(s, blk, a);
      if (dtype === 'float32') {
        base = Math.fround(base);
      }
      v = fma(s, i - blk, base);
    } else {
      v = fma(s, i, a);
    }
    out[i] = cast ? cast(v) : v;
    if ((i & 0xffff) === 0xffff) {
      checkDeadline();
    }
  }
  return t;
}

const SPLIT = 134217729; // 2**27 + 1, Veltkamp splitting constant

/** x*y + z with one rounding (error-free product and sum; correct except in rare double-rounding ties). */
function fma(x: number, y: number, z: number): number {
  const p = x * y;
  if (!Number.isFinite(p) || p === 0) {
    return p + z;
  }
  const cx = SPLIT * x;
  const xh = cx - (cx - x);
  const xl = x - xh;
  const cy = SPLIT * y;
  const yh = cy - (cy - y);
  const yl = y - yh;
  const pe = xh * yh - p + xh * yl + xl * yh + xl * yl;
  const sum = p + z;
  const bb = sum - p;
  const se = p - (sum - bb) + (z - bb);
  return sum + (se + pe);
}

/**
 * `torch.linspace(start, end, steps)`. Like PyTorch's CPU kernel: the first half
 * counts up from start, the second half counts down from end, so both ends are exact.
 */
export function linspace(
  start: number,
  end: number,
  steps: number,
  opts: CreateOptions = {}
): Tensor {
  if (steps < 0) {
    throw runtimeError('number of steps must be non-negative');
  }
  const dtype = opts.dtype ?? 'float32';
  const t = make([steps], dtype, opts.requiresGrad);
  const out = t.storage;
  if (steps === 0) {
    return t;
  }
  const cast = castFn('float64', dtype);
  if (steps === 1) {
    out[0] = cast ? cast(start) : start;
    return t;
  }
  let step = (end - start) / (steps - 1);
  let a = start;
  let b = end;
  if (dtype === 'float32' || dtype === 'float16' || dtype === 'bfloat16') {
    // The step is a float32 computed from float32 bounds.
    a = Math.fround(a);
    b = Math.fround(b);
    step = Math.fround(Math.fround(b - a) / (steps - 1));
  }
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) {
    // One rounding per value, as PyTorch's fused multiply-add.
    const v = i < half ? fma(step, i, a) : fma(-step, steps - i - 1, b);
    out[i] = cast ? cast(v) : v;
    if ((i & 0xffff) === 0xffff) {
      checkDeadline();
    }
  }
  return t;
}

/** `torch.eye(n, m=n)`. */
export function eye(n: number, m?: number, opts: CreateOptions = {}): Tensor {
  if (n < 0) {
    throw runtimeError(`n must be greater or equal to 0, got ${n}`);
  }
  const cols = m ?? n;
  if (cols < 0) {
    throw runtimeError(`m must be greater or equal to 0, got ${cols}`);
  }
  const t = make([n, cols], opts.dtype ?? 'float32', opts.requiresGrad);
  const k = Math.min(n, cols);
  for (let i = 0; i < k; i++) {
    t.storage[i * cols + i] = 1;
  }
  return t;
}
