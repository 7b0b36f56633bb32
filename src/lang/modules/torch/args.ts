/**
 * Argument conversion for the torch bindings: Python values → engine values
 * (scalars, dims, shapes, dtypes, index descriptors, nested data) and engine
 * values → Python values. Also `tfn`, a binder for `torch.*`/`Tensor.*` natives
 * that reproduces PyTorch's C++ argument-parser messages (they differ from
 * plain Python functions: `missing 1 required positional arguments: "dim"`).
 */
import {
  PyValue, PyInstance, PyList, PyTuple, PySlice, PyNative, PyError, EXC, Kwargs, Ellipsis, pyErr, typeName, argSpec, bindArgs, toArray,
  isInt
} from '../../native';
import { Tensor, DType } from '../../../engine';
import type { Index } from '../../../engine/indexing';
import { NestedAdapter, tensorFromNested } from '../../../engine/creation';
import { Operand, Scalar, pyInt, pyFloat, pyBool } from '../../../engine/elementwise';
import { isTensor, unwrap } from './core';
import { dtypeOf, isDtype, isSize, sizeItems } from './pytypes';

// ---------------------------------------------------------------- scalars

export function isPyNumber(v: PyValue): v is number | bigint | boolean {
  return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';
}

/** A Python number as an engine Scalar (keeps its int/float/bool kind for type promotion). */
export function toScalar(v: number | bigint | boolean): Scalar {
  if (typeof v === 'boolean') return pyBool(v);
  if (typeof v === 'bigint') return pyInt(Number(v));
  return pyFloat(v);
}

/** A tensor or Python number operand; null when it is neither (the caller returns NotImplemented). */
export function operandOrNull(v: PyValue): Operand | null {
  if (isTensor(v)) return v.native as Tensor;
  if (isPyNumber(v)) return toScalar(v);
  return null;
}

export function operand(v: PyValue, fname: string, arg = 'other', pos = 2): Operand {
  if (v === undefined) throw pyErr('TypeError', `${fname}() missing 1 required positional arguments: "${arg}"`);
  const o = operandOrNull(v);
  if (o === null) throw pyErr('TypeError', `${fname}(): argument '${arg}' (position ${pos}) must be Tensor, not ${typeName(v)}`);
  return o;
}

/** A tensor, or a Python number made into a 0-d tensor (e.g. `torch.exp(1.0)` is an error, but `where(c, x, 0.)` is fine). */
export function tensorOrScalar(v: PyValue, fname: string, arg: string, pos: number): Tensor | Scalar {
  return operand(v, fname, arg, pos);
}

/** A Python int for an `int` parameter (bools are ints too; floats are not). */
export function intArg(v: PyValue, fname: string, arg: string, pos?: number): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (isTensor(v) && (v.native as Tensor).numel === 1 && !isFloatTensor(v.native as Tensor)) return (v.native as Tensor).at(0);
  const where = pos === undefined ? '' : ` (position ${pos})`;
  throw pyErr('TypeError', `${fname}(): argument '${arg}'${where} must be int, not ${typeName(v)}`);
}

export function optIntArg(v: PyValue, fname: string, arg: string, pos?: number): number | null {
  return v === null ? null : intArg(v, fname, arg, pos);
}

export function floatArg(v: PyValue, fname: string, arg: string, pos?: number): number {
  if (isPyNumber(v)) return Number(v);
  if (isTensor(v) && (v.native as Tensor).numel === 1) return (v.native as Tensor).at(0);
  const where = pos === undefined ? '' : ` (position ${pos})`;
  throw pyErr('TypeError', `${fname}(): argument '${arg}'${where} must be float, not ${typeName(v)}`);
}

export function boolArg(v: PyValue, fname: string, arg: string, pos?: number): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v !== 0n;
  const where = pos === undefined ? '' : ` (position ${pos})`;
  throw pyErr('TypeError', `${fname}(): argument '${arg}'${where} must be bool, not ${typeName(v)}`);
}

const isFloatTensor = (t: Tensor): boolean => t.dtype.startsWith('float') || t.dtype === 'bfloat16';

/** `dim` that may be an int or a tuple/list of ints (sum, mean, logsumexp, amax ...). */
export function dimsArg(v: PyValue, fname: string, pos?: number): number | number[] | null {
  if (v === null) return null;
  if (v instanceof PyTuple || v instanceof PyList || isSize(v)) {
    return toArray(v).map(x => intArg(x, fname, 'dim', pos));
  }
  return intArg(v, fname, 'dim', pos);
}

