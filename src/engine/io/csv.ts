/**
 * CSV via papaparse (quoted files) or a plain split. Every data cell must be
 * numeric (nan/inf accepted, as numpy writes them). Header rules: see
 * headerOf. Whitespace-separated files (np.savetxt's default delimiter) load
 * too. Result: float32 (N, C), or (N,) for a single column.
 */
import Papa from 'papaparse';
import { Tensor, allocStorage } from '../tensor';
import { TorchError } from '../errors';
import { tickDeadline } from '../deadline';

const SPECIAL = new Map<string, number>([
  ['nan', NaN],
  ['+nan', NaN],
  ['-nan', NaN],
  ['inf', Infinity],
  ['+inf', Infinity],
  ['-inf', -Infinity],
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-infinity', -Infinity]
]);

/** A decimal number, surrounding whitespace allowed (Number() skips the same whitespace). */
const NUMBER = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const INTEGER = /^\s*[+-]?\d+\s*$/;

/**
 * A strict number parser: the whole cell must be a number (Number('') is 0 and
 * Number('0x1f') is 31, hence the regex). Hot path: regex + Number; the specials
 * (nan/inf) are looked up only on a miss.
 */
export function parseNumberCell(cell: string): number | null {
  if (NUMBER.test(cell)) {
    return Number(cell);
  }
  const sp = SPECIAL.get(cell.trim().toLowerCase());
  return sp === undefined ? null : sp;
}

/**
 * Rows of cells. Papaparse guesses the delimiter (, ; tab |) from the first rows;
 * files without quotes are then split directly (several times faster). One field per
 * row with inner whitespace means np.savetxt's default ' ' delimiter: split on runs of
 * whitespace, as np.loadtxt does (a leading '# ' header marker is dropped).
 */
function splitRows(text: string): string[][] {
  const probe = Papa.parse<string[]>(text.slice(0, 1 << 16), {
    preview: 20,
    skipEmptyLines: 'greedy'
  });
  const lines = (): string[] => text.split(/\r\n|\n|\r/).filter(l => l.trim() !== '');
  if (
    probe.data.every(r => r.length <= 1) &&
    probe.data.some(r => /\S\s+\S/.test((r[0] ?? '').trim()))
  ) {
    return lines().map(l =>
      l
        .replace(/^\s*#\s*/, '')
        .trim()
        .split(/\s+/)
    );
  }
  const delimiter = probe.meta.delimiter || ',';
  if (!text.includes('"')) {
    return lines().map(l => l.split(delimiter));
  }
  return Papa.parse<string[]>(text, { delimiter, skipEmptyLines: 'greedy', dynamicTyping: false })
    .data;
}

/**
 * Which first row is a header, and whether column 0 is pandas' index:
 *  - a row with any non-numeric cell is a header (np.savetxt header=, pandas columns);
 *  - a header whose first cell is empty is pandas' unnamed index (`DataFrame.to_csv(p)`
 *    writes ',0,1,…' and the row labels in column 0): column 0 is dropped, as
 *    read_csv(index_col=0) does;
 *  - a first row that is exactly 0,1,…,C-1 (C >= 2) is pandas' unnamed column labels
 *    (`to_csv(p, index=False)`) when some later cell is not an integer: the data are
 *    floats, and a float row written by numpy or pandas is never '0,1,2'. If every cell
 *    is an integer (labels, one-hot rows) the row stays data, as np.loadtxt reads it.
 */
function headerOf(rows: string[][]): { header: string[] | null; dropIndex: boolean } {
  const first = rows[0];
  let isHeader = first.some(c => parseNumberCell(c) === null);
  if (!isHeader && first.length >= 2 && first.every((c, k) => c.trim() === String(k))) {
    isHeader = rows.slice(1).some(r => r.some(c => !INTEGER.test(c)));
  }
  if (!isHeader) {
    return { header: null, dropIndex: false };
  }
  const header = first.map(c => c.trim());
  const dropIndex = header.length > 1 && header[0] === '' && header.slice(1).every(h => h !== '');
  return { header: dropIndex ? header.slice(1) : header, dropIndex };
}

export interface CsvResult {
  tensor: Tensor;
  header: string[] | null;
}

export function parseCsv(text: string): CsvResult {
  const rows = splitRows(text.replace(/^\uFEFF/, ''));
  if (rows.length === 0) {
    throw new TorchError('ValueError', 'the CSV file is empty');
  }
  const { header, dropIndex } = headerOf(rows);
  const start = header ? 1 : 0;
  const c0 = dropIndex ? 1 : 0; // first data column
  const width = rows[start]?.length ?? header!.length + c0; // cells per row, index included
  const ncol = width - c0;
  const n = rows.length - start;
  const data = allocStorage('float32', n * ncol); // the memory cap
  for (let i = 0; i < n; i++) {
    const row = rows[start + i];
    const line = start + i + 1;
    if (row.length !== width) {
      throw new TorchError(
        'ValueError',
        `CSV row ${line} has ${row.length} columns, expected ${width}`
      );
    }
    tickDeadline(ncol * 8);
    for (let j = 0; j < ncol; j++) {
      const v = parseNumberCell(row[j + c0]);
      if (v === null) {
        const col = header ? `column ${j + c0 + 1} ('${header[j]}')` : `column ${j + 1}`;
        throw new TorchError(
          'ValueError',
          `could not convert CSV cell to float at row ${line}, ${col}: '${row[j + c0]}'`
        );
      }
      data[i * ncol + j] = v;
    }
  }
  if (header && header.length !== ncol) {
    throw new TorchError(
      'ValueError',
      `CSV header has ${header.length} columns but the data has ${ncol}`
    );
  }
  const shape = ncol === 1 ? [n] : [n, ncol];
  return { tensor: Tensor.fromStorage(data, shape, 'float32'), header };
}

export function loadCsv(bytes: Uint8Array): Tensor {
  return parseCsv(new TextDecoder('utf-8').decode(bytes)).tensor;
}

/** Shortest decimal that reads back to the same float32 (or float64) value. */
function shortest(v: number, single: boolean): string {
  if (Number.isNaN(v)) {
    return 'nan';
  }
  if (!Number.isFinite(v)) {
    return v > 0 ? 'inf' : '-inf';
  }
  if (Object.is(v, -0)) {
    return '-0';
  }
  if (!single) {
    return String(v);
  }
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) {
      return String(Number(s));
    }
  }
  return String(v);
}

/** 1-D → one value per line; 2-D → rows. Optional header line. */
export function saveCsv(t: Tensor, header?: string[]): Uint8Array {
  if (t.ndim > 2) {
    throw new TorchError('ValueError', `saveCsv expects a 1-D or 2-D tensor, got ${t.ndim}-D`);
  }
  const flat = t.toFlat();
  const cols = t.ndim === 2 ? t.shape[1] : 1;
  const rows = t.ndim === 0 ? 1 : t.shape[0];
  const single = t.dtype !== 'float64';
  const lines: string[] = [];
  if (header) {
    lines.push(Papa.unparse([header]));
  }
  for (let i = 0; i < rows; i++) {
    tickDeadline(cols * 8);
    const cells: string[] = [];
    for (let j = 0; j < cols; j++) {
      cells.push(shortest(flat[i * cols + j], single));
    }
    lines.push(cells.join(','));
  }
  return new TextEncoder().encode(lines.join('\n') + '\n');
}
