/**
 * A small virtualized DOM grid for the probability table. Why not
 * @lumino/datagrid: it paints on a canvas, so cells are not DOM nodes (no
 * screen-reader text, no textContent to test, colours computed in JS instead of
 * --jp-* CSS); here only the visible window of rows AND columns exists in the
 * DOM (~40 × ~15 nodes whatever the size: 100,000 rows or 1,000 classes), cells
 * are plain text with CSS-variable heat shading, and ARIA grid semantics plus
 * arrow-key navigation come for free.
 */
import { type Column, type TableModel } from './tablemodel';

export const ROW_HEIGHT = 24;
const HEADER_HEIGHT = 28;
const MAX_BODY_HEIGHT = 360;

function columnWidth(col: Column): number {
  switch (col) {
    case 'index':
      return 64;
    case 'pred':
      return 112;
    default:
      return 76;
  }
}

export class VirtualGrid {
  /** The focusable grid element (role=grid); put it in the widget. */
  readonly node: HTMLDivElement;
  /** Called when a header is activated (click, Enter or Space). */
  onSort: (col: Column) => void = () => undefined;

  constructor(private model: TableModel) {
    this.node = document.createElement('div');
    this.node.className = 'jp-SoftmaxGrid';
    this.node.setAttribute('role', 'grid');
    this.node.tabIndex = 0;
    this.node.setAttribute('aria-label', 'Probability table');
    this.sizer = document.createElement('div');
    this.sizer.className = 'jp-SoftmaxGrid-sizer';
    this.header = document.createElement('div');
    this.header.className = 'jp-SoftmaxGrid-header';
    this.header.setAttribute('role', 'row');
    this.header.setAttribute('aria-rowindex', '1');
    this.body = document.createElement('div');
    this.body.className = 'jp-SoftmaxGrid-body';
    this.body.setAttribute('role', 'rowgroup');
    this.sizer.append(this.header, this.body);
    this.node.append(this.sizer);
    this.node.addEventListener('scroll', () => this.schedule());
    this.node.addEventListener('keydown', e => this.onKey(e));
    this.header.addEventListener('click', e => {
      const cell = (e.target as HTMLElement).closest('[data-col]') as HTMLElement | null;
      if (cell) {
        this.activeRow = -1;
        this.activeCol = Number(cell.dataset.pos);
        this.onSort(this.model.columns[this.activeCol]);
      }
    });
    this.layout();
  }

  /** Recompute sizes after the model changed (columns, order, values) and redraw. */
  layout(): void {
    const cols = this.model.columns;
    this.left = new Float64Array(cols.length + 1);
    for (let k = 0; k < cols.length; k++) {
      this.left[k + 1] = this.left[k] + columnWidth(cols[k]);
    }
    const total = this.left[cols.length];
    this.sizer.style.width = `${total}px`;
    this.sizer.style.height = `${HEADER_HEIGHT + this.model.rows * ROW_HEIGHT}px`;
    this.node.style.height = `${Math.min(MAX_BODY_HEIGHT, this.model.rows * ROW_HEIGHT) + HEADER_HEIGHT + 2}px`;
    this.node.setAttribute('aria-rowcount', String(this.model.rows + 1));
    this.node.setAttribute('aria-colcount', String(cols.length));
    this.activeCol = Math.min(this.activeCol, Math.max(cols.length - 1, 0));
    this.draw();
  }

