/**
 * The tensor operations, each bound once as a native with PyTorch's signature
 * ('input, dim, ...'). torch.<name> is the native; Tensor.<name> is the same
 * native used as a method (self binds to `input`), as in PyTorch where
 * `x.softmax(1)` and `torch.softmax(x, 1)` share one schema.
 */
import { PyValue, PyNative, PyTuple, PyList, pyErr, toArray, typeName } from '../../native';
import { Tensor, DType } from '../../../engine';
import * as SM from '../../../engine/softmax';
import * as EL from '../../../engine/elementwise';
import * as UN from '../../../engine/unary';
import * as RD from '../../../engine/reduce';
import * as SO from '../../../engine/sort';
import * as LA from '../../../engine/linalg';
import * as SE from '../../../engine/select';
import * as CM from '../../../engine/compare';
import * as SH from '../../../engine/shape';
import * as IX from '../../../engine/indexing';
import * as CV from '../../../engine/convert';
import * as OS from './order_stats';
import * as CO from './count_ops';
import { isTensor, track, unwrap, wrap } from './core';
import type { Ctx } from './autograd';
import {
  tfn, operand, operandOrNull, intArg, optIntArg, dimsArg, dtypeArg, boolArg, floatArg, isPyNumber, toScalar, shapeArgs, strArg
} from './args';
import { returnType } from './pytypes';

type Impl = (...a: PyValue[]) => PyValue;

/** Every op by name; torch_functions.ts and tensor_class.ts pick from here. */
export const OPS = new Map<string, PyNative>();

function def(name: string, sig: string, impl: Impl, doc = ''): PyNative {
  const f = tfn(name, sig, impl, doc);
  OPS.set(name, f);
  return f;
}

/** Wrap an engine result, recording its autograd node name. */
export function out(t: Tensor, inputs: readonly unknown[], gradFn: string, ctx?: Ctx): PyValue {
  return wrap(track(t, inputs, gradFn, ctx));
}

const T = (v: PyValue, name: string, arg = 'input', pos = 1): Tensor => unwrap(v, name, arg, pos);

function camel(name: string): string {
  return name
    .split('_')
    .map(s => s.charAt(0).toUpperCase() + s.slice(1))
    .join('');
}

// ---------------------------------------------------------------- unary

const UNARY: [string, (x: Tensor) => Tensor, string?][] = [
  ['exp', UN.exp], ['exp2', UN.exp2], ['log', UN.log], ['log2', UN.log2], ['log10', UN.log10],
  ['log1p', UN.log1p, 'Log1PBackward0'], ['expm1', UN.expm1], ['sqrt', UN.sqrt], ['rsqrt', UN.rsqrt],
  ['sin', UN.sin], ['cos', UN.cos], ['tan', UN.tan], ['tanh', UN.tanh], ['atan', UN.atan],
  ['reciprocal', UN.reciprocal], ['sigmoid', SM.logistic], ['neg', x => UN.neg(x)], ['negative', x => UN.neg(x), 'NegBackward0'],
  ['abs', x => UN.abs(x)], ['absolute', x => UN.abs(x), 'AbsBackward0'], ['relu', x => UN.relu(x)], ['sign', UN.sign], ['sgn', UN.sgn],
  ['floor', UN.floor], ['ceil', UN.ceil], ['trunc', UN.trunc], ['frac', UN.frac], ['square', UN.square, 'PowBackward0'],
  ['isnan', UN.isnan], ['isinf', UN.isinf], ['isfinite', UN.isfinite], ['isposinf', UN.isposinf], ['isneginf', UN.isneginf],
  ['logical_not', CM.logical_not], ['bitwise_not', CM.bitwise_not]
];
for (const [name, f, gf] of UNARY) {
  def(name, 'input', x => out(f(T(x, name)), [(x as any).native], gf ?? camel(name) + 'Backward0'), `${name}(input) -> Tensor\n\nElementwise ${name}.`);
}
def('round', 'input, *, decimals=0', (x, d) => {
  const dec = intArg(d, 'round', 'decimals');
  return out(UN.round(T(x, 'round'), { decimals: dec }), [(x as any).native], dec ? 'RoundBackward1' : 'RoundBackward0');
});
def('nan_to_num', 'input, nan=0.0, posinf=None, neginf=None', (x, nan, pos, neg) =>
  out(UN.nan_to_num(T(x, 'nan_to_num'), {
    nan: floatArg(nan, 'nan_to_num', 'nan'),
    posinf: pos === null ? null : floatArg(pos, 'nan_to_num', 'posinf'),
    neginf: neg === null ? null : floatArg(neg, 'nan_to_num', 'neginf')
  }), [(x as any).native], 'NanToNumBackward0')
);

// ---------------------------------------------------------------- binary

