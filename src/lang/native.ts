/**
 * Helpers for writing native (TypeScript) functions, classes and modules.
 * See README.md, "Writing a native module". A native module imports only
 * from here (which re-exports the value model and the generic operations).
 */
import {
  PyValue, PyNative, PyClass, PyInstance, PyModule, PyProperty, PyTuple, PyDict, Kwargs, NativeFn,
  NativeGenFn, pyErr, typeOf, T, PyStaticMethod, PyClassMethod
} from './values';
import { repr } from './ops';

export * from './values';
export * from './ops';

// ---------------------------------------------------------------- argument parsing

interface Param {
  name: string;
  kwOnly: boolean;
  hasDefault: boolean;
  def: PyValue;
}

export interface ArgSpec {
  fname: string;
  params: Param[];
  /** Name of a `*args` catch-all (collected into a tuple), if any. */
  varargs: string | null;
  /** Name of a `**kwargs` catch-all (collected into a dict), if any. */
  varkw: string | null;
}

function parseDefault(text: string): PyValue {
  const t = text.trim();
  if (t === 'None') return null;
  if (t === 'True') return true;
  if (t === 'False') return false;
  if (/^-?\d+$/.test(t)) return BigInt(t);
  if (/^-?[\d.]+(e[-+]?\d+)?$/i.test(t) || t === 'inf' || t === '-inf') return parseFloat(t.replace('inf', 'Infinity'));
  if (/^'.*'$/.test(t) || /^".*"$/.test(t)) return t.slice(1, -1);
  throw new Error(`argspec: unsupported default ${t}`);
}

/**
 * Compile a Python-style signature: `argSpec('softmax', 'input, dim=None, _stacklevel=3, *, dtype=None')`.
 * Defaults may be None/True/False/ints/floats/'strings'. `*args` and `**kwargs` are allowed.
 */
export function argSpec(fname: string, sig: string): ArgSpec {
  const params: Param[] = [];
  let kwOnly = false;
  let varargs: string | null = null;
  let varkw: string | null = null;
  for (const raw of sig.split(',').map(s => s.trim()).filter(Boolean)) {
    if (raw === '*') {
      kwOnly = true;
      continue;
    }
    if (raw.startsWith('**')) {
      varkw = raw.slice(2);
      continue;
    }
    if (raw.startsWith('*')) {
      varargs = raw.slice(1);
      kwOnly = true;
      continue;
    }
    if (raw === '/') continue;
    const eqAt = raw.indexOf('=');
    if (eqAt >= 0) params.push({ name: raw.slice(0, eqAt).trim(), kwOnly, hasDefault: true, def: parseDefault(raw.slice(eqAt + 1)) });
    else params.push({ name: raw, kwOnly, hasDefault: false, def: null });
  }
  return { fname, params, varargs, varkw };
}

/**
 * Bind args/kwargs to a spec with Python's TypeError messages. Returns the
 * values in parameter order; *args (a PyTuple) and **kwargs (a PyDict) follow
 * when declared.
 */
export function bindArgs(spec: ArgSpec, args: PyValue[], kwargs: Kwargs): PyValue[] {
  const { params, fname } = spec;
  const out: (PyValue | undefined)[] = new Array(params.length).fill(undefined);
  const positional = params.filter(p => !p.kwOnly).length;
  if (args.length > positional && !spec.varargs) {
    const req = params.filter(p => !p.kwOnly && !p.hasDefault).length;
    const takes = req === positional ? `${positional}` : `from ${req} to ${positional}`;
    throw pyErr(
      'TypeError',
      `${fname}() takes ${takes} positional argument${positional === 1 && req === positional ? '' : 's'} but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`
    );
  }
  const n = Math.min(args.length, positional);
  for (let i = 0; i < n; i++) out[i] = args[i];
  const extraKw = spec.varkw ? new PyDict() : null;
  if (kwargs) {
    for (const [k, v] of kwargs) {
      const i = params.findIndex(p => p.name === k);
      if (i < 0) {
        if (extraKw) {
          extraKw.set(k, v);
          continue;
        }
        throw pyErr('TypeError', `${fname}() got an unexpected keyword argument '${k}'`);
      }
      if (out[i] !== undefined) throw pyErr('TypeError', `${fname}() got multiple values for argument '${k}'`);
      out[i] = v;
    }
  }
  const missing: string[] = [];
  for (let i = 0; i < params.length; i++) {
    if (out[i] === undefined) {
      if (params[i].hasDefault) out[i] = params[i].def;
      else missing.push(params[i].name);
    }
  }
  if (missing.length) {
    const kw = params.find(p => p.name === missing[0])!.kwOnly;
    const names = missing.map(m => `'${m}'`);
    const list = names.length === 1 ? names[0] : names.slice(0, -1).join(', ') + ' and ' + names[names.length - 1];
    throw pyErr(
      'TypeError',
      `${fname}() missing ${missing.length} required ${kw ? 'keyword-only' : 'positional'} argument${missing.length > 1 ? 's' : ''}: ${list}`
    );
  }
  const res = out as PyValue[];
  if (spec.varargs) res.push(new PyTuple(args.slice(positional)));
  if (spec.varkw) res.push(extraKw);
  return res;
}

