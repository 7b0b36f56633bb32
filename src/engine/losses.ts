/**
 * nll_loss and cross_entropy with PyTorch 2.13 semantics and error texts
 * (class-index and class-probability targets, label smoothing, weights,
 * ignore_index, unbatched and K-dim inputs). float32 values are rounded step by
 * step and reductions follow torch's summation order, so most results are bit-exact.
 * The binary losses and kl_div live in losses_binary.ts.
 */
import { DType, isFloating, promoteTypes, scalarTypeName } from './dtype';
import { TorchError, indexError, runtimeError, valueError } from './errors';
import { Tensor, numelOf } from './tensor';
import { logSoftmax } from './softmax';
import { logSoftmaxAtTargets } from './losses_fast';
import { torchSum } from './kernels/sum_order';
import { Reduction, checkReduction, cxxDouble, flat, fr, rnd, withGrad, reduceValues, classSum, sameShape } from './loss_common';

export { checkReduction, legacyReduction } from './loss_common';
export type { Reduction } from './loss_common';
export * from './losses_binary';

// ---------------------------------------------------------------------------
// nll_loss

export interface NllOptions {
  weight?: Tensor | null;
  ignore_index?: number;
  reduction?: string;
}

export interface CrossEntropyOptions extends NllOptions {
  label_smoothing?: number;
}

/** Input (N, C, d1..dk) or (C,) seen as [N, C, M]; the target as N·M class indices. */
interface ClassLayout {
  n: number;
  c: number;
  m: number;
  outShape: number[];
}

function classLayout(input: Tensor): ClassLayout {
  if (input.ndim === 1) return { n: 1, c: input.shape[0], m: 1, outShape: [] };
  const [n, c, ...rest] = input.shape;
  return { n, c, m: numelOf(rest), outShape: [n, ...rest] };
}

/** Shape / dtype checks of nll_loss_nd, in torch's order, with its texts. */
function checkNll(input: Tensor, target: Tensor, weight: Tensor | null | undefined): ClassLayout {
  if (input.ndim < 1) throw valueError(`Expected 1 or more dimensions (got ${input.ndim})`);
  if (input.ndim !== 1) {
    const tb = target.ndim === 0 ? 0 : target.shape[0]; // torch reports 0 for a 0-d target
    if (input.shape[0] !== tb) {
      throw valueError(`Expected input batch_size (${input.shape[0]}) to match target batch_size (${tb}).`);
    }
  }
  const lay = classLayout(input);
  const spatial = input.ndim > 2;
  if (!spatial) {
    if (target.ndim > 1) throw runtimeError('0D or 1D target tensor expected, multi-target not supported');
    if (input.ndim === 1 && target.ndim === 1 && target.shape[0] !== 1) {
      throw valueError(`For 1D input, 1D target must have size 1, but got target size: ${target.shape[0]}`);
    }
  } else if (input.ndim === 4) {
    // nll_loss2d's own checks (note: torch's text has no closing parenthesis)
    if (target.ndim !== 3) {
      throw runtimeError(`only batches of spatial targets supported (3D tensors) but got targets of dimension: ${target.ndim}`);
    }
    const [n, , h, w] = input.shape;
    if (target.shape[0] !== n || target.shape[1] !== h || target.shape[2] !== w) {
      throw runtimeError(`size mismatch (got input: [${input.shape.join(', ')}] , target: [${target.shape.join(', ')}]`);
    }
  } else {
    const expected = [input.shape[0], ...input.shape.slice(2)];
    if (target.ndim !== expected.length || target.shape.some((s, i) => s !== expected[i])) {
      throw runtimeError(`Expected target size [${expected.join(', ')}], got [${target.shape.join(', ')}]`);
    }
  }
  if (weight && (weight.numel !== lay.c || weight.ndim !== 1)) {
    throw runtimeError(
      spatial
        ? 'weight tensor should be defined either for all or no classes'
        : `weight tensor should be defined either for all ${lay.c} classes or no classes but got weight tensor of shape: [${weight.shape.join(', ')}]`
    );
  }
  // uint8 targets arrive as int64 in this engine (no uint8 dtype).
  if (target.dtype !== 'int64') {
    throw runtimeError(`expected target dtype to be Long or Byte, but got ${scalarTypeName(target.dtype)}`);
  }
  if (!isFloating(input.dtype)) {
    throw new TorchError(
      'NotImplementedError',
      `"${spatial ? 'nll_loss2d_forward_out_frame' : 'nll_loss_out_frame'}" not implemented for '${scalarTypeName(input.dtype)}'`
    );
  }
  if (weight && weight.dtype !== input.dtype) {
    throw runtimeError(`expected scalar type ${scalarTypeName(input.dtype)} but found ${scalarTypeName(weight.dtype)}`);
  }
  return lay;
}

/**
 * Cascade sum as torch's nll kernels keep it (measured, 100% bit match on torch 2.13):
 * float partial sums in 8 levels; after element i, when i % 2^p == 0 the level-0 sum is
 * carried upward (p = max(4, ⌈log2 n⌉ / 8)); the total adds levels 0..7 in order.
 * So for n ≤ 17 the result is (t1 + … + t(n−1)) + t0.
 */
