/** Random token streams: mostly syntax errors, sometimes valid by luck. */
import type { Rng } from './rng';

const TOKENS = [
  'x', 'y', 'f', 'torch', 'F', 'print', 'len', 'range', 'lambda', 'def', 'class', 'return', 'yield', 'if', 'elif', 'else',
  'for', 'while', 'in', 'not', 'and', 'or', 'is', 'None', 'True', 'False', 'try', 'except', 'finally', 'raise', 'with',
  'as', 'import', 'from', 'global', 'nonlocal', 'del', 'pass', 'break', 'continue', 'assert', 'async', 'await',
  '0', '1', '-1', '3.5', '1e308', '1e-400', '0x10', '0o7', '0b1', '1_000', '1j', '10**400', "'s'", '"t"', "'''u'''",
  "f'{x}'", "f'{x!r:>10}'", "b'x'", "r'\\d'", "'\\N{DASH}'", "'\\x'", '...', '(', ')', '[', ']', '{', '}', ',', ':',
  ';', '.', '=', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '**', '/', '//', '%', '@', '&', '|', '^', '~', '<<',
  '>>', '+=', '-=', '*=', '/=', '//=', ':=', '->', '*', '**', '\\', '#', '\n', '\n', '\n    ', '\n        ', '\t', ' '
];

export function tokenProgram(r: Rng): string {
  const n = r.int(1, 40);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(r.pick(TOKENS));
  return out.join(r.chance(0.7) ? ' ' : '');
}
