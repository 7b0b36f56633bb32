/**
 * Calls over the torch surface with random shapes, dtypes and kwargs: shape and
 * dtype mismatches for every op. Tensors stay small (≤ 4^4 elements) so an
 * op never runs long; the cells end with the result's repr (printing too).
 */
import type { Rng } from './rng';

const DTYPES = ['torch.float32', 'torch.float64', 'torch.int64', 'torch.int32', 'torch.bool', 'torch.float16', 'torch.bfloat16'];

// name → how many tensor arguments it takes (functions of torch / F, and Tensor methods)
const TORCH_FNS: [string, number][] = [
  ['softmax', 1], ['log_softmax', 1], ['sum', 1], ['mean', 1], ['max', 1], ['min', 1], ['amax', 1], ['amin', 1],
  ['argmax', 1], ['argmin', 1], ['prod', 1], ['std', 1], ['var', 1], ['logsumexp', 1], ['cumsum', 1], ['topk', 1],
  ['sort', 1], ['argsort', 1], ['allclose', 2], ['isclose', 2], ['equal', 2], ['where', 3], ['maximum', 2],
  ['minimum', 2], ['clamp', 1], ['clip', 1], ['exp', 1], ['log', 1], ['log1p', 1], ['expm1', 1], ['sqrt', 1],
  ['abs', 1], ['neg', 1], ['sigmoid', 1], ['tanh', 1], ['relu', 1], ['isnan', 1], ['isinf', 1], ['isfinite', 1],
  ['nan_to_num', 1], ['matmul', 2], ['mm', 2], ['reshape', 1], ['flatten', 1], ['squeeze', 1], ['unsqueeze', 1],
  ['transpose', 1], ['permute', 1], ['t', 1], ['zeros_like', 1], ['ones_like', 1], ['full_like', 1], ['add', 2],
  ['sub', 2], ['mul', 2], ['div', 2], ['pow', 2], ['remainder', 2], ['floor_divide', 2], ['eq', 2], ['lt', 2],
  ['masked_fill', 2], ['cat', -1], ['stack', -1], ['numel', 1], ['is_tensor', 1], ['round', 1], ['floor', 1]
];
const F_FNS: [string, number][] = [
  ['softmax', 1], ['log_softmax', 1], ['softmin', 1], ['gumbel_softmax', 1], ['one_hot', 1], ['cross_entropy', 2],
  ['nll_loss', 2], ['binary_cross_entropy', 2], ['binary_cross_entropy_with_logits', 2], ['kl_div', 2],
  ['sigmoid', 1], ['logsigmoid', 1], ['relu', 1], ['mse_loss', 2]
];
const METHODS = [
  'softmax', 'log_softmax', 'sum', 'mean', 'max', 'min', 'argmax', 'view', 'reshape', 'expand', 'repeat', 'item',
  'tolist', 'float', 'long', 'bool', 'int', 'double', 'half', 'to', 'masked_fill', 'clamp', 'squeeze', 'unsqueeze',
  'transpose', 'permute', 'contiguous', 'size', 'dim', 'numel', 'topk', 'sort', 'cumsum', 'exp', 'log', 'pow',
  'matmul', 'gather', 'index_select', 'eq', 'all', 'any', 'std', 'var', 'backward', 'detach', 'clone', 'flip',
  'chunk', 'split', 'abs', 'sigmoid', 'nan_to_num', 'isclose', 'new_zeros', 'type_as', 'fill_', 'add_', 'mul_'
];
const CREATE = [
  'zeros', 'ones', 'empty', 'rand', 'randn', 'randint', 'arange', 'linspace', 'eye', 'full', 'tensor', 'logspace'
];
const KWARGS = [
  'dim', 'keepdim', 'dtype', 'reduction', 'weight', 'ignore_index', 'label_smoothing', 'k', 'largest', 'sorted',
  'min', 'max', 'value', 'mask', 'num_classes', 'tau', 'hard', 'unbiased', 'correction', 'descending', 'stable',
  'nan', 'posinf', 'requires_grad', 'out', 'input', 'beta', 'bogus', 'dims', 'target', 'log_target', 'pos_weight'
];
const OPS = ['+', '-', '*', '/', '//', '%', '**', '@', '<', '==', '&', '|', '^', '>', '!='];

function shape(r: Rng): number[] {
  return Array.from({ length: r.int(0, 4) }, () => r.pick([0, 1, 1, 2, 3, 4]));
}

function scalar(r: Rng): string {
  return r.pick(['0', '1', '-1', '2', '0.5', "float('nan')", "float('inf')", '-3.5', 'True', 'None', '2**63', '1e308', "'a'", '[1, 2]', '(2, 3)']);
}

