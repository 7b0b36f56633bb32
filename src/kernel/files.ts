/**
 * File access for cells (sm.load / torch.load / sm.save / torch.save) in the
 * kernel. The worker cannot reach the Jupyter contents service, so its HostIO
 * (`WorkerFileClient`) posts a `file` request to the kernel on the main
 * thread, which answers through the contents service (`ContentsFileServer`):
 * REST in JupyterLab, the browser drive in JupyterLite. Paths are relative to
 * the notebook's folder (the kernel's `location`); binary data travels as
 * base64 in the contents API and as a Uint8Array between worker and kernel.
 *
 * No JupyterLab runtime imports: the worker bundles the client half, and the
 * server half takes any object with the contents manager's get/save shape.
 */
import type { HostIO } from '../lang/api';
import { bytesToBase64, base64ToBytes } from '../outputs/base64';

/** Worker → kernel. */
export type FileRequest =
  | { kind: 'file'; id: number; op: 'read'; path: string }
  | { kind: 'file'; id: number; op: 'write'; path: string; data: Uint8Array };

/** Kernel → worker. `code` is Node-style ('ENOENT', 'EACCES', 'EISDIR'): the language maps it to OSError subclasses. */
export type FileReply =
  | { kind: 'fileReply'; id: number; ok: true; data?: Uint8Array }
  | { kind: 'fileReply'; id: number; ok: false; code?: string; message: string };

// ---------------------------------------------------------------- worker half

/** The HostIO the worker's Session uses: each call is one request/reply with the kernel. */
export class WorkerFileClient implements HostIO {
  constructor(private readonly post: (message: FileRequest) => void) {}

  readFile(path: string): Promise<Uint8Array> {
    return this.request({ kind: 'file', id: ++this.lastId, op: 'read', path }).then(
      d => d ?? new Uint8Array(0)
    );
  }

  async writeFile(path: string, data: Uint8Array): Promise<void> {
    await this.request({ kind: 'file', id: ++this.lastId, op: 'write', path, data });
  }

  /** Feed a reply from the kernel; returns false if it was not ours. */
  handleReply(reply: FileReply): boolean {
    const pending = this.pending.get(reply.id);
    if (!pending) {
      return false;
    }
    this.pending.delete(reply.id);
    if (reply.ok) {
      pending.resolve(reply.data);
    } else {
      pending.reject(Object.assign(new Error(reply.message), { code: reply.code }));
    }
    return true;
  }

  private request(message: FileRequest): Promise<Uint8Array | undefined> {
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject });
      this.post(message);
    });
  }

  private lastId = 0;
  private pending = new Map<
    number,
    { resolve: (d?: Uint8Array) => void; reject: (e: Error) => void }
  >();
}

// ---------------------------------------------------------------- kernel half

/** The part of Contents.IManager we use (JupyterLab and JupyterLite both provide it). */
export interface ContentsLike {
  get(
    path: string,
    options?: { type?: 'file'; format?: 'base64'; content?: boolean }
  ): Promise<ContentsModelLike>;
  save(
    path: string,
    options?: { type?: 'file'; format?: 'base64'; content?: string }
  ): Promise<unknown>;
}

export interface ContentsModelLike {
  type: string;
  format?: string | null;
  content: unknown;
}

/**
 * Resolve a cell's path against the notebook folder. `location` may carry a
 * drive prefix ('RTC:folder'); a leading '/' means the root of that drive.
 * '..' cannot climb above the root (the contents API has nothing there).
 */
export function resolvePath(location: string, path: string): string {
  const m = /^([^/:]+):(.*)$/.exec(location);
  const drive = m ? m[1] + ':' : '';
  const dir = m ? m[2] : location;
  const parts: string[] = [];
  const input = path.startsWith('/') ? path : `${dir}/${path}`;
  for (const p of input.split('/')) {
    if (p === '' || p === '.') {
      continue;
    }
    if (p === '..') {
      if (!parts.length) {
        throw Object.assign(new Error(`path is outside the server root: ${path}`), {
          code: 'ENOENT'
        });
      }
      parts.pop();
    } else {
      parts.push(p);
    }
  }
  return drive + parts.join('/');
}

/** A contents-service failure in Node's terms (status codes from ServerConnection.ResponseError). */
function codeOf(e: unknown): string | undefined {
  const status = (e as { response?: { status?: number } })?.response?.status;
  if (status === 404) {
    return 'ENOENT';
  }
  if (status === 403 || status === 401) {
    return 'EACCES';
  }
  const msg = e instanceof Error ? e.message : String(e);
  // JupyterLite's drive rejects with plain Errors
  if (/not found|could not find|no such file|does not exist/i.test(msg)) {
    return 'ENOENT';
  }
  return undefined;
}

const encoder = new TextEncoder();

/** A file model's content as bytes, whatever format the service chose. */
export function modelBytes(model: ContentsModelLike): Uint8Array {
  const c = model.content;
  if (model.format === 'base64' && typeof c === 'string') {
    // jupyter_server wraps base64 at 76 columns
    const bytes = base64ToBytes(c.replace(/\s+/g, ''));
    if (!bytes) {
      throw new Error('the contents service returned invalid base64');
    }
    return bytes;
  }
  if (typeof c === 'string') {
    return encoder.encode(c);
  }
  if (c !== null && c !== undefined) {
    return encoder.encode(JSON.stringify(c));
  }
  throw new Error('the contents service returned no content');
}

/** Answers the worker's file requests through the contents service. */
export class ContentsFileServer {
  constructor(
    private readonly contents: ContentsLike | null,
    /** The notebook's folder (the kernel's `location`). */
    private readonly location: string
  ) {}

  async handle(req: FileRequest): Promise<FileReply> {
    const fail = (code: string | undefined, message: string): FileReply => ({
      kind: 'fileReply',
      id: req.id,
      ok: false,
      code,
      message
    });
    if (!this.contents) {
      return fail(undefined, 'file access is not available (no Jupyter contents service)');
    }
    let path: string;
    try {
      path = resolvePath(this.location, req.path);
    } catch (e) {
      return fail(codeOf(e) ?? 'ENOENT', (e as Error).message);
    }
    try {
      if (req.op === 'read') {
        const model = await this.contents.get(path, {
          type: 'file',
          format: 'base64',
          content: true
        });
        if (model.type === 'directory') {
          return fail('EISDIR', `is a directory: ${path}`);
        }
        return { kind: 'fileReply', id: req.id, ok: true, data: modelBytes(model) };
      }
      await this.contents.save(path, {
        type: 'file',
        format: 'base64',
        content: bytesToBase64(req.data)
      });
      return { kind: 'fileReply', id: req.id, ok: true };
    } catch (e) {
      const code = (e as { code?: string })?.code ?? codeOf(e);
      return fail(code, e instanceof Error ? e.message : String(e));
    }
  }
}
