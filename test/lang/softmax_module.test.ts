/**
 * `import jupyterlab_softmax as sm` and torch.load/torch.save, run as cells
 * through the Session (async runCell) with an in-memory HostIO: metrics equal
 * the engine's, printed formats, temperature fitting against the realistic
 * fixture, every loader format, save/load round trips, Python errors for
 * missing files and malicious pickles, and the displayed MIME bundles.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Session, type HostIO } from '../../src/lang';
import { PyDict, PyList, PyTuple, PyInstance } from '../../src/lang/values';
import type { DisplayOutput } from '../../src/outputs/bundle';
import * as E from '../../src/engine';
import { loadNpz } from '../../src/engine/io/index';
import { TABLE_MIME_TYPE, parseTablePayload } from '../../src/outputs/table';
import { CALIBRATION_MIME_TYPE, parseCalibrationPayload } from '../../src/outputs/calibration';
import { setModuleDefaults, resetModuleDefaults } from '../../src/lang/modules/softmax/defaults';

const FIX = path.join(__dirname, '..', 'fixtures');
jest.setTimeout(60_000);

/** Disk fixtures under test/fixtures (read-only) plus an in-memory overlay for writes. */
class MemIO implements HostIO {
  files = new Map<string, Uint8Array>();
  reads: string[] = [];
  async readFile(p: string): Promise<Uint8Array> {
    this.reads.push(p);
    const mem = this.files.get(p);
    if (mem) {
      return mem;
    }
    const full = path.join(FIX, p);
    if (!full.startsWith(FIX) || !fs.existsSync(full) || fs.statSync(full).isDirectory()) {
      throw Object.assign(new Error(`no such file: ${p}`), { code: 'ENOENT' });
    }
    return new Uint8Array(fs.readFileSync(full));
  }
  async writeFile(p: string, data: Uint8Array): Promise<void> {
    this.files.set(p, data.slice());
  }
}

interface Ran {
  out: string;
  err: string;
  displays: DisplayOutput[];
  ename?: string;
  evalue?: string;
  result?: string;
}

async function run(code: string, session: Session): Promise<Ran> {
  let out = '';
  let err = '';
  const displays: DisplayOutput[] = [];
  const r = await session.runCell(code, {
    stdout: t => void (out += t),
    stderr: t => void (err += t),
    display: d => void displays.push(d)
  });
  return {
    out,
    err,
    displays,
    ename: r.error?.ename,
    evalue: r.error?.evalue,
    result:
      typeof r.result?.['text/plain'] === 'string' ? (r.result['text/plain'] as string) : undefined
  };
}

/** Run and insist on success (shows the traceback otherwise). */
async function ok(code: string, session: Session): Promise<Ran> {
  const r = await run(code, session);
  if (r.ename) {
    throw new Error(`unexpected ${r.ename}: ${r.evalue}\n--- stdout\n${r.out}`);
  }
  return r;
}

function newSession(io: HostIO = new MemIO()): Session {
  return new Session(io);
}

const realistic = loadNpz(
  new Uint8Array(fs.readFileSync(path.join(FIX, 'calibration', 'realistic.npz')))
);
const Z = realistic.logits;
const Y = realistic.labels;
const want = JSON.parse(fs.readFileSync(path.join(FIX, 'calibration', 'realistic.json'), 'utf8'));

let shared: Session;
beforeAll(async () => {
  shared = newSession();
  await ok(
    "import torch\nimport jupyterlab_softmax as sm\nd = sm.load('calibration/realistic.npz')\nz, y = d['logits'], d['labels']\np = torch.softmax(z, dim=1)",
    shared
  );
}, 60_000);

afterEach(() => resetModuleDefaults());

const num = (s: string): number => Number(s.trim());

