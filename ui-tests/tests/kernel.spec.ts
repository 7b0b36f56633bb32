/** A notebook on the softmax kernel starts its Web Worker and reaches idle. */
import { expect, screenshot, test, withApp } from './fixtures';

test('a new notebook on the kernel reports idle with its worker running', async ({
  lab,
  consoleErrors
}) => {
  await lab.locator('.jp-LauncherCard[title="Softmax (PyTorch-style)"]').first().click();
  await lab.locator('.jp-NotebookPanel').first().waitFor();

  const kernel = () =>
    withApp(lab, app => {
      const kernel = app.shell.currentWidget?.sessionContext?.session?.kernel;
      return kernel ? { name: kernel.name, status: kernel.status } : null;
    });
  await expect.poll(kernel, { timeout: 30_000 }).toEqual({ name: 'softmax', status: 'idle' });

  // The kernel lives in a worker chunk served from our labextension.
  expect(lab.workers().map(w => w.url())).toEqual(
    expect.arrayContaining([expect.stringContaining('/lab/extensions/jupyterlab-softmax/static/')])
  );

  // Round trips: kernel_info is answered by the kernel class, is_complete by the worker.
  const replies = await withApp(lab, async app => {
    const k = app.shell.currentWidget.sessionContext.session.kernel;
    const info = await k.requestKernelInfo();
    const complete = await k.requestIsComplete({ code: 'x = 1' });
    return {
      implementation: info.content.implementation,
      language: info.content.language_info.name,
      isComplete: complete.content.status
    };
  });
  expect(replies).toEqual({
    implementation: 'jupyterlab-softmax',
    language: 'python',
    isComplete: 'complete'
  });

  await expect(
    lab.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').first()
  ).toBeVisible();
  await screenshot(lab, 'notebook-on-kernel');
  expect(consoleErrors).toEqual([]);
});
