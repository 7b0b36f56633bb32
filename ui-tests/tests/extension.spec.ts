/** The extension loads in a real JupyterLab and registers its kernel and renderers. */
import { expect, screenshot, test, withApp } from './fixtures';

const DISPLAY_NAME = 'Softmax (PyTorch-style)';

test('both plugins activate without console errors', async ({ lab, consoleErrors }) => {
  const state = await withApp(lab, app => ({
    kernel: app.isPluginActivated('jupyterlab-softmax:plugin'),
    renderers: app.hasPlugin('jupyterlab-softmax:renderers'),
    specsProvider: app.hasPlugin('jupyterlab-hybrid-kernels:kernel-specs')
  }));
  expect(state).toEqual({ kernel: true, renderers: true, specsProvider: true });
  expect(consoleErrors).toEqual([]);
});

test('kernelspec "softmax" is listed beside the server kernels', async ({ lab }) => {
  const specs = await withApp(lab, async app => {
    const manager = app.serviceManager.kernelspecs;
    await manager.ready;
    const all = manager.specs?.kernelspecs ?? {};
    return {
      names: Object.keys(all).sort(),
      softmax: all.softmax && {
        display_name: all.softmax.display_name,
        language: all.softmax.language,
        logo: all.softmax.resources['logo-64x64']
      }
    };
  });
  expect(specs.names).toEqual(expect.arrayContaining(['python3', 'softmax']));
  expect(specs.softmax.display_name).toBe(DISPLAY_NAME);
  expect(specs.softmax.language).toBe('python');
  expect(specs.softmax.logo).toMatch(/^data:image\/svg\+xml;base64,/);
});

test('the launcher shows the kernel with its logo next to Python', async ({ lab }) => {
  const section = lab.locator('.jp-Launcher-section').filter({ hasText: 'Notebook' }).first();
  const card = section.locator(`.jp-LauncherCard[title="${DISPLAY_NAME}"]`);
  await expect(card).toBeVisible();
  await expect(card.locator('.jp-LauncherCard-label')).toHaveText(DISPLAY_NAME);
  await expect(section.locator('.jp-LauncherCard[title^="Python 3"]')).toBeVisible();
  const logo = card.locator('img');
  await expect(logo).toHaveAttribute('src', /^data:image\/svg\+xml;base64,/);
  // The image actually decoded (a broken data URL has naturalWidth 0).
  await expect
    .poll(() => logo.evaluate(img => (img as HTMLImageElement).naturalWidth))
    .toBeGreaterThan(0);
  await screenshot(lab, 'launcher');
});
