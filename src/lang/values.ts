/**
 * The value model of the cell language: how every Python value is represented
 * in TypeScript. Everything else in src/lang (interpreter, builtins, native
 * modules such as torch) works against these types only.
 *
 *   Python            TypeScript
 *   ---------------   ----------------------------------------------------
 *   None              null                       (the constant `None`)
 *   bool              boolean                    (bool is a subclass of int)
 *   int               bigint                     (2**10 → 1024n; exact, 64-bit safe)
 *   float             number                     (1.0 stays a float: typeof 'number')
 *   str               string
 *   list / tuple      PyList / PyTuple           (.items: PyValue[])
 *   dict              PyDict                     (insertion ordered, key → value)
 *   set               PySet
 *   range             PyRange                    (bigint start/stop/step)
 *   def / lambda      PyFunction                 (created by the interpreter)
 *   native function   PyNative                   (a TS function; see native.ts)
 *   bound method      PyBoundMethod              (self + function)
 *   class             PyClass                    (user classes AND builtin/native types)
 *   instance          PyInstance                 (.cls, .dict, .native payload)
 *   module            PyModule                   (.dict of attributes)
 *   exception         PyInstance of a BaseException subclass; thrown in TS as PyError
 *   property          PyProperty                 (getter/setter in a class dict)
 *   iterator          PyIterator                 (wraps a JS iterator)
 *
 * A Tensor is a PyInstance whose class is `torch.Tensor` (a PyClass the torch
 * bindings create) and whose `.native` is the engine Tensor.
 */
import { chargeTo } from '../engine/memory';

export type PyValue = null | boolean | bigint | number | string | PyObject;

export const None = null;

let nextId = 1;

/** Base of every heap Python object. `cls` is its Python type. */
export abstract class PyObject {
  /** Stable identity (id(), hashing of unhashable-by-value objects). */
  readonly id: number = nextId++;
  abstract get cls(): PyClass;
}

/** Keyword arguments as received by natives (null when none were passed). */
export type Kwargs = Map<string, PyValue> | null;

/**
 * What the evaluator may yield while running: TICK (a time-slice point) or a
 * Promise the driver must await (async host I/O), whose result is sent back.
 */
export const TICK = 0 as const;
export type Yielded = typeof TICK | Promise<unknown> | CallRequest;
export type Gen<T = PyValue> = Generator<Yielded, T, unknown>;

/**
 * Yielded by `call()` for a Python-level function: the Trampoline runs the
 * callee's generator on its own explicit stack and sends the result back, so
 * Python call depth never becomes JS stack depth.
 */
export class CallRequest {
  constructor(public readonly gen: Generator<any, any, any>) {}
}

/**
 * Drives a generator, flattening CallRequests onto an explicit stack. Only
 * TICKs, Promises and other yields reach the caller of resume().
 */
export class Trampoline {
  private stack: Generator<any, any, any>[];
  constructor(gen: Generator<any, any, any>) {
    this.stack = [gen];
  }
  get depth(): number {
    return this.stack.length;
  }
  /** Resume with a value (or throw `error` into the innermost frame when hasError). */
  resume(value?: unknown, hasError = false, error?: unknown): IteratorResult<unknown, any> {
    let throwing = hasError;
    let exc = error;
    let send = value;
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      let r: IteratorResult<unknown, any>;
      try {
        r = throwing ? top.throw(exc) : top.next(send);
      } catch (e) {
        this.stack.pop();
        if (!this.stack.length) throw e;
        throwing = true;
        exc = e;
        continue;
      }
      throwing = false;
      send = undefined;
      if (r.done) {
        this.stack.pop();
        if (!this.stack.length) return r;
        send = r.value;
        continue;
      }
      if (r.value instanceof CallRequest) {
        this.stack.push(r.value.gen);
        continue;
      }
      return r;
    }
  }
  /** Abandon the computation (runs pending finally blocks). */
  abort(): void {
    while (this.stack.length) {
      try {
        this.stack.pop()!.return(undefined);
      } catch {
        /* ignore */
      }
    }
  }
}

export type NativeFn = (args: PyValue[], kwargs: Kwargs) => PyValue;
export type NativeGenFn = (args: PyValue[], kwargs: Kwargs) => Gen;

