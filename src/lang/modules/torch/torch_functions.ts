/**
 * The `torch` module: every op from functions.ts, tensor creation, random
 * numbers, dtypes and constants, grad-mode context managers, print options.
 */
import { buildOptim } from './optim';
import {
  PyValue, PyInstance, PyModule, PyNative, PyTuple, PyList, Kwargs, makeModule, rawFn, rawGenFn, nativeClass, pyErr, typeName, call, toArray
} from '../../native';
import { Tensor, DType, ALL_DTYPES, warn, setPrintOptions, promoteTypes } from '../../../engine';
import * as CR from '../../../engine/creation';
import * as RN from '../../../engine/random';
import { TensorClass, isTensor, unwrap, wrap, isGradEnabled, setGradEnabled, installPlainNew } from './core';
import { tfn, tensorFromPy, shapeArgs, dtypeArg, boolArg, intArg, floatArg, toScalar, isPyNumber } from './args';
import { OPS, convertTo } from './functions';
import { dtypeObj, DtypeClass, SizeClass, DeviceClass, makeSize } from './pytypes';
import { docOf } from './docs';

// ---------------------------------------------------------------- creation

interface Factory {
  dtype?: DType;
  requiresGrad: boolean;
}

/** The keyword-only arguments every factory accepts (dtype, device, requires_grad, ...). */
function factoryKw(kwargs: Kwargs, fname: string, allowed: string[] = []): Factory & { rest: Map<string, PyValue> } {
  const f: Factory & { rest: Map<string, PyValue> } = { requiresGrad: false, rest: new Map() };
  if (!kwargs) return f;
  for (const [k, v] of kwargs) {
    if (k === 'dtype') f.dtype = dtypeArg(v, fname) ?? undefined;
    else if (k === 'requires_grad') f.requiresGrad = boolArg(v, fname, 'requires_grad');
    else if (k === 'device') checkDevice(v);
    else if (['layout', 'pin_memory', 'memory_format', 'out', 'generator'].includes(k)) continue;
    else if (allowed.includes(k)) f.rest.set(k, v);
    else throw pyErr('TypeError', `${fname}() got an unexpected keyword argument '${k}'`);
  }
  return f;
}

function checkDevice(v: PyValue): void {
  const name = typeof v === 'string' ? v : v instanceof PyInstance && v.klass === DeviceClass ? String(v.native.type) : v === null ? 'cpu' : '';
  if (name.startsWith('cuda')) throw pyErr('AssertionError', 'Torch not compiled with CUDA enabled');
}

function gradCheck(t: Tensor, on: boolean): Tensor {
  if (on) {
    if (!['float32', 'float64', 'float16', 'bfloat16'].includes(t.dtype)) {
      throw pyErr('RuntimeError', 'Only Tensors of floating point and complex dtype can require gradients');
    }
    t.requiresGrad = true;
  }
  return t;
}

const tensorFn = rawFn('tensor', (args, kwargs) => {
  if (args.length !== 1) {
    throw pyErr('TypeError', args.length === 0 ? 'tensor() missing 1 required positional arguments: "data"' : `tensor() takes 1 positional argument but ${args.length} were given`);
  }
  const f = factoryKw(kwargs, 'tensor');
  if (isTensor(args[0])) {
    warn(
      'To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or sourceTensor.detach().clone().requires_grad_(True), rather than torch.tensor(sourceTensor).',
      'UserWarning'
    );
  }
  return wrap(gradCheck(tensorFromPy(args[0], f.dtype ?? null), f.requiresGrad));
}, 'tensor(data, *, dtype=None, device=None, requires_grad=False) -> Tensor', 'Constructs a tensor with no autograd history by copying data.');

function shapeFactory(name: string, make: (shape: number[], f: Factory) => Tensor): PyNative {
  return rawFn(name, (args, kwargs) => {
    const f = factoryKw(kwargs, name, ['size']);
    const sizeKw = f.rest.get('size');
    const shape = shapeArgs(sizeKw !== undefined ? [sizeKw] : args, name);
    return wrap(gradCheck(make(shape, f), f.requiresGrad));
  }, `${name}(*size, *, dtype=None, device=None, requires_grad=False) -> Tensor`);
}

