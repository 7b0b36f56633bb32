/**
 * examples/calibration.ipynb works without a browser: its code cells run top
 * to bottom through `softmax-run` (in-process) and through a Session with a
 * disk HostIO, in a scratch copy of examples/ (the notebook writes files).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli, notebookCells } from '../../src/cli';
import { Session } from '../../src/lang';
import type { DisplayOutput } from '../../src/outputs/bundle';
import { TABLE_MIME_TYPE } from '../../src/outputs/table';
import { CALIBRATION_MIME_TYPE } from '../../src/outputs/calibration';

jest.setTimeout(120_000);

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const NOTEBOOK = path.join(EXAMPLES, 'calibration.ipynb');

function scratchCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'softmax-example-'));
  for (const f of ['calibration.ipynb', 'val_logits.npz']) {
    fs.copyFileSync(path.join(EXAMPLES, f), path.join(dir, f));
  }
  return dir;
}

test('the committed notebook is a softmax-kernel notebook with empty outputs', () => {
  const nb = JSON.parse(fs.readFileSync(NOTEBOOK, 'utf8'));
  expect(nb.metadata.kernelspec).toMatchObject({ name: 'softmax', language: 'python' });
  expect(nb.nbformat).toBe(4);
  for (const c of nb.cells.filter((x: { cell_type: string }) => x.cell_type === 'code')) {
    expect(c.outputs).toEqual([]);
    expect(c.execution_count).toBeNull();
  }
});

test('softmax-run examples/calibration.ipynb: every cell runs, T is fitted, files are written', async () => {
  const dir = scratchCopy();
  let out = '';
  let err = '';
  const code = await runCli(
    [path.join(dir, 'calibration.ipynb')],
    { write: t => void (out += t) },
    { write: t => void (err += t) }
  );
  expect(err).toBe('');
  expect(code).toBe(0);
  expect(out).toContain('torch.Size([2000, 10]) torch.float32');
  expect(out).toMatch(/TemperatureFit\(temperature=1\.8\d{3}, method='exact'/);
  expect(out).toMatch(/ECE 0\.1\d{3} -> 0\.0\d{3}/);
  expect(out).toContain('Probability table: 50 rows × 10 classes');
  expect(fs.existsSync(path.join(dir, 'calibrated_probs.npy'))).toBe(true);
  expect(fs.existsSync(path.join(dir, 'temperature.pt'))).toBe(true);
});

test('through a Session: the rich outputs carry their MIME types', async () => {
  const dir = scratchCopy();
  const session = new Session({
    readFile: async p => new Uint8Array(await fs.promises.readFile(path.resolve(dir, p))),
    writeFile: async (p, d) => fs.promises.writeFile(path.resolve(dir, p), d)
  });
  const displays: DisplayOutput[] = [];
  const cells = notebookCells(fs.readFileSync(NOTEBOOK, 'utf8'));
  expect(cells.length).toBeGreaterThanOrEqual(8);
  for (const cell of cells) {
    const r = await session.runCell(cell.code, {
      stdout: () => undefined,
      stderr: () => undefined,
      display: d => void displays.push(d)
    });
    expect([cell.code, r.status, r.error?.evalue]).toEqual([cell.code, 'ok', undefined]);
  }
  const kinds = displays.map(d =>
    Object.keys(d.data).find(k => k.startsWith('application/vnd.jupyterlab-softmax'))
  );
  expect(kinds).toEqual([CALIBRATION_MIME_TYPE, CALIBRATION_MIME_TYPE, TABLE_MIME_TYPE]);
  for (const d of displays) {
    expect(typeof d.data['text/plain']).toBe('string');
  }
});
