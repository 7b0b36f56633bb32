/**
 * The fallbacks in our bundles, seen from outside JupyterLab-with-the-extension
 * (issue #6, DESIGN.md §4): a notebook is run on the Softmax kernel and saved
 * in real JupyterLab, then the file on disk is
 *   1. checked as JSON (which MIME types each output carries),
 *   2. converted with `jupyter nbconvert --to html` (what nbviewer does), and
 *   3. opened in a second JupyterLab where 'jupyterlab-softmax:renderers' is
 *      disabled and the notebook is untrusted (someone else's copy).
 * The expected table values come from the cell's input logits, by a softmax
 * computed here, not from the product.
 */
import { execFile, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import type { Locator, Page } from '@playwright/test';
import { expect, newSoftmaxNotebook, runCells, screenshot, test, withApp } from './fixtures';

const ROOT = path.resolve(__dirname, '..', '..');
const JUPYTER = path.join(ROOT, '.venv', 'bin', 'jupyter');
const NO_RENDERER_CONFIG = path.resolve(__dirname, '..', 'jupyter_server_norenderer_config.py');
const PLUGIN = 'jupyterlab-softmax:renderers';
const TABLE_MIME = 'application/vnd.jupyterlab-softmax.table+json';
const CALIBRATION_MIME = 'application/vnd.jupyterlab-softmax.calibration+json';
/** Key names that only occur in our JSON payloads: seeing one means a payload was dumped. */
const PAYLOAD_KEYS = ['totalRows', 'reliabilityBefore', 'metricsBefore', 'inputShape'];
/** Saved notebooks, HTML and timings; outside Playwright's outputDir, which every run wipes. */
const ARTIFACTS = path.join(ROOT, 'test-results', 'fallbacks');
const artifact = (name: string) => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
};
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const LOGITS = [
  [1, 2, 3],
  [3, 1, 2],
  [2, 3, 1],
  [0.5, 0, 0],
  [5, 0, 0],
  [0, 5, 1]
];
// Markup in a class name must stay text in every viewer.
const CLASSES = ['cat', 'dog', '<i>bird</i>'];
const CELLS = [
  [
    'import torch',
    'import jupyterlab_softmax as sm',
    `x = torch.tensor([${LOGITS.map(r => `[${r.map(v => v.toFixed(1)).join(', ')}]`).join(', ')}])`,
    `sm.table(x, classes=${JSON.stringify(CLASSES).replace(/"/g, "'")}, logits=True)`
  ].join('\n'),
  [
    'torch.manual_seed(0)',
    'z = torch.randn(400, 4) * 3',
    '# labels that agree with the logits more often than not, so T is fitted inside its range',
    'y = torch.argmax(z + torch.randn(400, 4) * 3, dim=1)',
    "r = sm.calibration(z, y, temperature='fit')"
  ].join('\n')
];

/** The table we expect in every fallback: header and one row of cell texts per sample. */
function expectedTable(): { head: string[]; body: string[][]; strong: string[] } {
  const body: string[][] = [];
  const strong: string[] = [];
  LOGITS.forEach((row, i) => {
    const e = row.map(v => Math.exp(v - Math.max(...row)));
    const p = e.map(v => v / e.reduce((a, b) => a + b, 0));
    const pred = p.indexOf(Math.max(...p));
    const f = (v: number) => v.toFixed(4);
    body.push([String(i), ...p.map(f), f(1), CLASSES[pred], f(p[pred])]);
    strong.push(f(p[pred]));
  });
  return { head: ['#', ...CLASSES, 'sum', 'predicted', 'confidence'], body, strong };
}

/** The cell texts of a rendered <table>, and the text of the <strong> (argmax) cell per row. */
function readTable(table: Locator) {
  return table.evaluate((t: HTMLTableElement) => ({
    head: Array.from(t.tHead!.rows[0].cells).map(c => c.textContent!.trim()),
    body: Array.from(t.tBodies[0].rows).map(r =>
      Array.from(r.cells).map(c => c.textContent!.trim())
    ),
    strong: Array.from(t.tBodies[0].rows).map(r => r.querySelector('strong')?.textContent ?? '')
  }));
}

const joinText = (v: unknown) => (Array.isArray(v) ? v.join('') : String(v));

/** The first output of a saved notebook whose data has `mime`. */
function savedOutput(nb: any, mime: string): Record<string, unknown> | undefined {
  for (const cell of nb.cells ?? []) {
    for (const out of cell.outputs ?? []) {
      if (out.data?.[mime] !== undefined) {
        return out.data;
      }
    }
  }
  return undefined;
}