function likeFactory(name: string, make: (t: Tensor, f: Factory, extra: PyValue[]) => Tensor, nExtra = 0): PyNative {
  return rawFn(name, (args, kwargs) => {
    const f = factoryKw(kwargs, name, ['fill_value', 'low', 'high']);
    const t = unwrap(args[0], name);
    const extra = args.slice(1);
    for (const k of ['fill_value', 'low', 'high']) if (f.rest.has(k)) extra.push(f.rest.get(k)!);
    if (extra.length < nExtra) throw pyErr('TypeError', `${name}() missing required arguments`);
    return wrap(gradCheck(make(t, f, extra), f.requiresGrad));
  }, `${name}(input, *, dtype=None, requires_grad=False) -> Tensor`);
}

const scalarOf = (v: PyValue, fname: string, arg: string): CR.PyScalar => {
  if (isPyNumber(v)) return toScalar(v);
  if (isTensor(v) && (v.native as Tensor).numel === 1) {
    const X = v.native as Tensor;
    return toScalar(X.dtype === 'bool' ? X.at(0) !== 0 : X.dtype.startsWith('int') ? BigInt(X.at(0)) : X.at(0));
  }
  throw pyErr('TypeError', `${fname}(): argument '${arg}' must be Number, not ${typeName(v)}`);
};

const full = rawFn('full', (args, kwargs) => {
  const f = factoryKw(kwargs, 'full', ['size', 'fill_value']);
  const size = args.length > 0 ? args[0] : f.rest.get('size');
  const value = args.length > 1 ? args[1] : f.rest.get('fill_value');
  if (size === undefined) throw pyErr('TypeError', 'full() missing 2 required positional arguments: "size", "fill_value"');
  if (value === undefined) throw pyErr('TypeError', 'full() missing 1 required positional arguments: "fill_value"');
  return wrap(gradCheck(CR.full(shapeArgs([size], 'full'), scalarOf(value, 'full', 'fill_value'), { dtype: f.dtype }), f.requiresGrad));
}, 'full(size, fill_value, *, dtype=None, requires_grad=False) -> Tensor');

const arange = rawFn('arange', (args, kwargs) => {
  const f = factoryKw(kwargs, 'arange', ['start', 'end', 'step']);
  const a = [...args];
  for (const k of ['start', 'end', 'step']) if (f.rest.has(k)) a.push(f.rest.get(k)!);
  if (a.length === 0) throw pyErr('TypeError', 'arange() received an invalid combination of arguments - got (), but expected one of:');
  const [s, e, st] = a.map((v, i) => scalarOf(v, 'arange', ['start', 'end', 'step'][i]));
  const t = a.length === 1 ? CR.arange(s, undefined, undefined, { dtype: f.dtype }) : CR.arange(s, e, st ?? RN_ONE, { dtype: f.dtype });
  return wrap(gradCheck(t, f.requiresGrad));
}, 'arange(start=0, end, step=1, *, dtype=None, requires_grad=False) -> Tensor');
const RN_ONE = toScalar(1n);

const linspace = rawFn('linspace', (args, kwargs) => {
  const f = factoryKw(kwargs, 'linspace', ['start', 'end', 'steps']);
  const a = [...args];
  for (const k of ['start', 'end', 'steps']) if (f.rest.has(k)) a.push(f.rest.get(k)!);
  if (a.length < 3) throw pyErr('TypeError', `linspace() missing ${3 - a.length} required positional arguments: "steps"`);
  const t = CR.linspace(floatArg(a[0], 'linspace', 'start'), floatArg(a[1], 'linspace', 'end'), intArg(a[2], 'linspace', 'steps'), { dtype: f.dtype });
  return wrap(gradCheck(t, f.requiresGrad));
}, 'linspace(start, end, steps, *, dtype=None) -> Tensor');

const eye = rawFn('eye', (args, kwargs) => {
  const f = factoryKw(kwargs, 'eye', ['n', 'm']);
  const n = args[0] ?? f.rest.get('n');
  const m = args[1] ?? f.rest.get('m') ?? null;
  if (n === undefined) throw pyErr('TypeError', 'eye() missing 1 required positional arguments: "n"');
  return wrap(gradCheck(CR.eye(intArg(n, 'eye', 'n'), m === null ? undefined : intArg(m, 'eye', 'm'), { dtype: f.dtype }), f.requiresGrad));
}, 'eye(n, m=None, *, dtype=None) -> Tensor');

