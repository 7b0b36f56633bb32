/**
 * Tensor printing, character for character as torch/_tensor_str.py (2.13):
 * repr(t) == str(t). Elements are read straight from storage via strides, and
 * when summarizing only the edge slices are visited (fast for huge tensors).
 */
import { DType, isFloating, dtypeRepr } from './dtype';
import { Tensor } from './tensor';
import { formatExp, formatFixed, formatNumber } from './pyfloat';
import { typeError } from './errors';
import { checkDeadline, tickDeadline } from './deadline';

export interface PrintOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  /** null = chosen per tensor (automatic). */
  sci_mode: boolean | null;
}

export type PrintProfile = 'default' | 'short' | 'full';

export interface SetPrintOptionsArgs {
  precision?: number | null;
  threshold?: number | null;
  edgeitems?: number | null;
  linewidth?: number | null;
  profile?: PrintProfile | null;
  sci_mode?: boolean | null;
}

const DEFAULTS: PrintOptions = { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sci_mode: null };
const PROFILES: Record<PrintProfile, Omit<PrintOptions, 'sci_mode'>> = {
  default: { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 },
  short: { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 },
  full: { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 }
};

let OPTS: PrintOptions = { ...DEFAULTS };

/** torch.set_printoptions. Like PyTorch, every call resets sci_mode to the passed value (default None). */
export function setPrintOptions(args: SetPrintOptionsArgs = {}): void {
  if (args.profile != null) {
    const p = PROFILES[args.profile];
    if (!p) throw typeError(`unknown print profile '${args.profile}'`);
    OPTS = { ...OPTS, ...p };
  }
  if (args.precision != null) OPTS.precision = args.precision;
  if (args.threshold != null) OPTS.threshold = args.threshold;
  if (args.edgeitems != null) OPTS.edgeitems = args.edgeitems;
  if (args.linewidth != null) OPTS.linewidth = args.linewidth;
  OPTS.sci_mode = args.sci_mode ?? null;
}

/** torch._tensor_str.get_printoptions() (a copy). threshold may be Infinity (Python inf). */
export function getPrintOptions(): PrintOptions {
  return { ...OPTS };
}

/** Restore the defaults (tests, kernel restart). */
export function resetPrintOptions(): void {
  OPTS = { ...DEFAULTS };
}

/** `torch.float32` etc. */
export function formatTorchDtype(d: DType): string {
  return dtypeRepr(d);
}

/** Python tuple repr of ints: (), (5,), (2, 3). */
export function formatTuple(items: readonly number[]): string {
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** repr(torch.Size): torch.Size([2, 3]). */
export function formatSize(shape: readonly number[]): string {
  return `torch.Size([${shape.join(', ')}])`;
}

// ---------------------------------------------------------------------------

/** Per-tensor element formatter (PyTorch's _Formatter). */
class Formatter {
  intMode = true;
  sciMode = false;
  maxWidth = 1;

  constructor(
    readonly floating: boolean,
    readonly isBool: boolean,
    values: number[],
    readonly o: PrintOptions
  ) {
    if (!floating) {
      for (let i = 0; i < values.length; i++) {
        this.maxWidth = Math.max(this.maxWidth, this.str(values[i]).length);
        if ((i & 0xfff) === 0xfff) checkDeadline(); // printing a huge tensor in full is slow
      }
      return;
    }
    const V: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (Number.isFinite(v) && v !== 0) V.push(v);
      if ((i & 0xffff) === 0xffff) checkDeadline();
    }
    if (V.length === 0) return; // zeros/nan/inf only: '0.', 'nan', no padding
    let min = Infinity;
    let max = 0;
    for (let i = 0; i < V.length; i++) {
      const v = V[i];
      if ((i & 0xffff) === 0xffff) checkDeadline();
      const a = Math.abs(v);
      if (a < min) min = a;
      if (a > max) max = a;
      if (v !== Math.ceil(v)) this.intMode = false;
    }
    this.sciMode = o.sci_mode ?? (max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4);
    const p = o.precision;
    for (let i = 0; i < V.length; i++) {
      const v = V[i];
      if ((i & 0xfff) === 0xfff) checkDeadline();
      const w = this.sciMode
        ? formatExp(v, p).length
        : this.intMode
          ? formatFixed(v, 0).length + 1
          : formatFixed(v, p).length;
      if (w > this.maxWidth) this.maxWidth = w;
    }
  }

  private str(v: number): string {
    if (this.isBool) return v ? 'True' : 'False';
    // All digits of the stored integer (String() would shorten 2**62), never "-0".
    if (Number.isFinite(v) && Math.abs(v) >= 1e15) return BigInt(Math.trunc(v)).toString();
    return String(v === 0 ? 0 : v);
  }

  format(v: number): string {
    let s: string;
    if (!this.floating) s = this.str(v);
    else if (this.sciMode) s = formatExp(v, this.o.precision);
    else if (this.intMode) s = formatFixed(v, 0) + (Number.isFinite(v) ? '.' : '');
    else s = formatFixed(v, this.o.precision);
    return s.length < this.maxWidth ? ' '.repeat(this.maxWidth - s.length) + s : s;
  }
}

/** Indices of a dim of size n that are printed: all, or the first/last `e` when summarizing. */
function shownIndices(n: number, summarize: boolean, e: number): { head: number[]; tail: number[] | null } {
  const all = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);
  if (summarize && n > 2 * e) return { head: all(0, e), tail: all(n - e, n) };
  return { head: all(0, n), tail: null };
}

