/**
 * Generic Python operations on values: attribute access, calls, repr/str,
 * truthiness, arithmetic and comparison dispatch, indexing, iteration.
 *
 * Calls are generators (`call`), because a Python function may run a long
 * loop or await host I/O and the whole evaluation must stay resumable.
 * Everything else is synchronous: when an operation needs a Python-level
 * dunder (a user `__add__`, `__repr__`, a Python @property), it runs that
 * function through `runSync`, a nested driver that still enforces the time
 * limit but cannot await I/O. Native dunders (Tensor's) are plain calls.
 */
import {
  PyValue, PyObject, PyClass, PyInstance, PyList, PyTuple, PyDict, PySet, PyRange, PyNative,
  PyFunction, PyBoundMethod, PyProperty, PyStaticMethod, PyClassMethod, PyModule, PyIterator,
  PySlice, PySuper, PyEllipsisType, PyNotImplementedType, NotImplemented, Kwargs, Gen, TICK, T, EXC,
  typeOf, pyErr, PyError, NativeFn, NativeGenFn, toBigInt, CallRequest, Trampoline, chargeItems
} from './values';
import { floatRepr } from './floatfmt';

// ---------------------------------------------------------------- drivers

/** Hook the session installs: called at TICKs inside runSync (time limit). */
export const syncHooks = { tick: (): void => undefined };

/** Run a generator to completion synchronously (nested evaluation). */
export function runSync<R>(g: Generator<unknown, R, unknown>): R {
  const t = new Trampoline(g);
  let r = t.resume();
  while (!r.done) {
    if (r.value === TICK) {
      try {
        syncHooks.tick();
      } catch (e) {
        r = t.resume(undefined, true, e);
        continue;
      }
    } else {
      r = t.resume(undefined, true, pyErr('RuntimeError', 'this operation cannot wait for file I/O here'));
      continue;
    }
    r = t.resume();
  }
  return r.value;
}

/** Convert any JS error thrown by a native/engine into a Python exception. */
export function toPyError(e: unknown): PyError {
  if (e instanceof PyError) return e;
  // engine TorchError (duck-typed so the engine loads lazily, only with torch)
  if (e instanceof Error && typeof (e as { pyType?: unknown }).pyType === 'string') {
    return pyErr((e as unknown as { pyType: string }).pyType, e.message);
  }
  if (e instanceof RangeError) {
    const m = String(e.message);
    if (m.includes('call stack')) return pyErr('RecursionError', 'maximum recursion depth exceeded');
    if (m.includes('BigInt') || m.includes('Invalid string length') || m.includes('Invalid array length') || m.includes('Array buffer')) {
      return pyErr('MemoryError', '');
    }
  }
  const msg = e instanceof Error ? e.message : String(e);
  return pyErr('SystemError', `internal error: ${msg}`);
}

// ---------------------------------------------------------------- calls

/** Call any callable. The generic path for the interpreter and gen natives. */
export function* call(f: PyValue, args: PyValue[], kwargs: Kwargs = null): Gen {
  if (f instanceof PyNative) {
    if (f.isGen) return yield* (f.fn as NativeGenFn)(args, kwargs);
    return callNative(f, args, kwargs);
  }
  if (f instanceof PyFunction) {
    if (f.code.isSync) return f.code.invokeSync(f, args, kwargs);
    return (yield new CallRequest(f.code.invoke(f, args, kwargs))) as PyValue;
  }
  if (f instanceof PyBoundMethod) return yield* call(f.func, [f.self, ...args], kwargs);
  if (f instanceof PyClass) return yield* construct(f, args, kwargs);
  if (f instanceof PyObject) {
    const c = typeOf(f).lookup('__call__');
    if (c !== undefined) return yield* call(c, [f, ...args], kwargs);
  }
  throw pyErr('TypeError', `'${typeOf(f).name}' object is not callable`);
}

/** Call a plain native, turning engine errors into Python exceptions. */
export function callNative(f: PyNative, args: PyValue[], kwargs: Kwargs): PyValue {
  try {
    return (f.fn as NativeFn)(args, kwargs);
  } catch (e) {
    throw toPyError(e);
  }
}

/** Call synchronously (nested driver): for natives that call back briefly. */
export function callSync(f: PyValue, args: PyValue[], kwargs: Kwargs = null): PyValue {
  if (f instanceof PyNative && !f.isGen) return callNative(f, args, kwargs);
  if (f instanceof PyFunction && f.code.isSync) return f.code.invokeSync(f, args, kwargs);
  return runSync(call(f, args, kwargs));
}

/** Instantiate a class: __new__ (native) or a plain instance, then __init__. */
function* construct(cls: PyClass, args: PyValue[], kwargs: Kwargs): Gen {
  const newFn = cls.lookup('__new__');
  let obj: PyValue;
  if (newFn !== undefined) {
    const f = newFn instanceof PyStaticMethod ? newFn.func : newFn;
    obj = yield* call(f, [cls, ...args], kwargs);
    if (!(obj instanceof PyObject) || !typeOf(obj).isSubclassOf(cls)) return obj;
  } else {
    obj = new PyInstance(cls);
  }
  const init = cls.lookup('__init__');
  if (init !== undefined) {
    const r = yield* call(init, [obj, ...args], kwargs);
    if (r !== null) throw pyErr('TypeError', `__init__() should return None, not '${typeOf(r).name}'`);
  } else if (newFn === undefined && (args.length || (kwargs && kwargs.size))) {
    throw pyErr('TypeError', `${cls.name}() takes no arguments`);
  }
  return obj;
}

export function isCallable(v: PyValue): boolean {
  return (
    v instanceof PyNative || v instanceof PyFunction || v instanceof PyBoundMethod || v instanceof PyClass ||
    (v instanceof PyObject && typeOf(v).lookup('__call__') !== undefined)
  );
}

// ---------------------------------------------------------------- attributes

function bind(attr: PyValue, self: PyValue, cls: PyClass): PyValue {
  if (attr instanceof PyFunction || attr instanceof PyNative) return new PyBoundMethod(self, attr);
  if (attr instanceof PyStaticMethod) return attr.func;
  if (attr instanceof PyClassMethod) return new PyBoundMethod(cls, attr.func);
  if (attr instanceof PyProperty) return callSync(attr.getter, [self]);
  return attr;
}

