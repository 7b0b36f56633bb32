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
  // Read the outputs from the notebook model: windowed notebooks do not keep
  // off-screen cells in the DOM.
  const outputs: { type: string; mimes: string[]; text: string }[] = await withApp(lab, app => {
    const cells = app.shell.currentWidget.content.model.cells;
    const all: { type: string; mimes: string[]; text: string }[] = [];
    for (let i = 0; i < cells.length; i++) {
      const cell = cells.get(i);
      if (cell.type !== 'code') {
        continue;
      }
      for (const o of cell.outputs.toJSON()) {
        const data = (o.data ?? {}) as Record<string, unknown>;
        const text = o.output_type === 'stream' ? o.text : (data['text/plain'] ?? o.evalue ?? '');
        all.push({
          type: o.output_type,
          mimes: Object.keys(data),
          text: Array.isArray(text) ? text.join('') : String(text)
        });
      }
    }
    return all;
  });
  // No traceback anywhere: every cell ran.
  expect(outputs.filter(o => o.type === 'error')).toEqual([]);
  const text = outputs.map(o => o.text).join('\n');
  expect(text).toContain('torch.Size([2000, 10]) torch.float32');
  expect(text).toMatch(/TemperatureFit\(temperature=1\.8\d{3}, method='exact'/);
  const rich = outputs
    .filter(o => o.type === 'display_data')
    .map(o => o.mimes.find(m => m.startsWith('application/vnd.jupyterlab-softmax')));
  expect(rich).toEqual([CALIBRATION_MIME, CALIBRATION_MIME, TABLE_MIME]);
  // The table (the last rich output, on screen) is drawn by our renderer.
  await expect(lab.locator('.jp-SoftmaxGrid').first()).toBeVisible();
  // The last cell wrote files next to the notebook through the contents service.
  const written = await withApp(lab, async app => {
    const dir = await app.serviceManager.contents.get('examples', { content: true });
    return dir.content.map((f: { name: string }) => f.name).sort();
  });
  expect(written).toEqual(expect.arrayContaining(['calibrated_probs.npy', 'temperature.pt']));
  await screenshot(lab, 'calibration-notebook');
  expect(consoleErrors).toEqual([]);
});
