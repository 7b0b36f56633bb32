/**
 * Unary elementwise math. Integer/bool inputs to transcendental ops promote to
 * float32 (the default dtype), as PyTorch does. float32 results are rounded on
 * store; multi-step formulas (sigmoid, rsqrt) round each step like the float32
 * kernels. Transcendentals use Math.* in double: PyTorch's vectorised (Sleef)
 * float32 versions may differ in the last bit. Exception: float32 exp of
 * FAST_MIN_NUMEL elements or more uses the wasm vector exp (≤ 2 ulp, float32
 * denormal results flush to 0), the size policy of the wasm softmax kernels.
 */
import { DType, castValue, isFloating } from './dtype';
import { runtimeError } from './errors';
import { checkCastable } from './elementwise';
import { unaryFast } from './elementwise_fast';
import { nditer, notImplemented, roundHalfInPlace } from './iterate';
import { UOP, unaryRow } from './rowops';
import { Tensor } from './tensor';

export type UnFn = (x: number) => number;

/** out[i] = f(x[i]) in logical order; `out` (same shape) for in-place ops; `code` picks an inlined loop. */
export function unaryKernel(x: Tensor, outDtype: DType, f: UnFn, out?: Tensor, code = 0): Tensor {
  const o = out ?? Tensor.empty(x.shape, outDtype);
  // Contiguous float32/float64: monomorphic flat loops, wasm exp when large (elementwise_fast.ts).
  if (code !== 0 && unaryFast(code, o, x)) return o;
  const O = o.storage;
  const X = x.storage;
  const boolOut = o.dtype === 'bool';
  const fast = code !== 0 && (!boolOut || code === UOP.ISNAN || code === UOP.ISFINITE || code === UOP.NOT || code === UOP.COPY);
  nditer(x.shape, [o.strides, x.strides], [o.offset, x.offset], (p, n, st) => {
    if (fast && unaryRow(code, O, p[0], st[0], X, p[1], st[1], n)) return;
    let po = p[0];
    let px = p[1];
    const so = st[0];
    const sx = st[1];
    if (boolOut) for (let i = 0; i < n; i++, po += so, px += sx) O[po] = f(X[px]) ? 1 : 0;
    else for (let i = 0; i < n; i++, po += so, px += sx) O[po] = f(X[px]);
  });
  roundHalfInPlace(o);
  return o;
}

const r32 = (dt: DType): UnFn => (dt === 'float32' ? Math.fround : (v: number) => v);

/** Float-valued op: ints/bools compute in float32. */
function floatOp(x: Tensor, make: (r: UnFn) => UnFn, inplace?: Tensor, code = 0): Tensor {
  const dt = isFloating(x.dtype) ? x.dtype : 'float32';
  if (inplace) checkCastable(dt, inplace.dtype);
  const f = make(r32(dt === 'float64' ? dt : 'float32'));
  if (code === UOP.SIGMOID32 && dt === 'float64') code = UOP.SIGMOID64;
  return unaryKernel(x, dt, f, inplace, code);
}

const id: UnFn = v => v;
export const exp = (x: Tensor): Tensor => floatOp(x, () => Math.exp, undefined, UOP.EXP);
export const exp2 = (x: Tensor): Tensor => floatOp(x, () => v => Math.pow(2, v));
export const log = (x: Tensor): Tensor => floatOp(x, () => Math.log, undefined, UOP.LOG);
export const log2 = (x: Tensor): Tensor => floatOp(x, () => Math.log2);
export const log10 = (x: Tensor): Tensor => floatOp(x, () => Math.log10);
export const log1p = (x: Tensor): Tensor => floatOp(x, () => Math.log1p, undefined, UOP.LOG1P);
export const expm1 = (x: Tensor): Tensor => floatOp(x, () => Math.expm1, undefined, UOP.EXPM1);
export const sqrt = (x: Tensor): Tensor => floatOp(x, () => Math.sqrt, undefined, UOP.SQRT);
export const rsqrt = (x: Tensor): Tensor => floatOp(x, r => v => 1 / r(Math.sqrt(v)));
export const sin = (x: Tensor): Tensor => floatOp(x, () => Math.sin);
export const cos = (x: Tensor): Tensor => floatOp(x, () => Math.cos);
export const tan = (x: Tensor): Tensor => floatOp(x, () => Math.tan);
export const tanh = (x: Tensor): Tensor => floatOp(x, () => Math.tanh, undefined, UOP.TANH);
export const atan = (x: Tensor): Tensor => floatOp(x, () => Math.atan);
export const reciprocal = (x: Tensor): Tensor => floatOp(x, () => v => 1 / v, undefined, UOP.RECIP);
/** Plain logistic sigmoid 1/(1+exp(-x)); float32 rounds each step like the CPU kernel. */
export const sigmoid = (x: Tensor): Tensor => floatOp(x, r => v => 1 / r(1 + r(Math.exp(-v))), undefined, UOP.SIGMOID32);
export const exp_ = (x: Tensor): Tensor => floatOp(x, () => Math.exp, x, UOP.EXP);
export const log_ = (x: Tensor): Tensor => floatOp(x, () => Math.log, x, UOP.LOG);
export const sqrt_ = (x: Tensor): Tensor => floatOp(x, () => Math.sqrt, x, UOP.SQRT);
export const sigmoid_ = (x: Tensor): Tensor => floatOp(x, r => v => 1 / r(1 + r(Math.exp(-v))), x, UOP.SIGMOID32);
export const tanh_ = (x: Tensor): Tensor => floatOp(x, () => Math.tanh, x, UOP.TANH);

