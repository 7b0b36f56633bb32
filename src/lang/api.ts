/**
 * The contract between the cell language and whoever runs it (the kernel's Web
 * Worker, the softmax-run CLI, tests). Nothing here touches the DOM or Jupyter.
 *
 * Execution is resumable: the interpreter is written so it can pause every few
 * milliseconds and give the host's event loop a turn. That is how an Interrupt
 * message reaches a worker that is running `while True: pass`, without losing
 * the variables defined before it, and how a file read through the (async)
 * Jupyter contents service fits inside a synchronous-looking cell.
 */
import type { DisplayOutput, MimeBundle } from '../outputs/bundle';

export interface CellHooks {
  /** Text printed to stdout (print). Called as it happens, not at the end. */
  stdout(text: string): void;
  /** Text for stderr: warnings ("<cell>:3: UserWarning: …"). */
  stderr(text: string): void;
  /** A rich output displayed during the cell (sm.table, sm.calibration, display()). */
  display(output: DisplayOutput): void;
}

export interface RunControl {
  /** How long to run before yielding to the event loop (ms). Default 20. */
  sliceMs?: number;
  /** Polled at every yield point; true → raise KeyboardInterrupt in the cell. */
  isInterrupted?(): boolean;
  /** Wall-clock limit for the cell in ms; exceeded → KeyboardInterrupt with
   * message "execution time limit of N s exceeded". 0/undefined = none. */
  timeLimitMs?: number;
}

export interface CellError {
  ename: string; // 'ZeroDivisionError'
  evalue: string; // 'division by zero'
  traceback: string[]; // lines, Python format, no ANSI colours
}

export interface CellResult {
  status: 'ok' | 'error';
  /** The value of a final expression statement, when not None (Out[n]). */
  result?: MimeBundle;
  error?: CellError;
}

export interface Completion {
  matches: string[];
  cursorStart: number;
  cursorEnd: number;
}

export interface Inspection {
  found: boolean;
  /** text/plain: signature + short doc. */
  data: MimeBundle;
}

export interface IsCompleteReply {
  status: 'complete' | 'incomplete' | 'invalid';
  indent?: string;
}

/**
 * Host services the language needs from its environment (files live in the
 * Jupyter contents service in the browser, on disk in the CLI).
 */
export interface HostIO {
  readFile?(path: string): Promise<Uint8Array>;
  writeFile?(path: string, data: Uint8Array): Promise<void>;
}
