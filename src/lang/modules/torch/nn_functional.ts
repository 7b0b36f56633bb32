/**
 * torch.nn.functional. These are Python functions in PyTorch, so they bind
 * arguments with Python's rules and messages (`softmax() got an unexpected
 * keyword argument 'axis'`), unlike the torch.* natives.
 */
import { PyValue, PyModule, fn, makeModule, pyErr, typeName } from '../../native';
import { Tensor } from '../../../engine';
import * as SM from '../../../engine/softmax';
import * as LS from '../../../engine/losses';
import * as UN from '../../../engine/unary';
import * as SE from '../../../engine/select';
import * as LA from '../../../engine/linalg';
import * as EL from '../../../engine/elementwise';
import * as RD from '../../../engine/reduce';
import * as RN from '../../../engine/random';
import { isTensor, track, wrap } from './core';
import { intArg, floatArg, boolArg, dtypeArg, optTensor, strArg } from './args';
import { out } from './functions';
import { docOf } from './docs';
import * as ACT from './activations';

/** A tensor argument of an F.* function; PyTorch fails with an AttributeError on the missing method. */
function tensorIn(v: PyValue, method: string): Tensor {
  if (isTensor(v)) return v.native as Tensor;
  throw pyErr('AttributeError', `'${typeName(v)}' object has no attribute '${method}'`);
}

/** F.softmax & co.: dim=None takes the implicit-dim path (with its warning). */
function softmaxLike(name: 'softmax' | 'log_softmax' | 'softmin'): PyValue {
  const impl = name === 'softmax' ? SM.softmax : name === 'log_softmax' ? SM.logSoftmax : SM.softmin;
  const gf = name === 'log_softmax' ? 'LogSoftmaxBackward0' : 'SoftmaxBackward0';
  return fn(name, 'input, dim=None, _stacklevel=3, dtype=None', (x, dim, _s, dtype) => {
    const X = tensorIn(x, name === 'softmin' ? 'softmin' : name);
    const d = dim === null ? SM.implicitSoftmaxDim(name, X.ndim) : intArg(dim, name, 'dim', 1);
    return out(impl(X, d, { dtype: dtypeArg(dtype, name) }), [X], gf, { dim: d, negate: name === 'softmin' });
  }, { doc: docOf('F.' + name) || docOf(name) });
}

/** size_average/reduce (deprecated) override `reduction`, with PyTorch's warning. */
function reductionOf(sizeAverage: PyValue, reduce: PyValue, reduction: PyValue): string {
  if (sizeAverage !== null || reduce !== null) {
    return LS.legacyReduction(sizeAverage === null ? null : sizeAverage === true, reduce === null ? null : reduce === true);
  }
  return strArg(reduction, 'loss', 'reduction');
}

function target(v: PyValue, fname: string): Tensor {
  if (isTensor(v)) return v.native as Tensor;
  throw pyErr('TypeError', `${fname}(): argument 'target' (position 2) must be Tensor, not ${typeName(v)}`);
}

export const crossEntropy = fn(
  'cross_entropy',
  "input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0",
  (x, t, w, sa, ii, rd, red, ls) => {
    const X = tensorIn(x, 'log_softmax');
    const opts = {
      weight: optTensor(w, 'cross_entropy', 'weight'),
      ignore_index: intArg(ii, 'cross_entropy', 'ignore_index'),
      reduction: reductionOf(sa, rd, red),
      label_smoothing: floatArg(ls, 'cross_entropy', 'label_smoothing')
    };
    const T = target(t, 'cross_entropy');
    const r = LS.crossEntropy(X, T, opts);
    return out(r, [X], 'NllLossBackward0', { logSoftmax: true, target: T, weight: opts.weight, reduction: opts.reduction, ignoreIndex: opts.ignore_index, labelSmoothing: opts.label_smoothing });
  },
  { doc: docOf('cross_entropy') }
);

export const nllLoss = fn(
  'nll_loss',
  "input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'",
  (x, t, w, sa, ii, rd, red) => {
    const X = tensorIn(x, 'dim');
    const opts = {
      weight: optTensor(w, 'nll_loss', 'weight'),
      ignore_index: intArg(ii, 'nll_loss', 'ignore_index'),
      reduction: reductionOf(sa, rd, red)
    };
    const T = target(t, 'nll_loss');
    const r = LS.nllLoss(X, T, opts);
    return out(r, [X], 'NllLossBackward0', { target: T, weight: opts.weight, reduction: opts.reduction, ignoreIndex: opts.ignore_index });
  },
  { doc: docOf('nll_loss') }
);

