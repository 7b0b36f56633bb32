/**
 * Issue #9: one long engine call must not outlive the cell's time limit. The
 * interpreter only checks its limit between Python steps, so each cell below
 * is a single engine call that would run for many seconds (10-30x the limit);
 * the engine's cooperative deadline (src/engine/deadline.ts) stops it with the
 * interpreter's own KeyboardInterrupt, and the session stays usable.
 * Timing asserts are loose on purpose (limit + 3 s): the machine is shared.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Session } from '../../src/lang';
import type { CellHooks } from '../../src/lang/api';
import { runCli } from '../../src/cli';
import { checkDeadline, setDeadline, DeadlineError } from '../../src/engine/deadline';
import { resetPrintOptions } from '../../src/engine/format';

jest.setTimeout(120_000);

const MARGIN_MS = 6000; // loose: CI cores are busy; without the deadline these calls run for minutes

function hooks(): { h: CellHooks; out: () => string } {
  let out = '';
  return {
    h: { stdout: t => void (out += t), stderr: () => undefined, display: () => undefined },
    out: () => out
  };
}

/** Run `code` with a time limit; return the error and the elapsed wall time. */
async function limited(
  s: Session,
  code: string,
  limitMs: number
): Promise<{ ename?: string; evalue?: string; ms: number; out: string }> {
  const { h, out } = hooks();
  const t0 = Date.now();
  const r = await s.runCell(code, h, { timeLimitMs: limitMs });
  return { ename: r.error?.ename, evalue: r.error?.evalue, ms: Date.now() - t0, out: out() };
}

async function expectUsable(s: Session, probe: string, expected: string): Promise<void> {
  const { h, out } = hooks();
  const r = await s.runCell(probe, h);
  expect(r.status).toBe('ok');
  expect(out()).toBe(expected);
}

/** One session holding a 3000x3000 float64 matrix: `a @ a` is ~2.7e10 multiply-adds (tens of seconds). */
const M = new Session();

beforeAll(async () => {
  expect(
    (await M.runCell('import torch\na = torch.randn(3000, 3000, dtype=torch.float64)')).status
  ).toBe('ok');
});

afterAll(() => {
  resetPrintOptions();
  setDeadline(null);
});