describe('metrics equal the engine', () => {
  const P = E.softmax(Z, 1);
  const cases: [string, string, number][] = [];
  const fns: [string, (x: E.Tensor, y: E.Tensor, o: E.MetricOptions) => number][] = [
    ['ece', E.ece],
    ['mce', E.mce],
    ['ace', E.ace],
    ['classwise_ece', E.classwiseEce],
    ['brier', E.brier],
    ['nll', E.nll],
    ['accuracy', E.accuracy]
  ];
  for (const [name, f] of fns) {
    cases.push([name, `sm.${name}(z, y, logits=True)`, f(Z, Y, { logits: true })]);
    cases.push([
      name,
      `sm.${name}(z, y, logits=True, temperature=1.5, bins=10)`,
      f(Z, Y, { logits: true, temperature: 1.5, bins: 10 })
    ]);
    cases.push([
      name,
      `sm.${name}(p, y, convention='torchmetrics')`,
      f(P, Y, { convention: 'torchmetrics' })
    ]);
  }
  test.each(cases)('%s: %s', async (_n, expr, value) => {
    const r = await ok(`print(repr(${expr}))`, shared);
    expect(num(r.out)).toBe(value);
  });

  test('metrics are floats and match the fixture ECE (gpleiss convention)', async () => {
    const r = await ok('e = sm.ece(z, y, logits=True)\nprint(type(e).__name__)', shared);
    expect(r.out).toBe('float\n');
    expect(Math.abs(E.ece(Z, Y, { logits: true }) - want.metrics.guo.ece)).toBeLessThan(1e-6);
  });

  test('lists work as inputs', async () => {
    const r = await ok(
      'print(sm.accuracy([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]], [0, 1, 1]))',
      shared
    );
    expect(r.out).toBe('0.6666666666666666\n');
  });

  test('bins default comes from the host setting', async () => {
    setModuleDefaults({ calibrationBins: 7 });
    const r = await ok('print(repr(sm.ece(z, y, logits=True)))', shared);
    expect(num(r.out)).toBe(E.ece(Z, Y, { logits: true, bins: 7 }));
  });
});

describe('fit_temperature', () => {
  test('exact fit matches the fixture T to 1e-6', async () => {
    const r = await ok(
      'fit = sm.fit_temperature(z, y)\nprint(repr(fit.temperature), repr(float(fit)), fit.method, fit.converged)',
      shared
    );
    const [t, tf, method, conv] = r.out.trim().split(' ');
    expect(Math.abs(num(t) - want.exact.temperature) / want.exact.temperature).toBeLessThan(1e-6);
    expect(num(tf)).toBe(num(t));
    expect(method).toBe('exact');
    expect(conv).toBe('True');
  });

  test('repr, nll_before/after, iterations, formatting', async () => {
    const r = await ok(
      'print(fit)\nprint(f"{fit:.3f}", type(fit.iterations).__name__)\nprint(fit.nll_before, fit.nll_after)',
      shared
    );
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(
      /^TemperatureFit\(temperature=1\.1332, method='exact', nll_before=0\.7852, nll_after=0\.7782, iterations=\d+\)$/
    );
    expect(lines[1]).toBe('1.133 int');
    const [before, after] = lines[2].split(' ').map(Number);
    expect(before).toBeCloseTo(want.exact.nllBefore, 10);
    expect(after).toBeCloseTo(want.exact.nll, 10);
  });

  test("method='lbfgs' reproduces the classic recipe and says it did not converge", async () => {
    const r = await ok(
      "c = sm.fit_temperature(z, y, method='lbfgs')\nprint(c.temperature)\nc",
      shared
    );
    expect(num(r.out)).toBeCloseTo(want.lbfgs.temperature, 6);
    expect(r.result).toMatch(
      /^TemperatureFit\(temperature=1\.3116, method='lbfgs', .*iterations=50, converged=False\)$/
    );
  });

  test('bad method → ValueError', async () => {
    const r = await run("sm.fit_temperature(z, y, method='adam')", shared);
    expect([r.ename, r.evalue]).toEqual([
      'ValueError',
      "fit_temperature(): method must be 'exact' or 'lbfgs', got 'adam'"
    ]);
  });
});

