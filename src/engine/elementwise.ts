/**
 * Binary arithmetic with broadcasting and PyTorch type promotion.
 *
 * Operands are tensors or Python scalars tagged with their Python type, since
 * `x + 2` and `x + 2.0` promote differently. Each op computes in double and
 * stores into the result's typed array: a Float32Array store rounds exactly
 * like a float32 kernel for + - * / (single rounding), Int32Array wraps like
 * int32, and int64 values are exact doubles up to 2**53.
 */
import { broadcastShapes } from './broadcast';
import { DType, OperandKind, castValue, isFloating, isIntegral, resultType, scalarTypeName } from './dtype';
import { TorchError, runtimeError } from './errors';
import { broadcastStrides, castIfLossy, nditer, notImplemented, roundHalfInPlace } from './iterate';
import { binaryFast } from './elementwise_fast';
import { OP, binaryRow } from './rowops';
import { Tensor } from './tensor';

export type ScalarKind = 'int' | 'float' | 'bool';
/** A Python number (int/float/bool) passed to a tensor op. */
export interface Scalar {
  scalar: number;
  kind: ScalarKind;
}
export type Operand = Tensor | Scalar;

export const pyInt = (v: number): Scalar => ({ scalar: v, kind: 'int' });
export const pyFloat = (v: number): Scalar => ({ scalar: v, kind: 'float' });
export const pyBool = (v: boolean | number): Scalar => ({ scalar: v ? 1 : 0, kind: 'bool' });

export function isScalar(x: Operand): x is Scalar {
  return !(x instanceof Tensor);
}

export function scalarDType(k: ScalarKind): DType {
  return k === 'bool' ? 'bool' : k === 'int' ? 'int64' : 'float64';
}

function kindOf(x: Operand): { dtype: DType; kind: OperandKind } {
  if (isScalar(x)) return { dtype: x.kind === 'float' ? 'float32' : scalarDType(x.kind), kind: 'scalar' };
  return { dtype: x.dtype, kind: x.ndim === 0 ? 'zerodim' : 'tensor' };
}

/** Result dtype of an op over these operands (PyTorch's `torch.result_type`). */
export function promoteOperands(...xs: Operand[]): DType {
  return resultType(xs.map(kindOf));
}

/** Turn an operand into a tensor of the compute dtype (scalars become 0-d). */
export function toTensor(x: Operand, dtype: DType, opmathScalar = true): Tensor {
  // Half/bfloat16 arithmetic kernels read CPU scalars (Python numbers, 0-d tensors) at float32 precision.
  const half = opmathScalar && (dtype === 'float16' || dtype === 'bfloat16');
  if (isScalar(x)) return Tensor.scalar(x.scalar, half ? 'float32' : dtype);
  if (half && x.ndim === 0) return castIfLossy(x, 'float32');
  return castIfLossy(x, dtype);
}

export function shapeOf(x: Operand): number[] {
  return isScalar(x) ? [] : x.shape;
}

export type BinFn = (x: number, y: number) => number;

/**
 * out[i] = f(a[i], b[i]) over the broadcast shape; `out` given for in-place ops.
 * `code` (rowops.OP) selects an inlined loop for hot ops; `f` is the fallback.
 */
