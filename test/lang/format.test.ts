/**
 * float repr and format specs (format(), f-strings) against 4,326 cases produced
 * by CPython 3.11 (test/fixtures/lang/format_cases.json: [float.hex() or int, spec, expected]).
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatValue } from '../../src/lang/strformat';
import { repr } from '../../src/lang/ops';

const cases: [string, string, string, string?][] = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'lang', 'format_cases.json'), 'utf8')
);

/** Parse Python's float.hex() output exactly. */
function fromHex(h: string): number {
  const m = /^(-?)0x([01])\.([0-9a-f]*)p([+-]\d+)$/.exec(h);
  if (!m) throw new Error(`bad hex ${h}`);
  let mant = parseInt(m[2], 16);
  for (let i = 0; i < m[3].length; i++) mant += parseInt(m[3][i], 16) / 16 ** (i + 1);
  const v = mant * 2 ** parseInt(m[4], 10);
  return m[1] ? -v : v;
}

test('format specs and float repr match CPython', () => {
  const bad: string[] = [];
  for (const [h, spec, expected, kind] of cases) {
    const v = kind === 'int' ? BigInt(h) : fromHex(h);
    const got = spec === '' && kind !== 'int' ? repr(v) : formatValue(v, spec);
    if (got !== expected) bad.push(`${h} ${JSON.stringify(spec)}: expected ${expected}, got ${got}`);
  }
  expect(bad.slice(0, 20)).toEqual([]);
  expect(cases.length).toBeGreaterThan(4000);
});