const randint = rawFn('randint', (args, kwargs) => {
  const f = factoryKw(kwargs, 'randint', ['low', 'high', 'size']);
  const a = [...args];
  let low = 0;
  let high: number;
  let size: PyValue | undefined = f.rest.get('size');
  if (size === undefined) size = a.pop();
  if (f.rest.has('low')) low = intArg(f.rest.get('low')!, 'randint', 'low');
  if (f.rest.has('high')) high = intArg(f.rest.get('high')!, 'randint', 'high');
  else if (a.length === 2) {
    low = intArg(a[0], 'randint', 'low');
    high = intArg(a[1], 'randint', 'high');
  } else if (a.length === 1) high = intArg(a[0], 'randint', 'high');
  else throw pyErr('TypeError', 'randint() received an invalid combination of arguments');
  if (a.length === 1 && f.rest.has('low')) high = intArg(a[0], 'randint', 'high');
  return wrap(RN.randint(low, high!, shapeArgs([size ?? new PyTuple([])], 'randint'), { dtype: f.dtype }));
}, 'randint(low=0, high, size, *, dtype=None) -> Tensor');

const manualSeed = rawFn('manual_seed', ([seed]) => {
  if (typeof seed !== 'bigint' && typeof seed !== 'boolean') throw pyErr('TypeError', `manual_seed expected an int, got ${typeName(seed)}`);
  RN.manualSeed(Number(seed));
  return generatorObj;
}, 'manual_seed(seed) -> Generator', 'Sets the seed for generating random numbers.');
const GeneratorClass = nativeClass('Generator', 'torch._C');
const generatorObj = new PyInstance(GeneratorClass, RN.defaultGenerator);
GeneratorClass.dict.set('initial_seed', rawFn('initial_seed', () => BigInt(RN.initialSeed())));
GeneratorClass.dict.set('manual_seed', rawFn('manual_seed', ([s, seed]) => (RN.manualSeed(Number(seed)), s)));

// ---------------------------------------------------------------- grad mode

/** no_grad / enable_grad / inference_mode: context managers (and decorators) switching grad mode. */
function gradModeClass(name: string, mode: boolean): PyValue {
  const cls = nativeClass(name, 'torch.autograd.grad_mode');
  installPlainNew(cls);
  cls.dict.set('__init__', rawFn('__init__', ([s, m]) => {
    (s as PyInstance).native = { prev: true, mode: name === 'inference_mode' && m === false ? true : mode };
    return null;
  }));
  cls.dict.set('__enter__', rawFn('__enter__', ([s]) => {
    const st = (s as PyInstance).native;
    st.prev = isGradEnabled();
    setGradEnabled(st.mode);
    return null;
  }));
  cls.dict.set('__exit__', rawFn('__exit__', ([s]) => {
    setGradEnabled((s as PyInstance).native.prev);
    return false;
  }));
  cls.dict.set('__call__', rawFn('__call__', ([s, f]) => {
    const st = (s as PyInstance).native;
    return rawGenFn(typeName(f), function* (args, kwargs) {
      const prev = isGradEnabled();
      setGradEnabled(st.mode);
      try {
        return yield* call(f, args, kwargs);
      } finally {
        setGradEnabled(prev);
      }
    });
  }));
  return cls;
}

const setGradEnabledCls = nativeClass('set_grad_enabled', 'torch.autograd.grad_mode');
installPlainNew(setGradEnabledCls);
setGradEnabledCls.dict.set('__init__', rawFn('__init__', ([s, m]) => {
  const prev = isGradEnabled();
  setGradEnabled(m === true);
  (s as PyInstance).native = { prev };
  return null;
}));
setGradEnabledCls.dict.set('__enter__', rawFn('__enter__', () => null));
setGradEnabledCls.dict.set('__exit__', rawFn('__exit__', ([s]) => (setGradEnabled((s as PyInstance).native.prev), false)));

// ---------------------------------------------------------------- misc

const setPrintOptionsFn = tfn('set_printoptions', 'precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None', (p, t, e, l, prof, sci) => {
  const num = (v: PyValue, n: string): number | null => (v === null ? null : n === 'threshold' ? floatArg(v, 'set_printoptions', n) : intArg(v, 'set_printoptions', n));
  setPrintOptions({
    precision: num(p, 'precision'),
    threshold: num(t, 'threshold'),
    edgeitems: num(e, 'edgeitems'),
    linewidth: num(l, 'linewidth'),
    profile: prof === null ? null : (prof as 'default' | 'short' | 'full'),
    sci_mode: sci === null ? null : boolArg(sci, 'set_printoptions', 'sci_mode')
  });
  return null;
});