export function binaryKernel(a: Tensor, b: Tensor, outDtype: DType, f: BinFn, out?: Tensor, code = 0, k = 1): Tensor {
  const shape = broadcastShapes(a.shape, b.shape);
  if (out) checkInplaceShape(out, shape);
  const o = out ?? Tensor.empty(shape, outDtype);
  // Contiguous float32/float64 arithmetic: monomorphic flat loops (elementwise_fast.ts).
  if (code !== 0 && binaryFast(code, o, a, b, k, !out)) return o;
  const O = o.storage;
  const A = a.storage;
  const B = b.storage;
  const boolOut = o.dtype === 'bool';
  const intOut = o.dtype === 'int64';
  // Arithmetic loops would store 2 for True+True; bool results need the 0/1 fallback.
  const fast = code !== 0 && !(boolOut && code < OP.EQ) && !(intOut && code === OP.DIV);
  nditer(shape, [o.strides, broadcastStrides(a, shape), broadcastStrides(b, shape)], [o.offset, a.offset, b.offset], (p, n, st) => {
    if (fast && binaryRow(code, O, p[0], st[0], A, p[1], st[1], B, p[2], st[2], n, k)) return;
    let po = p[0];
    let pa = p[1];
    let pb = p[2];
    const so = st[0];
    const sa = st[1];
    const sb = st[2];
    if (boolOut) {
      for (let i = 0; i < n; i++, po += so, pa += sa, pb += sb) O[po] = f(A[pa], B[pb]) !== 0 ? 1 : 0;
    } else if (intOut) {
      for (let i = 0; i < n; i++, po += so, pa += sa, pb += sb) O[po] = wrapInt64(f(A[pa], B[pb]));
    } else {
      for (let i = 0; i < n; i++, po += so, pa += sa, pb += sb) O[po] = f(A[pa], B[pb]);
    }
  });
  roundHalfInPlace(o);
  return o;
}

/** int64 results live in doubles; keep them integral (NaN → 0 as the C cast would). */
function wrapInt64(v: number): number {
  return Number.isInteger(v) ? v : castValue('int64', v);
}

export function checkInplaceShape(out: Tensor, shape: readonly number[]): void {
  if (out.shape.length !== shape.length || out.shape.some((s, i) => s !== shape[i])) {
    throw runtimeError(`output with shape [${out.shape.join(', ')}] doesn't match the broadcast shape [${shape.join(', ')}]`);
  }
}

const CATEGORY: Record<DType, number> = { bool: 0, int32: 1, int64: 1, float16: 2, bfloat16: 2, float32: 2, float64: 2 };

/** PyTorch's can_cast for in-place results. */
export function checkCastable(result: DType, out: DType): void {
  if (CATEGORY[result] > CATEGORY[out]) {
    throw runtimeError(`result type ${scalarTypeName(result)} can't be cast to the desired output type ${scalarTypeName(out)}`);
  }
}

/** Shared driver: promote, cast inputs, run `f` (chosen per compute dtype), optionally in place. */
export function binary(
  a: Operand,
  b: Operand,
  make: (dt: DType) => BinFn,
  opts: { out?: DType; inplace?: Tensor; code?: number } = {}
): Tensor {
  const dt = promoteOperands(a, b);
  const outDt = opts.out ?? dt;
  if (opts.inplace) checkCastable(outDt, opts.inplace.dtype);
  return binaryKernel(toTensor(a, dt), toTensor(b, dt), outDt, make(dt), opts.inplace, opts.code ?? 0);
}

const bothBool = (a: Operand, b: Operand): boolean => dtypeOf(a) === 'bool' && dtypeOf(b) === 'bool';
export const dtypeOf = (x: Operand): DType => (isScalar(x) ? scalarDType(x.kind) : x.dtype);

// float32 rounding of intermediates inside multi-step formulas.
const rounder = (dt: DType): ((v: number) => number) => (dt === 'float32' ? Math.fround : (v: number) => v);

function alphaValue(alpha: Scalar | undefined, dt: DType): number | null {
  if (alpha === undefined) return null;
  if (isIntegral(dt, true) && alpha.kind === 'float') {
    throw runtimeError('For integral input tensors, argument alpha must not be a floating point number.');
  }
  if (alpha.kind === 'bool' && dt !== 'bool') throw runtimeError('Boolean alpha only supported for Boolean results.');
  return castValue(dt, alpha.scalar);
}

export interface AlphaOpts {
  alpha?: Scalar;
}

