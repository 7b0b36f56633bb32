/**
 * Python builtins: functions (print, len, sorted, ...), the type objects'
 * constructors (int(), str(), ...) and the builtin exception classes.
 */
import {
  PyValue, PyObject, PyClass, PyInstance, PyList, PyTuple, PyDict, PySet, PyRange, PySlice, PyNative, PyFunction,
  PyBoundMethod, PyProperty, PyStaticMethod, PyClassMethod, PyModule, PyIterator, Kwargs, Gen, T, EXC, Ellipsis,
  NotImplemented, typeOf, pyErr, toBigInt, toNumber, isInt, PySuper
} from './values';
import {
  call, callSync, repr, str, truthy, len, iterate, toArray, binop, compare, eq, getattr, getattrOpt, setattr, delattr,
  isCallable, special, intToFloat, floorDivMod, intFloorDiv, intMod, keyError, hexId, checkIntSize
} from './ops';
import { fn, rawFn, rawGenFn, bindArgs, argSpec } from './native';
import { formatValue } from './strformat';
import { installTypeMethods } from './typemethods';
import { rt, Frame } from './runtime';
import { parse } from './parser';
import { Compiler } from './compile';
import { PySyntaxError } from './tokenizer';
import { pyRound } from './floatfmt';

function kwGet(kwargs: Kwargs, name: string): PyValue | undefined {
  return kwargs ? kwargs.get(name) : undefined;
}

function checkKw(fname: string, kwargs: Kwargs, allowed: string[]): void {
  if (!kwargs) return;
  for (const k of kwargs.keys()) {
    if (!allowed.includes(k)) throw pyErr('TypeError', `${fname}() got an unexpected keyword argument '${k}'`);
  }
}

// ---------------------------------------------------------------- conversions

const INT_RE = /^[-+]?(\d(_?\d)*)$/;

export function parseIntStr(s: string, base: number): bigint {
  const orig = s;
  let t = s.trim();
  let neg = false;
  if (t.startsWith('-') || t.startsWith('+')) {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  let b = base;
  const prefix = /^0([xXoObB])/.exec(t);
  if (prefix && (b === 0 || b === { x: 16, o: 8, b: 2 }[prefix[1].toLowerCase()])) {
    b = { x: 16, o: 8, b: 2 }[prefix[1].toLowerCase() as 'x' | 'o' | 'b'];
    t = t.slice(2).replace(/^_/, '');
  }
  if (b === 0) b = 10;
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b);
  const clean = t.toLowerCase();
  const ok = clean.length > 0 && !clean.startsWith('_') && !clean.endsWith('_') && !clean.includes('__') && [...clean].every(c => c === '_' || digits.includes(c));
  if (!ok || (b === 10 && base !== 0 && !INT_RE.test(t))) {
    throw pyErr('ValueError', `invalid literal for int() with base ${base}: ${repr(orig)}`);
  }
  if (b === 10 && clean.replace(/_/g, '').length > 4300) {
    throw pyErr(
      'ValueError',
      `Exceeds the limit (4300 digits) for integer string conversion: value has ${clean.replace(/_/g, '').length} digits; use sys.set_int_max_str_digits() to increase the limit`
    );
  }
  let v = 0n;
  const B = BigInt(b);
  for (const c of clean) if (c !== '_') v = v * B + BigInt(digits.indexOf(c));
  return neg ? -v : v;
}

export function floatFromNumber(x: number): bigint {
  if (Number.isNaN(x)) throw pyErr('ValueError', 'cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw pyErr('OverflowError', 'cannot convert float infinity to integer');
  return BigInt(Math.trunc(x));
}

function toInt(v: PyValue, base?: PyValue): bigint {
  if (base !== undefined && base !== null) {
    if (typeof v !== 'string') throw pyErr('TypeError', "int() can't convert non-string with explicit base");
    return parseIntStr(v, Number(toBigInt(base)));
  }
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'number') return floatFromNumber(v);
  if (typeof v === 'string') return parseIntStr(v, 10);
  for (const name of ['__int__', '__index__', '__trunc__']) {
    const f = special(v, name);
    if (f !== undefined) {
      const r = callSync(f, [v]);
      if (typeof r === 'bigint' || typeof r === 'boolean') return toBigInt(r);
      throw pyErr('TypeError', `${name} returned non-int (type ${typeOf(r).name})`);
    }
  }
  throw pyErr('TypeError', `int() argument must be a string, a bytes-like object or a real number, not '${typeOf(v).name}'`);
}