const cudaModule = makeModule('torch.cuda', {
  is_available: rawFn('is_available', () => false),
  device_count: rawFn('device_count', () => 0n),
  manual_seed: rawFn('manual_seed', () => null),
  manual_seed_all: rawFn('manual_seed_all', () => null)
});
const optimModule = buildOptim();

const backendsModule = makeModule('torch.backends', {
  mps: makeModule('torch.backends.mps', { is_available: rawFn('is_available', () => false) })
});

/**
 * torch.Tensor(data) / torch.FloatTensor(data) & co. (legacy constructors still
 * in tutorials): a list gives a tensor of the class's dtype, ints give a shape.
 */
function legacyCtor(name: string, dtype: DType): PyNative {
  return rawFn(name, args => {
    const data = args.length === 1 && (args[0] instanceof PyList || args[0] instanceof PyTuple) ? args[0] : null;
    if (data) return wrap(tensorFromPy(data, dtype));
    if (args.length === 1 && isTensor(args[0])) return args[0];
    return wrap(CR.zeros(args.length ? shapeArgs(args, name) : [0], { dtype }));
  });
}
TensorClass.dict.set('__new__', rawFn('__new__', args => (legacyCtor('Tensor', 'float32').fn as (a: PyValue[], k: Kwargs) => PyValue)(args.slice(1), null)));

/** The torch module object. */
export function buildTorch(): PyModule {
  const attrs: Record<string, PyValue> = {};
  for (const [name, f] of OPS) attrs[name] = f;
  // Creation
  Object.assign(attrs, {
    tensor: tensorFn,
    as_tensor: asTensorFixed,
    zeros: shapeFactory('zeros', (s, f) => CR.zeros(s, { dtype: f.dtype })),
    ones: shapeFactory('ones', (s, f) => CR.ones(s, { dtype: f.dtype })),
    empty: shapeFactory('empty', (s, f) => CR.empty(s, { dtype: f.dtype })),
    rand: shapeFactory('rand', (s, f) => RN.rand(s, { dtype: f.dtype })),
    randn: shapeFactory('randn', (s, f) => RN.randn(s, { dtype: f.dtype })),
    zeros_like: likeFactory('zeros_like', (t, f) => CR.zerosLike(t, { dtype: f.dtype ?? t.dtype })),
    ones_like: likeFactory('ones_like', (t, f) => CR.onesLike(t, { dtype: f.dtype ?? t.dtype })),
    empty_like: likeFactory('empty_like', (t, f) => CR.zerosLike(t, { dtype: f.dtype ?? t.dtype })),
    full_like: likeFactory('full_like', (t, f, x) => CR.fullLike(t, scalarOf(x[0], 'full_like', 'fill_value'), { dtype: f.dtype ?? t.dtype }), 1),
    rand_like: likeFactory('rand_like', (t, f) => RN.randLike(t, { dtype: f.dtype ?? t.dtype })),
    randn_like: likeFactory('randn_like', (t, f) => RN.randnLike(t, { dtype: f.dtype ?? t.dtype })),
    full,
    arange,
    linspace,
    eye,
    randint,
    randperm: rawFn('randperm', (args, kwargs) => wrap(RN.randperm(intArg(args[0], 'randperm', 'n'), { dtype: factoryKw(kwargs, 'randperm').dtype }))),
    normal: tfn('normal', 'mean, std=1.0, size=None', (m, s, size) => {
      if (isTensor(m) || isTensor(s)) throw pyErr('NotImplementedError', 'torch.normal with tensor mean/std is not supported yet');
      return wrap(RN.normal(floatArg(m, 'normal', 'mean'), floatArg(s, 'normal', 'std'), shapeArgs([size ?? new PyTuple([])], 'normal')));
    }),
    bernoulli: tfn('bernoulli', 'input, *, generator=None', p => wrap(RN.bernoulli(unwrap(p, 'bernoulli')))),
    multinomial: tfn('multinomial', 'input, num_samples, replacement=False, *, generator=None', (p, n, r) =>
      wrap(RN.multinomial(unwrap(p, 'multinomial'), intArg(n, 'multinomial', 'num_samples', 2), boolArg(r, 'multinomial', 'replacement')))
    ),
    manual_seed: manualSeed,
    seed: rawFn('seed', () => BigInt(RN.initialSeed())),
    initial_seed: rawFn('initial_seed', () => BigInt(RN.initialSeed())),
    default_generator: generatorObj,
    Generator: GeneratorClass
  });
  // Types and constants
  for (const d of ALL_DTYPES) attrs[d] = dtypeObj(d);
  Object.assign(attrs, {
    float: dtypeObj('float32'),
    double: dtypeObj('float64'),
    half: dtypeObj('float16'),
    long: dtypeObj('int64'),
    int: dtypeObj('int32'),
    Tensor: TensorClass,
    FloatTensor: legacyCtor('FloatTensor', 'float32'),
    DoubleTensor: legacyCtor('DoubleTensor', 'float64'),
    LongTensor: legacyCtor('LongTensor', 'int64'),
    IntTensor: legacyCtor('IntTensor', 'int32'),
    BoolTensor: legacyCtor('BoolTensor', 'bool'),
    HalfTensor: legacyCtor('HalfTensor', 'float16'),
    Size: SizeClass,
    dtype: DtypeClass,
    device: DeviceClass,
    inf: Infinity,
    nan: NaN,
    pi: Math.PI,
    e: Math.E,
    __version__: '2.13.0',
    cuda: cudaModule,
    optim: optimModule,
    backends: backendsModule,
    no_grad: gradModeClass('no_grad', false),
    enable_grad: gradModeClass('enable_grad', true),
    inference_mode: gradModeClass('inference_mode', false),
    set_grad_enabled: setGradEnabledCls,
    is_grad_enabled: rawFn('is_grad_enabled', () => isGradEnabled()),
    set_printoptions: setPrintOptionsFn,
    broadcast_shapes: broadcastShapesFn,
    is_tensor: rawFn('is_tensor', ([v]) => isTensor(v)),
    is_floating_point: OPS.get('is_floating_point')!,
    get_default_dtype: rawFn('get_default_dtype', () => dtypeObj('float32')),
    promote_types: tfn('promote_types', 'type1, type2', (a, b) => dtypeObj(promoteTypes(dtypeArg(a, 'promote_types', 'type1')!, dtypeArg(b, 'promote_types', 'type2')!))),
    from_numpy: rawFn('from_numpy', () => {
      throw pyErr('NotImplementedError', 'torch.from_numpy is not available in this kernel (there is no NumPy); use torch.tensor(list)');
    })
  });
  const m = makeModule('torch', attrs, 'PyTorch-compatible tensors, running in the browser.');
  for (const [k, v] of m.dict) if (v instanceof PyNative && !v.doc) v.doc = docOf(k);
  return m;
}