export function neg(x: Tensor, inplace?: Tensor): Tensor {
  if (x.dtype === 'bool') {
    throw runtimeError(
      'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.'
    );
  }
  return unaryKernel(x, x.dtype, v => -v, inplace, UOP.NEG);
}
export const neg_ = (x: Tensor): Tensor => neg(x, x);

/** Unary `+t`: the tensor itself; bool is rejected as in PyTorch. */
export function positive(x: Tensor): Tensor {
  if (x.dtype === 'bool') throw runtimeError('The `+` operator, on a bool tensor is not supported.');
  return x;
}

export function abs(x: Tensor, inplace?: Tensor): Tensor {
  if (x.dtype === 'bool') throw notImplemented('abs_cpu', 'bool');
  return unaryKernel(x, x.dtype, Math.abs, inplace, UOP.ABS);
}
export const abs_ = (x: Tensor): Tensor => abs(x, x);

export function relu(x: Tensor, inplace?: Tensor): Tensor {
  if (x.dtype === 'bool') throw runtimeError('Boolean inputs not supported for relu');
  // NaN stays NaN (PyTorch's clamp_min(0) propagates it).
  return unaryKernel(x, x.dtype, v => (v < 0 ? 0 : v), inplace, UOP.RELU);
}
export const relu_ = (x: Tensor): Tensor => relu(x, x);

export function sign(x: Tensor): Tensor {
  return unaryKernel(x, x.dtype, v => (v > 0 ? 1 : v < 0 ? -1 : 0));
}

export function sgn(x: Tensor): Tensor {
  return sign(x);
}

/** Round half to even. */
export function roundHalfEven(v: number): number {
  if (!Number.isFinite(v)) return v;
  const f = Math.floor(v);
  const d = v - f;
  let r = d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
  if (r === 0 && (v < 0 || Object.is(v, -0))) r = -0;
  return r;
}

function intIdentityOr(x: Tensor, kernel: string, f: UnFn, intsOk = true): Tensor {
  if (x.dtype === 'bool' || (!intsOk && !isFloating(x.dtype))) throw notImplemented(kernel, x.dtype);
  if (!isFloating(x.dtype)) return unaryKernel(x, x.dtype, id, undefined, UOP.COPY);
  return unaryKernel(x, x.dtype, f);
}

export const floor = (x: Tensor): Tensor => intIdentityOr(x, 'floor_vml_cpu', Math.floor);
export const ceil = (x: Tensor): Tensor => intIdentityOr(x, 'ceil_vml_cpu', Math.ceil);
export const trunc = (x: Tensor): Tensor => intIdentityOr(x, 'trunc_vml_cpu', Math.trunc);
export const fix = trunc;
export const frac = (x: Tensor): Tensor => intIdentityOr(x, 'frac_cpu', v => v - Math.trunc(v), false);

export interface RoundOpts {
  decimals?: number;
}

/** torch.round: half-to-even; with `decimals`, scale by 10**d in the tensor dtype first. */
export function round(x: Tensor, opts: RoundOpts = {}): Tensor {
  const dec = opts.decimals ?? 0;
  if (dec === 0) return intIdentityOr(x, 'round_vml_cpu', roundHalfEven);
  if (!isFloating(x.dtype)) throw notImplemented('round_cpu', x.dtype);
  const r = r32(x.dtype === 'float64' ? 'float64' : 'float32');
  const p = r(Math.pow(10, Math.abs(dec)));
  const f: UnFn = dec > 0 ? v => r(roundHalfEven(r(v * p))) / p : v => roundHalfEven(r(v / p)) * p;
  return unaryKernel(x, x.dtype, f);
}

/** torch.square = pow(x, 2): bool promotes to int64. */
export function square(x: Tensor): Tensor {
  const dt = x.dtype === 'bool' ? 'int64' : x.dtype;
  return unaryKernel(x, dt, v => v * v, undefined, UOP.SQUARE);
}

export const isnan = (x: Tensor): Tensor => unaryKernel(x, 'bool', v => (v !== v ? 1 : 0), undefined, UOP.ISNAN);
export const isinf = (x: Tensor): Tensor => unaryKernel(x, 'bool', v => (v === Infinity || v === -Infinity ? 1 : 0));
export const isposinf = (x: Tensor): Tensor => unaryKernel(x, 'bool', v => (v === Infinity ? 1 : 0));
export const isneginf = (x: Tensor): Tensor => unaryKernel(x, 'bool', v => (v === -Infinity ? 1 : 0));
export const isfinite = (x: Tensor): Tensor => unaryKernel(x, 'bool', v => (Number.isFinite(v) ? 1 : 0), undefined, UOP.ISFINITE);

/** Largest finite value of a float dtype (nan_to_num's default replacement for inf). */
export function finfoMax(d: DType): number {
  switch (d) {
    case 'float64':
      return Number.MAX_VALUE;
    case 'float16':
      return 65504;
    case 'bfloat16':
      return 3.3895313892515355e38;
    default:
      return 3.4028234663852886e38;
  }
}

export interface NanToNumOpts {
  nan?: number;
  posinf?: number | null;
  neginf?: number | null;
}

export function nan_to_num(x: Tensor, opts: NanToNumOpts = {}, inplace?: Tensor): Tensor {
  if (!isFloating(x.dtype)) return unaryKernel(x, x.dtype, id, inplace);
  const dt = x.dtype;
  const nan = castValue(dt, opts.nan ?? 0);
  const pos = castValue(dt, opts.posinf ?? finfoMax(dt));
  const negv = castValue(dt, opts.neginf ?? -finfoMax(dt));
  return unaryKernel(x, dt, v => (v !== v ? nan : v === Infinity ? pos : v === -Infinity ? negv : v), inplace);
}

export const nan_to_num_ = (x: Tensor, opts: NanToNumOpts = {}): Tensor => nan_to_num(x, opts, x);
