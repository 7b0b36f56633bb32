/**
 * torch.nn: Module (subclassable from cells: `class Net(nn.Module)`),
 * Parameter, containers and the layers/losses a softmax notebook uses, with
 * PyTorch's reprs. A module keeps its attributes in the instance dict (so
 * normal attribute lookup works) and remembers, in its native state, which
 * names are parameters and which are submodules, in assignment order.
 */
import {
  PyValue, PyInstance, PyClass, PyDict, PyList, PyModule, PyIterator, PyTuple, PySlice, Kwargs, NativeFn, NativeGenFn, PyNative,
  nativeClass, rawFn, rawGenFn, makeModule, pyErr, typeName, call, callSync, getattr, repr, sliceIndices,
  seqIndex, toArray, argSpec, bindArgs
} from '../../native';
import { Tensor, DType } from '../../../engine';
import * as SH from '../../../engine/shape';
import * as RN from '../../../engine/random';
import * as CV from '../../../engine/convert';
import * as LS from '../../../engine/losses';
import { ParameterClass, TensorClass, isTensor, wrap, installPlainNew } from './core';
import { intArg, floatArg, boolArg, dtypeArg } from './args';
import { buildFunctional, dropoutTensor, crossEntropy, nllLoss, bce, bceLogits, klDiv, linear } from './nn_functional';
import { out } from './functions';
import * as SM from '../../../engine/softmax';
import { isDtype, dtypeOf } from './pytypes';

interface ModState {
  params: string[];
  modules: string[];
  buffers: string[];
}

export const ModuleClass: PyClass = nativeClass('Module', 'torch.nn.modules.module');
installPlainNew(ModuleClass);

function state(self: PyValue): ModState {
  const s = (self as PyInstance).native as ModState | undefined;
  if (!s || !Array.isArray(s.params)) throw pyErr('AttributeError', `'${typeName(self)}' object has no attribute '_modules'`);
  return s;
}

function initModule(self: PyInstance): void {
  if (!self.native || !Array.isArray(self.native.params)) self.native = { params: [], modules: [], buffers: [] } as ModState;
  self.dict.set('training', true);
}

const isModule = (v: PyValue): v is PyInstance => v instanceof PyInstance && v.klass.isSubclassOf(ModuleClass);
const isParam = (v: PyValue): v is PyInstance => v instanceof PyInstance && v.klass.isSubclassOf(ParameterClass);

function def(cls: PyClass, name: string, f: NativeFn): void {
  cls.dict.set(name, rawFn(name, f));
}

/** A method with a Python signature (self first). */
function defSig(cls: PyClass, name: string, sig: string, f: (...a: PyValue[]) => PyValue): void {
  const spec = argSpec(name, sig ? 'self, ' + sig : 'self');
  cls.dict.set(name, new PyNative(name, (args, kw) => f(...bindArgs(spec, args, kw)), false, `${name}(${sig})`));
}

def(ModuleClass, '__init__', ([self]) => {
  initModule(self as PyInstance);
  return null;
});

def(ModuleClass, '__setattr__', ([self, name, value]) => {
  const obj = self as PyInstance;
  const n = name as string;
  const st = obj.native as ModState | undefined;
  const ready = st && Array.isArray(st.params);
  if (isParam(value) || isModule(value)) {
    if (!ready) throw pyErr('AttributeError', `cannot assign ${isParam(value) ? 'parameters' : 'module'} before Module.__init__() call`);
    const [mine, other] = isParam(value) ? [st!.params, st!.modules] : [st!.modules, st!.params];
    if (!mine.includes(n)) mine.push(n);
    const i = other.indexOf(n);
    if (i >= 0) other.splice(i, 1);
  } else if (ready && st!.params.includes(n) && value !== null) {
    throw pyErr('TypeError', `cannot assign '${isTensor(value) ? 'torch.FloatTensor' : typeName(value)}' as parameter '${n}' (torch.nn.Parameter or None expected)`);
  } else if (ready && st!.modules.includes(n) && value !== null) {
    throw pyErr('TypeError', `cannot assign '${typeName(value)}' as child module '${n}' (torch.nn.Module or None expected)`);
  }
  obj.dict.set(n, value);
  return null;
});

