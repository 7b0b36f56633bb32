/**
 * Compiles the AST into closures. Expressions without calls compile to plain
 * synchronous closures (fast); anything that may run Python code of unbounded
 * length (calls, loops, comprehensions) compiles to generator functions, so
 * the session can pause the evaluation at TICKs (time slices, interrupts)
 * and await Promises (host I/O) yielded by natives.
 *
 * Control flow inside a block is signalled by return codes (BREAK, CONTINUE,
 * RETURN), not exceptions, to keep loops cheap.
 */
import { bigWork } from '../engine/memory';
import type { Expr, Stmt, Arguments, Comprehension, FormattedValue, Keyword } from './ast';
import {
  PyValue, PyObject, PyClass, PyInstance, PyList, PyTuple, PyDict, PySet, PySlice, PyFunction, PyIterator,
  PyError, PySuper, Kwargs, Gen, TICK, T, EXC, Ellipsis, typeOf, pyErr, newException, Trampoline
} from './values';
import {
  getattr, setattr, delattr, getitem, setitem, delitem, binop, inplaceOp, unaryop, compare, contains, truthy, iterate,
  call, str, repr, toPyError, BinOp, CmpOp, toArray, syncHooks, special, callSync
} from './ops';
import { formatValue } from './strformat';
import { Frame, SourceInfo, MAX_DEPTH, traceEntry, now, Runtime } from './runtime';
import { PySyntaxError } from './tokenizer';

type S = (f: Frame) => PyValue;
type G = (f: Frame) => Gen;

/** A compiled expression: sync when it cannot run unbounded Python code. */
interface CE {
  sync: boolean;
  s: S; // valid when sync
  g: G; // always valid
}

function syncCE(s: S): CE {
  return {
    sync: true,
    s,
    g: function* (f) {
      return s(f);
    }
  };
}
function genCE(g: G): CE {
  return {
    sync: false,
    s: () => {
      throw new Error('sync eval of generator expression');
    },
    g
  };
}

// Statement signals
const NORMAL = 0;
const BREAK = 1;
const CONTINUE = 2;
const RETURN = 3;
type Sig = number;
type SS = (f: Frame) => Sig;
type SG = (f: Frame) => Generator<any, Sig, any>;
interface CS {
  sync: boolean;
  s: SS;
  g: SG;
}
function syncCS(s: SS): CS {
  return {
    sync: true,
    s,
    g: function* (f) {
      return s(f);
    }
  };
}
function genCS(g: SG): CS {
  return {
    sync: false,
    s: () => {
      throw new Error('sync exec of generator statement');
    },
    g
  };
}

/** Check the clock every this many back-edges/calls. */
const STEP_CHECK = 1024;

/** At loop back-edges and calls: yield a TICK when the slice is used up. */
function* tick(f: Frame): Generator<typeof TICK, void, unknown> {
  const rt = f.rt;
  if (++rt.steps >= STEP_CHECK || bigWork.pending) {
    rt.steps = 0;
    bigWork.pending = false;
    if (now() >= rt.sliceEnd) yield TICK;
  }
}

// ---------------------------------------------------------------- scopes

type ScopeKind = 'module' | 'function' | 'class' | 'comp';

class Scope {
  locals = new Set<string>();
  globals = new Set<string>();
  nonlocals = new Set<string>();
  /** Set once the class object exists: zero-arg super() inside methods uses it. */
  classCell: { cls: PyClass | null } | null = null;
  constructor(
    public kind: ScopeKind,
    public parent: Scope | null,
    public name: string
  ) {}
}

/** Names bound in a block (not descending into nested scopes). */
function collectBindings(body: Stmt[], sc: Scope): void {
  const addTarget = (e: Expr): void => {
    switch (e.k) {
      case 'Name':
        sc.locals.add(e.id);
        break;
      case 'Tuple':
      case 'List':
        e.elts.forEach(addTarget);
        break;
      case 'Starred':
        addTarget(e.value);
        break;
    }
  };
  const walrus = (e: Expr | null | undefined): void => {
    if (!e || typeof e !== 'object') return;
    if (e.k === 'NamedExpr') addTarget(e.target);
    // leaves (most nodes of a big literal) have nothing to visit
    if (e.k === 'Lambda' || e.k === 'FString' || e.k === 'Const' || e.k === 'Name') return;
    // the common operator nodes without Object.values (one array per node on 1 MB sources)
    if (e.k === 'BinOp') {
      walrus(e.left);
      walrus(e.right);
      return;
    }
    if (e.k === 'UnaryOp' || e.k === 'Attribute') {
      walrus(e.k === 'UnaryOp' ? e.operand : e.value);
      return;
    }
    for (const v of Object.values(e)) {
      if (v && typeof v === 'object') {
        if (Array.isArray(v)) v.forEach(x => x && typeof x === 'object' && 'k' in x && walrus(x as Expr));
        else if ('k' in v) walrus(v as Expr);
      }
    }
  };
  const visit = (s: Stmt): void => {
    switch (s.k) {
      case 'Assign':
        s.targets.forEach(addTarget);
        walrus(s.value);
        break;
      case 'AugAssign':
      case 'AnnAssign':
        addTarget(s.target);
        break;
      case 'For':
        addTarget(s.target);
        s.body.forEach(visit);
        s.orelse.forEach(visit);
        break;
      case 'While':
      case 'If':
        walrus(s.test);
        s.body.forEach(visit);
        s.orelse.forEach(visit);
        break;
      case 'Try':
        s.body.forEach(visit);
        for (const h of s.handlers) {
          if (h.name) sc.locals.add(h.name);
          h.body.forEach(visit);
        }
        s.orelse.forEach(visit);
        s.finalbody.forEach(visit);
        break;
      case 'With':
        for (const it of s.items) if (it.target) addTarget(it.target);
        s.body.forEach(visit);
        break;
      case 'FunctionDef':
      case 'ClassDef':
        sc.locals.add(s.name);
        break;
      case 'Import':
        for (const a of s.names) sc.locals.add(a.asname ?? a.name.split('.')[0]);
        break;
      case 'ImportFrom':
        for (const a of s.names) if (a.name !== '*') sc.locals.add(a.asname ?? a.name);
        break;
      case 'Global':
        s.names.forEach(n => sc.globals.add(n));
        break;
      case 'Nonlocal':
        s.names.forEach(n => sc.nonlocals.add(n));
        break;
      case 'Delete':
        s.targets.forEach(addTarget);
        break;
      case 'Expr':
        walrus(s.value);
        break;
    }
  };
  body.forEach(visit);
  for (const g of sc.globals) sc.locals.delete(g);
  for (const n of sc.nonlocals) sc.locals.delete(n);
}

// ---------------------------------------------------------------- name access

function nameError(name: string, f?: Frame): PyError {
  const e = pyErr('NameError', `name '${name}' is not defined`);
  e.exc.dict.set('name', name);
  if (f) {
    // candidates for the traceback's "Did you mean" (locals, globals, builtins)
    (e as PyError & { candidates?: string[] }).candidates = [...f.locals.keys(), ...f.globals.keys(), ...f.rt.builtins.keys()];
  }
  return e;
}

function loadGlobal(f: Frame, name: string): PyValue {
  const v = f.globals.get(name);
  if (v !== undefined) return v;
  const b = f.rt.builtins.get(name);
  if (b !== undefined) return b;
  throw nameError(name, f);
}

function loadFree(f: Frame, name: string): PyValue {
  for (let c = f.closure; c; c = c.closure) {
    const v = c.locals.get(name);
    if (v !== undefined) return v;
  }
  return loadGlobal(f, name);
}

// ---------------------------------------------------------------- compiler

export interface CompiledModule {
  run(f: Frame): Generator<any, PyValue | undefined, any>;
}

