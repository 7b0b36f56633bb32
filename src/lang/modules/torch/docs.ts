/**
 * Short docstrings with PyTorch's signatures, for help(), completion and
 * inspection (shift-tab). Only names whose native has no doc of its own.
 */
const DOCS: Record<string, string> = {
  softmax: 'softmax(input, dim, dtype=None) -> Tensor\n\nexp(x_i) / sum_j exp(x_j) along `dim`. `dim` is required.',
  log_softmax: 'log_softmax(input, dim, dtype=None) -> Tensor\n\nlog(softmax(x)) computed stably (x - logsumexp(x)).',
  logsumexp: 'logsumexp(input, dim, keepdim=False) -> Tensor\n\nlog(sum(exp(x))) along dim, computed stably.',
  sigmoid: 'sigmoid(input) -> Tensor\n\n1 / (1 + exp(-x)), elementwise.',
  tensor: 'tensor(data, *, dtype=None, device=None, requires_grad=False) -> Tensor\n\nBuilds a tensor from (nested) lists of numbers.',
  zeros: 'zeros(*size, *, dtype=None, requires_grad=False) -> Tensor',
  ones: 'ones(*size, *, dtype=None, requires_grad=False) -> Tensor',
  full: 'full(size, fill_value, *, dtype=None) -> Tensor',
  arange: 'arange(start=0, end, step=1, *, dtype=None) -> Tensor',
  linspace: 'linspace(start, end, steps, *, dtype=None) -> Tensor',
  eye: 'eye(n, m=None, *, dtype=None) -> Tensor',
  rand: 'rand(*size, *, dtype=None) -> Tensor\n\nUniform [0, 1) samples (seed with torch.manual_seed).',
  randn: 'randn(*size, *, dtype=None) -> Tensor\n\nStandard normal samples (seed with torch.manual_seed).',
  randint: 'randint(low=0, high, size, *, dtype=None) -> Tensor',
  manual_seed: 'manual_seed(seed) -> Generator\n\nSeeds the random number generator.',
  sum: 'sum(input, dim=None, keepdim=False, *, dtype=None) -> Tensor',
  mean: 'mean(input, dim=None, keepdim=False, *, dtype=None) -> Tensor',
  max: 'max(input, dim=None, keepdim=False)\n\nWithout dim: the largest element. With dim: torch.return_types.max(values, indices).',
  min: 'min(input, dim=None, keepdim=False)\n\nWithout dim: the smallest element. With dim: torch.return_types.min(values, indices).',
  argmax: 'argmax(input, dim=None, keepdim=False) -> LongTensor',
  argmin: 'argmin(input, dim=None, keepdim=False) -> LongTensor',
  topk: 'topk(input, k, dim=-1, largest=True, sorted=True) -> (values, indices)',
  sort: 'sort(input, dim=-1, descending=False, stable=False) -> (values, indices)',
  argsort: 'argsort(input, dim=-1, descending=False, stable=False) -> LongTensor',
  cat: 'cat(tensors, dim=0) -> Tensor',
  stack: 'stack(tensors, dim=0) -> Tensor',
  where: 'where(condition, input, other) -> Tensor',
  clamp: 'clamp(input, min=None, max=None) -> Tensor',
  matmul: 'matmul(input, other) -> Tensor\n\nMatrix product (the @ operator).',
  allclose: 'allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool',
  no_grad: 'no_grad()\n\nContext manager that disables gradient tracking.',
  set_printoptions: 'set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None)',
  is_tensor: 'is_tensor(obj) -> bool',
  cross_entropy:
    "cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0) -> Tensor\n\nlog_softmax + nll_loss. `target` holds class indices or class probabilities.",
  nll_loss: "nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean') -> Tensor",
  binary_cross_entropy: "binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction='mean') -> Tensor",
  binary_cross_entropy_with_logits:
    "binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None) -> Tensor",
  kl_div: "kl_div(input, target, size_average=None, reduce=None, reduction='mean', log_target=False) -> Tensor\n\n`input` holds log-probabilities.",
  'F.softmax':
    'softmax(input, dim=None, _stacklevel=3, dtype=None) -> Tensor\n\nexp(x_i) / sum_j exp(x_j) along `dim`. Without dim PyTorch picks one (dim 0 for 0-, 1- and 3-D input, else 1) and warns: always pass dim.',
  'F.log_softmax':
    'log_softmax(input, dim=None, _stacklevel=3, dtype=None) -> Tensor\n\nlog(softmax(x)) computed stably. Always pass dim.',
  softmin: 'softmin(input, dim=None, _stacklevel=3, dtype=None) -> Tensor\n\nsoftmax(-x).',
  gumbel_softmax: 'gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1) -> Tensor',
  one_hot: 'one_hot(tensor, num_classes=-1) -> LongTensor',
  logsigmoid: 'logsigmoid(input) -> Tensor\n\nlog(sigmoid(x)), computed stably.',
  relu: 'relu(input, inplace=False) -> Tensor',
  linear: 'linear(input, weight, bias=None) -> Tensor\n\ny = x @ weight.T + bias.',
  normalize: 'normalize(input, p=2.0, dim=1, eps=1e-12, out=None) -> Tensor'
};

export function docOf(name: string): string {
  return DOCS[name] ?? '';
}