/** An <img> has been decoded by the browser with a real size. */
const decodedSize = (img: Locator) =>
  img.evaluate((i: HTMLImageElement) => (i.complete ? i.naturalWidth * i.naturalHeight : 0));

/**
 * Run the two cells in a new notebook on the Softmax kernel, save it once the
 * calibration renderer has written its PNG back, and return the .ipynb as
 * saved on the server's disk.
 */
async function runAndSave(lab: Page, name: string): Promise<{ file: string; nb: any }> {
  await newSoftmaxNotebook(lab);
  await runCells(lab, CELLS);
  await expect(lab.locator('.jp-SoftmaxGrid')).toHaveCount(1);
  await expect(lab.locator('.jp-SoftmaxCalibration-plot svg')).toHaveCount(1);
  const serverRoot: string = await lab.evaluate(
    () => JSON.parse(document.getElementById('jupyter-config-data')!.textContent!).serverRoot
  );
  const nbPath: string = await withApp(lab, app => app.shell.currentWidget.context.path);
  const onDisk = path.join(serverRoot, nbPath);
  // The renderer writes the PNG into the output model after its first draw.
  await expect
    .poll(
      () =>
        withApp(
          lab,
          (app, mime: string) => {
            const outs = app.shell.currentWidget.content.model.cells.get(1).outputs;
            for (let i = 0; i < outs.length; i++) {
              if (outs.get(i).data[mime]) {
                return Object.keys(outs.get(i).data).sort();
              }
            }
            return null;
          },
          CALIBRATION_MIME
        ),
      { timeout: 60_000 }
    )
    .toContain('image/png');
  // context.save(), not docmanager:save: that asks for a name on an Untitled notebook's first save.
  await expect
    .poll(
      async () => {
        await withApp(lab, app => app.shell.currentWidget.context.save());
        if (!fs.existsSync(onDisk)) {
          return null;
        }
        const data = savedOutput(JSON.parse(fs.readFileSync(onDisk, 'utf8')), CALIBRATION_MIME);
        return data ? Object.keys(data).sort() : null;
      },
      { timeout: 60_000, intervals: [500, 1_000, 2_000] }
    )
    .toContain('image/png');
  const file = artifact(`${name}.ipynb`);
  fs.copyFileSync(onDisk, file);
  return { file, nb: JSON.parse(fs.readFileSync(file, 'utf8')) };
}

const run = promisify(execFile);

/** `needle` with some context if `hay` contains it, else null (short failure messages for big HTML). */
function around(hay: string, needle: string): string | null {
  const i = hay.indexOf(needle);
  return i < 0 ? null : hay.slice(Math.max(0, i - 200), i + 200);
}

async function nbconvertHtml(file: string, extra: string[] = []): Promise<string> {
  const { stdout } = await run(JUPYTER, ['nbconvert', '--to', 'html', '--stdout', ...extra, file], {
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024
  });
  return stdout;
}

