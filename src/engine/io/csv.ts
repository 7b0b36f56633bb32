/**
 * CSV via papaparse. Every data cell must be numeric (nan/inf accepted, as
 * numpy writes them). A first row with any non-numeric cell is a header. Result:
 * float32 (N, C), or (N,) for a single column.
 */
import Papa from 'papaparse';
import { Tensor, allocStorage } from '../tensor';
import { TorchError } from '../errors';

const SPECIAL: Record<string, number> = {
  nan: NaN,
  inf: Infinity,
  '+inf': Infinity,
  '-inf': -Infinity,
  infinity: Infinity,
  '-infinity': -Infinity
};

/** A strict number parser: the whole cell must be a number (Number('') is 0, so guard). */
export function parseNumberCell(cell: string): number | null {
  const s = cell.trim();
  if (s === '') {
    return null;
  }
  const sp = SPECIAL[s.toLowerCase()];
  if (sp !== undefined) {
    return sp;
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) {
    return null;
  }
  return Number(s);
}

export interface CsvResult {
  tensor: Tensor;
  header: string[] | null;
}

export function parseCsv(text: string): CsvResult {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    skipEmptyLines: 'greedy',
    dynamicTyping: false
  });
  const rows = parsed.data;
  if (rows.length === 0) {
    throw new TorchError('ValueError', 'the CSV file is empty');
  }
  let header: string[] | null = null;
  let start = 0;
  if (rows[0].some(c => parseNumberCell(c) === null)) {
    header = rows[0].map(c => c.trim());
    start = 1;
  }
  const ncol = rows[start]?.length ?? header!.length;
  const n = rows.length - start;
  const data = allocStorage('float32', n * ncol); // the memory cap
  for (let i = 0; i < n; i++) {
    const row = rows[start + i];
    const line = start + i + 1;
    if (row.length !== ncol) {
      throw new TorchError(
        'ValueError',
        `CSV row ${line} has ${row.length} columns, expected ${ncol}`
      );
    }
    for (let j = 0; j < ncol; j++) {
      const v = parseNumberCell(row[j]);
      if (v === null) {
        const col = header ? `column ${j + 1} ('${header[j]}')` : `column ${j + 1}`;
        throw new TorchError(
          'ValueError',
          `could not convert CSV cell to float at row ${line}, ${col}: '${row[j]}'`
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
    const cells: string[] = [];
    for (let j = 0; j < cols; j++) {
      cells.push(shortest(flat[i * cols + j], single));
    }
    lines.push(cells.join(','));
  }
  return new TextEncoder().encode(lines.join('\n') + '\n');
}
