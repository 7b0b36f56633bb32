/**
 * The `jupyterlab.extension` entry: registers the "softmax" kernelspec with
 * JupyterLite's IKernelSpecs. In server JupyterLab that token is provided by
 * jupyterlab-hybrid-kernels (a dependency of our Python package); it is taken
 * as optional so a missing provider gives a clear message, not a failed plugin.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IKernelClient, IKernelSpecs } from '@jupyterlite/services';

import { installInterruptHook, type IInterruptTarget } from './interrupt';

import { LOGO_URL } from './logo';
import { toWorkerConfig } from './settings';

export const PLUGIN_ID = 'jupyterlab-softmax:plugin';
export const KERNEL_NAME = 'softmax';
export const DISPLAY_NAME = 'Softmax (PyTorch-style)';

const MISSING_SPECS =
  'jupyterlab-softmax: the in-browser "Softmax (PyTorch-style)" kernel needs the ' +
  'jupyterlab-hybrid-kernels extension. Install it with `pip install jupyterlab-hybrid-kernels` ' +
  '(or reinstall jupyterlab-softmax, which depends on it) and restart JupyterLab.';

async function activate(
  app: JupyterFrontEnd,
  specs: IKernelSpecs | null,
  registry: ISettingRegistry | null,
  client: IKernelClient | null
): Promise<void> {
  if (!specs) {
    console.warn(MISSING_SPECS);
    Notification.warning(MISSING_SPECS, { autoClose: false });
    return;
  }
  let settings: ISettingRegistry.ISettings | null = null;
  if (registry) {
    try {
      settings = await registry.load(PLUGIN_ID);
    } catch (reason) {
      console.warn('jupyterlab-softmax: settings not loaded, using defaults', reason);
    }
  }
  // Kernels made by our factory; Interrupt on them goes to the kernel (interrupt.ts).
  const ours = new WeakSet<object>();
  if (client) {
    installInterruptHook(client, (k): k is IInterruptTarget => !!k && ours.has(k as object));
  } else {
    console.warn('jupyterlab-softmax: no IKernelClient, Interrupt will only cancel queued cells');
  }
  specs.register({
    spec: {
      name: KERNEL_NAME,
      display_name: DISPLAY_NAME,
      language: 'python',
      argv: [],
      resources: { 'logo-32x32': LOGO_URL, 'logo-64x64': LOGO_URL }
    },
    create: async options => {
      // Lazy import: the kernel class and its worker load only when a kernel starts.
      const { SoftmaxKernel } = await import('./kernel');
      const kernel = new SoftmaxKernel({
        ...options,
        config: toWorkerConfig(settings),
        contents: app.serviceManager.contents
      });
      ours.add(kernel);
      return kernel;
    }
  });
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'Registers the in-browser Softmax (PyTorch-style) kernel.',
  autoStart: true,
  optional: [IKernelSpecs, ISettingRegistry, IKernelClient],
  activate
};

export default plugin;