/** obj.name, or undefined when missing (no exception). */
export function getattrOpt(obj: PyValue, name: string): PyValue | undefined {
  if (obj instanceof PySuper) {
    const startCls = typeOf(obj.self) instanceof PyClass && obj.self instanceof PyClass ? obj.self : typeOf(obj.self);
    const mro = startCls.mro;
    for (let i = mro.indexOf(obj.thisClass) + 1; i < mro.length && i > 0; i++) {
      const v = mro[i].dict.get(name);
      if (v !== undefined) return bind(v, obj.self, startCls);
    }
    return undefined;
  }
  if (obj instanceof PyModule) {
    const v = obj.dict.get(name);
    if (v !== undefined) return v;
    if (name === '__dict__') return dictOf(obj.dict);
    return undefined;
  }
  if (obj instanceof PyClass) {
    for (const c of obj.mro) {
      const v = c.dict.get(name);
      if (v !== undefined) {
        if (v instanceof PyClassMethod) return new PyBoundMethod(obj, v.func);
        if (v instanceof PyStaticMethod) return v.func;
        return v;
      }
    }
    if (name === '__name__' || name === '__qualname__') return obj.name;
    if (name === '__module__') return obj.module === 'builtins' && obj.isUser ? '__main__' : obj.module;
    if (name === '__doc__') return obj.doc;
    if (name === '__mro__') return new PyTuple(obj.mro);
    if (name === '__bases__') return new PyTuple(obj.base ? [obj.base] : []);
    if (name === '__base__') return obj.base;
    if (name === '__class__') return T.type;
    if (name === '__dict__') return dictOf(obj.dict);
    return undefined;
  }
  const cls = typeOf(obj);
  const ca = cls.lookup(name);
  if (ca instanceof PyProperty) return callSync(ca.getter, [obj]);
  if (obj instanceof PyInstance || obj instanceof PyFunction) {
    const v = obj.dict.get(name);
    if (v !== undefined) return v;
  }
  if (ca !== undefined) return bind(ca, obj, cls);
  switch (name) {
    case '__class__':
      return cls;
    case '__dict__':
      if (obj instanceof PyInstance || obj instanceof PyFunction) return dictOf(obj.dict);
      break;
    case '__name__':
      if (obj instanceof PyFunction || obj instanceof PyNative) return obj.name;
      break;
    case '__qualname__':
      if (obj instanceof PyFunction) return obj.qualname;
      break;
    case '__doc__':
      if (obj instanceof PyFunction) return obj.doc;
      if (obj instanceof PyNative) return obj.doc || null;
      return cls.doc;
    case '__self__':
      if (obj instanceof PyBoundMethod) return obj.self;
      break;
    case '__func__':
      if (obj instanceof PyBoundMethod) return obj.func;
      break;
  }
  if (obj instanceof PyBoundMethod) return getattrOpt(obj.func, name);
  if (obj instanceof PySlice) {
    if (name === 'start') return obj.start;
    if (name === 'stop') return obj.stop;
    if (name === 'step') return obj.step;
  }
  if (obj instanceof PyRange) {
    if (name === 'start') return obj.start;
    if (name === 'stop') return obj.stop;
    if (name === 'step') return obj.step;
  }
  const ga = cls.lookup('__getattr__');
  if (ga !== undefined) {
    try {
      return callSync(ga, [obj, name]);
    } catch (e) {
      if (e instanceof PyError && e.exc.klass.isSubclassOf(EXC.AttributeError)) return undefined;
      throw e;
    }
  }
  return undefined;
}

function dictOf(m: Map<string, PyValue>): PyDict {
  const d = new PyDict();
  for (const [k, v] of m) d.set(k, v);
  return d;
}

export function getattr(obj: PyValue, name: string): PyValue {
  const v = getattrOpt(obj, name);
  if (v !== undefined) return v;
  throw attrError(obj, name);
}

export function attrError(obj: PyValue, name: string): PyError {
  const e =
    obj instanceof PyModule ? pyErr('AttributeError', `module '${obj.name}' has no attribute '${name}'`)
      : obj instanceof PyClass ? pyErr('AttributeError', `type object '${obj.name}' has no attribute '${name}'`)
        : pyErr('AttributeError', `'${typeOf(obj).name}' object has no attribute '${name}'`);
  e.exc.dict.set('name', name);
  e.exc.dict.set('obj', obj);
  return e;
}

/** Attribute names of a value (dir() order: sorted), for suggestions and completion. */
export function attrNames(v: PyValue): string[] {
  const names = new Set<string>();
  if (v instanceof PyModule || v instanceof PyInstance || v instanceof PyClass) for (const k of v.dict.keys()) names.add(k);
  const cls = v instanceof PyClass ? v : typeOf(v);
  for (const c of cls.mro) for (const k of c.dict.keys()) names.add(k);
  return [...names].sort();
}

export function setattr(obj: PyValue, name: string, value: PyValue): void {
  if (obj instanceof PyInstance) {
    const cls = obj.klass;
    const ca = cls.lookup(name);
    if (ca instanceof PyProperty) {
      if (ca.setter === null) throw pyErr('AttributeError', `property '${name}' of '${cls.name}' object has no setter`);
      callSync(ca.setter, [obj, value]);
      return;
    }
    const sa = cls.lookup('__setattr__');
    if (sa !== undefined) {
      callSync(sa, [obj, name, value]);
      return;
    }
    obj.dict.set(name, value);
    return;
  }
  if (obj instanceof PyClass || obj instanceof PyModule || obj instanceof PyFunction) {
    obj.dict.set(name, value);
    return;
  }
  throw pyErr('AttributeError', `'${typeOf(obj).name}' object has no attribute '${name}'`);
}

export function delattr(obj: PyValue, name: string): void {
  if (obj instanceof PyInstance || obj instanceof PyClass || obj instanceof PyModule || obj instanceof PyFunction) {
    if (obj.dict.delete(name)) return;
  }
  throw attrError(obj, name);
}

/** Look up a special method on the value's type (not the instance). */
export function special(v: PyValue, name: string): PyValue | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  if (v instanceof PyList || v instanceof PyTuple || v instanceof PyDict) return undefined;
  return v.cls.lookup(name);
}

// ---------------------------------------------------------------- repr / str

let reprDepth = 0;
const reprActive = new Set<PyObject>();

export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c >= 0x80 && c < 0xa0) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + quote;
}