  /** Redraw on the next frame (coalesces scroll and slider events). */
  schedule(): void {
    if (this.frame === 0) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.draw();
      });
    }
  }

  dispose(): void {
    if (this.frame) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
  }

  /** Render the visible window; everything is textContent and attributes we compute. */
  draw(): void {
    const m = this.model;
    const cols = m.columns;
    const top = this.node.scrollTop;
    const { width, height } = this.viewport();
    const r0 = Math.max(0, Math.floor(top / ROW_HEIGHT) - 2);
    const r1 = Math.min(m.rows, Math.ceil((top + height) / ROW_HEIGHT) + 2);
    const x = this.node.scrollLeft;
    let c0 = 0;
    while (c0 < cols.length && this.left[c0 + 1] <= x) {
      c0++;
    }
    let c1 = c0;
    while (c1 < cols.length && this.left[c1] < x + width) {
      c1++;
    }
    const headers: HTMLElement[] = [];
    for (let k = c0; k < c1; k++) {
      headers.push(this.headerCell(cols[k], k));
    }
    this.header.replaceChildren(...headers);
    const rows: HTMLElement[] = [];
    for (let i = r0; i < r1; i++) {
      const r = m.order[i];
      const row = document.createElement('div');
      row.className = 'jp-SoftmaxGrid-row';
      row.setAttribute('role', 'row');
      row.setAttribute('aria-rowindex', String(i + 2));
      row.style.top = `${HEADER_HEIGHT + i * ROW_HEIGHT}px`;
      for (let k = c0; k < c1; k++) {
        row.append(this.cell(r, i, cols[k], k));
      }
      rows.push(row);
    }
    this.body.replaceChildren(...rows);
    const active = this.node.querySelector('.jp-mod-active');
    if (active) {
      this.node.setAttribute('aria-activedescendant', active.id);
    } else {
      this.node.removeAttribute('aria-activedescendant');
    }
  }

  private headerCell(col: Column, k: number): HTMLElement {
    const m = this.model;
    const h = document.createElement('div');
    h.className = 'jp-SoftmaxGrid-cell jp-SoftmaxGrid-headerCell';
    h.setAttribute('role', 'columnheader');
    h.setAttribute('aria-colindex', String(k + 1));
    h.dataset.col = String(col);
    h.dataset.pos = String(k);
    h.style.left = `${this.left[k]}px`;
    h.style.width = `${this.left[k + 1] - this.left[k]}px`;
    const label = m.headerText(col);
    h.textContent = label;
    h.title =
      typeof col === 'number'
        ? `class ${col}: ${label} (click to sort)`
        : `${label} (click to sort)`;
    const sorted = m.sortColumn === col;
    h.setAttribute(
      'aria-sort',
      sorted ? (m.sortDir === 'asc' ? 'ascending' : 'descending') : 'none'
    );
    if (sorted) {
      h.classList.add(m.sortDir === 'asc' ? 'jp-mod-sortAsc' : 'jp-mod-sortDesc');
    }
    this.markActive(h, -1, k);
    return h;
  }

  private cell(r: number, i: number, col: Column, k: number): HTMLElement {
    const m = this.model;
    const d = document.createElement('div');
    d.className = 'jp-SoftmaxGrid-cell';
    d.setAttribute('role', 'gridcell');
    d.setAttribute('aria-colindex', String(k + 1));
    d.style.left = `${this.left[k]}px`;
    d.style.width = `${this.left[k + 1] - this.left[k]}px`;
    if (typeof col === 'number') {
      const v = m.value(r, col);
      if (!m.inTopK(r, col)) {
        d.classList.add('jp-mod-outsideTopK');
        d.setAttribute('aria-label', `${m.text(r, col)} (outside the top ${m.topK})`);
      } else {
        d.textContent = m.text(r, col);
        d.classList.add('jp-SoftmaxGrid-prob');
        // Heat shading by a number we computed; the colour comes from --jp-* CSS.
        d.style.setProperty(
          '--jp-softmax-heat',
          Number.isFinite(v) ? String(Math.max(0, Math.min(1, v))) : '0'
        );
        if (m.isArgmax(r, col)) {
          d.classList.add('jp-mod-argmax');
          d.setAttribute('aria-label', `${m.text(r, col)}, predicted class`);
        }
      }
    } else {
      d.textContent = m.text(r, col);
      d.classList.add(`jp-SoftmaxGrid-${col}`);
    }
    this.markActive(d, i, k);
    return d;
  }

  private markActive(el: HTMLElement, i: number, k: number): void {
    if (i === this.activeRow && k === this.activeCol) {
      el.classList.add('jp-mod-active');
      el.id = `${this.uid}-active`;
    }
  }

  /** Arrow keys / PageUp / PageDown / Home / End move the active cell; Enter or Space on a header sorts. */
  private onKey(e: KeyboardEvent): void {
    const m = this.model;
    const page = Math.max(1, Math.floor(MAX_BODY_HEIGHT / ROW_HEIGHT) - 1);
    const ncols = m.columns.length;
    let { activeRow: r, activeCol: c } = this;
    switch (e.key) {
      case 'ArrowDown':
        r = Math.min(m.rows - 1, r + 1);
        break;
      case 'ArrowUp':
        r = Math.max(-1, r - 1);
        break;
      case 'ArrowRight':
        c = Math.min(ncols - 1, c + 1);
        break;
      case 'ArrowLeft':
        c = Math.max(0, c - 1);
        break;
      case 'PageDown':
        r = Math.min(m.rows - 1, r + page);
        break;
      case 'PageUp':
        r = Math.max(-1, r - page);
        break;
      case 'Home':
        if (e.ctrlKey) {
          r = -1;
        }
        c = 0;
        break;
      case 'End':
        if (e.ctrlKey) {
          r = m.rows - 1;
        }
        c = ncols - 1;
        break;
      case 'Enter':
      case ' ':
        if (r === -1 && ncols > 0) {
          e.preventDefault();
          this.onSort(m.columns[c]);
        }
        return;
      default:
        return;
    }
    e.preventDefault();
    this.activeRow = r;
    this.activeCol = c;
    this.scrollIntoView();
    this.draw();
  }

  /**
   * The visible size; before the first layout (or while hidden) the node
   * measures 0 × 0, so assume the largest body height and a typical width,
   * the same for drawing and for keeping the active cell in view.
   */
  private viewport(): { width: number; height: number } {
    return {
      width: this.node.clientWidth || 800,
      height: this.node.clientHeight || MAX_BODY_HEIGHT
    };
  }

  private scrollIntoView(): void {
    const n = this.node;
    const { width, height } = this.viewport();
    if (this.activeRow >= 0) {
      const y = this.activeRow * ROW_HEIGHT;
      const view = height - HEADER_HEIGHT;
      if (y < n.scrollTop) {
        n.scrollTop = y;
      } else if (y + ROW_HEIGHT > n.scrollTop + view) {
        n.scrollTop = y + ROW_HEIGHT - view;
      }
    }
    const x0 = this.left[this.activeCol];
    const x1 = this.left[this.activeCol + 1];
    if (x0 < n.scrollLeft) {
      n.scrollLeft = x0;
    } else if (x1 > n.scrollLeft + width) {
      n.scrollLeft = x1 - width;
    }
  }

  private sizer: HTMLDivElement;
  private header: HTMLDivElement;
  private body: HTMLDivElement;
  private left = new Float64Array(1);
  private frame = 0;
  /** Active cell in display coordinates; row -1 is the header. */
  private activeRow = -1;
  private activeCol = 0;
  private readonly uid = `jp-SoftmaxGrid-${++gridCount}`;
}

/** Makes each grid's active-cell id unique on the page. */
let gridCount = 0;
