/**
 * A cooperative deadline for long engine calls.
 *
 * The interpreter checks its time limit between Python steps, but one engine
 * call (a 4000×4000 matmul, a sort of 10^7 values, printing a huge tensor) is
 * a single step. The interpreter sets the cell's deadline here; the engine's
 * long loops call `checkDeadline()` at row/block boundaries (or count work
 * with `tickDeadline`) and throw a `KeyboardInterrupt`-tagged error that
 * `lang` turns into the same exception its own time limit raises.
 *
 * Interrupt: the kernel's Interrupt message is handled by the worker's event
 * loop, which cannot run while an engine call is busy. Only a shared flag
 * (`setInterruptFlag` with an Int32Array over a SharedArrayBuffer, which needs
 * a cross-origin-isolated page — JupyterLab is not by default) can reach a
 * running call; without it a long call is stopped by the deadline, or by the
 * kernel replacing the worker after its grace period.
 */
import { TorchError } from './errors';

/** The error thrown when the deadline passes (or the shared flag is raised). */
export class DeadlineError extends TorchError {
  constructor(message: string) {
    super('KeyboardInterrupt', message);
  }
}

let deadline = Infinity;
let message = '';
let flag: Int32Array | null = null;
/** Anything to check at all (keeps the no-limit path to one comparison). */
let armed = false;
/** Work units counted by tickDeadline since the last check. */
let work = 0;

/** Work units (inner-loop iterations) between two clock reads in tickDeadline. */
export const DEADLINE_GRAIN = 1 << 16;

/**
 * Set the wall-clock deadline (`Date.now()` milliseconds) for engine calls,
 * with the KeyboardInterrupt message to raise; null clears it.
 */
export function setDeadline(msEpoch: number | null, msg = 'execution time limit exceeded'): void {
  deadline = msEpoch === null ? Infinity : msEpoch;
  message = msg;
  work = 0;
  armed = deadline !== Infinity || flag !== null;
}

/** A shared interrupt flag (nonzero → raise KeyboardInterrupt); null removes it. */
export function setInterruptFlag(f: Int32Array | null): void {
  flag = f;
  armed = deadline !== Infinity || flag !== null;
}

/** Throw DeadlineError when the deadline has passed. Call at block boundaries (one clock read). */
export function checkDeadline(): void {
  if (!armed) {
    return;
  }
  if (flag !== null && Atomics.load(flag, 0) !== 0) {
    throw new DeadlineError('');
  }
  if (Date.now() > deadline) {
    throw new DeadlineError(message);
  }
}

/** Count `units` of work done; reads the clock once per DEADLINE_GRAIN units. */
export function tickDeadline(units: number): void {
  if (!armed) {
    return;
  }
  work += units;
  if (work < DEADLINE_GRAIN) {
    return;
  }
  work = 0;
  checkDeadline();
}

/** Elements per native fill between two checks. */
const FILL_CHUNK = 1 << 22;

/** `arr.fill(v)` in chunks, checking the deadline between them (a 2 GiB fill takes a while). */
export function fillChecked(
  arr: { length: number; fill(v: number, start?: number, end?: number): unknown },
  v: number
): void {
  if (!armed || arr.length <= FILL_CHUNK) {
    arr.fill(v);
    return;
  }
  for (let i = 0; i < arr.length; i += FILL_CHUNK) {
    checkDeadline();
    arr.fill(v, i, Math.min(arr.length, i + FILL_CHUNK));
  }
}
