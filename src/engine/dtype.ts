/**
 * Dtypes, their storage and PyTorch's type promotion.
 *
 * Storage choices (why): float32 lives in Float32Array so arithmetic rounds the
 * way PyTorch's float32 kernels do (Math.fround after each op). int64 lives in a
 * Float64Array: exact to 2**53, which covers every index, label and count a
 * softmax notebook produces, and keeps every kernel on one fast number type.
 * float16/bfloat16 are emulated: stored as float32, rounded on write.
 */
import { runtimeError } from './errors';

export type DType = 'float32' | 'float64' | 'float16' | 'bfloat16' | 'int64' | 'int32' | 'bool';

export type Storage = Float32Array | Float64Array | Int32Array | Uint8Array;

export const ALL_DTYPES: DType[] = ['float32', 'float64', 'float16', 'bfloat16', 'int64', 'int32', 'bool'];

export function isFloating(d: DType): boolean {
  return d === 'float32' || d === 'float64' || d === 'float16' || d === 'bfloat16';
}

export function isIntegral(d: DType, includeBool = false): boolean {
  return d === 'int64' || d === 'int32' || (includeBool && d === 'bool');
}

/** Bytes per element as PyTorch counts them (used by the memory cap and `element_size`). */
export function itemSize(d: DType): number {
  switch (d) {
    case 'float64':
    case 'int64':
      return 8;
    case 'float32':
    case 'int32':
      return 4;
    case 'float16':
    case 'bfloat16':
      return 2;
    case 'bool':
      return 1;
  }
}

/** Bytes per element in *our* storage. */
export function storageItemSize(d: DType): number {
  switch (d) {
    case 'float64':
    case 'int64':
      return 8;
    case 'bool':
      return 1;
    default:
      return 4;
  }
}

/** The name PyTorch uses in kernel error messages: "not implemented for 'Long'". */
export function scalarTypeName(d: DType): string {
  return {
    float32: 'Float',
    float64: 'Double',
    float16: 'Half',
    bfloat16: 'BFloat16',
    int64: 'Long',
    int32: 'Int',
    bool: 'Bool'
  }[d];
}

/** `torch.float32` etc. as printed by `repr(dtype)`. */
export function dtypeRepr(d: DType): string {
  return `torch.${d}`;
}

/** Python category used by promotion: bool < int < float. */
function category(d: DType): number {
  return d === 'bool' ? 0 : isIntegral(d) ? 1 : 2;
}

const FLOAT_RANK: Record<string, number> = { float16: 1, bfloat16: 1, float32: 2, float64: 3 };
const INT_RANK: Record<string, number> = { int32: 1, int64: 2 };

/** torch.promote_types for two tensor dtypes. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  const ca = category(a);
  const cb = category(b);
  if (ca !== cb) return ca > cb ? a : b;
  if (ca === 2) {
    if ((a === 'float16' && b === 'bfloat16') || (a === 'bfloat16' && b === 'float16')) return 'float32';
    return FLOAT_RANK[a] >= FLOAT_RANK[b] ? a : b;
  }
  if (ca === 1) return INT_RANK[a] >= INT_RANK[b] ? a : b;
  return 'bool';
}

/**
 * Result dtype of a binary op between tensors, with PyTorch's rule that
 * dimensioned tensors outrank zero-dim tensors, which outrank Python scalars,
 * unless the lower-priority operand is of a higher category (bool < int < float).
 * `kind` is 'tensor' (dim > 0), 'zerodim' (0-d tensor) or 'scalar' (Python number);
 * a scalar's dtype is bool/int64/float32-as-"float" (default dtype).
 */
export type OperandKind = 'tensor' | 'zerodim' | 'scalar';

export function resultType(operands: { dtype: DType; kind: OperandKind }[]): DType {
  const best: Record<OperandKind, DType | null> = { tensor: null, zerodim: null, scalar: null };
  for (const o of operands) {
    const cur = best[o.kind];
    best[o.kind] = cur === null ? o.dtype : promoteTypes(cur, o.dtype);
  }
  let result: DType | null = best.tensor;
  for (const k of ['zerodim', 'scalar'] as OperandKind[]) {
    const d = best[k];
    if (d === null) continue;
    if (result === null) {
      result = d;
    } else if (category(d) > category(result)) {
      // A higher category from a lower-priority operand: use the default dtype of
      // that category (float32 for Python floats), or the 0-d tensor's dtype.
      result = k === 'scalar' ? (category(d) === 2 ? 'float32' : 'int64') : d;
    }
  }
  return result ?? 'float32';
}

export function newStorage(d: DType, n: number): Storage {
  switch (d) {
    case 'float64':
    case 'int64':
      return new Float64Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'bool':
      return new Uint8Array(n);
    default:
      return new Float32Array(n);
  }
}

/** Round a JS number to what a dtype can hold (used when writing elements). */
export function castValue(d: DType, v: number): number {
  switch (d) {
    case 'float32':
      return Math.fround(v);
    case 'float64':
      return v;
    case 'float16':
      return roundHalf(v);
    case 'bfloat16':
      return roundBFloat16(v);
    case 'int64':
      if (!Number.isFinite(v)) return v !== v ? 0 : v > 0 ? 9223372036854775807 : -9223372036854775808;
      return Math.trunc(v);
    case 'int32':
      return v | 0;
    case 'bool':
      return v !== 0 ? 1 : 0;
  }
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function roundBFloat16(v: number): number {
  f32[0] = v;
  if (v !== v) return v;
  const bits = u32[0];
  const rounded = (bits + 0x7fff + ((bits >>> 16) & 1)) & 0xffff0000;
  u32[0] = rounded >>> 0;
  return f32[0];
}

function roundHalf(v: number): number {
  if (!Number.isFinite(v) || v === 0) return v;
  const a = Math.abs(v);
  if (a >= 65520) return v > 0 ? Infinity : -Infinity;
  // Spacing of half floats at this magnitude (subnormals below 2**-14).
  const e = Math.max(Math.floor(Math.log2(a)), -14);
  const ulp = Math.pow(2, e - 10);
  const q = a / ulp;
  let r = Math.round(q);
  if (Math.abs(q - Math.trunc(q) - 0.5) < 1e-12 && r % 2 === 1) r -= 1; // ties to even
  return Math.sign(v) * r * ulp;
}

export function parseDType(name: string): DType {
  const map: Record<string, DType> = {
    float32: 'float32',
    float: 'float32',
    float64: 'float64',
    double: 'float64',
    float16: 'float16',
    half: 'float16',
    bfloat16: 'bfloat16',
    int64: 'int64',
    long: 'int64',
    int32: 'int32',
    int: 'int32',
    bool: 'bool'
  };
  const d = map[name];
  if (!d) throw runtimeError(`unsupported dtype ${name}`);
  return d;
}

/** Decode IEEE 754 binary16 bits (as stored in .npy '<f2' and torch HalfStorage). */
export function halfBitsToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}
