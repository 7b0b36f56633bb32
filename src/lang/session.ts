/**
 * A Session: one kernel's interpreter state (globals, imported modules) and
 * the driver that runs a cell's compiled generator in time slices.
 *
 * runCell drives the evaluation with `gen.next()`; the code yields TICK when
 * its slice (RunControl.sliceMs) is used up, and the driver then gives the
 * event loop a turn before resuming (that is how an Interrupt request reaches
 * a busy worker). KeyboardInterrupt is injected with `gen.throw()`, so it
 * surfaces at the line being executed, runs `finally` blocks, and leaves the
 * globals intact. A yielded Promise (host I/O) is awaited and its result sent
 * back into the generator.
 */
import { overCap, overCapMessage } from '../engine/memory';
import type { CellHooks, RunControl, CellResult, CellError, Completion, Inspection, IsCompleteReply, HostIO } from './api';
import type { DisplayOutput } from '../outputs/bundle';
import {
  PyValue, PyModule, PyError, PyInstance, PyClass, TICK, EXC, moduleFactory, pyErr, typeOf, PyFunction, PyNative,
  PyBoundMethod, PyObject, Trampoline, PyDict
} from './values';
import { repr, excStr, toPyError, syncHooks, getattrOpt, callSync, attrNames } from './ops';
import { suggest } from './suggest';
import { tokenize, PySyntaxError } from './tokenizer';
import { parse } from './parser';
import { Compiler } from './compile';
import { Frame, Runtime, setRuntime, now, SourceInfo, traceEntry } from './runtime';
import { builtins, signatureOf, docOf, toJS } from './builtins';
import { setWarnHook } from './modules/misc';
// just the deadline switch (tiny): the rest of the engine still loads only with torch
import { setDeadline } from '../engine/deadline';
import './modules';

export interface SyncRunResult {
  status: 'ok' | 'error';
  stdout: string;
  stderr: string;
  /** repr of the final expression (when not None). */
  result?: string;
  error?: CellError;
}

const KEYWORDS = [
  'False', 'None', 'True', 'and', 'as', 'assert', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'while', 'with', 'yield'
];

const macrotask: () => Promise<void> =
  typeof setImmediate === 'function'
    ? () => new Promise(r => setImmediate(r))
    : typeof MessageChannel !== 'undefined'
      ? () =>
          new Promise(r => {
            const ch = new MessageChannel();
            ch.port1.onmessage = () => r();
            ch.port2.postMessage(null);
          })
      : () => new Promise(r => setTimeout(r, 0));

/** The session whose cell runs now: engine warnings are routed to it. */
let activeSession: Session | null = null;
const routeWarning = (m: string, c: string): void => activeSession?.warnFromEngine(m, c);

/** Modules that never touch the engine (so importing them does not load it). */
const LIGHT_MODULES = new Set(['math', 'time', 'random', 'typing', 'warnings', 'sys']);
let engineHooked = false;
/** Route the engine's warn() to the running session (loads the engine: call once torch-like modules load). */
function installEngineWarnings(): void {
  if (engineHooked) return;
  engineHooked = true;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  (require('../engine') as typeof import('../engine')).setWarningHandler(routeWarning);
}

const NULL_HOOKS: CellHooks = { stdout: () => undefined, stderr: () => undefined, display: () => undefined };

export class Session {
  readonly globals = new Map<string, PyValue>();
  private modules = new Map<string, PyModule>();
  private rt: Runtime;
  private execCount = 0;
  /** Source file name shown in tracebacks and warnings. */
  fileName = '<cell>';

  constructor(readonly io: HostIO = {}) {
    this.globals.set('__name__', '__main__');
    this.globals.set('__doc__', null);
    const self = this;
    this.rt = {
      globals: this.globals,
      builtins: builtins(),
      hooks: NULL_HOOKS,
      importModule: (name: string) => self.importModule(name),
      display: (o: DisplayOutput) => self.rt.hooks.display(o),
      frame: null,
      depth: 0,
      steps: 0,
      sliceEnd: Infinity,
      state: new Map(),
      warned: new Set()
    };
  }

