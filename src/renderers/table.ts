/**
 * The interactive probability table (application/vnd.jupyterlab-softmax.table+json):
 * toolbar (class search, top-k, temperature when logits are known, copy and
 * download CSV) over a virtualized grid. Shows text/plain while decoding and a
 * readable error box for a malformed payload; renderModel never throws.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';

import { capNote, parseTablePayload } from '../outputs/table';
import { formatTemperature } from '../outputs/tablemath';
import { button, download, el, errorBox, placeholder, TemperatureControl } from './dom';
import { VirtualGrid } from './grid';
import { fallbackText, payloadKey } from './mime';
import { TableModel } from './tablemodel';

export class TableRenderer extends Widget implements IRenderMime.IRenderer {
  constructor(options: IRenderMime.IRendererOptions) {
    super();
    this.mimeType = options.mimeType;
    this.addClass('jp-SoftmaxTable');
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    try {
      const payload = model.data[this.mimeType];
      const key = payloadKey(payload);
      if (key === this.lastKey && this.grid) {
        return; // same output re-rendered (e.g. after a metadata change): keep the view state
      }
      this.lastKey = key;
      this.teardown();
      const plain = fallbackText(model.data, this.mimeType);
      this.node.replaceChildren(placeholder(plain));
      // Let the placeholder paint before decoding a large payload.
      await new Promise(resolve => setTimeout(resolve, 0));
      if (this.isDisposed || key !== this.lastKey) {
        return;
      }
      const parsed = parseTablePayload(payload);
      if (!parsed.ok) {
        this.node.replaceChildren(errorBox(parsed.error, plain));
        return;
      }
      this.build(new TableModel(parsed.value), capNote(parsed.value.payload));
    } catch (err) {
      this.node.replaceChildren(errorBox(`table renderer failed: ${String(err)}`, null));
    }
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.teardown();
    super.dispose();
  }

  private build(model: TableModel, note: string | null): void {
    const grid = new VirtualGrid(model);
    this.grid = grid;
    const info = el('span', 'jp-SoftmaxTable-info');
    const status = el('span', 'jp-SoftmaxTable-status');
    status.setAttribute('aria-live', 'polite');
    const describe = () => {
      const shown = model.visible.length;
      info.textContent =
        `${model.rows.toLocaleString('en-US')} rows × ${model.classes.toLocaleString('en-US')} classes` +
        (shown < model.classes ? ` (${shown.toLocaleString('en-US')} shown)` : '') +
        (model.logits ? `, softmax(logits / ${formatTemperature(model.temperature)})` : '');
    };
    const refresh = () => {
      describe();
      grid.layout();
    };
    grid.onSort = col => {
      model.toggleSort(col);
      grid.draw();
    };

    const search = el('input', 'jp-SoftmaxTable-search');
    search.type = 'search';
    search.placeholder = 'Filter classes…';
    search.setAttribute('aria-label', 'Filter class columns by name');
    search.addEventListener('input', () => {
      model.setQuery(search.value);
      refresh();
    });

    const topk = el('input', 'jp-SoftmaxTable-topk');
    topk.type = 'number';
    topk.min = '0';
    topk.max = String(model.classes);
    topk.value = model.topK === null ? '' : String(model.topK);
    topk.placeholder = 'all';
    topk.setAttribute(
      'aria-label',
      'Top-k: show only each row\u2019s k most probable classes (empty for all)'
    );
    topk.addEventListener('change', () => {
      const k = topk.value === '' ? null : Number(topk.value);
      model.setTopK(k === 0 ? null : k);
      refresh();
    });
    const topkLabel = el('label', 'jp-SoftmaxTable-topkLabel', 'top-k ');
    topkLabel.append(topk);

    const tools: HTMLElement[] = [search, topkLabel];
    if (model.logits) {
      const temp = new TemperatureControl(model.temperature);
      let pending = 0;
      temp.onChange = t => {
        // Coalesce slider events: recompute once per frame, every cell.
        cancelAnimationFrame(pending);
        pending = requestAnimationFrame(() => {
          model.setTemperature(t);
          refresh();
        });
      };
      tools.push(temp.node);
    }
    tools.push(
      button('Copy CSV', 'Copy the rows (in the current order) and shown classes as CSV', () => {
        const csv = model.csv();
        navigator.clipboard?.writeText(csv).then(
          () => (status.textContent = `Copied ${model.rows.toLocaleString('en-US')} rows.`),
          () => (status.textContent = 'Copy failed: the browser refused clipboard access.')
        );
      }),
      button('Download CSV', 'Download the rows and shown classes as a CSV file', () => {
        download('probabilities.csv', model.csv(), 'text/csv');
      }),
      status
    );
    const toolbar = el('div', 'jp-SoftmaxTable-toolbar');
    toolbar.append(...tools);
    const parts: HTMLElement[] = [toolbar, info, grid.node];
    if (note) {
      parts.push(el('div', 'jp-SoftmaxTable-note', note));
    }
    describe();
    this.node.replaceChildren(...parts);
    grid.layout(); // now attached: measure the real viewport
    if (typeof ResizeObserver !== 'undefined') {
      // The output area does not always forward Lumino resize messages.
      this.resize = new ResizeObserver(() => grid.schedule());
      this.resize.observe(grid.node);
    }
  }

  protected onResize(): void {
    this.grid?.schedule();
  }

  protected onAfterShow(): void {
    this.grid?.schedule();
  }

  private teardown(): void {
    this.resize?.disconnect();
    this.resize = null;
    this.grid?.dispose();
    this.grid = null;
  }

  private readonly mimeType: string;
  private grid: VirtualGrid | null = null;
  private resize: ResizeObserver | null = null;
  private lastKey = '';
}
