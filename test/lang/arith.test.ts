/**
 * int/float/bool operators and conversions against 3,142 expressions evaluated
 * by CPython 3.11 (test/fixtures/lang/arith_cases.json: [expression, "repr type" or "Error: message"]).
 * Complex results are out of scope (the cell language has no complex type).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Session } from '../../src/lang';

const cases: [string, string][] = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'lang', 'arith_cases.json'), 'utf8'));

test('arithmetic, comparisons and conversions match CPython', () => {
  const s = new Session();
  const src = ['__out = []'];
  const kept = cases.filter(([, exp]) => !exp.endsWith(' complex'));
  for (const [e] of kept) {
    src.push(`try:\n    __r = ${e}\n    __out.append(repr(__r) + ' ' + type(__r).__name__)\nexcept Exception as ex:\n    __out.append(type(ex).__name__ + ': ' + str(ex))`);
  }
  src.push("print('\\n'.join(__out))");
  const r = s.runCellSync(src.join('\n'));
  expect(r.error).toBeUndefined();
  const got = r.stdout.trimEnd().split('\n');
  const bad: string[] = [];
  kept.forEach(([e, exp], i) => {
    if (got[i] !== exp) bad.push(`${e}: expected ${exp}, got ${got[i]}`);
  });
  expect(bad.slice(0, 20)).toEqual([]);
});
