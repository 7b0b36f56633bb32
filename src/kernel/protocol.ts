/**
 * The typed message protocol between the kernel (main thread) and its Web
 * Worker. Plain structured-clone data only: no classes, no functions.
 */
import type { CellError, Completion, Inspection, IsCompleteReply } from '../lang/api';
import type { DisplayOutput, MimeBundle } from '../outputs/bundle';
import type { FileReply, FileRequest } from './files';

/** Limits and defaults taken from the user's settings (schema/plugin.json). */
export interface WorkerConfig {
  /** Wall-clock limit per cell in ms; 0 = none. */
  timeLimitMs: number;
  /** Allocation cap in bytes. */
  memoryCapBytes: number;
  /** Default number of calibration bins. */
  calibrationBins: number;
  /** Rows kept in a table payload before summarizing. */
  tableRowCap: number;
}

/** Defaults; must match the defaults in schema/plugin.json. */
export const DEFAULT_CONFIG: WorkerConfig = {
  timeLimitMs: 300_000,
  memoryCapBytes: 2048 * 1024 ** 2,
  calibrationBins: 15,
  tableRowCap: 100_000
};

/** Requests that expect exactly one `reply` with the same id. */
export type WorkerRequest =
  | { id: number; kind: 'configure'; config: WorkerConfig }
  | { id: number; kind: 'execute'; code: string }
  | { id: number; kind: 'complete'; code: string; cursor: number }
  | { id: number; kind: 'inspect'; code: string; cursor: number }
  | { id: number; kind: 'isComplete'; code: string };

/** Fire-and-forget messages to the worker. */
export type WorkerSignal = { kind: 'interrupt' };

/** File replies answer the worker's `file` requests (files.ts). */
export type ToWorker = WorkerRequest | WorkerSignal | FileReply;

/** The reply content for each request kind. */
export interface ReplyContent {
  configure: { status: 'ok' };
  execute: { status: 'ok' } | ({ status: 'error' } & CellError);
  complete: Completion;
  inspect: Inspection;
  isComplete: IsCompleteReply;
}

export type FromWorker =
  /** Posted once, when the worker script has loaded. */
  | { kind: 'ready' }
  /** A failure outside any cell (worker bootstrap); shown to the user. */
  | { kind: 'fatal'; message: string }
  | { kind: 'reply'; id: number; content: ReplyContent[keyof ReplyContent] }
  /** iopub traffic of the running cell, in order. */
  | { kind: 'stream'; name: 'stdout' | 'stderr'; text: string }
  | { kind: 'display_data'; output: DisplayOutput }
  | { kind: 'execute_result'; data: MimeBundle }
  /** A cell reads/writes a file: the kernel answers through the contents service (files.ts). */
  | FileRequest;
