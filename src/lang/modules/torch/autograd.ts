/**
 * Reverse-mode autograd for the cell language: enough of PyTorch's for the
 * classic temperature-scaling and small-model recipes (`loss.backward()`,
 * `.grad`, `torch.optim`).
 *
 * Every op binding already calls `track(out, inputs, gradFn)`; when grad mode
 * is on and an input requires grad, `record` keeps a node for `out`: its
 * inputs, the op's name (PyTorch's grad_fn name) and the op's context (dims,
 * target…). The derivative for a name is looked up in DERIVATIVES only when
 * `.backward()` runs, so an op without one fails then, with its name in the
 * message, and never silently yields a wrong gradient.
 *
 * Gradients are computed with the engine's own float ops in the input dtype,
 * in the formulas PyTorch's derivatives.yaml uses, so results agree with
 * PyTorch to float32 rounding.
 */
import { PyError, pyErr } from '../../native';
import { Tensor, DType } from '../../../engine';
import * as EL from '../../../engine/elementwise';
import * as UN from '../../../engine/unary';
import * as RD from '../../../engine/reduce';
import * as SH from '../../../engine/shape';
import * as LA from '../../../engine/linalg';
import * as SM from '../../../engine/softmax';
import * as CV from '../../../engine/convert';
import * as CM from '../../../engine/compare';
import * as SE from '../../../engine/select';

/** What an op needs at backward time besides its inputs and output. */
export type Ctx = Record<string, unknown>;

interface Node {
  name: string;
  inputs: readonly unknown[];
  ctx: Ctx;
  /** Set after a backward pass without retain_graph (PyTorch frees saved tensors). */
  freed: boolean;
}

const NODES = new WeakMap<Tensor, Node>();
/** Non-leaf tensors whose .grad the cell asked to keep (`retain_grad()`). */
const RETAIN = new WeakSet<Tensor>();

export function retainGrad(t: Tensor): void {
  if (NODES.has(t)) RETAIN.add(t);
}

/** Remember how `out` was computed (called by track when grad is needed). */
export function record(out: Tensor, inputs: readonly unknown[], name: string, ctx: Ctx = {}): void {
  NODES.set(out, { name, inputs, ctx, freed: false });
}

/** Forget any node of `t` (detach, in-place results we cannot differentiate). */
export function forget(t: Tensor): void {
  NODES.delete(t);
}

/** In-place ops on tensors in the graph: mark them so backward says why it stops. */
export function markInplace(t: Tensor, name: string): void {
  NODES.set(t, { name, inputs: [], ctx: { inplace: true }, freed: false });
}

const needsGrad = (v: unknown): v is Tensor => v instanceof Tensor && (v.requiresGrad || NODES.has(v));

// ---------------------------------------------------------------- helpers

const f = EL.pyFloat;

/** Sum a broadcast gradient back down to `shape` (the reverse of broadcasting). */
function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  if (g.shape.length === shape.length && g.shape.every((s, i) => s === shape[i])) return g;
  const lead = g.ndim - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
  }
  const s = dims.length ? RD.sum(g, { dim: dims, keepdim: true }) : g;
  return SH.reshape(s, shape);
}

/** A reduced gradient expanded back to the input's shape (sum/mean/logsumexp). */
function unreduce(g: Tensor, inShape: readonly number[], dims: readonly number[] | null, keepdim: boolean): Tensor {
  let r = g;
  if (!keepdim && dims !== null && dims.length) {
    const sorted = dims.map(d => SH.wrapDim(d, inShape.length)).sort((a, b) => a - b);
    for (const d of sorted) r = SH.unsqueeze(r, d);
  } else if (dims === null || dims.length === 0) {
    r = SH.reshape(r, inShape.map(() => 1));
  }
  return SH.contiguous(SH.expand(r, inShape as number[]));
}

function castTo(g: Tensor, dtype: DType): Tensor {
  return g.dtype === dtype ? g : CV.to(g, dtype);
}

function asTensor(v: unknown): Tensor | null {
  return v instanceof Tensor ? v : null;
}

/**
 * PyTorch's prod_backward: grad * (result / input) without zeros; with zeros, the
 * product of the other elements of each lane (exclusive prefix × suffix products).
 */