describe('engine deadline', () => {
  test('checkDeadline is free when unset and throws a KeyboardInterrupt-tagged error once passed', () => {
    setDeadline(null);
    expect(() => checkDeadline()).not.toThrow();
    setDeadline(Date.now() + 60_000, 'later');
    expect(() => checkDeadline()).not.toThrow();
    setDeadline(Date.now() - 1, 'execution time limit of 1 s exceeded');
    let err: unknown;
    try {
      checkDeadline();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DeadlineError);
    expect((err as DeadlineError).pyType).toBe('KeyboardInterrupt');
    expect((err as Error).message).toBe('execution time limit of 1 s exceeded');
    setDeadline(null);
    expect(() => checkDeadline()).not.toThrow();
  });

  test('a 3000x3000 float64 matmul stops at the limit; the session keeps its globals', async () => {
    const s = M;
    const r = await limited(s, 'b = a @ a', 1500);
    expect(r.ename).toBe('KeyboardInterrupt');
    expect(r.evalue).toBe('execution time limit of 1.5 s exceeded');
    expect(r.ms).toBeLessThan(1500 + MARGIN_MS);
    // `b` was never bound; `a` is intact and small work still runs
    await expectUsable(
      s,
      "print('b' in dir(), a.shape, (a[:2, :3] @ a[:3, :2]).shape)",
      'False torch.Size([3000, 3000]) torch.Size([2, 2])\n'
    );
  });

  test('`except Exception` does not swallow the time limit inside an engine call', async () => {
    const s = M;
    const r = await limited(
      s,
      "try:\n    b = a @ a\nexcept Exception:\n    print('caught')\n",
      1000
    );
    expect(r.ename).toBe('KeyboardInterrupt');
    expect(r.out).toBe('');
    expect(r.ms).toBeLessThan(1000 + MARGIN_MS);
  });

  test('a huge stable sort and a huge row-wise sort stop at the limit', async () => {
    const s = new Session();
    await s.runCell('import torch\nx = torch.rand(12_000_000)\ny = torch.rand(6000, 2500)');
    const a = await limited(s, 'v, i = torch.sort(x, stable=True)', 1000);
    expect(a.ename).toBe('KeyboardInterrupt');
    expect(a.ms).toBeLessThan(1000 + MARGIN_MS);
    const b = await limited(s, 'v, i = torch.sort(y, dim=1)', 1000);
    expect(b.ename).toBe('KeyboardInterrupt');
    expect(b.ms).toBeLessThan(1000 + MARGIN_MS);
    await expectUsable(
      s,
      'print(torch.sort(torch.tensor([3, 1, 2])).values.tolist())',
      '[1, 2, 3]\n'
    );
  });

  test('printing a giant tensor in full stops at the limit', async () => {
    const s = new Session();
    await s.runCell('import torch\ntorch.manual_seed(0)\nx = torch.rand(2500, 2000)');
    const r = await limited(s, 'torch.set_printoptions(threshold=10**10)\nprint(x)', 1000);
    expect(r.ename).toBe('KeyboardInterrupt');
    expect(r.out).toBe('');
    expect(r.ms).toBeLessThan(1000 + MARGIN_MS);
    // the final-expression repr runs under the same deadline
    const e = await limited(s, 'x', 1000);
    expect(e.ename).toBe('KeyboardInterrupt');
    expect(e.ms).toBeLessThan(1000 + MARGIN_MS);
    await expectUsable(
      s,
      "torch.set_printoptions(profile='default')\nprint(torch.tensor([1.5, 2.0]))",
      'tensor([1.5000, 2.0000])\n'
    );
  });

  test('large random generation and fills stop at the limit', async () => {
    const s = new Session();
    await s.runCell('import torch');
    const r = await limited(s, 'z = torch.randn(60_000_000)', 500);
    expect(r.ename).toBe('KeyboardInterrupt');
    expect(r.ms).toBeLessThan(500 + MARGIN_MS);
    await expectUsable(
      s,
      "print('z' in dir(), torch.full((3,), 2.0).tolist())",
      'False [2.0, 2.0, 2.0]\n'
    );
  });

  test('no deadline leaks: after a stopped cell, unlimited cells run long engine calls to the end', async () => {
    const s = M;
    expect((await limited(s, 'b = a @ a', 500)).ename).toBe('KeyboardInterrupt');
    // the old deadline has passed; a cell without a limit must not see it
    const { h, out } = hooks();
    const r = await s.runCell('x = torch.randn(2_000_000)\nprint(x.shape)', h);
    expect(r.status).toBe('ok');
    expect(out()).toBe('torch.Size([2000000])\n');
  });

  test('runCellSync applies the deadline too', () => {
    const s = M;
    const t0 = Date.now();
    const r = s.runCellSync('b = a @ a', { timeLimitMs: 1000 });
    expect(r.error?.ename).toBe('KeyboardInterrupt');
    expect(Date.now() - t0).toBeLessThan(1000 + MARGIN_MS);
    expect(s.runCellSync('a.shape[0] + 1').result).toBe('3001');
  });
});

describe('softmax-run --timeout', () => {
  test('a single long engine call exits 124 near the limit', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'softmax-deadline-'));
    const file = path.join(dir, 'long.py');
    fs.writeFileSync(
      file,
      'import torch\nprint("start")\na = torch.randn(3000, 3000, dtype=torch.float64)\nb = a @ a\nprint("never")\n'
    );
    let out = '';
    let err = '';
    const t0 = Date.now();
    const code = await runCli(
      ['--timeout', '2', file],
      { write: t => void (out += t) },
      { write: t => void (err += t) }
    );
    const ms = Date.now() - t0;
    expect(code).toBe(124);
    expect(out).toBe('start\n');
    expect(err.trim().endsWith('KeyboardInterrupt: execution time limit of 2 s exceeded')).toBe(
      true
    );
    expect(ms).toBeLessThan(2000 + MARGIN_MS);
  });
});