// ---------------------------------------------------------------- defining natives

export interface NativeOptions {
  /** Docstring for help() and inspection. */
  doc?: string;
  /** CPython METH_O builtins: "len() takes exactly one argument (2 given)". */
  exactlyOne?: boolean;
}

/**
 * A native function with a Python signature. `impl` receives the bound
 * arguments in signature order:
 *   fn('softmax', 'input, dim=None, dtype=None', (input, dim, dtype) => ...)
 */
export function fn(name: string, sig: string, impl: (...a: PyValue[]) => PyValue, opts: NativeOptions = {}): PyNative {
  const spec = argSpec(name, sig);
  const f: NativeFn = opts.exactlyOne
    ? (args, kwargs) => {
        if (kwargs && kwargs.size) throw pyErr('TypeError', `${name}() takes no keyword arguments`);
        if (args.length !== 1) throw pyErr('TypeError', `${name}() takes exactly one argument (${args.length} given)`);
        return impl(args[0]);
      }
    : (args, kwargs) => impl(...bindArgs(spec, args, kwargs));
  return new PyNative(name, f, false, `${name}(${sig})`, opts.doc ?? '');
}

/** Like fn, but impl is a generator that may `yield* call(pyFn, args)` or yield a Promise. */
export function genFn(
  name: string,
  sig: string,
  impl: (...a: PyValue[]) => Generator<any, PyValue, any>,
  opts: NativeOptions = {}
): PyNative {
  const spec = argSpec(name, sig);
  const f: NativeGenFn = (args, kwargs) => impl(...bindArgs(spec, args, kwargs));
  return new PyNative(name, f, true, `${name}(${sig})`, opts.doc ?? '');
}

/** A native with raw (args, kwargs) access (variadic builtins like print, max). */
export function rawFn(name: string, impl: NativeFn, signature = '', doc = ''): PyNative {
  return new PyNative(name, impl, false, signature || `${name}(...)`, doc);
}
export function rawGenFn(name: string, impl: NativeGenFn, signature = '', doc = ''): PyNative {
  return new PyNative(name, impl, true, signature || `${name}(...)`, doc);
}

/** A new native class; `module` shows in its repr: `<class 'torch.Tensor'>`. */
export function nativeClass(name: string, module: string, base: PyClass | null = T.object, doc = ''): PyClass {
  const c = new PyClass(name, base ?? T.object, module);
  c.doc = doc || null;
  return c;
}

/** Put a method (self first) into a class dict. */
export function method(cls: PyClass, name: string, sig: string, impl: (self: any, ...a: PyValue[]) => PyValue, doc = ''): void {
  cls.dict.set(name, fn(name, 'self, ' + sig, impl as (...a: PyValue[]) => PyValue, { doc }));
}

/** A read-only (or read/write) attribute computed from the object: t.shape, t.dtype. */
export function property(cls: PyClass, name: string, get: (self: any) => PyValue, set?: (self: any, v: PyValue) => void): void {
  const g = rawFn(name, args => get(args[0]));
  const s = set ? rawFn(name, args => (set(args[0], args[1]), null)) : null;
  cls.dict.set(name, new PyProperty(g, s));
}

export const staticmethod = (f: PyValue): PyStaticMethod => new PyStaticMethod(f);
export const classmethod = (f: PyValue): PyClassMethod => new PyClassMethod(f);

/** A new module object with the given attributes. */
export function makeModule(name: string, attrs: Record<string, PyValue> = {}, doc = ''): PyModule {
  const m = new PyModule(name, doc);
  for (const [k, v] of Object.entries(attrs)) m.dict.set(k, v);
  return m;
}

/** Expect a native instance of `cls` (TypeError otherwise); returns its payload. */
export function expectNative<X>(v: PyValue, cls: PyClass, what = 'argument'): X {
  if (v instanceof PyInstance && v.klass.isSubclassOf(cls)) return v.native as X;
  throw pyErr('TypeError', `${what} must be ${cls.name}, not ${typeOf(v).name}`);
}

/** Python-style type name for messages. */
export const typeName = (v: PyValue): string => typeOf(v).name;

/** repr() for messages. */
export const pyRepr = repr;