/** The code of a def/lambda; one per definition site, shared by all closures. */
interface FuncProto {
  name: string;
  qualname: string;
  args: Arguments;
  body: CS;
  localNames: string[];
  source: SourceInfo;
  isGenerator: boolean;
  classCell: { cls: PyClass | null } | null;
  firstArg: string | null;
  /** Only positional-or-keyword parameters (no *args, **kwargs, keyword-only). */
  simple: boolean;
}

/** What PyFunction.code holds: the prototype plus the defining closure. */
class FunctionCode {
  constructor(
    public proto: FuncProto,
    public closure: Frame | null,
    public globals: Map<string, PyValue>,
    public rt: Runtime
  ) {}

  /** True when the body has no calls or loops: it can run without a generator. */
  get isSync(): boolean {
    return this.proto.body.sync && !this.proto.isGenerator;
  }

  /** Run a sync body directly (no trampoline round trip): small helpers like `def f(x): return x + 1`. */
  invokeSync(fn: PyFunction, args: PyValue[], kwargs: Kwargs): PyValue {
    const p = this.proto;
    const rtm = this.rt;
    const caller = rtm.frame;
    const f = new Frame(rtm, new Map(), this.globals, this.closure, p.name, p.source, caller);
    bindParams(fn, p, f.locals, args, kwargs);
    if (++rtm.depth > MAX_DEPTH) {
      rtm.depth--;
      throw pyErr('RecursionError', 'maximum recursion depth exceeded');
    }
    rtm.frame = f;
    try {
      return p.body.s(f) === RETURN ? f.retval : null;
    } catch (e) {
      const pe = toPyError(e);
      if (f.line > 0) pe.trace.unshift(traceEntry(f));
      throw pe;
    } finally {
      rtm.depth--;
      rtm.frame = caller;
    }
  }

  *invoke(fn: PyFunction, args: PyValue[], kwargs: Kwargs): Gen {
    const p = this.proto;
    const rtm = this.rt;
    const caller = rtm.frame;
    const f = new Frame(rtm, new Map(), this.globals, this.closure, p.name, p.source, caller);
    f.line = 0;
    bindParams(fn, p, f.locals, args, kwargs);
    if (p.isGenerator) return makeGenerator(fn, p, f);
    if (++rtm.depth > MAX_DEPTH) {
      rtm.depth--;
      throw pyErr('RecursionError', 'maximum recursion depth exceeded');
    }
    rtm.frame = f;
    try {
      if (++rtm.steps >= STEP_CHECK || bigWork.pending) yield* tick(f);
      const sig = p.body.sync ? p.body.s(f) : yield* p.body.g(f);
      return sig === RETURN ? f.retval : null;
    } catch (e) {
      const pe = toPyError(e);
      if (f.line > 0) pe.trace.unshift(traceEntry(f));
      throw pe;
    } finally {
      rtm.depth--;
      rtm.frame = caller;
    }
  }
}

/** Marker yielded by a user generator's body for `yield value`. */
class YieldValue {
  constructor(public value: PyValue) {}
}

/** A Python generator object driving the body synchronously per __next__. */
function makeGenerator(fn: PyFunction, p: FuncProto, f: Frame): PyValue {
  let tr: Trampoline | null = null;
  let done = false;
  const it: Iterator<PyValue> = {
    next(): IteratorResult<PyValue> {
      if (done) return { done: true, value: undefined };
      const rtm = f.rt;
      const caller = rtm.frame;
      rtm.frame = f;
      try {
        if (!tr) tr = new Trampoline(p.body.g(f));
        let r = tr.resume();
        for (;;) {
          if (r.done) {
            done = true;
            return { done: true, value: undefined };
          }
          if (r.value instanceof YieldValue) return { done: false, value: r.value.value };
          if (r.value === TICK) {
            try {
              syncHooks.tick();
            } catch (e) {
              r = tr.resume(undefined, true, e);
              continue;
            }
            r = tr.resume();
          } else {
            r = tr.resume(undefined, true, pyErr('RuntimeError', 'this operation cannot wait for file I/O inside a generator'));
          }
        }
      } catch (e) {
        done = true;
        const pe = toPyError(e);
        if (f.line > 0) pe.trace.unshift(traceEntry(f));
        throw pe;
      } finally {
        rtm.frame = caller;
      }
    }
  };
  void fn;
  return new PyIterator(it, T.generator);
}

function bindParams(fn: PyFunction, p: FuncProto, locals: Map<string, PyValue>, args: PyValue[], kwargs: Kwargs): void {
  const a = p.args;
  if (p.simple && kwargs === null && args.length === a.args.length) {
    // fast path: plain positional parameters, all given positionally
    for (let i = 0; i < args.length; i++) locals.set(a.args[i].name, args[i]);
    return;
  }
  const np = a.args.length;
  const name = p.qualname;
  if (args.length > np && !a.vararg) {
    const req = np - fn.defaults.length;
    const takes = req === np ? `${np}` : `from ${req} to ${np}`;
    const kwGiven = kwargs ? a.kwonly.filter(k => kwargs.has(k.name)).length : 0;
    const given = kwGiven
      ? `${args.length} positional argument${args.length === 1 ? '' : 's'} (and ${kwGiven} keyword-only argument${kwGiven === 1 ? '' : 's'}) were given`
      : `${args.length} ${args.length === 1 ? 'was' : 'were'} given`;
    throw pyErr('TypeError', `${name}() takes ${takes} positional argument${np === 1 && req === np ? '' : 's'} but ${given}`);
  }
  const n = Math.min(args.length, np);
  for (let i = 0; i < n; i++) locals.set(a.args[i].name, args[i]);
  if (a.vararg) locals.set(a.vararg, new PyTuple(args.slice(np)));
  let extra: PyDict | null = null;
  if (a.kwarg) {
    extra = new PyDict();
    locals.set(a.kwarg, extra);
  }
  if (kwargs) {
    for (const [k, v] of kwargs) {
      const pi = a.args.findIndex(x => x.name === k);
      if (pi >= 0 && pi >= a.posonly) {
        if (pi < n) throw pyErr('TypeError', `${name}() got multiple values for argument '${k}'`);
        locals.set(k, v);
      } else if (a.kwonly.some(x => x.name === k)) {
        locals.set(k, v);
      } else if (extra) {
        extra.set(k, v);
      } else {
        throw pyErr('TypeError', `${name}() got an unexpected keyword argument '${k}'`);
      }
    }
  }
  // defaults
  const firstDefault = np - fn.defaults.length;
  const missing: string[] = [];
  for (let i = n; i < np; i++) {
    const pn = a.args[i].name;
    if (locals.has(pn)) continue;
    if (i >= firstDefault) locals.set(pn, fn.defaults[i - firstDefault]);
    else missing.push(pn);
  }
  if (missing.length) throw missingError(name, missing, 'positional');
  const kwMissing: string[] = [];
  for (const k of a.kwonly) {
    if (locals.has(k.name)) continue;
    const d = fn.kwDefaults.get(k.name);
    if (d !== undefined) locals.set(k.name, d);
    else kwMissing.push(k.name);
  }
  if (kwMissing.length) throw missingError(name, kwMissing, 'keyword-only');
}

function missingError(name: string, missing: string[], kind: string): PyError {
  const q = missing.map(m => `'${m}'`);
  const list = q.length === 1 ? q[0] : q.slice(0, -1).join(', ') + ' and ' + q[q.length - 1];
  return pyErr('TypeError', `${name}() missing ${missing.length} required ${kind} argument${missing.length > 1 ? 's' : ''}: ${list}`);
}

export class Compiler {
  private scope: Scope;
  constructor(private source: SourceInfo) {
    this.scope = new Scope('module', null, '<module>');
  }

