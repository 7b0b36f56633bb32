/**
 * Real files (tools/gen_real_io_fixtures.py: logits of small models trained with
 * torch, saved with torch.save / np.save / np.savez / np.savetxt / json.dump)
 * loaded through sm.load and torch.load in a Session, compared with what real
 * torch/numpy load: dtype, shape, strides + storage offset (torch.save keeps
 * views), requires_grad, exact values (or a sha256 of them as float64) and the
 * printed repr. Then the calibration API on the trained models' logits against
 * float64 numpy references of the metric definitions, torchmetrics 1.9 and the
 * temperatures from a float64 root-finder and from torch's LBFGS recipe.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as crypto from 'crypto';
import { Session, type HostIO } from '../../src/lang';
import { PyDict, PyList, PyTuple, PyInstance, type PyValue } from '../../src/lang/values';
import { Tensor } from '../../src/engine/tensor';
import { load, isLoadedDict } from '../../src/engine/io/index';

const FIX = path.join(__dirname, '..', 'fixtures');
const REAL = path.join(FIX, 'io', 'real');
jest.setTimeout(120_000);

class DiskIO implements HostIO {
  async readFile(p: string): Promise<Uint8Array> {
    const full = path.join(FIX, p);
    if (!full.startsWith(FIX) || !fs.existsSync(full)) {
      throw Object.assign(new Error(`no such file: ${p}`), { code: 'ENOENT' });
    }
    return new Uint8Array(fs.readFileSync(full));
  }
}

const quiet = {
  stdout: () => undefined,
  stderr: () => undefined,
  display: () => undefined
};

async function cell(session: Session, code: string): Promise<string> {
  let out = '';
  const r = await session.runCell(code, { ...quiet, stdout: t => void (out += t) });
  if (r.error) {
    throw new Error(`${r.error.ename}: ${r.error.evalue}\n${code}`);
  }
  return out;
}

const expected: Record<string, any> = JSON.parse(
  fs.readFileSync(path.join(REAL, 'expected.json'), 'utf8')
);
delete expected._meta;
const num = (v: unknown): unknown =>
  v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v;

function sha256F64(t: Tensor): string {
  const f = Float64Array.from(t.toFlat() as ArrayLike<number>);
  return crypto.createHash('sha256').update(new Uint8Array(f.buffer)).digest('hex');
}

/** Python subscripts from the root to every tensor with a repr to compare. */
const reprs: [string, string, string][] = [];

function check(got: PyValue, want: any, where: string, expr: string, file: string): void {
  switch (want.kind) {
    case 'tensor': {
      expect([where, got instanceof PyInstance && got.native instanceof Tensor]).toEqual([
        where,
        true
      ]);
      const t = (got as PyInstance).native as Tensor;
      expect([where, t.dtype, t.shape, t.requiresGrad]).toEqual([
        where,
        want.dtype,
        want.shape,
        want.requires_grad
      ]);
      if (want.strides) {
        expect([where, t.strides, t.offset]).toEqual([where, want.strides, want.storage_offset]);
      }
      if (want.values) {
        const vals = Array.from(t.toFlat() as ArrayLike<number>).map(v =>
          t.dtype === 'bool' ? v !== 0 : v
        );
        expect([where, vals]).toEqual([where, want.values.map(num)]);
      } else {
        expect([where, sha256F64(t)]).toEqual([where, want.sha256_f64]);
      }
      // torch.save(nn.Parameter(x)) loads as a Parameter ("Parameter containing:\ntensor(...)")
      expect([where, (got as PyInstance).klass.name]).toEqual([
        where,
        want.parameter ? 'Parameter' : 'Tensor'
      ]);
      if (want.repr) {
        reprs.push([file, expr, want.repr]);
      }
      return;
    }
    case 'dict': {
      expect([where, got instanceof PyDict]).toEqual([where, true]);
      const d = got as PyDict;
      const keys = [...d.keys()].map(k => (typeof k === 'bigint' ? Number(k) : k));
      expect([where, keys]).toEqual([where, want.entries.map((e: any) => e[0])]);
      for (const [k, w] of want.entries) {
        const key = typeof k === 'number' ? BigInt(k) : k;
        const sub = typeof k === 'string' ? `'${k}'` : String(k);
        check(d.get(key)!, w, `${where}[${sub}]`, `${expr}[${sub}]`, file);
      }
      return;
    }
    case 'list':
    case 'tuple': {
      const cls = want.kind === 'list' ? PyList : PyTuple;
      expect([where, got instanceof cls]).toEqual([where, true]);
      const items = (got as PyList | PyTuple).items;
      expect([where, items.length]).toEqual([where, want.items.length]);
      want.items.forEach((w: any, i: number) =>
        check(items[i], w, `${where}[${i}]`, `${expr}[${i}]`, file)
      );
      return;
    }
    case 'scalar': {
      const v = typeof got === 'bigint' ? Number(got) : got;
      expect([where, v]).toEqual([where, num(want.value)]);
      // Python int vs float survives loading (a pickled 1.0 stays a float)
      const types: Record<string, string> = { int: 'bigint', float: 'number', str: 'string' };
      if (types[want.type]) {
        expect([where, typeof got]).toEqual([where, types[want.type]]);
      }
      return;
    }
  }
  throw new Error(`bad expectation at ${where}`);
}