describe('calibration', () => {
  test('displays the calibration bundle and returns the metrics', async () => {
    const r = await ok(
      'res = sm.calibration(z, y)\nprint(res.ece, res.fitted, res.temperature, res.after, res.fit, res.bins, res.n)',
      shared
    );
    expect(r.displays).toHaveLength(1);
    const data = r.displays[0].data;
    expect(Object.keys(data)).toEqual(
      expect.arrayContaining([CALIBRATION_MIME_TYPE, 'text/plain'])
    );
    expect(parseCalibrationPayload(data[CALIBRATION_MIME_TYPE]).ok).toBe(true);
    const [ece, fitted, t, after, fit, bins, n] = r.out.trim().split(' ');
    expect(num(ece)).toBe(E.ece(Z, Y, { logits: true }));
    expect([fitted, t, after, fit, bins, n]).toEqual([
      'False',
      '1.0',
      'None',
      'None',
      '15',
      '10000'
    ]);
  });

  test("temperature='fit': before/after, result metrics at the fitted T, printed table", async () => {
    const r = await ok(
      "res = sm.calibration(z, y, temperature='fit')\nprint(res)\nprint(res.before.ece, res.after.ece, res.ece, res.temperature)",
      shared
    );
    const payload = r.displays[0].data[CALIBRATION_MIME_TYPE] as { fit: { temperature: number } };
    expect(payload.fit.temperature).toBeCloseTo(want.exact.temperature, 9);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('Calibration (15 bins, guo)    T=1.000   T=1.133 (fit, exact)');
    expect(lines[1]).toBe('  ECE                          0.0344                 0.0116');
    expect(lines[7]).toBe('  Accuracy                     0.7351                 0.7351');
    expect(lines[8]).toBe('  N=10000, C=10');
    const [b, a, final, t] = lines[9].split(' ').map(Number);
    expect(b).toBe(E.ece(Z, Y, { logits: true }));
    expect(a).toBe(E.ece(Z, Y, { logits: true, temperature: t }));
    expect(final).toBe(a);
    // the printed repr is the same compact table
    const rr = await ok('res', shared);
    expect(rr.result).toBe(lines.slice(0, 9).join('\n'));
  });

  test('metrics objects: repr and to_dict', async () => {
    const r = await ok('print(res.before)\nprint(sorted(res.after.to_dict().keys()))', shared);
    expect(r.out.split('\n')[0]).toBe(
      'CalibrationMetrics(temperature=1.0000, ece=0.0344, mce=0.1897, ace=0.0338, classwise_ece=0.0094, brier=0.3699, nll=0.7852, accuracy=0.7351)'
    );
    expect(r.out.split('\n')[1]).toBe(
      "['accuracy', 'ace', 'brier', 'classwise_ece', 'ece', 'mce', 'nll', 'temperature']"
    );
  });

  test('a TemperatureFit from other rows gives before/after without refitting', async () => {
    const r = await ok(
      'f2 = sm.fit_temperature(z[:5000], y[:5000])\nres2 = sm.calibration(z[5000:], y[5000:], temperature=f2)\nprint(res2.fitted, res2.temperature == f2.temperature)',
      shared
    );
    expect(r.out).toBe('True True\n');
  });

  test('a number: one column at that temperature; bins/convention/classes pass through', async () => {
    const classes = Array.from({ length: 10 }, (_, i) => `c${i}`);
    const r = await ok(
      `res3 = sm.calibration(z, y, temperature=2.0, bins=10, convention='torchmetrics', classes=${JSON.stringify(classes)})\nprint(res3.ece, res3.temperature, res3.after)`,
      shared
    );
    const p = r.displays[0].data[CALIBRATION_MIME_TYPE] as {
      bins: number;
      convention: string;
      classes: string[];
      temperature: number;
    };
    expect([p.bins, p.convention, p.classes, p.temperature]).toEqual([
      10,
      'torchmetrics',
      classes,
      2
    ]);
    expect(num(r.out.split(' ')[0])).toBe(
      E.ece(Z, Y, { logits: true, temperature: 2, bins: 10, convention: 'torchmetrics' })
    );
  });

  test('probabilities with probs=True; errors are Python exceptions', async () => {
    const r = await ok('print(sm.calibration(p, y, probs=True).ece)', shared);
    expect(num(r.out)).toBe(E.ece(E.softmax(Z, 1), Y, {}));
    const bad: [string, string, string][] = [
      [
        "sm.calibration(p, y, probs=True, temperature='fit')",
        'ValueError',
        'calibration(): a temperature applies to logits; drop probs=True to pass logits'
      ],
      [
        "sm.calibration(z, y, temperature='best')",
        'ValueError',
        "calibration(): temperature must be None, a number, 'fit' or a TemperatureFit, got 'best'"
      ],
      [
        'sm.calibration(z, y, temperature=-1.0)',
        'ValueError',
        'calibration(): temperature must be a positive finite number, got -1.0'
      ],
      [
        "sm.calibration(z, y, convention='numpy')",
        'ValueError',
        "calibration(): convention must be 'guo' or 'torchmetrics', got 'numpy'"
      ],
      [
        'sm.calibration(z, y, bins=0)',
        'ValueError',
        'calibration(): bins must be a positive integer, got 0'
      ],
      [
        'sm.calibration(z, y[:5])',
        'ValueError',
        'labels must have shape (10000,) to match 10000 rows, got (5,)'
      ],
      [
        "sm.calibration('z', y)",
        'TypeError',
        "calibration(): argument 'logits' must be a Tensor or a list, not str"
      ],
      [
        'sm.ece(z.long(), y)',
        'ValueError',
        'expected a floating point tensor of probabilities, got int64'
      ]
    ];
    for (const [code, ename, evalue] of bad) {
      const e = await run(code, shared);
      expect([code, e.ename, e.evalue]).toEqual([code, ename, evalue]);
    }
  });
});