  compileModule(body: Stmt[]): { run: (f: Frame) => Generator<any, Sig, any>; lastExpr: boolean } {
    collectBindings(body, this.scope);
    const last = body[body.length - 1];
    const lastExpr = !!last && last.k === 'Expr';
    const stmts = body.map(s => this.stmt(s));
    if (lastExpr) {
      // the final expression's value becomes the cell result (f.retval)
      const ce = this.expr((last as Extract<Stmt, { k: 'Expr' }>).value);
      const line = last.line;
      stmts[stmts.length - 1] = ce.sync
        ? syncCS(f => {
            f.line = line;
            f.retval = ce.s(f);
            return NORMAL;
          })
        : genCS(function* (f) {
            f.line = line;
            f.retval = yield* ce.g(f);
            return NORMAL;
          });
    }
    const block = this.blockOf(stmts);
    return { run: block.g, lastExpr };
  }

  // ------------------------------------------------------------ blocks

  private block(body: Stmt[]): CS {
    return this.blockOf(body.map(s => this.stmt(s)));
  }

  private blockOf(stmts: CS[]): CS {
    if (stmts.length === 1) return stmts[0];
    if (stmts.every(s => s.sync)) {
      const ss = stmts.map(s => s.s);
      return syncCS(f => {
        for (let i = 0; i < ss.length; i++) {
          const r = ss[i](f);
          if (r) return r;
        }
        return NORMAL;
      });
    }
    return genCS(function* (f) {
      for (let i = 0; i < stmts.length; i++) {
        const st = stmts[i];
        const r = st.sync ? st.s(f) : yield* st.g(f);
        if (r) return r;
      }
      return NORMAL;
    });
  }

  // ------------------------------------------------------------ statements

  private stmt(s: Stmt): CS {
    const line = s.line;
    switch (s.k) {
      case 'Expr': {
        const ce = this.expr(s.value);
        if (ce.sync) {
          return syncCS(f => {
            f.line = line;
            ce.s(f);
            return NORMAL;
          });
        }
        return genCS(function* (f) {
          f.line = line;
          yield* ce.g(f);
          return NORMAL;
        });
      }
      case 'Pass':
        return syncCS(() => NORMAL);
      case 'Break':
        return syncCS(() => BREAK);
      case 'Continue':
        return syncCS(() => CONTINUE);
      case 'Global':
      case 'Nonlocal':
        return syncCS(() => NORMAL);
      case 'Return': {
        const ce = s.value ? this.expr(s.value) : null;
        if (!ce) {
          return syncCS(f => {
            f.retval = null;
            return RETURN;
          });
        }
        if (ce.sync) {
          return syncCS(f => {
            f.line = line;
            f.retval = ce.s(f);
            return RETURN;
          });
        }
        return genCS(function* (f) {
          f.line = line;
          f.retval = yield* ce.g(f);
          return RETURN;
        });
      }
      case 'Assign':
        return this.assign(s.targets, s.value, line);
      case 'AnnAssign':
        if (!s.value) return syncCS(() => NORMAL);
        return this.assign([s.target], s.value, line);
      case 'AugAssign':
        return this.augAssign(s.target, s.op as BinOp, s.value, line);
      case 'If':
        return this.ifStmt(s.test, s.body, s.orelse, line);
      case 'While':
        return this.whileStmt(s.test, s.body, s.orelse, line);
      case 'For':
        return this.forStmt(s.target, s.iter, s.body, s.orelse, line);
      case 'FunctionDef':
        return this.funcDef(s);
      case 'ClassDef':
        return this.classDef(s);
      case 'Try':
        return this.tryStmt(s);
      case 'Raise':
        return this.raiseStmt(s.exc, s.cause, line);
      case 'With':
        return this.withStmt(s);
      case 'Import':
        return this.importStmt(s);
      case 'ImportFrom':
        return this.importFrom(s);
      case 'Delete': {
        const dels = s.targets.map(t => this.delTarget(t));
        return genCS(function* (f) {
          f.line = line;
          for (const d of dels) yield* d(f);
          return NORMAL;
        });
      }
      case 'Assert': {
        const test = this.expr(s.test);
        const msg = s.msg ? this.expr(s.msg) : null;
        return genCS(function* (f) {
          f.line = line;
          const v = test.sync ? test.s(f) : yield* test.g(f);
          if (!truthy(v)) {
            if (msg) throw new PyError(newException(EXC.AssertionError, [yield* msg.g(f)]));
            throw pyErr('AssertionError');
          }
          return NORMAL;
        });
      }
    }
  }

  private assign(targets: Expr[], value: Expr, line: number): CS {
    const v = this.expr(value);
    const stores = targets.map(t => this.target(t));
    if (v.sync && stores.every(st => st.sync)) {
      if (stores.length === 1) {
        const st = stores[0].s;
        return syncCS(f => {
          f.line = line;
          st(f, v.s(f));
          return NORMAL;
        });
      }
      return syncCS(f => {
        f.line = line;
        const val = v.s(f);
        for (const st of stores) st.s(f, val);
        return NORMAL;
      });
    }
    return genCS(function* (f) {
      f.line = line;
      const val = v.sync ? v.s(f) : yield* v.g(f);
      for (const st of stores) {
        if (st.sync) st.s(f, val);
        else yield* st.g(f, val);
      }
      return NORMAL;
    });
  }

  private augAssign(target: Expr, op: BinOp, value: Expr, line: number): CS {
    const v = this.expr(value);
    if (target.k === 'Name') {
      const load = this.name(target.id, target);
      const store = this.storeName(target.id);
      if (v.sync) {
        return syncCS(f => {
          f.line = line;
          store(f, inplaceOp(op, load.s(f), v.s(f)));
          return NORMAL;
        });
      }
      return genCS(function* (f) {
        f.line = line;
        const cur = load.s(f);
        store(f, inplaceOp(op, cur, yield* v.g(f)));
        return NORMAL;
      });
    }
    if (target.k === 'Attribute') {
      const obj = this.expr(target.value);
      const attr = target.attr;
      return genCS(function* (f) {
        f.line = line;
        const o = obj.sync ? obj.s(f) : yield* obj.g(f);
        const cur = getattr(o, attr);
        const rhs = v.sync ? v.s(f) : yield* v.g(f);
        setattr(o, attr, inplaceOp(op, cur, rhs));
        return NORMAL;
      });
    }
    if (target.k === 'Subscript') {
      const obj = this.expr(target.value);
      const idx = this.expr(target.index);
      return genCS(function* (f) {
        f.line = line;
        const o = obj.sync ? obj.s(f) : yield* obj.g(f);
        const k = idx.sync ? idx.s(f) : yield* idx.g(f);
        const cur = getitem(o, k);
        const rhs = v.sync ? v.s(f) : yield* v.g(f);
        setitem(o, k, inplaceOp(op, cur, rhs));
        return NORMAL;
      });
    }
    throw new PySyntaxError("illegal expression for augmented assignment", target.line, target.col + 1);
  }

  private ifStmt(testE: Expr, body: Stmt[], orelse: Stmt[], line: number): CS {
    const test = this.expr(testE);
    const b = this.block(body);
    const e = orelse.length ? this.block(orelse) : null;
    if (test.sync && b.sync && (!e || e.sync)) {
      const ts = test.s;
      const bs = b.s;
      const es = e ? e.s : null;
      return syncCS(f => {
        f.line = line;
        if (truthy(ts(f))) return bs(f);
        return es ? es(f) : NORMAL;
      });
    }
    return genCS(function* (f) {
      f.line = line;
      const t = test.sync ? test.s(f) : yield* test.g(f);
      if (truthy(t)) return b.sync ? b.s(f) : yield* b.g(f);
      if (e) return e.sync ? e.s(f) : yield* e.g(f);
      return NORMAL;
    });
  }

  private whileStmt(testE: Expr, body: Stmt[], orelse: Stmt[], line: number): CS {
    const test = this.expr(testE);
    const b = this.block(body);
    const e = orelse.length ? this.block(orelse) : null;
    return genCS(function* (f) {
      const rt = f.rt;
      for (;;) {
        f.line = line;
        const t = test.sync ? test.s(f) : yield* test.g(f);
        if (!truthy(t)) break;
        const r = b.sync ? b.s(f) : yield* b.g(f);
        if (r === BREAK) return NORMAL;
        if (r === RETURN) return r;
        if (++rt.steps >= STEP_CHECK || bigWork.pending) yield* tick(f);
      }
      if (e) return e.sync ? e.s(f) : yield* e.g(f);
      return NORMAL;
    });
  }