const names = Object.keys(expected);
const session = new Session(new DiskIO());

beforeAll(async () => {
  await cell(session, 'import torch\nimport jupyterlab_softmax as sm');
});

describe.each(['sm.load', 'torch.load'])('%s of real files', loader => {
  test.each(names)('%s', async name => {
    await cell(session, `v = ${loader}('io/real/${name}')`);
    check(session.globals.get('v')!, expected[name], name, 'v', name);
  });
});

test('printed tensors equal what torch printed for the same loaded files', async () => {
  expect(reprs.length).toBeGreaterThan(40);
  let n = 0;
  for (const [file, expr, want] of reprs) {
    await cell(session, `v = sm.load('io/real/${file}')`);
    const got = await cell(session, `print(repr(${expr}))`);
    expect([file, expr, got]).toEqual([file, expr, want + '\n']);
    n++;
  }
  expect(n).toBe(reprs.length);
});

test('state_dict and checkpoints stay OrderedDicts in the engine', () => {
  for (const f of ['t_state_dict.pth', 't_checkpoint.tar']) {
    const v = load(new Uint8Array(fs.readFileSync(path.join(REAL, f))), f);
    if (!isLoadedDict(v)) {
      throw new Error('dict expected');
    }
    expect([f, v.ordered]).toEqual([f, expected[f].ordered]);
  }
});

test('views saved by torch.save share one storage after loading', async () => {
  await cell(session, "s = torch.load('io/real/t_shared.pt')");
  const out = await cell(
    session,
    "s['full'][2, 1] = 123.0\nprint(s['slice'][0, 1].item(), s['col'][2].item(), s['T'][1, 2].item(), s['same'][2, 1].item())"
  );
  expect(out).toBe('123.0 123.0 123.0 123.0\n');
});

test('labels from a CSV file (float32) get a hint; .long() makes them usable', async () => {
  const r = await session.runCell(
    "L = sm.load('io/real/n_logits_f4.npy')[:12]\nyc = sm.load('io/real/c_labels.csv')\nsm.ece(L, yc, logits=True)",
    quiet
  );
  expect(r.error?.ename).toBe('ValueError');
  expect(r.error?.evalue).toBe(
    'labels must be an integer tensor (got float32); labels loaded from a .csv file are float32: pass labels.long()'
  );
  const out = await cell(
    session,
    "y = sm.load('io/real/n_labels_i8.npy')[:12]\n" +
      'for f in [sm.ece, sm.nll, sm.accuracy]:\n' +
      '    print(f(L, yc.long(), logits=True) == f(L, y, logits=True))\n' +
      'print(sm.fit_temperature(L, yc.long()).temperature == sm.fit_temperature(L, y).temperature)'
  );
  expect(out).toBe('True\nTrue\nTrue\nTrue\n');
});

// ------------------------------------------------------------------ calibration on real-model logits