test('saved notebook: bundle on disk and `jupyter nbconvert --to html`', async ({
  lab,
  context,
  consoleErrors
}) => {
  test.setTimeout(300_000);
  // In this server our renderers are registered (contrast for the no-renderer test).
  expect(await withApp(lab, (app, id: string) => app.hasPlugin(id), PLUGIN)).toBe(true);
  const { file, nb } = await runAndSave(lab, 'nbconvert');

  // 1. The JSON on disk.
  const table = savedOutput(nb, TABLE_MIME)!;
  expect(Object.keys(table).sort()).toEqual([TABLE_MIME, 'text/html', 'text/plain'].sort());
  expect(joinText(table['text/html'])).toMatch(/^<table>/);
  expect(joinText(table['text/html'])).not.toMatch(/<(style|script)|\sstyle=|\sclass=/i);
  expect(joinText(table['text/plain'])).toContain('Probability table');
  const plot = savedOutput(nb, CALIBRATION_MIME)!;
  expect(Object.keys(plot)).toEqual(
    expect.arrayContaining([CALIBRATION_MIME, 'image/png', 'text/plain'])
  );
  expect(plot['text/html']).toBeUndefined();
  expect(joinText(plot['text/plain'])).toMatch(/ECE/);
  const png = Buffer.from(joinText(plot['image/png']), 'base64');
  expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  // IHDR: width and height of a real plot, not a 1×1 placeholder.
  expect(png.readUInt32BE(16)).toBeGreaterThan(100);
  expect(png.readUInt32BE(20)).toBeGreaterThan(100);

  // 2. nbconvert's HTML, as text.
  const t0 = Date.now();
  const html = await nbconvertHtml(file);
  const nbconvertMs = Date.now() - t0;
  const htmlFile = artifact('nbconvert.html');
  fs.writeFileSync(htmlFile, html);
  expect(around(html, 'vnd.jupyterlab-softmax')).toBeNull();
  for (const key of PAYLOAD_KEYS) {
    expect(around(html, key)).toBeNull();
  }
  expect(html.match(/<table>/g)).toHaveLength(1);
  // The plot is an <img> with a data URI: SVG comes before PNG in nbconvert's priority.
  const imgs = html.match(/<img\b[^>]*\ssrc="data:image\/(svg\+xml|png);base64,/g) ?? [];
  expect(imgs).toHaveLength(1);

  // ... and as a page: the table cells and the decoded image.
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 1100 }); // table and whole plot in the screenshot
  // The template links CDN scripts (MathJax, require.js); nothing leaves the machine.
  await page.route(/^https?:/, route => route.abort());
  await page.goto(`file://${htmlFile}`, { waitUntil: 'domcontentloaded' });
  const htmlTable = page.locator('table');
  await expect(htmlTable).toHaveCount(1);
  expect(await readTable(htmlTable)).toEqual(expectedTable());
  const img = page.locator('img[src^="data:image/"]');
  await expect(img).toHaveCount(1);
  await expect.poll(() => decodedSize(img)).toBeGreaterThan(100 * 100);
  const visible = await page.evaluate(() => document.body.innerText);
  expect(visible).toContain('<i>bird</i>');
  for (const key of PAYLOAD_KEYS) {
    expect(visible).not.toContain(key);
  }
  await screenshot(page, 'fallbacks-nbconvert-html');

  // 3. A viewer that does not use SVG (GitHub, per reference §4) gets the PNG:
  // nbconvert with SVG left out of its priority list.
  const pngHtml = await nbconvertHtml(file, [
    '--NbConvertBase.display_data_priority=["text/html","image/png","text/plain"]'
  ]);
  fs.writeFileSync(artifact('nbconvert-png.html'), pngHtml);
  const pngImgs =
    pngHtml.match(/<img\b[^>]*\ssrc="data:image\/png;base64,iVBORw0KGgo[A-Za-z0-9+/=]+"/g) ?? [];
  expect(pngImgs).toHaveLength(1);
  // (The template's CSS has SVG icons as data URIs; no <img> may use one.)
  expect(pngHtml.match(/<img\b[^>]*\ssrc="data:image\/svg/g)).toBeNull();
  expect(around(pngHtml, 'vnd.jupyterlab-softmax')).toBeNull();
  await page.close();

  fs.writeFileSync(
    artifact('nbconvert-timing.json'),
    JSON.stringify({ nbconvertMs, htmlBytes: html.length }, null, 2)
  );
  console.log(`nbconvert --to html: ${nbconvertMs} ms, ${html.length} bytes`);
  expect(consoleErrors).toEqual([]);
});

/** A free TCP port on 127.0.0.1 (asked from the OS, then released). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

interface Lab {
  url: string;
  child: ChildProcess;
  log: () => string;
}

/** Start `jupyter lab` on `root` with our renderer plugin disabled (see waitForLab). */
async function startLabWithoutRenderer(tmp: string, root: string): Promise<Lab> {
  // The file `jupyter labextension disable --level=user jupyterlab-softmax:renderers`
  // writes (the CLI itself takes ~15 s here, so the test writes it directly).
  const configDir = path.join(tmp, 'config');
  fs.mkdirSync(path.join(configDir, 'labconfig'), { recursive: true });
  fs.writeFileSync(
    path.join(configDir, 'labconfig', 'page_config.json'),
    JSON.stringify({ disabledExtensions: { [PLUGIN]: true } })
  );
  const port = await freePort();
  const child = spawn(JUPYTER, ['lab', '--config', NO_RENDERER_CONFIG], {
    cwd: root,
    detached: true, // own process group, so the whole server is stopped by its id
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      JUPYTER_CONFIG_DIR: configDir,
      SOFTMAX_NR_ROOT: root,
      SOFTMAX_NR_STATE: path.join(tmp, 'state'),
      SOFTMAX_NR_PORT: String(port)
    }
  });
  let stderr = '';
  child.stderr!.on('data', chunk => (stderr = (stderr + chunk).slice(-20_000)));
  return { url: `http://127.0.0.1:${port}`, child, log: () => stderr };
}