export function toFloat(v: PyValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return intToFloat(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase().replace(/(\d)_(?=\d)/g, '$1');
    const m = /^([-+]?)(inf|infinity|nan)$/.exec(t);
    if (m) return m[2] === 'nan' ? NaN : m[1] === '-' ? -Infinity : Infinity;
    if (/^[-+]?((\d+\.?\d*)|(\.\d+))(e[-+]?\d+)?$/.test(t)) return parseFloat(t);
    throw pyErr('ValueError', `could not convert string to float: ${repr(v)}`);
  }
  const f = special(v, '__float__');
  if (f !== undefined) {
    const r = callSync(f, [v]);
    if (typeof r !== 'number') throw pyErr('TypeError', `${typeOf(v).name}.__float__ returned non-float (type ${typeOf(r).name})`);
    return r;
  }
  const ix = special(v, '__index__');
  if (ix !== undefined) return Number(toBigInt(callSync(ix, [v])));
  throw pyErr('TypeError', `float() argument must be a string or a real number, not '${typeOf(v).name}'`);
}

// ---------------------------------------------------------------- sorting / min / max

/** Python `a < b` as a boolean. */
function lt(a: PyValue, b: PyValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b;
  return truthy(compare('<', a, b));
}

function* keysOf(items: PyValue[], key: PyValue): Generator<any, PyValue[], any> {
  if (key === null || key === undefined) return items;
  const out: PyValue[] = [];
  for (const x of items) out.push(yield* call(key, [x]));
  return out;
}

export function* sortItems(items: PyValue[], key: PyValue, reverse: boolean): Generator<any, PyValue[], any> {
  const keys = yield* keysOf(items, key);
  const idx = items.map((_, i) => i);
  // Stable sort; reverse keeps stability as Python does (reverse, sort, reverse).
  if (reverse) idx.reverse();
  idx.sort((i, j) => (lt(keys[j], keys[i]) ? 1 : lt(keys[i], keys[j]) ? -1 : 0));
  if (reverse) idx.reverse();
  return idx.map(i => items[i]);
}

function* minmax(name: 'min' | 'max', args: PyValue[], kwargs: Kwargs): Gen {
  checkKw(name, kwargs, ['key', 'default']);
  const key = kwGet(kwargs, 'key') ?? null;
  const dflt = kwGet(kwargs, 'default');
  let items: PyValue[];
  if (args.length === 0) throw pyErr('TypeError', `${name} expected at least 1 argument, got 0`);
  if (args.length === 1) items = toArray(args[0]);
  else {
    if (dflt !== undefined) throw pyErr('TypeError', `Cannot specify a default for ${name}() with multiple positional arguments`);
    items = args;
  }
  if (!items.length) {
    if (dflt !== undefined) return dflt;
    throw pyErr('ValueError', `${name}() arg is an empty sequence`);
  }
  const keys = yield* keysOf(items, key);
  let best = 0;
  for (let i = 1; i < items.length; i++) {
    if (name === 'max' ? lt(keys[best], keys[i]) : lt(keys[i], keys[best])) best = i;
  }
  return items[best];
}

// ---------------------------------------------------------------- print / help

function doPrint(args: PyValue[], kwargs: Kwargs): PyValue {
  checkKw('print', kwargs, ['sep', 'end', 'file', 'flush']);
  const sepV = kwGet(kwargs, 'sep');
  const endV = kwGet(kwargs, 'end');
  if (sepV !== undefined && sepV !== null && typeof sepV !== 'string') {
    throw pyErr('TypeError', `sep must be None or a string, not ${typeOf(sepV).name}`);
  }
  if (endV !== undefined && endV !== null && typeof endV !== 'string') {
    throw pyErr('TypeError', `end must be None or a string, not ${typeOf(endV).name}`);
  }
  const sep = typeof sepV === 'string' ? sepV : ' ';
  const end = typeof endV === 'string' ? endV : '\n';
  const text = args.map(a => str(a)).join(sep) + end;
  const file = kwGet(kwargs, 'file');
  const r = rt();
  if (file instanceof PyInstance && file.native === 'stderr') r.hooks.stderr(text);
  else r.hooks.stdout(text);
  return null;
}