class CascadeSum {
  private readonly parts: Float64Array;
  private readonly power: number;
  private readonly mask: number;
  constructor(
    n: number,
    private readonly f32: boolean
  ) {
    this.parts = new Float64Array(8);
    this.power = Math.max(4, Math.floor(Math.ceil(Math.log2(Math.max(n, 1))) / 8));
    this.mask = (1 << this.power) - 1;
  }
  add(v: number): void {
    this.parts[0] = this.f32 ? fr(this.parts[0] + v) : this.parts[0] + v;
  }
  /** Call after element i (0-based), ignored or not. */
  step(i: number): void {
    if ((i & this.mask) !== 0) return;
    const p = this.parts;
    for (let j = 1; j < 8; j++) {
      p[j] = this.f32 ? fr(p[j] + p[j - 1]) : p[j] + p[j - 1];
      p[j - 1] = 0;
      if ((Math.floor(i / 2 ** (this.power * j)) & this.mask) !== 0) break;
    }
  }
  total(): number {
    let s = 0;
    for (let j = 0; j < 8; j++) s = this.f32 ? fr(s + this.parts[j]) : s + this.parts[j];
    return s;
  }
}

/** F.nll_loss(input, target, weight=None, ignore_index=-100, reduction='mean'). */
export function nllLoss(input: Tensor, target: Tensor, opts: NllOptions = {}): Tensor {
  const reduction = checkReduction(opts.reduction);
  const weight = opts.weight ?? null;
  const ignore = opts.ignore_index ?? -100;
  const lay = checkNll(input, target, weight);
  const out = nllCore(input, lay, target.shape, flat(target), weight, ignore, reduction, flat(input), false);
  return withGrad(out, [input, weight], 'NllLossBackward0');
}

/**
 * nll_loss after the checks. `x` is the (N, C, M) input, or with `picked` already
 * the N·M values input[b, t, j] (the fused cross_entropy path).
 */
function nllCore(
  input: Tensor,
  lay: ClassLayout,
  targetShape: readonly number[],
  t: ArrayLike<number>,
  weight: Tensor | null,
  ignore: number,
  reduction: Reduction,
  x: ArrayLike<number>,
  picked: boolean
): Tensor {
  const dtype = input.dtype;
  const f32 = dtype !== 'float64';
  const w = weight ? flat(weight) : null;
  const { n, c, m } = lay;
  const count = n * m;
  const outShape = input.ndim === 1 ? [...targetShape] : lay.outShape;
  const none = reduction === 'none' ? Tensor.empty(outShape, dtype) : null;
  const loss = new CascadeSum(count, f32);
  const tw = new CascadeSum(count, f32);
  for (let b = 0; b < n; b++) {
    for (let j = 0; j < m; j++) {
      const i = b * m + j;
      const cls = t[i];
      if (cls !== ignore) {
        if (cls < 0 || cls >= c) throw indexError(`Target ${cls} is out of bounds.`);
        const wi = w ? w[cls] : 1;
        const v = picked ? x[i] : x[(b * c + cls) * m + j];
        const term = f32 ? fr(v * wi) : v * wi;
        if (none) none.storage[i] = rnd(dtype, -term);
        loss.add(-term);
        tw.add(wi);
      } else if (none) none.storage[i] = 0;
      loss.step(i);
      tw.step(i);
    }
  }
  if (none) return none;
  const s = loss.total();
  return Tensor.scalar(reduction === 'sum' ? s : s / tw.total(), dtype);
}

// ---------------------------------------------------------------------------
// cross_entropy


/**
 * F.cross_entropy(input, target, weight=None, ignore_index=-100, reduction='mean',
 * label_smoothing=0.0). A float target of the input's shape holds class
 * probabilities; otherwise class indices (int64).
 */
export function crossEntropy(input: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const reduction = checkReduction(opts.reduction);
  const eps = opts.label_smoothing ?? 0;
  const ignore = opts.ignore_index ?? -100;
  const weight = opts.weight ?? null;
  if (sameShape(input.shape, target.shape)) {
    if (!isFloating(target.dtype)) {
      throw runtimeError(`Expected floating point type for target with class probabilities, got ${scalarTypeName(target.dtype)}`);
    }
    if (ignore >= 0) throw runtimeError('ignore_index is not supported for floating point target');
    if (eps < 0 || eps > 1) throw runtimeError(`label_smoothing must be between 0.0 and 1.0. Got: ${cxxDouble(eps)}`);
    return probTargetCE(input, target, weight, reduction, eps);
  }
  if (eps > 0) {
    if (eps > 1) throw runtimeError(`label_smoothing must be between 0.0 and 1.0. Got: ${cxxDouble(eps)}`);
    return smoothedCE(input, target, weight, reduction, ignore, eps);
  }
  // Large (N, C) float32: fused log_softmax + gather (losses_fast.ts), same values.
  if (input.dtype === 'float32' && input.ndim === 2 && target.ndim === 1 && target.dtype === 'int64') {
    const lay = checkNll(input, target, weight);
    const t = flat(target);
    const picked = logSoftmaxAtTargets(input, t);
    if (picked) {
      const out = nllCore(input, lay, target.shape, t, weight, ignore, reduction, picked, true);
      return withGrad(out, [input, weight], 'NllLossBackward0');
    }
  }
  const lp = logSoftmax(input, input.ndim === 1 ? 0 : 1);
  lp.requiresGrad = false;
  return withGrad(nllLoss(lp, target, { weight, ignore_index: ignore, reduction }), [input, weight], 'NllLossBackward0');
}

