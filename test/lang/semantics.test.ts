/**
 * Python programs whose expected stdout was produced by CPython 3.11 when the
 * fixture was written (test/fixtures/lang/semantics.json); Python is never run here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { run } from './helpers';

const cases: { name: string; code: string; stdout: string }[] = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'lang', 'semantics.json'), 'utf8')
);

describe('Python semantics (expected output from CPython 3.11)', () => {
  for (const c of cases) {
    test(c.name, () => {
      const r = run(c.code);
      if (r.ename) throw new Error(`${r.ename}: ${r.evalue}\n${r.tb.join('\n')}\nstdout so far:\n${r.out}`);
      const exp = c.stdout.split('\n');
      const act = r.out.split('\n');
      for (let i = 0; i < Math.max(exp.length, act.length); i++) {
        if (exp[i] !== act[i]) throw new Error(`line ${i + 1} differs\nexpected: ${exp[i]}\nactual:   ${act[i]}`);
      }
    });
  }
});