export const bce = fn(
  'binary_cross_entropy',
  "input, target, weight=None, size_average=None, reduce=None, reduction='mean'",
  (x, t, w, sa, rd, red) => {
    const X = tensorIn(x, 'size');
    const r = LS.binaryCrossEntropy(X, target(t, 'binary_cross_entropy'), { weight: optTensor(w, 'binary_cross_entropy', 'weight'), reduction: reductionOf(sa, rd, red) });
    return out(r, [X], 'BinaryCrossEntropyBackward0');
  },
  { doc: docOf('binary_cross_entropy') }
);

export const bceLogits = fn(
  'binary_cross_entropy_with_logits',
  "input, target, weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None",
  (x, t, w, sa, rd, red, pw) => {
    const X = tensorIn(x, 'size');
    const r = LS.binaryCrossEntropyWithLogits(X, target(t, 'binary_cross_entropy_with_logits'), {
      weight: optTensor(w, 'binary_cross_entropy_with_logits', 'weight'),
      reduction: reductionOf(sa, rd, red),
      pos_weight: optTensor(pw, 'binary_cross_entropy_with_logits', 'pos_weight')
    });
    return out(r, [X], 'BinaryCrossEntropyWithLogitsBackward0');
  },
  { doc: docOf('binary_cross_entropy_with_logits') }
);

export const klDiv = fn(
  'kl_div',
  "input, target, size_average=None, reduce=None, reduction='mean', log_target=False",
  (x, t, sa, rd, red, lt) => {
    const X = tensorIn(x, 'dim');
    const reduction = sa !== null || rd !== null ? LS.legacyReduction(sa === null ? null : sa === true, rd === null ? null : rd === true) : strArg(red, 'kl_div', 'reduction');
    const r = LS.klDiv(X, target(t, 'kl_div'), { reduction, log_target: boolArg(lt, 'kl_div', 'log_target') });
    return out(r, [X], reduction === 'batchmean' ? 'DivBackward0' : reduction === 'none' ? 'SubBackward0' : reduction === 'sum' ? 'SumBackward0' : 'MeanBackward0');
  },
  { doc: docOf('kl_div') }
);

/** y = x @ W.T + b */
export const linear = fn('linear', 'input, weight, bias=None', (x, w, b) => {
  const X = tensorIn(x, 'matmul');
  if (!isTensor(w)) throw pyErr('TypeError', `linear(): argument 'weight' (position 2) must be Tensor, not ${typeName(w)}`);
  const W = w.native as Tensor;
  const B = optTensor(b, 'linear', 'bias');
  const WT = W.ndim === 2 ? new Tensor(W.storage, [W.shape[1], W.shape[0]], [W.strides[1], W.strides[0]], W.offset, W.dtype) : W;
  let r = LA.matmul(X, WT);
  if (B) r = EL.add(r, B);
  return out(r, [X, W, B], B ? 'AddmmBackward0' : 'MmBackward0', { linear: true });
}, { doc: docOf('linear') });

const normalize = fn('normalize', 'input, p=2.0, dim=1, eps=1e-12, out=None', (x, p, dim, eps) => {
  const X = tensorIn(x, 'norm');
  const n = RD.norm(X, { p: floatArg(p, 'normalize', 'p'), dim: intArg(dim, 'normalize', 'dim'), keepdim: true });
  const denom = SE.clamp_min(n, EL.pyFloat(floatArg(eps, 'normalize', 'eps')));
  return out(EL.div(X, denom), [X], 'DivBackward0');
}, { doc: docOf('normalize') });

const gumbelSoftmax = fn('gumbel_softmax', 'logits, tau=1, hard=False, eps=1e-10, dim=-1', (x, tau, hard, eps, dim) => {
  const X = tensorIn(x, 'exponential_');
  const gen = RN.defaultGenerator;
  const r = SM.gumbelSoftmax(
    X,
    { tau: floatArg(tau, 'gumbel_softmax', 'tau'), hard: boolArg(hard, 'gumbel_softmax', 'hard'), eps: floatArg(eps, 'gumbel_softmax', 'eps'), dim: intArg(dim, 'gumbel_softmax', 'dim') },
    SM.exponentialFromUniform(() => gen.uniformDouble())
  );
  return out(r, [X], hard === true ? 'AddBackward0' : 'SoftmaxBackward0');
}, { doc: docOf('gumbel_softmax') });

const oneHot = fn('one_hot', 'tensor, num_classes=-1', (x, n) => {
  if (!isTensor(x)) throw pyErr('TypeError', `one_hot(): argument 'input' (position 1) must be Tensor, not ${typeName(x)}`);
  return wrap(SE.one_hot(x.native as Tensor, intArg(n, 'one_hot', 'num_classes', 2)));
}, { doc: docOf('one_hot') });