export function hexId(o: PyObject): string {
  return '0x' + (0x7f0000000000 + o.id * 16).toString(16).padStart(12, '0');
}

/** CPython 3.11 refuses int→str conversions above 4300 digits (and so avoids slow ones). */
const INT_STR_LIMIT = 10n ** 4300n;
export function intToStr(v: bigint): string {
  if (v >= INT_STR_LIMIT || v <= -INT_STR_LIMIT) {
    throw pyErr('ValueError', 'Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit');
  }
  return v.toString();
}

export function repr(v: PyValue): string {
  switch (typeof v) {
    case 'string':
      return strRepr(v);
    case 'bigint':
      return v > -1000000000000n && v < 1000000000000n ? v.toString() : intToStr(v);
    case 'number':
      return floatRepr(v);
    case 'boolean':
      return v ? 'True' : 'False';
  }
  if (v === null) return 'None';
  if (reprActive.has(v)) {
    if (v instanceof PyList) return '[...]';
    if (v instanceof PyDict) return '{...}';
  }
  if (++reprDepth > 200) {
    reprDepth = 0;
    throw pyErr('RecursionError', 'maximum recursion depth exceeded while getting the repr of an object');
  }
  reprActive.add(v);
  try {
    return reprObject(v);
  } finally {
    reprActive.delete(v);
    reprDepth--;
  }
}

function reprObject(v: PyObject): string {
  if (v instanceof PyList) return '[' + v.items.map(repr).join(', ') + ']';
  if (v instanceof PyTuple) {
    if (v.items.length === 1) return '(' + repr(v.items[0]) + ',)';
    return '(' + v.items.map(repr).join(', ') + ')';
  }
  if (v instanceof PyDict) {
    if (v.ordered) return v.size ? 'OrderedDict([' + [...v.map.values()].map(([k, x]) => '(' + repr(k) + ', ' + repr(x) + ')').join(', ') + '])' : 'OrderedDict()';
    return '{' + [...v.map.values()].map(([k, x]) => repr(k) + ': ' + repr(x)).join(', ') + '}';
  }
  if (v instanceof PySet) {
    const items = v.items();
    if (v.frozen) return items.length ? 'frozenset({' + items.map(repr).join(', ') + '})' : 'frozenset()';
    return items.length ? '{' + items.map(repr).join(', ') + '}' : 'set()';
  }
  const r = v.cls.lookup('__repr__');
  if (r !== undefined) return checkStr(callSync(r, [v]), '__repr__');
  if (v instanceof PyInstance && v.klass.isSubclassOf(EXC.BaseException)) {
    const args = v.dict.get('args');
    const items = args instanceof PyTuple ? args.items : [];
    return `${v.klass.name}(${items.map(repr).join(', ')})`;
  }
  if (v instanceof PyClass) return `<class '${v.isUser ? '__main__.' + v.name : v.qualname}'>`;
  if (v instanceof PyFunction) return `<function ${v.qualname} at ${hexId(v)}>`;
  if (v instanceof PyNative) return `<built-in function ${v.name}>`;
  if (v instanceof PyBoundMethod) {
    const f = v.func;
    const fname = f instanceof PyFunction ? f.qualname : f instanceof PyNative ? f.name : '?';
    if (f instanceof PyNative) return `<built-in method ${fname} of ${typeOf(v.self).name} object at ${hexId(v)}>`;
    return `<bound method ${fname} of ${repr(v.self)}>`;
  }
  if (v instanceof PyModule) return v.name === 'builtins' ? "<module 'builtins' (built-in)>" : `<module '${v.name}'>`;
  if (v instanceof PyRange) {
    return v.step === 1n ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
  }
  if (v instanceof PySlice) return `slice(${repr(v.start)}, ${repr(v.stop)}, ${repr(v.step)})`;
  if (v instanceof PyEllipsisType) return 'Ellipsis';
  if (v instanceof PyNotImplementedType) return 'NotImplemented';
  if (v instanceof PyIterator) return `<${v.cls.name} object at ${hexId(v)}>`;
  const cls = v.cls;
  const mod = cls.isUser ? '__main__' : cls.module;
  return `<${mod === 'builtins' ? '' : mod + '.'}${cls.name} object at ${hexId(v)}>`;
}

function checkStr(v: PyValue, what: string): string {
  if (typeof v !== 'string') throw pyErr('TypeError', `${what} returned non-string (type ${typeOf(v).name})`);
  return v;
}

export function str(v: PyValue): string {
  if (typeof v === 'string') return v;
  if (v instanceof PyObject && !(v instanceof PyList || v instanceof PyTuple || v instanceof PyDict)) {
    const s = v.cls.lookup('__str__');
    if (s !== undefined) return checkStr(callSync(s, [v]), '__str__');
    if (v instanceof PyInstance && v.klass.isSubclassOf(EXC.BaseException)) return excStr(v);
  }
  return repr(v);
}

export function excStr(e: PyInstance): string {
  const args = e.dict.get('args');
  const items = args instanceof PyTuple ? args.items : [];
  if (items.length === 0) return '';
  if (items.length === 1) {
    if (e.klass.isSubclassOf(EXC.KeyError)) return repr(items[0]);
    return str(items[0]);
  }
  return repr(new PyTuple(items));
}

// ---------------------------------------------------------------- truthiness / len

export function truthy(v: PyValue): boolean {
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'bigint':
      return v !== 0n;
    case 'number':
      return v !== 0;
    case 'string':
      return v.length > 0;
  }
  if (v === null) return false;
  if (v instanceof PyList || v instanceof PyTuple) return v.items.length > 0;
  if (v instanceof PyDict) return v.size > 0;
  if (v instanceof PySet) return v.map.size > 0;
  if (v instanceof PyRange) return v.length > 0n;
  const b = v.cls.lookup('__bool__');
  if (b !== undefined) {
    const r = callSync(b, [v]);
    if (typeof r !== 'boolean') throw pyErr('TypeError', `__bool__ should return bool, returned ${typeOf(r).name}`);
    return r;
  }
  const l = v.cls.lookup('__len__');
  if (l !== undefined) return toBigInt(callSync(l, [v])) !== 0n;
  return true;
}

/** Code points in a JS string (surrogate pairs count once), without copying it. */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        n--;
        i++;
      }
    }
  }
  return n;
}

