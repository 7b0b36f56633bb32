/**
 * Small torch value types: torch.dtype objects (`torch.float32`), torch.Size
 * (a tuple subclass printing `torch.Size([2, 3])`), torch.device, and the
 * named tuples of torch.return_types (`max`, `sort`, `topk`, ...).
 */
import {
  PyClass, PyInstance, PyValue, PyTuple, PyList, PyIterator, NotImplemented, T, nativeClass, rawFn, pyErr, typeName,
  toArray, seqIndex, sliceIndices, PySlice, eq, repr, property
} from '../../native';
import { DType, formatSize } from '../../../engine';

// ---------------------------------------------------------------- dtype

export const DtypeClass: PyClass = nativeClass('dtype', 'torch');

const DTYPES = new Map<DType, PyInstance>();

/** The unique `torch.<name>` object of a dtype (identity matters: `x.dtype is torch.float32`). */
export function dtypeObj(d: DType): PyInstance {
  let o = DTYPES.get(d);
  if (!o) {
    o = new PyInstance(DtypeClass, { dtype: d, hashKey: () => 'dtype:' + d });
    DTYPES.set(d, o);
  }
  return o;
}

export const isDtype = (v: PyValue): v is PyInstance => v instanceof PyInstance && v.klass === DtypeClass;
export const dtypeOf = (v: PyInstance): DType => v.native.dtype as DType;

DtypeClass.dict.set('__repr__', rawFn('__repr__', ([s]) => `torch.${dtypeOf(s as PyInstance)}`));
DtypeClass.dict.set('__eq__', rawFn('__eq__', ([a, b]) => (isDtype(b) ? a === b : NotImplemented)));
DtypeClass.dict.set('__ne__', rawFn('__ne__', ([a, b]) => (isDtype(b) ? a !== b : NotImplemented)));
property(DtypeClass, 'is_floating_point', s => ['float32', 'float64', 'float16', 'bfloat16'].includes(dtypeOf(s)));
property(DtypeClass, 'is_signed', s => dtypeOf(s) !== 'bool');
property(DtypeClass, 'itemsize', s => BigInt({ float64: 8, int64: 8, float32: 4, int32: 4, float16: 2, bfloat16: 2, bool: 1 }[dtypeOf(s) as DType]));

// ---------------------------------------------------------------- tuple-like native objects

/**
 * A tuple subclass whose instances carry `items` like PyTuple. Why not PyTuple
 * itself: the interpreter prints PyTuples as `(2, 3)`; these print their own repr.
 */
export class PyTupleLike extends PyInstance {
  constructor(
    klass: PyClass,
    public readonly items: PyValue[],
    native?: unknown
  ) {
    super(klass, native);
  }
}

function installTupleProtocol(cls: PyClass, make: (items: PyValue[]) => PyValue): void {
  const items = (v: PyValue): PyValue[] => (v as PyTupleLike).items;
  cls.dict.set('__len__', rawFn('__len__', ([s]) => BigInt(items(s).length)));
  cls.dict.set('__iter__', rawFn('__iter__', ([s]) => new PyIterator(items(s)[Symbol.iterator]())));
  cls.dict.set(
    '__getitem__',
    rawFn('__getitem__', ([s, k]) => {
      const it = items(s);
      if (k instanceof PySlice) {
        const [start, , step, n] = sliceIndices(k, it.length);
        const out: PyValue[] = [];
        for (let i = 0, j = start; i < n; i++, j += step) out.push(it[j]);
        return make(out);
      }
      return it[seqIndex(k, it.length, 'tuple')];
    })
  );
  cls.dict.set('__contains__', rawFn('__contains__', ([s, x]) => items(s).some(y => eq(x, y))));
  const seqOf = (v: PyValue): PyValue[] | null =>
    v instanceof PyTuple || v instanceof PyTupleLike ? (v as PyTuple).items : null;
  cls.dict.set('__eq__', rawFn('__eq__', ([a, b]) => {
    const o = seqOf(b);
    if (!o) return v2bool(b instanceof PyList ? false : NotImplemented);
    const x = items(a);
    return x.length === o.length && x.every((v, i) => eq(v, o[i]));
  }));
  cls.dict.set('__ne__', rawFn('__ne__', ([a, b]) => {
    const o = seqOf(b);
    if (!o) return NotImplemented;
    const x = items(a);
    return !(x.length === o.length && x.every((v, i) => eq(v, o[i])));
  }));
  cls.dict.set('__add__', rawFn('__add__', ([a, b]) => {
    const o = seqOf(b);
    return o ? make([...items(a), ...o]) : NotImplemented;
  }));
  cls.dict.set('__radd__', rawFn('__radd__', ([a, b]) => {
    const o = seqOf(b);
    return o ? new PyTuple([...o, ...items(a)]) : NotImplemented;
  }));
  cls.dict.set('__hash__', rawFn('__hash__', ([s]) => BigInt(items(s).length)));
  cls.dict.set('count', rawFn('count', ([s, x]) => BigInt(items(s).filter(y => eq(x, y)).length)));
  cls.dict.set('index', rawFn('index', ([s, x]) => {
    const i = items(s).findIndex(y => eq(x, y));
    if (i < 0) throw pyErr('ValueError', 'tuple.index(x): x not in tuple');
    return BigInt(i);
  }));
}

