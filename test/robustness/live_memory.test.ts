/**
 * Live-memory accounting (src/engine/memory.ts): a cell that keeps many large
 * objects alive gets a MemoryError it can catch, instead of running the worker's
 * heap out (which kills the browser tab); memory that is freed is given back.
 */
import * as v8 from 'v8';
import * as vm from 'vm';
import { Session } from '../../src/lang';
import { liveBytes, liveCap, setLiveCap } from '../../src/engine/memory';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/**
 * Collect garbage and let the FinalizationRegistry callbacks run; with `until`,
 * keep at it (up to 5 s) until it holds: the cleanup task's turn in the event
 * loop is not guaranteed after one round when the machine is busy.
 */
async function collect(until: () => boolean = () => true): Promise<void> {
  const end = Date.now() + 5000;
  for (let i = 0; i < 3 || (!until() && Date.now() < end); i++) {
    gc();
    await new Promise(r => setTimeout(r, 20));
  }
}

function hooks() {
  const h = { out: '', err: '' };
  return { h, hooks: { stdout: (t: string) => void (h.out += t), stderr: (t: string) => void (h.err += t), display: () => undefined } };
}

const MiB = 1024 ** 2;

describe('live memory cap', () => {
  const saved = { heap: liveCap('heap'), tensor: liveCap('tensor') };
  afterEach(() => {
    setLiveCap('heap', saved.heap);
    setLiveCap('tensor', saved.tensor);
  });

  test('lists kept alive in a loop end with a catchable MemoryError; the session lives on', async () => {
    await collect();
    const base = liveBytes('heap');
    setLiveCap('heap', base + 64 * MiB);
    const s = new Session();
    const { h, hooks: hk } = hooks();
    const r = await s.runCell('xs = []\nfor i in range(400):\n    xs.append([i] * 10**6)', hk, { sliceMs: 5 });
    expect(r.status).toBe('error');
    expect(r.status === 'error' && r.error.ename).toBe('MemoryError');
    expect(r.status === 'error' && r.error.evalue).toMatch(/MiB in Python lists and tuples, over the kernel's limit of \d+ MiB/);
    // stopped early: far fewer than 400 lists were built
    expect((await s.runCell('print(len(xs) < 40)', hk)).status).toBe('ok');
    expect(h.out).toBe('True\n');
    await s.runCell('del xs', hk);
    // Freed lists give their memory back. (Measured on a fresh cell: objects an
    // interrupted cell was working on may stay referenced by its error for a while.)
    await collect();
    const base2 = liveBytes('heap');
    setLiveCap('heap', base2 + 64 * MiB);
    const ok = await s.runCell('ys = [[0] * 10**6 for _ in range(4)]\nprint(len(ys))', hk, { sliceMs: 5 });
    expect(ok.status).toBe('ok');
    expect(h.out).toBe('True\n4\n');
    expect(liveBytes('heap')).toBeGreaterThanOrEqual(base2 + 30 * MiB);
    await s.runCell('del ys', hk);
    await collect(() => liveBytes('heap') < base2 + 8 * MiB);
    expect(liveBytes('heap')).toBeLessThan(base2 + 8 * MiB);
  }, 60_000);

  test('the cell can catch the MemoryError and free what it holds', async () => {
    await collect();
    setLiveCap('heap', liveBytes('heap') + 32 * MiB);
    const s = new Session();
    const { h, hooks: hk } = hooks();
    const code = [
      'xs = []',
      'try:',
      '    for i in range(400):',
      '        xs.append([i] * 10**6)',
      'except MemoryError as e:',
      "    print('caught', type(e).__name__)",
      '    xs = None',
      "print('after')"
    ].join('\n');
    const r = await s.runCell(code, hk, { sliceMs: 5 });
    expect(r.status).toBe('ok');
    expect(h.out).toBe('caught MemoryError\nafter\n');
  }, 60_000);

  test('tensors count against the tensor budget', async () => {
    await collect();
    setLiveCap('tensor', liveBytes('tensor') + 64 * MiB);
    const s = new Session();
    const { hooks: hk } = hooks();
    const r = await s.runCell('import torch\nts = []\nfor i in range(100):\n    ts.append(torch.zeros(10**6))', hk, { sliceMs: 5 });
    expect(r.status === 'error' && r.error.ename).toBe('MemoryError');
    expect(r.status === 'error' && r.error.evalue).toMatch(/MiB in tensors, over the kernel's limit of \d+ MiB; .*raise the memory cap in Settings/);
    await s.runCell('del ts', hk);
    await collect(() => liveBytes('tensor') < liveCap('tensor'));
    const again = await s.runCell('x = torch.ones(10**6).sum()\nprint(x)', hk);
    expect(again.status).toBe('ok');
  }, 60_000);

  test('small objects are not tracked (no cost on the hot path)', async () => {
    await collect();
    const before = liveBytes();
    const s = new Session();
    await s.runCell('xs = [[i] * 100 for i in range(1000)]\nimport torch\nt = [torch.zeros(100) for _ in range(100)]', hooks().hooks);
    expect(liveBytes()).toBe(before);
  });
});
