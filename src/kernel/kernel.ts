/**
 * The softmax kernel: a JupyterLite `BaseKernel` whose cells run in a Web
 * Worker (worker.ts). This class only translates between Jupyter messages and
 * the worker protocol (protocol.ts); it never evaluates code itself.
 */
import type { KernelMessage } from '@jupyterlab/services';
import { BaseKernel, type IKernel } from '@jupyterlite/services';
import { PromiseDelegate } from '@lumino/coreutils';

import type { FromWorker, ReplyContent, WorkerConfig, WorkerRequest } from './protocol';

/** Distributive Omit, so each request variant keeps its own fields. */
type RequestBody = WorkerRequest extends infer R
  ? R extends WorkerRequest
    ? Omit<R, 'id'>
    : never
  : never;

export interface ISoftmaxKernelOptions extends IKernel.IOptions {
  config: WorkerConfig;
}

export class SoftmaxKernel extends BaseKernel {
  constructor(options: ISoftmaxKernelOptions) {
    super(options);
    // Keep this expression literal: the bundler turns it into a separate worker chunk.
    this._worker = new Worker(new URL('./worker.js', import.meta.url));
    this._worker.onmessage = event => this._onWorkerMessage(event.data as FromWorker);
    this._worker.onerror = event => {
      const error = new Error(`softmax kernel worker failed: ${event.message}`);
      this._ready.reject(error);
      this._failPending(error);
    };
    // Limits reach the worker before any cell: requests are queued behind 'ready'.
    void this._ready.promise.then(() =>
      this._request({ kind: 'configure', config: options.config })
    );
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
    this._worker.terminate();
    this._failPending(new Error('kernel disposed'));
    super.dispose();
  }

  /** Ask the running cell to raise KeyboardInterrupt at its next yield point. */
  interrupt(): void {
    this._worker.postMessage({ kind: 'interrupt' });
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
    const reply = (await this._request({
      kind: 'execute',
      code: content.code
    })) as ReplyContent['execute'];
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
      case 'ready':
        this._ready.resolve();
        break;
      case 'fatal':
        this._ready.reject(new Error(message.message));
        break;
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
      case 'execute_result':
        this.publishExecuteResult({
          execution_count: this.executionCount,
          data: message.data as any,
          metadata: {}
        });
        break;
    }
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

  private _worker: Worker;
  private _ready = new PromiseDelegate<void>();
  private _pending = new Map<number, PromiseDelegate<unknown>>();
  private _lastId = 0;
}