/** A Python type (builtin, native or user-defined). */
export class PyClass extends PyObject {
  readonly dict = new Map<string, PyValue>();
  readonly mro: PyClass[];
  /** Docstring shown by help()/inspect. */
  doc: string | null = null;
  constructor(
    public name: string,
    public base: PyClass | null,
    /** Module shown in the repr: `<class 'torch.Tensor'>`; 'builtins' → `<class 'int'>`. */
    public module = 'builtins',
    /** Python-defined (class statement) vs builtin/native. */
    public isUser = false
  ) {
    super();
    this.mro = base ? [this, ...base.mro] : [this];
  }
  get cls(): PyClass {
    return T.type;
  }
  /** Attribute lookup along the MRO (no binding). */
  lookup(name: string): PyValue | undefined {
    for (const c of this.mro) {
      const v = c.dict.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }
  isSubclassOf(other: PyClass): boolean {
    return this.mro.includes(other);
  }
  get qualname(): string {
    return this.module === 'builtins' || this.module === '' ? this.name : `${this.module}.${this.name}`;
  }
}

/** An instance of a user class or of a native class (e.g. torch.Tensor). */
export class PyInstance extends PyObject {
  readonly dict = new Map<string, PyValue>();
  constructor(
    public readonly klass: PyClass,
    /** Payload of native classes: the engine Tensor, an nn.Module's state, ... */
    public native?: any
  ) {
    super();
  }
  get cls(): PyClass {
    return this.klass;
  }
}

/** Bytes charged per list/tuple element in the session's memory account (memory.ts). */
export const ELEMENT_BYTES = 8;
/** Lists grow by append: re-charge every this many elements. */
const CHARGE_STEP = 1 << 17;

/** Charge a big list/tuple to the session's live-memory account (a no-op when small). */
export function chargeItems(owner: PyObject, length: number): void {
  if (length >= CHARGE_STEP) chargeTo(owner, length * ELEMENT_BYTES, 'heap');
}

/** After an append: charge once every CHARGE_STEP elements (cheap on the hot path). */
export function chargeGrowth(owner: PyObject, length: number): void {
  if ((length & (CHARGE_STEP - 1)) === 0 && length > 0) chargeItems(owner, length);
}

export class PyList extends PyObject {
  constructor(public items: PyValue[] = []) {
    super();
    chargeItems(this, items.length);
  }
  get cls(): PyClass {
    return T.list;
  }
}

export class PyTuple extends PyObject {
  constructor(public readonly items: PyValue[] = []) {
    super();
    chargeItems(this, items.length);
  }
  get cls(): PyClass {
    return T.tuple;
  }
}

/**
 * Hash key of a value for dict/set: equal Python values (1 == 1.0 == True)
 * get equal keys. Unhashable values throw TypeError.
 */
export function hashKey(v: PyValue): string {
  switch (typeof v) {
    case 'string':
      return 's' + v;
    case 'bigint':
      return 'n' + v.toString();
    case 'boolean':
      return v ? 'n1' : 'n0';
    case 'number':
      if (Number.isInteger(v)) return 'n' + BigInt(v).toString();
      return 'f' + String(v);
    case 'object':
      if (v === null) return 'N';
      if (v instanceof PyTuple) return 't(' + v.items.map(hashKey).join(',') + ')';
      if (v instanceof PyList || v instanceof PyDict || v instanceof PySet) {
        throw pyErr('TypeError', `unhashable type: '${v.cls.name}'`);
      }
      if (v instanceof PyInstance && v.native && typeof v.native.hashKey === 'function') {
        return v.native.hashKey();
      }
      return 'o' + v.id;
  }
  return '?';
}

export class PyDict extends PyObject {
  /** hashKey → [key, value], in insertion order. */
  readonly map = new Map<string, [PyValue, PyValue]>();
  /** A collections.OrderedDict (e.g. Module.state_dict()): same behaviour, own class and repr. */
  ordered = false;
  get cls(): PyClass {
    return this.ordered ? T.OrderedDict : T.dict;
  }
  get(k: PyValue): PyValue | undefined {
    const e = this.map.get(hashKey(k));
    return e === undefined ? undefined : e[1];
  }
  set(k: PyValue, v: PyValue): void {
    const h = hashKey(k);
    const e = this.map.get(h);
    if (e) e[1] = v;
    else this.map.set(h, [k, v]);
  }
  has(k: PyValue): boolean {
    return this.map.has(hashKey(k));
  }
  delete(k: PyValue): boolean {
    return this.map.delete(hashKey(k));
  }
  get size(): number {
    return this.map.size;
  }
  keys(): PyValue[] {
    return [...this.map.values()].map(e => e[0]);
  }
  values(): PyValue[] {
    return [...this.map.values()].map(e => e[1]);
  }
  /** Build from [key, value] pairs (string keys are the common case). */
  static from(entries: Iterable<[PyValue, PyValue]>): PyDict {
    const d = new PyDict();
    for (const [k, v] of entries) d.set(k, v);
    return d;
  }
}

export class PySet extends PyObject {
  readonly map = new Map<string, PyValue>();
  constructor(
    items: Iterable<PyValue> = [],
    public frozen = false
  ) {
    super();
    for (const x of items) this.add(x);
  }
  get cls(): PyClass {
    return this.frozen ? T.frozenset : T.set;
  }
  add(v: PyValue): void {
    const h = hashKey(v);
    if (!this.map.has(h)) this.map.set(h, v);
  }
  has(v: PyValue): boolean {
    return this.map.has(hashKey(v));
  }
  items(): PyValue[] {
    return [...this.map.values()];
  }
}

export class PyRange extends PyObject {
  constructor(
    public start: bigint,
    public stop: bigint,
    public step: bigint
  ) {
    super();
  }
  get cls(): PyClass {
    return T.range;
  }
  get length(): bigint {
    const { start, stop, step } = this;
    if (step > 0n) return stop > start ? (stop - start + step - 1n) / step : 0n;
    return start > stop ? (start - stop - step - 1n) / -step : 0n;
  }
}

/** A function implemented in TypeScript. */
export class PyNative extends PyObject {
  constructor(
    public name: string,
    /** Plain natives return a value; generator natives (isGen) may call back into Python. */
    public fn: NativeFn | NativeGenFn,
    public isGen = false,
    /** Shown by help()/inspect: the signature, e.g. "softmax(input, dim=None, dtype=None)". */
    public signature = '',
    public doc = ''
  ) {
    super();
  }
  get cls(): PyClass {
    return T.builtin_function_or_method;
  }
}

/** A Python-level function (def/lambda). Fields are owned by the interpreter. */
export class PyFunction extends PyObject {
  /** Attributes set on the function object (rarely used). */
  readonly dict = new Map<string, PyValue>();
  constructor(
    public name: string,
    public qualname: string,
    /** Compiled code + closure, opaque outside the interpreter. */
    public code: any,
    public defaults: PyValue[],
    public kwDefaults: Map<string, PyValue>,
    public doc: string | null,
    public module: PyModule | null
  ) {
    super();
  }
  get cls(): PyClass {
    return T.function;
  }
}

export class PyBoundMethod extends PyObject {
  constructor(
    public self: PyValue,
    public func: PyValue
  ) {
    super();
  }
  get cls(): PyClass {
    // A native bound to an instance (x.item) is a builtin method in CPython.
    return this.func instanceof PyNative ? T.builtin_function_or_method : T.method;
  }
}

/**
 * A descriptor in a class dict: reading `obj.name` calls get(obj), writing
 * calls set(obj, v). getter/setter are natives or Python functions.
 */
export class PyProperty extends PyObject {
  constructor(
    public getter: PyValue,
    public setter: PyValue = null,
    public doc = ''
  ) {
    super();
  }
  get cls(): PyClass {
    return T.property;
  }
}

/** staticmethod/classmethod wrappers stored in a class dict. */
export class PyStaticMethod extends PyObject {
  constructor(public func: PyValue) {
    super();
  }
  get cls(): PyClass {
    return T.staticmethod;
  }
}
export class PyClassMethod extends PyObject {
  constructor(public func: PyValue) {
    super();
  }
  get cls(): PyClass {
    return T.classmethod;
  }
}

/** A module: `import x` binds one of these. */
export class PyModule extends PyObject {
  readonly dict = new Map<string, PyValue>();
  constructor(
    public name: string,
    public doc = ''
  ) {
    super();
    this.dict.set('__name__', name);
  }
  get cls(): PyClass {
    return T.module;
  }
}

/** A Python iterator backed by a JS iterator (list iterators, zip, map, ...). */
export class PyIterator extends PyObject {
  constructor(
    public it: Iterator<PyValue>,
    public typeName: PyClass = T.iterator
  ) {
    super();
  }
  get cls(): PyClass {
    return this.typeName;
  }
  /** Next item, or undefined when exhausted. */
  next(): PyValue | undefined {
    const r = this.it.next();
    return r.done ? undefined : r.value;
  }
}

/** `slice(a, b, c)` objects, as received by __getitem__ for `x[a:b:c]`. */
export class PySlice extends PyObject {
  constructor(
    public start: PyValue,
    public stop: PyValue,
    public step: PyValue
  ) {
    super();
  }
  get cls(): PyClass {
    return T.slice;
  }
}

/** `super()` bound to a class (start the MRO search after it) and an object. */
export class PySuper extends PyObject {
  constructor(
    public thisClass: PyClass,
    public self: PyValue
  ) {
    super();
  }
  get cls(): PyClass {
    return T.super;
  }
}

/** The `...` constant. */
export class PyEllipsisType extends PyObject {
  get cls(): PyClass {
    return T.ellipsis;
  }
}

// ---------------------------------------------------------------- builtin types

function mk(name: string, base: PyClass | null, module = 'builtins'): PyClass {
  return new PyClass(name, base, module);
}

const object = mk('object', null);
const int = mk('int', object);
const dict = mk('dict', object);

/** The builtin type objects. Their methods are filled in by builtins/types. */
export const T = {
  object,
  type: mk('type', object),
  int,
  bool: mk('bool', int),
  float: mk('float', object),
  str: mk('str', object),
  NoneType: mk('NoneType', object),
  list: mk('list', object),
  tuple: mk('tuple', object),
  dict,
  OrderedDict: mk('OrderedDict', dict, 'collections'),
  set: mk('set', object),
  frozenset: mk('frozenset', object),
  range: mk('range', object),
  slice: mk('slice', object),
  ellipsis: mk('ellipsis', object),
  function: mk('function', object),
  builtin_function_or_method: mk('builtin_function_or_method', object),
  method: mk('method', object),
  module: mk('module', object),
  property: mk('property', object),
  staticmethod: mk('staticmethod', object),
  classmethod: mk('classmethod', object),
  iterator: mk('iterator', object),
  generator: mk('generator', object),
  bytes: mk('bytes', object),
  complex: mk('complex', object),
  NotImplementedType: mk('NotImplementedType', object),
  super: mk('super', object)
};

export const Ellipsis = new PyEllipsisType();

/** Returned by binary dunder methods that do not handle the other operand. */
export class PyNotImplementedType extends PyObject {
  get cls(): PyClass {
    return T.NotImplementedType;
  }
}
export const NotImplemented = new PyNotImplementedType();

/** The Python type of any value. */
export function typeOf(v: PyValue): PyClass {
  switch (typeof v) {
    case 'bigint':
      return T.int;
    case 'number':
      return T.float;
    case 'string':
      return T.str;
    case 'boolean':
      return T.bool;
    default:
      return v === null ? T.NoneType : v.cls;
  }
}

// ---------------------------------------------------------------- exceptions

/** Builtin exception classes by name (BaseException, ValueError, ...). */
export const EXC: Record<string, PyClass> = {};

function exc(name: string, base: string | null): void {
  EXC[name] = new PyClass(name, base ? EXC[base] : T.object);
}
exc('BaseException', null);
exc('Exception', 'BaseException');
exc('KeyboardInterrupt', 'BaseException');
exc('SystemExit', 'BaseException');
exc('GeneratorExit', 'BaseException');
exc('ArithmeticError', 'Exception');
exc('ZeroDivisionError', 'ArithmeticError');
exc('OverflowError', 'ArithmeticError');
exc('FloatingPointError', 'ArithmeticError');
exc('LookupError', 'Exception');
exc('IndexError', 'LookupError');
exc('KeyError', 'LookupError');
exc('ValueError', 'Exception');
exc('UnicodeError', 'ValueError');
exc('TypeError', 'Exception');
exc('RuntimeError', 'Exception');
exc('NotImplementedError', 'RuntimeError');
exc('RecursionError', 'RuntimeError');
exc('NameError', 'Exception');
exc('UnboundLocalError', 'NameError');
exc('AttributeError', 'Exception');
exc('AssertionError', 'Exception');
exc('StopIteration', 'Exception');
exc('ImportError', 'Exception');
exc('ModuleNotFoundError', 'ImportError');
exc('MemoryError', 'Exception');
exc('SystemError', 'Exception');
exc('OSError', 'Exception');
exc('FileNotFoundError', 'OSError');
exc('PermissionError', 'OSError');
exc('EOFError', 'Exception');
exc('SyntaxError', 'Exception');
exc('IndentationError', 'SyntaxError');
exc('TabError', 'IndentationError');
exc('UnpicklingError', 'Exception');
exc('Warning', 'Exception');
exc('UserWarning', 'Warning');
exc('DeprecationWarning', 'Warning');
exc('RuntimeWarning', 'Warning');
exc('FutureWarning', 'Warning');
EXC.UnpicklingError.module = '_pickle';

/** One traceback entry: where the exception passed through. */
export interface TraceEntry {
  file: string;
  line: number;
  name: string; // '<module>' or the function name
  /** The source line (shown under the entry), if known. */
  text?: string;
}

/**
 * The JS throwable carrying a Python exception. Natives raise Python
 * exceptions with `throw pyErr('ValueError', 'message')`.
 */
export class PyError extends Error {
  /** Innermost frame last, as Python prints it. */
  trace: TraceEntry[] = [];
  constructor(public readonly exc: PyInstance) {
    super('Python exception');
  }
}

/** Create a Python exception instance of class `cls` with args. */
export function newException(cls: PyClass, args: PyValue[]): PyInstance {
  const e = new PyInstance(cls);
  e.dict.set('args', new PyTuple(args));
  return e;
}

/** `throw pyErr('TypeError', "unsupported operand ...")` */
export function pyErr(type: string | PyClass, message?: string): PyError {
  const cls = typeof type === 'string' ? EXC[type] ?? EXC.RuntimeError : type;
  return new PyError(newException(cls, message === undefined ? [] : [message]));
}

/** Is `v` an exception instance of class (name) `cls`? */
export function isExceptionOf(e: PyError, cls: string): boolean {
  return e.exc.klass.isSubclassOf(EXC[cls]);
}

// ---------------------------------------------------------------- small helpers

export const isInt = (v: PyValue): v is bigint | boolean => typeof v === 'bigint' || typeof v === 'boolean';
export const isNumber = (v: PyValue): v is bigint | boolean | number =>
  typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean';

/** A JS number from an int/bool/float (no type check beyond that). */
export function toNumber(v: PyValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw pyErr('TypeError', `must be real number, not ${typeOf(v).name}`);
}

/** A bigint from an int/bool (TypeError otherwise, like operator.index). */
export function toBigInt(v: PyValue): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  throw pyErr('TypeError', `'${typeOf(v).name}' object cannot be interpreted as an integer`);
}