function prodBackward(g: Tensor, X: Tensor, o: Tensor, dim: number | null, keepdim: boolean): Tensor {
  if (X.ndim === 0) return g;
  const dims = dim === null ? null : [dim];
  const G = unreduce(g, X.shape, dims, keepdim);
  const R = unreduce(o, X.shape, dims, keepdim);
  const xs = SH.contiguous(X);
  let zeros = false;
  for (let i = 0; i < xs.numel && !zeros; i++) zeros = xs.storage[xs.offset + i] === 0;
  if (!zeros) return EL.mul(G, EL.div(R, X));
  // Lanes: the whole tensor (dim=None) or the 1-D runs along `dim`.
  const d = dim === null ? 0 : SH.wrapDim(dim, X.ndim);
  const flat = dim === null ? SH.reshape(xs, [xs.numel]) : xs;
  const shape = flat.shape;
  const len = shape[d];
  let inner = 1;
  for (let k = d + 1; k < shape.length; k++) inner *= shape[k];
  const outer = flat.numel / Math.max(len * inner, 1);
  const others = Tensor.empty(shape, X.dtype);
  const src = flat.storage;
  const off = flat.offset;
  for (let ob = 0; ob < outer; ob++) {
    for (let i = 0; i < inner; i++) {
      const base = ob * len * inner + i;
      let pre = 1;
      for (let j = 0; j < len; j++) {
        others.storage[base + j * inner] = pre;
        pre *= src[off + base + j * inner] as number;
      }
      let suf = 1;
      for (let j = len - 1; j >= 0; j--) {
        others.storage[base + j * inner] = (others.storage[base + j * inner] as number) * suf;
        suf *= src[off + base + j * inner] as number;
      }
    }
  }
  return EL.mul(G, SH.reshape(others, X.shape));
}

type Derivative = (g: Tensor, x: readonly unknown[], out: Tensor, ctx: Ctx) => (Tensor | null)[];

/** Scalars and tensors as elementwise operands. */
const op = (v: unknown): EL.Operand => v as EL.Operand;

