/**
 * The softmax kernel: a JupyterLite `BaseKernel` whose cells run in a Web
 * Worker (worker.ts). This class only translates between Jupyter messages and
 * the worker protocol (protocol.ts); it never evaluates code itself.
 */
import { KernelMessage } from '@jupyterlab/services';
import { BaseKernel, type IKernel } from '@jupyterlite/services';
import { PromiseDelegate } from '@lumino/coreutils';

import { ContentsFileServer, type ContentsLike } from './files';
import type { FromWorker, ReplyContent, WorkerConfig, WorkerRequest } from './protocol';

/** Distributive Omit, so each request variant keeps its own fields. */
type RequestBody = WorkerRequest extends infer R
  ? R extends WorkerRequest
    ? Omit<R, 'id'>
    : never
  : never;

export interface ISoftmaxKernelOptions extends IKernel.IOptions {
  config: WorkerConfig;
  /** The Jupyter contents service, for sm.load/torch.load/save in cells (null: no file access). */
  contents?: ContentsLike | null;
}

/** Grace period after Interrupt before the worker is replaced (state is lost). */
export const INTERRUPT_GRACE_MS = 5000;

/** Rejects the running request when the worker is replaced. */
class WorkerReset extends Error {}

export class SoftmaxKernel extends BaseKernel {
  constructor(options: ISoftmaxKernelOptions) {
    // Replies of interrupted cells are tagged `cause: 'interrupt'`, so the kernel
    // client does not silently drop the queued cells; we abort them (handleMessage).
    const interrupted = new Set<string>();
    const send = options.sendMessage;
    super({
      ...options,
      sendMessage: msg => {
        if (msg.header.msg_type === 'execute_reply') {
          const parentId = (msg.parent_header as { msg_id?: string }).msg_id ?? '';
          if (interrupted.delete(parentId)) {
            msg.metadata = { ...msg.metadata, cause: 'interrupt' };
          }
        }
        send(msg);
      }
    });
    this._send = send;
    this._interruptedIds = interrupted;
    this._config = options.config;
    // Cell paths are relative to the notebook's folder, the kernel's location.
    this._files = new ContentsFileServer(options.contents ?? null, options.location ?? '');
    this._worker = this._startWorker();
  }

  /** Awaited by the kernel client before every message: the worker is up and configured. */
  get ready(): Promise<void> {
    return this._ready.promise;
  }

