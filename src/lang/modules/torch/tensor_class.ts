/**
 * torch.Tensor as the cell sees it: attributes (shape, dtype, T, grad ...),
 * methods (every op in functions.ts, conversions, in-place `_` variants) and
 * the Python protocols (operators with scalars on either side, indexing,
 * len/iter/bool/float/int/format, repr via the engine's formatter).
 */
import {
  PyValue, PyInstance, PyIterator, PyTuple, PyNative, PyError, EXC, NotImplemented, Kwargs, rawFn, fn, pyErr, typeName, property
} from '../../native';
import { Tensor, DType, formatTensor, formatParameter, formatTensorSpec, isFloating } from '../../../engine';
import * as EL from '../../../engine/elementwise';
import * as CM from '../../../engine/compare';
import * as UN from '../../../engine/unary';
import * as SE from '../../../engine/select';
import * as SH from '../../../engine/shape';
import * as IX from '../../../engine/indexing';
import type { Index } from '../../../engine/indexing';
import * as RN from '../../../engine/random';
import { TensorClass, ParameterClass, isTensor, track, wrap, unwrap, isGradEnabled } from './core';
import { backward, forget, markInplace, retainGrad } from './autograd';
import {
  tmethod, operandOrNull, intArg, dtypeArg, floatArg, shapeArgs, tensorFromPy, toIndices, toPyList, pyScalarOf, operand, isPyNumber
} from './args';
import { OPS, out, convertTo } from './functions';
import { CPU, dtypeObj, isDtype, dtypeOf, makeSize } from './pytypes';

const cls = TensorClass;
const self = (v: PyValue): Tensor => (v as PyInstance).native as Tensor;

function set(name: string, f: (args: PyValue[], kwargs: Kwargs) => PyValue): void {
  cls.dict.set(name, rawFn(name, f));
}

// ---------------------------------------------------------------- ops as methods

for (const [name, f] of OPS) {
  if (['cat', 'stack', 'concat', 'concatenate', 'where'].includes(name)) continue;
  cls.dict.set(name, asMethod(f));
}

/**
 * The torch.<op> native used as a method. PyTorch counts argument positions
 * without `self` in method errors ("argument 'dim' (position 1)"), so shift them.
 */
function asMethod(f: PyNative): PyNative {
  const inner = f.fn as (a: PyValue[], k: Kwargs) => PyValue;
  return new PyNative(f.name, (args, kwargs) => {
    try {
      return inner(args, kwargs);
    } catch (e) {
      if (e instanceof PyError && e.exc.klass === EXC.TypeError) {
        const a = e.exc.dict.get('args');
        const msg = a instanceof PyTuple ? a.items[0] : null;
        if (typeof msg === 'string' && /\(position \d+\)/.test(msg)) {
          throw pyErr('TypeError', msg.replace(/\(position (\d+)\)/, (_m, n) => `(position ${Number(n) - 1})`));
        }
      }
      throw e;
    }
  }, false, f.signature, f.doc);
}
// x.where(cond, y) is where(cond, x, y).
set('where', ([s, c, o]) => {
  const S = self(s);
  const O = operand(o, 'where', 'other', 2);
  return out(SE.where(self(c), S, O), [S, O], 'WhereBackward0');
});

// ---------------------------------------------------------------- attributes

property(cls, 'shape', s => makeSize(self(s).shape));
property(cls, 'dtype', s => dtypeObj(self(s).dtype));
property(cls, 'ndim', s => BigInt(self(s).ndim));
property(cls, 'device', () => CPU);
property(cls, 'is_cuda', () => false);
property(cls, 'is_leaf', s => self(s).gradFn === null);
property(cls, 'data', s => {
  const X = self(s);
  return wrap(new Tensor(X.storage, [...X.shape], [...X.strides], X.offset, X.dtype));
});
property(cls, 'T', s => {
  const X = self(s);
  const r = SH.numpyT(X); // warns on non-2-D, as PyTorch does
  return out(r, [X], 'PermuteBackward0', { dims: X.shape.map((_, i) => X.ndim - 1 - i) });
});
property(cls, 'mT', s => out(SH.mT(self(s)), [self(s)], 'TransposeBackward0', { dim0: -2, dim1: -1 }));
property(
  cls,
  'requires_grad',
  s => self(s).requiresGrad || self(s).gradFn !== null,
  (s, v) => setRequiresGrad(self(s), v === true)
);
property(
  cls,
  'grad',
  s => (self(s).grad ? wrap(self(s).grad as Tensor) : null),
  (s, v) => {
    self(s).grad = v === null ? null : self(v);
  }
);
property(cls, 'grad_fn', s => (self(s).gradFn ? `<${self(s).gradFn} object>` : null));