ModuleClass.dict.set(
  '__call__',
  rawGenFn('__call__', function* (args, kwargs) {
    const self = args[0];
    const fwd = getattr(self, 'forward');
    return yield* call(fwd, args.slice(1), kwargs);
  })
);

def(ModuleClass, 'forward', ([self]) => {
  throw pyErr('NotImplementedError', `Module [${typeName(self)}] is missing the required "forward" function`);
});
def(ModuleClass, 'extra_repr', () => '');

/** _addindent: indent every line after the first. */
const addIndent = (s: string, n: number): string => s.split('\n').join('\n' + ' '.repeat(n));

def(ModuleClass, '__repr__', ([self]) => {
  const extra = callSync(getattr(self, 'extra_repr'), []);
  const extraLines = typeof extra === 'string' && extra ? extra.split('\n') : [];
  const childLines: string[] = [];
  const st = (self as PyInstance).native as ModState | undefined;
  for (const k of st?.modules ?? []) {
    const m = (self as PyInstance).dict.get(k);
    if (m === null || m === undefined) continue;
    childLines.push(`(${k}): ${addIndent(repr(m), 2)}`);
  }
  const lines = [...extraLines, ...childLines];
  let main = typeName(self) + '(';
  if (lines.length) {
    if (extraLines.length === 1 && childLines.length === 0) main += extraLines[0];
    else main += '\n  ' + lines.join('\n  ') + '\n';
  }
  return main + ')';
});

// ---------------------------------------------------------------- traversal

function children(self: PyValue): [string, PyInstance][] {
  const st = state(self);
  const out: [string, PyInstance][] = [];
  for (const k of st.modules) {
    const m = (self as PyInstance).dict.get(k);
    if (isModule(m ?? null)) out.push([k, m as PyInstance]);
  }
  return out;
}

function namedParams(self: PyValue, prefix = '', seen = new Set<PyValue>()): [string, PyInstance][] {
  const st = state(self);
  const res: [string, PyInstance][] = [];
  for (const k of st.params) {
    const p = (self as PyInstance).dict.get(k);
    if (p && isParam(p) && !seen.has(p)) {
      seen.add(p);
      res.push([prefix + k, p]);
    }
  }
  for (const [k, m] of children(self)) res.push(...namedParams(m, prefix + k + '.', seen));
  return res;
}

function namedModules(self: PyValue, prefix = ''): [string, PyInstance][] {
  const res: [string, PyInstance][] = [[prefix, self as PyInstance]];
  for (const [k, m] of children(self)) res.push(...namedModules(m, prefix ? prefix + '.' + k : k));
  return res;
}

const iter = (items: PyValue[]): PyIterator => new PyIterator(items[Symbol.iterator]());

def(ModuleClass, 'parameters', ([self]) => iter(namedParams(self).map(p => p[1])));
def(ModuleClass, 'named_parameters', ([self]) => iter(namedParams(self).map(([k, p]) => new PyTuple([k, p]))));
def(ModuleClass, 'children', ([self]) => iter(children(self).map(c => c[1])));
def(ModuleClass, 'named_children', ([self]) => iter(children(self).map(([k, m]) => new PyTuple([k, m]))));
def(ModuleClass, 'modules', ([self]) => iter(namedModules(self).map(c => c[1])));
def(ModuleClass, 'named_modules', ([self]) => iter(namedModules(self).map(([k, m]) => new PyTuple([k, m]))));