const DERIVATIVES: Record<string, Derivative> = {
  AddBackward0: (g, [a, b], _o, c) => {
    const alpha = (c.alpha as number | undefined) ?? 1;
    return [grad(a, () => g), grad(b, () => (alpha === 1 ? g : EL.mul(g, f(alpha))))];
  },
  SubBackward0: (g, [a, b], _o, c) => {
    const alpha = (c.alpha as number | undefined) ?? 1;
    return [grad(a, () => g), grad(b, () => (alpha === 1 ? UN.neg(g) : EL.mul(g, f(-alpha))))];
  },
  RsubBackward1: (g, [a, b]) => [grad(a, () => g), grad(b, () => UN.neg(g))],
  MulBackward0: (g, [a, b]) => [grad(a, () => EL.mul(g, op(b))), grad(b, () => EL.mul(g, op(a)))],
  DivBackward0: (g, [a, b]) => [
    grad(a, () => EL.div(g, op(b))),
    // PyTorch: -grad * ((self / other) / other)
    grad(b, () => EL.mul(UN.neg(g), EL.div(EL.div(op(a), op(b)), op(b))))
  ],
  NegBackward0: g => [UN.neg(g)],
  ExpBackward0: (g, _x, o) => [EL.mul(g, o)],
  LogBackward0: (g, [x]) => [EL.div(g, x as Tensor)],
  Log1PBackward0: (g, [x]) => [EL.div(g, EL.add(x as Tensor, f(1)))],
  Expm1Backward0: (g, _x, o) => [EL.mul(g, EL.add(o, f(1)))],
  SqrtBackward0: (g, _x, o) => [EL.div(g, EL.mul(o, f(2)))],
  SigmoidBackward0: (g, _x, o) => [EL.mul(g, EL.mul(EL.sub(f(1), o), o))],
  TanhBackward0: (g, _x, o) => [EL.mul(g, EL.sub(f(1), EL.mul(o, o)))],
  ReluBackward0: (g, _x, o) => [EL.mul(g, castTo(CM.gt(o, f(0)), g.dtype))],
  AbsBackward0: (g, [x]) => [EL.mul(g, UN.sign(x as Tensor))],
  ReciprocalBackward0: (g, _x, o) => [EL.mul(UN.neg(g), EL.mul(o, o))],
  PowBackward0: (g, [x, e]) => {
    // tensor ** scalar: grad * (e * x ** (e - 1))
    const ev = (e as EL.Scalar).scalar;
    if (ev === 0) return [EL.mul(g, f(0))];
    return [EL.mul(g, EL.mul(EL.pow(x as Tensor, f(ev - 1)), f(ev)))];
  },
  SumBackward0: (g, [x]) => [unreduce(g, (x as Tensor).shape, null, false)],
  SumBackward1: (g, [x], _o, c) => [unreduce(g, (x as Tensor).shape, c.dims as number[] | null, c.keepdim === true)],
  MeanBackward0: (g, [x]) => [EL.div(unreduce(g, (x as Tensor).shape, null, false), f(Math.max((x as Tensor).numel, 1)))],
  MeanBackward1: (g, [x], _o, c) => {
    const X = x as Tensor;
    const dims = (c.dims as number[] | null) ?? [];
    const n = dims.length ? dims.reduce((p, d) => p * X.shape[SH.wrapDim(d, X.ndim)], 1) : X.numel;
    return [EL.div(unreduce(g, X.shape, c.dims as number[] | null, c.keepdim === true), f(n))];
  },
  ProdBackward0: (g, [x], o) => [prodBackward(g, x as Tensor, o, null, false)],
  ProdBackward1: (g, [x], o, c) => [prodBackward(g, x as Tensor, o, c.dim as number, c.keepdim === true)],
  LogsumexpBackward0: (g, [x], o, c) => {
    const X = x as Tensor;
    const dims = c.dims as number[] | null;
    const keep = c.keepdim === true;
    // grad * exp(x - out), both broadcast back over the reduced dims
    return [EL.mul(unreduce(g, X.shape, dims, keep), UN.exp(EL.sub(X, unreduce(o, X.shape, dims, keep))))];
  },
  SoftmaxBackward0: (g, [x], o, c) => {
    const d = c.dim as number;
    const gy = castTo(g, o.dtype);
    const r = EL.mul(o, EL.sub(gy, RD.sum(EL.mul(gy, o), { dim: [d], keepdim: true })));
    // softmin(x) = softmax(-x)
    return [castTo(c.negate ? UN.neg(r) : r, (x as Tensor).dtype)];
  },
  LogSoftmaxBackward0: (g, [x], o, c) => {
    const d = c.dim as number;
    const gy = castTo(g, o.dtype);
    const r = EL.sub(gy, EL.mul(UN.exp(o), RD.sum(gy, { dim: [d], keepdim: true })));
    return [castTo(r, (x as Tensor).dtype)];
  },
  NllLossBackward0: (g, [x], _o, c) => [c.logSoftmax ? crossEntropyGrad(g, x as Tensor, c) : nllGrad(g, x as Tensor, c)],
  // F.linear records [x, W, b] with ctx.linear; torch.matmul/mm/mv/bmm record [a, b]
  MmBackward0: (g, [x, w, b], _o, c) => (c.linear ? linearGrad(g, x as Tensor, w as Tensor, asTensor(b)) : matmulGrad(g, x as Tensor, w as Tensor)),
  AddmmBackward0: (g, [x, w, b]) => linearGrad(g, x as Tensor, w as Tensor, asTensor(b)),
  MvBackward0: (g, [a, b]) => matmulGrad(g, a as Tensor, b as Tensor),
  BmmBackward0: (g, [a, b]) => matmulGrad(g, a as Tensor, b as Tensor),
  DotBackward0: (g, [a, b]) => [grad(a, () => EL.mul(g, b as Tensor)), grad(b, () => EL.mul(g, a as Tensor))],
  ViewBackward0: (g, [x]) => [SH.reshape(g, (x as Tensor).shape)],
  UnsqueezeBackward0: (g, [x]) => [SH.reshape(g, (x as Tensor).shape)],
  SqueezeBackward0: (g, [x]) => [SH.reshape(g, (x as Tensor).shape)],
  SqueezeBackward1: (g, [x]) => [SH.reshape(g, (x as Tensor).shape)],
  SqueezeBackward2: (g, [x]) => [SH.reshape(g, (x as Tensor).shape)],
  ExpandBackward0: (g, [x]) => [sumTo(g, (x as Tensor).shape)],
  CloneBackward0: g => [g],
  CatBackward0: (g, xs, _o, c) => {
    const dim = SH.wrapDim(c.dim as number, g.ndim);
    let o = 0;
    return xs.map(x => {
      const X = x as Tensor;
      if (X.ndim === 1 && X.shape[0] === 0) return null; // torch.cat skips legacy empty tensors
      const part = SH.narrow(g, dim, o, X.shape[dim]);
      o += X.shape[dim];
      return part;
    });
  },
  WhereBackward0: (g, [a, b], _o, c) => {
    const cond = c.cond as Tensor;
    const zero = f(0);
    return [grad(a, () => SE.where(cond, g, zero)), grad(b, () => SE.where(cond, zero, g))];
  },
  ClampBackward1: (g, [x], _o, c) => {
    const X = x as Tensor;
    let keep: Tensor | null = null;
    if (c.min) keep = CM.ge(X, c.min as EL.Operand);
    if (c.max) keep = keep ? CM.logical_and(keep, CM.le(X, c.max as EL.Operand)) : CM.le(X, c.max as EL.Operand);
    return [keep ? EL.mul(g, castTo(keep, g.dtype)) : g];
  },
  AliasBackward0: g => [g],
  ToCopyBackward0: (g, [x]) => [castTo(g, (x as Tensor).dtype)],
  TBackward0: g => [SH.t(g)],
  TransposeBackward0: (g, _x, _o, c) => [SH.transpose(g, c.dim0 as number, c.dim1 as number)],
  PermuteBackward0: (g, _x, _o, c) => {
    const dims = c.dims as number[];
    const inv: number[] = [];
    dims.forEach((d, i) => (inv[SH.wrapDim(d, dims.length)] = i));
    return [SH.permute(g, inv)];
  },
  MseLossBackward0: (g, [x], _o, c) => {
    const X = x as Tensor;
    const d = EL.mul(EL.sub(X, c.target as Tensor), f(2));
    const r = c.reduction as string;
    const s = r === 'none' ? g : unreduce(g, X.shape, null, false);
    return [EL.mul(s, r === 'mean' ? EL.div(d, f(X.numel)) : d)];
  }
};