export function signatureOf(v: PyValue): string {
  if (v instanceof PyNative) return v.signature || `${v.name}(...)`;
  if (v instanceof PyBoundMethod) return signatureOf(v.func).replace(/\(self, ?/, '(');
  if (v instanceof PyFunction) {
    const a = v.code.proto.args;
    const parts: string[] = [];
    const nd = a.args.length - v.defaults.length;
    a.args.forEach((x: { name: string }, i: number) => parts.push(i >= nd ? `${x.name}=${repr(v.defaults[i - nd])}` : x.name));
    if (a.vararg) parts.push('*' + a.vararg);
    else if (a.kwonly.length) parts.push('*');
    for (const k of a.kwonly) {
      const d = v.kwDefaults.get(k.name);
      parts.push(d !== undefined ? `${k.name}=${repr(d)}` : k.name);
    }
    if (a.kwarg) parts.push('**' + a.kwarg);
    return `${v.name}(${parts.join(', ')})`;
  }
  if (v instanceof PyClass) {
    const init = v.lookup('__init__');
    if (init instanceof PyFunction) return signatureOf(init).replace(/^__init__\(self, ?/, `${v.name}(`).replace(/^__init__\(/, `${v.name}(`);
    if (init instanceof PyNative && init.signature) return init.signature.replace(/^__init__\(self, ?/, `${v.name}(`);
    return `${v.name}(...)`;
  }
  return '';
}

export function docOf(v: PyValue): string {
  if (v instanceof PyNative) return v.doc;
  if (v instanceof PyFunction) return v.doc ?? '';
  if (v instanceof PyBoundMethod) return docOf(v.func);
  if (v instanceof PyClass) return v.doc ?? '';
  if (v instanceof PyModule) return v.doc;
  if (v instanceof PyObject) return typeOf(v).doc ?? '';
  return typeOf(v).doc ?? '';
}

function dedent(doc: string): string {
  const lines = doc.replace(/\t/g, '    ').split('\n');
  const rest = lines.slice(1).filter(l => l.trim());
  const ind = rest.length ? Math.min(...rest.map(l => l.length - l.trimStart().length)) : 0;
  const out = [lines[0].trim(), ...lines.slice(1).map(l => l.slice(ind))];
  while (out.length && !out[out.length - 1].trim()) out.pop();
  while (out.length && !out[0].trim()) out.shift();
  return out.join('\n');
}

function helpText(v: PyValue): string {
  const doc = dedent(docOf(v));
  const indented = doc ? doc.split('\n').map(l => (l ? '    ' + l : '')).join('\n') + '\n' : '';
  if (v instanceof PyFunction) return `Help on function ${v.name} in module __main__:\n\n${signatureOf(v)}\n${indented}\n`;
  if (v instanceof PyNative) return `Help on built-in function ${v.name}:\n\n${signatureOf(v)}\n${indented}\n`;
  if (v instanceof PyBoundMethod) return `Help on method ${(v.func as { name?: string }).name ?? ''}:\n\n${signatureOf(v)}\n${indented}\n`;
  if (v instanceof PyModule) return `Help on module ${v.name}:\n\nNAME\n    ${v.name}\n\n${doc ? 'DESCRIPTION\n' + indented + '\n' : ''}`;
  if (v instanceof PyClass) return `Help on class ${v.name}:\n\nclass ${v.name}\n${indented}\n`;
  return `Help on ${typeOf(v).name} object:\n\n${indented}\n`;
}

// ---------------------------------------------------------------- the builtins table

function typeNew(cls: PyClass, impl: (args: PyValue[], kwargs: Kwargs) => PyValue): void {
  cls.dict.set('__new__', rawFn('__new__', (args, kwargs) => impl(args.slice(1), kwargs)));
}

function makeDict(args: PyValue[], kwargs: Kwargs): PyDict {
  if (args.length > 1) throw pyErr('TypeError', `dict expected at most 1 argument, got ${args.length}`);
  const d = new PyDict();
  if (args.length) {
    const src = args[0];
    if (src instanceof PyDict) for (const [k, v] of src.map.values()) d.set(k, v);
    else if (special(src, 'keys') !== undefined) {
      for (const k of toArray(callSync(special(src, 'keys')!, [src]))) d.set(k, callSync(special(src, '__getitem__')!, [src, k]));
    } else {
      let i = 0;
      for (const item of toArray(src)) {
        const pair = toArray(item);
        if (pair.length !== 2) {
          throw pyErr('ValueError', `dictionary update sequence element #${i} has length ${pair.length}; 2 is required`);
        }
        d.set(pair[0], pair[1]);
        i++;
      }
    }
  }
  if (kwargs) for (const [k, v] of kwargs) d.set(k, v);
  return d;
}

let table: Map<string, PyValue> | null = null;

/** The builtins namespace (shared by all sessions; natives find the session via rt()). */
export function builtins(): Map<string, PyValue> {
  if (table) return table;
  installTypeMethods();
  installTypeConstructors();
  installExceptionMethods();
  const b = new Map<string, PyValue>();
  const def = (v: PyNative): void => void b.set(v.name, v);

  def(rawFn('print', doPrint, "print(*args, sep=' ', end='\\n', file=None, flush=False)", 'Prints the values to stdout.'));
  def(fn('len', 'obj', o => BigInt(len(o)), { doc: 'Return the number of items in a container.', exactlyOne: true }));
  def(fn('repr', 'obj', o => repr(o), { exactlyOne: true }));
  def(fn('abs', 'x', x => {
    if (typeof x === 'bigint') return x < 0n ? -x : x;
    if (typeof x === 'boolean') return x ? 1n : 0n;
    if (typeof x === 'number') return Math.abs(x);
    const f = special(x, '__abs__');
    if (f !== undefined) return callSync(f, [x]);
    throw pyErr('TypeError', `bad operand type for abs(): '${typeOf(x).name}'`);
  }));
  def(rawFn('round', (args, kwargs) => {
    const [x, nd] = bindArgs(argSpec('round', 'number, ndigits=None'), args, kwargs);
    if (typeof x === 'number') {
      if (nd === null) {
        if (!Number.isFinite(x)) throw pyErr(Number.isNaN(x) ? 'ValueError' : 'OverflowError', Number.isNaN(x) ? 'cannot convert float NaN to integer' : 'cannot convert float infinity to integer');
        return BigInt(pyRound(x));
      }
      return pyRound(x, Number(toBigInt(nd)));
    }
    if (typeof x === 'bigint' || typeof x === 'boolean') {
      const v = toBigInt(x);
      if (nd === null) return v;
      const n = Number(toBigInt(nd));
      if (n >= 0) return v;
      const p = 10n ** BigInt(-n);
      const q = intFloorDiv(v, p);
      const r = v - q * p;
      const twice = 2n * r;
      let qq = q;
      if (twice > p || (twice === p && q % 2n !== 0n)) qq = q + 1n;
      return qq * p;
    }
    const f = special(x, '__round__');
    if (f !== undefined) return callSync(f, nd === null ? [x] : [x, nd]);
    throw pyErr('TypeError', `type ${typeOf(x).name} doesn't define __round__ method`);
  }, 'round(number, ndigits=None)', 'Round a number to a given precision in decimal digits (half to even).'));
  def(rawGenFn('sorted', function* (args, kwargs) {
    if (args.length !== 1) throw pyErr('TypeError', `sorted expected 1 argument, got ${args.length}`);
    checkKw('sorted', kwargs, ['key', 'reverse']);
    const items = toArray(args[0]);
    return new PyList(yield* sortItems(items, kwGet(kwargs, 'key') ?? null, truthy(kwGet(kwargs, 'reverse') ?? false)));
  }, 'sorted(iterable, /, *, key=None, reverse=False)'));
  def(fn('reversed', 'seq', s => {
    if (s instanceof PyList || s instanceof PyTuple) return new PyIterator(s.items.slice().reverse()[Symbol.iterator](), T.iterator);
    if (typeof s === 'string' || s instanceof PyRange) return new PyIterator(toArray(s).reverse()[Symbol.iterator]());
    if (s instanceof PyDict) return new PyIterator(s.keys().reverse()[Symbol.iterator]());
    const f = special(s, '__reversed__');
    if (f !== undefined) return callSync(f, [s]);
    if (special(s, '__len__') !== undefined && special(s, '__getitem__') !== undefined) return new PyIterator(toArray(s).reverse()[Symbol.iterator]());
    throw pyErr('TypeError', `'${typeOf(s).name}' object is not reversible`);
  }));
  def(rawFn('enumerate', (args, kwargs) => {
    const [it, start] = bindArgs(argSpec('enumerate', 'iterable, start=0'), args, kwargs);
    const src = iterate(it);
    let i = toBigInt(start);
    return new PyIterator({
      next: () => {
        const r = src.next();
        if (r.done) return { done: true, value: undefined };
        return { done: false, value: new PyTuple([i++, r.value]) };
      }
    }, T.iterator);
  }, 'enumerate(iterable, start=0)'));
  def(rawFn('zip', (args, kwargs) => {
    checkKw('zip', kwargs, ['strict']);
    const its = args.map(a => iterate(a));
    return new PyIterator({
      next: () => {
        if (!its.length) return { done: true, value: undefined };
        const vals: PyValue[] = [];
        for (const it of its) {
          const r = it.next();
          if (r.done) return { done: true, value: undefined };
          vals.push(r.value);
        }
        return { done: false, value: new PyTuple(vals) };
      }
    });
  }, 'zip(*iterables, strict=False)'));
  def(rawFn('sum', (args, kwargs) => {
    const [it, start] = bindArgs(argSpec('sum', 'iterable, /, start=0'), args, kwargs);
    if (typeof start === 'string') throw pyErr('TypeError', "sum() can't sum strings [use ''.join(seq) instead]");
    let acc: PyValue = start;
    const src = iterate(it);
    // Python's sum of floats uses plain addition, left to right.
    for (let r = src.next(); !r.done; r = src.next()) acc = binop('+', acc, r.value);
    return acc;
  }, 'sum(iterable, /, start=0)'));
  def(rawGenFn('min', (a, k) => minmax('min', a, k), 'min(iterable, *[, default=obj, key=func])'));
  def(rawGenFn('max', (a, k) => minmax('max', a, k), 'max(iterable, *[, default=obj, key=func])'));
  def(rawGenFn('map', function* (args) {
    if (args.length < 2) throw pyErr('TypeError', 'map() must have at least two arguments.');
    const f = args[0];
    const its = args.slice(1).map(a => iterate(a));
    const out: PyValue[] = [];
    for (;;) {
      const vals: PyValue[] = [];
      for (const it of its) {
        const r = it.next();
        if (r.done) return new PyIterator(out[Symbol.iterator](), mapType);
        vals.push(r.value);
      }
      out.push(yield* call(f, vals));
    }
  }, 'map(func, *iterables)'));
  def(rawGenFn('filter', function* (args) {
    if (args.length !== 2) throw pyErr('TypeError', `filter expected 2 arguments, got ${args.length}`);
    const [f, it] = args;
    const out: PyValue[] = [];
    for (const x of toArray(it)) {
      const keep = f === null ? truthy(x) : truthy(yield* call(f, [x]));
      if (keep) out.push(x);
    }
    return new PyIterator(out[Symbol.iterator](), filterType);
  }, 'filter(function, iterable)'));
  def(fn('any', 'iterable', it => {
    const src = iterate(it);
    for (let r = src.next(); !r.done; r = src.next()) if (truthy(r.value)) return true;
    return false;
  }));
  def(fn('all', 'iterable', it => {
    const src = iterate(it);
    for (let r = src.next(); !r.done; r = src.next()) if (!truthy(r.value)) return false;
    return true;
  }));
  def(rawFn('iter', args => {
    if (args.length !== 1) throw pyErr('TypeError', 'iter() with a sentinel is not supported');
    const v = args[0];
    if (v instanceof PyIterator) return v;
    const it = special(v, '__iter__');
    if (it !== undefined && !(v instanceof PyList || v instanceof PyTuple || v instanceof PyDict || v instanceof PySet || v instanceof PyRange)) {
      const r = callSync(it, [v]);
      if (r instanceof PyIterator || special(r, '__next__') !== undefined) return r;
    }
    const t = v instanceof PyList ? listIterType : v instanceof PyTuple ? tupleIterType : v instanceof PyRange ? rangeIterType : typeof v === 'string' ? strIterType : T.iterator;
    return new PyIterator(iterate(v), t);
  }, 'iter(iterable)'));
  def(rawFn('next', args => {
    if (args.length < 1 || args.length > 2) throw pyErr('TypeError', `next expected at least 1 argument, got ${args.length}`);
    const v = args[0];
    if (v instanceof PyIterator) {
      const r = v.next();
      if (r === undefined) {
        if (args.length === 2) return args[1];
        throw pyErr('StopIteration');
      }
      return r;
    }
    const nx = special(v, '__next__');
    if (nx === undefined) throw pyErr('TypeError', `'${typeOf(v).name}' object is not an iterator`);
    try {
      return callSync(nx, [v]);
    } catch (e) {
      if (args.length === 2 && e instanceof Error && (e as { exc?: PyInstance }).exc?.klass.isSubclassOf(EXC.StopIteration)) return args[1];
      throw e;
    }
  }, 'next(iterator[, default])'));
  def(fn('divmod', 'a, b', (a, b) => {
    if (isInt(a) && isInt(b)) {
      const x = toBigInt(a);
      const y = toBigInt(b);
      if (y === 0n) throw pyErr('ZeroDivisionError', 'integer division or modulo by zero');
      return new PyTuple([intFloorDiv(x, y), intMod(x, y)]);
    }
    if ((typeof a === 'number' || isInt(a)) && (typeof b === 'number' || isInt(b))) {
      const y = toNumber(b);
      if (y === 0) throw pyErr('ZeroDivisionError', 'float divmod()');
      return new PyTuple(floorDivMod(toNumber(a), y));
    }
    return new PyTuple([binop('//', a, b), binop('%', a, b)]);
  }));
  def(fn('pow', 'base, exp, mod=None', (a, e, m) => {
    if (m === null) return binop('**', a, e);
    const x = toBigInt(a);
    let y = toBigInt(e);
    const md = toBigInt(m);
    if (md === 0n) throw pyErr('ValueError', 'pow() 3rd argument cannot be 0');
    if (y < 0n) throw pyErr('ValueError', 'base is not invertible for the given modulus');
    let r = 1n;
    let bb = intMod(x, md);
    while (y > 0n) {
      if (y & 1n) r = (r * bb) % md;
      bb = (bb * bb) % md;
      y >>= 1n;
    }
    return intMod(r, md);
  }));
  def(fn('hash', 'obj', o => {
    if (typeof o === 'bigint') return o;
    if (typeof o === 'boolean') return o ? 1n : 0n;
    if (typeof o === 'number' && Number.isInteger(o)) return BigInt(o);
    const k = hashKeyOf(o);
    let h = 0;
    for (let i = 0; i < k.length; i++) h = (Math.imul(h, 31) + k.charCodeAt(i)) | 0;
    return BigInt(h);
  }));
  def(fn('id', 'obj', o => (o instanceof PyObject ? BigInt(0x7f0000000000 + o.id * 16) : BigInt(hashKeyOf(o).length * 7919))));
  def(fn('chr', 'i', i => {
    const n = Number(toBigInt(i));
    if (n < 0 || n > 0x10ffff) throw pyErr('ValueError', 'chr() arg not in range(0x110000)');
    return String.fromCodePoint(n);
  }));
  def(fn('ord', 'c', c => {
    if (typeof c !== 'string') throw pyErr('TypeError', `ord() expected string of length 1, but ${typeOf(c).name} found`);
    const cps = [...c];
    if (cps.length !== 1) throw pyErr('TypeError', `ord() expected a character, but string of length ${cps.length} found`);
    return BigInt(cps[0].codePointAt(0)!);
  }));
  def(fn('format', "value, format_spec=''", (v, s) => formatValue(v, str(s))));
  def(fn('callable', 'obj', o => isCallable(o), { exactlyOne: true }));
  def(fn('isinstance', 'obj, class_or_tuple', (o, c) => isInstance(o, c)));
  def(fn('issubclass', 'cls, class_or_tuple', (o, c) => {
    if (!(o instanceof PyClass)) throw pyErr('TypeError', 'issubclass() arg 1 must be a class');
    return classMatches(o, c, 'issubclass');
  }));
  def(rawFn('getattr', args => {
    if (args.length < 2 || args.length > 3) throw pyErr('TypeError', `getattr expected 2 or 3 arguments, got ${args.length}`);
    if (typeof args[1] !== 'string') throw pyErr('TypeError', "attribute name must be string, not '" + typeOf(args[1]).name + "'");
    if (args.length === 3) {
      const v = getattrOpt(args[0], args[1]);
      return v === undefined ? args[2] : v;
    }
    return getattr(args[0], args[1]);
  }, 'getattr(object, name[, default])'));
  def(fn('hasattr', 'obj, name', (o, n) => {
    if (typeof n !== 'string') throw pyErr('TypeError', "attribute name must be string, not '" + typeOf(n).name + "'");
    return getattrOpt(o, n) !== undefined;
  }));
  def(fn('setattr', 'obj, name, value', (o, n, v) => {
    setattr(o, str(n), v);
    return null;
  }));
  def(fn('delattr', 'obj, name', (o, n) => {
    delattr(o, str(n));
    return null;
  }));
  def(fn('bin', 'x', x => fmtBase(toBigInt(x), 2, '0b'), { exactlyOne: true }));
  def(fn('hex', 'x', x => fmtBase(toBigInt(x), 16, '0x'), { exactlyOne: true }));
  def(fn('oct', 'x', x => fmtBase(toBigInt(x), 8, '0o'), { exactlyOne: true }));
  def(rawFn('vars', args => {
    const o = args[0];
    if (o instanceof PyInstance || o instanceof PyModule || o instanceof PyClass) return getattr(o, '__dict__');
    if (!args.length) return globalsDict();
    throw pyErr('TypeError', 'vars() argument must have __dict__ attribute');
  }));
  def(rawFn('globals', () => globalsDict()));
  def(rawFn('locals', () => {
    const f = rt().frame;
    const d = new PyDict();
    if (f) for (const [k, v] of f.locals) d.set(k, v);
    return d;
  }));
  def(rawFn('dir', args => {
    const names = new Set<string>();
    if (!args.length) {
      const f = rt().frame;
      if (f) for (const k of f.locals.keys()) names.add(k);
    } else {
      const o = args[0];
      if (o instanceof PyModule || o instanceof PyInstance) for (const k of o.dict.keys()) names.add(k);
      const cls = o instanceof PyClass ? o : typeOf(o);
      for (const c of cls.mro) for (const k of c.dict.keys()) names.add(k);
    }
    return new PyList([...names].sort());
  }));
  def(rawFn('help', args => {
    if (!args.length) {
      rt().hooks.stdout('Type help(object) for help about object.\n');
      return null;
    }
    rt().hooks.stdout(helpText(args[0]));
    return null;
  }, 'help(object)', 'Show the documentation of an object.'));
  const evalOrExec = (mode: 'eval' | 'exec') =>
    rawGenFn(mode, function* (args) {
      const src = args[0];
      if (typeof src !== 'string') throw pyErr('TypeError', `${mode}() arg 1 must be a string, bytes or code object`);
      const r = rt();
      const caller = r.frame;
      const globals = args[1] instanceof PyDict ? null : caller ? caller.globals : r.globals;
      if (!globals) throw pyErr('TypeError', `${mode}() with a globals dict is not supported`);
      const source = { file: '<string>', lines: src.split('\n') };
      let compiled;
      try {
        const mod = parse(mode === 'eval' ? src.trim() : src);
        if (mode === 'eval' && (mod.body.length !== 1 || mod.body[0].k !== 'Expr')) throw new PySyntaxError('invalid syntax', 1, 1);
        compiled = new Compiler(source).compileModule(mod.body);
      } catch (e) {
        if (e instanceof PySyntaxError) {
          const err = pyErr(e.kind, `${e.msg} (<string>, line ${e.line})`);
          err.exc.dict.set('lineno', BigInt(e.line));
          throw err;
        }
        throw e;
      }
      // evaluated in the caller's globals (locals of functions are not visible)
      const f = new Frame(r, globals, globals, null, '<module>', source, caller);
      yield* compiled.run(f);
      return mode === 'eval' ? f.retval : null;
    }, `${mode}(source, /, globals=None, locals=None)`);
  def(evalOrExec('eval'));
  def(evalOrExec('exec'));
  def(rawFn('input', () => {
    throw pyErr('OSError', 'input() is not supported in this kernel (no interactive stdin)');
  }));
  def(rawFn('open', () => {
    throw pyErr('OSError', 'open() is not supported in this kernel; use torch.load(path) or jupyterlab_softmax.load(path)');
  }));
  def(rawFn('exit', () => {
    throw pyErr('SystemExit');
  }));
  b.set('quit', b.get('exit')!);
  def(rawFn('display', args => {
    for (const a of args) {
      const r = rt();
      const f = special(a, '_repr_mimebundle_');
      if (f !== undefined) {
        const bundle = callSync(f, [a]);
        if (bundle instanceof PyDict) {
          const data: Record<string, unknown> = {};
          for (const [k, v] of bundle.map.values()) data[str(k)] = typeof v === 'string' ? v : toJS(v);
          r.display({ data, metadata: {} });
          continue;
        }
      }
      r.display({ data: { 'text/plain': repr(a) }, metadata: {} });
    }
    return null;
  }, 'display(*objs)'));

  // types
  for (const name of ['int', 'float', 'str', 'bool', 'list', 'tuple', 'dict', 'set', 'frozenset', 'range', 'type', 'object', 'slice'] as const) {
    b.set(name, T[name]);
  }
  b.set('property', T.property);
  b.set('staticmethod', T.staticmethod);
  b.set('classmethod', T.classmethod);
  b.set('super', T.super);
  b.set('None', null);
  b.set('True', true);
  b.set('False', false);
  b.set('Ellipsis', Ellipsis);
  b.set('NotImplemented', NotImplemented);
  b.set('__name__', '__main__');
  for (const [k, v] of Object.entries(EXC)) b.set(k, v);
  table = b;
  return b;
}

/** Python data → JSON-able JS (for MIME bundles). */
export function toJS(v: PyValue): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof PyList || v instanceof PyTuple) return v.items.map(toJS);
  if (v instanceof PyDict) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v.map.values()) o[str(k)] = toJS(x);
    return o;
  }
  if (v instanceof PyObject) return repr(v);
  return v;
}