const cal = JSON.parse(fs.readFileSync(path.join(FIX, 'calibration', 'real_models.json'), 'utf8'));
const MODELS = Object.keys(cal.models);
const METRICS = ['ece', 'mce', 'ace', 'classwise_ece', 'brier', 'nll', 'accuracy'];
const rel = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

describe.each(MODELS)('calibration API on the %s model', model => {
  const entry = cal.models[model];
  let got: Record<string, number[]>;

  beforeAll(async () => {
    await cell(
      session,
      `M = torch.load('calibration/real_models.pt')\nL, Y = M['${model}']['logits'], M['${model}']['labels']`
    );
    const lines: string[] = [];
    for (const src of ['L', 'L.double()']) {
      for (const r of entry.metrics) {
        const kw = `logits=True, temperature=${r.T}`;
        const calls = METRICS.map(m =>
          ['brier', 'nll', 'accuracy'].includes(m)
            ? `sm.${m}(${src}, Y, ${kw})`
            : `sm.${m}(${src}, Y, ${kw}, bins=${r.bins}, convention='${r.convention}')`
        );
        lines.push(
          `print('${src}|${r.T}|${r.bins}|${r.convention}', ${calls.map(c => `repr(${c})`).join(', ')})`
        );
      }
    }
    got = {};
    for (const line of (await cell(session, lines.join('\n'))).trim().split('\n')) {
      const [key, ...vals] = line.split(' ');
      got[key] = vals.map(Number);
    }
  });

  test('float32 and float64 logits: every metric within 1e-9 relative of float64 numpy', () => {
    let compared = 0;
    for (const src of ['L', 'L.double()']) {
      for (const r of entry.metrics) {
        const vals = got[`${src}|${r.T}|${r.bins}|${r.convention}`];
        METRICS.forEach((m, i) => {
          const want = r.own64[m];
          expect([
            src,
            r.T,
            r.bins,
            r.convention,
            m,
            rel(vals[i], want) <= 1e-9 ? 'ok' : vals[i]
          ]).toEqual([src, r.T, r.bins, r.convention, m, 'ok']);
          compared++;
        });
      }
    }
    expect(compared).toBe(2 * entry.metrics.length * METRICS.length);
  });

  test("convention='torchmetrics' ECE/MCE agree with torchmetrics 1.9 (float32 bin sums: 2e-6 abs)", () => {
    const rows = entry.metrics.filter((r: any) => r.convention === 'torchmetrics');
    expect(rows.length).toBe(6);
    for (const r of rows) {
      const vals = got[`L|${r.T}|${r.bins}|torchmetrics`];
      expect(Math.abs(vals[0] - r.torchmetrics.ece)).toBeLessThan(2e-6);
      expect(Math.abs(vals[1] - r.torchmetrics.mce)).toBeLessThan(2e-6);
    }
  });

  test("fit_temperature: 'exact' is the NLL minimiser, 'lbfgs' replays torch's LBFGS recipe", async () => {
    const f = entry.fit;
    const out = await cell(
      session,
      'for x in [L, L.double()]:\n' +
        '    e = sm.fit_temperature(x, Y)\n' +
        "    g = sm.fit_temperature(x, Y, method='lbfgs')\n" +
        '    print(repr(e.temperature), repr(e.nll_before), repr(e.nll_after), repr(g.temperature), g.iterations)'
    );
    const rows = out
      .trim()
      .split('\n')
      .map(l => l.split(' ').map(Number));
    expect(rows.length).toBe(2);
    rows.forEach(([t, before, after, tl, it], k) => {
      expect(rel(t, f.t_star)).toBeLessThan(1e-9);
      expect(rel(before, f.nll_before)).toBeLessThan(1e-12);
      expect(rel(after, f.nll_star)).toBeLessThan(1e-12);
      // float32 emulation of the closure vs torch's float32 autograd: a few float32 ulps
      expect(rel(tl, k === 0 ? f.t_lbfgs : f.t_lbfgs_float64_logits)).toBeLessThan(2e-6);
      expect(it).toBe(f.lbfgs_iterations);
    });
  });
});
