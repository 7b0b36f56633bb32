/**
 * Robustness: 1,000 seeded random mutations of the corpus programs (and the
 * language fixtures) run through one Session. None may produce a JavaScript
 * error (SystemError: internal error, a JS stack trace), none may hang (each
 * cell has a time limit), and a known-good cell must still work after each.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Session } from '../../src/lang';

const corpusDir = path.join(__dirname, '..', 'fixtures', 'corpus');
const seeds: string[] = fs
  .readdirSync(corpusDir)
  .filter(f => f.endsWith('.py'))
  .map(f => fs.readFileSync(path.join(corpusDir, f), 'utf8'));
const sem = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'lang', 'semantics.json'), 'utf8')) as { code: string }[];
seeds.push(...sem.map(c => c.code));

/** mulberry32: small seeded PRNG. */
function prng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = [
  '(', ')', '[', ']', '{', '}', ':', ',', '.', '=', '==', '**', '*', '/', '//', '%', '-', '+', 'not ', ' and ', ' or ',
  'None', 'True', '0', '-1', '10**400', '1e308*10', "'x'", '"', "'''", 'f"{', '\\', '\n', '\n    ', '\t', 'lambda: ',
  'yield ', 'return ', 'del ', 'x', 'dim=', 'dim=5', 'dtype=torch.int64', '[::-1]', '[None]', '...', '@', 'global x',
  'raise ', 'import os', 'torch.tensor([])', 'torch.zeros(0)', 'float("nan")', 'float("inf")', '.item()', '.T',
  '.sum(dim=0)', '[1:0]', 'while 1: pass\n', 'print(', '#', ';', '1 if 0 else ', 'for i in range(3): '
];

function mutate(src: string, rnd: () => number): string {
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
  let s = src;
  const n = 1 + Math.floor(rnd() * 3);
  for (let k = 0; k < n; k++) {
    const pos = Math.floor(rnd() * (s.length + 1));
    const lines = s.split('\n');
    switch (Math.floor(rnd() * 7)) {
      case 0: // delete a span
        s = s.slice(0, pos) + s.slice(pos + 1 + Math.floor(rnd() * 5));
        break;
      case 1: // insert a token
        s = s.slice(0, pos) + pick(SNIPPETS) + s.slice(pos);
        break;
      case 2: // swap two lines
        if (lines.length > 1) {
          const i = Math.floor(rnd() * lines.length);
          const j = Math.floor(rnd() * lines.length);
          [lines[i], lines[j]] = [lines[j], lines[i]];
          s = lines.join('\n');
        }
        break;
      case 3: // duplicate a line
        if (lines.length) {
          const i = Math.floor(rnd() * lines.length);
          lines.splice(i, 0, lines[i]);
          s = lines.join('\n');
        }
        break;
      case 4: // change a number
        s = s.replace(/\d+(\.\d+)?/, () => pick(['0', '-1', '3', '1e309', '99999999999999999999', '2.5', '-0.0', '7']));
        break;
      case 5: // truncate
        s = s.slice(0, pos);
        break;
      default: // replace an identifier
        s = s.replace(/\b(dim|x|p|logits|probs|print|len|range)\b/, () => pick(['dim', 'x', 'None', 'print', 'len', 'torch', 'F', 'zz']));
    }
  }
  return s;
}

const PY_ERROR = /^[A-Z]\w*(Error|Exception|Interrupt|Iteration|Exit|Warning)$/;

test('1,000 mutated programs produce only Python errors, never hang, and leave the session usable', async () => {
  const rnd = prng(20251126);
  const session = new Session();
  const sink = { stdout: () => undefined, stderr: () => undefined, display: () => undefined };
  const failures: string[] = [];
  const tally: Record<string, number> = {};
  for (let i = 0; i < 1000; i++) {
    const code = mutate(seeds[i % seeds.length], rnd);
    const t0 = Date.now();
    let r;
    try {
      r = await session.runCell(code, sink, { timeLimitMs: 1500, sliceMs: 20 });
    } catch (e) {
      failures.push(`#${i}: runCell threw ${(e as Error).stack}\n${code}`);
      continue;
    }
    if (Date.now() - t0 > 10_000) failures.push(`#${i}: took ${Date.now() - t0} ms\n${code}`);
    const tk = r.status === 'ok' ? 'ok' : r.error!.ename;
    tally[tk] = (tally[tk] ?? 0) + 1;
    if (r.status === 'error') {
      const err = r.error!;
      const text = err.traceback.join('\n');
      if (err.ename === 'SystemError' || !PY_ERROR.test(err.ename) || /\n\s+at .*\.(js|ts):\d+/.test(text)) {
        failures.push(`#${i}: ${err.ename}: ${err.evalue}\n--- code\n${code}`);
      }
    }
    // programs that rebind builtins (print = ...) would spoil the following ones
    for (const name of ['print', 'len', 'range', 'sum', 'list', 'round', 'torch', 'F', 'nn', 'math']) session.globals.delete(name);
    const ok = await session.runCell('__fuzz_probe = [1, 2, 3]\nsum(__fuzz_probe) * 2', sink, { timeLimitMs: 5000 });
    if (ok.status !== 'ok' || ok.result?.['text/plain'] !== '12') {
      failures.push(`#${i}: known-good cell failed after:\n${code}\n${JSON.stringify(ok)}`);
    }
    if (failures.length > 10) break;
  }
  // eslint-disable-next-line no-console
  console.log('fuzz outcomes:', JSON.stringify(tally));
  if (failures.length) throw new Error(failures.slice(0, 10).join('\n\n=====\n\n'));
}, 600_000);
