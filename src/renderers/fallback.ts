/**
 * A minimal, real renderer for both MIME types: it shows the bundle's
 * text/plain fallback in a <pre>. Replaced by the interactive table and plot.
 * Only textContent is used, never HTML from the payload (renders untrusted).
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';

import { fallbackText } from './mime';

export class FallbackRenderer extends Widget implements IRenderMime.IRenderer {
  constructor(options: IRenderMime.IRendererOptions) {
    super();
    this._mimeType = options.mimeType;
    this.addClass('jp-SoftmaxFallback');
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const pre = document.createElement('pre');
    pre.textContent = fallbackText(model.data, this._mimeType);
    this.node.replaceChildren(pre);
  }

  private _mimeType: string;
}