function classLogSoftmax(input: Tensor): Tensor {
  if (input.ndim === 0) throw indexError('Dimension specified as 1 but tensor has no dimensions');
  return logSoftmax(input, input.ndim === 1 ? 0 : 1);
}

/** Probability targets: −Σ_c w_c·t'_c·lp_c, mean divides by numel / C (not Σw; pytorch#61309). */
function probTargetCE(input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction, eps: number): Tensor {
  const lp = flat(classLogSoftmax(input));
  const lay = classLayout(input);
  const { n, c, m } = lay;
  const tdt = target.dtype;
  const dtype = promoteTypes(input.dtype, tdt);
  const wdt = weight ? promoteTypes(dtype, weight.dtype) : dtype;
  const t = flat(target);
  const w = weight ? flat(weight) : null;
  const rt = (d: DType, v: number): number => (d === 'float64' ? v : rnd(d, v));
  const keep = rt(tdt, 1 - eps);
  const add = rt(tdt, eps / c);
  // Products in input memory order (N, C, M), then torch's sums: per slot over C for
  // 'none', over everything for 'sum'/'mean'.
  const prod = new Float64Array(n * c * m);
  for (let idx = 0; idx < prod.length; idx++) {
    const k = Math.floor(idx / m) % c;
    const tk = eps > 0 ? rt(tdt, rt(tdt, t[idx] * keep) + add) : t[idx];
    let v = rt(dtype, lp[idx] * tk);
    if (w) v = rt(wdt, v * w[k]);
    prod[idx] = v;
  }
  const f32 = wdt !== 'float64';
  if (reduction !== 'none') {
    const s = -torchSum(prod, 0, prod.length, f32);
    const v = reduction === 'sum' ? s : n * m === 0 ? NaN : s / (n * m);
    return withGrad(Tensor.scalar(v, wdt), [input, target, weight], reduction === 'sum' ? 'NegBackward0' : 'DivBackward0');
  }
  const per = new Float64Array(n * m);
  const slot = new Float64Array(c);
  for (let b = 0; b < n; b++) {
    for (let j = 0; j < m; j++) {
      for (let k = 0; k < c; k++) slot[k] = prod[(b * c + k) * m + j];
      per[b * m + j] = -classSum(slot, c, m, f32);
    }
  }
  const outShape = input.ndim === 1 ? [] : lay.outShape;
  return withGrad(reduceValues(per, wdt, 'none', outShape), [input, target, weight], 'NegBackward0');
}

/** Index targets with label smoothing: (1−ε)·nll + (ε/C)·smooth (see reference §1.9). */
function smoothedCE(input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction, ignore: number, eps: number): Tensor {
  const lpT = classLogSoftmax(input);
  lpT.requiresGrad = false;
  const nll = nllLoss(lpT, target, { weight, ignore_index: ignore, reduction });
  const lp = flat(lpT);
  const { n, c, m } = classLayout(input);
  const dtype = input.dtype;
  const t = flat(target);
  const w = weight ? flat(weight) : null;
  const f32 = dtype !== 'float64';
  const smooth = new Float64Array(n * m);
  const slot = new Float64Array(c);
  const gathered: number[] = []; // weights of the non-ignored targets (mean denominator)
  for (let i = 0; i < n * m; i++) {
    const b = Math.floor(i / m);
    const j = i - b * m;
    if (t[i] === ignore) continue;
    for (let k = 0; k < c; k++) {
      const v = lp[(b * c + k) * m + j];
      slot[k] = w ? rnd(dtype, v * w[k]) : v;
    }
    smooth[i] = -classSum(slot, c, m, f32);
    gathered.push(w ? w[t[i]] : 1);
  }
  let sm: Tensor;
  if (reduction === 'none') sm = reduceValues(smooth, dtype, 'none', nll.shape);
  else {
    const s = torchSum(smooth, 0, smooth.length, f32);
    const denom = w ? torchSum(Float64Array.from(gathered), 0, gathered.length, f32) : gathered.length;
    sm = Tensor.scalar(reduction === 'sum' ? s : s / denom, dtype);
  }
  const a = rnd(dtype, 1 - eps);
  const e = rnd(dtype, eps / c);
  const out = Tensor.empty(nll.shape, dtype);
  for (let i = 0; i < out.numel; i++) {
    out.storage[i] = rnd(dtype, rnd(dtype, nll.storage[i] * a) + rnd(dtype, sm.storage[i] * e));
  }
  return withGrad(out, [input, weight], 'AddBackward0');
}