  private forStmt(targetE: Expr, iterE: Expr, body: Stmt[], orelse: Stmt[], line: number): CS {
    const iterCE = this.expr(iterE);
    const tgt = this.target(targetE);
    const b = this.block(body);
    const e = orelse.length ? this.block(orelse) : null;
    return genCS(function* (f) {
      f.line = line;
      const rt = f.rt;
      const seq = iterCE.sync ? iterCE.s(f) : yield* iterCE.g(f);
      const it = iterate(seq);
      for (;;) {
        f.line = line;
        const nx = it.next();
        if (nx.done) break;
        if (tgt.sync) tgt.s(f, nx.value);
        else yield* tgt.g(f, nx.value);
        const r = b.sync ? b.s(f) : yield* b.g(f);
        if (r === BREAK) return NORMAL;
        if (r === RETURN) return r;
        if (++rt.steps >= STEP_CHECK || bigWork.pending) yield* tick(f);
      }
      if (e) return e.sync ? e.s(f) : yield* e.g(f);
      return NORMAL;
    });
  }

  private funcDef(s: Extract<Stmt, { k: 'FunctionDef' }>): CS {
    const make = this.functionMaker(s.name, s.args, s.body, null, s.doc, s.line);
    const decos = s.decorators.map(d => this.expr(d));
    const store = this.storeName(s.name);
    const line = s.line;
    return genCS(function* (f) {
      f.line = line;
      const decoVals: PyValue[] = [];
      for (const d of decos) decoVals.push(d.sync ? d.s(f) : yield* d.g(f));
      let fn: PyValue = yield* make(f);
      for (let i = decoVals.length - 1; i >= 0; i--) fn = yield* call(decoVals[i], [fn]);
      store(f, fn);
      return NORMAL;
    });
  }

  /** Compile a def/lambda body; returns a generator creating the function at runtime. */
  private functionMaker(name: string, args: Arguments, body: Stmt[] | Expr, _unused: null, doc: string | null, line: number): (f: Frame) => Generator<any, PyFunction, any> {
    const outer = this.scope;
    const sc = new Scope('function', outer, name);
    for (const a of args.args) sc.locals.add(a.name);
    for (const a of args.kwonly) sc.locals.add(a.name);
    if (args.vararg) sc.locals.add(args.vararg);
    if (args.kwarg) sc.locals.add(args.kwarg);
    let isGenerator = false;
    if (Array.isArray(body)) {
      collectBindings(body, sc);
      isGenerator = containsYield(body);
    }
    const classCell = outer.kind === 'class' ? outer.classCell : null;
    const qualPrefix = qualnamePrefix(outer);
    const qualname = qualPrefix + name;
    this.scope = sc;
    let compiled: CS;
    try {
      if (Array.isArray(body)) compiled = this.block(body);
      else {
        const ce = this.expr(body);
        const bl = body.line;
        compiled = ce.sync
          ? syncCS(f => {
              f.line = bl;
              f.retval = ce.s(f);
              return RETURN;
            })
          : genCS(function* (f) {
              f.line = bl;
              f.retval = yield* ce.g(f);
              return RETURN;
            });
      }
    } finally {
      this.scope = outer;
    }
    const proto: FuncProto = {
      name,
      qualname,
      args,
      body: compiled,
      localNames: [...sc.locals],
      source: this.source,
      isGenerator,
      classCell: classCell ?? sc.classCell,
      firstArg: args.args[0]?.name ?? null,
      simple: !args.vararg && !args.kwarg && args.kwonly.length === 0 && args.posonly === 0
    };
    const defaults = args.args.filter(a => a.default).map(a => this.expr(a.default!));
    const kwDefaults = args.kwonly.filter(a => a.default).map(a => [a.name, this.expr(a.default!)] as const);
    const isClassBody = outer.kind === 'class';
    void line;
    return function* (f: Frame) {
      const dv: PyValue[] = [];
      for (const d of defaults) dv.push(d.sync ? d.s(f) : yield* d.g(f));
      const kd = new Map<string, PyValue>();
      for (const [k, d] of kwDefaults) kd.set(k, d.sync ? d.s(f) : yield* d.g(f));
      // Methods close over the class body's enclosing scope, not the class namespace.
      const closure = isClassBody ? f.closure : f;
      const code = new FunctionCode(proto, closure, f.globals, f.rt);
      return new PyFunction(name, qualname, code, dv, kd, doc, null);
    };
  }

  private classDef(s: Extract<Stmt, { k: 'ClassDef' }>): CS {
    const outer = this.scope;
    const sc = new Scope('class', outer, s.name);
    sc.classCell = { cls: null };
    collectBindings(s.body, sc);
    this.scope = sc;
    let body: CS;
    try {
      body = this.block(s.body);
    } finally {
      this.scope = outer;
    }
    const cell = sc.classCell;
    const bases = s.bases.map(b => this.expr(b));
    const decos = s.decorators.map(d => this.expr(d));
    const store = this.storeName(s.name);
    const name = s.name;
    const line = s.line;
    const doc = s.doc;
    const source = this.source;
    return genCS(function* (f) {
      f.line = line;
      const bv: PyValue[] = [];
      for (const b of bases) bv.push(b.sync ? b.s(f) : yield* b.g(f));
      if (bv.length > 1) throw pyErr('TypeError', 'multiple inheritance is not supported');
      const base = bv.length ? bv[0] : T.object;
      if (!(base instanceof PyClass)) throw pyErr('TypeError', 'bases must be types');
      const ns = new Map<string, PyValue>();
      ns.set('__module__', '__main__');
      ns.set('__qualname__', name);
      const cf = new Frame(f.rt, ns, f.globals, f.locals === f.globals ? null : f, name, source, f);
      cf.line = line;
      const r = body.sync ? body.s(cf) : yield* body.g(cf);
      void r;
      const cls = new PyClass(name, base, base.module === 'builtins' ? '__main__' : '__main__', true);
      cls.doc = doc;
      for (const [k, v] of ns) if (k !== '__qualname__') cls.dict.set(k, v);
      cell.cls = cls;
      let out: PyValue = cls;
      for (let i = decos.length - 1; i >= 0; i--) {
        const d = decos[i];
        out = yield* call(d.sync ? d.s(f) : yield* d.g(f), [out]);
      }
      store(f, out);
      return NORMAL;
    });
  }

  private tryStmt(s: Extract<Stmt, { k: 'Try' }>): CS {
    const body = this.block(s.body);
    const handlers = s.handlers.map(h => ({
      type: h.type ? this.expr(h.type) : null,
      name: h.name,
      store: h.name ? this.storeName(h.name) : null,
      del: h.name ? this.delName(h.name) : null,
      body: this.block(h.body),
      line: h.line
    }));
    const orelse = s.orelse.length ? this.block(s.orelse) : null;
    const fin = s.finalbody.length ? this.block(s.finalbody) : null;
    return genCS(function* (f) {
      let sig: Sig = NORMAL;
      let pending: PyError | null = null;
      try {
        let caught: PyError | null = null;
        try {
          sig = body.sync ? body.s(f) : yield* body.g(f);
        } catch (e) {
          caught = toPyError(e);
        }
        if (caught) {
          const errLine = f.line;
          let handled = false;
          for (const h of handlers) {
            f.line = h.line;
            let match = true;
            if (h.type) {
              const t = h.type.sync ? h.type.s(f) : yield* h.type.g(f);
              match = exceptionMatches(caught, t);
            }
            if (!match) continue;
            handled = true;
            const saved = f.handling;
            f.handling = { err: caught, line: errLine };
            try {
              if (h.store) h.store(f, caught.exc);
              sig = h.body.sync ? h.body.s(f) : yield* h.body.g(f);
            } finally {
              f.handling = saved;
              if (h.del) h.del(f);
            }
            break;
          }
          if (!handled) {
            f.line = errLine;
            throw caught;
          }
        } else if (orelse && sig === NORMAL) {
          sig = orelse.sync ? orelse.s(f) : yield* orelse.g(f);
        }
      } catch (e) {
        if (!fin) throw e;
        pending = toPyError(e);
      }
      if (fin) {
        const errLine = f.line;
        const fsig = fin.sync ? fin.s(f) : yield* fin.g(f);
        if (fsig !== NORMAL) return fsig; // return/break in finally swallows the exception
        if (pending) {
          f.line = errLine;
          throw pending;
        }
      }
      return sig;
    });
  }

