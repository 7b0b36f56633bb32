/** Cells run in the worker and their output comes back as Jupyter messages. */
import {
  expect,
  newSoftmaxNotebook,
  runCells,
  screenshot,
  test,
  waitForSoftmaxIdle,
  withApp
} from './fixtures';

test('stdout, results and errors of softmax cells reach the notebook', async ({
  lab,
  consoleErrors
}) => {
  await newSoftmaxNotebook(lab);
  const outputs = await runCells(lab, [
    'import torch; print(torch.softmax(torch.tensor([1.0,2.0,3.0]), dim=0))',
    'torch.tensor([1, 2]) * 2',
    'x = 1\n1 / 0'
  ]);
  expect(outputs[0]).toBe('tensor([0.0900, 0.2447, 0.6652])');
  expect(outputs[1]).toBe('tensor([2, 4])');
  expect(outputs[2]).toContain('ZeroDivisionError');
  // The result is an execute_result (Out[n] prompt), not a print.
  await expect(lab.locator('.jp-CodeCell').nth(1).locator('.jp-OutputPrompt').first()).toHaveText(
    /\[\d+\]:/
  );
  await screenshot(lab, 'notebook-executed');
  expect(consoleErrors).toEqual([]);
});

test('the demo notebook opens on the kernel and runs top to bottom', async ({
  lab,
  consoleErrors
}) => {
  await withApp(lab, app =>
    app.commands.execute('docmanager:open', { path: 'examples/demo.ipynb' })
  );
  await waitForSoftmaxIdle(lab);
  await withApp(lab, app => app.commands.execute('notebook:run-all-cells'));
  const prompts = lab.locator('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt');
  const count = await prompts.count();
  expect(count).toBeGreaterThan(3);
  await expect(prompts.nth(count - 1)).toHaveText(`[${count}]:`, { timeout: 60_000 });
  await expect(
    lab.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
  ).toHaveCount(0);
  const first = await lab
    .locator('.jp-OutputArea-output')
    .first()
    .evaluate(node => (node as HTMLElement).innerText.trimEnd());
  expect(first).toBe('tensor([[0.0900, 0.2447, 0.6652],\n        [0.6652, 0.0900, 0.2447]])');
  await screenshot(lab, 'demo-notebook');
  expect(consoleErrors).toEqual([]);
});