describe('table', () => {
  test('displays the table bundle (custom MIME, text/html, text/plain) and returns None', async () => {
    const r = await ok(
      "out = sm.table(z[:4], [f'class {i}' for i in range(10)], logits=True, temperature=1.5, top_k=3)\nprint(out)",
      shared
    );
    expect(r.out).toBe('None\n');
    expect(r.displays).toHaveLength(1);
    const data = r.displays[0].data;
    expect(Object.keys(data).sort()).toEqual([TABLE_MIME_TYPE, 'text/html', 'text/plain'].sort());
    const parsed = parseTablePayload(data[TABLE_MIME_TYPE]);
    if (!parsed.ok) {
      throw new Error(parsed.error);
    }
    expect(parsed.value.payload).toMatchObject({
      kind: 'logits',
      temperature: 1.5,
      topK: 3,
      totalRows: 4,
      classes: expect.arrayContaining(['class 0'])
    });
    expect(data['text/plain']).toContain('Probability table: 4 rows × 10 classes');
  });

  test('dim picks the class axis; the row cap comes from the host setting', async () => {
    setModuleDefaults({ tableRowCap: 3 });
    const r = await ok('sm.table(p.t(), dim=0)', shared);
    const parsed = parseTablePayload(r.displays[0].data[TABLE_MIME_TYPE]);
    if (!parsed.ok) {
      throw new Error(parsed.error);
    }
    expect(parsed.value.payload).toMatchObject({ rowCap: 3, totalRows: 10000, dim: 0 });
    expect(parsed.value.rows).toBe(3);
  });

  test('bad arguments', async () => {
    expect((await run('sm.table(p[:2], classes=3)', shared)).evalue).toBe(
      "table(): argument 'classes' must be a list of names or None, not int"
    );
    expect((await run("sm.table(p[:2], ['a'])", shared)).evalue).toBe(
      'got 1 class names for 10 classes'
    );
    expect((await run('sm.table(p[:2], dim=2)', shared)).ename).toBe('IndexError');
  });
});

describe('load: every fixture format', () => {
  const expected: Record<string, any> = JSON.parse(
    fs.readFileSync(path.join(FIX, 'io', 'expected.json'), 'utf8')
  );
  const numOf = (v: unknown): number =>
    v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === 'NaN' ? NaN : (v as number);
  /** The loaded Python value in the expected.json shape (ordered-ness is not kept: a dict is a dict). */
  const describe_ = (v: unknown): unknown => {
    if (v instanceof PyInstance && v.native instanceof E.Tensor) {
      const t = v.native as E.Tensor;
      return {
        kind: 'tensor',
        dtype: t.dtype,
        shape: t.shape,
        requiresGrad: t.requiresGrad,
        values: Array.from(t.toFlat())
      };
    }
    if (v instanceof PyDict) {
      return { kind: 'dict', entries: v.keys().map((k: unknown) => [k, describe_(v.get(k))]) };
    }
    if (v instanceof PyList || v instanceof PyTuple) {
      return { kind: v instanceof PyList ? 'list' : 'tuple', items: v.items.map(describe_) };
    }
    return { kind: 'scalar', value: typeof v === 'bigint' ? Number(v) : v };
  };
  const norm = (w: any): any => {
    if (w.kind === 'tensor') {
      return {
        kind: 'tensor',
        dtype: w.dtype,
        shape: w.shape,
        requiresGrad: w.requiresGrad ?? false,
        values: w.values.map(numOf)
      };
    }
    if (w.kind === 'dict') {
      return { kind: 'dict', entries: w.entries.map(([k, x]: [unknown, any]) => [k, norm(x)]) };
    }
    if (w.kind === 'list' || w.kind === 'tuple') {
      return { kind: w.kind, items: w.items.map(norm) };
    }
    return w;
  };
  const good = Object.entries(expected).filter(([, w]) => !w.error);
  const bad = Object.entries(expected).filter(([n, w]) => w.error && n !== 'bomb.npz'); // bomb: needs a lower cap than the default

  test.each(good)('sm.load and torch.load read %s', async (name, w) => {
    const s = newSession();
    await ok(
      `import torch\nimport jupyterlab_softmax as sm\na = sm.load('io/${name}')\nb = torch.load('io/${name}', map_location='cpu', weights_only=True)`,
      s
    );
    expect(describe_(s.globals.get('a'))).toEqual(norm(w));
    expect(describe_(s.globals.get('b'))).toEqual(norm(w));
  });

  test.each(bad)('%s raises its Python exception', async (name, w) => {
    const s = newSession();
    const r = await run(`import jupyterlab_softmax as sm\nsm.load('io/${name}')`, s);
    expect(r.ename).toBe(w.error);
    expect(r.evalue).toContain(w.message);
    expect(r.evalue).toContain(`'io/${name}'`);
  });
});

