/**
 * Runs every case of a corpus folder (CASE.py, expected CASE.out as printed by
 * real PyTorch 2.13) through the CLI entry point in-process and checks
 * exact-or-close, with the shared `check` script's comparison (tools/corpus_compare).
 */
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../src/cli';
import { verdict, Verdict } from '../../tools/corpus_compare';

async function runCase(file: string): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--timeout', '30', file], { write: t => void (stdout += t) }, { write: t => void (stderr += t) });
  return { stdout, stderr, code };
}

export function corpusSuite(name: string): void {
  const dir = path.join(__dirname, '..', 'fixtures', name);
  const cases = fs.readdirSync(dir).filter(f => f.endsWith('.py')).sort();
  const results: Record<string, Verdict> = {};

  describe(name, () => {
    test('has cases', () => expect(cases.length).toBeGreaterThan(0));
    for (const file of cases) {
      test(file, async () => {
        const expected = fs.readFileSync(path.join(dir, file.replace(/\.py$/, '.out')), 'utf8');
        const r = await runCase(path.join(dir, file));
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
      console.log(`${name}: ${counts.exact}/${cases.length} exact, ${counts.close} close, ${counts.differs} differ`);
    });
  });
}