function setTraining(self: PyValue, mode: boolean): void {
  (self as PyInstance).dict.set('training', mode);
  for (const [, m] of children(self)) setTraining(m, mode);
}
defSig(ModuleClass, 'train', 'mode=True', (self, mode) => {
  setTraining(self, boolArg(mode, 'train', 'mode'));
  return self;
});
def(ModuleClass, 'eval', ([self]) => {
  setTraining(self, false);
  return self;
});
defSig(ModuleClass, 'zero_grad', 'set_to_none=True', self => {
  for (const [, p] of namedParams(self)) (p.native as Tensor).grad = null;
  return null;
});
defSig(ModuleClass, 'requires_grad_', 'requires_grad=True', (self, on) => {
  for (const [, p] of namedParams(self)) (p.native as Tensor).requiresGrad = on === true;
  return self;
});
defSig(ModuleClass, 'add_module', 'name, module', (self, name, m) => {
  callSync(getattr(self, '__setattr__'), [name, m]);
  return null;
});
defSig(ModuleClass, 'register_parameter', 'name, param', (self, name, p) => {
  callSync(getattr(self, '__setattr__'), [name, p]);
  return null;
});
defSig(ModuleClass, 'register_buffer', 'name, tensor, persistent=True', (self, name, t) => {
  state(self).buffers.push(name as string);
  (self as PyInstance).dict.set(name as string, t);
  return null;
});
defSig(ModuleClass, 'state_dict', '', self => {
  const d = new PyDict();
  d.ordered = true;
  for (const [k, p] of namedParams(self)) d.set(k, wrap(detached(p.native as Tensor)));
  return d;
});
/** load_state_dict's result: repr '<All keys matched successfully>' or the namedtuple form. */
const IncompatibleKeys = nativeClass('_IncompatibleKeys', 'torch.nn.modules.module');
IncompatibleKeys.dict.set('__repr__', rawFn('__repr__', ([s]) => {
  const d = (s as PyInstance).dict;
  const miss = d.get('missing_keys') as PyValue;
  const unex = d.get('unexpected_keys') as PyValue;
  if (toArray(miss).length === 0 && toArray(unex).length === 0) return '<All keys matched successfully>';
  return `_IncompatibleKeys(missing_keys=${repr(miss)}, unexpected_keys=${repr(unex)})`;
}));
defSig(ModuleClass, 'load_state_dict', 'state_dict, strict=True, assign=False', (self, sd, strict) => {
  if (!(sd instanceof PyDict)) throw pyErr('TypeError', `Expected state_dict to be dict-like, got ${typeName(sd)}.`);
  const params = namedParams(self);
  const names = new Set(params.map(([k]) => k));
  const missing = params.map(([k]) => k).filter(k => !sd.has(k));
  const unexpected = sd.keys().filter(k => typeof k !== 'string' || !names.has(k)) as PyValue[];
  const errors: string[] = [];
  const quote = (ks: PyValue[]): string => ks.map(k => `"${String(k)}"`).join(', ');
  // PyTorch inserts these at the front: Missing, then Unexpected, then size mismatches.
  if (strict !== false) {
    if (missing.length) errors.push(`Missing key(s) in state_dict: ${quote(missing)}. `);
    if (unexpected.length) errors.push(`Unexpected key(s) in state_dict: ${quote(unexpected)}. `);
  }
  for (const [k, p] of params) {
    const v = sd.get(k);
    if (v === undefined || !isTensor(v)) continue;
    const src = v.native as Tensor;
    const dst = p.native as Tensor;
    if (src.shape.length !== dst.shape.length || src.shape.some((n, i) => n !== dst.shape[i])) {
      errors.push(`size mismatch for ${k}: copying a param with shape torch.Size([${src.shape.join(', ')}]) from checkpoint, the shape in current model is torch.Size([${dst.shape.join(', ')}]).`);
      continue;
    }
    CV.copyInto(dst, src);
  }
  if (errors.length) {
    throw pyErr('RuntimeError', `Error(s) in loading state_dict for ${typeName(self)}:\n\t${errors.join('\n\t')}`);
  }
  const r = new PyInstance(IncompatibleKeys, null);
  r.dict.set('missing_keys', new PyList(strict === false ? missing : []));
  r.dict.set('unexpected_keys', new PyList(strict === false ? unexpected : []));
  return r;
});
defSig(ModuleClass, 'apply', 'fn', self => self);