/** Python list/tuple from JS arrays. */
export const list = (items: PyValue[]): PyList => new PyList(items);
export const tuple = (items: PyValue[]): PyTuple => new PyTuple(items);

// ---------------------------------------------------------------- module registry

/**
 * Native modules register a factory here; `import name` creates the module
 * once per Session (lazily, on first import) and caches it.
 * Submodules register with dotted names ('torch.nn'); importing 'torch.nn'
 * first imports 'torch' and then sets `torch.nn` on it.
 */
export type ModuleFactory = (ctx: ModuleContext) => PyModule;

/** What a module factory can use from the session that imports it. */
export interface ModuleContext {
  /** Import another module (e.g. 'torch.nn' needs 'torch'). */
  importModule(name: string): PyModule;
  /** Host services (file reads) — may be absent. */
  readonly io: import('./api').HostIO;
  /** Emit a rich output (sm.table). */
  display(output: import('../outputs/bundle').DisplayOutput): void;
  /** Per-session storage for module state (e.g. the RNG). */
  readonly state: Map<string, unknown>;
}

const moduleFactories = new Map<string, ModuleFactory>();

export function registerModule(name: string, factory: ModuleFactory): void {
  moduleFactories.set(name, factory);
}

export function moduleFactory(name: string): ModuleFactory | undefined {
  return moduleFactories.get(name);
}

export function registeredModules(): string[] {
  return [...moduleFactories.keys()];
}