  /** Restart disposes this instance and creates a new one; terminating kills a runaway cell. */
  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._clearGrace();
    this._worker.terminate();
    this._failPending(new Error('kernel disposed'));
    super.dispose();
  }

  /**
   * Interrupt (reached through interrupt.ts): the running cell raises
   * KeyboardInterrupt at its next yield point; cells queued before now are
   * aborted. If the cell has not stopped after the grace period, the worker
   * is replaced and the user is told that the kernel state was reset.
   */
  interrupt(): void {
    this._abortBefore = Date.now();
    this._worker.postMessage({ kind: 'interrupt' });
    const running = this._runningId;
    if (!running) {
      return;
    }
    this._interruptedIds.add(running);
    this._clearGrace();
    this._grace = setTimeout(() => {
      if (this._runningId === running && !this.isDisposed) {
        this._replaceWorker(
          `the cell did not stop within ${INTERRUPT_GRACE_MS / 1000} s of Interrupt, so the ` +
            'kernel was restarted; all variables and imports are lost.'
        );
      }
    }, INTERRUPT_GRACE_MS);
  }

  /** Adds replies BaseKernel does not send, and aborts cells queued before an interrupt. */
  async handleMessage(msg: KernelMessage.IMessage): Promise<void> {
    const type = msg.header.msg_type;
    if (type === 'execute_request' && Date.parse(msg.header.date) < this._abortBefore) {
      // Like ipykernel after KeyboardInterrupt: no output, no execution count.
      this._reply(msg, 'execute_reply', { status: 'aborted' });
      return;
    }
    if (type === 'comm_info_request') {
      this._reply(msg, 'comm_info_reply', await this.commInfoRequest());
      return;
    }
    if (type === 'shutdown_request') {
      const restart = (msg.content as { restart?: boolean }).restart ?? false;
      this._reply(msg, 'shutdown_reply', { status: 'ok', restart });
      return;
    }
    return super.handleMessage(msg);
  }

  async kernelInfoRequest(): Promise<KernelMessage.IInfoReplyMsg['content']> {
    return {
      status: 'ok',
      protocol_version: '5.3',
      implementation: 'jupyterlab-softmax',
      implementation_version: '0.1.0',
      banner: 'Softmax (PyTorch-style): a PyTorch-compatible Python subset running in your browser',
      help_links: [],
      language_info: {
        name: 'python',
        version: '3.11',
        mimetype: 'text/x-python',
        file_extension: '.py',
        codemirror_mode: { name: 'python', version: 3 },
        pygments_lexer: 'ipython3',
        nbconvert_exporter: 'python'
      }
    };
  }

  async executeRequest(
    content: KernelMessage.IExecuteRequestMsg['content']
  ): Promise<KernelMessage.IExecuteReplyMsg['content']> {
    this._runningId = this.parentHeader?.msg_id ?? null;
    let reply: ReplyContent['execute'];
    try {
      reply = (await this._request({
        kind: 'execute',
        code: content.code
      })) as ReplyContent['execute'];
    } catch (err) {
      if (!(err instanceof WorkerReset)) {
        throw err;
      }
      this.stream({ name: 'stderr', text: `Kernel state was reset: ${err.message}\n` });
      reply = {
        status: 'error',
        ename: 'KeyboardInterrupt',
        evalue: '',
        traceback: ['KeyboardInterrupt: the cell was stopped by restarting the kernel']
      };
    } finally {
      this._runningId = null;
      this._clearGrace();
    }
    if (reply.status === 'error') {
      const { ename, evalue, traceback } = reply;
      this.publishExecuteError({ ename, evalue, traceback });
      return { status: 'error', execution_count: this.executionCount, ename, evalue, traceback };
    }
    return { status: 'ok', execution_count: this.executionCount, user_expressions: {} };
  }

  async completeRequest(
    content: KernelMessage.ICompleteRequestMsg['content']
  ): Promise<KernelMessage.ICompleteReplyMsg['content']> {
    const c = (await this._request({
      kind: 'complete',
      code: content.code,
      cursor: content.cursor_pos
    })) as ReplyContent['complete'];
    return {
      status: 'ok',
      matches: c.matches,
      cursor_start: c.cursorStart,
      cursor_end: c.cursorEnd,
      metadata: {}
    };
  }

  async inspectRequest(
    content: KernelMessage.IInspectRequestMsg['content']
  ): Promise<KernelMessage.IInspectReplyMsg['content']> {
    const r = (await this._request({
      kind: 'inspect',
      code: content.code,
      cursor: content.cursor_pos
    })) as ReplyContent['inspect'];
    return {
      status: 'ok',
      found: r.found,
      data: r.data as KernelMessage.IInspectReply['data'],
      metadata: {}
    };
  }

  async isCompleteRequest(
    content: KernelMessage.IIsCompleteRequestMsg['content']
  ): Promise<KernelMessage.IIsCompleteReplyMsg['content']> {
    const r = (await this._request({
      kind: 'isComplete',
      code: content.code
    })) as ReplyContent['isComplete'];
    return r.status === 'incomplete'
      ? { status: 'incomplete', indent: r.indent ?? '' }
      : { status: r.status };
  }

  async commInfoRequest(): Promise<KernelMessage.ICommInfoReplyMsg['content']> {
    return { status: 'ok', comms: {} };
  }

  // No stdin and no comms (no widgets) in this kernel.
  inputReply(): void {}
  async commOpen(): Promise<void> {}
  async commMsg(): Promise<void> {}
  async commClose(): Promise<void> {}

  private _onWorkerMessage(message: FromWorker): void {
    switch (message.kind) {
      case 'reply': {
        const pending = this._pending.get(message.id);
        this._pending.delete(message.id);
        pending?.resolve(message.content);
        break;
      }
      case 'stream':
        this.stream({ name: message.name, text: message.text });
        break;
      case 'display_data':
        this.displayData({ data: message.output.data, metadata: message.output.metadata } as any);
        break;
      case 'file':
        void this._files.handle(message).then(reply => this._worker.postMessage(reply));
        break;
      case 'execute_result':
        this.publishExecuteResult({
          execution_count: this.executionCount,
          data: message.data as any,
          metadata: {}
        });
        break;
    }
  }

  /** Start a worker; requests wait for its 'ready', then the limits are sent first. */
  private _startWorker(): Worker {
    // Keep this expression literal: the bundler turns it into a separate worker chunk.
    const worker = new Worker(new URL('./worker.js', import.meta.url));
    const ready = new PromiseDelegate<void>();
    this._ready = ready;
    worker.onmessage = event => {
      const message = event.data as FromWorker;
      if (message.kind === 'ready') {
        ready.resolve();
      } else if (message.kind === 'fatal') {
        ready.reject(new Error(message.message));
      } else {
        this._onWorkerMessage(message);
      }
    };
    worker.onerror = event => {
      const error = new Error(`softmax kernel worker failed: ${event.message}`);
      ready.reject(error);
      this._failPending(error);
    };
    // Limits reach the worker before any cell: requests are queued behind 'ready'.
    void ready.promise.then(() => this._request({ kind: 'configure', config: this._config }));
    return worker;
  }

  /** Terminate a stuck worker and start a fresh one; the running cell fails with `reason`. */
  private _replaceWorker(reason: string): void {
    this._worker.terminate();
    this._failPending(new WorkerReset(reason));
    this._worker = this._startWorker();
  }

  private _clearGrace(): void {
    if (this._grace !== undefined) {
      clearTimeout(this._grace);
      this._grace = undefined;
    }
  }

  /** Send a shell/control reply wrapped in busy/idle, as BaseKernel does for its own. */
  private _reply(msg: KernelMessage.IMessage, msgType: string, content: object): void {
    const status = (execution_state: 'busy' | 'idle') =>
      this._send(
        KernelMessage.createMessage({
          channel: 'iopub',
          msgType: 'status',
          session: msg.header.session,
          parentHeader: msg.header as any,
          content: { execution_state }
        })
      );
    status('busy');
    this._send(
      KernelMessage.createMessage({
        channel: msg.channel as any,
        msgType: msgType as any,
        session: msg.header.session,
        parentHeader: msg.header as any,
        content: content as any
      })
    );
    status('idle');
  }

  private _request(body: RequestBody): Promise<unknown> {
    const id = ++this._lastId;
    const delegate = new PromiseDelegate<unknown>();
    this._pending.set(id, delegate);
    this._worker.postMessage({ ...body, id });
    return delegate.promise;
  }

  private _failPending(error: Error): void {
    for (const pending of this._pending.values()) {
      pending.reject(error);
    }
    this._pending.clear();
  }

  private _send: (msg: KernelMessage.IMessage) => void;
  private _interruptedIds: Set<string>;
  private _config: WorkerConfig;
  private _worker: Worker;
  private _files: ContentsFileServer;
  private _ready = new PromiseDelegate<void>();
  private _pending = new Map<number, PromiseDelegate<unknown>>();
  private _lastId = 0;
  private _runningId: string | null = null;
  private _abortBefore = 0;
  private _grace: ReturnType<typeof setTimeout> | undefined;
}