/** Convert every parameter's data in place (module.double(), module.to(torch.float64)). */
function castParams(self: PyValue, dtype: DType): PyValue {
  for (const [, p] of namedParams(self)) {
    const t = p.native as Tensor;
    if (t.dtype === dtype || !t.dtype.startsWith('float')) continue;
    const c = CV.to(t, dtype, { copy: true });
    c.requiresGrad = t.requiresGrad;
    p.native = c;
  }
  return self;
}
def(ModuleClass, 'double', ([self]) => castParams(self, 'float64'));
def(ModuleClass, 'float', ([self]) => castParams(self, 'float32'));
def(ModuleClass, 'half', ([self]) => castParams(self, 'float16'));
def(ModuleClass, 'cpu', ([self]) => self);
def(ModuleClass, 'cuda', () => {
  throw pyErr('AssertionError', 'Torch not compiled with CUDA enabled');
});
def(ModuleClass, 'to', (args, kwargs) => {
  const self = args[0];
  const cand = [...args.slice(1), ...(kwargs ? [...kwargs.values()] : [])];
  for (const c of cand) {
    if (isDtype(c)) castParams(self, dtypeOf(c));
    else if (typeof c === 'string' && c.startsWith('cuda')) throw pyErr('AssertionError', 'Torch not compiled with CUDA enabled');
  }
  return self;
});

function detached(t: Tensor): Tensor {
  return new Tensor(t.storage, [...t.shape], [...t.strides], t.offset, t.dtype);
}

// ---------------------------------------------------------------- Parameter

ParameterClass.dict.set(
  '__new__',
  rawFn('__new__', (args, kwargs) => {
    const data = args[1] ?? kwargs?.get('data') ?? null;
    const rg = args[2] ?? kwargs?.get('requires_grad') ?? true;
    const t = data === null ? Tensor.empty([0]) : isTensor(data) ? (data.native as Tensor) : null;
    if (!t) throw pyErr('TypeError', `Parameter.__new__(): argument 'data' (position 1) must be Tensor, not ${typeName(data)}`);
    const p = detached(t);
    if (rg === true && !t.dtype.startsWith('float') && t.dtype !== 'bfloat16') {
      throw pyErr('RuntimeError', 'Only Tensors of floating point and complex dtype can require gradients');
    }
    p.requiresGrad = rg === true;
    return wrap(p, ParameterClass);
  })
);
ParameterClass.dict.set('__init__', rawFn('__init__', () => null));

// ---------------------------------------------------------------- built-in layers

type Init = (self: PyInstance, ...a: PyValue[]) => void;

/** A built-in module class: Python signature for __init__, a forward, an extra_repr. */
function layer(
  name: string,
  modPath: string,
  sig: string,
  init: Init,
  forward: (self: PyInstance, x: PyValue, ...rest: PyValue[]) => PyValue,
  extraRepr: (self: PyInstance) => string = () => '',
  base: PyClass = ModuleClass
): PyClass {
  const cls = nativeClass(name, `torch.nn.modules.${modPath}`, base);
  const spec = argSpec(`${name}.__init__`, sig ? 'self, ' + sig : 'self');
  cls.dict.set(
    '__init__',
    new PyNative('__init__', (args, kw) => {
      const [self, ...rest] = bindArgs(spec, args, kw);
      initModule(self as PyInstance);
      init(self as PyInstance, ...rest);
      return null;
    })
  );
  cls.dict.set('forward', rawFn('forward', ([self, x, ...rest]) => forward(self as PyInstance, x, ...rest)));
  cls.dict.set('extra_repr', rawFn('extra_repr', ([self]) => extraRepr(self as PyInstance)));
  return cls;
}

const attr = (self: PyInstance, k: string): PyValue => self.dict.get(k) ?? null;
const pyr = (v: PyValue): string => repr(v);
const callF = (f: PyNative, args: PyValue[]): PyValue => (f.fn as NativeFn)(args, null);

function softmaxLayer(name: 'Softmax' | 'LogSoftmax' | 'Softmin'): PyClass {
  const F = buildFunctionalCached();
  const fname = name === 'Softmax' ? 'softmax' : name === 'LogSoftmax' ? 'log_softmax' : 'softmin';
  return layer(
    name,
    'activation',
    'dim=None',
    (self, dim) => {
      if (dim !== null) intArg(dim, name, 'dim');
      self.dict.set('dim', dim);
    },
    (self, x) => callF(F.dict.get(fname) as PyNative, [x, attr(self, 'dim')]),
    self => `dim=${pyr(attr(self, 'dim'))}`
  );
}