  private raiseStmt(excE: Expr | null, causeE: Expr | null, line: number): CS {
    const exc = excE ? this.expr(excE) : null;
    const cause = causeE ? this.expr(causeE) : null;
    return genCS(function* (f) {
      f.line = line;
      if (!exc) {
        for (let fr: Frame | null = f; fr; fr = fr.closure) {
          const h = fr.handling as { err: PyError; line: number } | null;
          if (h) {
            f.line = h.line;
            throw h.err;
          }
          if (fr === f) break;
        }
        throw pyErr('RuntimeError', 'No active exception to reraise');
      }
      const v = exc.sync ? exc.s(f) : yield* exc.g(f);
      const err = yield* makeException(v);
      if (cause) {
        const c = cause.sync ? cause.s(f) : yield* cause.g(f);
        err.exc.dict.set('__cause__', c instanceof PyClass ? (yield* makeException(c)).exc : c);
      }
      throw err;
    });
  }

  private withStmt(s: Extract<Stmt, { k: 'With' }>): CS {
    const items = s.items.map(it => ({ expr: this.expr(it.expr), target: it.target ? this.target(it.target) : null }));
    const body = this.block(s.body);
    const line = s.line;
    const run = function* (f: Frame, i: number): Generator<any, Sig, any> {
      if (i >= items.length) return body.sync ? body.s(f) : yield* body.g(f);
      const it = items[i];
      f.line = line;
      const mgr = it.expr.sync ? it.expr.s(f) : yield* it.expr.g(f);
      const enter = special(mgr, '__enter__');
      const exit = special(mgr, '__exit__');
      if (enter === undefined || exit === undefined) {
        throw pyErr('TypeError', `'${typeOf(mgr).name}' object does not support the context manager protocol`);
      }
      const val = yield* call(enter, [mgr]);
      if (it.target) {
        if (it.target.sync) it.target.s(f, val);
        else yield* it.target.g(f, val);
      }
      let sig: Sig;
      try {
        sig = yield* run(f, i + 1);
      } catch (e) {
        const pe = toPyError(e);
        const errLine = f.line;
        const suppress = yield* call(exit, [mgr, pe.exc.klass, pe.exc, null]);
        if (truthy(suppress)) return NORMAL;
        f.line = errLine;
        throw pe;
      }
      yield* call(exit, [mgr, null, null, null]);
      return sig;
    };
    return genCS(f => run(f, 0));
  }

  private importStmt(s: Extract<Stmt, { k: 'Import' }>): CS {
    const line = s.line;
    const ops = s.names.map(a => {
      const store = this.storeName(a.asname ?? a.name.split('.')[0]);
      return { name: a.name, asname: a.asname, store };
    });
    return syncCS(f => {
      f.line = line;
      for (const o of ops) {
        const mod = f.rt.importModule(o.name);
        if (o.asname) store(o, mod);
        else store(o, f.rt.importModule(o.name.split('.')[0]));
      }
      return NORMAL;
      function store(o: (typeof ops)[number], v: PyValue): void {
        o.store(f, v);
      }
    });
  }

  private importFrom(s: Extract<Stmt, { k: 'ImportFrom' }>): CS {
    const line = s.line;
    const modName = s.module;
    const names = s.names.map(a => ({ name: a.name, store: a.name === '*' ? null : this.storeName(a.asname ?? a.name) }));
    return syncCS(f => {
      f.line = line;
      if (s.level > 0) throw pyErr('ImportError', 'attempted relative import with no known parent package');
      if (modName === '__future__') return NORMAL;
      const mod = f.rt.importModule(modName);
      for (const n of names) {
        if (n.name === '*') {
          for (const [k, v] of mod.dict) if (!k.startsWith('_')) f.locals.set(k, v);
          continue;
        }
        let v = mod.dict.get(n.name);
        if (v === undefined) {
          try {
            v = f.rt.importModule(modName + '.' + n.name);
          } catch (e) {
            if (!(e instanceof PyError && e.exc.klass.isSubclassOf(EXC.ImportError))) throw e;
            throw pyErr('ImportError', `cannot import name '${n.name}' from '${modName}' (unknown location)`);
          }
        }
        n.store!(f, v);
      }
      return NORMAL;
    });
  }

  // ------------------------------------------------------------ targets

  private storeName(name: string): (f: Frame, v: PyValue) => void {
    const sc = this.scope;
    if (sc.kind === 'module' || sc.globals.has(name)) return (f, v) => void f.globals.set(name, v);
    if (sc.nonlocals.has(name)) {
      return (f, v) => {
        for (let c = f.closure; c; c = c.closure) {
          if (c.locals.has(name) && c.locals !== c.globals) {
            c.locals.set(name, v);
            return;
          }
        }
        throw pyErr('SyntaxError', `no binding for nonlocal '${name}' found`);
      };
    }
    return (f, v) => void f.locals.set(name, v);
  }

  private delName(name: string): (f: Frame) => void {
    const sc = this.scope;
    if (sc.kind === 'module' || sc.globals.has(name)) return f => void f.globals.delete(name);
    return f => void f.locals.delete(name);
  }

  private target(e: Expr): { sync: boolean; s: (f: Frame, v: PyValue) => void; g: (f: Frame, v: PyValue) => Gen<void> } {
    const mk = (
      s: ((f: Frame, v: PyValue) => void) | null,
      g: (f: Frame, v: PyValue) => Gen<void>
    ): { sync: boolean; s: (f: Frame, v: PyValue) => void; g: (f: Frame, v: PyValue) => Gen<void> } => ({
      sync: s !== null,
      s: s ?? ((): void => {
        throw new Error('sync store of generator target');
      }),
      g
    });
    switch (e.k) {
      case 'Name': {
        const st = this.storeName(e.id);
        return mk(st, function* (f, v) {
          st(f, v);
        });
      }
      case 'Attribute': {
        const obj = this.expr(e.value);
        const attr = e.attr;
        if (obj.sync) {
          const os = obj.s;
          const s = (f: Frame, v: PyValue): void => setattr(os(f), attr, v);
          return mk(s, function* (f, v) {
            s(f, v);
          });
        }
        return mk(null, function* (f, v) {
          setattr(yield* obj.g(f), attr, v);
        });
      }
      case 'Subscript': {
        const obj = this.expr(e.value);
        const idx = this.expr(e.index);
        if (obj.sync && idx.sync) {
          const s = (f: Frame, v: PyValue): void => setitem(obj.s(f), idx.s(f), v);
          return mk(s, function* (f, v) {
            s(f, v);
          });
        }
        return mk(null, function* (f, v) {
          const o = obj.sync ? obj.s(f) : yield* obj.g(f);
          const k = idx.sync ? idx.s(f) : yield* idx.g(f);
          setitem(o, k, v);
        });
      }
      case 'Tuple':
      case 'List': {
        const elts = e.elts;
        const starAt = elts.findIndex(x => x.k === 'Starred');
        const subs = elts.map(x => this.target(x.k === 'Starred' ? x.value : x));
        const unpack = (v: PyValue): PyValue[] => {
          const items = v instanceof PyList || v instanceof PyTuple ? v.items : toArray(checkIterable(v));
          if (starAt < 0) {
            if (items.length > elts.length) throw pyErr('ValueError', `too many values to unpack (expected ${elts.length})`);
            if (items.length < elts.length) {
              throw pyErr('ValueError', `not enough values to unpack (expected ${elts.length}, got ${items.length})`);
            }
            return items;
          }
          const after = elts.length - starAt - 1;
          if (items.length < elts.length - 1) {
            throw pyErr('ValueError', `not enough values to unpack (expected at least ${elts.length - 1}, got ${items.length})`);
          }
          return [...items.slice(0, starAt), new PyList(items.slice(starAt, items.length - after)), ...items.slice(items.length - after)];
        };
        if (subs.every(x => x.sync)) {
          const s = (f: Frame, v: PyValue): void => {
            const vals = unpack(v);
            for (let i = 0; i < subs.length; i++) subs[i].s(f, vals[i]);
          };
          return mk(s, function* (f, v) {
            s(f, v);
          });
        }
        return mk(null, function* (f, v) {
          const vals = unpack(v);
          for (let i = 0; i < subs.length; i++) yield* subs[i].g(f, vals[i]);
        });
      }
      case 'Starred':
        throw new PySyntaxError('starred assignment target must be in a list or tuple', e.line, e.col + 1);
    }
    throw new PySyntaxError('cannot assign to expression', e.line, e.col + 1);
  }

