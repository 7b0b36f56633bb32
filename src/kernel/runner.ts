/**
 * Worker-side dispatcher: turns protocol requests into calls on the language
 * Session and streams the cell's output back as it happens. Kept free of any
 * worker global so it runs in jest/Node as well (worker.ts only wires `self`).
 */
import { setMemoryCap } from '../engine/tensor';
import { setLiveCap } from '../engine/memory';
import type { CellHooks } from '../lang/api';
import { setModuleDefaults } from '../lang';
import { WorkerFileClient } from './files';
import {
  DEFAULT_CONFIG,
  type FromWorker,
  type ReplyContent,
  type ToWorker,
  type WorkerConfig,
  type WorkerRequest
} from './protocol';
import { Session } from './session';

export class Runner {
  constructor(post: (message: FromWorker) => void) {
    this._post = post;
  }

  /** Current limits; exposed for tests and for the language layer's defaults. */
  get config(): WorkerConfig {
    return this._config;
  }

  async handle(message: ToWorker): Promise<void> {
    if (message.kind === 'fileReply') {
      this._files.handleReply(message);
      return;
    }
    if (message.kind === 'interrupt') {
      // Seen by the Session at its next yield point (it yields every ~20 ms).
      this._interrupted = true;
      return;
    }
    let content: FromWorker & { kind: 'reply' };
    try {
      content = { kind: 'reply', id: message.id, content: await this._dispatch(message) };
    } catch (err) {
      // A bug below the language layer must not leave the kernel waiting forever.
      const evalue = err instanceof Error ? err.message : String(err);
      content = {
        kind: 'reply',
        id: message.id,
        content: {
          status: 'error',
          ename: 'InternalError',
          evalue,
          traceback: [`InternalError: ${evalue}`]
        }
      };
    }
    this._post(content);
  }

  private async _dispatch(message: WorkerRequest): Promise<ReplyContent[keyof ReplyContent]> {
    switch (message.kind) {
      case 'configure':
        this._config = { ...message.config };
        setMemoryCap(this._config.memoryCapBytes);
        setLiveCap('tensor', this._config.memoryCapBytes); // the cap holds for all live tensors together
        setModuleDefaults({
          calibrationBins: this._config.calibrationBins,
          tableRowCap: this._config.tableRowCap
        });
        return { status: 'ok' };
      case 'execute':
        return this._execute(message.code);
      case 'complete':
        return this._session.complete(message.code, message.cursor);
      case 'inspect':
        return this._session.inspect(message.code, message.cursor);
      case 'isComplete':
        return this._session.isComplete(message.code);
    }
  }

  private async _execute(code: string): Promise<ReplyContent['execute']> {
    this._interrupted = false;
    const post = this._post;
    const hooks: CellHooks = {
      stdout: text => post({ kind: 'stream', name: 'stdout', text }),
      stderr: text => post({ kind: 'stream', name: 'stderr', text }),
      display: output => post({ kind: 'display_data', output })
    };
    const result = await this._session.runCell(code, hooks, {
      isInterrupted: () => this._interrupted,
      timeLimitMs: this._config.timeLimitMs
    });
    if (result.status === 'error' && result.error) {
      return { status: 'error' as const, ...result.error };
    }
    if (result.result) {
      post({ kind: 'execute_result', data: result.result });
    }
    return { status: 'ok' as const };
  }

  private _post: (message: FromWorker) => void;
  private _config: WorkerConfig = { ...DEFAULT_CONFIG };
  /** Cells read/write files through the kernel (the contents service), see files.ts. */
  private _files = new WorkerFileClient(message => this._post(message));
  private _session = new Session(this._files);
  private _interrupted = false;
}