export function len(v: PyValue): number {
  if (typeof v === 'string') return codePoints(v);
  if (v instanceof PyList || v instanceof PyTuple) return v.items.length;
  if (v instanceof PyDict) return v.size;
  if (v instanceof PySet) return v.map.size;
  if (v instanceof PyRange) return Number(v.length);
  const l = special(v, '__len__');
  if (l !== undefined) return Number(toBigInt(callSync(l, [v])));
  throw pyErr('TypeError', `object of type '${typeOf(v).name}' has no len()`);
}

// ---------------------------------------------------------------- iteration

/** A JS iterator over a Python iterable (TypeError if not iterable). */
export function iterate(v: PyValue): Iterator<PyValue> {
  if (v instanceof PyList) return listIter(v);
  if (v instanceof PyTuple) return v.items[Symbol.iterator]();
  if (typeof v === 'string') return v[Symbol.iterator]();
  if (v instanceof PyRange) return rangeIter(v);
  if (v instanceof PyDict) return v.keys()[Symbol.iterator]();
  if (v instanceof PySet) return v.items()[Symbol.iterator]();
  if (v instanceof PyIterator) return v.it;
  const it = special(v, '__iter__');
  if (it !== undefined) {
    const iter = callSync(it, [v]);
    if (iter instanceof PyIterator) return iter.it;
    return protocolIter(iter);
  }
  const gi = special(v, '__getitem__');
  if (gi !== undefined) return getitemIter(v, gi);
  throw pyErr('TypeError', `'${typeOf(v).name}' object is not iterable`);
}

function* listIter(l: PyList): Iterator<PyValue> {
  // Index-based so appends during iteration are seen, as in Python.
  for (let i = 0; i < l.items.length; i++) yield l.items[i];
}

function* rangeIter(r: PyRange): Iterator<PyValue> {
  const { start, stop, step } = r;
  let k = 0;
  if (step > 0n) {
    for (let i = start; i < stop; i += step) {
      if ((++k & 0xffff) === 0) syncHooks.tick(); // time limit inside native loops
      yield i;
    }
  } else {
    for (let i = start; i > stop; i += step) {
      if ((++k & 0xffff) === 0) syncHooks.tick();
      yield i;
    }
  }
}

function* protocolIter(obj: PyValue): Iterator<PyValue> {
  const nx = special(obj, '__next__');
  if (nx === undefined) throw pyErr('TypeError', `iter() returned non-iterator of type '${typeOf(obj).name}'`);
  for (;;) {
    try {
      yield callSync(nx, [obj]);
    } catch (e) {
      if (e instanceof PyError && e.exc.klass.isSubclassOf(EXC.StopIteration)) return;
      throw e;
    }
  }
}

function* getitemIter(obj: PyValue, gi: PyValue): Iterator<PyValue> {
  for (let i = 0n; ; i++) {
    try {
      yield callSync(gi, [obj, i]);
    } catch (e) {
      if (e instanceof PyError && (e.exc.klass.isSubclassOf(EXC.IndexError) || e.exc.klass.isSubclassOf(EXC.StopIteration))) return;
      throw e;
    }
  }
}

/** All items of an iterable as a JS array (guarded against runaway size). */
export function toArray(v: PyValue): PyValue[] {
  if (v instanceof PyList || v instanceof PyTuple) return v.items.slice();
  if (v instanceof PyRange && v.length > 100_000_000n) throw pyErr('MemoryError', '');
  const out: PyValue[] = [];
  const it = iterate(v);
  for (let r = it.next(); !r.done; r = it.next()) {
    out.push(r.value);
    if ((out.length & 0xfffff) === 0) {
      syncHooks.tick();
      if (out.length > 100_000_000) throw pyErr('MemoryError', '');
    }
  }
  return out;
}

// ---------------------------------------------------------------- numbers

const MAX_INT_BITS = 4_000_000; // ~1.2M decimal digits: refuse bigger ints quickly

function bitLength(n: bigint): number {
  if (n < 0n) n = -n;
  return n === 0n ? 0 : n.toString(16).length * 4;
}

export function checkIntSize(n: bigint): bigint {
  if ((n > 0xffffffffffffffffffffn || n < -0xffffffffffffffffffffn) && bitLength(n) > MAX_INT_BITS) {
    throw pyErr('MemoryError', 'integer too large');
  }
  return n;
}

function fdiv(a: number, b: number): number {
  if (b === 0) throw pyErr('ZeroDivisionError', 'float floor division by zero');
  return floorDivMod(a, b)[0];
}

function fmod(a: number, b: number): number {
  if (b === 0) throw pyErr('ZeroDivisionError', 'float modulo');
  return floorDivMod(a, b)[1];
}

/** Python's float divmod (sign of the divisor, floor quotient). */
export function floorDivMod(a: number, b: number): [number, number] {
  // CPython's float_divmod; note C truthiness: NaN counts as non-zero.
  let mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0) {
    if (b < 0 !== mod < 0) {
      mod += b;
      div -= 1;
    }
  } else {
    mod = b < 0 || Object.is(b, -0) ? -0 : 0;
  }
  let floordiv: number;
  if (div !== 0) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
  } else {
    const q = a / b;
    floordiv = q < 0 || Object.is(q, -0) ? -0 : 0;
  }
  return [floordiv, mod];
}

export function intFloorDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw pyErr('ZeroDivisionError', 'integer division or modulo by zero');
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

export function intMod(a: bigint, b: bigint): bigint {
  if (b === 0n) throw pyErr('ZeroDivisionError', 'integer modulo by zero');
  const r = a % b;
  return r !== 0n && (r < 0n) !== (b < 0n) ? r + b : r;
}

function intPow(a: bigint, b: bigint): PyValue {
  if (b < 0n) {
    if (a === 0n) throw pyErr('ZeroDivisionError', '0.0 cannot be raised to a negative power');
    return Math.pow(Number(a), Number(b));
  }
  if (a === 0n || a === 1n) return b === 0n ? 1n : a;
  if (a === -1n) return b % 2n === 0n ? 1n : -1n;
  if (Number(b) * bitLength(a) > MAX_INT_BITS + 64) throw pyErr('MemoryError', 'integer too large');
  return a ** b;
}

