#!/usr/bin/env node
/**
 * softmax-run: run a .py file through the cell language as a notebook would.
 *
 * Cells are split on `# %%` lines. stdout is printed as it happens, warnings
 * and tracebacks go to stderr. Exit 0, 1 after an uncaught exception (stops at
 * the first failing cell), 124 when the time limit stops it, 2 on usage errors.
 */
import * as fs from 'fs';
import * as path from 'path';

const USAGE = `usage: softmax-run [--timeout SECONDS] FILE.py|FILE.ipynb

Runs FILE.py with the softmax kernel's Python subset (PyTorch-compatible).
Cells are split on lines starting with "# %%" (a .ipynb runs its code
cells, top to bottom); files are read relative to
FILE's folder. stdout is printed as the notebook would show it; warnings and
tracebacks go to stderr.

Final expressions: when FILE has "# %%" cell markers, the repr (text/plain)
of each cell's final expression value is printed like a notebook's Out[n].
A file without markers runs like a Python script (\`python FILE.py\`): a bare
expression statement prints nothing, so output matches real PyTorch runs.

options:
  --timeout SECONDS   stop a cell after SECONDS (KeyboardInterrupt, exit 124)
  -h, --help          show this help

exit status: 0 ok, 1 uncaught exception, 124 time limit, 2 usage error`;

export function splitCells(text: string): { code: string; marked: boolean }[] {
  const lines = text.split(/\r?\n/);
  const hasMarkers = lines.some(l => /^#\s*%%/.test(l));
  if (!hasMarkers) return [{ code: text, marked: false }];
  const cells: string[][] = [[]];
  for (const l of lines) {
    if (/^#\s*%%/.test(l)) cells.push([l.replace(/.*/, '')]);
    else cells[cells.length - 1].push(l);
  }
  // keep line numbers meaningful inside each cell: the marker line becomes blank
  return cells.map(c => ({ code: c.join('\n'), marked: true })).filter(c => c.code.trim() !== '');
}

/** The code cells of a notebook (.ipynb), each shown like a marked cell (Out[n] printed). */
export function notebookCells(text: string): { code: string; marked: boolean }[] {
  const nb = JSON.parse(text) as { cells?: { cell_type?: string; source?: string | string[] }[] };
  return (nb.cells ?? [])
    .filter(c => c.cell_type === 'code')
    .map(c => ({ code: Array.isArray(c.source) ? c.source.join('') : (c.source ?? ''), marked: true }))
    .filter(c => c.code.trim() !== '');
}

export interface Out {
  write(text: string): void;
}

/** Run the CLI with these arguments; returns the exit status. */
export async function runCli(argv: string[], stdout: Out = process.stdout, stderr: Out = process.stderr): Promise<number> {
  let timeout = 0;
  let file: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') {
      stdout.write(USAGE + '\n');
      return 0;
    }
    if (a === '--timeout') {
      timeout = parseFloat(argv[++i] ?? '');
      if (!(timeout > 0)) {
        stderr.write('softmax-run: --timeout needs a positive number of seconds\n');
        return 2;
      }
    } else if (a.startsWith('--timeout=')) {
      timeout = parseFloat(a.slice(10));
    } else if (!file) file = a;
    else {
      stderr.write(USAGE + '\n');
      return 2;
    }
  }
  if (!file) {
    stderr.write(USAGE + '\n');
    return 2;
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    stderr.write(`softmax-run: can't open file '${file}': ${(e as Error).message}\n`);
    return 2;
  }
  const dir = path.dirname(path.resolve(file));
  const { Session } = await import('./lang');
  const session = new Session({
    readFile: async p => new Uint8Array(await fs.promises.readFile(path.resolve(dir, p))),
    writeFile: async (p, data) => fs.promises.writeFile(path.resolve(dir, p), data)
  });
  const out: string[] = [];
  const flush = (): void => {
    if (out.length) {
      stdout.write(out.join(''));
      out.length = 0;
    }
  };
  const hooks = {
    stdout: (t: string) => {
      out.push(t);
      if (out.length > 256) flush();
    },
    stderr: (t: string) => {
      flush();
      stderr.write(t);
    },
    display: (o: { data: Record<string, unknown> }) => {
      const t = o.data['text/plain'];
      out.push((typeof t === 'string' ? t : JSON.stringify(o.data)) + '\n');
    }
  };
  let cells: { code: string; marked: boolean }[];
  try {
    cells = /\.ipynb$/i.test(file) ? notebookCells(text) : splitCells(text);
  } catch (e) {
    stderr.write(`softmax-run: '${file}' is not a valid notebook: ${(e as Error).message}\n`);
    return 2;
  }
  for (const cell of cells) {
    const r = await session.runCell(cell.code, hooks, { timeLimitMs: timeout * 1000, sliceMs: 50 });
    if (r.status === 'error' && r.error) {
      flush();
      stderr.write(r.error.traceback.join('\n') + '\n');
      return r.error.ename === 'KeyboardInterrupt' && /time limit/.test(r.error.evalue) ? 124 : 1;
    }
    if (cell.marked && r.result && typeof r.result['text/plain'] === 'string') out.push(r.result['text/plain'] + '\n');
  }
  flush();
  return 0;
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    code => {
      process.exitCode = code;
    },
    e => {
      process.stderr.write(`softmax-run: internal error: ${(e as Error)?.message ?? e}\n`);
      process.exitCode = 1;
    }
  );
}