/**
 * x[idx] with any indices (basic, integer tensors, masks): index a tensor of
 * element positions the same way, then scatter-add the gradient there, so
 * repeated indices accumulate as in PyTorch's index_put_(accumulate=True).
 */
const GATHER_DERIVATIVE: Derivative = (g, x, _o, c) => {
  const X = x[0] as Tensor;
  const pos = new Tensor(new Float64Array(X.numel).map((_, i) => i), [...X.shape], SH.contiguous(X).strides, 0, 'float64');
  const where = SH.contiguous((c.index as (t: Tensor) => Tensor)(pos)).toFlat();
  const gv = SH.contiguous(castTo(g, 'float64')).toFlat();
  const acc = new Float64Array(X.numel);
  for (let i = 0; i < where.length; i++) acc[where[i]] += gv[i];
  return [castTo(new Tensor(acc, [...X.shape], pos.strides, 0, 'float64'), g.dtype)];
};

/** The gradient for input `v`, or null when it needs none. */
function grad(v: unknown, make: () => Tensor): Tensor | null {
  return needsGrad(v) ? make() : null;
}

function linearGrad(g: Tensor, x: Tensor, w: Tensor, b: Tensor | null): (Tensor | null)[] {
  // y = x @ W.T + b
  const gx = grad(x, () => LA.matmul(g, w));
  const gw = grad(w, () => {
    const g2 = g.ndim === 1 ? SH.unsqueeze(g, 0) : SH.reshape(g, [-1, g.shape[g.ndim - 1]]);
    const x2 = x.ndim === 1 ? SH.unsqueeze(x, 0) : SH.reshape(x, [-1, x.shape[x.ndim - 1]]);
    return LA.matmul(SH.t(g2), x2);
  });
  const gb = b ? grad(b, () => sumTo(g, b.shape)) : null;
  return [gx, gw, gb];
}