function floatPow(a: number, b: number): number {
  if (a === 0 && b < 0) throw pyErr('ZeroDivisionError', '0.0 cannot be raised to a negative power');
  if (a < 0 && Number.isFinite(a) && !Number.isInteger(b) && Number.isFinite(b)) {
    throw pyErr('ValueError', 'complex results are not supported');
  }
  if (a === 1 || b === 0) return 1;
  if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
  const r = Math.pow(a, b);
  if (!Number.isFinite(r) && Number.isFinite(a) && Number.isFinite(b)) {
    throw pyErr('OverflowError', "(34, 'Numerical result out of range')");
  }
  return r;
}

export function intToFloat(n: bigint): number {
  const x = Number(n);
  if (!Number.isFinite(x)) throw pyErr('OverflowError', 'int too large to convert to float');
  return x;
}

export type BinOp = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '@' | '<<' | '>>' | '&' | '|' | '^';

const DUNDER: Record<BinOp, [string, string]> = {
  '+': ['__add__', '__radd__'],
  '-': ['__sub__', '__rsub__'],
  '*': ['__mul__', '__rmul__'],
  '/': ['__truediv__', '__rtruediv__'],
  '//': ['__floordiv__', '__rfloordiv__'],
  '%': ['__mod__', '__rmod__'],
  '**': ['__pow__', '__rpow__'],
  '@': ['__matmul__', '__rmatmul__'],
  '<<': ['__lshift__', '__rlshift__'],
  '>>': ['__rshift__', '__rrshift__'],
  '&': ['__and__', '__rand__'],
  '|': ['__or__', '__ror__'],
  '^': ['__xor__', '__rxor__']
};
export const INPLACE: Record<BinOp, string> = {
  '+': '__iadd__', '-': '__isub__', '*': '__imul__', '/': '__itruediv__', '//': '__ifloordiv__',
  '%': '__imod__', '**': '__ipow__', '@': '__imatmul__', '<<': '__ilshift__', '>>': '__irshift__',
  '&': '__iand__', '|': '__ior__', '^': '__ixor__'
};

function intOp(op: BinOp, a: bigint, b: bigint): PyValue {
  switch (op) {
    case '+':
      return checkIntSize(a + b);
    case '-':
      return checkIntSize(a - b);
    case '*':
      if (bitLength(a) + bitLength(b) > MAX_INT_BITS + 64) throw pyErr('MemoryError', 'integer too large');
      return a * b;
    case '/':
      if (b === 0n) throw pyErr('ZeroDivisionError', 'division by zero');
      return Number(a) / Number(b);
    case '//':
      return intFloorDiv(a, b);
    case '%':
      return intMod(a, b);
    case '**':
      return intPow(a, b);
    case '<<':
      if (b < 0n) throw pyErr('ValueError', 'negative shift count');
      if (b > BigInt(MAX_INT_BITS)) throw pyErr('MemoryError', 'integer too large');
      return a << b;
    case '>>':
      if (b < 0n) throw pyErr('ValueError', 'negative shift count');
      return a >> b;
    case '&':
      return a & b;
    case '|':
      return a | b;
    case '^':
      return a ^ b;
  }
  return NotImplemented;
}

function floatOp(op: BinOp, a: number, b: number): PyValue {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) throw pyErr('ZeroDivisionError', 'float division by zero');
      return a / b;
    case '//':
      return fdiv(a, b);
    case '%':
      return fmod(a, b);
    case '**':
      return floatPow(a, b);
  }
  return NotImplemented;
}

function seqRepeat(items: PyValue[], n: PyValue): PyValue[] {
  const k = Number(toBigInt(n));
  if (k <= 0 || items.length === 0) return [];
  if (items.length * k > 50_000_000) throw pyErr('MemoryError', '');
  const out: PyValue[] = new Array(items.length * k);
  for (let r = 0, p = 0; r < k; r++) for (let i = 0; i < items.length; i++) out[p++] = items[i];
  return out;
}

/** Builtin-type binary ops; NotImplemented when the types do not apply. */
function builtinBinop(op: BinOp, a: PyValue, b: PyValue): PyValue {
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'bigint' || ta === 'boolean') {
    if (tb === 'bigint' || tb === 'boolean') {
      const x = typeof a === 'bigint' ? a : a ? 1n : 0n;
      const y = typeof b === 'bigint' ? b : b ? 1n : 0n;
      if (ta === 'boolean' && tb === 'boolean' && (op === '&' || op === '|' || op === '^')) {
        return op === '&' ? a && b : op === '|' ? a || b : a !== b;
      }
      return intOp(op, x, y);
    }
    if (tb === 'number') return floatOp(op, typeof a === 'bigint' ? intToFloat(a) : a ? 1 : 0, b as number);
  } else if (ta === 'number') {
    if (tb === 'number') return floatOp(op, a as number, b as number);
    if (tb === 'bigint') return floatOp(op, a as number, intToFloat(b as bigint));
    if (tb === 'boolean') return floatOp(op, a as number, b ? 1 : 0);
  } else if (ta === 'string') {
    if (op === '+' && tb === 'string') {
      if ((a as string).length + (b as string).length > 200_000_000) throw pyErr('MemoryError', '');
      return (a as string) + (b as string);
    }
    if (op === '*' && (tb === 'bigint' || tb === 'boolean')) {
      const k = Number(toBigInt(b));
      if (k <= 0) return '';
      if ((a as string).length * k > 200_000_000) throw pyErr('MemoryError', '');
      return (a as string).repeat(k);
    }
    if (op === '%') return percentFormat(a as string, b);
  }
  if (op === '*' && (ta === 'bigint' || ta === 'boolean')) {
    if (typeof b === 'string') return builtinBinop('*', b, a);
    if (b instanceof PyList) return new PyList(seqRepeat(b.items, a));
    if (b instanceof PyTuple) return new PyTuple(seqRepeat(b.items, a));
  }
  if ((a instanceof PyList || a instanceof PyTuple) && op === '+' && (b instanceof PyList || b instanceof PyTuple)) {
    if (a.items.length + b.items.length > 50_000_000) throw pyErr('MemoryError', '');
  }
  if (a instanceof PyList) {
    if (op === '+' && b instanceof PyList) return new PyList(a.items.concat(b.items));
    if (op === '*' && (tb === 'bigint' || tb === 'boolean')) return new PyList(seqRepeat(a.items, b));
  } else if (a instanceof PyTuple) {
    if (op === '+' && b instanceof PyTuple) return new PyTuple(a.items.concat(b.items));
    if (op === '*' && (tb === 'bigint' || tb === 'boolean')) return new PyTuple(seqRepeat(a.items, b));
  } else if (a instanceof PySet && b instanceof PySet) {
    const r = new PySet([], a.frozen);
    if (op === '|') {
      for (const x of a.items()) r.add(x);
      for (const x of b.items()) r.add(x);
      return r;
    }
    if (op === '&') {
      for (const x of a.items()) if (b.has(x)) r.add(x);
      return r;
    }
    if (op === '-') {
      for (const x of a.items()) if (!b.has(x)) r.add(x);
      return r;
    }
    if (op === '^') {
      for (const x of a.items()) if (!b.has(x)) r.add(x);
      for (const x of b.items()) if (!a.has(x)) r.add(x);
      return r;
    }
  } else if (a instanceof PyDict && b instanceof PyDict && op === '|') {
    const r = new PyDict();
    for (const [k, v] of a.map.values()) r.set(k, v);
    for (const [k, v] of b.map.values()) r.set(k, v);
    return r;
  }
  return NotImplemented;
}

