/**
 * Autograd and torch.optim beyond what the PyTorch-generated corpus cases
 * (test/fixtures/corpus_own/own_autograd_*.py) print: the limits of this
 * kernel's autograd fail with clear Python errors, and gradients agree with
 * central finite differences computed in float64 on ops the corpus does not use.
 */
import { Session } from '../../src/lang';
import { error, out, run } from './helpers';

describe('autograd limits give clear errors and the session lives on', () => {
  test('an op without a derivative names itself', () => {
    const s = new Session();
    expect(error('import torch\nx = torch.tensor([3.0, 1.0, 2.0], requires_grad=True)\ntorch.sort(x).values.sum().backward()', s)).toBe(
      "NotImplementedError: the derivative for 'SortBackward0' is not implemented in this kernel"
    );
    expect(out('print((x * 2).sum())', s)).toBe('tensor(12., grad_fn=<SumBackward0>)\n');
  });

  test('in-place ops inside the graph are refused at backward, not silently wrong', () => {
    const r = run('import torch\nx = torch.tensor([1.0, 2.0], requires_grad=True)\ny = x * 2\ny += 1\ny.sum().backward()');
    expect(r.ename).toBe('NotImplementedError');
    expect(r.evalue).toContain('in-place');
  });

  test('create_graph and LBFGS line search say they are not supported', () => {
    expect(error('import torch\nx = torch.ones(1, requires_grad=True)\n(x * x).sum().backward(create_graph=True)')).toMatch(/^NotImplementedError: create_graph=True/);
    expect(
      error("import torch\nx = torch.ones(1, requires_grad=True)\nopt = torch.optim.LBFGS([x], line_search_fn='strong_wolfe')\nopt.step(lambda: (x * x).sum())")
    ).toMatch(/^NotImplementedError: LBFGS\(line_search_fn='strong_wolfe'\)/);
  });

  test('optimizers reject what PyTorch rejects', () => {
    expect(error('import torch\ntorch.optim.SGD([], lr=0.1)')).toBe('ValueError: optimizer got an empty parameter list');
    expect(error('import torch\nx = torch.ones(2, requires_grad=True)\ntorch.optim.SGD([x * 2], lr=0.1)')).toBe("ValueError: can't optimize a non-leaf Tensor");
    expect(error('import torch\nx = torch.ones(2, requires_grad=True)\ntorch.optim.SGD([x], lr=-1)')).toBe('ValueError: Invalid learning rate: -1');
    expect(error('import torch\nx = torch.ones(2, requires_grad=True)\ntorch.optim.Adam([x], betas=(1.0, 0.9))')).toBe('ValueError: Invalid beta parameter at index 0: 1');
    expect(error('import torch\nx = torch.ones(2, requires_grad=True)\ntorch.optim.LBFGS([x]).step()')).toMatch(/^RuntimeError: LBFGS requires a closure/);
  });

  test('retain_grad keeps a non-leaf gradient', () => {
    expect(out('import torch\nx = torch.tensor([1.0, 2.0], requires_grad=True)\ny = x * 3\ny.retain_grad()\n(y * y).sum().backward()\nprint(y.grad, x.grad)')).toBe(
      'tensor([ 6., 12.]) tensor([18., 36.])\n'
    );
  });
});

/** Central differences in float64 for f: R^n → R given as cell code over `x`. */
function checkGradient(expr: string, x: number[]): void {
  const s = new Session();
  const fmt = (v: number[]): string => `[${v.map(n => n.toPrecision(17)).join(', ')}]`;
  const ag = out(
    `import torch\nimport torch.nn.functional as F\nx = torch.tensor(${fmt(x)}, dtype=torch.float64, requires_grad=True)\n(${expr}).backward()\nprint(' '.join(repr(v) for v in x.grad.tolist()))`,
    s
  )
    .trim()
    .split(' ')
    .map(Number);
  const h = 1e-6;
  x.forEach((_, i) => {
    const at = (d: number): number => {
      const xs = x.slice();
      xs[i] += d;
      return Number(out(`x = torch.tensor(${fmt(xs)}, dtype=torch.float64)\nprint(repr(float(${expr})))`, s));
    };
    const num = (at(h) - at(-h)) / (2 * h);
    expect(Math.abs(ag[i] - num)).toBeLessThan(1e-6 * Math.max(1, Math.abs(num)));
  });
}

describe('gradients agree with finite differences (float64)', () => {
  const x = [0.3, -1.2, 2.5, 0.7, -0.4, 1.1];
  test.each([
    ['softmin over a 2-D view', 'F.softmin(x.view(2, 3), dim=1)[:, 0].sum()'],
    ['log_softmax dim 0 with a transpose', 'F.log_softmax(x.view(3, 2).t(), dim=0).pow(2).sum()'],
    ['logsumexp keepdim', '(torch.logsumexp(x.view(2, 3), dim=1, keepdim=True) * torch.tensor([[1.0], [2.0]], dtype=torch.float64)).sum()'],
    ['mean over a dim, division by a tensor', '(x.view(2, 3).mean(dim=0) / (x[:3] ** 2 + 1)).sum()'],
    ['cross entropy with weights, smoothing and ignore_index', "F.cross_entropy(x.view(2, 3), torch.tensor([2, 0]), weight=torch.tensor([1.0, 0.5, 2.0], dtype=torch.float64), label_smoothing=0.2)"],
    ['nll_loss sum with ignore_index', "F.nll_loss(F.log_softmax(x.view(3, 2), 1), torch.tensor([1, -100, 0]), reduction='sum')"],
    ['matmul batched', '(x.view(1, 2, 3) @ x.view(3, 2)).tanh().sum()'],
    ['sigmoid, exp, log1p, sqrt', '(torch.sigmoid(x) * x.exp()).sum() + torch.log1p(x.abs()).sum() + (x * x + 1).sqrt().sum()'],
    ['cat, where, clamp, expand', 'torch.cat([x, x.clamp(-1, 1)]).sum() + torch.where(x > 0, x, -x * 3).sum() + x[:2].unsqueeze(1).expand(2, 4).pow(3).sum()'],
    ['mse and permute', 'F.mse_loss(x.view(1, 2, 3).permute(2, 0, 1), torch.ones(3, 1, 2, dtype=torch.float64))'],
    ['F.linear with bias', 'F.linear(x.view(2, 3), x.view(2, 3) * 0.5, x[:2]).sum()']
  ])('%s', (_name, expr) => checkGradient(expr, x));
});