describe('save / load round trips', () => {
  test('torch.save → torch.load keeps dtypes, shapes, containers and scalars', async () => {
    const s = newSession();
    const r = await ok(
      `import torch
x = torch.arange(12, dtype=torch.float64).reshape(3, 4)
obj = {'x': x, 'i': torch.tensor([1, -2, 3]), 'b': torch.tensor([True, False]), 'f': x.float()[:, 1:3],
       'nested': [x[0], (torch.ones(2), 'name', 7, 2.5, None)], 'epoch': 3}
torch.save(obj, 'ckpt.pt')
back = torch.load('ckpt.pt')
print(back)
print(all(torch.equal(obj[k], back[k]) for k in ['x', 'i', 'b', 'f']), back['f'].dtype, back['nested'][1][1:])`,
      s
    );
    expect(r.out).toBe(`{'x': tensor([[ 0.,  1.,  2.,  3.],
        [ 4.,  5.,  6.,  7.],
        [ 8.,  9., 10., 11.]], dtype=torch.float64), 'i': tensor([ 1, -2,  3]), 'b': tensor([ True, False]), 'f': tensor([[ 1.,  2.],
        [ 5.,  6.],
        [ 9., 10.]]), 'nested': [tensor([0., 1., 2., 3.], dtype=torch.float64), (tensor([1., 1.]), 'name', 7, 2.5, None)], 'epoch': 3}
True torch.float32 ('name', 7, 2.5, None)
`);
  });

  test('the written file is a real torch.save zip (what PyTorch reads)', async () => {
    const io = new MemIO();
    await ok("import torch\ntorch.save(torch.tensor([1.5, 2.5]), 't.pt')", newSession(io));
    const bytes = io.files.get('t.pt')!;
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]); // PK zip
    const back = E.load(bytes, 't.pt') as E.Tensor;
    expect(Array.from(back.toFlat())).toEqual([1.5, 2.5]);
  });

  test('io.BytesIO round trip', async () => {
    const r = await ok(
      'import io, torch\nbuf = io.BytesIO()\ntorch.save({"w": torch.eye(2)}, buf)\nprint(buf.tell() > 0, buf.seek(0))\nprint(torch.load(buf))',
      newSession()
    );
    expect(r.out).toBe("True 0\n{'w': tensor([[1., 0.],\n        [0., 1.]])}\n");
  });

  test('sm.save picks npy / npz / csv by extension; sm.load reads them back', async () => {
    const io = new MemIO();
    const r = await ok(
      `import torch
import jupyterlab_softmax as sm
p = torch.tensor([[0.25, 0.75], [0.5, 0.5]])
sm.save(p, 'p.npy')
sm.save({'logits': p.log(), 'labels': torch.tensor([1, 0])}, 'val.npz')
sm.save(p, 'p.csv')
print(sm.load('p.npy'))
print(sm.load('val.npz')['labels'])
print(torch.equal(sm.load('p.csv'), p))`,
      newSession(io)
    );
    expect(r.out).toBe(
      'tensor([[0.2500, 0.7500],\n        [0.5000, 0.5000]])\ntensor([1, 0])\nTrue\n'
    );
    expect(Array.from(io.files.get('p.npy')!.slice(1, 6))).toEqual(
      [...'NUMPY'].map(c => c.charCodeAt(0))
    );
  });

  test('unsavable objects → TypeError', async () => {
    const r = await run('import torch\ntorch.save({"f": print}, "x.pt")', newSession());
    expect([r.ename, r.evalue]).toEqual([
      'TypeError',
      "cannot save an object of type 'builtin_function_or_method': only tensors and dict/list/tuple containers of tensors, numbers, strings and None can be saved"
    ]);
    const r2 = await run('import jupyterlab_softmax as sm\nsm.save([1], "x.npy")', newSession());
    expect([r2.ename, r2.evalue]).toEqual(['TypeError', 'saving a .npy file needs a tensor']);
  });
});