/** Ops whose first operand may be a Python scalar only through the r-dunders. */
function binaryDef(name: string, f: (a: EL.Operand, b: EL.Operand) => Tensor, gradFn: string, sig = 'input, other'): void {
  def(name, sig, (a, b) => {
    const A = T(a, name);
    const B = operand(b, name);
    return out(f(A, B), [A, B], gradFn);
  });
}
def('add', 'input, other, *, alpha=None', (a, b, alpha) => {
  const A = T(a, 'add');
  const B = operand(b, 'add');
  const al = alpha === null ? {} : { alpha: toScalar(alpha as number) };
  return out(EL.add(A, B, al), [A, B], 'AddBackward0', { alpha: alpha === null ? 1 : Number(alpha) });
});
def('sub', 'input, other, *, alpha=None', (a, b, alpha) => {
  const A = T(a, 'sub');
  const B = operand(b, 'sub');
  const al = alpha === null ? {} : { alpha: toScalar(alpha as number) };
  return out(EL.sub(A, B, al), [A, B], 'SubBackward0', { alpha: alpha === null ? 1 : Number(alpha) });
});
OPS.set('subtract', OPS.get('sub')!);
binaryDef('mul', EL.mul, 'MulBackward0');
OPS.set('multiply', OPS.get('mul')!);
def('div', 'input, other, *, rounding_mode=None', (a, b, rm) => {
  const A = T(a, 'div');
  const B = operand(b, 'div');
  if (rm !== null && rm !== 'trunc' && rm !== 'floor') {
    throw pyErr('RuntimeError', `div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${rm}'`);
  }
  return out(EL.div(A, B, { rounding_mode: rm as EL.RoundingMode }), [A, B], 'DivBackward0');
});
OPS.set('divide', OPS.get('div')!);
OPS.set('true_divide', OPS.get('div')!);
binaryDef('floor_divide', EL.floor_divide, 'FloorDivideBackward0');
binaryDef('remainder', (a, b) => EL.remainder(a, b), 'RemainderBackward0');
binaryDef('fmod', EL.fmod, 'FmodBackward0');
binaryDef('atan2', EL.atan2, 'Atan2Backward0');
def('pow', 'input, exponent', (a, b) => {
  const A = operand(a, 'pow', 'input', 1);
  const B = operand(b, 'pow', 'exponent', 2);
  if (!isTensor(a) && !isTensor(b)) throw pyErr('TypeError', "pow(): argument 'input' (position 1) must be Tensor, not " + typeName(a));
  const gf = !isTensor(a) ? 'PowBackward2' : isTensor(b) ? 'PowBackward1' : 'PowBackward0';
  return out(EL.pow(A, B), [A, B], gf);
});
binaryDef('maximum', (a, b) => EL.maximum(a as Tensor, b), 'MaximumBackward0');
binaryDef('minimum', (a, b) => EL.minimum(a as Tensor, b), 'MinimumBackward0');
binaryDef('fmax', (a, b) => EL.fmax(a as Tensor, b as Tensor), 'FmaxBackward0');
binaryDef('fmin', (a, b) => EL.fmin(a as Tensor, b as Tensor), 'FminBackward0');
const CMP: [string, (a: EL.Operand, b: EL.Operand) => Tensor][] = [
  ['eq', CM.eq], ['ne', CM.ne], ['lt', CM.lt], ['le', CM.le], ['gt', CM.gt], ['ge', CM.ge],
  ['logical_and', CM.logical_and], ['logical_or', CM.logical_or], ['logical_xor', CM.logical_xor],
  ['bitwise_and', CM.bitwise_and], ['bitwise_or', CM.bitwise_or], ['bitwise_xor', CM.bitwise_xor]
];
for (const [name, f] of CMP) binaryDef(name, f, 'NotImplemented');
OPS.set('greater', OPS.get('gt')!);
OPS.set('less', OPS.get('lt')!);
OPS.set('greater_equal', OPS.get('ge')!);
OPS.set('less_equal', OPS.get('le')!);
OPS.set('not_equal', OPS.get('ne')!);

// ---------------------------------------------------------------- linear algebra

def('matmul', 'input, other', (a, b) => {
  const A = T(a, 'matmul');
  const B = T(b, 'matmul', 'other', 2);
  const gf = A.ndim === 1 && B.ndim === 1 ? 'DotBackward0' : A.ndim <= 2 && B.ndim <= 2 ? (A.ndim === 1 || B.ndim === 1 ? 'MvBackward0' : 'MmBackward0') : 'BmmBackward0';
  return out(LA.matmul(A, B), [A, B], gf);
});
def('mm', 'input, mat2', (a, b) => {
  const A = T(a, 'mm');
  const B = T(b, 'mm', 'mat2', 2);
  return out(LA.mm(A, B), [A, B], 'MmBackward0');
});
def('bmm', 'input, mat2', (a, b) => {
  const A = T(a, 'bmm');
  const B = T(b, 'bmm', 'mat2', 2);
  return out(LA.bmm(A, B), [A, B], 'BmmBackward0');
});
def('mv', 'input, vec', (a, b) => {
  const A = T(a, 'mv');
  const B = T(b, 'mv', 'vec', 2);
  return out(LA.mv(A, B), [A, B], 'MvBackward0');
});
def('dot', 'input, tensor', (a, b) => {
  const A = T(a, 'dot');
  const B = T(b, 'dot', 'tensor', 2);
  return out(LA.dot(A, B), [A, B], 'DotBackward0');
});

