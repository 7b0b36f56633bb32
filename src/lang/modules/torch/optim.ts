/**
 * torch.optim: SGD, Adam, AdamW and LBFGS over leaf tensors, enough for the
 * classic temperature-scaling recipe and small models.
 *
 * Each follows the single-tensor (CPU, non-foreach) algorithm of PyTorch 2.x,
 * step by step, with float32 rounding where PyTorch computes in float32, so
 * parameter trajectories agree with PyTorch to float32 rounding. Hyper-
 * parameters live in `param_groups` dicts and are read at every step, so
 * `for g in opt.param_groups: g['lr'] = ...` works as in PyTorch.
 */
import {
  PyClass, PyDict, PyInstance, PyList, PyTuple, PyValue, call, genFn, fn, makeModule, nativeClass, pyErr, repr, toArray, typeName, PyModule
} from '../../native';
import { Tensor } from '../../../engine';
import * as EL from '../../../engine/elementwise';
import * as LA from '../../../engine/linalg';
import * as SH from '../../../engine/shape';
import { isTensor, installPlainNew, isGradEnabled, setGradEnabled } from './core';

type Hyper = Record<string, PyValue>;

interface OptState {
  kind: string;
  groups: PyList; // of PyDict {'params': [...], 'lr': ..., ...}
  /** Per-parameter state (momentum buffers, Adam moments, LBFGS history). */
  state: Map<Tensor, Record<string, any>>;
}

const num = (v: PyValue, name: string): number => {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (isTensor(v) && (v.native as Tensor).numel === 1) return (v.native as Tensor).at(0);
  throw pyErr('TypeError', `${name} must be a number, not ${typeName(v)}`);
};

function paramTensors(v: PyValue, kind: string): PyValue[] {
  if (isTensor(v)) {
    throw pyErr('TypeError', `params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${typeName(v)}`);
  }
  const items = toArray(v);
  for (const p of items) {
    if (!isTensor(p)) throw pyErr('TypeError', `optimizer can only optimize Tensors, but one of the params is ${typeName(p)}`);
    const t = p.native as Tensor;
    if (t.gradFn !== null) throw pyErr('ValueError', "can't optimize a non-leaf Tensor");
    if (!t.isContiguous()) throw pyErr('NotImplementedError', `${kind}: parameters must be contiguous tensors in this kernel`);
  }
  return items;
}

/** The param_groups list from `params` (tensors, or dicts with 'params' and overrides). */
function makeGroups(params: PyValue, defaults: Hyper, kind: string): PyList {
  const items = toArray(params);
  if (items.length === 0) throw pyErr('ValueError', 'optimizer got an empty parameter list');
  const dicts = items.every(i => i instanceof PyDict) ? (items as PyDict[]) : [PyDict.from([['params', new PyList(items)]])];
  const groups = dicts.map(d => {
    const g = new PyDict();
    const ps = d.get('params');
    if (ps === undefined) throw pyErr('KeyError', "'params'");
    g.set('params', new PyList(paramTensors(ps, kind)));
    for (const [k, v] of Object.entries(defaults)) g.set(k, d.has(k) ? d.get(k)! : v);
    return g;
  });
  return new PyList(groups);
}

const F32 = (t: Tensor): ((x: number) => number) => (t.dtype === 'float64' ? x => x : Math.fround);

/** Storage of a contiguous tensor as a flat array view. */
const flat = (t: Tensor): { data: Tensor['storage']; off: number; n: number } => ({ data: t.storage, off: t.offset, n: t.numel });

function gradOf(p: Tensor): Tensor | null {
  return p.grad ? SH.contiguous(p.grad) : null;
}

// ---------------------------------------------------------------- SGD