function globalsDict(): PyDict {
  const d = new PyDict();
  for (const [k, v] of rt().globals) d.set(k, v);
  return d;
}

function fmtBase(n: bigint, base: number, prefix: string): string {
  return n < 0n ? '-' + prefix + (-n).toString(base) : prefix + n.toString(base);
}

function hashKeyOf(o: PyValue): string {
  if (o instanceof PyList || o instanceof PyDict || (o instanceof PySet && !o.frozen)) {
    throw pyErr('TypeError', `unhashable type: '${typeOf(o).name}'`);
  }
  return typeof o === 'string' ? o : repr(o);
}

function classMatches(cls: PyClass, c: PyValue, fname: string): boolean {
  if (c instanceof PyClass) return cls.isSubclassOf(c);
  if (c instanceof PyTuple) return c.items.some(x => classMatches(cls, x, fname));
  throw pyErr('TypeError', `${fname}() arg 2 must be a type, a tuple of types, or a union`);
}

export function isInstance(o: PyValue, c: PyValue): boolean {
  return classMatches(typeOf(o), c, 'isinstance');
}

const mapType = new PyClass('map', T.object);
const filterType = new PyClass('filter', T.object);
const listIterType = new PyClass('list_iterator', T.object);
const tupleIterType = new PyClass('tuple_iterator', T.object);
const rangeIterType = new PyClass('range_iterator', T.object);
const strIterType = new PyClass('str_ascii_iterator', T.object);