export function add(a: Operand, b: Operand, opts: AlphaOpts = {}): Tensor {
  return addImpl(a, b, opts.alpha, 1);
}

export function add_(self: Tensor, b: Operand, opts: AlphaOpts = {}): Tensor {
  return addImpl(self, b, opts.alpha, 1, self);
}

function checkSub(a: Operand, b: Operand): void {
  if (bothBool(a, b)) {
    throw runtimeError('Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.');
  }
  if (dtypeOf(a) === 'bool' || dtypeOf(b) === 'bool') {
    throw runtimeError(
      'Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.'
    );
  }
}

export function sub(a: Operand, b: Operand, opts: AlphaOpts = {}): Tensor {
  checkSub(a, b);
  return addImpl(a, b, opts.alpha, -1);
}

export function sub_(self: Tensor, b: Operand, opts: AlphaOpts = {}): Tensor {
  checkSub(self, b);
  return addImpl(self, b, opts.alpha, -1, self);
}

/** a + sign*alpha*b; alpha is rounded to the compute dtype first, as PyTorch does. */
function addImpl(a: Operand, b: Operand, alpha: Scalar | undefined, sign: number, inplace?: Tensor): Tensor {
  const dt = promoteOperands(a, b);
  if (inplace) checkCastable(dt, inplace.dtype);
  const al = alphaValue(alpha, dt);
  const A = toTensor(a, dt);
  const B = toTensor(b, dt);
  if (dt === 'bool') return binaryKernel(A, B, dt, al === null ? (x, y) => x + y : (x, y) => x + al * y, inplace);
  const k = al === null ? sign : sign * al;
  const code = k === 1 ? OP.ADD : k === -1 ? OP.SUB : OP.ADDK;
  return binaryKernel(A, B, dt, (x, y) => x + k * y, inplace, code, k);
}

export function mul(a: Operand, b: Operand): Tensor {
  return binary(a, b, () => (x, y) => x * y, { code: OP.MUL });
}

export function mul_(self: Tensor, b: Operand): Tensor {
  return binary(self, b, () => (x, y) => x * y, { inplace: self, code: OP.MUL });
}

export type RoundingMode = 'trunc' | 'floor' | null | undefined;

export interface DivOpts {
  rounding_mode?: RoundingMode;
}

export function div(a: Operand, b: Operand, opts: DivOpts = {}): Tensor {
  return divImpl(a, b, opts.rounding_mode);
}

export function div_(self: Tensor, b: Operand, opts: DivOpts = {}): Tensor {
  return divImpl(self, b, opts.rounding_mode, self);
}

export const true_divide = (a: Operand, b: Operand): Tensor => divImpl(a, b, null);