function sgdStep(st: OptState): void {
  for (const g of st.groups.items as PyDict[]) {
    const lr = num(g.get('lr')!, 'lr');
    const momentum = num(g.get('momentum')!, 'momentum');
    const dampening = num(g.get('dampening')!, 'dampening');
    const wd = num(g.get('weight_decay')!, 'weight_decay');
    const nesterov = g.get('nesterov') === true;
    const maximize = g.get('maximize') === true;
    for (const pv of (g.get('params') as PyList).items) {
      const p = (pv as PyInstance).native as Tensor;
      let d = gradOf(p);
      if (!d) continue;
      if (maximize) d = EL.mul(d, EL.pyInt(-1));
      if (wd !== 0) d = EL.add(d, p, { alpha: EL.pyFloat(wd) });
      if (momentum !== 0) {
        const s = st.state.get(p) ?? {};
        st.state.set(p, s);
        if (!s.momentum_buffer) s.momentum_buffer = SH.clone(d);
        else s.momentum_buffer = EL.add(EL.mul(s.momentum_buffer, EL.pyFloat(momentum)), d, { alpha: EL.pyFloat(1 - dampening) });
        d = nesterov ? EL.add(d, s.momentum_buffer, { alpha: EL.pyFloat(momentum) }) : s.momentum_buffer;
      }
      EL.copy_(p, EL.add(p, d as Tensor, { alpha: EL.pyFloat(-lr) }));
    }
  }
}

// ---------------------------------------------------------------- Adam / AdamW

function adamStep(st: OptState): void {
  for (const g of st.groups.items as PyDict[]) {
    const lr = num(g.get('lr')!, 'lr');
    const betas = toArray(g.get('betas')!).map(b => num(b, 'betas'));
    const [b1, b2] = betas;
    const eps = num(g.get('eps')!, 'eps');
    const wd = num(g.get('weight_decay')!, 'weight_decay');
    const amsgrad = g.get('amsgrad') === true;
    const maximize = g.get('maximize') === true;
    const decoupled = g.get('decoupled_weight_decay') === true;
    for (const pv of (g.get('params') as PyList).items) {
      const p = (pv as PyInstance).native as Tensor;
      const gr = gradOf(p);
      if (!gr) continue;
      const r = F32(p);
      let s = st.state.get(p);
      if (!s) {
        s = { step: 0, exp_avg: new Float64Array(p.numel), exp_avg_sq: new Float64Array(p.numel), max_sq: new Float64Array(p.numel) };
        st.state.set(p, s);
      }
      s.step += 1;
      const P = flat(p);
      const G = flat(gr);
      const m = s.exp_avg as Float64Array;
      const v = s.exp_avg_sq as Float64Array;
      const bc1 = 1 - Math.pow(b1, s.step);
      const bc2 = 1 - Math.pow(b2, s.step);
      const stepSize = r(-(lr / bc1)); // addcdiv's value, cast to the tensor dtype
      const bc2s = r(Math.sqrt(bc2));
      const w1 = r(1 - b1);
      const fb2 = r(b2);
      const c2 = r(1 - b2);
      const feps = r(eps);
      const decay = r(1 - lr * wd);
      for (let i = 0; i < P.n; i++) {
        let pi = P.data[P.off + i];
        let gi = G.data[G.off + i];
        if (maximize) gi = -gi;
        if (wd !== 0) {
          if (decoupled) pi = r(pi * decay); // AdamW: param.mul_(1 - lr * wd)
          else gi = r(gi + r(r(wd) * pi)); // Adam: grad.add(param, alpha=wd)
        }
        // exp_avg.lerp_(grad, 1 - beta1); exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        m[i] = w1 < 0.5 ? r(m[i] + r(w1 * r(gi - m[i]))) : r(gi - r(r(gi - m[i]) * r(1 - w1)));
        v[i] = r(r(v[i] * fb2) + r(r(c2 * gi) * gi));
        let sq = v[i];
        if (amsgrad) {
          s.max_sq[i] = Math.max(s.max_sq[i], v[i]);
          sq = s.max_sq[i];
        }
        // denom = (exp_avg_sq.sqrt() / sqrt(bc2)).add_(eps); param.addcdiv_(exp_avg, denom, value=-step_size)
        const denom = r(r(r(Math.sqrt(sq)) / bc2s) + feps);
        P.data[P.off + i] = r(pi + r(r(stepSize * m[i]) / denom));
      }
    }
  }
}

// ---------------------------------------------------------------- LBFGS

/** All gradients of the group as one flat float tensor (zeros for params without one). */
function flatGrad(params: Tensor[]): Tensor {
  const n = params.reduce((s, p) => s + p.numel, 0);
  const out = Tensor.empty([n], params[0].dtype);
  let o = 0;
  for (const p of params) {
    const g = gradOf(p);
    if (g) {
      const G = flat(g);
      for (let i = 0; i < p.numel; i++) out.storage[o + i] = G.data[G.off + i];
    }
    o += p.numel;
  }
  return out;
}

