/**
 * The `jupyterlab.mimeExtension` entry: renderers for the two rich outputs.
 * Must never import @jupyterlite/services, so saved outputs still render in a
 * JupyterLab where the kernel side cannot load.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';

import { FallbackRenderer } from './fallback';
import { CALIBRATION_MIME, RANK, TABLE_MIME } from './mime';

const extension: IRenderMime.IExtension = {
  id: 'jupyterlab-softmax:renderers',
  description: 'Renders softmax probability tables and calibration plots.',
  rendererFactory: {
    safe: true,
    mimeTypes: [TABLE_MIME, CALIBRATION_MIME],
    createRenderer: options => new FallbackRenderer(options)
  },
  rank: RANK,
  dataType: 'json'
};

export default extension;
