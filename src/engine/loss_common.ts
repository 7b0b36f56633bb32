/**
 * Shared pieces of the loss functions: reduction handling with torch's texts and
 * warnings, flat/broadcast reads, autograd names and torch-ordered reductions.
 */
import { DType, castValue } from './dtype';
import { valueError, warn } from './errors';
import { Tensor } from './tensor';
import { torchSum } from './kernels/sum_order';

export type Reduction = 'mean' | 'sum' | 'none';

/** `_Reduction.get_enum`: only 'none', 'mean', 'sum' are valid. */
export function checkReduction(r: string | undefined): Reduction {
  const v = r ?? 'mean';
  if (v !== 'mean' && v !== 'sum' && v !== 'none') throw valueError(`${v} is not a valid value for reduction`);
  return v;
}

/** The deprecated size_average/reduce pair → reduction, with torch's warning. */
export function legacyReduction(sizeAverage: boolean | null | undefined, reduce: boolean | null | undefined): Reduction {
  const sa = sizeAverage ?? true;
  const rd = reduce ?? true;
  const r: Reduction = sa && rd ? 'mean' : rd ? 'sum' : 'none';
  warn(`size_average and reduce args will be deprecated, please use reduction='${r}' instead.`, 'UserWarning');
  return r;
}

export const fr = Math.fround;
export const rnd = (dtype: DType, v: number): number => castValue(dtype, v);
export const sizeStr = (s: readonly number[]): string => `torch.Size([${s.join(', ')}])`;

/** C++ ostream formatting of a double (6 significant digits, %g style). */
export function cxxDouble(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-4)) {
    const [m, e] = v.toExponential(5).split('e');
    const mant = m.includes('.') ? m.replace(/\.?0+$/, '') : m;
    const ex = Number(e);
    return `${mant}e${ex < 0 ? '-' : '+'}${String(Math.abs(ex)).padStart(2, '0')}`;
  }
  return String(Number(v.toPrecision(6)));
}

export function flat(t: Tensor): ArrayLike<number> {
  const c = t.contiguous();
  return c.offset === 0 && c.storage.length === c.numel ? c.storage : c.storage.subarray(c.offset, c.offset + c.numel);
}

/** Elements of `t` broadcast to `shape`, as a flat array (stride-0 view, then gathered). */
export function expandFlat(t: Tensor, shape: readonly number[]): ArrayLike<number> {
  if (t.shape.length === shape.length && t.shape.every((s, i) => s === shape[i])) return flat(t);
  const lead = shape.length - t.ndim;
  const strides = shape.map((s, i) => (i < lead || t.shape[i - lead] === 1 ? 0 : t.strides[i - lead]));
  return new Tensor(t.storage, [...shape], strides, t.offset, t.dtype).toFlat();
}

export function withGrad(out: Tensor, inputs: (Tensor | null | undefined)[], fn: string): Tensor {
  if (inputs.some((t) => t?.requiresGrad)) {
    out.requiresGrad = true;
    out.gradFn = fn;
  }
  return out;
}

/** Σ in torch's summation order (kernels/sum_order.ts); mean divides by `count` (0 → nan). */
export function reduceValues(vals: Float64Array, dtype: DType, reduction: Reduction, shape: number[], count = vals.length): Tensor {
  if (reduction === 'none') {
    const out = Tensor.empty(shape, dtype);
    for (let i = 0; i < vals.length; i++) out.storage[i] = rnd(dtype, vals[i]);
    return out;
  }
  const s = torchSum(vals, 0, vals.length, dtype !== 'float64');
  return Tensor.scalar(reduction === 'sum' ? s : s / count, dtype);
}

/** Σ over the class dim of one (b, j) slot: last-dim sums use torch's inner order, others run sequentially. */
export function classSum(vals: Float64Array, c: number, m: number, f32: boolean): number {
  if (m === 1) return torchSum(vals, 0, c, f32);
  let s = 0;
  for (let k = 0; k < c; k++) s = f32 ? fr(s + vals[k]) : s + vals[k];
  return s;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}
