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
import { classNames, formatProb, formatTemperature, probabilitiesAt, rowStats } from './tablemath';
import { tableHtml } from './html';

export const TABLE_MIME_TYPE = 'application/vnd.jupyterlab-softmax.table+json';
export const TABLE_PAYLOAD_VERSION = 1;
/** Default row cap (the kernel passes the user's setting). */
export const DEFAULT_ROW_CAP = 100_000;
/** Values shipped at most: 100,000 × 10, so 1,000 classes do not ship 100M values. */
export const MAX_TABLE_ELEMENTS = 1_000_000;
/**
 * The whole bundle (payload + text/html + text/plain) as JSON stays under
 * this many bytes: the 5 MB budget less room for the notebook's JSON around
 * it. Typical logits and probabilities fit 100,000 × 10 well under it; values
 * that do not compress (e.g. random signs and exponents over the whole float32
 * range) ship fewer rows, and the caption says so.
 */
export const MAX_BUNDLE_BYTES = 4_950_000;

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
  return buildTable(x, opts).table.payload;
}

interface BuiltTable {
  table: TableData;
  html: string;
  text: string;
  /** Bytes of the bundle's data as JSON. */
  size: number;
}

function buildTable(x: Tensor, opts: TableOptions): BuiltTable {
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
  let rows = Math.min(totalRows, rowCap, Math.max(1, Math.floor(MAX_TABLE_ELEMENTS / c)));
  const all = rowsOf(x, dim, rows);
  const base = {
    version: 1 as const,
    kind: logits ? ('logits' as const) : ('probs' as const),
    classes: opts.classes ? [...opts.classes] : null,
    temperature,
    topK: topK === null ? null : Math.min(topK, c),
    totalRows,
    rowCap,
    inputShape: [...x.shape],
    dim
  };
  // Pack fast; over budget, deflate what compresses; still over, ship fewer
  // rows (bytes per row are near uniform, so this settles in a pass or two).
  let deflate = false;
  for (;;) {
    const values = all.subarray(0, rows * c);
    const payload: TablePayload = { ...base, values: packFloat32(values, [rows, c], { deflate }) };
    const table: TableData = { payload, values, rows, classes: c };
    const html = tableHtml(table, tableCaption(payload), capNote(payload));
    const text = tableText(table);
    const size = bundleBytes(payload, html, text);
    if (size <= MAX_BUNDLE_BYTES || rows === 1) {
      return { table, html, text, size };
    }
    if (!deflate) {
      deflate = true;
      continue;
    }
    // Keep deflating on the smaller rows only where it helped.
    deflate = payload.values.planes!.some(p => p.deflate !== undefined);
    const b64 = payload.values.base64.length;
    const room = MAX_BUNDLE_BYTES - (size - b64);
    rows = Math.max(1, Math.min(rows - 1, Math.floor(((rows * room) / b64) * 0.99)));
  }
}

/** UTF-8 length without TextEncoder (absent in some hosts, e.g. jest's jsdom). */
function utf8(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch >= 0xd800 && ch <= 0xdbff) {
      i++; // a surrogate pair: 4 bytes for 2 UTF-16 units
      n += 2;
    } else if (ch >= 0x80) {
      n += ch >= 0x800 ? 2 : 1;
    }
  }
  return n;
}

/** Bytes of the bundle's `data` as JSON (the base64 is ASCII: counted, not encoded). */
function bundleBytes(payload: TablePayload, html: string, text: string): number {
  const b64 = payload.values.base64;
  const rest = { ...payload, values: { ...payload.values, base64: '' } };
  const data = { [TABLE_MIME_TYPE]: rest, 'text/html': html, 'text/plain': text };
  return utf8(JSON.stringify(data)) + b64.length;
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
  const [rows, c] = p.values.shape;
  if (rows >= p.totalRows) {
    return null;
  }
  const why =
    rows === p.rowCap
      ? `row cap ${p.rowCap.toLocaleString('en-US')}`
      : rows === Math.max(1, Math.floor(MAX_TABLE_ELEMENTS / c))
        ? 'size limit for this many classes'
        : `output size limit of ${MAX_BUNDLE_BYTES / 1e6} MB`;
  return `Showing the first ${rows.toLocaleString('en-US')} of ${p.totalRows.toLocaleString('en-US')} rows (${why}).`;
}

/** One-line description, e.g. "10 rows × 3 classes, softmax(logits / 1.235)" (T to 4 significant digits). */
export function tableCaption(p: TablePayload): string {
  const c = p.values.shape[1];
  const what =
    p.kind === 'logits' ? `softmax(logits / ${formatTemperature(p.temperature)})` : 'probabilities';
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
  const { table, html, text } = buildTable(x, opts);
  return {
    data: {
      [TABLE_MIME_TYPE]: table.payload,
      'text/html': html,
      'text/plain': text
    },
    metadata: {}
  };
}