function setRequiresGrad(t: Tensor, on: boolean): void {
  if (on && !isFloating(t.dtype)) throw pyErr('RuntimeError', 'only Tensors of floating point and complex dtype can require gradients');
  if (!on && t.gradFn) {
    throw pyErr('RuntimeError', "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
  }
  t.requiresGrad = on;
}

// ---------------------------------------------------------------- size / conversion methods

cls.dict.set('size', tmethod('size', 'dim=None', (X, d) => (d === null ? makeSize(X.shape) : BigInt(X.shape[SH.wrapDim(intArg(d, 'size', 'dim', 1), X.ndim)]))));
cls.dict.set('dim', tmethod('dim', '', X => BigInt(X.ndim)));
cls.dict.set('ndimension', tmethod('ndimension', '', X => BigInt(X.ndim)));
cls.dict.set('nelement', tmethod('nelement', '', X => BigInt(X.numel)));
cls.dict.set('element_size', tmethod('element_size', '', X => BigInt({ float64: 8, int64: 8, float32: 4, int32: 4, float16: 2, bfloat16: 2, bool: 1 }[X.dtype])));
cls.dict.set('stride', tmethod('stride', 'dim=None', (X, d) => (d === null ? new PyTuple(X.strides.map(BigInt)) : BigInt(X.strides[SH.wrapDim(intArg(d, 'stride', 'dim'), X.ndim)]))));
cls.dict.set('is_contiguous', tmethod('is_contiguous', '', X => X.isContiguous()));
cls.dict.set('item', tmethod('item', '', X => pyScalarOf(IX.tensorItem(X), X.dtype)));
cls.dict.set('tolist', tmethod('tolist', '', X => toPyList(X)));
cls.dict.set('numpy', tmethod('numpy', '*, force=False', () => {
  throw pyErr('NotImplementedError', 'Tensor.numpy() is not available in this kernel (there is no NumPy in the browser); use .tolist() instead');
}));
cls.dict.set('cpu', rawFn('cpu', ([s]) => s));
cls.dict.set('cuda', rawFn('cuda', () => {
  throw pyErr('AssertionError', 'Torch not compiled with CUDA enabled');
}));
// contiguous() of a contiguous tensor is the tensor itself (identity matters).
set('contiguous', ([s]) => {
  const X = self(s);
  if (X.isContiguous()) return s;
  return out(SH.contiguous(X), [X], 'CloneBackward0');
});

const CASTS: [string, DType][] = [
  ['float', 'float32'], ['double', 'float64'], ['half', 'float16'], ['bfloat16', 'bfloat16'],
  ['long', 'int64'], ['int', 'int32'], ['bool', 'bool']
];
for (const [name, d] of CASTS) set(name, ([s]) => convertTo(self(s), d, s));

set('to', ([s, ...args], kwargs) => {
  const X = self(s);
  let dtype: DType | null = null;
  let copy = false;
  const consider = (v: PyValue): void => {
    if (isDtype(v)) dtype = dtypeOf(v);
    else if (isTensor(v)) dtype = self(v).dtype;
    else if (typeof v === 'string' || (v instanceof PyInstance && v.klass.name === 'device')) checkDevice(v);
    else if (v !== null && typeof v !== 'boolean') throw pyErr('TypeError', `to() received an invalid combination of arguments - got (${typeName(v)}, )`);
  };
  args.forEach(consider);
  if (kwargs) {
    for (const [k, v] of kwargs) {
      if (k === 'dtype') dtype = dtypeArg(v, 'to');
      else if (k === 'device') checkDevice(v);
      else if (k === 'copy') copy = v === true;
      else if (k !== 'non_blocking' && k !== 'memory_format') throw pyErr('TypeError', `to() got an unexpected keyword argument '${k}'`);
    }
  }
  return convertTo(X, dtype, s, copy);
});

function checkDevice(v: PyValue): void {
  const name = typeof v === 'string' ? v : v instanceof PyInstance ? String(v.native?.type ?? '') : '';
  if (name.startsWith('cuda')) throw pyErr('AssertionError', 'Torch not compiled with CUDA enabled');
  if (name !== 'cpu' && !name.startsWith('cpu:') && name !== '') {
    throw pyErr('RuntimeError', `Expected one of cpu, cuda, ... device type at start of device string: ${name}`);
  }
}

const LEGACY: Record<DType, string> = {
  float32: 'torch.FloatTensor', float64: 'torch.DoubleTensor', float16: 'torch.HalfTensor', bfloat16: 'torch.BFloat16Tensor',
  int64: 'torch.LongTensor', int32: 'torch.IntTensor', bool: 'torch.BoolTensor'
};
set('type', ([s, d]) => {
  const X = self(s);
  if (d === undefined || d === null) return LEGACY[X.dtype];
  if (isDtype(d)) return convertTo(X, dtypeOf(d), s);
  const hit = Object.entries(LEGACY).find(([, n]) => n === d);
  if (hit) return convertTo(X, hit[0] as DType, s);
  throw pyErr('TypeError', `invalid type: '${String(d)}'`);
});
// x.new_zeros(size) & co.: same dtype as x unless dtype= is given.
for (const [name, fill] of [['new_zeros', 0], ['new_ones', 1], ['new_empty', 0]] as const) {
  set(name, ([s, ...args], kwargs) => {
    const dt = kwargs?.has('dtype') ? dtypeArg(kwargs.get('dtype')!, name) : null;
    const t = Tensor.empty(shapeArgs(args, name), dt ?? self(s).dtype);
    if (fill) t.storage.fill(1);
    return wrap(t);
  });
}
set('new_full', ([s, size, v], kwargs) => {
  const dt = kwargs?.has('dtype') ? dtypeArg(kwargs.get('dtype')!, 'new_full') : null;
  const t = Tensor.empty(shapeArgs([size], 'new_full'), dt ?? self(s).dtype);
  EL.copy_(t, operand(v, 'new_full', 'fill_value', 2));
  return wrap(t);
});
set('new_tensor', ([s, data], kwargs) => {
  const dt = kwargs?.has('dtype') ? dtypeArg(kwargs.get('dtype')!, 'new_tensor') : null;
  return wrap(tensorFromPy(data, dt ?? self(s).dtype));
});
set('type_as', ([s, o]) => convertTo(self(s), unwrap(o, 'type_as', 'other').dtype, s));
set('requires_grad_', ([s, v]) => {
  setRequiresGrad(self(s), v === undefined ? true : v === true);
  return s;
});
set('retain_grad', ([s]) => (retainGrad(self(s)), null));
cls.dict.set('backward', tmethod('backward', 'gradient=None, retain_graph=None, create_graph=False, inputs=None', (X, g, retain, create, inputs) => {
  if (create === true) throw pyErr('NotImplementedError', 'create_graph=True (higher-order gradients) is not supported in this kernel');
  if (inputs !== null) throw pyErr('NotImplementedError', 'backward(inputs=...) is not supported in this kernel');
  backward(X, g === null ? null : unwrap(g, 'backward', 'gradient'), retain === true);
  return null;
}));

// ---------------------------------------------------------------- shape methods taking *sizes

for (const name of ['view', 'reshape', 'expand', 'permute', 'repeat', 'tile'] as const) {
  set(name, ([s, ...args], kwargs) => {
    const X = self(s);
    if (name === 'view' && args.length === 1 && isDtype(args[0])) {
      throw pyErr('NotImplementedError', 'Tensor.view(dtype) is not supported');
    }
    const kwShape = kwargs?.get(name === 'permute' ? 'dims' : name === 'expand' ? 'size' : 'shape');
    const shape = shapeArgs(kwShape !== undefined ? [kwShape] : args, name, name === 'permute' ? 'dims' : 'size');
    switch (name) {
      case 'view':
        return out(SH.view(X, shape), [X], 'ViewBackward0');
      case 'reshape':
        return out(SH.reshape(X, shape), [X], 'ViewBackward0');
      case 'expand':
        return out(SH.expand(X, shape), [X], 'ExpandBackward0');
      case 'permute':
        return out(SH.permute(X, shape), [X], 'PermuteBackward0', { dims: shape });
      default:
        return out(repeatTensor(X, shape), [X], 'RepeatBackward0');
    }
  });
}
set('view_as', ([s, o]) => out(SH.view(self(s), self(o).shape), [self(s)], 'ViewBackward0'));
set('reshape_as', ([s, o]) => out(SH.reshape(self(s), self(o).shape), [self(s)], 'ViewBackward0'));
set('expand_as', ([s, o]) => out(SH.expand(self(s), self(o).shape), [self(s)], 'ExpandBackward0'));

/** Tensor.repeat(*sizes): tile the tensor (used for building label grids). */
function repeatTensor(X: Tensor, reps: number[]): Tensor {
  if (reps.length < X.ndim) {
    throw pyErr('RuntimeError', 'Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor');
  }
  const pad = reps.length - X.ndim;
  const src = SH.reshape(X, [...new Array(pad).fill(1), ...X.shape]);
  let cur = src;
  for (let d = 0; d < reps.length; d++) if (reps[d] !== 1) cur = SH.cat(new Array(reps[d]).fill(cur), d);
  return cur === src ? SH.clone(src) : cur;
}

// ---------------------------------------------------------------- in-place variants

/** In place: compute out-of-place, check the result dtype can be cast to self's, copy back. */
function inplace(name: string, base: string): void {
  const f = OPS.get(base);
  if (!f) return;
  set(name, (args, kwargs) => {
    const s = args[0];
    const X = self(s);
    const r = (f.fn as (a: PyValue[], k: Kwargs) => PyValue)(args, kwargs);
    const R = self(r);
    EL.checkCastable(R.dtype, X.dtype);
    if (R.shape.length !== X.shape.length || R.shape.some((n, i) => n !== X.shape[i])) {
      throw pyErr('RuntimeError', `output with shape [${X.shape.join(', ')}] doesn't match the broadcast shape [${R.shape.join(', ')}]`);
    }
    checkLeafInplace(X);
    EL.copy_(X, R);
    if (R.gradFn && !X.requiresGrad) {
      X.gradFn = R.gradFn;
      markInplace(X, R.gradFn);
    }
    return s;
  });
}
function checkLeafInplace(X: Tensor): void {
  if (X.requiresGrad && X.gradFn === null && isGradEnabled()) {
    throw pyErr('RuntimeError', 'a leaf Variable that requires grad is being used in an in-place operation.');
  }
}

for (const base of [
  'add', 'sub', 'mul', 'div', 'pow', 'floor_divide', 'remainder', 'fmod', 'clamp', 'clip', 'clamp_min', 'clamp_max',
  'masked_fill', 'exp', 'log', 'log1p', 'expm1', 'sqrt', 'rsqrt', 'sigmoid', 'tanh', 'relu', 'neg', 'abs', 'sign',
  'floor', 'ceil', 'trunc', 'round', 'reciprocal', 'square', 'nan_to_num', 'scatter', 'scatter_add', 'sin', 'cos',
  'logical_not', 'bitwise_and', 'bitwise_or', 'bitwise_xor', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'atan2', 'maximum', 'minimum',
  'unsqueeze', 'squeeze', 'transpose', 't', 'cumsum'
]) {
  inplace(base + '_', base);
}
set('zero_', ([s]) => {
  checkLeafInplace(self(s));
  EL.copy_(self(s), EL.pyInt(0));
  return s;
});
set('fill_', ([s, v]) => {
  checkLeafInplace(self(s));
  if (v === undefined) throw pyErr('TypeError', 'fill_() missing 1 required positional arguments: "value"');
  const o = operandOrNull(v);
  if (o === null) throw pyErr('TypeError', `fill_(): argument 'value' (position 1) must be Number, not ${typeName(v)}`);
  EL.copy_(self(s), o);
  return s;
});
set('copy_', ([s, src]) => {
  EL.copy_(self(s), operand(src, 'copy_', 'src', 1));
  return s;
});
// In place, so they return the same object (a Parameter stays a Parameter).
cls.dict.set('uniform_', fn('uniform_', 'self, from_=0, to=1, *, generator=None', (s, a, b) => {
  checkLeafInplace(self(s));
  RN.uniform_(self(s), floatArg(a, 'uniform_', 'from'), floatArg(b, 'uniform_', 'to'));
  return s;
}));
cls.dict.set('normal_', fn('normal_', 'self, mean=0, std=1, *, generator=None', (s, m, sd) => {
  checkLeafInplace(self(s));
  RN.normal_(self(s), floatArg(m, 'normal_', 'mean'), floatArg(sd, 'normal_', 'std'));
  return s;
}));
set('detach_', ([s]) => {
  forget(self(s));
  self(s).gradFn = null;
  self(s).requiresGrad = false;
  return s;
});

// ---------------------------------------------------------------- operators

type BinFn = (a: EL.Operand, b: EL.Operand) => Tensor;

function binary(dunder: string, f: BinFn, gradFn: string, rgradFn = gradFn): void {
  set(`__${dunder}__`, ([a, b]) => {
    const B = operandOrNull(b);
    if (B === null) return NotImplemented;
    return out(f(self(a), B), [self(a), B], gradFn);
  });
  set(`__r${dunder}__`, ([a, b]) => {
    const B = operandOrNull(b);
    if (B === null) return NotImplemented;
    // A Tensor on the left lands here when the right one is a subclass (Parameter).
    return out(f(B, self(a)), [B, self(a)], B instanceof Tensor ? gradFn : rgradFn);
  });
  // a += b: in place on the tensor (PyTorch mutates; the name keeps pointing at it).
  set(`__i${dunder}__`, ([a, b]) => {
    const B = operandOrNull(b);
    if (B === null) return NotImplemented;
    const X = self(a);
    const R = f(X, B);
    EL.checkCastable(R.dtype, X.dtype);
    if (R.shape.length !== X.shape.length || R.shape.some((n, i) => n !== X.shape[i])) {
      throw pyErr('RuntimeError', `output with shape [${X.shape.join(', ')}] doesn't match the broadcast shape [${R.shape.join(', ')}]`);
    }
    checkLeafInplace(X);
    EL.copy_(X, R);
    track(R, [X, B], gradFn);
    if (R.gradFn) {
      X.gradFn = R.gradFn;
      markInplace(X, R.gradFn);
    }
    return a;
  });
}
binary('add', (a, b) => EL.add(a, b), 'AddBackward0');
binary('sub', (a, b) => EL.sub(a, b), 'SubBackward0', 'RsubBackward1');
binary('mul', EL.mul, 'MulBackward0');
binary('truediv', (a, b) => EL.div(a, b), 'DivBackward0', 'MulBackward0');
binary('floordiv', EL.floor_divide, 'NotImplemented');
binary('mod', (a, b) => EL.remainder(a, b), 'RemainderBackward0');
binary('pow', (a, b) => EL.pow(a, b), 'PowBackward0', 'PowBackward2');
binary('and', CM.bitwise_and, 'NotImplemented');
binary('or', CM.bitwise_or, 'NotImplemented');
binary('xor', CM.bitwise_xor, 'NotImplemented');
// tensor ** tensor records PowBackward1.
set('__pow__', ([a, b]) => {
  const B = operandOrNull(b);
  if (B === null) return NotImplemented;
  return out(EL.pow(self(a), B), [self(a), B], isTensor(b) ? 'PowBackward1' : 'PowBackward0');
});
const matmul = OPS.get('matmul')!;
set('__matmul__', ([a, b]) => (isTensor(b) ? (matmul.fn as any)([a, b], null) : NotImplemented));
set('__rmatmul__', ([a, b]) => (isTensor(b) ? (matmul.fn as any)([b, a], null) : NotImplemented));

const CMPS: [string, BinFn][] = [['eq', CM.eq], ['ne', CM.ne], ['lt', CM.lt], ['le', CM.le], ['gt', CM.gt], ['ge', CM.ge]];
for (const [name, f] of CMPS) {
  set(`__${name}__`, ([a, b]) => {
    const B = operandOrNull(b);
    if (B === null) return name === 'eq' ? false : name === 'ne' ? true : NotImplemented;
    return wrap(f(self(a), B));
  });
}
set('__neg__', ([a]) => out(UN.neg(self(a)), [self(a)], 'NegBackward0'));
set('__pos__', ([a]) => a);
set('__abs__', ([a]) => out(UN.abs(self(a)), [self(a)], 'AbsBackward0'));
set('__invert__', ([a]) => wrap(CM.invert(self(a))));

// ---------------------------------------------------------------- Python protocols

set('__getitem__', ([s, k]) => {
  const X = self(s);
  const idx = toIndices(k);
  const r = IX.getItem(X, idx);
  const basic = idx.every(i => i.kind !== 'tensor');
  return out(r, [X], basic ? basicIndexGradFn(idx) : 'IndexBackward0', { index: (t: Tensor) => IX.getItem(t, idx) });
});
/** The autograd node of a basic index: the last view op applied (full slices are skipped). */
function basicIndexGradFn(idx: readonly Index[]): string {
  let gf = 'AliasBackward0';
  for (const i of idx) {
    if (i.kind === 'int') gf = 'SelectBackward0';
    else if (i.kind === 'none') gf = 'UnsqueezeBackward0';
    else if (i.kind === 'slice' && (i.start != null || i.stop != null || (i.step != null && i.step !== 1))) gf = 'SliceBackward0';
  }
  return gf;
}
set('__setitem__', ([s, k, v]) => {
  const X = self(s);
  let val: Tensor | number | boolean;
  if (isTensor(v)) val = self(v);
  else if (typeof v === 'bigint') val = Number(v);
  else if (typeof v === 'number' || typeof v === 'boolean') val = v;
  else throw pyErr('TypeError', `can't assign a ${typeName(v)} to a ${LEGACY[X.dtype].replace('torch.', 'torch.')}`);
  IX.setItem(X, toIndices(k), val);
  return null;
});
set('__len__', ([s]) => {
  const X = self(s);
  if (X.ndim === 0) throw pyErr('TypeError', 'len() of a 0-d tensor');
  return BigInt(X.shape[0]);
});
set('__iter__', ([s]) => {
  const X = self(s);
  if (X.ndim === 0) throw pyErr('TypeError', 'iteration over a 0-d tensor');
  function* rows(): Generator<PyValue> {
    for (let i = 0; i < X.shape[0]; i++) yield out(SH.select(X, 0, i), [X], 'UnbindBackward0');
  }
  return new PyIterator(rows());
});
set('__contains__', ([s, v]) => {
  const o = operandOrNull(v);
  if (o === null) throw pyErr('RuntimeError', `Tensor.__contains__ only supports Tensor or scalar, but you passed in a ${typeName(v)}.`);
  return IX.tensorItem(reduceAny(CM.eq(self(s), o))) !== 0;
});
function reduceAny(t: Tensor): Tensor {
  let any = 0;
  for (let i = 0; i < t.numel; i++) if (t.at(i)) any = 1;
  return Tensor.scalar(any, 'bool');
}
set('__bool__', ([s]) => {
  const X = self(s);
  if (X.numel === 0) throw pyErr('RuntimeError', 'Boolean value of Tensor with no values is ambiguous');
  if (X.numel > 1) throw pyErr('RuntimeError', 'Boolean value of Tensor with more than one value is ambiguous');
  return X.at(0) !== 0;
});
function oneValue(X: Tensor): number {
  if (X.numel !== 1) throw pyErr('ValueError', 'only one element tensors can be converted to Python scalars');
  return X.at(0);
}
set('__float__', ([s]) => oneValue(self(s)));
set('__int__', ([s]) => {
  const v = oneValue(self(s));
  if (!Number.isFinite(v)) throw pyErr(v !== v ? 'ValueError' : 'OverflowError', v !== v ? 'cannot convert float NaN to integer' : 'cannot convert float infinity to integer');
  return BigInt(Math.trunc(v));
});
set('__index__', ([s]) => {
  const X = self(s);
  if (isFloating(X.dtype) || X.numel !== 1) {
    throw pyErr('TypeError', 'only integer tensors of a single element can be converted to an index');
  }
  return BigInt(X.at(0));
});
set('__format__', ([s, spec]) => formatTensorSpec(self(s), typeof spec === 'string' ? spec : ''));
set('__repr__', ([s]) => formatTensor(self(s)));
set('__hash__', ([s]) => BigInt((s as PyInstance).id));
set('__array__', () => {
  throw pyErr('NotImplementedError', 'NumPy is not available in this kernel');
});

// nn.Parameter prints "Parameter containing:" and always requires grad.
ParameterClass.dict.set('__repr__', rawFn('__repr__', ([s]) => formatParameter(self(s))));

export { isPyNumber };