// ---------------------------------------------------------------- softmax family

def('softmax', 'input, dim, dtype=None', (x, dim, dtype) => {
  const X = T(x, 'softmax');
  const d = intArg(dim, 'softmax', 'dim', 2);
  return out(SM.softmax(X, d, { dtype: dtypeArg(dtype, 'softmax') }), [X], 'SoftmaxBackward0', { dim: d });
}, 'softmax(input, dim, dtype=None) -> Tensor\n\nSoftmax over `dim`: exp(x) / exp(x).sum(dim).');
def('log_softmax', 'input, dim, dtype=None', (x, dim, dtype) => {
  const X = T(x, 'log_softmax');
  const d = intArg(dim, 'log_softmax', 'dim', 2);
  return out(SM.logSoftmax(X, d, { dtype: dtypeArg(dtype, 'log_softmax') }), [X], 'LogSoftmaxBackward0', { dim: d });
}, 'log_softmax(input, dim, dtype=None) -> Tensor\n\nlog(softmax(x)), computed stably.');
def('logsumexp', 'input, dim, keepdim=False', (x, dim, keep) => {
  const X = T(x, 'logsumexp');
  const d = dimsArg(dim, 'logsumexp', 2);
  const k = boolArg(keep, 'logsumexp', 'keepdim');
  const dims = d === null ? [] : typeof d === 'number' ? [d] : d;
  return out(SM.logsumexp(X, d === null ? [] : d, k), [X], 'LogsumexpBackward0', { dims, keepdim: k });
}, 'logsumexp(input, dim, keepdim=False) -> Tensor\n\nlog(sum(exp(x), dim)), computed stably.');

// ---------------------------------------------------------------- reductions

function sumLike(name: 'sum' | 'mean' | 'nansum'): void {
  const gf = name === 'mean' ? 'Mean' : 'Sum';
  def(name, 'input, dim=None, keepdim=False, *, dtype=None', (x, dim, keep, dtype) => {
    const X = T(x, name);
    const d = dimsArg(dim, name, 2);
    const opts = { dim: d, keepdim: boolArg(keep, name, 'keepdim'), dtype: dtypeArg(dtype, name) };
    const r = name === 'mean' ? RD.mean(X, opts) : RD.sum(X, opts);
    const dims = d === null ? null : typeof d === 'number' ? [d] : d;
    return out(r, [X], `${gf}Backward${d === null ? 0 : 1}`, { dims, keepdim: opts.keepdim });
  });
}
sumLike('sum');
sumLike('mean');
def('prod', 'input, dim=None, keepdim=False, *, dtype=None', (x, dim, keep, dtype) => {
  const X = T(x, 'prod');
  const d = optIntArg(dim, 'prod', 'dim', 2);
  const keepdim = boolArg(keep, 'prod', 'keepdim');
  return out(RD.prod(X, { dim: d, keepdim, dtype: dtypeArg(dtype, 'prod') }), [X], `ProdBackward${d === null ? 0 : 1}`, { dim: d, keepdim });
});