  // ------------------------------------------------------------ imports

  importModule(name: string): PyModule {
    const cached = this.modules.get(name);
    if (cached) return cached;
    const dot = name.lastIndexOf('.');
    let parent: PyModule | null = null;
    if (dot > 0) parent = this.importModule(name.slice(0, dot));
    const factory = moduleFactory(name);
    if (!factory) {
      // an attribute that is a module object (e.g. torch.nn set by the torch factory)
      if (parent) {
        const v = parent.dict.get(name.slice(dot + 1));
        if (v instanceof PyModule) {
          this.modules.set(name, v);
          return v;
        }
      }
      const err = pyErr('ModuleNotFoundError', `No module named '${name}'`);
      err.exc.dict.set('name', name);
      throw err;
    }
    const self = this;
    const mod = factory({
      importModule: (n: string) => self.importModule(n),
      io: this.io,
      display: (o: DisplayOutput) => self.rt.hooks.display(o),
      state: this.rt.state
    });
    this.modules.set(name, mod);
    if (parent) parent.dict.set(name.slice(dot + 1), mod);
    if (!LIGHT_MODULES.has(name)) installEngineWarnings();
    return mod;
  }

  // ------------------------------------------------------------ running

  /** @internal engine/`warnings.warn` entry point. */
  warnFromEngine(message: string, category: string): void {
    this.warn(message, category);
  }

  private warn(message: string, category: string): void {
    const f = this.rt.frame;
    const file = f ? f.source.file : this.fileName;
    const line = f ? f.line : 0;
    const key = `${file}:${line}:${category}:${message}`;
    if (this.rt.warned.has(key)) return;
    this.rt.warned.add(key);
    const text = f ? (f.source.lines[line - 1] ?? '').trim() : '';
    this.rt.hooks.stderr(`${file}:${line}: ${category}: ${message}\n${text ? '  ' + text + '\n' : ''}`);
  }

  /** The running cell's stop check, used by nested synchronous evaluation. */
  private syncTick: () => void = () => undefined;
  /** The running cell's time limit as an engine deadline (Date.now() ms), or null. */
  private cellDeadline: { at: number; message: string } | null = null;

  /** Start the engine's deadline for a cell with this limit (0 = none); activate() installs it. */
  private startDeadline(limitMs: number): void {
    this.cellDeadline = limitMs > 0 ? { at: Date.now() + limitMs, message: timeLimitMessage(limitMs) } : null;
    this.installDeadline();
  }

  private installDeadline(): void {
    const d = this.cellDeadline;
    setDeadline(d ? d.at : null, d?.message);
  }

  private endDeadline(): void {
    this.cellDeadline = null;
    setDeadline(null);
  }

  private activate(hooks: CellHooks): void {
    setRuntime(this.rt);
    this.installDeadline();
    syncHooks.tick = this.syncTick;
    this.rt.hooks = hooks;
    activeSession = this;
    setWarnHook(routeWarning);
  }

  /** Parse + compile; a syntax error becomes a CellError. */
  private prepare(code: string): { run: (f: Frame) => Generator<any, number, any>; lastExpr: boolean; source: SourceInfo } | CellError {
    const source: SourceInfo = { file: this.fileName, lines: code.replace(/\r\n?/g, '\n').split('\n') };
    try {
      const mod = parse(code);
      const compiled = new Compiler(source).compileModule(mod.body);
      return { ...compiled, source };
    } catch (e) {
      if (e instanceof PySyntaxError) return syntaxCellError(e, source);
      if (e instanceof RangeError && /call stack/i.test(e.message)) {
        const evalue = 'maximum recursion depth exceeded during compilation';
        return { ename: 'RecursionError', evalue, traceback: ['Traceback (most recent call last):', `RecursionError: ${evalue}`] };
      }
      const msg = e instanceof Error ? e.message : String(e);
      return { ename: 'SystemError', evalue: `internal error: ${msg}`, traceback: ['Traceback (most recent call last):', `SystemError: internal error: ${msg}`] };
    }
  }

