/** softmax-run (src/cli.ts), run in-process: cells, final expressions, exit codes, file I/O base folder. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli, splitCells } from '../../src/cli';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'softmax-run-'));

async function cli(code: string, extra: string[] = []): Promise<{ out: string; err: string; code: number }> {
  const file = path.join(tmp, `case${Math.random().toString(36).slice(2)}.py`);
  fs.writeFileSync(file, code);
  let out = '';
  let err = '';
  const status = await runCli([...extra, file], { write: t => void (out += t) }, { write: t => void (err += t) });
  return { out, err, code: status };
}

describe('softmax-run', () => {
  test('a script without cell markers prints like python (no bare-expression output)', async () => {
    const r = await cli('x = 2\nprint(x * 3)\nx + 1\n');
    expect(r).toEqual({ out: '6\n', err: '', code: 0 });
  });

  test('with # %% markers each final expression is shown like Out[n]', async () => {
    const r = await cli('# %%\nx = 2\nx + 1\n# %% second\nprint("hi")\n[x]\n# %%\nNone\n');
    expect(r.out).toBe('3\nhi\n[2]\n');
    expect(r.code).toBe(0);
  });

  test('uncaught exception: traceback on stderr, exit 1, later cells not run', async () => {
    const r = await cli('# %%\nprint(1)\n# %%\n1 / 0\n# %%\nprint(3)\n');
    expect(r.out).toBe('1\n');
    expect(r.code).toBe(1);
    expect(r.err).toContain('Traceback (most recent call last):');
    expect(r.err.trim().endsWith('ZeroDivisionError: division by zero')).toBe(true);
  });

  test('time limit: exit 124 with KeyboardInterrupt', async () => {
    const r = await cli('print("start")\nwhile True:\n    pass\n', ['--timeout', '0.5']);
    expect(r.code).toBe(124);
    expect(r.out).toBe('start\n');
    expect(r.err.trim().split('\n').pop()).toBe('KeyboardInterrupt: execution time limit of 0.5 s exceeded');
  });

  test('syntax error: exit 1, CPython format', async () => {
    const r = await cli('x = (1,\n');
    expect(r.code).toBe(1);
    expect(r.err).toBe('  File "<cell>", line 1\n    x = (1,\n        ^\nSyntaxError: \'(\' was never closed\n');
  });

  test('usage errors and --help', async () => {
    let out = '';
    expect(await runCli(['--help'], { write: t => void (out += t) }, { write: () => undefined })).toBe(0);
    expect(out).toContain('# %%');
    expect(await runCli([], { write: () => undefined }, { write: () => undefined })).toBe(2);
    expect(await runCli([path.join(tmp, 'missing.py')], { write: () => undefined }, { write: () => undefined })).toBe(2);
  });

  test('splitCells keeps the code of each cell', () => {
    expect(splitCells('a = 1\n')).toEqual([{ code: 'a = 1\n', marked: false }]);
    expect(splitCells('# %%\na\n# %%\nb').map(c => c.code.trim())).toEqual(['a', 'b']);
  });
});