/** max/min: full reduction, (values, indices) along a dim, or elementwise with another tensor. */
function maxMin(name: 'max' | 'min'): void {
  def(name, 'input, dim=None, keepdim=False', (x, dim, keep) => {
    const X = T(x, name);
    if (isTensor(dim)) {
      const o = dim.native as Tensor;
      return out(name === 'max' ? EL.maximum(X, o) : EL.minimum(X, o), [X, o], name === 'max' ? 'MaximumBackward0' : 'MinimumBackward0');
    }
    const gfx = name === 'max' ? 'Max' : 'Min';
    if (dim === null) return out(name === 'max' ? RD.max(X) : RD.min(X), [X], `${gfx}Backward1`);
    const d = intArg(dim, name, 'dim', 2);
    const k = boolArg(keep, name, 'keepdim');
    const r = name === 'max' ? RD.max(X, d, k) : RD.min(X, d, k);
    return returnType(name, [['values', out(r.values, [X], `${gfx}Backward0`)], ['indices', out(r.indices, [], '')]]);
  }, `${name}(input, dim=None, keepdim=False)\n\nWith dim: a named tuple (values, indices).`);
}
maxMin('max');
maxMin('min');
for (const name of ['amax', 'amin'] as const) {
  def(name, 'input, dim=None, keepdim=False', (x, dim, keep) => {
    const X = T(x, name);
    const opts = { dim: dimsArg(dim, name, 2), keepdim: boolArg(keep, name, 'keepdim') };
    return out(name === 'amax' ? RD.amax(X, opts) : RD.amin(X, opts), [X], camel(name) + 'Backward0');
  });
}
for (const name of ['argmax', 'argmin'] as const) {
  def(name, 'input, dim=None, keepdim=False', (x, dim, keep) => {
    const X = T(x, name);
    const opts = { dim: optIntArg(dim, name, 'dim', 2), keepdim: boolArg(keep, name, 'keepdim') };
    return out(name === 'argmax' ? RD.argmax(X, opts) : RD.argmin(X, opts), [], '');
  });
}
for (const name of ['std', 'var'] as const) {
  def(name, 'input, dim=None, unbiased=None, keepdim=False, *, correction=None', (x, dim, unb, keep, corr) => {
    const X = T(x, name);
    // std(x, True) means unbiased=True in the legacy overload.
    let d = dim;
    let u = unb;
    if (typeof d === 'boolean') {
      u = d;
      d = null;
    }
    const opts: RD.VarOpts = { dim: dimsArg(d, name, 2), keepdim: boolArg(keep, name, 'keepdim') };
    if (u !== null) opts.unbiased = boolArg(u, name, 'unbiased');
    if (corr !== null) opts.correction = floatArg(corr, name, 'correction');
    return out(name === 'std' ? RD.std(X, opts) : RD.variance(X, opts), [X], camel(name) + 'Backward0');
  });
}
for (const name of ['cumsum', 'cumprod'] as const) {
  def(name, 'input, dim, *, dtype=None', (x, dim, dtype) => {
    const X = T(x, name);
    const d = intArg(dim, name, 'dim', 2);
    const opts = { dtype: dtypeArg(dtype, name) };
    return out(name === 'cumsum' ? RD.cumsum(X, d, opts) : RD.cumprod(X, d, opts), [X], camel(name) + 'Backward0');
  });
}
for (const name of ['all', 'any'] as const) {
  def(name, 'input, dim=None, keepdim=False', (x, dim, keep) => {
    const X = T(x, name);
    const opts = { dim: dimsArg(dim, name, 2), keepdim: boolArg(keep, name, 'keepdim') };
    return out(name === 'all' ? RD.all(X, opts) : RD.any(X, opts), [], '');
  });
}
def('count_nonzero', 'input, dim=None', (x, dim) => out(RD.count_nonzero(T(x, 'count_nonzero'), { dim: dimsArg(dim, 'count_nonzero', 2) }), [], ''));
def('norm', "input, p='fro', dim=None, keepdim=False, dtype=None", (x, p, dim, keep) => {
  const X = T(x, 'norm');
  const pv = p === 'fro' || p === null ? 'fro' : floatArg(p, 'norm', 'p');
  return out(RD.norm(X, { p: pv, dim: dimsArg(dim, 'norm', 3), keepdim: boolArg(keep, 'norm', 'keepdim') }), [X], 'LinalgVectorNormBackward0');
});

// ---------------------------------------------------------------- sorting

def('sort', 'input, dim=-1, descending=False, stable=False', (x, dim, desc, stable) => {
  const X = T(x, 'sort');
  // sort(x, stable=True, dim=...) overload: stable first positionally is rare; accept bools.
  const r = SO.sort(X, { dim: intArg(dim, 'sort', 'dim', 2), descending: boolArg(desc, 'sort', 'descending'), stable: stable === null ? false : boolArg(stable, 'sort', 'stable') });
  return returnType('sort', [['values', out(r.values, [X], 'SortBackward0')], ['indices', out(r.indices, [], '')]]);
});
def('argsort', 'input, dim=-1, descending=False, stable=False', (x, dim, desc, stable) =>
  out(SO.argsort(T(x, 'argsort'), { dim: intArg(dim, 'argsort', 'dim', 2), descending: boolArg(desc, 'argsort', 'descending'), stable: boolArg(stable, 'argsort', 'stable') }), [], '')
);
def('msort', 'input', x => out(SO.msort(T(x, 'msort')), [(x as any).native], 'SortBackward0'));
def('topk', 'input, k, dim=-1, largest=True, sorted=True', (x, k, dim, largest, sorted) => {
  const X = T(x, 'topk');
  const r = SO.topk(X, intArg(k, 'topk', 'k', 2), { dim: intArg(dim, 'topk', 'dim', 3), largest: boolArg(largest, 'topk', 'largest'), sorted: boolArg(sorted, 'topk', 'sorted') });
  return returnType('topk', [['values', out(r.values, [X], 'TopkBackward0')], ['indices', out(r.indices, [], '')]]);
});
def('kthvalue', 'input, k, dim=-1, keepdim=False', (x, k, dim, keep) => {
  const X = T(x, 'kthvalue');
  const r = SO.kthvalue(X, intArg(k, 'kthvalue', 'k', 2), { dim: intArg(dim, 'kthvalue', 'dim', 3), keepdim: boolArg(keep, 'kthvalue', 'keepdim') });
  return returnType('kthvalue', [['values', out(r.values, [X], 'KthvalueBackward0')], ['indices', out(r.indices, [], '')]]);
});