let functionalCache: PyModule | null = null;
function buildFunctionalCached(): PyModule {
  if (!functionalCache) functionalCache = buildFunctional();
  return functionalCache;
}

function tensorOf(v: PyValue, name: string): Tensor {
  if (isTensor(v)) return v.native as Tensor;
  throw pyErr('AttributeError', `'${typeName(v)}' object has no attribute '${name}'`);
}

/** Uniform(-bound, bound) init as PyTorch's Linear.reset_parameters (kaiming_uniform a=√5). */
function uniformParam(shape: number[], bound: number, dtype: DType): PyInstance {
  const t = Tensor.empty(shape, dtype);
  RN.uniform_(t, -bound, bound);
  t.requiresGrad = true;
  return wrap(t, ParameterClass);
}

function lossLayer(name: string, sig: string, fields: string[], f: PyNative, argsOf: (self: PyInstance, x: PyValue, y: PyValue) => PyValue[]): PyClass {
  return layer(
    name,
    'loss',
    sig,
    (self, ...vals) => {
      fields.forEach((k, i) => {
        if (k === 'size_average' || k === 'reduce') return;
        self.dict.set(k, vals[i]);
      });
      const sa = vals[fields.indexOf('size_average')];
      const rd = vals[fields.indexOf('reduce')];
      if ((sa !== undefined && sa !== null) || (rd !== undefined && rd !== null)) {
        self.dict.set('reduction', LS.legacyReduction(sa === null ? null : sa === true, rd === null ? null : rd === true));
      }
    },
    (self, x, y) => callF(f, argsOf(self, x, y))
  );
}