/** A shape given either as varargs ints (`zeros(2, 3)`) or one sequence (`zeros((2, 3))`, `zeros(x.shape)`). */
export function shapeArgs(args: readonly PyValue[], fname: string, arg = 'size'): number[] {
  if (args.length === 1 && (args[0] instanceof PyTuple || args[0] instanceof PyList || isSize(args[0]))) {
    return toArray(args[0]).map(x => shapeInt(x, fname, arg));
  }
  return args.map(x => shapeInt(x, fname, arg));
}

function shapeInt(v: PyValue, fname: string, arg: string): number {
  if (typeof v === 'bigint') return Number(v);
  if (isTensor(v) && (v.native as Tensor).numel === 1 && !isFloatTensor(v.native as Tensor)) return (v.native as Tensor).at(0);
  throw pyErr('TypeError', `${fname}(): argument '${arg}' must be tuple of ints, but found element of type ${typeName(v)} at pos 0`);
}

export function dtypeArg(v: PyValue, fname: string, arg = 'dtype'): DType | null {
  if (v === null) return null;
  if (isDtype(v)) return dtypeOf(v);
  throw pyErr('TypeError', `${fname}(): argument '${arg}' must be torch.dtype, not ${typeName(v)}`);
}

export function strArg(v: PyValue, fname: string, arg: string): string {
  if (typeof v === 'string') return v;
  throw pyErr('TypeError', `${fname}(): argument '${arg}' must be str, not ${typeName(v)}`);
}

export function optTensor(v: PyValue, fname: string, arg: string): Tensor | null {
  if (v === null) return null;
  if (isTensor(v)) return v.native as Tensor;
  throw pyErr('TypeError', `${fname}(): argument '${arg}' must be Tensor, not ${typeName(v)}`);
}

// ---------------------------------------------------------------- nested data → tensor

/** How engine/creation reads our Python values (lists, tuples, numbers, tensors). */
export const pyAdapter: NestedAdapter = {
  items: x => (x instanceof PyList || x instanceof PyTuple ? x.items : isSize(x as PyValue) ? sizeItems(x as PyValue) : null),
  leaf: x => {
    if (typeof x === 'boolean') return x;
    if (typeof x === 'bigint') return pyInt(Number(x));
    if (typeof x === 'number') return pyFloat(x);
    if (isTensor(x as PyValue)) return (x as PyInstance).native as Tensor;
    return null;
  },
  typeName: x => typeName(x as PyValue)
};

/** `torch.tensor(data)` semantics for a Python value. */
export function tensorFromPy(data: PyValue, dtype: DType | null = null, requiresGrad = false): Tensor {
  if (typeof data === 'string' || (data !== null && typeof data === 'object' && !(data instanceof PyList) && !(data instanceof PyTuple) && !isTensor(data) && !isSize(data))) {
    throw pyErr('TypeError', `new(): invalid data type '${typeName(data)}'`);
  }
  if (data === null) throw pyErr('RuntimeError', 'Could not infer dtype of NoneType');
  checkLeaves(data);
  return tensorFromNested(data, pyAdapter, { dtype: dtype ?? undefined, requiresGrad });
}

function checkLeaves(v: PyValue): void {
  if (v instanceof PyList || v instanceof PyTuple) {
    for (const x of v.items) checkLeaves(x);
    return;
  }
  if (typeof v === 'string') throw pyErr('TypeError', `new(): invalid data type 'str'`);
  if (v === null) throw pyErr('RuntimeError', 'Could not infer dtype of NoneType');
}

// ---------------------------------------------------------------- engine → Python

/** One element as a Python value of the tensor's kind (float/int/bool). */
export function pyScalarOf(v: number, dtype: DType): PyValue {
  if (dtype === 'bool') return v !== 0;
  if (dtype === 'int64' || dtype === 'int32') return BigInt(v);
  return v;
}