for (const name of ['median', 'nanmedian']) {
  const ignoreNan = name === 'nanmedian';
  def(name, 'input, dim=None, keepdim=False', (x, dim, keep) => {
    const X = T(x, name);
    if (dim === null) return out(OS.medianAll(X, ignoreNan), [X], ignoreNan ? 'NanmedianBackward0' : 'MedianBackward0');
    const r = OS.medianDim(X, intArg(dim, name, 'dim', 2), boolArg(keep, name, 'keepdim'), ignoreNan);
    return returnType(name, [['values', out(r.values, [X], ignoreNan ? 'NanmedianBackward1' : 'MedianBackward1')], ['indices', out(r.indices, [], '')]]);
  });
}
def('mode', 'input, dim=-1, keepdim=False', (x, dim, keep) => {
  const X = T(x, 'mode');
  const r = OS.modeDim(X, intArg(dim, 'mode', 'dim', 2), boolArg(keep, 'mode', 'keepdim'));
  return returnType('mode', [['values', out(r.values, [X], 'ModeBackward0')], ['indices', out(r.indices, [], '')]]);
});

def('diag', 'input, diagonal=0', (x, k) => {
  const X = T(x, 'diag');
  return out(CO.diag(X, intArg(k, 'diag', 'diagonal', 2)), [X], 'DiagBackward0');
});
def('bincount', 'input, weights=None, minlength=0', (x, w, ml) =>
  wrap(CO.bincount(T(x, 'bincount'), w === null ? null : T(w, 'bincount', 'weights', 2), intArg(ml, 'bincount', 'minlength', 3)))
);
def('unique', 'input, sorted=True, return_inverse=False, return_counts=False, dim=None', (x, _sorted, inv, cnt, dim) => {
  if (dim !== null) throw pyErr('NotImplementedError', 'torch.unique(dim=...) is not supported in this kernel');
  const X = T(x, 'unique');
  const r = CO.unique(X);
  const wantInv = boolArg(inv, 'unique', 'return_inverse');
  const wantCnt = boolArg(cnt, 'unique', 'return_counts');
  if (!wantInv && !wantCnt) return wrap(r.values);
  const items: PyValue[] = [wrap(r.values)];
  if (wantInv) items.push(wrap(r.inverse));
  if (wantCnt) items.push(wrap(r.counts));
  return new PyTuple(items);
});

def('histc', 'input, bins=100, min=0, max=0', (x, bins, lo, hi) =>
  wrap(CO.histc(T(x, 'histc'), intArg(bins, 'histc', 'bins', 2), floatArg(lo, 'histc', 'min', 3), floatArg(hi, 'histc', 'max', 4)))
);
for (const name of ['quantile', 'nanquantile']) {
  def(name, 'input, q, dim=None, keepdim=False, *, interpolation="linear"', (x, q, dim, keep, interp) => {
    const X = T(x, name);
    if (X.dtype !== 'float32' && X.dtype !== 'float64') throw pyErr('RuntimeError', `${name}() input tensor must be either float or double dtype`);
    const mode = strArg(interp, name, 'interpolation');
    if (!['linear', 'lower', 'higher', 'nearest', 'midpoint'].includes(mode)) {
      throw pyErr('RuntimeError', `${name}() interpolation must be one of linear, lower, higher, midpoint or nearest, but got ${mode}`);
    }
    let qs: number[];
    const qTensor = isTensor(q);
    if (qTensor) {
      const Q = unwrap(q, name, 'q', 2);
      if (Q.ndim > 1) throw pyErr('RuntimeError', `${name}() q must be a scalar or 1D tensor`);
      if (Q.dtype !== X.dtype) throw pyErr('RuntimeError', `${name}() q tensor must be same dtype as the input tensor`);
      const Qc = Q.contiguous();
      qs = Array.from({ length: Q.numel }, (_, i) => Qc.storage[Qc.offset + i] as number);
    } else qs = [floatArg(q, name, 'q', 2)];
    for (const v of qs) {
      if (v >= 0 && v <= 1) continue;
      throw pyErr('RuntimeError', qTensor ? `${name}() q values must be in the range [0, 1]` : `${name}() q must be in the range [0, 1] but got ${v}`);
    }
    const keepdim = boolArg(keep, name, 'keepdim');
    let rows: Tensor;
    let rest: number[];
    let kept: number[];
    if (dim === null) {
      rows = SH.reshape(X, [1, X.numel]);
      rest = [];
      kept = X.shape.map(() => 1);
    } else {
      const d = SH.wrapDim(intArg(dim, name, 'dim', 3), X.ndim);
      const order = [...X.shape.keys()].filter(i => i !== d).concat(X.ndim ? [d] : []);
      rest = X.shape.filter((_, i) => i !== d);
      kept = X.shape.map((n, i) => (i === d ? 1 : n));
      const n = X.ndim ? X.shape[d] : 1;
      rows = SH.reshape(SH.contiguous(SH.permute(X, order)), [X.numel / Math.max(n, 1), n]);
    }
    const r = CO.quantileRows(rows, qs, mode as CO.Interp, name === 'nanquantile');
    const tail = keepdim ? kept : rest;
    const qVector = qTensor && unwrap(q, name, 'q', 2).ndim === 1;
    return wrap(SH.reshape(r, qVector ? [qs.length, ...tail] : tail));
  });
}