/** Values the formatter is built over (PyTorch's get_summarized_data). */
function collectValues(t: Tensor, summarize: boolean, e: number): number[] {
  const out: number[] = [];
  const st = t.storage;
  if (t.ndim === 0) return [st[t.offset]];
  if (summarize && e === 0 && t.ndim >= 2) return out;
  const visit = (d: number, pos: number): void => {
    const n = t.shape[d];
    // A 1-D tensor with edgeitems 0 keeps everything (self[-0:] is the whole tensor).
    const { head, tail } = summarize && e === 0 ? shownIndices(n, false, 0) : shownIndices(n, summarize, e);
    const idx = tail ? head.concat(tail) : head;
    tickDeadline(idx.length);
    for (const i of idx) {
      const p = pos + i * t.strides[d];
      if (d === t.ndim - 1) out.push(st[p]);
      else visit(d + 1, p);
    }
  };
  visit(0, t.offset);
  return out;
}

function vectorStr(t: Tensor, pos: number, indent: number, summarize: boolean, f: Formatter, o: PrintOptions): string {
  const d = t.ndim - 1;
  const n = t.shape[d];
  const stride = t.strides[d];
  const elementLength = f.maxWidth + 2;
  const perLine = Math.max(1, Math.floor((o.linewidth - indent) / elementLength));
  const fmt = (i: number): string => {
    if ((i & 0xfff) === 0xfff) checkDeadline();
    return f.format(t.storage[pos + i * stride]);
  };
  let data: string[];
  if (summarize && !o.edgeitems) data = ['...'];
  else {
    const { head, tail } = shownIndices(n, summarize, o.edgeitems);
    data = head.map(fmt);
    if (tail) data = data.concat([' ...'], tail.map(fmt));
  }
  tickDeadline(data.length * 8); // many short rows add up too
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
  return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
}

function tensorStr(t: Tensor, d: number, pos: number, indent: number, summarize: boolean, f: Formatter, o: PrintOptions): string {
  if (t.ndim === 0) return f.format(t.storage[pos]);
  if (d === t.ndim - 1) return vectorStr(t, pos, indent, summarize, f, o);
  const sub = (i: number): string => tensorStr(t, d + 1, pos + i * t.strides[d], indent + 1, summarize, f, o);
  const { head, tail } = shownIndices(t.shape[d], summarize, o.edgeitems);
  let slices = head.map(sub);
  if (tail) slices = slices.concat(['...'], tail.map(sub));
  const dimLeft = t.ndim - d;
  return '[' + slices.join(',' + '\n'.repeat(dimLeft - 1) + ' '.repeat(indent + 1)) + ']';
}

function addSuffixes(s: string, suffixes: string[], indent: number, o: PrintOptions): string {
  const parts = [s];
  // PyTorch's count is the last line's length + 2 (kept as is: it decides the wraps).
  let lastLineLen = s.length - s.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLen + suffix.length + 2 > o.linewidth) {
      parts.push(',\n' + ' '.repeat(indent) + suffix);
      lastLineLen = indent + suffix.length;
    } else {
      parts.push(', ' + suffix);
      lastLineLen += suffix.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

/** The bracketed body only (PyTorch's _tensor_str), e.g. for custom prefixes. */
export function formatTensorBody(t: Tensor, indent: number, opts?: Partial<PrintOptions>): string {
  const o = opts ? { ...OPTS, ...opts } : OPTS;
  if (t.numel === 0) return '[]';
  const summarize = t.numel > o.threshold;
  const f = new Formatter(isFloating(t.dtype), t.dtype === 'bool', collectValues(t, summarize, o.edgeitems), o);
  return tensorStr(t, 0, t.offset, indent, summarize, f, o);
}

/** repr(t) / str(t) exactly as PyTorch prints it. `prefix` is 'tensor(' for plain tensors. */
export function formatTensor(t: Tensor, opts?: Partial<PrintOptions>, prefix = 'tensor('): string {
  const o = opts ? { ...OPTS, ...opts } : OPTS;
  const indent = prefix.length;
  const suffixes: string[] = [];
  let body: string;
  if (t.numel === 0) {
    if (t.ndim !== 1) suffixes.push('size=' + formatTuple(t.shape));
    // With no elements to show, even int64/bool name their dtype.
    if (t.dtype !== 'float32') suffixes.push('dtype=' + dtypeRepr(t.dtype));
    body = '[]';
  } else {
    if (!o.edgeitems) suffixes.push('size=' + formatTuple(t.shape));
    if (t.dtype !== 'float32' && t.dtype !== 'int64' && t.dtype !== 'bool') suffixes.push('dtype=' + dtypeRepr(t.dtype));
    body = formatTensorBody(t, indent, o);
  }
  if (t.gradFn) suffixes.push(`grad_fn=<${t.gradFn}>`);
  else if (t.requiresGrad) suffixes.push('requires_grad=True');
  return addSuffixes(prefix + body, suffixes, indent, o);
}

/** repr of an nn.Parameter. */
export function formatParameter(t: Tensor, opts?: Partial<PrintOptions>): string {
  return 'Parameter containing:\n' + formatTensor(t, opts);
}

/**
 * Tensor.__format__: a 0-d tensor formats its item with the spec; others only
 * accept an empty spec (then str(t)).
 */
export function formatTensorSpec(t: Tensor, spec: string): string {
  if (t.ndim === 0) {
    const v = t.storage[t.offset];
    if (isFloating(t.dtype)) return formatNumber(v, spec, 'float');
    if (t.dtype === 'bool') return formatNumber(v !== 0, spec, 'bool');
    return formatNumber(v, spec, 'int');
  }
  if (spec !== '') throw typeError('unsupported format string passed to Tensor.__format__');
  return formatTensor(t);
}

/** repr of torch.return_types.X: name(\nvalues=...,\nindices=...) from already-formatted fields. */
export function formatNamedTuple(name: string, fields: [string, string][]): string {
  return `${name}(\n${fields.map(([k, v]) => `${k}=${v}`).join(',\n')})`;
}
