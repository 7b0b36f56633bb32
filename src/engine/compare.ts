/**
 * Comparisons, logical and bitwise ops, isclose/allclose/equal.
 * Comparisons promote both sides first (so `int_tensor == 2.5` compares as
 * float) and produce bool tensors.
 */
import { broadcastShapes } from './broadcast';
import { DType, isFloating, isIntegral, scalarTypeName } from './dtype';
import { TorchError, runtimeError } from './errors';
import { BinFn, Operand, binaryKernel, checkCastable, isScalar, promoteOperands, toTensor } from './elementwise';
import { notImplemented, readAll } from './iterate';
import { OP, UOP } from './rowops';
import { Tensor } from './tensor';
import { unaryKernel } from './unary';

function compare(a: Operand, b: Operand, f: BinFn, code = 0): Tensor {
  const dt = promoteOperands(a, b);
  return binaryKernel(toTensor(a, dt), toTensor(b, dt), 'bool', f, undefined, code);
}

export const eq = (a: Operand, b: Operand): Tensor => compare(a, b, (x, y) => (x === y ? 1 : 0), OP.EQ);
export const ne = (a: Operand, b: Operand): Tensor => compare(a, b, (x, y) => (x !== y ? 1 : 0), OP.NE);
export const lt = (a: Operand, b: Operand): Tensor => compare(a, b, (x, y) => (x < y ? 1 : 0), OP.LT);
export const le = (a: Operand, b: Operand): Tensor => compare(a, b, (x, y) => (x <= y ? 1 : 0), OP.LE);
export const gt = (a: Operand, b: Operand): Tensor => compare(a, b, (x, y) => (x > y ? 1 : 0), OP.GT);
export const ge = (a: Operand, b: Operand): Tensor => compare(a, b, (x, y) => (x >= y ? 1 : 0), OP.GE);

// Logical ops treat any nonzero (including NaN) as true.
const truthy = (v: number): boolean => v !== 0;
export const logical_and = (a: Operand, b: Operand): Tensor => compare(a, b, (x, y) => (truthy(x) && truthy(y) ? 1 : 0));
export const logical_or = (a: Operand, b: Operand): Tensor => compare(a, b, (x, y) => (truthy(x) || truthy(y) ? 1 : 0));
export const logical_xor = (a: Operand, b: Operand): Tensor => compare(a, b, (x, y) => (truthy(x) !== truthy(y) ? 1 : 0));
export const logical_not = (x: Tensor): Tensor => unaryKernel(x, 'bool', v => (v === 0 ? 1 : 0), undefined, UOP.NOT);

const I32_MIN = -2147483648;
const I32_MAX = 2147483647;
const small = (v: number): boolean => v >= I32_MIN && v <= I32_MAX;

/** 64-bit two's-complement bitwise op on integer-valued doubles (fast path for 32-bit values). */
function bitop(kind: '&' | '|' | '^'): BinFn {
  return (x, y) => {
    if (small(x) && small(y)) return kind === '&' ? x & y : kind === '|' ? x | y : x ^ y;
    const bx = BigInt(x);
    const by = BigInt(y);
    return Number(BigInt.asIntN(64, kind === '&' ? bx & by : kind === '|' ? bx | by : bx ^ by));
  };
}

function bitwise(name: string, kind: '&' | '|' | '^', a: Operand, b: Operand, inplace?: Tensor): Tensor {
  const dt = promoteOperands(a, b);
  if (!isIntegral(dt, true)) throw notImplemented(`${name}_cpu`, dt);
  if (inplace) checkCastable(dt, inplace.dtype);
  return binaryKernel(toTensor(a, dt), toTensor(b, dt), dt, bitop(kind), inplace);
}

export const bitwise_and = (a: Operand, b: Operand): Tensor => bitwise('bitwise_and', '&', a, b);
export const bitwise_or = (a: Operand, b: Operand): Tensor => bitwise('bitwise_or', '|', a, b);
export const bitwise_xor = (a: Operand, b: Operand): Tensor => bitwise('bitwise_xor', '^', a, b);
export const bitwise_and_ = (a: Tensor, b: Operand): Tensor => bitwise('bitwise_and', '&', a, b, a);
export const bitwise_or_ = (a: Tensor, b: Operand): Tensor => bitwise('bitwise_or', '|', a, b, a);
export const bitwise_xor_ = (a: Tensor, b: Operand): Tensor => bitwise('bitwise_xor', '^', a, b, a);

export function bitwise_not(x: Tensor): Tensor {
  if (x.dtype === 'bool') return unaryKernel(x, 'bool', v => (v ? 0 : 1));
  if (!isIntegral(x.dtype)) throw notImplemented('bitwise_not_cpu', x.dtype);
  return unaryKernel(x, x.dtype, v => -v - 1);
}

/** Python's `~tensor`. */
export function invert(x: Tensor): Tensor {
  if (!isIntegral(x.dtype, true)) {
    throw new TorchError('TypeError', '~ (operator.invert) is only implemented on integer and Boolean-type tensors');
  }
  return bitwise_not(x);
}

export interface CloseOpts {
  rtol?: number;
  atol?: number;
  equal_nan?: boolean;
}

/** torch.isclose: |a-b| <= atol + rtol*|b| (or exactly equal); dtypes must match. */
export function isclose(a: Tensor, b: Operand, opts: CloseOpts = {}): Tensor {
  const bt = isScalar(b) ? toTensor(b, a.dtype) : b;
  if (a.dtype !== bt.dtype) throw runtimeError(`${scalarTypeName(a.dtype)} did not match ${scalarTypeName(bt.dtype)}`);
  const rtol = opts.rtol ?? 1e-5;
  const atol = opts.atol ?? 1e-8;
  const eqNan = opts.equal_nan ?? false;
  if (rtol < 0) throw runtimeError(`rtol must be greater than or equal to zero, but got ${rtol}`);
  if (atol < 0) throw runtimeError(`atol must be greater than or equal to zero, but got ${atol}`);
  const dt: DType = a.dtype;
  // float32 tensors compute the tolerance in float32, like PyTorch's tensor expression.
  const r = dt === 'float32' ? Math.fround : (v: number) => v;
  const rt = r(rtol);
  const f: BinFn = (x, y) => {
    if (x === y) return 1;
    if (x !== x || y !== y) return eqNan && x !== x && y !== y ? 1 : 0;
    if (!isFloating(dt)) return Math.abs(x - y) <= atol + rtol * Math.abs(y) ? 1 : 0;
    const d = r(Math.abs(x - y));
    return Number.isFinite(d) && d <= r(atol + r(rt * Math.abs(y))) ? 1 : 0;
  };
  return binaryKernel(a, bt, 'bool', f);
}

export function allclose(a: Tensor, b: Tensor, opts: CloseOpts = {}): boolean {
  const c = isclose(a, b, opts);
  const v = c.storage;
  for (let i = 0; i < c.numel; i++) if (!v[i]) return false;
  return true;
}

/** torch.equal: same shape and equal values (after promotion); NaN is never equal. */
export function equal(a: Tensor, b: Tensor): boolean {
  if (a.shape.length !== b.shape.length || a.shape.some((s, i) => s !== b.shape[i])) return false;
  broadcastShapes(a.shape, b.shape);
  const dt = promoteOperands(a, b);
  const x = readAll(toTensor(a, dt));
  const y = readAll(toTensor(b, dt));
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