// ---------------------------------------------------------------- selection / masking

def('where', 'condition, input=None, other=None', (c, a, b) => {
  const C = T(c, 'where', 'condition', 1);
  if (a === null && b === null) return new PyTuple(SE.whereIndices(C).map(t => wrap(t)));
  const A = operand(a, 'where', 'input', 2);
  const B = operand(b, 'where', 'other', 3);
  return out(SE.where(C, A, B), [A, B], 'WhereBackward0', { cond: C });
});
def('clamp', 'input, min=None, max=None', (x, lo, hi) => {
  const X = T(x, 'clamp');
  const opts = { min: lo === null ? null : operand(lo, 'clamp', 'min', 2), max: hi === null ? null : operand(hi, 'clamp', 'max', 3) };
  return out(SE.clamp(X, opts), [X], isTensor(lo) || isTensor(hi) ? 'ClampBackward0' : 'ClampBackward1', opts);
});
OPS.set('clip', OPS.get('clamp')!);
def('clamp_min', 'input, min', (x, lo) => {
  const X = T(x, 'clamp_min');
  return out(SE.clamp_min(X, operand(lo, 'clamp_min', 'min', 2)), [X], 'ClampMinBackward0');
});
def('clamp_max', 'input, max', (x, hi) => {
  const X = T(x, 'clamp_max');
  return out(SE.clamp_max(X, operand(hi, 'clamp_max', 'max', 2)), [X], 'ClampMaxBackward0');
});
def('masked_fill', 'input, mask, value', (x, m, v) => {
  const X = T(x, 'masked_fill');
  const M = T(m, 'masked_fill', 'mask', 2);
  return out(SE.masked_fill(X, M, operand(v, 'masked_fill', 'value', 3)), [X], 'MaskedFillBackward0');
});
def('masked_select', 'input, mask', (x, m) => {
  const X = T(x, 'masked_select');
  return out(IX.maskedSelect(X, T(m, 'masked_select', 'mask', 2)), [X], 'MaskedSelectBackward0');
});
def('gather', 'input, dim, index', (x, d, i) => {
  const X = T(x, 'gather');
  return out(IX.gather(X, intArg(d, 'gather', 'dim', 2), T(i, 'gather', 'index', 3)), [X], 'GatherBackward0');
});
def('index_select', 'input, dim, index', (x, d, i) => {
  const X = T(x, 'index_select');
  return out(IX.indexSelect(X, intArg(d, 'index_select', 'dim', 2), T(i, 'index_select', 'index', 3)), [X], 'IndexSelectBackward0');
});
def('scatter', 'input, dim, index, src=None, *, value=None, reduce=None', (x, d, i, src, value, red) => {
  const X = T(x, 'scatter');
  const s = src ?? value;
  const S = isTensor(s) ? (s.native as Tensor) : floatArg(s, 'scatter', 'value');
  return out(IX.scatter(X, intArg(d, 'scatter', 'dim', 2), T(i, 'scatter', 'index', 3), S, (red ?? undefined) as IX.ScatterReduce | undefined), [X], 'ScatterBackward0');
});
def('scatter_add', 'input, dim, index, src', (x, d, i, s) => {
  const X = T(x, 'scatter_add');
  return out(IX.scatterAdd(X, intArg(d, 'scatter_add', 'dim', 2), T(i, 'scatter_add', 'index', 3), T(s, 'scatter_add', 'src', 4)), [X], 'ScatterAddBackward0');
});
def('nonzero', 'input, *, as_tuple=False', (x, tup) => {
  const X = T(x, 'nonzero');
  if (tup === true) return new PyTuple(IX.nonzeroTuple(X).map(t => wrap(t)));
  return wrap(IX.nonzero(X));
});
def('isclose', 'input, other, rtol=1e-05, atol=1e-08, equal_nan=False', (a, b, rtol, atol, en) =>
  wrap(CM.isclose(T(a, 'isclose'), operand(b, 'isclose'), { rtol: floatArg(rtol, 'isclose', 'rtol'), atol: floatArg(atol, 'isclose', 'atol'), equal_nan: boolArg(en, 'isclose', 'equal_nan') }))
);
def('allclose', 'input, other, rtol=1e-05, atol=1e-08, equal_nan=False', (a, b, rtol, atol, en) =>
  CM.allclose(T(a, 'allclose'), T(b, 'allclose', 'other', 2), { rtol: floatArg(rtol, 'allclose', 'rtol'), atol: floatArg(atol, 'allclose', 'atol'), equal_nan: boolArg(en, 'allclose', 'equal_nan') })
);
def('equal', 'input, other', (a, b) => CM.equal(T(a, 'equal'), T(b, 'equal', 'other', 2)));

// ---------------------------------------------------------------- shape