// ---------------------------------------------------------------- type constructors

function installTypeConstructors(): void {
  typeNew(T.int, (args, kwargs) => {
    const [x, base] = bindArgs(argSpec('int', 'x=0, base=None'), args, kwargs);
    return checkIntSize(toInt(x, base ?? undefined));
  });
  typeNew(T.float, args => (args.length ? toFloat(args[0]) : 0));
  typeNew(T.str, (args, kwargs) => {
    if (!args.length && !kwargs) return '';
    const [o] = bindArgs(argSpec('str', "object='', encoding='utf-8', errors='strict'"), args, kwargs);
    return str(o);
  });
  typeNew(T.bool, args => (args.length ? truthy(args[0]) : false));
  typeNew(T.list, args => new PyList(args.length ? toArray(args[0]) : []));
  typeNew(T.tuple, args => (args.length ? (args[0] instanceof PyTuple ? args[0] : new PyTuple(toArray(args[0]))) : new PyTuple([])));
  typeNew(T.dict, (args, kwargs) => makeDict(args, kwargs));
  typeNew(T.set, args => new PySet(args.length ? toArray(args[0]) : []));
  typeNew(T.frozenset, args => new PySet(args.length ? toArray(args[0]) : [], true));
  typeNew(T.range, args => {
    const n = args.map(a => {
      if (typeof a === 'bigint' || typeof a === 'boolean') return toBigInt(a);
      const ix = special(a, '__index__');
      if (ix !== undefined) return toBigInt(callSync(ix, [a]));
      throw pyErr('TypeError', `'${typeOf(a).name}' object cannot be interpreted as an integer`);
    });
    if (n.length === 0) throw pyErr('TypeError', 'range expected at least 1 argument, got 0');
    if (n.length > 3) throw pyErr('TypeError', `range expected at most 3 arguments, got ${n.length}`);
    if (n.length === 1) return new PyRange(0n, n[0], 1n);
    const step = n[2] ?? 1n;
    if (step === 0n) throw pyErr('ValueError', 'range() arg 3 must not be zero');
    return new PyRange(n[0], n[1], step);
  });
  typeNew(T.slice, args => {
    if (args.length === 1) return new PySlice(null, args[0], null);
    return new PySlice(args[0] ?? null, args[1] ?? null, args[2] ?? null);
  });
  typeNew(T.type, args => {
    if (args.length === 1) return typeOf(args[0]);
    throw pyErr('TypeError', 'type() takes 1 argument');
  });
  typeNew(T.property, (args, kwargs) => {
    const [fget, fset, , doc] = bindArgs(argSpec('property', 'fget=None, fset=None, fdel=None, doc=None'), args, kwargs);
    return new PyProperty(fget, fset, typeof doc === 'string' ? doc : '');
  });
  T.property.dict.set('setter', fn('setter', 'self, fset', (self, fset) => new PyProperty((self as PyProperty).getter, fset)));
  T.property.dict.set('getter', fn('getter', 'self, fget', (self, fget) => new PyProperty(fget, (self as PyProperty).setter)));
  typeNew(T.staticmethod, args => new PyStaticMethod(args[0]));
  typeNew(T.classmethod, args => new PyClassMethod(args[0]));
  typeNew(T.super, args => {
    if (args.length === 2 && args[0] instanceof PyClass) return new PySuper(args[0], args[1]);
    throw pyErr('RuntimeError', 'super(): no arguments');
  });
  // instances of `object` subclasses accept no constructor arguments; a user class's __init__ overrides
  T.object.dict.set('__init__', rawFn('__init__', (args, kwargs) => {
    const self = args[0];
    if (args.length > 1 || (kwargs && kwargs.size)) {
      const cls = typeOf(self);
      if (cls.lookup('__init__') === T.object.dict.get('__init__') && cls.lookup('__new__') === undefined) {
        throw pyErr('TypeError', `${cls.name}() takes no arguments`);
      }
    }
    return null;
  }));
  T.object.dict.set('__eq__', rawFn('__eq__', args => (args[0] === args[1] ? true : NotImplemented)));
  T.object.dict.set('__ne__', rawFn('__ne__', args => (args[0] === args[1] ? false : NotImplemented)));
}

function installExceptionMethods(): void {
  const B = EXC.BaseException;
  B.dict.set('__init__', rawFn('__init__', args => {
    (args[0] as PyInstance).dict.set('args', new PyTuple(args.slice(1)));
    return null;
  }));
  B.dict.set('with_traceback', rawFn('with_traceback', args => args[0]));
  B.dict.set('add_note', rawFn('add_note', () => null));
}

/** Unused helper kept for natives wanting eq semantics without importing ops. */
export const pyEq = eq;
export { hexId, keyError };
