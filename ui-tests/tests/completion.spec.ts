/** Tab completion, Shift+Tab inspection and is_complete come from the worker's Session. */
import { cell, setCells, startCell } from './cells';
import { expect, newSoftmaxNotebook, screenshot, test, withApp } from './fixtures';

test('Tab completes torch.so to softmax and Shift+Tab shows its signature', async ({
  lab,
  consoleErrors
}) => {
  await newSoftmaxNotebook(lab);
  await setCells(lab, ['import torch', '']);
  await startCell(lab, 0);
  await expect(cell(lab, 0).locator('.jp-InputPrompt')).toHaveText('[1]:');
  const editor = cell(lab, 1).locator('.cm-content');
  await editor.click();
  await lab.keyboard.type('torch.so');
  await lab.keyboard.press('Tab');
  const completer = lab.locator('.jp-Completer');
  await expect(completer).toBeVisible({ timeout: 15_000 });
  await expect(completer.locator('.jp-Completer-item')).toContainText(['softmax']);
  await screenshot(lab, 'completion');
  await lab.keyboard.press('Escape');

  // Replace the text with a call and ask for the tooltip.
  await lab.keyboard.press('ControlOrMeta+a');
  await lab.keyboard.type('torch.softmax(');
  await lab.keyboard.press('Shift+Tab');
  const tooltip = lab.locator('.jp-Tooltip');
  await expect(tooltip).toBeVisible({ timeout: 15_000 });
  await expect(tooltip).toContainText('softmax(input, dim');
  await screenshot(lab, 'inspection');
  await lab.keyboard.press('Escape');

  // is_complete (what a console asks before running Enter).
  const statuses = await withApp(lab, async app => {
    const kernel = app.shell.currentWidget.sessionContext.session.kernel;
    const ask = async (code: string) => (await kernel.requestIsComplete({ code })).content;
    return [await ask('x = 1'), await ask('for i in range(3):')];
  });
  expect(statuses).toEqual([{ status: 'complete' }, { status: 'incomplete', indent: '    ' }]);
  expect(consoleErrors).toEqual([]);
});