  async runCell(code: string, hooks: CellHooks = NULL_HOOKS, control: RunControl = {}): Promise<CellResult> {
    try {
      return await this.runCellTimed(code, hooks, control);
    } finally {
      // also covers the final expression's repr (a huge tensor's repr is one engine call)
      this.endDeadline();
    }
  }

  private async runCellTimed(code: string, hooks: CellHooks, control: RunControl): Promise<CellResult> {
    this.execCount++;
    const prep = this.prepare(code);
    if (!('run' in prep)) return { status: 'error', error: prep };
    const frame = new Frame(this.rt, this.globals, this.globals, null, '<module>', prep.source, null);
    const sliceMs = control.sliceMs ?? 20;
    const limit = control.timeLimitMs ?? 0;
    const start = now();
    this.startDeadline(limit);
    let stopReason: PyError | null = null;
    let stopAttempts = 0;
    const checkStop = (): PyError | null => {
      if (control.isInterrupted?.()) return pyErr('KeyboardInterrupt');
      if (limit > 0 && now() - start > limit) {
        return pyErr('KeyboardInterrupt', timeLimitMessage(limit));
      }
      return null;
    };
    this.activate(hooks);
    this.rt.frame = frame;
    this.rt.depth = 0;
    this.syncTick = syncHooks.tick = () => {
      const stop = checkStop();
      if (stop) throw stop;
    };
    const gen = new Trampoline(prep.run(frame));
    let send: unknown = undefined;
    let toThrow: PyError | null = null;
    try {
      for (;;) {
        this.activate(hooks);
        this.rt.sliceEnd = now() + sliceMs;
        let r: IteratorResult<unknown, number>;
        try {
          if (toThrow) {
            const t = toThrow;
            toThrow = null;
            r = gen.resume(undefined, true, t);
          } else r = gen.resume(send);
          send = undefined;
        } catch (e) {
          return { status: 'error', error: this.runtimeError(e, frame) };
        }
        if (r.done) break;
        const y = r.value;
        if (y === TICK) {
          if (stopReason) {
            // the cell swallowed the KeyboardInterrupt (bare except): insist, then give up
            if (++stopAttempts > 20) {
              gen.abort();
              return { status: 'error', error: this.runtimeError(stopReason, frame) };
            }
            toThrow = stopReason;
            continue;
          }
          await macrotask(); // also lets collected objects' memory charges go (memory.ts)
          const stop = checkStop();
          if (stop) {
            stopReason = stop;
            toThrow = stop;
          } else {
            // Over the live-memory cap: raise in the cell rather than let the worker's
            // heap run out, which would take the whole tab down.
            const pool = overCap();
            if (pool) toThrow = pyErr('MemoryError', overCapMessage(pool));
          }
        } else if (y instanceof Promise) {
          try {
            send = await y;
          } catch (e) {
            toThrow = toPyError(e);
          }
          const stop = checkStop();
          if (stop) {
            stopReason = stop;
            toThrow = stop;
          }
        } else {
          toThrow = pyErr('SyntaxError', "'yield' outside function");
        }
      }
    } finally {
      this.rt.frame = null;
      this.syncTick = syncHooks.tick = () => undefined;
    }
    const value = frame.retval;
    if (prep.lastExpr && value !== null) {
      try {
        this.activate(hooks);
        const text = repr(value);
        const result: Record<string, unknown> = { 'text/plain': text };
        const mb = value instanceof PyObject ? getattrOpt(value, '_repr_mimebundle_') : undefined;
        if (mb !== undefined) {
          try {
            const extra = runSyncCall(mb);
            if (extra) Object.assign(result, extra);
          } catch {
            /* fall back to text/plain */
          }
        }
        return { status: 'ok', result };
      } catch (e) {
        return { status: 'error', error: this.runtimeError(e, frame) };
      }
    }
    return { status: 'ok' };
  }