/** torch.broadcast_shapes(*shapes): ints or sequences of ints, with PyTorch's mismatch message. */
const broadcastShapesFn = rawFn('broadcast_shapes', args => {
  let acc: number[] = [];
  args.forEach((a, k) => {
    const shape = isPyNumber(a) ? [intArg(a, 'broadcast_shapes', 'shape')] : toArray(a).map(v => intArg(v, 'broadcast_shapes', 'shape'));
    const n = Math.max(acc.length, shape.length);
    const next = new Array<number>(n);
    for (let i = 1; i <= n; i++) {
      const da = i <= acc.length ? acc[acc.length - i] : 1;
      const db = i <= shape.length ? shape[shape.length - i] : 1;
      if (da !== db && da !== 1 && db !== 1) {
        const shown = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
        throw pyErr('RuntimeError', `Attempting to broadcast a dimension of length ${db} at -${i}! Mismatching argument at index ${k} had ${shown}; but expected shape should be broadcastable to [${acc.join(', ')}]`);
      }
      next[n - i] = da === 1 ? db : da;
    }
    acc = next;
  });
  return makeSize(acc);
}, 'broadcast_shapes(*shapes) -> Size');

const asTensorFixed = rawFn('as_tensor', (args, kwargs) => {
  const f = factoryKw(kwargs, 'as_tensor');
  const d = args[0];
  if (isTensor(d)) return convertTo(d.native as Tensor, f.dtype ?? null, d);
  return wrap(tensorFromPy(d, f.dtype ?? null));
}, 'as_tensor(data, dtype=None, device=None) -> Tensor');