function divImpl(a: Operand, b: Operand, mode: RoundingMode, inplace?: Tensor): Tensor {
  if (mode !== null && mode !== undefined && mode !== 'trunc' && mode !== 'floor') {
    throw runtimeError(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${mode}'`);
  }
  const dt = promoteOperands(a, b);
  if (!mode && isScalar(a) && !isScalar(b) && !inplace) {
    // `3 / t` is Tensor.__rtruediv__ = t.reciprocal() * 3 in PyTorch (rounds twice in float32).
    const fdt = isFloating(b.dtype) ? b.dtype : 'float32';
    const bt = toTensor(b, fdt);
    return mul(binaryKernel(Tensor.scalar(1, fdt), bt, fdt, (x, y) => x / y, undefined, OP.DIV), a);
  }
  if (!mode) {
    // True division always yields a float; ints compute in float32 (the default dtype).
    const fdt = isFloating(dt) ? dt : 'float32';
    if (inplace) checkCastable(fdt, inplace.dtype);
    return binaryKernel(toTensor(a, fdt), toTensor(b, fdt), fdt, (x, y) => x / y, inplace, OP.DIV);
  }
  if (dt === 'bool') throw notImplemented(mode === 'floor' ? 'div_floor_cpu' : 'div_trunc_cpu', 'bool');
  if (inplace) checkCastable(dt, inplace.dtype);
  const A = toTensor(a, dt);
  const B = toTensor(b, dt);
  if (!isFloating(dt)) checkIntZero(B);
  const r = rounder(dt);
  const f: BinFn = isFloating(dt)
    ? mode === 'trunc'
      ? (x, y) => Math.trunc(r(x / y))
      : (x, y) => floorDivFloat(x, y, r)
    : mode === 'trunc'
      ? (x, y) => Math.trunc(x / y)
      : floorDivInt;
  return binaryKernel(A, B, dt, f, inplace);
}

/** Integer division/remainder by zero raises, as in PyTorch ("ZeroDivisionError" as a RuntimeError). */
function checkIntZero(b: Tensor): void {
  let zero = false;
  const s = b.storage;
  nditer(b.shape, [b.strides], [b.offset], (p, n, st) => {
    for (let k = 0, i = p[0]; k < n && !zero; k++, i += st[0]) if (s[i] === 0) zero = true;
  });
  if (zero) throw runtimeError('ZeroDivisionError');
}

function floorDivInt(x: number, y: number): number {
  const q = Math.trunc(x / y);
  return x % y !== 0 && x < 0 !== y < 0 ? q - 1 : q;
}

/** Python's float floor division (what PyTorch's div_floor uses for floats). */
function floorDivFloat(a: number, b: number, r: (v: number) => number): number {
  if (b === 0) return r(a / b);
  const mod = a % b;
  let d = r(r(a - mod) / b);
  if (mod !== 0 && b < 0 !== mod < 0) d = r(d - 1);
  if (d === 0) {
    const q = a / b;
    return q < 0 || Object.is(q, -0) ? -0 : 0;
  }
  let fd = Math.floor(d);
  if (d - fd > 0.5) fd += 1;
  return fd;
}

export function floor_divide(a: Operand, b: Operand): Tensor {
  return divImpl(a, b, 'floor');
}

export function floor_divide_(self: Tensor, b: Operand): Tensor {
  return divImpl(self, b, 'floor', self);
}

/** torch.remainder / `%`: the result has the sign of the divisor (Python semantics). */
export function remainder(a: Operand, b: Operand, inplace?: Tensor): Tensor {
  const dt = promoteOperands(a, b);
  if (dt === 'bool') throw notImplemented('remainder_cpu', 'bool');
  if (inplace) checkCastable(dt, inplace.dtype);
  const A = toTensor(a, dt, false);
  const B = toTensor(b, dt, false);
  if (!isFloating(dt)) checkIntZero(B);
  const r = rounder(dt);
  const f: BinFn = (x, y) => {
    const m = x % y;
    return m !== 0 && m < 0 !== y < 0 ? r(m + y) : m;
  };
  return binaryKernel(A, B, dt, f, inplace);
}

export const remainder_ = (self: Tensor, b: Operand): Tensor => remainder(self, b, self);

/** torch.fmod: C fmod, sign of the dividend. */
export function fmod(a: Operand, b: Operand): Tensor {
  const dt = promoteOperands(a, b);
  if (dt === 'bool') throw notImplemented('fmod_cpu', 'bool');
  const B = toTensor(b, dt, false);
  if (!isFloating(dt)) checkIntZero(B);
  return binaryKernel(toTensor(a, dt, false), B, dt, (x, y) => x % y);
}

export function pow(a: Operand, b: Operand, inplace?: Tensor): Tensor {
  const dt = promoteOperands(a, b);
  if (dt === 'bool') {
    if (!isScalar(b)) throw notImplemented('pow', 'bool');
    return binaryKernel(toTensor(a, dt), toTensor(b, dt), dt, cpow, inplace);
  }
  if (inplace) checkCastable(dt, inplace.dtype);
  if (!isFloating(dt) && isScalar(b) && b.scalar < 0 && b.kind !== 'float') {
    throw runtimeError('Integers to negative integer powers are not allowed.');
  }
  const A = toTensor(a, dt);
  if (isFloating(dt) && isScalar(b)) return binaryKernel(A, Tensor.scalar(0, dt), dt, powScalarFn(b.scalar, dt), inplace);
  return binaryKernel(A, toTensor(b, dt), dt, isFloating(dt) ? cpow : intPow, inplace);
}

export const pow_ = (self: Tensor, b: Operand): Tensor => pow(self, b, self);

/** PyTorch special-cases common float exponents (x*x, sqrt, 1/x …); float32 rounds each step. */
function powScalarFn(e: number, dt: DType): BinFn {
  const r = rounder(dt);
  if (e === 2) return x => x * x;
  if (e === 3) return x => r(x * x) * x;
  if (e === 0.5) return x => Math.sqrt(x);
  if (e === -0.5) return x => 1 / r(Math.sqrt(x));
  if (e === -1) return x => 1 / x;
  if (e === -2) return x => 1 / r(x * x);
  const ee = dt === 'float32' ? Math.fround(e) : e;
  return x => cpow(x, ee);
}

/** C pow: unlike Math.pow, 1**y == 1 and (-1)**±inf == 1 even for NaN/inf y. */
function cpow(x: number, y: number): number {
  if (x === 1) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}

/** Integer power: exact repeated squaring; negative exponents give 0 except for ±1 bases. */
function intPow(base: number, exp: number): number {
  if (exp < 0) {
    if (base === 1) return 1;
    if (base === -1) return exp % 2 === 0 ? 1 : -1;
    return 0;
  }
  let result = 1;
  let b = base;
  let e = exp;
  while (e > 0) {
    if (e & 1) result *= b;
    b *= b;
    e = Math.floor(e / 2);
  }
  return result;
}

function requireTensor(name: string, x: Operand): Tensor {
  if (isScalar(x)) {
    const tn = x.kind === 'float' ? 'float' : x.kind === 'bool' ? 'bool' : 'int';
    throw new TorchError('TypeError', `${name}(): argument 'other' (position 2) must be Tensor, not ${tn}`);
  }
  return x;
}

/** torch.maximum/minimum: tensors only, NaN propagates. */
export function maximum(a: Tensor, b: Operand): Tensor {
  requireTensor('maximum', b);
  return binary(a, b, () => (x, y) => (x !== x || y !== y ? NaN : x > y ? x : y), { code: OP.MAX });
}

export function minimum(a: Tensor, b: Operand): Tensor {
  requireTensor('minimum', b);
  return binary(a, b, () => (x, y) => (x !== x || y !== y ? NaN : x < y ? x : y), { code: OP.MIN });
}

/** torch.fmax/fmin: NaN is ignored when the other side is a number. */
export function fmax(a: Tensor, b: Tensor): Tensor {
  return binary(a, b, () => (x, y) => (x !== x ? y : y !== y ? x : x > y ? x : y));
}

export function fmin(a: Tensor, b: Tensor): Tensor {
  return binary(a, b, () => (x, y) => (x !== x ? y : y !== y ? x : x < y ? x : y));
}

export function atan2(a: Operand, b: Operand): Tensor {
  const dt = promoteOperands(a, b);
  const fdt = isFloating(dt) ? dt : 'float32';
  return binaryKernel(toTensor(a, fdt), toTensor(b, fdt), fdt, Math.atan2);
}

/** Copy `src` (broadcast) into `dst` in place, casting (Tensor.copy_). */
export function copy_(dst: Tensor, src: Operand): Tensor {
  const s = isScalar(src) ? Tensor.scalar(src.scalar, scalarDType(src.kind)) : src;
  const dt = dst.dtype;
  binaryKernel(dst, s, dt, (_x, y) => castValue(dt, y), dst);
  return dst;
}