/** Resolves when the server answers; fails at once with its stderr if it exits first. */
async function waitForLab({ url, child, log }: Lab, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) {
      throw new Error(`jupyter lab exited (${child.exitCode}):\n${log()}`);
    }
    try {
      if ((await fetch(`${url}/api/status`)).ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error(`jupyter lab did not answer on ${url} in ${timeoutMs} ms:\n${log()}`);
}

/** Stop a server started above: SIGTERM to its process group, SIGKILL if it lingers. */
async function stopLab(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) {
    return;
  }
  const exited = new Promise(resolve => child.once('exit', resolve));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = new Promise(resolve => setTimeout(resolve, 15_000, 'timeout'));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    signal('SIGKILL');
    await exited;
  }
}

test('JupyterLab without our renderer shows the HTML table and the PNG', async ({
  lab,
  context,
  consoleErrors
}) => {
  test.setTimeout(360_000);
  const { file } = await runAndSave(lab, 'no-renderer');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'softmax-norenderer-'));
  const root = path.join(tmp, 'root');
  fs.mkdirSync(root);
  fs.copyFileSync(file, path.join(root, 'saved.ipynb'));
  let server: Lab | undefined;
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 1300 }); // table and whole plot in the screenshot
  const errors: string[] = [];
  const keep = (text: string) => !/No active debugger session/.test(text) && errors.push(text);
  page.on('console', msg => msg.type() === 'error' && keep(msg.text()));
  page.on('pageerror', err => keep(`${err.name}: ${err.message}`));
  try {
    const t0 = Date.now();
    server = await startLabWithoutRenderer(tmp, root);
    await waitForLab(server);
    const startMs = Date.now() - t0;
    await page.goto(`${server.url}/lab?reset`);
    await page.waitForFunction(() => (window as any).jupyterapp?.restored !== undefined, null, {
      timeout: 120_000
    });
    await page.evaluate(() => (window as any).jupyterapp.restored);
    // The mechanism took effect: the plugin is listed as disabled and not registered.
    const disabled: string[] = await page.evaluate(
      () =>
        JSON.parse(document.getElementById('jupyter-config-data')!.textContent!).disabledExtensions
    );
    expect(disabled).toContain(PLUGIN);
    expect(await withApp(page, (app, id: string) => app.hasPlugin(id), PLUGIN)).toBe(false);

    await withApp(page, app => app.commands.execute('docmanager:open', { path: 'saved.ipynb' }));
    const panel = page.locator('.jp-NotebookPanel');
    await expect(panel).toHaveCount(1, { timeout: 60_000 });
    const state = () =>
      withApp(page, app => {
        const nb = app.shell.currentWidget?.content;
        if (!nb?.model || nb.model.cells.length < 2) {
          return null;
        }
        const cells = [0, 1].map(i => nb.model.cells.get(i));
        return {
          mimeTypes: nb.rendermime.mimeTypes as string[],
          trusted: cells.map((c: any) => c.trusted),
          outputs: cells.map((c: any) => c.outputs.length)
        };
      });
    await expect.poll(state, { timeout: 60_000 }).not.toBeNull();
    const s = (await state())!;
    expect(s.mimeTypes).not.toContain(TABLE_MIME);
    expect(s.mimeTypes).not.toContain(CALIBRATION_MIME);
    expect(s.trusted).toEqual([false, false]); // someone else's notebook
    expect(s.outputs).toEqual([1, 1]);

    // The table: the sanitized text/html fallback, every cell as expected.
    const out = page.locator('.jp-NotebookPanel .jp-OutputArea-output');
    const table = out.and(page.locator('[data-mime-type="text/html"]')).locator('table');
    await expect(table).toHaveCount(1, { timeout: 60_000 });
    await expect(table).toBeVisible();
    expect(await readTable(table)).toEqual(expectedTable());
    // The plot: the PNG (SVG is not a safe type, so untrusted skips it).
    const img = out.and(page.locator('[data-mime-type="image/png"]')).locator('img');
    await expect(img).toHaveCount(1);
    await expect(img).toBeVisible();
    expect(await img.getAttribute('src')).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    await expect.poll(() => decodedSize(img)).toBeGreaterThan(100 * 100);
    // Nothing of ours, and no payload shown as text.
    await expect(page.locator('.jp-OutputArea [class*="jp-Softmax"]')).toHaveCount(0);
    await expect(out).toHaveCount(2);
    const shown = await out.allInnerTexts();
    for (const key of PAYLOAD_KEYS) {
      expect(shown.join('\n')).not.toContain(key);
    }
    await screenshot(page, 'fallbacks-no-renderer-lab');
    fs.writeFileSync(
      artifact('no-renderer-timing.json'),
      JSON.stringify({ secondServerStartMs: startMs }, null, 2)
    );
    console.log(`second jupyter lab answered after ${startMs} ms`);
    expect(errors).toEqual([]);
  } finally {
    await page.close();
    if (server) {
      await stopLab(server.child);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  expect(consoleErrors).toEqual([]);
});
