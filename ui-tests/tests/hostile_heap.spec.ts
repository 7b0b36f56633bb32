/**
 * Issue #9, worker exhaustion (a separate file because it launches Chromium
 * with a smaller V8 heap, which Playwright only allows per file).
 */
import * as fs from 'fs';

import config from '../playwright.config';
import { setCells, startCell } from './cells';
import { expect, newSoftmaxNotebook, test, withApp } from './fixtures';
import { GOOD, GOOD_OUT, output, saveNotebook, serverFile, sha } from './hostile_util';

const launch = config.use!.launchOptions!;
test.use({
  launchOptions: {
    ...launch,
    args: [...(launch.args ?? []), '--js-flags=--max-old-space-size=1024']
  }
});

/**
 * The memory cap limits one allocation, not the total: lists of 3·10^7 items
 * fill the worker's V8 heap. Whatever that does (a Python exception, a fresh
 * worker or a crashed tab), the notebook saved before it must be intact.
 * Chromium gets a 1 GiB V8 heap here (process-wide, so the worker too): the
 * same failure as the default ~4 GiB, in seconds instead of minutes and without
 * taking 4 GiB from a shared machine. JupyterLab itself needs far less.
 */
test('a heap bomb never modifies the saved notebook, and the kernel recovers', async ({
  lab,
  consoleErrors
}) => {
  test.setTimeout(300_000);
  await newSoftmaxNotebook(lab);
  const bomb = 'xs = []\nfor i in range(400):\n    xs.append([i] * (3 * 10**7))';
  await setCells(lab, [`import torch\n${GOOD}`, bomb, GOOD]);
  await startCell(lab, 0);
  await expect(output(lab, 0)).toHaveText(GOOD_OUT, { timeout: 60_000 });
  const saved = await saveNotebook(lab);
  const file = await serverFile(lab, saved);
  const before = sha(file);
  const beforeJson = fs.readFileSync(file, 'utf-8');

  let crashed = false;
  lab.on('crash', () => (crashed = true));
  const t0 = Date.now();
  await startCell(lab, 1);
  // Ends one of three ways: an exception in the cell, a reset message, or a dead tab.
  await expect
    .poll(
      async () =>
        crashed ||
        (await output(lab, 1)
          .textContent({ timeout: 2000 })
          .then(t => /Error|Kernel state was reset/.test(t ?? ''))
          .catch(() => false)),
      { timeout: 240_000, intervals: [1000] }
    )
    .toBe(true);
  console.log(
    `heap bomb: ${crashed ? 'the TAB CRASHED' : 'the cell ended'} after ${Date.now() - t0} ms`
  );

  // The file on disk is what was saved, however the bomb ended.
  expect(sha(file)).toBe(before);
  expect(fs.readFileSync(file, 'utf-8')).toBe(beforeJson);

  if (crashed) {
    // Reopen in a fresh tab: the saved outputs are there, and the file is still untouched.
    const page = await lab.context().newPage();
    await page.goto('/lab?reset');
    await page.waitForFunction(() => (window as any).jupyterapp?.restored !== undefined);
    await page.evaluate(() => (window as any).jupyterapp.restored);
    await withApp(
      page,
      (app, p: string) => app.commands.execute('docmanager:open', { path: p }),
      saved
    );
    await expect(output(page, 0)).toHaveText(GOOD_OUT, { timeout: 60_000 });
    await page.close();
    expect(sha(file)).toBe(before);
  }
  // Issue #9: a clear message and a fresh worker, not a dead tab. Fails today (reported).
  expect(crashed, 'a cell that fills the worker heap crashed the whole JupyterLab tab').toBe(false);
  await expect(output(lab, 1)).toContainText(/MemoryError|Kernel state was reset/);
  await startCell(lab, 2);
  await expect(output(lab, 2)).toHaveText(GOOD_OUT, { timeout: 60_000 });
  expect(sha(file)).toBe(before);
  expect(consoleErrors).toEqual([]);
});