function tensor(r: Rng): string {
  const s = shape(r);
  const dt = r.pick(DTYPES);
  switch (r.int(0, 6)) {
    case 0: return `torch.randn(${s.join(', ')}${s.length ? ', ' : ''}dtype=${r.pick(['torch.float32', 'torch.float64'])})`;
    case 1: return `torch.randint(-3, 5, (${s.join(', ')}${s.length === 1 ? ',' : ''}), dtype=${r.pick(['torch.int64', 'torch.int32'])})`;
    case 2: return `torch.zeros(${s.join(', ')}).to(${dt})`;
    case 3: return `torch.tensor(${nested(r, s)})`;
    case 4: return `torch.arange(${s.reduce((a, b) => a * b, 1)}).reshape(${s.join(', ') || '()'}).to(${dt})`;
    case 5: return `torch.full((${s.join(', ')}${s.length === 1 ? ',' : ''}), ${scalar(r)})`;
    default: return `torch.ones(${s.join(', ')}, dtype=${dt}, requires_grad=${r.pick(['True', 'False'])})`;
  }
}

function nested(r: Rng, s: number[]): string {
  if (s.length === 0) return r.pick(['1', '-2.5', 'True', "float('nan')", '7', '0']);
  const ragged = r.chance(0.05);
  return `[${Array.from({ length: s[0] + (ragged ? 1 : 0) }, (_, i) => nested(r, ragged && i === 0 ? s.slice(2) : s.slice(1))).join(', ')}]`;
}

function arg(r: Rng): string {
  return r.chance(0.7) ? r.pick(['a', 'b', 'c']) : r.chance(0.5) ? scalar(r) : tensor(r);
}

function kwarg(r: Rng): string {
  const k = r.pick(KWARGS);
  const v = r.pick([String(r.int(-5, 5)), 'True', 'False', 'None', r.pick(DTYPES), "'mean'", "'sum'", "'none'", "'bogus'", 'a', 'b', '0.1', '-0.5', '(0, 1)', '[1]', "float('nan')"]);
  return `${k}=${v}`;
}

function call(r: Rng, prefix: string, name: string, nt: number): string {
  const args: string[] = [];
  if (nt < 0) args.push(`[${Array.from({ length: r.int(0, 3) }, () => arg(r)).join(', ')}]`);
  else for (let i = 0; i < nt + r.int(-1, 1); i++) args.push(arg(r));
  for (let i = r.int(0, 2); i > 0; i--) args.push(r.chance(0.5) ? String(r.int(-5, 5)) : kwarg(r));
  return `${prefix}${name}(${args.join(', ')})`;
}

function index(r: Rng): string {
  return r.pick(['0', '-1', '5', ':', '::2', '1:', 'None', '...', 'a > 0', 'b', '[0, 1]', 'torch.tensor([0, 0])', '0, 0', ':, -1', '..., None', '2**40', "'x'", '1.5', 'True']);
}

export function torchProgram(r: Rng): string {
  const lines = ['import torch', 'import torch.nn.functional as F', 'import torch.nn as nn'];
  lines.push(`a = ${tensor(r)}`, `b = ${r.chance(0.3) ? 'a' : tensor(r)}`, `c = ${r.chance(0.5) ? scalar(r) : tensor(r)}`);
  const n = r.int(1, 3);
  for (let i = 0; i < n; i++) {
    let e: string;
    switch (r.int(0, 7)) {
      case 0:
      case 1: { const [f, k] = r.pick(TORCH_FNS); e = call(r, 'torch.', f, k); break; }
      case 2: { const [f, k] = r.pick(F_FNS); e = call(r, 'F.', f, k); break; }
      case 3: e = call(r, `${r.pick(['a', 'b'])}.`, r.pick(METHODS), r.int(0, 2)); break;
      case 4: e = `${arg(r)} ${r.pick(OPS)} ${arg(r)}`; break;
      case 5: e = `a[${index(r)}]`; break;
      case 6: e = call(r, 'torch.', r.pick(CREATE), r.int(0, 2)); break;
      default: e = `${r.pick(['nn.Softmax', 'nn.LogSoftmax', 'nn.CrossEntropyLoss', 'nn.Softmin', 'nn.Softmax2d', 'nn.NLLLoss', 'nn.Sigmoid', 'nn.BCEWithLogitsLoss'])}(${r.chance(0.5) ? kwarg(r) : ''})(${arg(r)}${r.chance(0.5) ? ', ' + arg(r) : ''})`;
    }
    lines.push(i === n - 1 ? e : `r${i} = ${e}`);
  }
  if (r.chance(0.2)) lines.splice(lines.length - 1, 0, `a[${index(r)}] = ${arg(r)}`);
  return lines.join('\n');
}