export function buildNN(): PyModule {
  const F = buildFunctionalCached();
  const Softmax = softmaxLayer('Softmax');
  const LogSoftmax = softmaxLayer('LogSoftmax');
  const Softmin = softmaxLayer('Softmin');
  const Softmax2d = layer('Softmax2d', 'activation', '', () => undefined, (_s, x) => {
    const X = tensorOf(x, 'dim');
    if (X.ndim !== 3 && X.ndim !== 4) throw pyErr('ValueError', `Softmax2d: expected input to be 3D or 4D, got ${X.ndim}D instead`);
    return out(SM.softmax(X, -3), [X], 'SoftmaxBackward0');
  });
  const unary = (name: string, fname: string): PyClass =>
    layer(name, 'activation', '', () => undefined, (_s, x) => callF(F.dict.get(fname) as PyNative, [x]));
  const ReLU = layer(
    'ReLU',
    'activation',
    'inplace=False',
    (self, inplace) => self.dict.set('inplace', inplace),
    (self, x) => callF(F.dict.get('relu') as PyNative, [x, attr(self, 'inplace')]),
    self => (attr(self, 'inplace') === true ? 'inplace=True' : '')
  );
  const actLayer = (name: string, fname: string, sig: string, fields: string[], show: (self: PyInstance) => string): PyClass =>
    layer(
      name,
      'activation',
      sig,
      (self, ...vals) => fields.forEach((f, i) => self.dict.set(f, vals[i])),
      (self, x) => callF(F.dict.get(fname) as PyNative, [x, ...fields.filter(f => f !== 'inplace').map(f => attr(self, f))]),
      show
    );
  const LeakyReLU = actLayer('LeakyReLU', 'leaky_relu', 'negative_slope=0.01, inplace=False', ['negative_slope', 'inplace'], self =>
    `negative_slope=${pyr(attr(self, 'negative_slope'))}${attr(self, 'inplace') === true ? ', inplace=True' : ''}`);
  const ELU = actLayer('ELU', 'elu', 'alpha=1.0, inplace=False', ['alpha', 'inplace'], self =>
    `alpha=${pyr(attr(self, 'alpha'))}${attr(self, 'inplace') === true ? ', inplace=True' : ''}`);
  const GELU = actLayer('GELU', 'gelu', "approximate='none'", ['approximate'], self => `approximate=${pyr(attr(self, 'approximate'))}`);
  const SiLU = actLayer('SiLU', 'silu', 'inplace=False', ['inplace'], self => (attr(self, 'inplace') === true ? 'inplace=True' : ''));
  const Softplus = actLayer('Softplus', 'softplus', 'beta=1.0, threshold=20.0', ['beta', 'threshold'], self =>
    `beta=${pyr(attr(self, 'beta'))}, threshold=${pyr(attr(self, 'threshold'))}`);
  const Identity = layer('Identity', 'linear', '*args, **kwargs', () => undefined, (_s, x) => x);
  const Flatten = layer(
    'Flatten',
    'flatten',
    'start_dim=1, end_dim=-1',
    (self, s, e) => {
      self.dict.set('start_dim', s);
      self.dict.set('end_dim', e);
    },
    (self, x) => {
      const X = tensorOf(x, 'flatten');
      return out(SH.flatten(X, intArg(attr(self, 'start_dim'), 'flatten', 'start_dim'), intArg(attr(self, 'end_dim'), 'flatten', 'end_dim')), [X], 'ViewBackward0');
    },
    self => `start_dim=${pyr(attr(self, 'start_dim'))}, end_dim=${pyr(attr(self, 'end_dim'))}`
  );
  const Dropout = layer(
    'Dropout',
    'dropout',
    'p=0.5, inplace=False',
    (self, p, inplace) => {
      const pv = floatArg(p, 'Dropout', 'p');
      if (pv < 0 || pv > 1) throw pyErr('ValueError', `dropout probability has to be between 0 and 1, but got ${pyr(p)}`);
      self.dict.set('p', p);
      self.dict.set('inplace', inplace);
    },
    (self, x) => {
      const X = tensorOf(x, 'dropout');
      const p = floatArg(attr(self, 'p'), 'Dropout', 'p');
      if (attr(self, 'training') !== true || p === 0) return x;
      return out(dropoutTensor(X, p), [X], 'MulBackward0');
    },
    self => `p=${pyr(attr(self, 'p'))}, inplace=${pyr(attr(self, 'inplace'))}`
  );
  const Linear = layer(
    'Linear',
    'linear',
    'in_features, out_features, bias=True, device=None, dtype=None',
    (self, inF, outF, bias, _dev, dtype) => {
      const i = intArg(inF, 'Linear', 'in_features');
      const o = intArg(outF, 'Linear', 'out_features');
      const dt = dtypeArg(dtype, 'Linear') ?? 'float32';
      self.dict.set('in_features', BigInt(i));
      self.dict.set('out_features', BigInt(o));
      const bound = i > 0 ? 1 / Math.sqrt(i) : 0;
      callSync(getattr(self, '__setattr__'), ['weight', uniformParam([o, i], bound, dt)]);
      if (bias === true) callSync(getattr(self, '__setattr__'), ['bias', uniformParam([o], bound, dt)]);
      else {
        state(self).params.push('bias');
        self.dict.set('bias', null);
      }
    },
    (self, x) => callF(linear, [x, attr(self, 'weight'), attr(self, 'bias')]),
    self => `in_features=${pyr(attr(self, 'in_features'))}, out_features=${pyr(attr(self, 'out_features'))}, bias=${attr(self, 'bias') !== null ? 'True' : 'False'}`
  );

  const CrossEntropyLoss = lossLayer(
    'CrossEntropyLoss',
    "weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0",
    ['weight', 'size_average', 'ignore_index', 'reduce', 'reduction', 'label_smoothing'],
    crossEntropy,
    (s, x, y) => [x, y, attr(s, 'weight'), null, attr(s, 'ignore_index'), null, attr(s, 'reduction'), attr(s, 'label_smoothing')]
  );
  const NLLLoss = lossLayer(
    'NLLLoss',
    "weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'",
    ['weight', 'size_average', 'ignore_index', 'reduce', 'reduction'],
    nllLoss,
    (s, x, y) => [x, y, attr(s, 'weight'), null, attr(s, 'ignore_index'), null, attr(s, 'reduction')]
  );
  const BCELoss = lossLayer(
    'BCELoss',
    "weight=None, size_average=None, reduce=None, reduction='mean'",
    ['weight', 'size_average', 'reduce', 'reduction'],
    bce,
    (s, x, y) => [x, y, attr(s, 'weight'), null, null, attr(s, 'reduction')]
  );
  const BCEWithLogitsLoss = lossLayer(
    'BCEWithLogitsLoss',
    "weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None",
    ['weight', 'size_average', 'reduce', 'reduction', 'pos_weight'],
    bceLogits,
    (s, x, y) => [x, y, attr(s, 'weight'), null, null, attr(s, 'reduction'), attr(s, 'pos_weight')]
  );
  const KLDivLoss = lossLayer(
    'KLDivLoss',
    "size_average=None, reduce=None, reduction='mean', log_target=False",
    ['size_average', 'reduce', 'reduction', 'log_target'],
    klDiv,
    (s, x, y) => [x, y, null, null, attr(s, 'reduction'), attr(s, 'log_target')]
  );
  const MSELoss = lossLayer(
    'MSELoss',
    "size_average=None, reduce=None, reduction='mean'",
    ['size_average', 'reduce', 'reduction'],
    F.dict.get('mse_loss') as PyNative,
    (s, x, y) => [x, y, null, null, attr(s, 'reduction')]
  );

  const Sequential = containerClass('Sequential', 'container', true);
  const ModuleList = containerClass('ModuleList', 'container', false);

  return makeModule('torch.nn', {
    Module: ModuleClass,
    Parameter: ParameterClass,
    Softmax,
    LogSoftmax,
    Softmin,
    Softmax2d,
    Sigmoid: unary('Sigmoid', 'sigmoid'),
    LogSigmoid: unary('LogSigmoid', 'logsigmoid'),
    Tanh: unary('Tanh', 'tanh'),
    ReLU,
    LeakyReLU,
    ELU,
    GELU,
    SiLU,
    Softplus,
    Identity,
    Flatten,
    Dropout,
    Linear,
    CrossEntropyLoss,
    NLLLoss,
    BCELoss,
    BCEWithLogitsLoss,
    KLDivLoss,
    MSELoss,
    Sequential,
    ModuleList,
    functional: F,
    Tensor: TensorClass
  });
}