def('reshape', 'input, shape', (x, s) => {
  const X = T(x, 'reshape');
  return out(SH.reshape(X, shapeArgs([s], 'reshape', 'shape')), [X], 'ViewBackward0');
});
def('flatten', 'input, start_dim=0, end_dim=-1', (x, s, e) => {
  const X = T(x, 'flatten');
  const r = SH.flatten(X, intArg(s, 'flatten', 'start_dim', 2), intArg(e, 'flatten', 'end_dim', 3));
  return r === X ? x : out(r, [X], 'ViewBackward0');
});
def('unflatten', 'input, dim, sizes', (x, d, s) => {
  const X = T(x, 'unflatten');
  return out(SH.unflatten(X, intArg(d, 'unflatten', 'dim', 2), shapeArgs([s], 'unflatten', 'sizes')), [X], 'ViewBackward0');
});
def('squeeze', 'input, dim=None', (x, d) => {
  const X = T(x, 'squeeze');
  const dims = dimsArg(d, 'squeeze', 2);
  return out(SH.squeeze(X, dims === null ? undefined : dims), [X], dims === null ? 'SqueezeBackward0' : typeof dims === 'number' ? 'SqueezeBackward1' : 'SqueezeBackward2');
});
def('unsqueeze', 'input, dim', (x, d) => {
  const X = T(x, 'unsqueeze');
  return out(SH.unsqueeze(X, intArg(d, 'unsqueeze', 'dim', 2)), [X], 'UnsqueezeBackward0');
});
def('transpose', 'input, dim0, dim1', (x, a, b) => {
  const X = T(x, 'transpose');
  const d0 = intArg(a, 'transpose', 'dim0', 2);
  const d1 = intArg(b, 'transpose', 'dim1', 3);
  return out(SH.transpose(X, d0, d1), [X], 'TransposeBackward0', { dim0: d0, dim1: d1 });
});
OPS.set('swapaxes', OPS.get('transpose')!);
def('t', 'input', x => {
  const X = T(x, 't');
  return out(SH.t(X), [X], 'TBackward0');
});
def('permute', 'input, dims', (x, d) => {
  const X = T(x, 'permute');
  const dims = shapeArgs([d], 'permute', 'dims');
  return out(SH.permute(X, dims), [X], 'PermuteBackward0', { dims });
});
def('movedim', 'input, source, destination', (x, s, d) => {
  const X = T(x, 'movedim');
  const conv = (v: PyValue, n: string): number | number[] => (v instanceof PyTuple || v instanceof PyList ? toArray(v).map(e => intArg(e, 'movedim', n)) : intArg(v, 'movedim', n));
  return out(SH.movedim(X, conv(s, 'source'), conv(d, 'destination')), [X], 'PermuteBackward0');
});
def('narrow', 'input, dim, start, length', (x, d, s, l) => {
  const X = T(x, 'narrow');
  const args = [intArg(d, 'narrow', 'dim', 2), intArg(s, 'narrow', 'start', 3), intArg(l, 'narrow', 'length', 4)] as const;
  return out(SH.narrow(X, ...args), [X], 'SliceBackward0', { index: (t: Tensor) => SH.narrow(t, ...args) });
});
def('select', 'input, dim, index', (x, d, i) => {
  const X = T(x, 'select');
  const dim = intArg(d, 'select', 'dim', 2);
  const index = intArg(i, 'select', 'index', 3);
  return out(SH.select(X, dim, index), [X], 'SelectBackward0', { index: (t: Tensor) => SH.select(t, dim, index) });
});
def('clone', 'input, *, memory_format=None', x => {
  const X = T(x, 'clone');
  return out(SH.clone(X), [X], 'CloneBackward0');
});

function tensorList(v: PyValue, fname: string): Tensor[] {
  if (!(v instanceof PyTuple || v instanceof PyList)) {
    throw pyErr('TypeError', `${fname}(): argument 'tensors' (position 1) must be tuple of Tensors, not ${typeName(v)}`);
  }
  return v.items.map((t, i) => {
    if (!isTensor(t)) throw pyErr('TypeError', `expected Tensor as element ${i} in argument 0, but got ${typeName(t)}`);
    return t.native as Tensor;
  });
}
def('cat', 'tensors, dim=0', (ts, d) => {
  const L = tensorList(ts, 'cat');
  const dim = intArg(d, 'cat', 'dim', 2);
  return out(SH.cat(L, dim), L, 'CatBackward0', { dim });
});
OPS.set('concat', OPS.get('cat')!);
OPS.set('concatenate', OPS.get('cat')!);
def('stack', 'tensors, dim=0', (ts, d) => {
  const L = tensorList(ts, 'stack');
  return out(SH.stack(L, intArg(d, 'stack', 'dim', 2)), L, 'StackBackward0');
});
def('split', 'tensor, split_size_or_sections, dim=0', (x, s, d) => {
  const X = T(x, 'split', 'tensor');
  const sizes = s instanceof PyTuple || s instanceof PyList ? toArray(s).map(v => intArg(v, 'split', 'split_size_or_sections')) : intArg(s, 'split', 'split_size_or_sections');
  return new PyTuple(SH.split(X, sizes, intArg(d, 'split', 'dim')).map(t => out(t, [X], 'SplitBackward0')));
});
def('chunk', 'input, chunks, dim=0', (x, c, d) => {
  const X = T(x, 'chunk');
  return new PyTuple(SH.chunk(X, intArg(c, 'chunk', 'chunks', 2), intArg(d, 'chunk', 'dim', 3)).map(t => out(t, [X], 'SplitBackward0')));
});
def('unbind', 'input, dim=0', (x, d) => {
  const X = T(x, 'unbind');
  return new PyTuple(SH.unbind(X, intArg(d, 'unbind', 'dim', 2)).map(t => out(t, [X], 'UnbindBackward0')));
});