  /** Run a cell synchronously (tests, tools): no time slicing, no async I/O. */
  runCellSync(code: string, control: { timeLimitMs?: number } = {}): SyncRunResult {
    try {
      return this.runCellSyncTimed(code, control);
    } finally {
      this.endDeadline();
    }
  }

  private runCellSyncTimed(code: string, control: { timeLimitMs?: number }): SyncRunResult {
    let stdout = '';
    let stderr = '';
    const hooks: CellHooks = { stdout: t => void (stdout += t), stderr: t => void (stderr += t), display: () => undefined };
    const prep = this.prepare(code);
    if (!('run' in prep)) {
      return { status: 'error', stdout, stderr: prep.traceback.join('\n') + '\n', error: prep };
    }
    const frame = new Frame(this.rt, this.globals, this.globals, null, '<module>', prep.source, null);
    const start = now();
    const limit = control.timeLimitMs ?? 0;
    const check = (): void => {
      if (limit > 0 && now() - start > limit) throw pyErr('KeyboardInterrupt', timeLimitMessage(limit));
    };
    this.startDeadline(limit);
    this.activate(hooks);
    this.rt.frame = frame;
    this.rt.depth = 0;
    this.rt.sliceEnd = -Infinity;
    this.rt.sync = true;
    this.syncTick = syncHooks.tick = check;
    const gen = new Trampoline(prep.run(frame));
    let toThrow: PyError | null = null;
    let stopped = 0;
    try {
      for (;;) {
        let r: IteratorResult<unknown, number>;
        try {
          if (toThrow) {
            const t = toThrow;
            toThrow = null;
            r = gen.resume(undefined, true, t);
          } else r = gen.resume();
        } catch (e) {
          const error = this.runtimeError(e, frame);
          return { status: 'error', stdout, stderr: stderr + error.traceback.join('\n') + '\n', error };
        }
        if (r.done) break;
        if (r.value === TICK) {
          try {
            check();
          } catch (e) {
            toThrow = e as PyError;
            if (++stopped > 20) {
              gen.abort();
              const error = this.runtimeError(e, frame);
              return { status: 'error', stdout, stderr: stderr + error.traceback.join('\n') + '\n', error };
            }
          }
        } else if (r.value instanceof Promise) {
          r.value.catch(() => undefined);
          toThrow = pyErr('RuntimeError', 'asynchronous I/O is not available in runCellSync');
        } else toThrow = pyErr('SyntaxError', "'yield' outside function");
      }
    } finally {
      this.rt.frame = null;
      this.rt.sync = false;
      this.syncTick = syncHooks.tick = () => undefined;
    }
    const value = frame.retval;
    if (prep.lastExpr && value !== null) {
      try {
        return { status: 'ok', stdout, stderr, result: repr(value) };
      } catch (e) {
        const error = this.runtimeError(e, frame);
        return { status: 'error', stdout, stderr: stderr + error.traceback.join('\n') + '\n', error };
      }
    }
    return { status: 'ok', stdout, stderr };
  }

  private runtimeError(e: unknown, frame: Frame): CellError {
    const pe = toPyError(e);
    const entries = [traceEntry(frame), ...pe.trace];
    pe.trace = [];
    return formatTraceback(pe, entries.filter(x => x.line > 0));
  }

  // ------------------------------------------------------------ introspection

  private resolve(expr: string): PyValue | undefined {
    const parts = expr.split('.');
    let v: PyValue | undefined = this.globals.get(parts[0]) ?? this.rt.builtins.get(parts[0]);
    if (v === undefined && this.modules.has(parts[0])) v = this.modules.get(parts[0]);
    for (let i = 1; i < parts.length && v !== undefined; i++) {
      try {
        setRuntime(this.rt);
        v = getattrOpt(v, parts[i]);
      } catch {
        return undefined;
      }
    }
    return v;
  }

  private attrNames(v: PyValue): string[] {
    const names = new Set<string>();
    if (v instanceof PyModule || v instanceof PyInstance || v instanceof PyClass) for (const k of v.dict.keys()) names.add(k);
    const cls = v instanceof PyClass ? v : typeOf(v);
    for (const c of cls.mro) for (const k of c.dict.keys()) names.add(k);
    return [...names];
  }

