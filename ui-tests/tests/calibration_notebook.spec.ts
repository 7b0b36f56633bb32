/**
 * examples/calibration.ipynb runs top to bottom in the browser: the kernel
 * reads val_logits.npz next to the notebook through the contents service,
 * and the calibration and table outputs render with our renderers.
 */
import { expect, screenshot, test, waitForSoftmaxIdle, withApp } from './fixtures';

const TABLE_MIME = 'application/vnd.jupyterlab-softmax.table+json';
const CALIBRATION_MIME = 'application/vnd.jupyterlab-softmax.calibration+json';

test('the calibration example loads its data, fits T and shows both rich outputs', async ({
  lab,
  consoleErrors
}) => {
  await withApp(lab, app =>
    app.commands.execute('docmanager:open', { path: 'examples/calibration.ipynb' })
  );
  await waitForSoftmaxIdle(lab);
  await withApp(lab, app => app.commands.execute('notebook:run-all-cells'));
  const prompts = lab.locator('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt');
  const count = await prompts.count();
  expect(count).toBeGreaterThan(6);
  await expect(prompts.nth(count - 1)).toHaveText(`[${count}]:`, { timeout: 90_000 });
  // No traceback anywhere: every cell ran.
  await expect(
    lab.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
  ).toHaveCount(0);
  const text = await lab
    .locator('.jp-NotebookPanel .jp-OutputArea-output')
    .evaluateAll(nodes => nodes.map(n => (n as HTMLElement).innerText).join('\n'));
  expect(text).toContain('torch.Size([2000, 10]) torch.float32');
  expect(text).toMatch(/TemperatureFit\(temperature=1\.8\d{3}, method='exact'/);
  await expect(
    lab.locator(`.jp-OutputArea-output[data-mime-type="${CALIBRATION_MIME}"]`)
  ).toHaveCount(2);
  await expect(lab.locator(`.jp-OutputArea-output[data-mime-type="${TABLE_MIME}"]`)).toHaveCount(1);
  // The last cell wrote files next to the notebook through the contents service.
  const written = await withApp(lab, async app => {
    const dir = await app.serviceManager.contents.get('examples', { content: true });
    return dir.content.map((f: { name: string }) => f.name).sort();
  });
  expect(written).toEqual(expect.arrayContaining(['calibrated_probs.npy', 'temperature.pt']));
  await screenshot(lab, 'calibration-notebook');
  expect(consoleErrors).toEqual([]);
});
