/**
 * The interactive table's state, without the DOM (testable in Node): the
 * probabilities at the current temperature, row stats, the sort order, the
 * visible class columns (search + top-k) and CSV export.
 */
import type { TableData } from '../outputs/table';
import {
  classNames,
  formatProb,
  probabilitiesAt,
  rowStats,
  type RowStats
} from '../outputs/tablemath';

/** Fixed columns before the classes; class columns are numbered from 0. */
export type FixedColumn = 'index' | 'pred' | 'conf' | 'sum';
export type Column = FixedColumn | number;
export const FIXED_COLUMNS: FixedColumn[] = ['index', 'pred', 'conf', 'sum'];

export type SortDir = 'desc' | 'asc';

export class TableModel {
  readonly rows: number;
  readonly classes: number;
  readonly names: string[];
  readonly logits: boolean;
  /** Probabilities at the current temperature (rows × classes). */
  probs: Float32Array;
  stats: RowStats;
  temperature: number;
  /** Displayed row i is data row order[i]. */
  order: Uint32Array;
  sortColumn: Column | null = null;
  sortDir: SortDir = 'desc';
  query = '';
  topK: number | null;
  /** Class columns shown (search and top-k applied). */
  visible: number[] = [];
  /** Per row: the k-th largest probability (cells below it are outside the top-k). */
  private kth: Float32Array | null = null;

  constructor(private readonly data: TableData) {
    const p = data.payload;
    this.rows = data.rows;
    this.classes = data.classes;
    this.names = classNames(p.classes, data.classes);
    this.logits = p.kind === 'logits';
    this.temperature = p.temperature;
    this.topK = p.topK;
    this.probs = new Float32Array(this.rows * this.classes);
    this.order = new Uint32Array(this.rows);
    for (let i = 0; i < this.rows; i++) {
      this.order[i] = i;
    }
    this.stats = this.recompute();
  }

  get columns(): Column[] {
    return [...FIXED_COLUMNS, ...this.visible];
  }

  /** Recompute every cell at temperature t (logits only). */
  setTemperature(t: number): void {
    if (!this.logits || !(t > 0 && Number.isFinite(t))) {
      return;
    }
    this.temperature = t;
    this.stats = this.recompute();
  }

  setQuery(q: string): void {
    this.query = q;
    this.updateVisible();
  }

  setTopK(k: number | null): void {
    this.topK = k !== null && Number.isInteger(k) && k >= 1 && k < this.classes ? k : null;
    this.updateKth();
    this.updateVisible();
  }

  /** Header click: descending, then ascending, then back to the original order. */
  toggleSort(col: Column): void {
    if (this.sortColumn !== col) {
      this.sortColumn = col;
      this.sortDir = col === 'index' ? 'asc' : 'desc';
    } else if (this.sortDir === (col === 'index' ? 'asc' : 'desc')) {
      this.sortDir = this.sortDir === 'desc' ? 'asc' : 'desc';
    } else {
      this.sortColumn = null;
    }
    this.sort();
  }

  /** The value a column holds for data row r (numbers sort; NaN last). */
  value(r: number, col: Column): number {
    switch (col) {
      case 'index':
        return r;
      case 'pred':
        return this.stats.pred[r];
      case 'conf':
        return this.stats.conf[r];
      case 'sum':
        return this.stats.sum[r];
      default:
        return this.probs[r * this.classes + col];
    }
  }

  /** The text of a cell (textContent only, never HTML). */
  text(r: number, col: Column): string {
    switch (col) {
      case 'index':
        return String(r);
      case 'pred':
        return this.stats.pred[r] >= 0 ? this.names[this.stats.pred[r]] : '-';
      default:
        return formatProb(this.value(r, col));
    }
  }

  isArgmax(r: number, j: number): boolean {
    return this.stats.pred[r] === j;
  }

  /** False when a top-k filter is on and cell (r, j) is outside its row's top-k. */
  inTopK(r: number, j: number): boolean {
    if (!this.kth) {
      return true;
    }
    const v = this.probs[r * this.classes + j];
    return v >= this.kth[r];
  }

