/**
 * The same wheel in JupyterLite 0.8: build a lite site with only our extension
 * (`jupyter lite build`, jupyterlite-core from .venv), serve it with
 * `python -m http.server` on 127.0.0.1, run a cell on the kernel and interrupt one.
 */
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

import { expect, test } from './fixtures';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, '.venv', 'bin');

let work = '';
let server: ChildProcess | undefined;
let baseURL = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'softmax-lite-'));
  const run = (cmd: string, args: string[], cwd = work) =>
    execFileSync(cmd, args, { cwd, stdio: 'pipe', timeout: 120_000 });
  // The wheel of the current build (labextension already built by the test setup).
  run(path.join(BIN, 'python'), [
    '-m',
    'pip',
    'wheel',
    '-q',
    '--no-build-isolation',
    '--no-deps',
    ROOT,
    '-w',
    'wheel'
  ]);
  const wheel = fs.readdirSync(path.join(work, 'wheel')).find(f => f.endsWith('.whl'))!;
  // --ignore-sys-prefix: no hybrid-kernels (JupyterLite provides the kernel services itself).
  fs.mkdirSync(path.join(work, 'src'));
  run(
    path.join(BIN, 'jupyter'),
    [
      'lite',
      'build',
      '--ignore-sys-prefix',
      `--LiteBuildConfig.federated_extensions=${path.join(work, 'wheel', wheel)}`,
      '--output-dir',
      path.join(work, 'site')
    ],
    path.join(work, 'src')
  );
  const port = await freePort();
  baseURL = `http://127.0.0.1:${port}`;
  server = spawn(
    path.join(BIN, 'python'),
    [
      '-m',
      'http.server',
      String(port),
      '--bind',
      '127.0.0.1',
      '--directory',
      path.join(work, 'site')
    ],
    { stdio: 'ignore' }
  );
  await expect
    .poll(
      () =>
        fetch(`${baseURL}/lab/index.html`)
          .then(r => r.status)
          .catch(() => 0),
      { timeout: 30_000 }
    )
    .toBe(200);
});

test.afterAll(() => {
  server?.kill();
  if (work) {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('JupyterLite 0.8 runs a cell on the kernel from our wheel', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', msg => msg.type() === 'error' && errors.push(msg.text()));
  page.on('pageerror', err => errors.push(`${err.name}: ${err.message}`));
  await page.goto(`${baseURL}/lab/index.html?reset`);
  const card = page.locator('.jp-LauncherCard[title="Softmax (PyTorch-style)"]').first();
  await expect(card).toBeVisible({ timeout: 60_000 });
  await card.click();
  await page.locator('.jp-NotebookPanel').first().waitFor();
  await expect(
    page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').first()
  ).toBeVisible({
    timeout: 60_000
  });
  await page.locator('.jp-NotebookPanel .jp-Cell .cm-content').first().click();
  await page.keyboard.type(
    'import torch; print(torch.softmax(torch.tensor([1.0, 2.0, 3.0]), dim=0))'
  );
  await page.keyboard.press('Shift+Enter');
  await expect(page.locator('.jp-OutputArea-output').first()).toHaveText(
    'tensor([0.0900, 0.2447, 0.6652])',
    { timeout: 60_000 }
  );
  // Interrupt reaches the kernel in JupyterLite too (its own IKernelClient).
  const second = page.locator('.jp-NotebookPanel .jp-CodeCell').nth(1);
  await second.locator('.cm-content').click();
  await page.keyboard.type('while True: pass');
  await page.keyboard.press('Shift+Enter');
  await expect(second.locator('.jp-InputPrompt')).toHaveText('[*]:');
  await page.waitForTimeout(500);
  await page
    .locator('.jp-NotebookPanel-toolbar [data-command="notebook:interrupt-kernel"]')
    .click();
  await expect(second.locator('.jp-OutputArea')).toContainText('KeyboardInterrupt', {
    timeout: 10_000
  });
  console.log(`lite console errors: ${JSON.stringify(errors)}`);
  expect(errors.filter(e => /softmax|worker/i.test(e))).toEqual([]);
});
