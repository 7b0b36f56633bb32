/**
 * Issue #9: ≥ 10,000 seeded programs (random tokens, mutated corpus programs,
 * deep nesting, huge/long sources, unicode, torch calls with mismatched shapes
 * and dtypes) plus resource/recursion bombs run through one Session. Every one
 * ends with output or a well-formed Python exception within the time limit, the
 * engine's memory cap holds, and a known-good cell works after each.
 * FUZZ_SEED / FUZZ_COUNT override the defaults (same seed → same programs).
 */
import { setMemoryCap, getMemoryCap } from '../../src/engine/tensor';
import { programs } from './gen/programs';
import { BOMBS } from './gen/bombs';
import { hugeProgram, HUGE_CASES } from './gen/structure';
import { rng } from './gen/rng';
import { badPythonError, jsLeak } from './gen/check';
import { FuzzSession, Captured } from './gen/session';
import { gc, mem, MiB } from './gen/memory';

const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const COUNT = Number(process.env.FUZZ_COUNT ?? 10_000);
/**
 * Per-program time limit. Not larger: runaway bombs (list(enumerate(range(10**12))))
 * allocate until stopped, and the rss check below must stay meaningful.
 */
const LIMIT_MS = 2000;
/**
 * A program may overrun the limit by this much: the check runs every slice, and a
 * few bombs are single native calls (sorting 10^7 items, reversing 10^8 characters)
 * that finish before the next check.
 */
const SLACK_MS = 8000;
const CAP = 256 * MiB;
/** rss may grow this much over the suite (a 256 MiB allocation may be alive at a check). */
const RSS_GROWTH = 1024 * MiB;

const tally: Record<string, number> = {};
const byKind: Record<string, number> = {};
const msByKind: Record<string, number> = {};
let ran = 0;
const oldCap = getMemoryCap();
let fs: FuzzSession;
let rss0 = 0;

beforeAll(async () => {
  setMemoryCap(CAP);
  fs = new FuzzSession();
  await fs.init();
  gc();
  rss0 = mem().rss;
});
afterAll(() => {
  setMemoryCap(oldCap);
  // eslint-disable-next-line no-console
  console.log(`interpreter fuzz (seed ${SEED}): ${ran} programs ${JSON.stringify(byKind)}\nms by kind: ${JSON.stringify(msByKind)}\noutcomes: ${JSON.stringify(tally)}`);
});

/** Run one program; returns what is wrong with the outcome, or null. */
async function check(label: string, code: string, slow = false, kind = 'bombs'): Promise<string | null> {
  const h = new Captured();
  const t0 = Date.now();
  let r;
  try {
    r = await fs.run(code, h, LIMIT_MS);
  } catch (e) {
    return `${label}: runCell threw ${(e as Error)?.stack ?? e}`;
  }
  const ms = Date.now() - t0;
  ran++;
  msByKind[kind] = (msByKind[kind] ?? 0) + ms;
  const key = r.status === 'ok' ? 'ok' : (r.error?.ename ?? '?');
  tally[key] = (tally[key] ?? 0) + 1;
  const problems: string[] = [];
  if (ms > LIMIT_MS + SLACK_MS) problems.push(`took ${ms} ms (limit ${LIMIT_MS} ms)`);
  if (r.status === 'error') {
    const bad = badPythonError(r.error);
    if (bad) problems.push(bad);
    if (r.error?.ename === 'KeyboardInterrupt' && !slow) problems.push(`hit the time limit: ${r.error.evalue}`);
  } else if (r.status !== 'ok') problems.push(`status ${r.status}`);
  const leak = jsLeak(h.err) ?? jsLeak(String(r.result?.['text/plain'] ?? ''));
  if (leak) problems.push(`JS leak ${leak} in stderr/result: ${h.err.slice(0, 300)}`);
  fs.reset();
  const probe = await fs.probe();
  if (probe) problems.push(probe);
  const m = mem();
  if (m.rss - rss0 > RSS_GROWTH) {
    gc();
    const m2 = mem();
    if (m2.rss - rss0 > RSS_GROWTH) problems.push(`rss grew by ${Math.round((m2.rss - rss0) / MiB)} MiB`);
  }
  return problems.length ? `${label} [${key}, ${ms} ms]: ${problems.join('; ')}\n--- code (${code.length} chars)\n${code.slice(0, 1500)}` : null;
}

test('resource and recursion bombs end with Python exceptions within the time limit', async () => {
  const failures: string[] = [];
  for (const [i, b] of BOMBS.entries()) {
    const f = await check(`bomb #${i}`, b.code, b.slow);
    if (f) failures.push(f);
  }
  byKind.bombs = BOMBS.length;
  if (failures.length) throw new Error(`${failures.length} bomb(s) failed:\n\n${failures.join('\n\n=====\n\n')}`);
}, 300_000);

test('very long sources (1 MB lines, 100,000-digit literals) end cleanly', async () => {
  const failures: string[] = [];
  const r = rng(SEED);
  for (let k = 0; k < HUGE_CASES; k++) {
    const f = await check(`huge case ${k}`, hugeProgram(r, k), false, 'huge');
    if (f) failures.push(f);
  }
  byKind.huge = (byKind.huge ?? 0) + HUGE_CASES;
  if (failures.length) throw new Error(`${failures.length} failure(s):\n\n${failures.join('\n\n=====\n\n')}`);
}, 300_000);

test(`${COUNT} seeded fuzz programs end with output or a Python exception, and the session lives on`, async () => {
  const failures: string[] = [];
  let i = 0;
  for (const p of programs(SEED, COUNT)) {
    byKind[p.kind] = (byKind[p.kind] ?? 0) + 1;
    const f = await check(`#${i++} (${p.kind})`, p.code, false, p.kind);
    if (f) failures.push(f);
    if (failures.length >= 20) break;
    if (i % 500 === 0) gc();
  }
  if (failures.length) throw new Error(`${failures.length} failure(s):\n\n${failures.join('\n\n=====\n\n')}`);
  expect(i).toBe(COUNT);
  gc();
  // after everything is released, what is left must be small (no leak per program)
  expect((mem().rss - rss0) / MiB).toBeLessThan(512);
}, 600_000);