/** Sequential / ModuleList: children named '0', '1', ...; Sequential also chains forward. */
function containerClass(name: string, modPath: string, sequential: boolean): PyClass {
  const cls = nativeClass(name, `torch.nn.modules.${modPath}`, ModuleClass);
  const addAll = (self: PyInstance, mods: PyValue[]): void => {
    for (const m of mods) {
      if (!isModule(m)) throw pyErr('TypeError', `${typeName(m)} is not a Module subclass`);
      const k = String(state(self).modules.length);
      state(self).modules.push(k);
      self.dict.set(k, m);
    }
  };
  def(cls, '__init__', ([self, ...rest]) => {
    initModule(self as PyInstance);
    const mods = sequential ? rest : rest.length ? toArray(rest[0]) : [];
    addAll(self as PyInstance, mods);
    return null;
  });
  const mods = (self: PyValue): PyInstance[] => children(self).map(c => c[1]);
  def(cls, '__len__', ([self]) => BigInt(state(self).modules.length));
  def(cls, '__iter__', ([self]) => iter(mods(self)));
  def(cls, '__getitem__', ([self, k]) => {
    const ms = mods(self);
    if (k instanceof PySlice) {
      const [start, , step, n] = sliceIndices(k, ms.length);
      const o = new PyInstance(cls);
      initModule(o);
      const sel: PyValue[] = [];
      for (let i = 0, j = start; i < n; i++, j += step) sel.push(ms[j]);
      addAll(o, sel);
      return o;
    }
    const i = seqIndex(k, ms.length, name);
    return ms[i];
  });
  def(cls, 'append', ([self, m]) => {
    addAll(self as PyInstance, [m]);
    return self;
  });
  if (sequential) {
    cls.dict.set(
      'forward',
      rawGenFn('forward', function* (args: PyValue[], kwargs: Kwargs) {
        let x = args[1];
        let first = true;
        for (const m of mods(args[0])) {
          x = yield* call(m, [x], first ? kwargs : null);
          first = false;
        }
        return x;
      } as NativeGenFn)
    );
  }
  return cls;
}