// ---------------------------------------------------------------- misc

def('numel', 'input', x => BigInt(T(x, 'numel').numel));
def('is_floating_point', 'input', x => ['float32', 'float64', 'float16', 'bfloat16'].includes(T(x, 'is_floating_point').dtype));
def('detach', 'input', x => {
  const X = T(x, 'detach');
  const d = new Tensor(X.storage, [...X.shape], [...X.strides], X.offset, X.dtype);
  return wrap(d);
});

/** The dtype a Tensor.to()/type() call converts to, or null (device-only calls). */
export function convertTo(X: Tensor, dtype: DType | null, self: PyValue, copy = false): PyValue {
  if (dtype === null || (dtype === X.dtype && !copy)) return self;
  return out(CV.to(X, dtype, { copy: true }), [X], 'ToCopyBackward0');
}

export { isPyNumber, operandOrNull };

// ---------------------------------------------------------------- flip (reverse along dims)

const intList = (v: PyValue, name: string, arg: string): number[] =>
  v instanceof PyTuple || v instanceof PyList ? toArray(v).map(e => intArg(e, name, arg)) : [intArg(v, name, arg)];
def('roll', 'input, shifts, dims=None', (x, sh, d) => {
  const X = T(x, 'roll');
  const shifts = intList(sh, 'roll', 'shifts');
  if (d === null) {
    if (shifts.length !== 1) throw pyErr('RuntimeError', `shifts and dimensions must align. shifts: ${shifts.length}, dims:0`);
    const flat = SH.reshape(SH.contiguous(X), [X.numel]);
    return out(SH.reshape(rollDim(flat, shifts[0], 0), X.shape), [X], 'RollBackward0');
  }
  const dims = intList(d, 'roll', 'dims');
  if (shifts.length !== dims.length) throw pyErr('RuntimeError', `shifts and dimensions must align. shifts: ${shifts.length}, dims:${dims.length}`);
  let r = X;
  dims.forEach((dim, i) => (r = rollDim(r, shifts[i], SH.wrapDim(dim, X.ndim))));
  return out(r === X ? SH.clone(X) : r, [X], 'RollBackward0');
});
function rollDim(t: Tensor, shift: number, dim: number): Tensor {
  const n = t.shape[dim];
  if (n === 0) return t;
  const idx = Tensor.empty([n], 'int64');
  for (let i = 0; i < n; i++) idx.storage[i] = (((i - shift) % n) + n) % n;
  return IX.indexSelect(t, dim, idx);
}
def('take', 'input, index', (x, i) => {
  const X = T(x, 'take');
  const I = T(i, 'take', 'index', 2);
  if (I.dtype !== 'int64') throw pyErr('RuntimeError', `take(): Expected a long tensor for index, but got ${I.dtype === 'int32' ? 'Int' : I.dtype === 'bool' ? 'Bool' : 'Float'}`);
  const n = X.numel;
  const ic = SH.contiguous(I);
  const idx = Tensor.empty([I.numel], 'int64');
  for (let k = 0; k < I.numel; k++) {
    const v = ic.storage[ic.offset + k] as number;
    if (v >= n || v < -n) throw pyErr('IndexError', `out of range: tried to access index ${v} on a tensor of ${n} elements.`);
    idx.storage[k] = v < 0 ? v + n : v;
  }
  const flat = SH.reshape(SH.contiguous(X), [n]);
  return out(SH.reshape(IX.indexSelect(flat, 0, idx), I.shape), [X], 'TakeBackward0');
});

def('flip', 'input, dims', (x, d) => {
  const X = T(x, 'flip');
  const dims = d instanceof PyTuple || d instanceof PyList ? toArray(d).map(v => intArg(v, 'flip', 'dims')) : [intArg(d, 'flip', 'dims')];
  let r = X;
  for (const dim of dims) {
    const k = SH.wrapDim(dim, X.ndim);
    const n = X.shape[k];
    const idx = Tensor.empty([n], 'int64');
    for (let i = 0; i < n; i++) idx.storage[i] = n - 1 - i;
    r = IX.indexSelect(r, k, idx);
  }
  return out(r === X ? SH.clone(X) : r, [X], 'FlipBackward0');
});
