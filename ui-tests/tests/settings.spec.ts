/** The kernel's settings are visible in the Settings Editor with their defaults. */
import { expect, screenshot, test, withApp } from './fixtures';

test('settings appear in the Settings Editor', async ({ lab }) => {
  await withApp(lab, app => app.commands.execute('settingeditor:open'));
  const entry = lab.locator('.jp-PluginList-entry').filter({ hasText: 'Softmax (PyTorch-style)' });
  // The list fills once every plugin's schema is loaded: slow on a busy 2-core machine.
  await expect(entry).toBeVisible({ timeout: 60_000 });
  await entry.click();
  const panel = lab.locator('.jp-SettingsPanel, .jp-SettingsEditor').first();
  for (const label of [
    'Default calibration bins',
    'Table row cap',
    'Execution time limit (seconds)',
    'Memory cap (MiB)'
  ]) {
    await expect(panel.getByText(label, { exact: true }).first()).toBeVisible();
  }
  // The server serves our schema with the documented defaults.
  const defaults = await withApp(lab, async app => {
    const plugin = await app.serviceManager.settings.fetch('jupyterlab-softmax:plugin');
    const props = plugin.schema.properties;
    return Object.fromEntries(Object.keys(props).map(key => [key, props[key].default]));
  });
  expect(defaults).toEqual({
    calibrationBins: 15,
    tableRowCap: 100000,
    executionTimeLimitSeconds: 300,
    memoryCapMiB: 2048
  });
  await screenshot(lab, 'settings-editor');
});
