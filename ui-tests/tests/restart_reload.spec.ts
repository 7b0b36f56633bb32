/**
 * Kernel restart drops all state but keeps the notebook; a saved notebook keeps
 * its outputs across a page reload and its cells run again afterwards.
 */
import type { Page } from '@playwright/test';

import { setCells, startCell } from './cells';
import {
  expect,
  newSoftmaxNotebook,
  screenshot,
  test,
  waitForSoftmaxIdle,
  withApp
} from './fixtures';

const prompt = (page: Page, index: number) =>
  page.locator('.jp-NotebookPanel .jp-CodeCell').nth(index).locator('.jp-InputPrompt');
const output = (page: Page, index: number) =>
  page.locator('.jp-NotebookPanel .jp-CodeCell').nth(index).locator('.jp-OutputArea');

const sources = (page: Page) =>
  withApp(page, app =>
    app.shell.currentWidget.content.model.sharedModel.cells.map((c: any) => c.getSource())
  );

test('Restart Kernel drops variables, keeps the cells and runs new code', async ({
  lab,
  consoleErrors
}) => {
  test.setTimeout(180_000);
  await newSoftmaxNotebook(lab);
  const cells = ['x = 42', 'print(x)', 'print(x)', 'print(1 + 1)'];
  await setCells(lab, cells);

  await startCell(lab, 0);
  await expect(prompt(lab, 0)).toHaveText('[1]:', { timeout: 60_000 });
  await startCell(lab, 1);
  await expect(prompt(lab, 1)).toHaveText('[2]:', { timeout: 60_000 });
  await expect(output(lab, 1)).toHaveText('42');

  // Toolbar restart button → confirmation dialog → Restart.
  await lab.locator('.jp-NotebookPanel-toolbar [data-command="notebook:restart-kernel"]').click();
  const dialog = lab.locator('.jp-Dialog');
  await expect(dialog).toContainText('Restart');
  await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();
  await expect(dialog).toHaveCount(0);
  await waitForSoftmaxIdle(lab);

  expect(await sources(lab)).toEqual(cells);

  await startCell(lab, 2);
  await expect(output(lab, 2)).toContainText("NameError: name 'x' is not defined", {
    timeout: 60_000
  });
  await expect(prompt(lab, 2)).toHaveText(/\[\d+\]:/, { timeout: 60_000 });
  await startCell(lab, 3);
  await expect(output(lab, 3)).toHaveText('2', { timeout: 60_000 });
  await expect(prompt(lab, 3)).toHaveText(/\[\d+\]:/);

  expect(await sources(lab)).toEqual(cells);
  await screenshot(lab, 'restart-kernel');
  expect(consoleErrors).toEqual([]);
});

test('a saved notebook keeps its outputs across a page reload and runs again', async ({
  lab,
  consoleErrors
}) => {
  test.setTimeout(240_000);
  const SOFTMAX = 'tensor([0.0900, 0.2447, 0.6652])';
  const TENSOR = 'tensor([1.5000, 2.0000])';
  await newSoftmaxNotebook(lab);
  await setCells(lab, [
    'import torch\nprint(torch.softmax(torch.tensor([1.0, 2.0, 3.0]), dim=0))',
    'torch.tensor([1.5, 2.0])'
  ]);
  await startCell(lab, 0);
  await expect(prompt(lab, 0)).toHaveText('[1]:', { timeout: 60_000 });
  await expect(output(lab, 0)).toHaveText(SOFTMAX);
  await startCell(lab, 1);
  await expect(prompt(lab, 1)).toHaveText('[2]:', { timeout: 60_000 });
  await expect(output(lab, 1)).toContainText(TENSOR);
  await expect(output(lab, 1).locator('.jp-OutputPrompt')).toHaveText('[2]:');

  // Save through the document context (as interrupt.spec.ts does): docmanager:save on a
  // new Untitled notebook opens the rename-on-first-save dialog.
  const file = await withApp(lab, async app => {
    const context = app.shell.currentWidget.context;
    await context.save();
    return { path: context.path as string, dirty: context.model.dirty as boolean };
  });
  expect(file.dirty).toBe(false);

  await lab.reload();
  await lab.waitForFunction(() => (window as any).jupyterapp?.restored !== undefined, null, {
    timeout: 60_000
  });
  await lab.evaluate(() => (window as any).jupyterapp.restored);
  // The fixture's URL has ?reset, so the workspace may come back empty: reopen if needed.
  const restored = await withApp(
    lab,
    (app, p: string) => app.shell.currentWidget?.context?.path === p,
    file.path
  );
  console.log(`reload: notebook ${restored ? 'restored' : 'reopened'}`);
  if (!restored) {
    await withApp(
      lab,
      (app, p: string) => app.commands.execute('docmanager:open', { path: p }),
      file.path
    );
  }
  await lab.locator('.jp-NotebookPanel').first().waitFor({ timeout: 60_000 });
  await expect(lab.locator('.jp-NotebookPanel .jp-CodeCell')).toHaveCount(2);
  await expect(output(lab, 0)).toHaveText(SOFTMAX);
  await expect(output(lab, 1)).toContainText(TENSOR);
  await expect(output(lab, 1).locator('.jp-OutputPrompt')).toHaveText('[2]:');
  await waitForSoftmaxIdle(lab);

  // Clear the restored output first so the check below sees a fresh execution.
  await withApp(lab, async app => {
    app.shell.currentWidget.content.activeCellIndex = 0;
    await app.commands.execute('notebook:clear-cell-output');
  });
  await expect(output(lab, 0)).not.toContainText('tensor');
  await startCell(lab, 0);
  await expect(prompt(lab, 0)).toHaveText('[1]:', { timeout: 60_000 });
  await expect(output(lab, 0)).toHaveText(SOFTMAX, { timeout: 60_000 });
  await screenshot(lab, 'save-reload');
  expect(consoleErrors).toEqual([]);
});