  private delTarget(e: Expr): (f: Frame) => Gen<void> {
    switch (e.k) {
      case 'Name': {
        const name = e.id;
        const sc = this.scope;
        const isGlobal = sc.kind === 'module' || sc.globals.has(name);
        return function* (f) {
          const m = isGlobal ? f.globals : f.locals;
          if (!m.delete(name)) throw nameError(name);
        };
      }
      case 'Attribute': {
        const obj = this.expr(e.value);
        const attr = e.attr;
        return function* (f) {
          delattr(yield* obj.g(f), attr);
        };
      }
      case 'Subscript': {
        const obj = this.expr(e.value);
        const idx = this.expr(e.index);
        return function* (f) {
          const o = yield* obj.g(f);
          delitem(o, yield* idx.g(f));
        };
      }
      case 'Tuple':
      case 'List': {
        const subs = e.elts.map(x => this.delTarget(x));
        return function* (f) {
          for (const d of subs) yield* d(f);
        };
      }
    }
    throw new PySyntaxError('cannot delete expression', e.line, e.col + 1);
  }

  // ------------------------------------------------------------ expressions

  private name(id: string, _e: Expr): CE {
    const sc = this.scope;
    if (sc.kind === 'module' || sc.globals.has(id)) return syncCE(f => loadGlobal(f, id));
    if (sc.kind === 'class') {
      return syncCE(f => {
        const v = f.locals.get(id);
        if (v !== undefined) return v;
        return f.closure ? loadFree(f, id) : loadGlobal(f, id);
      });
    }
    if (sc.locals.has(id)) {
      return syncCE(f => {
        const v = f.locals.get(id);
        if (v !== undefined) return v;
        throw pyErr('UnboundLocalError', `cannot access local variable '${id}' where it is not associated with a value`);
      });
    }
    return syncCE(f => loadFree(f, id));
  }

  /** Combine sync/gen children with a pure function of their values. */
  private combine(children: CE[], fn: (vals: PyValue[]) => PyValue): CE {
    if (children.every(c => c.sync)) {
      if (children.length === 1) {
        const a = children[0].s;
        return syncCE(f => fn([a(f)]));
      }
      const ss = children.map(c => c.s);
      return syncCE(f => fn(ss.map(s => s(f))));
    }
    return genCE(function* (f) {
      const vals: PyValue[] = [];
      for (const c of children) vals.push(c.sync ? c.s(f) : yield* c.g(f));
      return fn(vals);
    });
  }

  expr(e: Expr): CE {
    switch (e.k) {
      case 'Const': {
        const v: PyValue = e.isEllipsis ? Ellipsis : (e.value as PyValue);
        return syncCE(() => v);
      }
      case 'Name':
        return this.name(e.id, e);
      case 'BinOp': {
        const l = this.expr(e.left);
        const r = this.expr(e.right);
        const op = e.op as BinOp;
        if (l.sync && r.sync) {
          const ls = l.s;
          const rs = r.s;
          return syncCE(f => binop(op, ls(f), rs(f)));
        }
        return genCE(function* (f) {
          const a = l.sync ? l.s(f) : yield* l.g(f);
          const b = r.sync ? r.s(f) : yield* r.g(f);
          return binop(op, a, b);
        });
      }
      case 'UnaryOp': {
        const op = e.op;
        return this.combine([this.expr(e.operand)], ([v]) => unaryop(op, v));
      }
      case 'BoolOp': {
        const vals = e.values.map(v => this.expr(v));
        const isAnd = e.op === 'and';
        if (vals.every(v => v.sync)) {
          const ss = vals.map(v => v.s);
          return syncCE(f => {
            let v: PyValue = null;
            for (const s of ss) {
              v = s(f);
              if (truthy(v) !== isAnd) return v;
            }
            return v;
          });
        }
        return genCE(function* (f) {
          let v: PyValue = null;
          for (const c of vals) {
            v = c.sync ? c.s(f) : yield* c.g(f);
            if (truthy(v) !== isAnd) return v;
          }
          return v;
        });
      }
      case 'Compare':
        return this.compareExpr(e.left, e.ops, e.comparators);
      case 'IfExp': {
        const t = this.expr(e.test);
        const b = this.expr(e.body);
        const o = this.expr(e.orelse);
        if (t.sync && b.sync && o.sync) return syncCE(f => (truthy(t.s(f)) ? b.s(f) : o.s(f)));
        return genCE(function* (f) {
          const tv = t.sync ? t.s(f) : yield* t.g(f);
          if (truthy(tv)) return b.sync ? b.s(f) : yield* b.g(f);
          return o.sync ? o.s(f) : yield* o.g(f);
        });
      }
      case 'Attribute': {
        const attr = e.attr;
        return this.combine([this.expr(e.value)], ([v]) => getattr(v, attr));
      }
      case 'Subscript':
        return this.combine([this.expr(e.value), this.expr(e.index)], ([v, k]) => getitem(v, k));
      case 'Slice': {
        const parts = [e.lower, e.upper, e.step].map(x => (x ? this.expr(x) : syncCE(() => null)));
        return this.combine(parts, ([a, b, c]) => new PySlice(a, b, c));
      }
      case 'Tuple':
      case 'List':
      case 'Set':
        return this.sequence(e.k, e.elts);
      case 'Dict':
        return this.dict(e.keys, e.values);
      case 'FString':
        return this.fstring(e.parts);
      case 'Call':
        return this.callExpr(e.func, e.args, e.keywords, e.line);
      case 'Lambda': {
        const make = this.functionMaker('<lambda>', e.args, e.body, null, null, e.line);
        return genCE(make);
      }
      case 'ListComp':
      case 'SetComp':
      case 'GeneratorExp':
      case 'DictComp':
        return this.comprehension(e);
      case 'NamedExpr': {
        const v = this.expr(e.value);
        const id = (e.target as { id: string }).id;
        // walrus inside a comprehension binds in the enclosing (non-comprehension) scope
        let sc: Scope = this.scope;
        let hops = 0;
        while (sc.kind === 'comp' && sc.parent) {
          sc = sc.parent;
          hops++;
        }
        const saved = this.scope;
        this.scope = sc;
        const st = this.storeName(id);
        this.scope = saved;
        const store = (f: Frame, x: PyValue): void => {
          let fr = f;
          for (let i = 0; i < hops && fr.closure; i++) fr = fr.closure;
          st(fr, x);
        };
        if (v.sync) {
          return syncCE(f => {
            const x = v.s(f);
            store(f, x);
            return x;
          });
        }
        return genCE(function* (f) {
          const x = yield* v.g(f);
          store(f, x);
          return x;
        });
      }
      case 'Starred':
        throw new PySyntaxError("can't use starred expression here", e.line, e.col + 1);
      case 'Yield': {
        const v = e.value ? this.expr(e.value) : null;
        return genCE(function* (f) {
          const val = v ? (v.sync ? v.s(f) : yield* v.g(f)) : null;
          yield new YieldValue(val) as unknown as typeof TICK;
          return null;
        });
      }
    }
  }

