/** Methods of the builtin types: str, list, tuple, dict, set, int, float. */
import {
  PyValue, PyClass, PyInstance, PyList, PyTuple, PyDict, PySet, PyIterator, Kwargs, T, pyErr, typeOf, toBigInt,
  hashKey as hashOf, chargeItems, chargeGrowth
} from './values';
import { repr, str, eq, toArray, keyError, contains, len, truthy, intToFloat } from './ops';
import { fn, rawFn, rawGenFn, bindArgs, argSpec } from './native';
import { strFormat } from './strformat';
import { sortItems } from './builtins';

function self<X>(args: PyValue[]): X {
  return args[0] as unknown as X;
}

function m(cls: PyClass, name: string, sig: string, impl: (...a: PyValue[]) => PyValue): void {
  cls.dict.set(name, fn(name, 'self' + (sig ? ', ' + sig : ''), impl));
}

function strArg(v: PyValue, fname: string, what = 'argument'): string {
  if (typeof v !== 'string') throw pyErr('TypeError', `${fname}() ${what} must be str, not ${typeOf(v).name}`);
  return v;
}

function normIndex(i: PyValue, n: number, dflt: number): number {
  if (i === null || i === undefined) return dflt;
  let k = Number(toBigInt(i));
  if (k < 0) k = Math.max(0, k + n);
  return Math.min(k, n);
}

const WS = /[\s\u001c-\u001f\u0085]/;