/** t.tolist() */
export function toPyList(t: Tensor): PyValue {
  const flat = t.toFlat();
  const d = t.dtype;
  if (t.ndim === 0) return pyScalarOf(flat[0], d);
  let pos = 0;
  const build = (k: number): PyList => {
    const n = t.shape[k];
    const out: PyValue[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = k === t.ndim - 1 ? pyScalarOf(flat[pos++], d) : build(k + 1);
    return new PyList(out);
  };
  return build(0);
}

// ---------------------------------------------------------------- indexing

/** A Python subscript (`x[1:, None, mask]`) as engine index descriptors. */
export function toIndices(key: PyValue): Index[] {
  const parts = key instanceof PyTuple ? key.items : [key];
  return parts.map(indexOf);
}

function sliceField(v: PyValue): number | null {
  if (v === null) return null;
  if (isInt(v)) return Number(v);
  if (isTensor(v) && (v.native as Tensor).numel === 1) return (v.native as Tensor).at(0);
  throw pyErr('TypeError', 'slice indices must be integers or None or have an __index__ method');
}

function indexOf(v: PyValue): Index {
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (typeof v === 'bigint') return { kind: 'int', i: Number(v) };
  if (v === null) return { kind: 'none' };
  if (v === Ellipsis) return { kind: 'ellipsis' };
  if (v instanceof PySlice) return { kind: 'slice', start: sliceField(v.start), stop: sliceField(v.stop), step: sliceField(v.step) };
  if (isTensor(v)) return { kind: 'tensor', t: v.native as Tensor };
  if (v instanceof PyList || v instanceof PyTuple) return { kind: 'tensor', t: tensorFromPy(v) };
  if (typeof v === 'number') {
    throw pyErr('IndexError', 'only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got float)');
  }
  throw pyErr('IndexError', `only integers, slices (\`:\`), ellipsis (\`...\`), None and long or byte Variables are valid indices (got ${typeName(v)})`);
}

// ---------------------------------------------------------------- PyTorch-style binder

/** numpy-style aliases PyTorch's parser accepts for torch.* functions and Tensor methods. */
const ALIASES: Record<string, string> = { axis: 'dim', keepdims: 'keepdim', x1: 'input', x2: 'other' };

/**
 * A torch.* native with a signature like 'input, dim, dtype=None'. Required
 * parameters missing → PyTorch's `missing 1 required positional arguments: "dim"`;
 * other errors as Python's. `method`: a Tensor method (`self` is the first arg,
 * and messages count positions without it).
 */
export function tfn(name: string, sig: string, impl: (...a: PyValue[]) => PyValue, doc = ''): PyNative {
  const spec = argSpec(name, sig);
  const required = spec.params.filter(p => !p.hasDefault && !p.kwOnly).map(p => p.name);
  const f = (args: PyValue[], kwargs: Kwargs): PyValue => {
    let kw = kwargs;
    if (kw && [...kw.keys()].some(k => k in ALIASES)) {
      kw = new Map([...kw].map(([k, v]) => [k in ALIASES && !spec.params.some(p => p.name === k) ? ALIASES[k] : k, v]));
    }
    const missing = required.filter((p, i) => i >= args.length && !(kw && kw.has(p)));
    if (missing.length) {
      const names = missing.map(m => `"${m}"`).join(', ');
      throw pyErr('TypeError', `${name}() missing ${missing.length} required positional arguments: ${names}`);
    }
    try {
      return impl(...bindArgs(spec, args, kw));
    } catch (e) {
      throw kw ? dropKeywordPositions(e, kw) : e;
    }
  };
  return new PyNative(name, f, false, `${name}(${sig})`, doc);
}

/** A Tensor method: like tfn with `self` first (an engine Tensor by the time impl runs). */
export function tmethod(name: string, sig: string, impl: (self: Tensor, ...a: PyValue[]) => PyValue, doc = ''): PyNative {
  return tfn(name, sig ? 'self, ' + sig : 'self', (self, ...a) => impl(unwrap(self, name, 'self', 0), ...a), doc);
}

/** PyTorch names no position for an argument passed by keyword: "argument 'dim' must be int". */
function dropKeywordPositions(e: unknown, kw: Map<string, PyValue>): unknown {
  if (!(e instanceof PyError) || e.exc.klass !== EXC.TypeError) return e;
  const a = e.exc.dict.get('args');
  const msg = a instanceof PyTuple ? a.items[0] : null;
  if (typeof msg !== 'string') return e;
  const m = /argument '(\w+)' \(position \d+\)/.exec(msg);
  if (!m || !kw.has(m[1])) return e;
  return pyErr('TypeError', msg.replace(m[0], `argument '${m[1]}'`));
}
