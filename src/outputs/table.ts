/**
 * The probability table as data: the MIME payload (`application/vnd.jupyterlab-
 * softmax.table+json`), its validator for the renderer, and the text/plain and
 * text/html fallbacks. No DOM: runs in the worker, in Node and in jest.
 *
 * The class dimension is moved last and the other dimensions flattened into
 * rows. Only the first rows are shipped (row cap, and an element cap so 1,000
 * classes do not ship 100M values); the payload and every fallback say so.
 */
import { Tensor } from '../engine/tensor';
import { TorchError } from '../engine/errors';
import type { DisplayOutput } from './bundle';
import { packFloat32, unpackFloat32, type PackedFloat32 } from './packed';
import { classNames, formatProb, probabilitiesAt, rowStats } from './tablemath';
import { tableHtml } from './html';

export const TABLE_MIME_TYPE = 'application/vnd.jupyterlab-softmax.table+json';
export const TABLE_PAYLOAD_VERSION = 1;
/** Default row cap (the kernel passes the user's setting). */
export const DEFAULT_ROW_CAP = 100_000;
/** Values shipped at most: 100,000 × 10. Keeps the payload under ~5 MB. */
export const MAX_TABLE_ELEMENTS = 1_000_000;

export interface TablePayload {
  version: 1;
  /** 'logits': values are logits, shown as softmax(x / temperature); 'probs': shown as is. */
  kind: 'probs' | 'logits';
  /** (rows shipped, classes) float32. */
  values: PackedFloat32;
  classes: string[] | null;
  temperature: number;
  /** Initial top-k filter (null = all classes). */
  topK: number | null;
  /** Rows in the input (after flattening); > rows shipped when capped. */
  totalRows: number;
  rowCap: number;
  /** The input tensor's shape and the class dim (normalized), for the caption. */
  inputShape: number[];
  dim: number;
}

export interface TableOptions {
  classes?: string[] | null;
  logits?: boolean;
  temperature?: number;
  dim?: number;
  topK?: number | null;
  rowCap?: number;
}

const valueError = (m: string) => new TorchError('ValueError', m);

/** Rows × classes as float32, class dim last, first `rows` rows only. */
function rowsOf(x: Tensor, dim: number, rows: number): Float32Array {
  const shape = x.shape;
  const c = shape[dim];
  const post = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
  const xc = x.contiguous();
  const data = xc.storage;
  const off = xc.offset;
  const out = new Float32Array(rows * c);
  for (let r = 0; r < rows; r++) {
    const a = Math.floor(r / post);
    const b = r % post;
    const base = off + a * c * post + b;
    for (let j = 0; j < c; j++) {
      out[r * c + j] = Number(data[base + j * post]);
    }
  }
  return out;
}

export function buildTablePayload(x: Tensor, opts: TableOptions = {}): TablePayload {
  return buildTable(x, opts).payload;
}

function buildTable(x: Tensor, opts: TableOptions): TableData {
  const logits = !!opts.logits;
  const temperature = opts.temperature ?? 1;
  if (!(temperature > 0 && Number.isFinite(temperature))) {
    throw valueError(`temperature must be a positive finite number, got ${temperature}`);
  }
  if (x.ndim === 0) {
    throw valueError('table() needs a tensor with at least one dimension (the classes)');
  }
  const d = opts.dim ?? -1;
  if (!Number.isInteger(d) || d < -x.ndim || d >= x.ndim) {
    throw new TorchError(
      'IndexError',
      `Dimension out of range (expected to be in range of [${-x.ndim}, ${x.ndim - 1}], but got ${d})`
    );
  }
  const dim = d < 0 ? d + x.ndim : d;
  const c = x.shape[dim];
  if (c < 1) {
    throw valueError('table() needs at least one class');
  }
  if (opts.classes && opts.classes.length !== c) {
    throw valueError(`got ${opts.classes.length} class names for ${c} classes`);
  }
  const topK = opts.topK ?? null;
  if (topK !== null && !(Number.isInteger(topK) && topK >= 1)) {
    throw valueError(`top_k must be a positive integer, got ${topK}`);
  }
  const rowCap = opts.rowCap ?? DEFAULT_ROW_CAP;
  if (!(Number.isInteger(rowCap) && rowCap >= 1)) {
    throw valueError(`the row cap must be a positive integer, got ${rowCap}`);
  }
  const totalRows = x.numel / c;
  const rows = Math.min(totalRows, rowCap, Math.max(1, Math.floor(MAX_TABLE_ELEMENTS / c)));
  const values = rowsOf(x, dim, rows);
  const payload: TablePayload = {
    version: 1,
    kind: logits ? 'logits' : 'probs',
    values: packFloat32(values, [rows, c]),
    classes: opts.classes ? [...opts.classes] : null,
    temperature,
    topK: topK === null ? null : Math.min(topK, c),
    totalRows,
    rowCap,
    inputShape: [...x.shape],
    dim
  };
  return { payload, values, rows, classes: c };
}