function matmulGrad(g: Tensor, a: Tensor, b: Tensor): (Tensor | null)[] {
  if (a.ndim === 1 && b.ndim === 1) return [grad(a, () => EL.mul(g, b)), grad(b, () => EL.mul(g, a))];
  const A = a.ndim === 1 ? SH.unsqueeze(a, 0) : a;
  const B = b.ndim === 1 ? SH.unsqueeze(b, 1) : b;
  let G = g;
  if (a.ndim === 1) G = SH.unsqueeze(G, G.ndim - 1); // [.., m] -> [.., 1, m]
  if (b.ndim === 1) G = SH.unsqueeze(G, G.ndim);
  const ga = grad(a, () => SH.reshape(sumTo(LA.matmul(G, SH.transpose(B, -1, -2)), A.shape), a.shape));
  const gb = grad(b, () => SH.reshape(sumTo(LA.matmul(SH.transpose(A, -1, -2), G), B.shape), b.shape));
  return [ga, gb];
}

/**
 * d loss / d input of nll_loss for class-index targets: −w[y]·g (scaled by
 * 1/Σw[y] for 'mean') at each target position, 0 elsewhere and on ignored rows.
 * Class-probability targets give −w·q·g.
 */
function nllGrad(g: Tensor, x: Tensor, c: Ctx): Tensor {
  const target = c.target as Tensor;
  const weight = (c.weight as Tensor | null) ?? null;
  const reduction = c.reduction as string;
  const ignore = (c.ignoreIndex as number | undefined) ?? -100;
  const smoothing = (c.labelSmoothing as number | undefined) ?? 0;
  const N = x.ndim === 1 ? 1 : x.shape[0];
  const C = x.ndim === 1 ? x.shape[0] : x.shape[1];
  const M = x.ndim <= 2 ? 1 : x.numel / (N * C);
  const out = new Float64Array(x.numel);
  const gv = SH.contiguous(castTo(g, 'float64')).toFlat();
  const w = weight ? SH.contiguous(castTo(weight, 'float64')).toFlat() : null;
  const wOf = (k: number): number => (w ? w[k] : 1);
  const at = (n: number, k: number, m: number): number => (n * C + k) * M + m;
  if (target.dtype.startsWith('float')) {
    // probability targets: loss = −Σ w_c q_c logp_c (/ N for 'mean')
    const q = SH.contiguous(castTo(target, 'float64')).toFlat();
    const scale = reduction === 'mean' ? 1 / (N * M) : 1;
    for (let n = 0; n < N; n++) {
      for (let m = 0; m < M; m++) {
        const gi = reduction === 'none' ? gv[n * M + m] : gv[0] * scale;
        for (let k = 0; k < C; k++) {
          const qs = q[at(n, k, m)] * (1 - smoothing) + smoothing / C;
          out[at(n, k, m)] = -wOf(k) * qs * gi;
        }
      }
    }
  } else {
    const t = SH.contiguous(target).toFlat();
    let denom = 1;
    if (reduction === 'mean') {
      denom = 0;
      for (let i = 0; i < N * M; i++) if (t[i] !== ignore) denom += wOf(t[i]);
    }
    for (let n = 0; n < N; n++) {
      for (let m = 0; m < M; m++) {
        const y = t[n * M + m];
        if (y === ignore) continue;
        const gi = reduction === 'none' ? gv[n * M + m] : gv[0] / denom;
        out[at(n, y, m)] -= (1 - smoothing) * wOf(y) * gi;
        if (smoothing > 0) {
          for (let k = 0; k < C; k++) out[at(n, k, m)] -= (smoothing / C) * wOf(k) * gi;
        }
      }
    }
  }
  const r = new Tensor(out, [...x.shape], SH.contiguous(x).strides, 0, 'float64');
  return castTo(r, x.dtype);
}

/** cross_entropy = nll_loss(log_softmax(x, 1)): chain the two derivatives. */
function crossEntropyGrad(g: Tensor, x: Tensor, c: Ctx): Tensor {
  const dim = x.ndim === 1 ? 0 : 1;
  const logp = SM.logSoftmax(x, dim);
  const glogp = nllGrad(g, logp, c);
  return EL.sub(glogp, EL.mul(UN.exp(logp), RD.sum(glogp, { dim: [dim], keepdim: true })));
}

// ---------------------------------------------------------------- backward pass