function splitWhitespace(s: string, maxsplit: number): string[] {
  const out: string[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    while (i < n && WS.test(s[i])) i++;
    if (i >= n) break;
    if (maxsplit >= 0 && out.length >= maxsplit) {
      out.push(s.slice(i).replace(/[\s]+$/, ''));
      return out;
    }
    let j = i;
    while (j < n && !WS.test(s[j])) j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

function stripChars(s: string, chars: PyValue, left: boolean, right: boolean): string {
  if (chars === null) {
    let a = 0;
    let b = s.length;
    if (left) while (a < b && WS.test(s[a])) a++;
    if (right) while (b > a && WS.test(s[b - 1])) b--;
    return s.slice(a, b);
  }
  const cs = strArg(chars, 'strip');
  let a = 0;
  let b = s.length;
  if (left) while (a < b && cs.includes(s[a])) a++;
  if (right) while (b > a && cs.includes(s[b - 1])) b--;
  return s.slice(a, b);
}

function pad(fname: string, s: string, width: PyValue, fill: PyValue, where: 'l' | 'r' | 'c'): string {
  const w = Number(toBigInt(width));
  const f = strArg(fill, fname);
  if ([...f].length !== 1) throw pyErr('TypeError', 'The fill character must be exactly one character long');
  const n = w - [...s].length;
  if (n <= 0) return s;
  if (where === 'l') return s + f.repeat(n);
  if (where === 'r') return f.repeat(n) + s;
  // CPython centers with the extra char on the left when the width is odd and n is odd
  const left = Math.floor(n / 2) + (n & w & 1);
  return f.repeat(left) + s + f.repeat(n - left);
}

function prefixMatch(fname: string, s: string, p: PyValue, start: PyValue, end: PyValue, atEnd: boolean): boolean {
  const a = normIndex(start, s.length, 0);
  const b = normIndex(end, s.length, s.length);
  const sub = s.slice(a, Math.max(a, b));
  const test = (x: PyValue): boolean => {
    if (typeof x !== 'string') {
      throw pyErr('TypeError', `${fname} first arg must be str or a tuple of str, not ${typeOf(x).name}`);
    }
    if (a > s.length) return false;
    return atEnd ? sub.endsWith(x) : sub.startsWith(x);
  };
  if (p instanceof PyTuple) return p.items.some(test);
  return test(p);
}

function countSub(s: string, sub: string): number {
  if (sub === '') return s.length + 1;
  let n = 0;
  for (let i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length)) n++;
  return n;
}

function installStr(): void {
  const S = T.str;
  S.dict.set('format', rawFn('format', (args, kwargs) => strFormat(self<string>(args), args.slice(1), kwargs)));
  S.dict.set('format_map', rawFn('format_map', args => {
    const d = args[1] as PyDict;
    const kw = new Map<string, PyValue>();
    for (const [k, v] of d.map.values()) kw.set(str(k), v);
    return strFormat(self<string>(args), [], kw);
  }));
  m(S, 'join', 'iterable', (s, it) => {
    const parts = toArray(it);
    parts.forEach((p, i) => {
      if (typeof p !== 'string') throw pyErr('TypeError', `sequence item ${i}: expected str instance, ${typeOf(p).name} found`);
    });
    return parts.join(s as string);
  });
  m(S, 'split', 'sep=None, maxsplit=-1', (s, sep, ms) => {
    const str0 = s as string;
    const max = Number(toBigInt(ms));
    if (sep === null) return new PyList(splitWhitespace(str0, max));
    const sp = strArg(sep, 'split');
    if (sp === '') throw pyErr('ValueError', 'empty separator');
    const parts = str0.split(sp);
    if (max >= 0 && parts.length > max + 1) return new PyList([...parts.slice(0, max), parts.slice(max).join(sp)]);
    return new PyList(parts);
  });
  m(S, 'rsplit', 'sep=None, maxsplit=-1', (s, sep, ms) => {
    const str0 = s as string;
    const max = Number(toBigInt(ms));
    if (sep === null) {
      if (max < 0) return new PyList(splitWhitespace(str0, -1));
      const rev = splitWhitespace([...str0].reverse().join(''), max).map(x => [...x].reverse().join(''));
      return new PyList(rev.reverse());
    }
    const sp = strArg(sep, 'rsplit');
    if (sp === '') throw pyErr('ValueError', 'empty separator');
    const parts = str0.split(sp);
    if (max >= 0 && parts.length > max + 1) {
      return new PyList([parts.slice(0, parts.length - max).join(sp), ...parts.slice(parts.length - max)]);
    }
    return new PyList(parts);
  });
  m(S, 'splitlines', 'keepends=False', (s, keep) => {
    const out: string[] = [];
    const re = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;
    const text = s as string;
    let last = 0;
    let mm: RegExpExecArray | null;
    while ((mm = re.exec(text))) {
      out.push(text.slice(last, truthy(keep) ? mm.index + mm[0].length : mm.index));
      last = mm.index + mm[0].length;
    }
    if (last < text.length) out.push(text.slice(last));
    return new PyList(out);
  });
  m(S, 'strip', 'chars=None', (s, c) => stripChars(s as string, c, true, true));
  m(S, 'lstrip', 'chars=None', (s, c) => stripChars(s as string, c, true, false));
  m(S, 'rstrip', 'chars=None', (s, c) => stripChars(s as string, c, false, true));
  m(S, 'upper', '', s => (s as string).toUpperCase());
  m(S, 'lower', '', s => (s as string).toLowerCase());
  m(S, 'casefold', '', s => (s as string).toLowerCase());
  m(S, 'swapcase', '', s => [...(s as string)].map(c => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''));
  m(S, 'title', '', s => (s as string).toLowerCase().replace(/(^|[^\p{L}])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase()));
  m(S, 'capitalize', '', s => {
    const t = s as string;
    return t ? t[0].toUpperCase() + t.slice(1).toLowerCase() : t;
  });
  m(S, 'replace', 'old, new, count=-1', (s, a, b, c) => {
    const old = strArg(a, 'replace', 'argument 1');
    const nw = strArg(b, 'replace', 'argument 2');
    let n = Number(toBigInt(c));
    const t = s as string;
    if (n < 0) return old === '' ? [...t].join(nw).replace(/^/, nw) + (t ? nw : '') : t.split(old).join(nw);
    let out = '';
    let i = 0;
    while (n > 0) {
      const j = t.indexOf(old, i);
      if (j < 0) break;
      out += t.slice(i, j) + nw;
      i = j + old.length;
      n--;
      if (old === '') {
        if (i < t.length) out += t[i];
        i++;
        if (i > t.length) break;
      }
    }
    return out + t.slice(i);
  });
  m(S, 'startswith', 'prefix, start=None, end=None', (s, p, a, b) => prefixMatch('startswith', s as string, p, a, b, false));
  m(S, 'endswith', 'suffix, start=None, end=None', (s, p, a, b) => prefixMatch('endswith', s as string, p, a, b, true));
  m(S, 'ljust', "width, fillchar=' '", (s, w, f) => pad('ljust', s as string, w, f, 'l'));
  m(S, 'rjust', "width, fillchar=' '", (s, w, f) => pad('rjust', s as string, w, f, 'r'));
  m(S, 'center', "width, fillchar=' '", (s, w, f) => pad('center', s as string, w, f, 'c'));
  m(S, 'zfill', 'width', (s, w) => {
    const t = s as string;
    const n = Number(toBigInt(w)) - t.length;
    if (n <= 0) return t;
    if (t[0] === '-' || t[0] === '+') return t[0] + '0'.repeat(n) + t.slice(1);
    return '0'.repeat(n) + t;
  });
  const finder = (name: string, rev: boolean, raise: boolean): void =>
    m(S, name, 'sub, start=None, end=None', (s, sub, a, b) => {
      const t = s as string;
      const x = strArg(sub, name, 'argument');
      const st = normIndex(a, t.length, 0);
      const en = normIndex(b, t.length, t.length);
      let r = -1;
      if (st <= en) {
        const seg = t.slice(st, en);
        const k = rev ? seg.lastIndexOf(x) : seg.indexOf(x);
        if (k >= 0) r = k + st;
      }
      if (r < 0 && raise) throw pyErr('ValueError', 'substring not found');
      return BigInt(r);
    });
  finder('find', false, false);
  finder('rfind', true, false);
  finder('index', false, true);
  finder('rindex', true, true);
  m(S, 'count', 'sub, start=None, end=None', (s, sub, a, b) => {
    const t = s as string;
    return BigInt(countSub(t.slice(normIndex(a, t.length, 0), normIndex(b, t.length, t.length)), strArg(sub, 'count')));
  });
  const pred = (name: string, re: RegExp, nonEmpty = true): void =>
    m(S, name, '', s => (!nonEmpty || (s as string).length > 0) && re.test(s as string));
  pred('isdigit', /^\p{Nd}+$/u);
  pred('isdecimal', /^\p{Nd}+$/u);
  pred('isnumeric', /^[\p{N}]+$/u);
  pred('isalpha', /^\p{L}+$/u);
  pred('isalnum', /^[\p{L}\p{N}]+$/u);
  pred('isspace', /^\s+$/);
  pred('isidentifier', /^[\p{L}_][\p{L}\p{N}_]*$/u);
  pred('isascii', /^[\x00-\x7f]*$/, false);
  m(S, 'isupper', '', s => /\p{Lu}/u.test(s as string) && !/\p{Ll}/u.test(s as string));
  m(S, 'islower', '', s => /\p{Ll}/u.test(s as string) && !/\p{Lu}/u.test(s as string));
  m(S, 'istitle', '', s => {
    const t = s as string;
    return /\p{L}/u.test(t) && t === t.toLowerCase().replace(/(^|[^\p{L}])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase());
  });
  m(S, 'partition', 'sep', (s, sep) => {
    const t = s as string;
    const x = strArg(sep, 'partition');
    const i = t.indexOf(x);
    return i < 0 ? new PyTuple([t, '', '']) : new PyTuple([t.slice(0, i), x, t.slice(i + x.length)]);
  });
  m(S, 'rpartition', 'sep', (s, sep) => {
    const t = s as string;
    const x = strArg(sep, 'rpartition');
    const i = t.lastIndexOf(x);
    return i < 0 ? new PyTuple(['', '', t]) : new PyTuple([t.slice(0, i), x, t.slice(i + x.length)]);
  });
  m(S, 'removeprefix', 'prefix', (s, p) => ((s as string).startsWith(p as string) ? (s as string).slice((p as string).length) : s));
  m(S, 'removesuffix', 'suffix', (s, p) =>
    (p as string) && (s as string).endsWith(p as string) ? (s as string).slice(0, -(p as string).length) : s
  );
  m(S, 'expandtabs', 'tabsize=8', (s, n) => {
    const ts = Number(toBigInt(n));
    let col = 0;
    let out = '';
    for (const c of s as string) {
      if (c === '\t') {
        const k = ts > 0 ? ts - (col % ts) : 0;
        out += ' '.repeat(k);
        col += k;
      } else {
        out += c;
        col = c === '\n' ? 0 : col + 1;
      }
    }
    return out;
  });
  m(S, 'encode', "encoding='utf-8', errors='strict'", s => s);
  m(S, '__len__', '', s => BigInt(len(s)));
  m(S, '__contains__', 'x', (s, x) => contains(s, x));
}

function listIndex(items: PyValue[], x: PyValue, start: PyValue, end: PyValue, what: string): bigint {
  const a = normIndex(start, items.length, 0);
  const b = normIndex(end, items.length, items.length);
  for (let i = a; i < b; i++) if (items[i] === x || eq(items[i], x)) return BigInt(i);
  throw pyErr('ValueError', what === 'list' ? `${repr(x)} is not in list` : 'tuple.index(x): x not in tuple');
}

function installList(): void {
  const L = T.list;
  m(L, 'append', 'object', (l, x) => {
    chargeGrowth(l as PyList, (l as PyList).items.push(x));
    return null;
  });
  m(L, 'extend', 'iterable', (l, it) => {
    const items = toArray(it);
    const li = (l as PyList).items;
    for (const x of items) li.push(x);
    chargeItems(l as PyList, li.length);
    return null;
  });
  m(L, 'insert', 'index, object', (l, i, x) => {
    const items = (l as PyList).items;
    let k = Number(toBigInt(i));
    if (k < 0) k = Math.max(0, k + items.length);
    items.splice(Math.min(k, items.length), 0, x);
    return null;
  });
  m(L, 'remove', 'value', (l, x) => {
    const items = (l as PyList).items;
    for (let i = 0; i < items.length; i++) {
      if (items[i] === x || eq(items[i], x)) {
        items.splice(i, 1);
        return null;
      }
    }
    throw pyErr('ValueError', 'list.remove(x): x not in list');
  });
  m(L, 'pop', 'index=-1', (l, i) => {
    const items = (l as PyList).items;
    if (!items.length) throw pyErr('IndexError', 'pop from empty list');
    let k = Number(toBigInt(i));
    if (k < 0) k += items.length;
    if (k < 0 || k >= items.length) throw pyErr('IndexError', 'pop index out of range');
    return items.splice(k, 1)[0];
  });
  m(L, 'clear', '', l => {
    (l as PyList).items = [];
    return null;
  });
  m(L, 'index', 'value, start=None, stop=None', (l, x, a, b) => listIndex((l as PyList).items, x, a, b, 'list'));
  m(L, 'count', 'value', (l, x) => BigInt((l as PyList).items.filter(y => y === x || eq(y, x)).length));
  m(L, 'reverse', '', l => {
    (l as PyList).items.reverse();
    return null;
  });
  m(L, 'copy', '', l => new PyList((l as PyList).items.slice()));
  L.dict.set('sort', rawGenFn('sort', function* (args, kwargs) {
    const [l, key, reverse] = bindArgs(argSpec('sort', 'self, *, key=None, reverse=False'), args, kwargs);
    const lst = l as PyList;
    lst.items = yield* sortItems(lst.items, key, truthy(reverse));
    return null;
  }));
  m(L, '__len__', '', l => BigInt((l as PyList).items.length));
  const T2 = T.tuple;
  m(T2, 'index', 'value, start=None, stop=None', (t, x, a, b) => listIndex((t as PyTuple).items, x, a, b, 'tuple'));
  m(T2, 'count', 'value', (t, x) => BigInt((t as PyTuple).items.filter(y => y === x || eq(y, x)).length));
  m(T2, '__len__', '', t => BigInt((t as PyTuple).items.length));
}

// dict views: live views over a dict
const viewTypes = {
  keys: new PyClass('dict_keys', T.object),
  values: new PyClass('dict_values', T.object),
  items: new PyClass('dict_items', T.object)
};
type ViewKind = keyof typeof viewTypes;

function viewItems(d: PyDict, kind: ViewKind): PyValue[] {
  const es = [...d.map.values()];
  if (kind === 'keys') return es.map(e => e[0]);
  if (kind === 'values') return es.map(e => e[1]);
  return es.map(e => new PyTuple([e[0], e[1]]));
}

function installDictViews(): void {
  for (const kind of Object.keys(viewTypes) as ViewKind[]) {
    const C = viewTypes[kind];
    const dictOf = (v: PyValue): PyDict => (v as PyInstance).native as PyDict;
    C.dict.set('__iter__', rawFn('__iter__', args => new PyIterator(viewItems(dictOf(args[0]), kind)[Symbol.iterator]())));
    C.dict.set('__len__', rawFn('__len__', args => BigInt(dictOf(args[0]).size)));
    C.dict.set('__repr__', rawFn('__repr__', args => `${C.name}([${viewItems(dictOf(args[0]), kind).map(repr).join(', ')}])`));
    C.dict.set('__contains__', rawFn('__contains__', args => {
      const d = dictOf(args[0]);
      if (kind === 'keys') return d.has(args[1]);
      return viewItems(d, kind).some(x => eq(x, args[1]));
    }));
    C.dict.set('__eq__', rawFn('__eq__', args => {
      const other = args[1];
      const a = viewItems(dictOf(args[0]), kind);
      const b = other instanceof PyInstance && other.klass === C ? viewItems(other.native as PyDict, kind) : other instanceof PySet ? other.items() : null;
      if (!b) return false;
      return a.length === b.length && new PySet(a).items().every(x => new PySet(b).has(x));
    }));
  }
}

function installDict(): void {
  const D = T.dict;
  for (const kind of Object.keys(viewTypes) as ViewKind[]) {
    m(D, kind, '', d => new PyInstance(viewTypes[kind], d));
  }
  D.dict.set('get', rawFn('get', args => {
    if (args.length < 2 || args.length > 3) throw pyErr('TypeError', `get expected at most 2 arguments, got ${args.length - 1}`);
    const v = (args[0] as PyDict).get(args[1]);
    return v === undefined ? (args[2] ?? null) : v;
  }));
  D.dict.set('pop', rawFn('pop', args => {
    const d = args[0] as PyDict;
    const v = d.get(args[1]);
    if (v === undefined) {
      if (args.length > 2) return args[2];
      throw keyError(args[1]);
    }
    d.delete(args[1]);
    return v;
  }));
  m(D, 'popitem', '', d => {
    const dd = d as PyDict;
    const last = [...dd.map.entries()].pop();
    if (!last) throw pyErr('KeyError', 'popitem(): dictionary is empty');
    dd.map.delete(last[0]);
    return new PyTuple(last[1]);
  });
  D.dict.set('setdefault', rawFn('setdefault', args => {
    const d = args[0] as PyDict;
    const v = d.get(args[1]);
    if (v !== undefined) return v;
    const dv = args[2] ?? null;
    d.set(args[1], dv);
    return dv;
  }));
  D.dict.set('update', rawFn('update', (args, kwargs: Kwargs) => {
    const d = args[0] as PyDict;
    if (args.length > 1) {
      const src = args[1];
      if (src instanceof PyDict) for (const [k, v] of src.map.values()) d.set(k, v);
      else
        for (const item of toArray(src)) {
          const pair = toArray(item);
          if (pair.length !== 2) throw pyErr('ValueError', `dictionary update sequence element #0 has length ${pair.length}; 2 is required`);
          d.set(pair[0], pair[1]);
        }
    }
    if (kwargs) for (const [k, v] of kwargs) d.set(k, v);
    return null;
  }));
  m(D, 'clear', '', d => {
    (d as PyDict).map.clear();
    return null;
  });
  m(D, 'copy', '', d => PyDict.from((d as PyDict).map.values()));
  D.dict.set('fromkeys', rawFn('fromkeys', args => {
    const d = new PyDict();
    // called as dict.fromkeys(keys, v): args[0] is the iterable when accessed on the class
    const [keys, v] = args[0] instanceof PyClass ? [args[1], args[2] ?? null] : [args[0], args[1] ?? null];
    for (const k of toArray(keys)) d.set(k, v);
    return d;
  }));
  m(D, '__len__', '', d => BigInt((d as PyDict).size));
}

function installSet(): void {
  for (const S of [T.set, T.frozenset]) {
    const other = (v: PyValue): PySet => (v instanceof PySet ? v : new PySet(toArray(v)));
    m(S, 'union', '*others', (s, o) => {
      const r = new PySet((s as PySet).items(), (s as PySet).frozen);
      for (const x of (o as PyTuple).items) for (const y of toArray(x)) r.add(y);
      return r;
    });
    m(S, 'intersection', '*others', (s, o) => {
      let items = (s as PySet).items();
      for (const x of (o as PyTuple).items) {
        const os = other(x);
        items = items.filter(y => os.has(y));
      }
      return new PySet(items, (s as PySet).frozen);
    });
    m(S, 'difference', '*others', (s, o) => {
      let items = (s as PySet).items();
      for (const x of (o as PyTuple).items) {
        const os = other(x);
        items = items.filter(y => !os.has(y));
      }
      return new PySet(items, (s as PySet).frozen);
    });
    m(S, 'symmetric_difference', 'other', (s, o) => {
      const a = s as PySet;
      const b = other(o);
      return new PySet([...a.items().filter(x => !b.has(x)), ...b.items().filter(x => !a.has(x))], a.frozen);
    });
    m(S, 'issubset', 'other', (s, o) => (s as PySet).items().every(x => other(o).has(x)));
    m(S, 'issuperset', 'other', (s, o) => toArray(o).every(x => (s as PySet).has(x)));
    m(S, 'isdisjoint', 'other', (s, o) => !toArray(o).some(x => (s as PySet).has(x)));
    m(S, 'copy', '', s => new PySet((s as PySet).items(), (s as PySet).frozen));
    m(S, '__len__', '', s => BigInt((s as PySet).map.size));
  }
  const S = T.set;
  m(S, 'add', 'elem', (s, x) => {
    (s as PySet).add(x);
    return null;
  });
  m(S, 'remove', 'elem', (s, x) => {
    if (!(s as PySet).map.delete(hashOf(x))) throw keyError(x);
    return null;
  });
  m(S, 'discard', 'elem', (s, x) => {
    (s as PySet).map.delete(hashOf(x));
    return null;
  });
  m(S, 'pop', '', s => {
    const it = (s as PySet).map.entries().next();
    if (it.done) throw pyErr('KeyError', 'pop from an empty set');
    (s as PySet).map.delete(it.value[0]);
    return it.value[1];
  });
  m(S, 'clear', '', s => {
    (s as PySet).map.clear();
    return null;
  });
  m(S, 'update', '*others', (s, o) => {
    for (const x of (o as PyTuple).items) for (const y of toArray(x)) (s as PySet).add(y);
    return null;
  });
  m(S, 'difference_update', '*others', (s, o) => {
    for (const x of (o as PyTuple).items) for (const y of toArray(x)) (s as PySet).map.delete(hashOf(y));
    return null;
  });
}


function installNumbers(): void {
  const I = T.int;
  m(I, 'bit_length', '', n => {
    let v = toBigInt(n);
    if (v < 0n) v = -v;
    return BigInt(v === 0n ? 0 : v.toString(2).length);
  });
  m(I, 'conjugate', '', n => toBigInt(n));
  m(I, 'is_integer', '', () => true);
  m(I, '__index__', '', n => toBigInt(n));
  m(I, '__int__', '', n => toBigInt(n));
  m(I, '__float__', '', n => intToFloat(toBigInt(n)));
  m(I, '__abs__', '', n => {
    const v = toBigInt(n);
    return v < 0n ? -v : v;
  });
  const F = T.float;
  m(F, 'is_integer', '', x => Number.isInteger(x as number));
  m(F, 'conjugate', '', x => x);
  m(F, '__float__', '', x => x);
  m(F, '__int__', '', x => {
    const v = x as number;
    if (!Number.isFinite(v)) throw pyErr(Number.isNaN(v) ? 'ValueError' : 'OverflowError', Number.isNaN(v) ? 'cannot convert float NaN to integer' : 'cannot convert float infinity to integer');
    return BigInt(Math.trunc(v));
  });
  m(F, 'as_integer_ratio', '', x => {
    let v = x as number;
    if (!Number.isFinite(v)) throw pyErr(Number.isNaN(v) ? 'ValueError' : 'OverflowError', 'cannot convert to integer ratio');
    let den = 1n;
    while (!Number.isInteger(v)) {
      v *= 2;
      den *= 2n;
    }
    let num = BigInt(v);
    while (den > 1n && num % 2n === 0n) {
      num /= 2n;
      den /= 2n;
    }
    return new PyTuple([num, den]);
  });
}

let installed = false;
export function installTypeMethods(): void {
  if (installed) return;
  installed = true;
  installStr();
  installList();
  installDict();
  installDictViews();
  installSet();
  installNumbers();
}