  headerText(col: Column): string {
    switch (col) {
      case 'index':
        return '#';
      case 'pred':
        return 'predicted';
      case 'conf':
        return 'confidence';
      case 'sum':
        return 'row sum';
      default:
        return this.names[col];
    }
  }

  /** CSV of the rows in display order and the visible columns (RFC 4180 quoting). */
  csv(): string {
    const cols = this.columns;
    const q = (s: string) =>
      /[",\r\n]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    const lines = [cols.map(c => q(c === 'index' ? 'row' : this.headerText(c))).join(',')];
    for (let i = 0; i < this.rows; i++) {
      const r = this.order[i];
      lines.push(
        cols
          .map(c =>
            q(c === 'index' || c === 'pred' ? this.text(r, c) : csvNumber(this.value(r, c)))
          )
          .join(',')
      );
    }
    return lines.join('\r\n') + '\r\n';
  }

  private recompute(): RowStats {
    probabilitiesAt(
      this.data.values,
      this.rows,
      this.classes,
      this.logits,
      this.temperature,
      this.probs
    );
    this.stats = rowStats(this.probs, this.rows, this.classes);
    this.updateKth();
    this.updateVisible();
    if (this.sortColumn !== null && this.sortColumn !== 'index') {
      this.sort();
    }
    return this.stats;
  }

  private updateKth(): void {
    const k = this.topK;
    if (k === null) {
      this.kth = null;
      return;
    }
    const c = this.classes;
    const kth = new Float32Array(this.rows);
    const row = new Float32Array(c);
    for (let i = 0; i < this.rows; i++) {
      row.set(this.probs.subarray(i * c, (i + 1) * c));
      row.sort(); // ascending, NaN last
      let n = c;
      while (n > 0 && Number.isNaN(row[n - 1])) {
        n--;
      }
      kth[i] = n >= k ? row[n - k] : -Infinity;
    }
    this.kth = kth;
  }

  private updateVisible(): void {
    const q = this.query.trim().toLowerCase();
    const out: number[] = [];
    for (let j = 0; j < this.classes; j++) {
      if (q && !this.names[j].toLowerCase().includes(q)) {
        continue;
      }
      out.push(j);
    }
    if (this.kth) {
      // With 1,000 classes, keep only classes in some row's top-k.
      const used = new Uint8Array(this.classes);
      for (let i = 0; i < this.rows; i++) {
        const pr = this.stats.pred[i];
        if (pr >= 0) {
          used[pr] = 1;
        }
      }
      if (this.topK! > 1) {
        for (let i = 0; i < this.rows * this.classes; i++) {
          if (this.probs[i] >= this.kth[(i / this.classes) | 0]) {
            used[i % this.classes] = 1;
          }
        }
      }
      this.visible = out.filter(j => used[j]);
    } else {
      this.visible = out;
    }
  }

  private sort(): void {
    const col = this.sortColumn;
    const n = this.rows;
    const idx = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      idx[i] = i;
    }
    if (col !== null) {
      const key = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        key[i] = this.value(i, col);
      }
      const sign = this.sortDir === 'desc' ? -1 : 1;
      idx.sort((a, b) => {
        const ka = key[a];
        const kb = key[b];
        const na = Number.isNaN(ka);
        const nb = Number.isNaN(kb);
        if (na || nb) {
          return na === nb ? a - b : na ? 1 : -1;
        }
        return ka === kb ? a - b : (ka < kb ? -1 : 1) * sign;
      });
    }
    this.order = idx;
  }
}

/** Numbers in CSV: the shortest text that reads back as the same float32; nan/inf spelled out. */
export function csvNumber(v: number): string {
  if (Number.isNaN(v)) {
    return 'nan';
  }
  if (!Number.isFinite(v)) {
    return v > 0 ? 'inf' : '-inf';
  }
  for (let p = 1; p < 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) {
      return String(Number(s));
    }
  }
  return String(Number(v.toPrecision(9)));
}
