/**
 * Per-session runtime state shared by the compiled code and the builtins:
 * globals, output hooks, the current frame (for warnings/tracebacks), the
 * call depth and the time-slice bookkeeping.
 */
import type { PyValue, PyModule, TraceEntry } from './values';
import type { CellHooks } from './api';
import type { DisplayOutput } from '../outputs/bundle';

/** One activation (module, function, class body or comprehension). */
export class Frame {
  line = 0;
  retval: PyValue = null;
  /** The exception being handled (for bare `raise`). */
  handling: unknown = null;
  constructor(
    public readonly rt: Runtime,
    public readonly locals: Map<string, PyValue>,
    public readonly globals: Map<string, PyValue>,
    /** Lexically enclosing function/comprehension frame (closures). */
    public readonly closure: Frame | null,
    public readonly name: string,
    /** Source lines of the cell/file the code came from. */
    public readonly source: SourceInfo,
    public readonly back: Frame | null
  ) {}
}

export interface SourceInfo {
  file: string;
  lines: string[];
}

export interface Runtime {
  globals: Map<string, PyValue>;
  builtins: Map<string, PyValue>;
  hooks: CellHooks;
  importModule(name: string): PyModule;
  display(o: DisplayOutput): void;
  /** Innermost running frame. */
  frame: Frame | null;
  depth: number;
  steps: number;
  /** performance.now() at which the current slice should yield. */
  sliceEnd: number;
  /** Per-session state for native modules (RNG, print options...). */
  state: Map<string, unknown>;
  /** True while runCellSync drives the cell (no awaiting: sleep busy-waits). */
  sync?: boolean;
  /** Warnings already shown (file:line:category:message). */
  warned: Set<string>;
}

export const MAX_DEPTH = 1000;

let current: Runtime | null = null;

/** The runtime of the session whose cell is running (set by the driver). */
export function rt(): Runtime {
  if (!current) throw new Error('no running session');
  return current;
}
export function setRuntime(r: Runtime | null): void {
  current = r;
}
export function currentRuntime(): Runtime | null {
  return current;
}

export function traceEntry(f: Frame): TraceEntry {
  return { file: f.source.file, line: f.line, name: f.name, text: f.source.lines[f.line - 1] };
}

export const now: () => number =
  typeof performance !== 'undefined' && performance.now ? () => performance.now() : () => Date.now();