  complete(code: string, cursor: number): Completion {
    const before = code.slice(0, cursor);
    const tail = /[\w.]*$/.exec(before)![0];
    const dot = tail.lastIndexOf('.');
    let matches: string[];
    let prefix: string;
    if (dot >= 0) {
      const objExpr = tail.slice(0, dot);
      prefix = tail.slice(dot + 1);
      const obj = objExpr ? this.resolve(objExpr) : undefined;
      matches = obj === undefined ? [] : this.attrNames(obj);
    } else {
      prefix = tail;
      matches = [...this.globals.keys(), ...this.rt.builtins.keys(), ...KEYWORDS];
    }
    const showPrivate = prefix.startsWith('_');
    const out = [...new Set(matches)].filter(n => n.startsWith(prefix) && (showPrivate || !n.startsWith('_'))).sort();
    return { matches: out, cursorStart: cursor - prefix.length, cursorEnd: cursor };
  }

  inspect(code: string, cursor: number): Inspection {
    let a = cursor;
    let b = cursor;
    while (a > 0 && /[\w.]/.test(code[a - 1])) a--;
    while (b < code.length && /\w/.test(code[b])) b++;
    let expr = code.slice(a, b).replace(/^\.+|\.+$/g, '');
    if (!expr) {
      // inside a call: f(|
      const open = code.slice(0, cursor).lastIndexOf('(');
      if (open > 0) {
        let s = open;
        while (s > 0 && /[\w.]/.test(code[s - 1])) s--;
        expr = code.slice(s, open);
      }
    }
    const v = expr ? this.resolve(expr) : undefined;
    if (v === undefined) return { found: false, data: {} };
    let text: string;
    try {
      setRuntime(this.rt);
      const sig = signatureOf(v);
      const doc = docOf(v);
      const kind = v instanceof PyFunction || v instanceof PyNative || v instanceof PyBoundMethod ? 'function' : v instanceof PyClass ? 'type' : typeOf(v).name;
      text = [sig ? `Signature: ${sig}` : `${kind}: ${repr(v).slice(0, 200)}`, doc ? `Docstring:\n${doc.trim()}` : 'Docstring: <no docstring>', `Type: ${typeOf(v).name}`].join('\n');
    } catch {
      return { found: false, data: {} };
    }
    return { found: true, data: { 'text/plain': text } };
  }

