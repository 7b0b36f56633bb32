/** Saved rich outputs render through our mimeExtension (no kernel involved). */
import { expect, screenshot, test, withApp } from './fixtures';

const TABLE_MIME = 'application/vnd.jupyterlab-softmax.table+json';
const CALIBRATION_MIME = 'application/vnd.jupyterlab-softmax.calibration+json';

function notebookWith(outputs: object[]): object {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'softmax', display_name: 'Softmax (PyTorch-style)', language: 'python' }
    },
    cells: [
      {
        cell_type: 'code',
        id: 'c1',
        metadata: {},
        execution_count: 1,
        source: 'sm.table(p)',
        outputs
      }
    ]
  };
}

test('table and calibration outputs render their text/plain, not the HTML fallback', async ({
  lab,
  consoleErrors
}) => {
  const outputs = [
    {
      output_type: 'display_data',
      metadata: {},
      data: {
        [TABLE_MIME]: { version: 1 },
        'text/html': '<table class="html-fallback"><tr><td>html</td></tr></table>',
        'text/plain': 'TABLE-PLAIN tensor([0.0900, 0.2447, 0.6652])'
      }
    },
    {
      output_type: 'display_data',
      metadata: {},
      data: { [CALIBRATION_MIME]: { version: 1 }, 'text/plain': 'CALIBRATION-PLAIN ECE 0.0123' }
    }
  ];
  await withApp(
    lab,
    async (app, nb) => {
      await app.serviceManager.contents.save('rendered.ipynb', {
        type: 'notebook',
        format: 'json',
        content: nb
      });
      await app.commands.execute('docmanager:open', { path: 'rendered.ipynb' });
    },
    notebookWith(outputs)
  );
  const rendered = lab.locator('.jp-OutputArea-output.jp-SoftmaxFallback pre');
  await expect(rendered).toHaveCount(2);
  await expect(rendered.nth(0)).toHaveText('TABLE-PLAIN tensor([0.0900, 0.2447, 0.6652])');
  await expect(rendered.nth(1)).toHaveText('CALIBRATION-PLAIN ECE 0.0123');
  await expect(lab.locator('table.html-fallback')).toHaveCount(0);
  await screenshot(lab, 'renderers');
  expect(consoleErrors).toEqual([]);
});