/** The value of `a op b` with Python semantics (incl. __op__/__rop__ dispatch). */
export function binop(op: BinOp, a: PyValue, b: PyValue): PyValue {
  // Fast paths for the common numeric cases.
  if (typeof a === 'number' && typeof b === 'number') {
    if (op === '+') return a + b;
    if (op === '-') return a - b;
    if (op === '*') return a * b;
  } else if (typeof a === 'bigint' && typeof b === 'bigint') {
    if (op === '+') return a + b > 0xfffffffffffffffffffn || a + b < -0xfffffffffffffffffffn ? checkIntSize(a + b) : a + b;
    if (op === '-') return checkIntSize(a - b);
  }
  const aObj = a instanceof PyObject && !(a instanceof PyList || a instanceof PyTuple || a instanceof PySet || a instanceof PyDict);
  const bObj = b instanceof PyObject && !(b instanceof PyList || b instanceof PyTuple || b instanceof PySet || b instanceof PyDict);
  const [name, rname] = DUNDER[op];
  if (aObj || bObj) {
    // A right operand whose type is a subclass of the left's gets the first try.
    const bFirst = bObj && aObj && typeOf(b) !== typeOf(a) && typeOf(b).isSubclassOf(typeOf(a));
    if (bFirst) {
      const rf = special(b, rname);
      if (rf !== undefined) {
        const r = callSync(rf, [b, a]);
        if (r !== NotImplemented) return r;
      }
    }
    if (aObj) {
      const f = special(a, name);
      if (f !== undefined) {
        const r = callSync(f, [a, b]);
        if (r !== NotImplemented) return r;
      }
    }
    if (bObj && !bFirst && typeOf(a) !== typeOf(b)) {
      const rf = special(b, rname);
      if (rf !== undefined) {
        const r = callSync(rf, [b, a]);
        if (r !== NotImplemented) return r;
      }
    }
  }
  const r = builtinBinop(op, a, b);
  if (r !== NotImplemented) return r;
  if (op === '+' && typeof a === 'string') {
    throw pyErr('TypeError', `can only concatenate str (not "${typeOf(b).name}") to str`);
  }
  if (op === '+' && (a instanceof PyList || a instanceof PyTuple)) {
    throw pyErr('TypeError', `can only concatenate ${typeOf(a).name} (not "${typeOf(b).name}") to ${typeOf(a).name}`);
  }
  if (op === '*' && (typeof a === 'string' || a instanceof PyList || a instanceof PyTuple) && typeof b !== 'bigint') {
    throw pyErr('TypeError', `can't multiply sequence by non-int of type '${typeOf(b).name}'`);
  }
  const shown = op === '**' ? '** or pow()' : op;
  throw pyErr('TypeError', `unsupported operand type(s) for ${shown}: '${typeOf(a).name}' and '${typeOf(b).name}'`);
}

/** `a op= b`: __iop__ first (lists extend in place), then binop. */
export function inplaceOp(op: BinOp, a: PyValue, b: PyValue): PyValue {
  if (a instanceof PyList) {
    if (op === '+') {
      const more = toArray(b);
      if (a.items.length + more.length > 50_000_000) throw pyErr('MemoryError', '');
      for (const x of more) a.items.push(x);
      chargeItems(a, a.items.length);
      return a;
    }
    if (op === '*') {
      a.items = seqRepeat(a.items, b);
      chargeItems(a, a.items.length);
      return a;
    }
  }
  if (a instanceof PyObject && !(a instanceof PyTuple)) {
    const f = special(a, INPLACE[op]);
    if (f !== undefined) {
      const r = callSync(f, [a, b]);
      if (r !== NotImplemented) return r;
    }
  }
  return binop(op, a, b);
}

export function unaryop(op: '-' | '+' | '~' | 'not', v: PyValue): PyValue {
  if (op === 'not') return !truthy(v);
  switch (typeof v) {
    case 'number':
      if (op === '-') return -v;
      if (op === '+') return v;
      break;
    case 'bigint':
      if (op === '-') return -v;
      if (op === '+') return v;
      return ~v;
    case 'boolean':
      if (op === '-') return v ? -1n : 0n;
      if (op === '+') return v ? 1n : 0n;
      return v ? -2n : -1n;
  }
  const name = op === '-' ? '__neg__' : op === '+' ? '__pos__' : '__invert__';
  const f = special(v, name);
  if (f !== undefined) return callSync(f, [v]);
  throw pyErr('TypeError', `bad operand type for unary ${op}: '${typeOf(v).name}'`);
}

// ---------------------------------------------------------------- comparisons

export type CmpOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
const CMP_DUNDER: Record<CmpOp, [string, string]> = {
  '==': ['__eq__', '__eq__'],
  '!=': ['__ne__', '__ne__'],
  '<': ['__lt__', '__gt__'],
  '<=': ['__le__', '__ge__'],
  '>': ['__gt__', '__lt__'],
  '>=': ['__ge__', '__le__']
};

function numOf(v: PyValue): number | bigint | undefined {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  return undefined;
}

function cmpNum(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  // mixed int/float: exact when the float is integral
  if (typeof a === 'bigint' && typeof b === 'number' && Number.isInteger(b)) {
    const bb = BigInt(b);
    return a < bb ? -1 : a > bb ? 1 : 0;
  }
  if (typeof b === 'bigint' && typeof a === 'number' && Number.isInteger(a)) {
    const aa = BigInt(a);
    return aa < b ? -1 : aa > b ? 1 : 0;
  }
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN;
}