  isComplete(code: string): IsCompleteReply {
    try {
      parse(code);
    } catch (e) {
      if (e instanceof PySyntaxError) {
        if (/was never closed|unterminated triple-quoted|expected an indented block|unexpected EOF/.test(e.msg)) {
          return { status: 'incomplete', indent: nextIndent(code) };
        }
        return { status: 'invalid' };
      }
      return { status: 'invalid' };
    }
    const lines = code.split('\n');
    const hasBlock = lines.some(l => /:\s*(#.*)?$/.test(l) && /^\s*(if|for|while|def|class|try|with|elif|else|except|finally)\b/.test(l));
    if (code.endsWith('\\')) return { status: 'incomplete', indent: '' };
    if (hasBlock && !/\n\s*$/.test(code.replace(/[^\n]*$/, '')) && !code.endsWith('\n\n') && lines[lines.length - 1].trim() !== '') {
      return { status: 'incomplete', indent: nextIndent(code) };
    }
    try {
      tokenize(code);
    } catch {
      return { status: 'invalid' };
    }
    return { status: 'complete' };
  }

  get executionCount(): number {
    return this.execCount;
  }
}

function nextIndent(code: string): string {
  const lines = code.split('\n').filter(l => l.trim() !== '');
  const last = lines[lines.length - 1] ?? '';
  const ind = /^\s*/.exec(last)![0];
  return /:\s*(#.*)?$/.test(last) ? ind + '    ' : ind;
}

/** Call a `_repr_mimebundle_` method: a dict of MIME type → data (JSON-able). */
function runSyncCall(f: PyValue): Record<string, unknown> | null {
  const bundle = callSync(f, []);
  if (!(bundle instanceof PyDict)) return null;
  const data: Record<string, unknown> = {};
  for (const [k, v] of bundle.map.values()) data[String(k)] = typeof v === 'string' ? v : toJS(v);
  return data;
}

function timeLimitMessage(limitMs: number): string {
  return `execution time limit of ${fmtSeconds(limitMs)} s exceeded`;
}

function fmtSeconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? String(s) : String(Math.round(s * 1000) / 1000);
}

/** Python's name for an exception class in the last traceback line. */
export function excTypeName(cls: PyClass): string {
  return cls.module === 'builtins' || cls.module === '__main__' || cls.isUser ? cls.name : `${cls.module}.${cls.name}`;
}

export function formatTraceback(pe: PyError, entries: { file: string; line: number; name: string; text?: string }[]): CellError {
  const cls = pe.exc.klass;
  let evalue: string;
  try {
    evalue = excStr(pe.exc);
  } catch {
    evalue = '<exception str() failed>';
  }
  const tb = ['Traceback (most recent call last):'];
  // Like CPython: after 3 identical consecutive entries, summarize the rest.
  let prevKey = '';
  let repeat = 0;
  const flushRepeat = (): void => {
    if (repeat > 3) tb.push(`  [Previous line repeated ${repeat - 3} more time${repeat - 3 > 1 ? 's' : ''}]`);
  };
  for (const e of entries) {
    const key = `${e.file}:${e.line}:${e.name}`;
    if (key === prevKey) {
      repeat++;
      if (repeat > 3) continue;
    } else {
      flushRepeat();
      prevKey = key;
      repeat = 1;
    }
    tb.push(`  File "${e.file}", line ${e.line}, in ${e.name}`);
    if (e.text && e.text.trim()) tb.push(`    ${e.text.trim()}`);
  }
  flushRepeat();
  const name = excTypeName(cls);
  tb.push((evalue ? `${name}: ${evalue}` : name) + didYouMean(pe));
  return { ename: cls.name, evalue, traceback: tb };
}

/** CPython 3.11's ". Did you mean: 'x'?" for NameError / AttributeError. */
function didYouMean(pe: PyError): string {
  try {
    const cls = pe.exc.klass;
    const name = pe.exc.dict.get('name');
    if (typeof name !== 'string') return '';
    let cands: string[] | undefined;
    if (cls === EXC.NameError) cands = (pe as PyError & { candidates?: string[] }).candidates;
    else if (cls === EXC.AttributeError && pe.exc.dict.has('obj')) {
      const obj = pe.exc.dict.get('obj')!;
      // real `torch` has far more than CPython's 750-name cutoff: no suggestion there
      if (obj instanceof PyModule && obj.name === 'torch') return '';
      cands = attrNames(obj);
    }
    if (!cands) return '';
    const s = suggest(name, cands);
    return s ? `. Did you mean: '${s}'?` : '';
  } catch {
    return '';
  }
}

export function syntaxCellError(e: PySyntaxError, source: SourceInfo): CellError {
  const tb: string[] = [];
  tb.push(`  File "${source.file}", line ${e.line}`);
  const raw = source.lines[e.line - 1];
  if (e.showLine && raw !== undefined) {
    const stripped = raw.replace(/^[ \t\f]+/, '');
    const removed = raw.length - stripped.length;
    const text = stripped.replace(/[\r\n]+$/, '');
    tb.push(`    ${text}`);
    if (e.offset > 0 && !(e.kind === 'IndentationError' && e.msg === 'unexpected indent')) {
      const col = Math.max(0, e.offset - 1 - removed);
      let width = 1;
      if (e.endLine === e.line && e.endOffset > e.offset) width = e.endOffset - e.offset;
      if (e.kind !== 'TabError') tb.push(`    ${' '.repeat(col)}${'^'.repeat(width)}`);
    }
  }
  tb.push(`${e.kind}: ${e.msg}`);
  return { ename: e.kind, evalue: e.msg, traceback: tb };
}