/** A validated payload plus its decoded values. */
export interface TableData {
  payload: TablePayload;
  values: Float32Array;
  rows: number;
  classes: number;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isPosInt = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1;

/** Validate an untrusted payload (from a notebook file) before rendering. */
export function parseTablePayload(json: unknown): ParseResult<TableData> {
  const fail = (error: string): ParseResult<TableData> => ({
    ok: false,
    error: `invalid table payload: ${error}`
  });
  if (!isObj(json)) {
    return fail('not an object');
  }
  if (json.version !== TABLE_PAYLOAD_VERSION) {
    return fail(`unsupported version ${JSON.stringify(json.version) ?? 'undefined'} (expected 1)`);
  }
  if (json.kind !== 'logits' && json.kind !== 'probs') {
    return fail("kind must be 'logits' or 'probs'");
  }
  const values = unpackFloat32(json.values, 'values');
  if (typeof values === 'string') {
    return fail(values);
  }
  const [rows, c] = (json.values as PackedFloat32).shape;
  if (c < 1) {
    return fail('values must have at least one class column');
  }
  if (
    json.classes !== null &&
    !(
      Array.isArray(json.classes) &&
      json.classes.length === c &&
      json.classes.every(s => typeof s === 'string')
    )
  ) {
    return fail(`classes must be null or ${c} strings`);
  }
  const t = json.temperature;
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) {
    return fail('temperature must be a positive finite number');
  }
  if (json.topK !== null && !isPosInt(json.topK)) {
    return fail('topK must be null or a positive integer');
  }
  if (!Number.isSafeInteger(json.totalRows) || (json.totalRows as number) < rows) {
    return fail('totalRows must be an integer >= the rows shipped');
  }
  if (!isPosInt(json.rowCap)) {
    return fail('rowCap must be a positive integer');
  }
  const shape = json.inputShape;
  if (!Array.isArray(shape) || !shape.every(s => Number.isSafeInteger(s) && s >= 0)) {
    return fail('inputShape must be a list of non-negative integers');
  }
  if (
    !Number.isInteger(json.dim) ||
    (json.dim as number) < 0 ||
    (json.dim as number) >= Math.max(shape.length, 1)
  ) {
    return fail('dim must index inputShape');
  }
  return {
    ok: true,
    value: { payload: json as unknown as TablePayload, values, rows, classes: c }
  };
}

/** "Showing the first 1,000 of 250,000 rows (row cap 100,000)." or null when all rows are shown. */
export function capNote(p: Pick<TablePayload, 'totalRows' | 'rowCap' | 'values'>): string | null {
  const rows = p.values.shape[0];
  if (rows >= p.totalRows) {
    return null;
  }
  const why =
    rows === p.rowCap
      ? `row cap ${p.rowCap.toLocaleString('en-US')}`
      : 'size limit for this many classes';
  return `Showing the first ${rows.toLocaleString('en-US')} of ${p.totalRows.toLocaleString('en-US')} rows (${why}).`;
}

/** One-line description, e.g. "10 rows × 3 classes, softmax(logits / 1.5)". */
export function tableCaption(p: TablePayload): string {
  const c = p.values.shape[1];
  const what = p.kind === 'logits' ? `softmax(logits / ${p.temperature})` : 'probabilities';
  return `Probability table: ${p.totalRows.toLocaleString('en-US')} row${p.totalRows === 1 ? '' : 's'} × ${c} class${c === 1 ? '' : 'es'}, ${what}`;
}

const TEXT_ROWS = 10;
const TEXT_CLASSES = 8;

/** The text/plain fallback: caption, up to 10 rows × 8 classes, pred and conf. */
export function tableText(d: TableData): string {
  const { payload: p, rows, classes: c } = d;
  const shown = Math.min(rows, TEXT_ROWS);
  const probs = probabilitiesAt(d.values, shown, c, p.kind === 'logits', p.temperature);
  const st = rowStats(probs, shown, c);
  const names = classNames(p.classes, c);
  const cols = Math.min(c, TEXT_CLASSES);
  const clip = (s: string) => (s.length > 12 ? s.slice(0, 11) + '…' : s);
  const head = ['', ...names.slice(0, cols).map(clip), ...(c > cols ? ['…'] : []), 'pred', 'conf'];
  const body: string[][] = [];
  for (let i = 0; i < shown; i++) {
    const cells = [String(i)];
    for (let j = 0; j < cols; j++) {
      cells.push(formatProb(probs[i * c + j]));
    }
    if (c > cols) {
      cells.push('…');
    }
    cells.push(st.pred[i] >= 0 ? clip(names[st.pred[i]]) : '-', formatProb(st.conf[i]));
    body.push(cells);
  }
  const width = head.map((h, k) => Math.max(h.length, ...body.map(r => r[k].length)));
  const line = (r: string[]) =>
    r
      .map((s, k) => (k === 0 ? s.padEnd(width[k]) : s.padStart(width[k])))
      .join('  ')
      .trimEnd();
  const out = [tableCaption(p), line(head), ...body.map(line)];
  if (p.totalRows > shown) {
    out.push(`… ${(p.totalRows - shown).toLocaleString('en-US')} more rows`);
  }
  const note = capNote(p);
  if (note) {
    out.push(note.replace('Showing', 'The interactive table shows'));
  }
  return out.join('\n');
}

/** The full display bundle: custom MIME + text/html + text/plain. */
export function buildTableBundle(x: Tensor, opts: TableOptions = {}): DisplayOutput {
  const table = buildTable(x, opts);
  const payload = table.payload;
  return {
    data: {
      [TABLE_MIME_TYPE]: payload,
      'text/html': tableHtml(table, tableCaption(payload), capNote(payload)),
      'text/plain': tableText(table)
    },
    metadata: {}
  };
}