/** Tensors reachable from `root` through recorded nodes, outputs before their inputs. */
function topoOrder(root: Tensor): Tensor[] {
  const seen = new Set<Tensor>();
  const order: Tensor[] = [];
  // iterative DFS: graphs from long training loops must not overflow the JS stack
  const stack: [Tensor, number][] = [[root, 0]];
  seen.add(root);
  while (stack.length) {
    const top = stack[stack.length - 1];
    const node = NODES.get(top[0]);
    const inputs = node ? node.inputs : [];
    if (top[1] < inputs.length) {
      const next = inputs[top[1]++];
      if (next instanceof Tensor && !seen.has(next) && NODES.has(next)) {
        seen.add(next);
        stack.push([next, 0]);
      }
    } else {
      order.push(top[0]);
      stack.pop();
    }
  }
  return order.reverse();
}

function accumulate(map: Map<Tensor, Tensor>, t: Tensor, g: Tensor): void {
  const prev = map.get(t);
  map.set(t, prev ? EL.add(prev, g) : g);
}

/** Leaf gradients land in `.grad`, accumulated like PyTorch (grad += new). */
function accumulateLeaf(leaf: Tensor, g: Tensor): void {
  let gl = castTo(sumTo(g, leaf.shape), leaf.dtype);
  if (gl === g || !gl.isContiguous()) gl = SH.clone(gl); // never alias a tensor the cell can see
  leaf.grad = leaf.grad ? EL.add(leaf.grad, gl) : gl;
}

/** `tensor.backward(gradient=None, retain_graph=None)`. */
export function backward(root: Tensor, gradient: Tensor | null, retainGraph: boolean): void {
  if (!needsGrad(root)) {
    throw pyErr('RuntimeError', 'element 0 of tensors does not require grad and does not have a grad_fn');
  }
  let g0: Tensor;
  if (gradient === null) {
    if (root.numel !== 1) throw pyErr('RuntimeError', 'grad can be implicitly created only for scalar outputs');
    g0 = Tensor.empty(root.shape, root.dtype);
    g0.storage.fill(1);
  } else {
    if (gradient.shape.length !== root.shape.length || gradient.shape.some((s, i) => s !== root.shape[i])) {
      throw pyErr('RuntimeError', `Mismatch in shape: grad_output[0] has a shape of torch.Size([${gradient.shape.join(', ')}]) and output[0] has a shape of torch.Size([${root.shape.join(', ')}]).`);
    }
    g0 = castTo(gradient, root.dtype);
  }
  if (!NODES.has(root)) {
    accumulateLeaf(root, g0);
    return;
  }
  const grads = new Map<Tensor, Tensor>([[root, g0]]);
  for (const t of topoOrder(root)) {
    const g = grads.get(t);
    const node = NODES.get(t)!;
    if (!g) continue;
    grads.delete(t);
    if (RETAIN.has(t)) t.grad = t.grad ? EL.add(t.grad, g) : SH.clone(g);
    if (node.freed) {
      throw pyErr('RuntimeError', 'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.');
    }
    if (node.ctx.inplace) {
      throw pyErr('NotImplementedError', `backward through the in-place operation '${node.name}' is not implemented in this kernel; use the out-of-place form (x = x + y instead of x += y)`);
    }
    // indexing records how to index again: any name (Select, Slice, Index…) uses it
    const d = node.ctx.index ? GATHER_DERIVATIVE : DERIVATIVES[node.name];
    if (!d) throw pyErr('NotImplementedError', `the derivative for '${node.name}' is not implemented in this kernel`);
    let gs: (Tensor | null)[];
    try {
      gs = d(g, node.inputs, t, node.ctx);
    } catch (e) {
      if (e instanceof PyError) throw e;
      throw pyErr('RuntimeError', `in the backward of ${node.name}: ${(e as Error).message}`);
    }
    node.inputs.forEach((inp, i) => {
      const gi = gs[i];
      if (!gi || !(inp instanceof Tensor) || !needsGrad(inp)) return;
      const shaped = sumTo(gi, inp.shape);
      if (NODES.has(inp)) accumulate(grads, inp, shaped);
      else accumulateLeaf(inp, shaped);
    });
    if (!retainGraph) node.freed = true;
  }
}