const dot = (a: Tensor, b: Tensor): number => LA.dot(a, b).at(0);
const absMax = (t: Tensor): number => {
  let m = 0;
  for (let i = 0; i < t.numel; i++) m = Math.max(m, Math.abs(t.storage[i]));
  return m;
};
const absSum = (t: Tensor): number => {
  // float32 sum like torch's abs().sum() on the short vectors LBFGS sees
  const r = F32(t);
  let s = 0;
  for (let i = 0; i < t.numel; i++) s = r(s + Math.abs(t.storage[i]));
  return s;
};
const axpy = (y: Tensor, x: Tensor, alpha: number): Tensor => EL.add(y, x, { alpha: EL.pyFloat(alpha) });

function* lbfgsStep(st: OptState, closure: PyValue): Generator<any, PyValue, any> {
  if (closure === null) throw pyErr('RuntimeError', 'LBFGS requires a closure: optimizer.step(closure)');
  const group = (st.groups.items as PyDict[])[0];
  const params = ((group.get('params') as PyList).items as PyInstance[]).map(p => p.native as Tensor);
  const lr = num(group.get('lr')!, 'lr');
  const maxIter = num(group.get('max_iter')!, 'max_iter');
  const maxEvalV = group.get('max_eval');
  const maxEval = maxEvalV === null || maxEvalV === undefined ? Math.floor((maxIter * 5) / 4) : num(maxEvalV, 'max_eval');
  const tolGrad = num(group.get('tolerance_grad')!, 'tolerance_grad');
  const tolChange = num(group.get('tolerance_change')!, 'tolerance_change');
  const historySize = num(group.get('history_size')!, 'history_size');
  if (group.get('line_search_fn') !== null) {
    throw pyErr('NotImplementedError', "LBFGS(line_search_fn='strong_wolfe') is not supported in this kernel; use line_search_fn=None");
  }
  const r = F32(params[0]);
  const key = params[0];
  const s: Record<string, any> = st.state.get(key) ?? { func_evals: 0, n_iter: 0 };
  st.state.set(key, s);

  const evaluate = function* (): Generator<any, PyValue, any> {
    const prev = isGradEnabled();
    setGradEnabled(true);
    try {
      return yield* call(closure, [], null);
    } finally {
      setGradEnabled(prev);
    }
  };
  const origLoss = yield* evaluate();
  let loss = num(origLoss, 'closure() result');
  let currentEvals = 1;
  s.func_evals += 1;
  let g = flatGrad(params);
  let optCond = absMax(g) <= tolGrad;
  if (optCond) return origLoss;

  let d: Tensor = s.d;
  let t: number = s.t;
  let oldDirs: Tensor[] = s.old_dirs;
  let oldStps: Tensor[] = s.old_stps;
  let ro: number[] = s.ro;
  let hDiag: number = s.H_diag;
  let prevG: Tensor | null = s.prev_flat_grad ?? null;
  let prevLoss: number = s.prev_loss;
  let nIter = 0;
  while (nIter < maxIter) {
    nIter++;
    s.n_iter++;
    if (s.n_iter === 1) {
      d = EL.mul(g, EL.pyInt(-1));
      oldDirs = [];
      oldStps = [];
      ro = [];
      hDiag = 1;
    } else {
      const y = EL.sub(g, prevG!);
      const sv = EL.mul(d, EL.pyFloat(t));
      const ys = dot(y, sv);
      if (ys > 1e-10) {
        if (oldDirs.length === historySize) {
          oldDirs.shift();
          oldStps.shift();
          ro.shift();
        }
        oldDirs.push(y);
        oldStps.push(sv);
        ro.push(r(1 / ys));
        hDiag = r(ys / dot(y, y));
      }
      const al: number[] = new Array(oldDirs.length);
      let q = EL.mul(g, EL.pyInt(-1));
      for (let i = oldDirs.length - 1; i >= 0; i--) {
        al[i] = r(dot(oldStps[i], q) * ro[i]);
        q = axpy(q, oldDirs[i], -al[i]);
      }
      let rr = EL.mul(q, EL.pyFloat(hDiag));
      for (let i = 0; i < oldDirs.length; i++) {
        const be = r(dot(oldDirs[i], rr) * ro[i]);
        rr = axpy(rr, oldStps[i], r(al[i] - be));
      }
      d = rr;
    }
    prevG = SH.clone(g);
    prevLoss = loss;
    // step length: the first iteration scales by the gradient's size
    if (s.n_iter === 1) {
      const inv = r(1 / absSum(g));
      t = inv < 1 ? r(inv * r(lr)) : lr;
    } else {
      t = lr;
    }
    const gtd = dot(g, d);
    if (gtd > -tolChange) break;
    let lsEvals = 0;
    // no line search: a fixed step along d
    let o = 0;
    for (const p of params) {
      const part = SH.reshape(SH.narrow(d, 0, o, p.numel), p.shape);
      EL.copy_(p, axpy(p, part, t));
      o += p.numel;
    }
    if (nIter !== maxIter) {
      loss = num(yield* evaluate(), 'closure() result');
      g = flatGrad(params);
      optCond = absMax(g) <= tolGrad;
      lsEvals = 1;
    }
    currentEvals += lsEvals;
    s.func_evals += lsEvals;
    if (nIter === maxIter) break;
    if (currentEvals >= maxEval) break;
    if (optCond) break;
    if (absMax(EL.mul(d, EL.pyFloat(t))) <= tolChange) break;
    if (Math.abs(loss - prevLoss) < tolChange) break;
  }
  Object.assign(s, { d, t, old_dirs: oldDirs, old_stps: oldStps, ro, H_diag: hDiag, prev_flat_grad: prevG, prev_loss: prevLoss });
  return origLoss;
}

