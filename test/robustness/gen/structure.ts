/** Deep nesting, huge literals, very long lines, unicode identifiers and strings. */
import type { Rng } from './rng';

const rep = (s: string, n: number): string => s.repeat(n);

/** 20–1000 levels of one nesting construct. */
export function nestingProgram(r: Rng): string {
  const d = r.pick([20, 99, 100, 101, 199, 200, 201, 500, 1000, r.int(1, 1200)]);
  switch (r.int(0, 11)) {
    case 0: return `${rep('(', d)}1${rep(')', d)}`;
    case 1: return `x = ${rep('[', d)}${rep(']', d)}\nlen(x)`;
    case 2: return `${rep('{', d)}${rep('}', d)}`; // a set of dicts: TypeError unhashable
    case 3: return `x = ${rep('{1: ', d)}0${rep('}', d)}\nx`;
    case 4: return Array.from({ length: d }, (_, i) => `${rep(' ', i)}if True:`).join('\n') + `\n${rep(' ', d)}y = 1\ny`;
    case 5: return `${rep('-', d)}1`;
    case 6: return `${rep('not ', d)}True`;
    case 7: return `${rep('lambda: ', d)}0`;
    case 8: return `x = ${rep('f(', d)}${rep(')', d)}`;
    case 9: return `x = 1\nx${rep('.real', d)}`;
    case 10: return `x = [1]\nx${rep('[0]', Math.min(d, 2))}${rep('[::1]', d)}`;
    default: return `${rep("f'{", Math.min(d, 30))}1${rep("}'", Math.min(d, 30))}`;
  }
}

/** Big or long sources (up to 1 MB on one line). Expensive: generated rarely. */
export const HUGE_CASES = 9;

export function hugeProgram(r: Rng, which = r.int(0, HUGE_CASES - 1)): string {
  const mb = 1 << 20;
  // Token-dense sources are kept to ~100 KB: the tokenizer needs ~10 s for a 1 MB list literal (reported).
  switch (which) {
    case 0: return `x = ${'9'.repeat(r.pick([5000, 100_000]))}\nx > 0`;
    case 1: return `x = '${'a'.repeat(mb)}'\nlen(x)`;
    case 2: return `x = [${'1,'.repeat(50_000)}]\nlen(x)`;
    case 3: return `x = ${Array(r.pick([500, 20_000])).fill('1').join('+')}\nx`;
    case 4: return `x = 1.${'5'.repeat(mb)}e${r.pick(['-400', '400', '0', '99999999999'])}\nx`;
    case 5: return `# ${'c'.repeat(mb)}\n1`;
    case 6: return `x = torch.tensor([${'0.5,'.repeat(20_000)}])\nx.shape`;
    case 7: return `${'x'.repeat(mb)} = 1\n${'x'.repeat(mb)}`;
    default: return `print(${'"ab" '.repeat(20_000)})`;
  }
}

const IDENTS = ['π', '变量', 'ñame', 'Σx', 'x\u0301', 'ﬁle', '𝐱', 'Ωmega', 'ε_0', 'ａ', 'ℌ', 'x\u200d'];
const BAD_IDENTS = ['€', '😀', 'x\u200b', '\u00a0x', 'a\u2028b', '\u202ex', '\u0000'];
const STRINGS = [
  "'😀🎉'", "'\\ud800'", "'\\U0001F600'", "'\\N{GREEK SMALL LETTER ALPHA}'", "'\\u202e'", "'e\\u0301'",
  "'中文'", "'\\x00\\xff'", "'\\uFFFF'", "'ß'", "'İ'", "'\\t\\r\\n'", "'\\U00110000'", "'\\q'", "'\ufeff'"
];
const STR_OPS = [
  's', 'len(s)', 's.upper()', 's.lower()', 's[::-1]', 'repr(s)', 's * 3', 's.split()', 'list(s)', 'ord(s[0])',
  's.encode()', "f'{s:>10}'", "f'{s!r}'", "'%s|%r' % (s, s)", 's.center(9, s[0])', 's.isidentifier()', 'chr(0x110000)',
  'chr(0xd800)', "f'{0x110000:c}'", "'%c' % 0x110000", "'%c' % -1", 'hash(s) is not None', 's == s.casefold()', "s.replace(s[:1], '')", 's.title()', 'sorted(s)'
];

export function unicodeProgram(r: Rng): string {
  const id = r.chance(0.8) ? r.pick(IDENTS) : r.pick(BAD_IDENTS);
  const s = r.pick(STRINGS) + (r.chance(0.3) ? ` + ${r.pick(STRINGS)}` : '');
  const lines = [`${id} = ${s}`, `s = ${id}`, `print(${r.pick(STR_OPS)})`, r.pick(STR_OPS)];
  if (r.chance(0.2)) lines.unshift('\ufeff# coding: utf-8');
  if (r.chance(0.2)) lines.push(`def ${id}(${id}=1): return ${id}\n${id}()`);
  return lines.join('\n');
}