/** Structural equality for builtins (== on lists, dicts, ...), identity fallback. */
export function eq(a: PyValue, b: PyValue): boolean {
  if (a === b) return typeof a !== 'number' || !Number.isNaN(a);
  const na = numOf(a);
  const nb = numOf(b);
  if (na !== undefined && nb !== undefined) return cmpNum(na, nb) === 0;
  if (typeof a === 'string' || typeof b === 'string') return false;
  if (a instanceof PyList && b instanceof PyList) return seqEq(a.items, b.items);
  if (a instanceof PyTuple && b instanceof PyTuple) return seqEq(a.items, b.items);
  if (a instanceof PyDict && b instanceof PyDict) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a.map.values()) {
      const w = b.get(k);
      if (w === undefined || !eq(v, w)) return false;
    }
    return true;
  }
  if (a instanceof PySet && b instanceof PySet) {
    if (a.map.size !== b.map.size) return false;
    for (const x of a.items()) if (!b.has(x)) return false;
    return true;
  }
  if (a instanceof PyRange && b instanceof PyRange) {
    return a.length === b.length && (a.length === 0n || (a.start === b.start && (a.length === 1n || a.step === b.step)));
  }
  return truthy(compare('==', a, b));
}

function seqEq(x: PyValue[], y: PyValue[]): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i] && !eq(x[i], y[i])) return false;
  return true;
}

function seqCmp(x: PyValue[], y: PyValue[], op: CmpOp): boolean {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    if (!eq(x[i], y[i])) return truthy(compare(op, x[i], y[i]));
  }
  return cmpResult(op, x.length < y.length ? -1 : x.length > y.length ? 1 : 0);
}

function cmpResult(op: CmpOp, c: number): boolean {
  if (Number.isNaN(c)) return op === '!=';
  switch (op) {
    case '==':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}

/** The value of `a op b` (may be a tensor for tensor operands). */
export function compare(op: CmpOp, a: PyValue, b: PyValue): PyValue {
  const na = numOf(a);
  const nb = numOf(b);
  if (na !== undefined && nb !== undefined) return cmpResult(op, cmpNum(na, nb));
  if (typeof a === 'string' && typeof b === 'string') return cmpResult(op, a < b ? -1 : a > b ? 1 : 0);
  const aObj = a instanceof PyObject && !(a instanceof PyList || a instanceof PyTuple || a instanceof PyDict || a instanceof PySet);
  const bObj = b instanceof PyObject && !(b instanceof PyList || b instanceof PyTuple || b instanceof PyDict || b instanceof PySet);
  const [name, rname] = CMP_DUNDER[op];
  if (aObj) {
    const f = special(a, name);
    if (f !== undefined) {
      const r = callSync(f, [a, b]);
      if (r !== NotImplemented) return r;
    }
  }
  if (bObj) {
    const f = special(b, rname);
    if (f !== undefined) {
      const r = callSync(f, [b, a]);
      if (r !== NotImplemented) return r;
    }
  }
  if (op === '==' || op === '!=') {
    if (aObj || bObj) {
      if (op === '!=' && aObj) {
        const f = special(a, '__eq__');
        if (f !== undefined) {
          const r = callSync(f, [a, b]);
          if (r !== NotImplemented) return !truthy(r);
        }
      }
      return op === '==' ? a === b : a !== b;
    }
    const e = eq(a, b);
    return op === '==' ? e : !e;
  }
  if (a instanceof PyList && b instanceof PyList) return seqCmp(a.items, b.items, op);
  if (a instanceof PyTuple && b instanceof PyTuple) return seqCmp(a.items, b.items, op);
  if (a instanceof PySet && b instanceof PySet) {
    const sub = (x: PySet, y: PySet): boolean => x.items().every(v => y.has(v));
    if (op === '<=') return sub(a, b);
    if (op === '>=') return sub(b, a);
    if (op === '<') return sub(a, b) && a.map.size < b.map.size;
    return sub(b, a) && b.map.size < a.map.size;
  }
  throw pyErr('TypeError', `'${op}' not supported between instances of '${typeOf(a).name}' and '${typeOf(b).name}'`);
}

/** `item in container`. */
export function contains(container: PyValue, item: PyValue): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw pyErr('TypeError', `'in <string>' requires string as left operand, not ${typeOf(item).name}`);
    return container.includes(item);
  }
  if (container instanceof PyList || container instanceof PyTuple) {
    for (const x of container.items) if (x === item || eq(x, item)) return true;
    return false;
  }
  if (container instanceof PyDict) return container.has(item);
  if (container instanceof PySet) return container.has(item);
  if (container instanceof PyRange) {
    if (typeof item !== 'bigint' && typeof item !== 'boolean') {
      for (const x of toArray(container)) if (eq(x, item)) return true;
      return false;
    }
    const n = toBigInt(item);
    const { start, stop, step } = container;
    if (step > 0n ? n < start || n >= stop : n > start || n <= stop) return false;
    return (n - start) % step === 0n;
  }
  const f = special(container, '__contains__');
  if (f !== undefined) return truthy(callSync(f, [container, item]));
  const it = iterate(container);
  for (let r = it.next(); !r.done; r = it.next()) if (eq(r.value, item)) return true;
  return false;
}

// ---------------------------------------------------------------- indexing

/** Normalize an index for a sequence of length n (IndexError text per type). */
export function seqIndex(i: PyValue, n: number, what: string): number {
  if (typeof i !== 'bigint' && typeof i !== 'boolean') {
    const idx = special(i, '__index__');
    if (idx !== undefined) i = callSync(idx, [i]);
    else throw pyErr('TypeError', `${what} indices must be integers or slices, not ${typeOf(i).name}`);
  }
  let k = Number(toBigInt(i));
  if (k < 0) k += n;
  if (k < 0 || k >= n) throw pyErr('IndexError', `${what} index out of range`);
  return k;
}