// ---------------------------------------------------------------- classes

const OptimizerClass: PyClass = nativeClass('Optimizer', 'torch.optim.optimizer');

function stateOf(self: PyValue): OptState {
  const st = (self as PyInstance).native as OptState | undefined;
  if (!st || !st.groups) throw pyErr('RuntimeError', 'optimizer is not initialized');
  return st;
}

OptimizerClass.dict.set('zero_grad', fn('zero_grad', 'self, set_to_none=True', (self, none) => {
  for (const g of stateOf(self).groups.items as PyDict[]) {
    for (const p of (g.get('params') as PyList).items) {
      const t = (p as PyInstance).native as Tensor;
      if (!t.grad) continue;
      if (none === false) t.grad.storage.fill(0);
      else t.grad = null;
    }
  }
  return null;
}));
OptimizerClass.dict.set('__repr__', fn('__repr__', 'self', self => {
  const st = stateOf(self);
  const lines = [`${st.kind} (`];
  (st.groups.items as PyDict[]).forEach((g, i) => {
    lines.push(`Parameter Group ${i}`);
    const keys = g.keys().filter(k => k !== 'params').map(String).sort();
    for (const k of keys) lines.push(`    ${k}: ${repr(g.get(k)!)}`);
  });
  lines.push(')');
  return lines.join('\n');
}));

function optimizerClass(
  kind: string,
  sig: string,
  defaults: (args: PyValue[]) => Hyper,
  check: (h: Hyper) => void,
  step: (st: OptState, closure: PyValue) => Generator<any, PyValue, any>
): PyClass {
  const cls = nativeClass(kind, `torch.optim.${kind.toLowerCase()}`, OptimizerClass);
  installPlainNew(cls);
  cls.dict.set('__init__', fn('__init__', 'self, params, ' + sig, (self, params, ...rest) => {
    const h = defaults(rest);
    check(h);
    const st: OptState = { kind, groups: makeGroups(params, h, kind), state: new Map() };
    (self as PyInstance).native = st;
    (self as PyInstance).dict.set('param_groups', st.groups);
    (self as PyInstance).dict.set('defaults', PyDict.from(Object.entries(h)));
    return null;
  }));
  cls.dict.set('step', genFn('step', 'self, closure=None', function* (self, closure) {
    return yield* step(stateOf(self), closure);
  }));
  return cls;
}

