/**
 * Runs the torch-surface corpus (test/fixtures/corpus_own/CASE.py, expected
 * CASE.out printed by real PyTorch 2.13 via tools/gen_corpus_own.py) through
 * the CLI in-process, with the same exact-or-close comparison as corpus.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../src/cli';
import { verdict, Verdict } from '../../tools/corpus_compare';

const DIR = path.join(__dirname, '..', 'fixtures', 'corpus_own');
const cases = fs.readdirSync(DIR).filter(f => f.endsWith('.py')).sort();

async function runCase(file: string): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--timeout', '30', path.join(DIR, file)], { write: t => void (stdout += t) }, { write: t => void (stderr += t) });
  return { stdout, stderr, code };
}

const results: Record<string, Verdict> = {};

describe('corpus_own', () => {
  for (const file of cases) {
    test(file, async () => {
      const expected = fs.readFileSync(path.join(DIR, file.replace(/\.py$/, '.out')), 'utf8');
      const r = await runCase(file);
      const v = verdict(expected, r.stdout);
      results[file] = v;
      if (v === 'differs') {
        throw new Error(`${file}: output differs\n--- expected\n${expected}\n--- actual\n${r.stdout}\n--- stderr\n${r.stderr}`);
      }
      expect(r.code).toBe(0);
    }, 60_000);
  }
  afterAll(() => {
    const counts = { exact: 0, close: 0, differs: 0 };
    for (const v of Object.values(results)) counts[v]++;
    // eslint-disable-next-line no-console
    console.log(`corpus_own: ${counts.exact}/${cases.length} exact, ${counts.close} close, ${counts.differs} differ`);
  });
});
