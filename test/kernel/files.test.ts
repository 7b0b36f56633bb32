/**
 * Kernel-side file access: the worker's HostIO (WorkerFileClient) ↔ the
 * kernel's ContentsFileServer over the contents API, with a fake contents
 * manager that behaves like jupyter_server (base64 wrapped at 76 columns,
 * 404 ResponseErrors) and like JupyterLite (plain Errors, text models).
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  WorkerFileClient,
  ContentsFileServer,
  resolvePath,
  modelBytes,
  type ContentsLike,
  type FileRequest
} from '../../src/kernel/files';
import { Session } from '../../src/lang';

class FakeContents implements ContentsLike {
  files = new Map<string, Uint8Array>();
  dirs = new Set<string>(['', 'nb']);
  calls: string[] = [];
  constructor(private style: 'server' | 'lite' = 'server') {}
  async get(
    p: string,
    opts?: { format?: string | null }
  ): Promise<{ type: string; format: string; content: unknown }> {
    this.calls.push(`get ${p} ${opts?.format}`);
    if (this.dirs.has(p)) {
      return { type: 'directory', format: 'json', content: [] };
    }
    const f = this.files.get(p);
    if (!f) {
      if (this.style === 'server') {
        throw Object.assign(new Error(`Not Found`), { response: { status: 404 } });
      }
      throw new Error(`Could not find file ${p}`);
    }
    if (this.style === 'lite' && p.endsWith('.csv')) {
      return { type: 'file', format: 'text', content: new TextDecoder().decode(f) };
    }
    const b64 = Buffer.from(f)
      .toString('base64')
      .replace(/(.{76})/g, '$1\n');
    return { type: 'file', format: 'base64', content: b64 };
  }
  async save(p: string, opts?: { format?: string; content?: unknown }): Promise<unknown> {
    this.calls.push(`save ${p} ${opts?.format}`);
    this.files.set(p, new Uint8Array(Buffer.from(String(opts?.content), 'base64')));
    return {};
  }
}

/** A Session whose HostIO goes through the worker protocol to a ContentsFileServer. */
function wired(
  contents: FakeContents | null,
  location: string
): { session: Session; requests: FileRequest[] } {
  const server = new ContentsFileServer(contents, location);
  const requests: FileRequest[] = [];
  const client: WorkerFileClient = new WorkerFileClient(req => {
    requests.push(req);
    // structured clone in the browser; the reply comes back asynchronously
    void server.handle(req).then(reply => client.handleReply(reply));
  });
  return { session: new Session(client), requests };
}

async function run(
  session: Session,
  code: string
): Promise<{ out: string; ename?: string; evalue?: string }> {
  let out = '';
  const r = await session.runCell(code, {
    stdout: t => void (out += t),
    stderr: () => undefined,
    display: () => undefined
  });
  return { out, ename: r.error?.ename, evalue: r.error?.evalue };
}

const TENSOR_PT = new Uint8Array(
  fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'io', 'tensor.pt'))
);

test('resolvePath: relative to the notebook folder, drives, root, ..', () => {
  expect(resolvePath('nb', 'val.npz')).toBe('nb/val.npz');
  expect(resolvePath('', 'val.npz')).toBe('val.npz');
  expect(resolvePath('nb/sub', '../data/./x.pt')).toBe('nb/data/x.pt');
  expect(resolvePath('nb', '/top.csv')).toBe('top.csv');
  expect(resolvePath('RTC:nb', 'x.npy')).toBe('RTC:nb/x.npy');
  expect(() => resolvePath('nb', '../../x')).toThrow(/outside the server root/);
});

test('modelBytes: base64 with line breaks, text and json models', () => {
  expect(Array.from(modelBytes({ type: 'file', format: 'base64', content: 'AAEC\nAw==' }))).toEqual(
    [0, 1, 2, 3]
  );
  expect(
    new TextDecoder().decode(modelBytes({ type: 'file', format: 'text', content: 'a,b\n1,2\n' }))
  ).toBe('a,b\n1,2\n');
  expect(
    new TextDecoder().decode(modelBytes({ type: 'file', format: 'json', content: { x: [1] } }))
  ).toBe('{"x":[1]}');
});

