/**
 * The `jupyterlab.mimeExtension` entry: renderers for the two rich outputs.
 * Must never import @jupyterlite/services, so saved outputs still render in a
 * JupyterLab where the kernel side cannot load.
 *
 * `safe: true`: they render in untrusted notebooks because nothing from a
 * payload is executed or parsed as HTML (textContent/attributes only; the SVG
 * is drawn by Vega from validated numbers and escaped strings).
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';

import { CalibrationRenderer } from './calibration';
import { CALIBRATION_MIME, RANK, TABLE_MIME } from './mime';
import { TableRenderer } from './table';

export const rendererFactory: IRenderMime.IRendererFactory = {
  safe: true,
  mimeTypes: [TABLE_MIME, CALIBRATION_MIME],
  defaultRank: RANK,
  createRenderer: options =>
    options.mimeType === TABLE_MIME ? new TableRenderer(options) : new CalibrationRenderer(options)
};

const extension: IRenderMime.IExtension = {
  id: 'jupyterlab-softmax:renderers',
  description: 'Renders softmax probability tables and calibration plots.',
  rendererFactory,
  rank: RANK,
  dataType: 'json'
};

export default extension;
