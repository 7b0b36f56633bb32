/**
 * Syntax errors: message, line and caret as CPython 3.11 prints them
 * (expected lines captured from CPython into test/fixtures/lang/syntax_errors.json).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Session } from '../../src/lang';
import { tokenize } from '../../src/lang/tokenizer';
import { parse } from '../../src/lang/parser';

const cases: { code: string; lines?: string[] }[] = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'lang', 'syntax_errors.json'), 'utf8')
);

describe('syntax errors match CPython 3.11', () => {
  for (const c of cases) {
    if (!c.lines) continue;
    test(JSON.stringify(c.code), () => {
      const r = new Session().runCellSync(c.code);
      expect(r.status).toBe('error');
      expect(r.error!.traceback).toEqual(c.lines);
    });
  }
});

describe('tokenizer', () => {
  const kinds = (src: string): string[] => tokenize(src).map(t => (t.type === 'OP' || t.type === 'NAME' ? t.value : t.type));
  test('indentation produces INDENT/DEDENT', () => {
    expect(kinds('if x:\n    y\nz\n')).toEqual(['if', 'x', ':', 'NEWLINE', 'INDENT', 'y', 'NEWLINE', 'DEDENT', 'z', 'NEWLINE', 'EOF']);
  });
  test('implicit and explicit line continuation', () => {
    expect(kinds('a = (1,\n 2)\nb = 1 + \\\n 2\n').filter(k => k === 'NEWLINE').length).toBe(2);
  });
  test('comments and blank lines are skipped', () => {
    expect(kinds('# c\n\nx  # tail\n\n')).toEqual(['x', 'NEWLINE', 'EOF']);
  });
  test('number literals', () => {
    const nums = tokenize('1_000 0xff 0o17 0b101 1.5 1e3 .5 5. 1_0.5e-1_0').filter(t => t.type === 'NUMBER').map(t => t.num);
    expect(nums).toEqual([1000n, 255n, 15n, 5n, 1.5, 1000, 0.5, 5, 10.5e-10]);
  });
  test('string prefixes, escapes and triple quotes', () => {
    const strs = tokenize(`'a\\n' r'a\\n' b'x' """t\nq""" 'it\\'s' "\\x41\\u00e9\\101" f'{x}'`).filter(t => t.type === 'STRING').map(t => t.str!);
    expect(strs.map(s => s.value)).toEqual(['a\n', 'a\\n', 'x', 't\nq', "it's", 'AéA', '{x}']);
    expect(strs[6].prefix).toBe('f');
  });
  test('positions are 1-based lines, 0-based columns', () => {
    const t = tokenize('x = 1\n  \ny = 22\n').filter(t => t.type === 'NUMBER');
    expect([t[1].line, t[1].col, t[1].endCol]).toEqual([3, 4, 6]);
  });
});

describe('parser', () => {
  test('operator precedence', () => {
    const m = parse('x = 1 + 2 * 3 ** -4 ** 2\n');
    const v = (m.body[0] as any).value;
    expect(v.k).toBe('BinOp');
    expect(v.op).toBe('+');
    expect(v.right.op).toBe('*');
    expect(v.right.right.op).toBe('**');
  });
  test('chained comparison, conditional, lambda', () => {
    const e = (parse('a < b <= c\n').body[0] as any).value;
    expect(e.k).toBe('Compare');
    expect(e.ops).toEqual(['<', '<=']);
    expect((parse('x if y else z\n').body[0] as any).value.k).toBe('IfExp');
    expect((parse('lambda a, *b, c=1, **d: a\n').body[0] as any).value.args.kwonly[0].name).toBe('c');
  });
  test('slices with tuples, Ellipsis and None', () => {
    const idx = (parse('a[1:, ::2, ..., None]\n').body[0] as any).value.index;
    expect(idx.k).toBe('Tuple');
    expect(idx.elts.map((e: any) => e.k)).toEqual(['Slice', 'Slice', 'Const', 'Const']);
  });
  test('statements', () => {
    const src = [
      'import torch.nn as nn', 'from math import (sqrt, pi as PI)', 'class A(B):', '    def f(self, *a, k=1, **kw):', '        return super().f()',
      'try:', '    pass', 'except (A, B) as e:', '    raise X from e', 'else:', '    pass', 'finally:', '    pass',
      'with a as b, c:', '    del x[0], y', 'global g', 'assert x, "m"', 'a, *b = c', 'x += 1', 'y: int = 2', '@dec', 'def g(): yield 1', ''
    ].join('\n');
    const kinds = parse(src).body.map(s => s.k);
    expect(kinds).toEqual(['Import', 'ImportFrom', 'ClassDef', 'Try', 'With', 'Global', 'Assert', 'Assign', 'AugAssign', 'AnnAssign', 'FunctionDef']);
  });
  test('f-string fields with conversions, specs and = debugging', () => {
    const e = (parse('f"{x!r:>{w}} {y=} {{lit}}"\n').body[0] as any).value;
    expect(e.k).toBe('FString');
    expect(e.parts[0].conversion).toBe('r');
    expect(e.parts[0].spec.length).toBe(2);
    expect(e.parts[2].debugText).toBe('y=');
    expect(e.parts[3]).toBe(' {lit}');
  });
});