const v2bool = (v: PyValue): PyValue => v;

// ---------------------------------------------------------------- torch.Size

export const SizeClass: PyClass = nativeClass('Size', 'torch', T.tuple);

export function makeSize(shape: readonly number[]): PyTupleLike {
  const items = shape.map(n => BigInt(n));
  return new PyTupleLike(SizeClass, items, { hashKey: () => 't(' + items.map(i => 'n' + i).join(',') + ')' });
}

export const isSize = (v: PyValue): v is PyTupleLike => v instanceof PyTupleLike && v.klass === SizeClass;
export const sizeItems = (v: PyValue): PyValue[] => (v as PyTupleLike).items;

installTupleProtocol(SizeClass, items =>
  items.every(v => typeof v === 'bigint') ? makeSize(items.map(Number)) : new PyTuple(items)
);
SizeClass.dict.set('__repr__', rawFn('__repr__', ([s]) => formatSize(sizeItems(s).map(Number))));
SizeClass.dict.set('numel', rawFn('numel', ([s]) => sizeItems(s).reduce((a: bigint, b) => a * (b as bigint), 1n)));
SizeClass.dict.set(
  '__new__',
  rawFn('__new__', ([, seq]) => {
    const items = seq === undefined ? [] : toArray(seq);
    return makeSize(
      items.map(v => {
        if (typeof v !== 'bigint') throw pyErr('TypeError', `torch.Size() takes an iterable of 'int' (item 0 is '${typeName(v)}')`);
        return Number(v);
      })
    );
  })
);

// ---------------------------------------------------------------- torch.return_types

const RETURN_TYPES = new Map<string, PyClass>();

/** torch.return_types.<name>(values=..., indices=...) as a tuple-like object. */
export function returnType(name: string, fields: [string, PyValue][]): PyTupleLike {
  let cls = RETURN_TYPES.get(name);
  if (!cls) {
    cls = nativeClass(name, 'torch.return_types', T.tuple);
    installTupleProtocol(cls, items => new PyTuple(items));
    cls.dict.set(
      '__repr__',
      rawFn('__repr__', ([s]) => {
        const o = s as PyTupleLike;
        const names = o.native as string[];
        return `torch.return_types.${name}(\n${names.map((n, i) => `${n}=${repr(o.items[i])}`).join(',\n')})`;
      })
    );
    for (const [i, [f]] of fields.entries()) property(cls, f, s => (s as PyTupleLike).items[i]);
    RETURN_TYPES.set(name, cls);
  }
  return new PyTupleLike(cls, fields.map(f => f[1]), fields.map(f => f[0]));
}

// ---------------------------------------------------------------- torch.device

export const DeviceClass: PyClass = nativeClass('device', 'torch');
export const CPU = new PyInstance(DeviceClass, { type: 'cpu', hashKey: () => 'device:cpu' });
DeviceClass.dict.set('__repr__', rawFn('__repr__', () => "device(type='cpu')"));
DeviceClass.dict.set('__str__', rawFn('__str__', () => 'cpu'));
property(DeviceClass, 'type', () => 'cpu');
DeviceClass.dict.set(
  '__new__',
  rawFn('__new__', ([, spec]) => {
    const s = typeof spec === 'string' ? spec : '';
    if (s === 'cpu' || s.startsWith('cpu:')) return CPU;
    if (s.startsWith('cuda') || s.startsWith('mps')) return new PyInstance(DeviceClass, { type: s });
    throw pyErr('RuntimeError', `Expected one of cpu, cuda, ... device type at start of device string: ${s}`);
  })
);
DeviceClass.dict.set('__eq__', rawFn('__eq__', ([a, b]) => (b instanceof PyInstance && b.klass === DeviceClass ? a === b || (a as PyInstance).native.type === b.native.type : NotImplemented)));