describe('errors', () => {
  test('missing file → FileNotFoundError, CPython wording, catchable as OSError', async () => {
    const s = newSession();
    const r = await run("import jupyterlab_softmax as sm\nsm.load('x.npy')", s);
    expect([r.ename, r.evalue]).toEqual([
      'FileNotFoundError',
      "[Errno 2] No such file or directory: 'x.npy'"
    ]);
    const r2 = await ok(
      "import torch\ntry:\n    torch.load('missing/w.pt')\nexcept OSError as e:\n    print(type(e).__name__, e.errno, e.filename)",
      s
    );
    expect(r2.out).toBe('FileNotFoundError 2 missing/w.pt\n');
  });

  test('malicious pickles → pickle.UnpicklingError; nothing runs', async () => {
    const s = newSession();
    const r = await ok(
      "import torch, pickle\nfor name in ['io/evil.pt', 'io/eval_global.pt']:\n    try:\n        torch.load(name, weights_only=False)\n    except pickle.UnpicklingError as e:\n        print('refused:', e)",
      s
    );
    expect(r.out).toContain(
      'refused: Weights only load failed. Unsupported global: GLOBAL posix.system'
    );
    expect(r.out).toContain(
      'refused: Weights only load failed. Unsupported global: GLOBAL builtins.eval'
    );
    const r2 = await run("import torch\ntorch.load('io/evil.pt')", s);
    expect(r2.ename).toBe('UnpicklingError');
  });

  test('map_location on a GPU → RuntimeError as in CPU-only PyTorch; bad path types → TypeError', async () => {
    const s = newSession();
    const r = await run("import torch\ntorch.load('io/tensor.pt', map_location='cuda:0')", s);
    expect(r.ename).toBe('RuntimeError');
    expect(r.evalue).toContain("map_location=torch.device('cpu')");
    const r2 = await run('torch.load(3)', s);
    expect([r2.ename, r2.evalue]).toEqual([
      'TypeError',
      "load(): argument 'f' must be a path (str) or io.BytesIO, not int"
    ]);
  });

  test('no host file access → OSError; the synchronous runner refuses cleanly', async () => {
    const r = await run("import jupyterlab_softmax as sm\nsm.load('a.npy')", new Session());
    expect([r.ename, r.evalue]).toEqual([
      'OSError',
      "reading files is not available here (no host file access): 'a.npy'"
    ]);
    const sync = new Session(new MemIO()).runCellSync(
      "import jupyterlab_softmax as sm\nsm.load('io/f4.npy')"
    );
    expect(sync.error?.ename).toBe('OSError');
  });

  test('host failures other than missing files keep their message', async () => {
    const io: HostIO = {
      readFile: async () => Promise.reject(Object.assign(new Error('denied'), { code: 'EACCES' }))
    };
    const r = await run("import jupyterlab_softmax as sm\nsm.load('secret.pt')", new Session(io));
    expect([r.ename, r.evalue]).toEqual([
      'PermissionError',
      "[Errno 13] Permission denied: 'secret.pt'"
    ]);
    const io2: HostIO = { readFile: async () => Promise.reject(new Error('server said 500')) };
    const r2 = await run("import jupyterlab_softmax as sm\nsm.load('a.pt')", new Session(io2));
    expect([r2.ename, r2.evalue]).toEqual(['OSError', "server said 500: 'a.pt'"]);
  });
});

describe('module surface', () => {
  test('help texts and names', async () => {
    const r = await ok("print(sorted(n for n in dir(sm) if not n.startswith('_')))", shared);
    expect(r.out).toBe(
      "['CalibrationMetrics', 'CalibrationResult', 'TemperatureFit', 'accuracy', 'ace', 'brier', 'calibration', 'classwise_ece', 'ece', 'fit_temperature', 'load', 'mce', 'nll', 'save', 'table']\n"
    );
    const h = await ok('help(sm.fit_temperature)', shared);
    expect(h.out).toContain("'lbfgs' replays the classic");
  });

  test('the table caption and the returned tensors work without importing torch first', async () => {
    const s = newSession();
    const r = await ok(
      "import jupyterlab_softmax as sm\nd = sm.load('io/dict.json')\nprint(d['logits'].softmax(dim=1).sum(dim=1))",
      s
    );
    expect(r.out).toBe('tensor([1., 1.])\n');
  });
});