function* withClosure(closure: PyValue, update: () => void): Generator<any, PyValue, any> {
  let loss: PyValue = null;
  if (closure !== null) {
    const prev = isGradEnabled();
    setGradEnabled(true);
    try {
      loss = yield* call(closure, [], null);
    } finally {
      setGradEnabled(prev);
    }
  }
  const prev = isGradEnabled();
  setGradEnabled(false);
  try {
    update();
  } finally {
    setGradEnabled(prev);
  }
  return loss;
}

const nonNeg = (h: Hyper, k: string, label = k): void => {
  if (num(h[k], k) < 0) throw pyErr('ValueError', `Invalid ${label}: ${repr(h[k])}`);
};

const SGD = optimizerClass(
  'SGD',
  'lr=0.001, momentum=0, dampening=0, weight_decay=0, nesterov=False, *, maximize=False, foreach=None, differentiable=False, fused=None',
  ([lr, momentum, dampening, wd, nesterov, maximize, foreach, differentiable, fused]) => ({
    lr, momentum, dampening, weight_decay: wd, nesterov, maximize, foreach, differentiable, fused
  }),
  h => {
    nonNeg(h, 'lr', 'learning rate');
    nonNeg(h, 'momentum', 'momentum value');
    nonNeg(h, 'weight_decay', 'weight_decay value');
    if (h.nesterov === true && (num(h.momentum, 'momentum') <= 0 || num(h.dampening, 'dampening') !== 0)) {
      throw pyErr('ValueError', 'Nesterov momentum requires a momentum and zero dampening');
    }
  },
  (st, closure) => withClosure(closure, () => sgdStep(st))
);

function adamLike(kind: 'Adam' | 'AdamW', wdDefault: string): PyClass {
  return optimizerClass(
    kind,
    // betas default (0.9, 0.999): the signature parser takes no tuple defaults
    `lr=0.001, betas=None, eps=1e-08, weight_decay=${wdDefault}, amsgrad=False, *, foreach=None, maximize=False, capturable=False, differentiable=False, fused=None, decoupled_weight_decay=${kind === 'AdamW' ? 'True' : 'False'}`,
    ([lr, betas, eps, wd, amsgrad, foreach, maximize, capturable, differentiable, fused, decoupled]) => ({
      lr, betas: betas ?? new PyTuple([0.9, 0.999]), eps, weight_decay: wd, amsgrad, foreach, maximize, capturable, differentiable, fused,
      decoupled_weight_decay: decoupled
    }),
    h => {
      nonNeg(h, 'lr', 'learning rate');
      nonNeg(h, 'eps', 'epsilon value');
      const b = toArray(h.betas).map(v => num(v, 'betas'));
      if (!(b[0] >= 0 && b[0] < 1)) throw pyErr('ValueError', `Invalid beta parameter at index 0: ${b[0]}`);
      if (!(b[1] >= 0 && b[1] < 1)) throw pyErr('ValueError', `Invalid beta parameter at index 1: ${b[1]}`);
      nonNeg(h, 'weight_decay', 'weight_decay value');
    },
    (st, closure) => withClosure(closure, () => adamStep(st))
  );
}

const LBFGS = optimizerClass(
  'LBFGS',
  'lr=1, max_iter=20, max_eval=None, tolerance_grad=1e-07, tolerance_change=1e-09, history_size=100, line_search_fn=None',
  ([lr, maxIter, maxEval, tg, tc, hs, ls]) => ({
    lr, max_iter: maxIter, max_eval: maxEval ?? BigInt(Math.floor((num(maxIter, 'max_iter') * 5) / 4)),
    tolerance_grad: tg, tolerance_change: tc, history_size: hs, line_search_fn: ls
  }),
  h => {
    nonNeg(h, 'lr', 'learning rate');
  },
  function* (st, closure) {
    if ((st.groups.items as PyDict[]).length !== 1) {
      throw pyErr('ValueError', "LBFGS doesn't support per-parameter options (parameter groups)");
    }
    const prev = isGradEnabled();
    setGradEnabled(false); // the parameter updates are not recorded
    try {
      return yield* lbfgsStep(st, closure);
    } finally {
      setGradEnabled(prev);
    }
  }
);

/** The torch.optim module. */
export function buildOptim(): PyModule {
  return makeModule('torch.optim', {
    Optimizer: OptimizerClass,
    SGD,
    Adam: adamLike('Adam', '0'),
    AdamW: adamLike('AdamW', '0.01'),
    LBFGS
  });
}