  private compareExpr(leftE: Expr, ops: string[], comps: Expr[]): CE {
    const l = this.expr(leftE);
    const rs = comps.map(c => this.expr(c));
    const cmp = (op: string, a: PyValue, b: PyValue): PyValue => {
      switch (op) {
        case 'in':
          return contains(b, a);
        case 'not in':
          return !contains(b, a);
        case 'is':
          return isSame(a, b);
        case 'is not':
          return !isSame(a, b);
        default:
          return compare(op as CmpOp, a, b);
      }
    };
    if (ops.length === 1) {
      const op = ops[0];
      const r = rs[0];
      if (l.sync && r.sync) {
        const ls = l.s;
        const rss = r.s;
        return syncCE(f => cmp(op, ls(f), rss(f)));
      }
    }
    const all = [l, ...rs];
    if (all.every(c => c.sync)) {
      return syncCE(f => {
        let a = l.s(f);
        let res: PyValue = true;
        for (let i = 0; i < ops.length; i++) {
          const b = rs[i].s(f);
          res = cmp(ops[i], a, b);
          if (i < ops.length - 1 && !truthy(res)) return res;
          a = b;
        }
        return res;
      });
    }
    return genCE(function* (f) {
      let a = l.sync ? l.s(f) : yield* l.g(f);
      let res: PyValue = true;
      for (let i = 0; i < ops.length; i++) {
        const b = rs[i].sync ? rs[i].s(f) : yield* rs[i].g(f);
        res = cmp(ops[i], a, b);
        if (i < ops.length - 1 && !truthy(res)) return res;
        a = b;
      }
      return res;
    });
  }

  private sequence(kind: 'Tuple' | 'List' | 'Set', elts: Expr[]): CE {
    // An all-constant literal (pasted data: 100k numbers) needs no closure per element.
    if (elts.length > 1 && elts.every(x => x.k === 'Const')) {
      const consts = elts.map(x => (x.k === 'Const' && x.isEllipsis ? Ellipsis : ((x as { value: PyValue }).value)));
      if (kind === 'Tuple') return syncCE(() => new PyTuple(consts.slice()));
      if (kind === 'List') return syncCE(() => new PyList(consts.slice()));
      return syncCE(() => new PySet(consts));
    }
    const parts = elts.map(x => (x.k === 'Starred' ? { star: true, ce: this.expr(x.value) } : { star: false, ce: this.expr(x) }));
    const build = (vals: PyValue[]): PyValue => {
      let items: PyValue[];
      if (parts.some(p => p.star)) {
        items = [];
        vals.forEach((v, i) => {
          if (parts[i].star) items.push(...toArray(checkIterable(v, '*')));
          else items.push(v);
        });
      } else items = vals;
      return kind === 'Tuple' ? new PyTuple(items) : kind === 'List' ? new PyList(items) : new PySet(items);
    };
    if (parts.length === 0) return syncCE(() => build([]));
    return this.combine(parts.map(p => p.ce), build);
  }

  private dict(keys: (Expr | null)[], values: Expr[]): CE {
    const ks = keys.map(k => (k ? this.expr(k) : null));
    const vs = values.map(v => this.expr(v));
    const children: CE[] = [];
    ks.forEach((k, i) => {
      if (k) children.push(k);
      children.push(vs[i]);
    });
    const build = (vals: PyValue[]): PyValue => {
      const d = new PyDict();
      let j = 0;
      for (let i = 0; i < ks.length; i++) {
        if (ks[i]) {
          const k = vals[j++];
          d.set(k, vals[j++]);
        } else {
          const m = vals[j++];
          mergeMapping(d, m);
        }
      }
      return d;
    };
    if (!children.length) return syncCE(() => new PyDict());
    return this.combine(children, build);
  }

  private fstring(parts: (string | FormattedValue)[]): CE {
    const children: CE[] = [];
    const plan: (string | { idx: number; conv: string; spec: CE | null; debug: string })[] = [];
    for (const p of parts) {
      if (typeof p === 'string') {
        plan.push(p);
        continue;
      }
      children.push(this.expr(p.expr));
      const idx = children.length - 1;
      let spec: CE | null = null;
      if (p.spec) {
        spec = this.fstring(p.spec);
        children.push(spec);
      }
      plan.push({ idx, conv: p.conversion, spec, debug: p.debugText });
    }
    const build = (vals: PyValue[]): PyValue => {
      let out = '';
      for (const p of plan) {
        if (typeof p === 'string') {
          out += p;
          continue;
        }
        let v = vals[p.idx];
        const spec = p.spec ? (vals[p.idx + 1] as string) : '';
        if (p.debug) out += p.debug;
        if (p.conv === 'r' || p.conv === 'a') v = repr(v);
        else if (p.conv === 's') v = str(v);
        out += formatValue(v, spec);
      }
      return out;
    };
    if (!children.length) return syncCE(() => build([]));
    return this.combine(children, build);
  }

  private callExpr(funcE: Expr, argsE: Expr[], kws: Keyword[], line: number): CE {
    // zero-argument super(): needs the defining class and the first argument
    if (funcE.k === 'Name' && funcE.id === 'super' && argsE.length === 0 && kws.length === 0) {
      let sc: Scope | null = this.scope;
      while (sc && sc.kind === 'comp') sc = sc.parent;
      const fnScope = sc;
      const classScope = fnScope?.parent;
      if (fnScope && fnScope.kind === 'function' && classScope && classScope.kind === 'class') {
        const cell = classScope.classCell!;
        const self = this.name(firstParamOf(fnScope), funcE);
        return syncCE(f => {
          if (!cell.cls) throw pyErr('RuntimeError', 'super(): __class__ cell not found');
          return new PySuper(cell.cls, self.s(f));
        });
      }
    }
    const fn = this.expr(funcE);
    const simple = argsE.every(a => a.k !== 'Starred') && kws.length === 0;
    const args = argsE.map(a => (a.k === 'Starred' ? { star: true, ce: this.expr(a.value) } : { star: false, ce: this.expr(a) }));
    const kwc = kws.map(k => ({ name: k.name, ce: this.expr(k.value) }));
    const fnDesc = funcE;
    if (simple) {
      const argc = args.map(a => a.ce);
      const allSync = argc.every(a => a.sync) && fn.sync;
      if (allSync) {
        const fs = fn.s;
        const ss = argc.map(a => a.s);
        return genCE(function* (f) {
          const callee = fs(f);
          const av = new Array<PyValue>(ss.length);
          for (let i = 0; i < ss.length; i++) av[i] = ss[i](f);
          f.line = line;
          return yield* call(callee, av);
        });
      }
    }
    return genCE(function* (f) {
      const callee = fn.sync ? fn.s(f) : yield* fn.g(f);
      const av: PyValue[] = [];
      for (const a of args) {
        const v = a.ce.sync ? a.ce.s(f) : yield* a.ce.g(f);
        if (a.star) {
          if (!isIterableValue(v)) {
            throw pyErr('TypeError', `${calleeName(fnDesc)}() argument after * must be an iterable, not ${typeOf(v).name}`);
          }
          av.push(...toArray(v));
        } else av.push(v);
      }
      let kw: Map<string, PyValue> | null = null;
      for (const k of kwc) {
        const v = k.ce.sync ? k.ce.s(f) : yield* k.ce.g(f);
        kw ??= new Map();
        if (k.name !== null) {
          if (kw.has(k.name)) throw pyErr('TypeError', `${calleeName(fnDesc)}() got multiple values for keyword argument '${k.name}'`);
          kw.set(k.name, v);
        } else {
          if (!(v instanceof PyDict) && special(v, 'keys') === undefined) {
            throw pyErr('TypeError', `${calleeName(fnDesc)}() argument after ** must be a mapping, not ${typeOf(v).name}`);
          }
          const d = new PyDict();
          mergeMapping(d, v);
          for (const [kk, vv] of d.map.values()) {
            if (typeof kk !== 'string') throw pyErr('TypeError', 'keywords must be strings');
            if (kw.has(kk)) throw pyErr('TypeError', `${calleeName(fnDesc)}() got multiple values for keyword argument '${kk}'`);
            kw.set(kk, vv);
          }
        }
      }
      f.line = line;
      return yield* call(callee, av, kw);
    });
  }

