/** Seeded mutations of real programs (test/fixtures/corpus*, language fixtures). */
import * as fs from 'fs';
import * as path from 'path';
import type { Rng } from './rng';

const FIX = path.join(__dirname, '..', '..', 'fixtures');

/** Every corpus program, in a stable order. */
export function corpusPrograms(): string[] {
  const out: string[] = [];
  for (const dir of fs.readdirSync(FIX).filter(d => d.startsWith('corpus')).sort()) {
    const full = path.join(FIX, dir);
    for (const f of fs.readdirSync(full).filter(f => f.endsWith('.py')).sort()) out.push(fs.readFileSync(path.join(full, f), 'utf8'));
  }
  const sem = path.join(FIX, 'lang', 'semantics.json');
  if (fs.existsSync(sem)) out.push(...(JSON.parse(fs.readFileSync(sem, 'utf8')) as { code: string }[]).map(c => c.code));
  return out;
}

const SNIPPETS = [
  '(', ')', '[', ']', '{', '}', ':', ',', '.', '=', '==', '**', '*', '/', '//', '%', '-', '+', 'not ', ' and ', ' or ',
  'None', 'True', '0', '-1', '10**400', '1e308*10', "'x'", '"', "'''", 'f"{', '\\', '\n', '\n    ', '\t', 'lambda: ',
  'yield ', 'return ', 'del ', 'x', 'dim=', 'dim=5', 'dim=-7', 'dtype=torch.int64', 'dtype=torch.bool', '[::-1]',
  '[None]', '[..., 0]', '[10**9]', '...', '@', 'global x', 'raise ', 'import os', 'torch.tensor([])', 'torch.zeros(0)',
  'torch.zeros(0, 3)', 'float("nan")', 'float("inf")', '.item()', '.T', '.sum(dim=0)', '[1:0]', 'print(', '#', ';',
  '1 if 0 else ', 'for i in range(3): ', '.tolist()', '.softmax(-1)', '.long()', '.bool()', '.view(-1)', '.view(-1, -1)',
  '.unsqueeze(9)', 'keepdim=True', 'requires_grad=True', '.backward()', 'torch.manual_seed(0)', '* 0', '/ 0', '// 0',
  '% 0', '** -1', '2**63', '-2**63', '\u00e9', '\u4e2d', '\ud83d\ude00', 'é = 1\n'
];

const NUMBERS = ['0', '-1', '3', '1e309', '99999999999999999999', '2.5', '-0.0', '7', '10000', '-5', '2**62', '0.5'];
const NAMES = ['dim', 'x', 'None', 'print', 'len', 'torch', 'F', 'zz', 'self', 'nn', 'logits', 'probs'];

export function mutate(src: string, r: Rng, donors: string[]): string {
  let s = src;
  const n = r.int(1, 4);
  for (let k = 0; k < n; k++) {
    const pos = r.int(0, s.length);
    const lines = s.split('\n');
    switch (r.int(0, 8)) {
      case 0: // delete a span
        s = s.slice(0, pos) + s.slice(pos + r.int(1, 6));
        break;
      case 1: // insert a snippet
        s = s.slice(0, pos) + r.pick(SNIPPETS) + s.slice(pos);
        break;
      case 2: // swap two lines
        if (lines.length > 1) {
          const i = r.int(0, lines.length - 1);
          const j = r.int(0, lines.length - 1);
          [lines[i], lines[j]] = [lines[j], lines[i]];
          s = lines.join('\n');
        }
        break;
      case 3: // duplicate a line
        if (lines.length) {
          const i = r.int(0, lines.length - 1);
          lines.splice(i, 0, lines[i]);
          s = lines.join('\n');
        }
        break;
      case 4: { // change the k-th number
        let idx = r.int(0, 6);
        s = s.replace(/\d+(\.\d+)?/g, m => (idx-- === 0 ? r.pick(NUMBERS) : m));
        break;
      }
      case 5: // truncate
        s = s.slice(0, pos);
        break;
      case 6: { // splice in a few lines of another program
        const d = r.pick(donors).split('\n');
        const a = r.int(0, d.length - 1);
        lines.splice(r.int(0, lines.length), 0, ...d.slice(a, a + r.int(1, 4)));
        s = lines.join('\n');
        break;
      }
      case 7: { // change indentation of a line
        const i = r.int(0, Math.max(0, lines.length - 1));
        lines[i] = r.pick(['', ' ', '    ', '\t', '        ']) + (lines[i] ?? '').trimStart();
        s = lines.join('\n');
        break;
      }
      default: { // replace an identifier
        let idx = r.int(0, 4);
        s = s.replace(/\b(dim|x|p|logits|probs|print|len|range|softmax|sum|t|y)\b/g, m => (idx-- === 0 ? r.pick(NAMES) : m));
      }
    }
  }
  return s;
}