const unaryF = (name: string, f: (t: Tensor) => Tensor, gf: string, method = name): PyValue =>
  fn(name, 'input', x => {
    const X = tensorIn(x, method);
    return out(f(X), [X], gf);
  }, { doc: docOf(name) });

const relu = fn('relu', 'input, inplace=False', (x, inplace) => {
  const X = tensorIn(x, 'relu');
  if (inplace === true) {
    UN.relu_(X);
    return x;
  }
  return out(UN.relu(X), [X], 'ReluBackward0');
}, { doc: docOf('relu') });

/**
 * Dropout in training mode: zero each element with probability p, scale the
 * rest by 1/(1-p). Our Bernoulli stream, not PyTorch's (its scalar bernoulli_
 * uses another generator path), so masks differ from PyTorch's.
 */
export function dropoutTensor(X: Tensor, p: number): Tensor {
  if (p < 0 || p > 1) throw pyErr('ValueError', `dropout probability has to be between 0 and 1, but got ${p}`);
  if (p === 1) return EL.mul(X, EL.pyFloat(0));
  const probs = Tensor.empty(X.shape, X.dtype.startsWith('float') || X.dtype === 'bfloat16' ? X.dtype : 'float32');
  probs.storage.fill(1 - p);
  return EL.mul(X, EL.div(RN.bernoulli(probs), EL.pyFloat(1 - p)));
}

const dropout = fn('dropout', 'input, p=0.5, training=True, inplace=False', (x, p, training) => {
  const X = tensorIn(x, 'dropout');
  const pv = floatArg(p, 'dropout', 'p');
  if (training !== true || pv === 0) return x;
  return out(dropoutTensor(X, pv), [X], 'MulBackward0');
});

/** leaky_relu / elu / gelu / silu / softplus (activations.ts). */
const act = (name: string, sig: string, gf: string, f: (X: Tensor, ...a: PyValue[]) => Tensor): PyValue =>
  fn(name, sig, (x, ...rest) => {
    const X = tensorIn(x, name);
    return out(f(X, ...rest), [X], gf);
  }, { doc: docOf(name) });
const leakyRelu = act('leaky_relu', 'input, negative_slope=0.01, inplace=False', 'LeakyReluBackward0', (X, s) =>
  ACT.leakyRelu(X, floatArg(s, 'leaky_relu', 'negative_slope')));
const eluF = act('elu', 'input, alpha=1.0, inplace=False', 'EluBackward0', (X, a) => ACT.elu(X, floatArg(a, 'elu', 'alpha')));
const geluF = act('gelu', "input, approximate='none'", 'GeluBackward0', (X, a) => {
  const mode = strArg(a, 'gelu', 'approximate');
  if (mode !== 'none' && mode !== 'tanh') throw pyErr('RuntimeError', `approximate argument must be either none or tanh.`);
  return ACT.gelu(X, mode);
});
const siluF = act('silu', 'input, inplace=False', 'SiluBackward0', X => ACT.silu(X));
const softplusF = act('softplus', 'input, beta=1.0, threshold=20.0', 'SoftplusBackward0', (X, b, t) =>
  ACT.softplus(X, floatArg(b, 'softplus', 'beta'), floatArg(t, 'softplus', 'threshold')));

export function buildFunctional(): PyModule {
  return makeModule('torch.nn.functional', {
    softmax: softmaxLike('softmax'),
    log_softmax: softmaxLike('log_softmax'),
    softmin: softmaxLike('softmin'),
    gumbel_softmax: gumbelSoftmax,
    sigmoid: unaryF('sigmoid', SM.logistic, 'SigmoidBackward0'),
    logsigmoid: unaryF('logsigmoid', SM.logsigmoid, 'LogSigmoidBackward0'),
    tanh: unaryF('tanh', UN.tanh, 'TanhBackward0'),
    relu,
    leaky_relu: leakyRelu,
    elu: eluF,
    gelu: geluF,
    silu: siluF,
    softplus: softplusF,
    cross_entropy: crossEntropy,
    nll_loss: nllLoss,
    binary_cross_entropy: bce,
    binary_cross_entropy_with_logits: bceLogits,
    kl_div: klDiv,
    one_hot: oneHot,
    normalize,
    linear,
    dropout,
    mse_loss: fn('mse_loss', "input, target, size_average=None, reduce=None, reduction='mean'", (x, t, sa, rd, red) => {
      const X = tensorIn(x, 'size');
      const d = EL.sub(X, target(t, 'mse_loss'));
      const sq = EL.mul(d, d);
      const r = reductionOf(sa, rd, red);
      const v = r === 'none' ? sq : r === 'sum' ? RD.sum(sq) : RD.mean(sq);
      return out(v, [X], 'MseLossBackward0', { target: target(t, 'mse_loss'), reduction: r });
    })
  });
}

export { track };