test('torch.load / torch.save through the contents service (jupyter_server style)', async () => {
  const contents = new FakeContents('server');
  contents.files.set('nb/weights.pt', TENSOR_PT);
  const { session, requests } = wired(contents, 'nb');
  const r = await run(
    session,
    "import torch\nt = torch.load('weights.pt')\nprint(t.shape)\ntorch.save({'t': t * 2}, 'out/doubled.pt')\nprint(torch.load('out/doubled.pt')['t'].shape)"
  );
  expect(r.ename).toBeUndefined();
  expect(r.out).toBe('torch.Size([3, 4])\ntorch.Size([3, 4])\n');
  expect(requests.map(q => `${q.op} ${q.path}`)).toEqual([
    'read weights.pt',
    'write out/doubled.pt',
    'read out/doubled.pt'
  ]);
  expect(contents.calls).toEqual([
    'get nb/weights.pt base64',
    'save nb/out/doubled.pt base64',
    'get nb/out/doubled.pt base64'
  ]);
});

test('missing files, directories and no contents service become Python errors', async () => {
  for (const style of ['server', 'lite'] as const) {
    const { session } = wired(new FakeContents(style), 'nb');
    const r = await run(session, "import jupyterlab_softmax as sm\nsm.load('missing.npy')");
    expect([style, r.ename, r.evalue]).toEqual([
      style,
      'FileNotFoundError',
      "[Errno 2] No such file or directory: 'missing.npy'"
    ]);
  }
  const { session } = wired(new FakeContents('server'), '');
  const d = await run(session, "import jupyterlab_softmax as sm\nsm.load('nb')");
  expect([d.ename, d.evalue]).toEqual(['OSError', "[Errno 21] Is a directory: 'nb'"]);
  const none = wired(null, 'nb').session;
  const n = await run(none, "import jupyterlab_softmax as sm\nsm.load('a.npy')");
  expect(n.ename).toBe('OSError');
  expect(n.evalue).toContain('no Jupyter contents service');
});

test('a JupyterLite text model for a .csv still loads', async () => {
  const contents = new FakeContents('lite');
  contents.files.set('nb/p.csv', new TextEncoder().encode('0.25,0.75\n0.5,0.5\n'));
  const { session } = wired(contents, 'nb');
  const r = await run(session, "import jupyterlab_softmax as sm\nprint(sm.load('p.csv'))");
  expect(r.out).toBe('tensor([[0.2500, 0.7500],\n        [0.5000, 0.5000]])\n');
});

test('replies for unknown ids are ignored', () => {
  const client = new WorkerFileClient(() => undefined);
  expect(client.handleReply({ kind: 'fileReply', id: 99, ok: true })).toBe(false);
});

test('the Runner wires the worker Session to file requests and applies the module defaults', async () => {
  const { Runner } = await import('../../src/kernel/runner');
  const { DEFAULT_CONFIG } = await import('../../src/kernel/protocol');
  const { getModuleDefaults, setModuleDefaults } = await import('../../src/lang');
  const contents = new FakeContents('server');
  contents.files.set('nb/weights.pt', TENSOR_PT);
  const server = new ContentsFileServer(contents, 'nb');
  const sent: any[] = [];
  const runner: any = new Runner(message => {
    sent.push(message);
    if (message.kind === 'file') {
      void server.handle(message).then(reply => runner.handle(reply));
    }
  });
  await runner.handle({
    id: 1,
    kind: 'configure',
    config: { ...DEFAULT_CONFIG, calibrationBins: 20, tableRowCap: 500 }
  });
  expect(getModuleDefaults()).toEqual({ calibrationBins: 20, tableRowCap: 500 });
  await runner.handle({
    id: 2,
    kind: 'execute',
    code: "import torch\nprint(torch.load('weights.pt').shape)"
  });
  expect(sent.filter(m => m.kind === 'stream').map(m => m.text)).toEqual(['torch.Size([3, 4])\n']);
  expect(sent[sent.length - 1]).toEqual({ kind: 'reply', id: 2, content: { status: 'ok' } });
  setModuleDefaults({ calibrationBins: 15, tableRowCap: 100_000 });
});