/** Resolve a slice to (start, stop, step, length) for a sequence of length n. */
export function sliceIndices(s: PySlice, n: number): [number, number, number, number] {
  const toN = (v: PyValue): number => {
    if (typeof v === 'bigint' || typeof v === 'boolean') return Number(toBigInt(v));
    const idx = special(v, '__index__');
    if (idx !== undefined) return Number(toBigInt(callSync(idx, [v])));
    throw pyErr('TypeError', 'slice indices must be integers or None or have an __index__ method');
  };
  const step = s.step === null ? 1 : toN(s.step);
  if (step === 0) throw pyErr('ValueError', 'slice step cannot be zero');
  let start: number;
  let stop: number;
  if (s.start === null) start = step < 0 ? n - 1 : 0;
  else {
    start = toN(s.start);
    if (start < 0) start = Math.max(start + n, step < 0 ? -1 : 0);
    else if (start >= n) start = step < 0 ? n - 1 : n;
  }
  if (s.stop === null) stop = step < 0 ? -1 : n;
  else {
    stop = toN(s.stop);
    if (stop < 0) stop = Math.max(stop + n, step < 0 ? -1 : 0);
    else if (stop >= n) stop = step < 0 ? n - 1 : n;
  }
  let length = 0;
  if (step > 0 && stop > start) length = Math.floor((stop - start - 1) / step) + 1;
  else if (step < 0 && start > stop) length = Math.floor((start - stop - 1) / -step) + 1;
  return [start, stop, step, length];
}

function sliceItems<X>(items: X[], s: PySlice): X[] {
  const [start, , step, length] = sliceIndices(s, items.length);
  if (step === 1) return items.slice(start, start + length);
  const out: X[] = new Array(length);
  for (let i = 0, j = start; i < length; i++, j += step) out[i] = items[j];
  return out;
}

/** A slice of a string without surrogates, without an array of one-char strings. */
function sliceBmp(s: string, key: PySlice): string {
  const [start, , step, length] = sliceIndices(key, s.length);
  if (step === 1) return s.slice(start, start + length);
  const codes = new Uint16Array(length);
  for (let i = 0, j = start; i < length; i++, j += step) codes[i] = s.charCodeAt(j);
  return new TextDecoder('utf-16le').decode(codes);
}

export function getitem(obj: PyValue, key: PyValue): PyValue {
  if (obj instanceof PyList) {
    if (key instanceof PySlice) return new PyList(sliceItems(obj.items, key));
    return obj.items[seqIndex(key, obj.items.length, 'list')];
  }
  if (obj instanceof PyTuple) {
    if (key instanceof PySlice) return new PyTuple(sliceItems(obj.items, key));
    return obj.items[seqIndex(key, obj.items.length, 'tuple')];
  }
  if (obj instanceof PyDict) {
    const v = obj.get(key);
    if (v !== undefined) return v;
    throw keyError(key);
  }
  if (typeof obj === 'string') {
    // only strings with surrogate pairs need a code-point array (a regex scan allocates nothing)
    const chars = /[\ud800-\udfff]/.test(obj) ? [...obj] : null;
    if (key instanceof PySlice) return chars ? sliceItems(chars, key).join('') : sliceBmp(obj, key);
    const i = seqIndex(key, chars ? chars.length : obj.length, 'string');
    return chars ? chars[i] : obj[i];
  }
  if (obj instanceof PyRange) {
    if (key instanceof PySlice) {
      const [start, , step, length] = sliceIndices(key, Number(obj.length));
      const s = obj.start + BigInt(start) * obj.step;
      const st = obj.step * BigInt(step);
      return new PyRange(s, s + BigInt(length) * st, st);
    }
    return obj.start + BigInt(seqIndex(key, Number(obj.length), 'range object')) * obj.step;
  }
  const f = special(obj, '__getitem__');
  if (f !== undefined) return callSync(f, [obj, key]);
  if (obj instanceof PyClass) {
    const cg = obj.lookup('__class_getitem__');
    if (cg !== undefined) return callSync(cg, [obj, key]);
    return obj; // list[int] etc. in annotations: harmless
  }
  throw pyErr('TypeError', `'${typeOf(obj).name}' object is not subscriptable`);
}

function pyErrWithArgs(cls: string, args: PyValue[]): PyInstance {
  const e = pyErr(cls).exc;
  e.dict.set('args', new PyTuple(args));
  return e;
}

export function keyError(key: PyValue): PyError {
  return new PyError(pyErrWithArgs('KeyError', [key]));
}

export function setitem(obj: PyValue, key: PyValue, value: PyValue): void {
  if (obj instanceof PyList) {
    if (key instanceof PySlice) {
      const [start, stop, step, length] = sliceIndices(key, obj.items.length);
      const vals = toArray(value);
      if (step === 1) {
        obj.items.splice(start, Math.max(0, stop - start), ...vals);
        return;
      }
      if (vals.length !== length) {
        throw pyErr('ValueError', `attempt to assign sequence of size ${vals.length} to extended slice of size ${length}`);
      }
      for (let i = 0, j = start; i < length; i++, j += step) obj.items[j] = vals[i];
      return;
    }
    obj.items[seqIndex(key, obj.items.length, 'list assignment')] = value;
    return;
  }
  if (obj instanceof PyDict) {
    obj.set(key, value);
    return;
  }
  const f = special(obj, '__setitem__');
  if (f !== undefined) {
    callSync(f, [obj, key, value]);
    return;
  }
  throw pyErr('TypeError', `'${typeOf(obj).name}' object does not support item assignment`);
}

export function delitem(obj: PyValue, key: PyValue): void {
  if (obj instanceof PyList) {
    if (key instanceof PySlice) {
      const [start, , step, length] = sliceIndices(key, obj.items.length);
      const drop = new Set<number>();
      for (let i = 0, j = start; i < length; i++, j += step) drop.add(j);
      obj.items = obj.items.filter((_, i) => !drop.has(i));
      return;
    }
    obj.items.splice(seqIndex(key, obj.items.length, 'list assignment'), 1);
    return;
  }
  if (obj instanceof PyDict) {
    if (!obj.delete(key)) throw keyError(key);
    return;
  }
  const f = special(obj, '__delitem__');
  if (f !== undefined) {
    callSync(f, [obj, key]);
    return;
  }
  throw pyErr('TypeError', `'${typeOf(obj).name}' object doesn't support item deletion`);
}

// ---------------------------------------------------------------- formatting hooks

import { percentFormat, fmtHooks } from './strformat';
fmtHooks.str = str;
fmtHooks.repr = repr;
fmtHooks.special = special;
fmtHooks.callSync = (f, a) => callSync(f, a);
fmtHooks.getitem = getitem;
fmtHooks.getattr = getattr;
fmtHooks.intToStr = intToStr;