  private comprehension(e: Extract<Expr, { k: 'ListComp' | 'SetComp' | 'GeneratorExp' | 'DictComp' }>): CE {
    const outer = this.scope;
    // The first iterable is evaluated in the enclosing scope.
    const firstIter = this.expr(e.generators[0].iter);
    const sc = new Scope('comp', outer, '<listcomp>');
    for (const g of e.generators) collectTargets(g.target, sc.locals);
    this.scope = sc;
    let gens: { target: ReturnType<Compiler['target']>; iter: CE | null; ifs: CE[] }[];
    let elt: CE;
    let val: CE | null = null;
    try {
      gens = e.generators.map((g: Comprehension, i: number) => ({
        target: this.target(g.target),
        iter: i === 0 ? null : this.expr(g.iter),
        ifs: g.ifs.map(x => this.expr(x))
      }));
      if (e.k === 'DictComp') {
        elt = this.expr(e.key);
        val = this.expr(e.value);
      } else elt = this.expr(e.elt);
    } finally {
      this.scope = outer;
    }
    const kind = e.k;
    const compName = { ListComp: '<listcomp>', SetComp: '<setcomp>', GeneratorExp: '<genexpr>', DictComp: '<dictcomp>' }[kind];
    const isClassOuter = outer.kind === 'class';
    return genCE(function* (f) {
      const first = firstIter.sync ? firstIter.s(f) : yield* firstIter.g(f);
      const cf = new Frame(f.rt, new Map(), f.globals, isClassOuter ? f.closure : f, '<listcomp>', f.source, f);
      cf.line = f.line;
      const out: PyValue[] = [];
      const dict = kind === 'DictComp' ? new PyDict() : null;
      const rt = f.rt;
      const loop = function* (level: number, src: PyValue): Generator<any, void, any> {
        const g = gens[level];
        const it = iterate(src);
        for (;;) {
          const nx = it.next();
          if (nx.done) break;
          if (g.target.sync) g.target.s(cf, nx.value);
          else yield* g.target.g(cf, nx.value);
          let ok = true;
          for (const c of g.ifs) {
            if (!truthy(c.sync ? c.s(cf) : yield* c.g(cf))) {
              ok = false;
              break;
            }
          }
          if (ok) {
            if (level + 1 < gens.length) {
              const nxt = gens[level + 1].iter!;
              yield* loop(level + 1, nxt.sync ? nxt.s(cf) : yield* nxt.g(cf));
            } else if (dict) {
              const k = elt.sync ? elt.s(cf) : yield* elt.g(cf);
              dict.set(k, val!.sync ? val!.s(cf) : yield* val!.g(cf));
            } else {
              out.push(elt.sync ? elt.s(cf) : yield* elt.g(cf));
              if (out.length > 50_000_000) throw pyErr('MemoryError', '');
            }
          }
          if (++rt.steps >= STEP_CHECK || bigWork.pending) yield* tick(f);
        }
      };
      try {
        yield* loop(0, first);
      } catch (e) {
        // CPython 3.11 shows the comprehension as its own frame
        const pe = toPyError(e);
        pe.trace.unshift({ file: f.source.file, line: f.line, name: compName, text: f.source.lines[f.line - 1] });
        throw pe;
      }
      if (dict) return dict;
      if (kind === 'SetComp') return new PySet(out);
      if (kind === 'GeneratorExp') return new PyIterator(out[Symbol.iterator](), T.generator);
      return new PyList(out);
    });
  }
}

function qualnamePrefix(sc: Scope): string {
  const parts: string[] = [];
  for (let s: Scope | null = sc; s && s.kind !== 'module'; s = s.parent) {
    if (s.kind === 'class') parts.unshift(s.name);
    else if (s.kind === 'function') parts.unshift(s.name, '<locals>');
  }
  return parts.length ? parts.join('.') + '.' : '';
}

function firstParamOf(sc: Scope): string {
  // the first positional parameter is the first local added by functionMaker
  return [...sc.locals][0] ?? 'self';
}

function collectTargets(e: Expr, into: Set<string>): void {
  if (e.k === 'Name') into.add(e.id);
  else if (e.k === 'Tuple' || e.k === 'List') e.elts.forEach(x => collectTargets(x, into));
  else if (e.k === 'Starred') collectTargets(e.value, into);
}

function containsYield(body: Stmt[]): boolean {
  let found = false;
  const visit = (n: unknown): void => {
    if (found || !n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      n.forEach(visit);
      return;
    }
    const k = (n as { k?: string }).k;
    if (k === 'Yield') {
      found = true;
      return;
    }
    if (k === 'FunctionDef' || k === 'ClassDef' || k === 'Lambda') return;
    for (const v of Object.values(n as object)) if (v && typeof v === 'object') visit(v);
  };
  visit(body);
  return found;
}

function calleeName(e: Expr): string {
  if (e.k === 'Name') return e.id;
  if (e.k === 'Attribute') return e.attr;
  return 'function';
}

function isSame(a: PyValue, b: PyValue): boolean {
  if (a === b) return true;
  // small ints and equal strings are interned in CPython; mimic for ints/floats by value
  if (typeof a === 'bigint' && typeof b === 'bigint') return a === b && a >= -5n && a <= 256n;
  return false;
}

function isIterableValue(v: PyValue): boolean {
  if (typeof v === 'string' || v instanceof PyList || v instanceof PyTuple || v instanceof PyDict || v instanceof PySet) return true;
  if (v instanceof PyIterator) return true;
  if (v instanceof PyObject) return special(v, '__iter__') !== undefined || special(v, '__getitem__') !== undefined || typeOf(v) === T.range;
  return false;
}

function checkIterable(v: PyValue, _ctx = ''): PyValue {
  if (isIterableValue(v)) return v;
  throw pyErr('TypeError', `cannot unpack non-iterable ${typeOf(v).name} object`);
}

function mergeMapping(d: PyDict, m: PyValue): void {
  if (m instanceof PyDict) {
    for (const [k, v] of m.map.values()) d.set(k, v);
    return;
  }
  const keys = special(m, 'keys');
  if (keys === undefined) throw pyErr('TypeError', `'${typeOf(m).name}' object is not a mapping`);
  for (const k of toArray(callSync(keys, [m]))) d.set(k, getitem(m, k));
}

function exceptionMatches(err: PyError, t: PyValue): boolean {
  if (t instanceof PyClass) {
    if (!t.isSubclassOf(EXC.BaseException)) throw pyErr('TypeError', 'catching classes that do not inherit from BaseException is not allowed');
    return err.exc.klass.isSubclassOf(t);
  }
  if (t instanceof PyTuple) return t.items.some(x => exceptionMatches(err, x));
  throw pyErr('TypeError', 'catching classes that do not inherit from BaseException is not allowed');
}

/** The PyError to throw for `raise v` (a class is instantiated). */
function* makeException(v: PyValue): Generator<any, PyError, any> {
  if (v instanceof PyClass) {
    if (!v.isSubclassOf(EXC.BaseException)) throw pyErr('TypeError', 'exceptions must derive from BaseException');
    const inst = yield* call(v, []);
    return new PyError(inst as PyInstance);
  }
  if (v instanceof PyInstance && v.klass.isSubclassOf(EXC.BaseException)) return new PyError(v);
  throw pyErr('TypeError', 'exceptions must derive from BaseException');
}

