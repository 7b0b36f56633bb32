/**
 * torch.Tensor: attributes, methods, operators and protocols
 * Each case runs a cell through the Session and compares stdout with what real
 * PyTorch 2.13 printed for the same code (captured once; not run at test time).
 */
import { Session } from '../../src/lang';

const HEADER = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

const CASES: [string, string, string][] = [
  [
    "attributes",
    "x = torch.tensor([[1.0, 2.0, 3.0], [3.0, 1.0, 2.0]])\nprint(x.shape, x.dtype, x.ndim, x.device, x.requires_grad, x.grad, x.is_leaf)\nprint(x.size(), x.size(1), x.size(-1), x.dim(), x.numel(), len(x))\nprint(x.T)\nprint(type(x.shape).__name__, x.shape[1:], x.shape == (2, 3), list(x.shape))\n",
    "torch.Size([2, 3]) torch.float32 2 cpu False None True\ntorch.Size([2, 3]) 3 3 2 6 2\ntensor([[1., 3.],\n        [2., 1.],\n        [3., 2.]])\nSize torch.Size([3]) True [2, 3]\n"
  ],
  [
    "size_object",
    "s = torch.Size([2, 3])\nprint(s, len(s), s[0], s[-1], tuple(s), s.numel())\na, b = s\nprint(a + b, s + (4,))\nprint(torch.Size([]))\n",
    "torch.Size([2, 3]) 2 2 3 (2, 3) 6\n5 torch.Size([2, 3, 4])\ntorch.Size([])\n"
  ],
  [
    "item_tolist_float",
    "p = torch.tensor([0.1, 0.2])\nprint(p.tolist(), p[0].item(), float(p[1]), int(torch.tensor(2.9)))\nprint(torch.tensor([[1, 2], [3, 4]]).tolist(), torch.tensor(True).item())\n",
    "[0.10000000149011612, 0.20000000298023224] 0.10000000149011612 0.20000000298023224 2\n[[1, 2], [3, 4]] True\n"
  ],
  [
    "format_spec",
    "t = torch.tensor(0.40760600566864014)\nprint(f\"{t:.3f}\", f\"{t}\", \"{:>8.2f}\".format(t))\ntry:\n    f\"{torch.tensor([1.0]):.2f}\"\nexcept TypeError as e:\n    print(e)\n",
    "0.408 0.40760600566864014     0.41\nunsupported format string passed to Tensor.__format__\n"
  ],
  [
    "bool_len_iter_errors",
    "for f in [lambda: bool(torch.tensor([1.0, 2.0])), lambda: len(torch.tensor(1.0)), lambda: list(torch.tensor(1.0)), lambda: torch.tensor([1.0, 2.0]).item(), lambda: float(torch.tensor([1.0, 2.0]))]:\n    try:\n        f()\n    except Exception as e:\n        print(type(e).__name__, e)\nprint(bool(torch.tensor([0.0])), bool(torch.tensor(3)))\n",
    "RuntimeError Boolean value of Tensor with more than one value is ambiguous\nTypeError len() of a 0-d tensor\nTypeError iteration over a 0-d tensor\nRuntimeError a Tensor with 2 elements cannot be converted to Scalar\nValueError only one element tensors can be converted to Python scalars\nFalse True\n"
  ],
  [
    "operators_scalars",
    "x = torch.tensor([1.0, 2.0, 4.0])\nprint(x + 1, 1 + x, x - 1, 1 - x, x * 2, 2 * x, x / 2, 2 / x)\nprint(x // 3, 7 // x, x % 3, x ** 2, 2 ** x, -x, +x, abs(-x))\nprint(x == 2, x != 2, x < 2, x <= 2, x > 2, x >= 2, 2 < x)\ni = torch.tensor([5, 6])\nprint(i & 3, i | 1, i ^ 1, ~torch.tensor([True, False]), i / 2, i * 1.5, i + True)\n",
    "tensor([2., 3., 5.]) tensor([2., 3., 5.]) tensor([0., 1., 3.]) tensor([ 0., -1., -3.]) tensor([2., 4., 8.]) tensor([2., 4., 8.]) tensor([0.5000, 1.0000, 2.0000]) tensor([2.0000, 1.0000, 0.5000])\ntensor([0., 0., 1.]) tensor([7., 3., 1.]) tensor([1., 2., 1.]) tensor([ 1.,  4., 16.]) tensor([ 2.,  4., 16.]) tensor([-1., -2., -4.]) tensor([1., 2., 4.]) tensor([1., 2., 4.])\ntensor([False,  True, False]) tensor([ True, False,  True]) tensor([ True, False, False]) tensor([ True,  True, False]) tensor([False, False,  True]) tensor([False,  True,  True]) tensor([False, False,  True])\ntensor([1, 2]) tensor([5, 7]) tensor([4, 7]) tensor([False,  True]) tensor([2.5000, 3.0000]) tensor([7.5000, 9.0000]) tensor([6, 7])\n"
  ],
  [
    "matmul_operator",
    "a = torch.tensor([[1.0, 2.0], [3.0, 4.0]])\nv = torch.tensor([1.0, -1.0])\nprint(a @ a, a @ v, v @ v)\n",
    "tensor([[ 7., 10.],\n        [15., 22.]]) tensor([-1., -1.]) tensor(2.)\n"
  ],
  [
    "inplace_ops",
    "x = torch.tensor([1.0, 2.0, 3.0])\ny = x\nx += 1\nx.mul_(2)\nprint(x, y is x)\nx.clamp_(max=6.0).sub_(1)\nprint(x)\nx.zero_()\nprint(x)\nx.fill_(0.5)\nx[1] = 9\nprint(x)\n",
    "tensor([4., 6., 8.]) True\ntensor([3., 5., 5.])\ntensor([0., 0., 0.])\ntensor([0.5000, 9.0000, 0.5000])\n"
  ],
  [
    "inplace_dtype_error",
    "z = torch.tensor([1, 2, 3])\ntry:\n    z /= 2\nexcept RuntimeError as e:\n    print(e)\n",
    "result type Float can't be cast to the desired output type Long\n"
  ],
  [
    "getitem",
    "x = torch.arange(12).reshape(3, 4)\nprint(x[0], x[-1, -1], x[:, 1], x[1:, ::2])\nprint(x[None].shape, x[..., 0], x[[0, 2]], x[x > 8])\nprint(x[torch.tensor([0, 1]), torch.tensor([3, 2])])\nprint(x[True].shape, x[0, 1].item())\n",
    "tensor([0, 1, 2, 3]) tensor(11) tensor([1, 5, 9]) tensor([[ 4,  6],\n        [ 8, 10]])\ntorch.Size([1, 3, 4]) tensor([0, 4, 8]) tensor([[ 0,  1,  2,  3],\n        [ 8,  9, 10, 11]]) tensor([ 9, 10, 11])\ntensor([3, 6])\ntorch.Size([1, 3, 4]) 1\n"
  ],
  [
    "setitem",
    "x = torch.zeros(2, 3)\nx[0] = 1\nx[1, 1:] = torch.tensor([5.0, 6.0])\nx[x == 0] = -1\nx[:, 0] += 10\nprint(x)\n",
    "tensor([[11.,  1.,  1.],\n        [ 9.,  5.,  6.]])\n"
  ],
  [
    "index_errors",
    "x = torch.zeros(2, 3)\nfor k in [5, (0, 7)]:\n    try:\n        x[k]\n    except IndexError as e:\n        print(e)\n",
    "index 5 is out of bounds for dimension 0 with size 2\nindex 7 is out of bounds for dimension 1 with size 3\n"
  ],
  [
    "iteration",
    "for row in torch.tensor([[1, 2], [3, 4]]):\n    print(row, row.sum())\nprint(list(torch.tensor([1.5, 2.5])))\nprint(max(torch.tensor([1.0, 3.0, 2.0])), sum(torch.tensor([1, 2, 3])))\n",
    "tensor([1, 2]) tensor(3)\ntensor([3, 4]) tensor(7)\n[tensor(1.5000), tensor(2.5000)]\ntensor(3.) tensor(6)\n"
  ],
  [
    "conversions",
    "x = torch.tensor([1.7, -1.2])\nprint(x.long(), x.int(), x.bool(), x.double(), x.half(), x.float() is x)\nprint(x.to(torch.float64), x.to(torch.float32) is x, x.to('cpu') is x, x.type(), x.type(torch.int64))\nprint(x.cpu() is x, x.clone(), x.detach(), x.contiguous() is x)\n",
    "tensor([ 1, -1]) tensor([ 1, -1], dtype=torch.int32) tensor([True, True]) tensor([ 1.7000, -1.2000], dtype=torch.float64) tensor([ 1.7002, -1.2002], dtype=torch.float16) True\ntensor([ 1.7000, -1.2000], dtype=torch.float64) True True torch.FloatTensor tensor([ 1, -1])\nTrue tensor([ 1.7000, -1.2000]) tensor([ 1.7000, -1.2000]) True\n"
  ],
  [
    "cuda_numpy",
    "x = torch.tensor([1.0])\nfor f in [x.cuda]:\n    try:\n        f()\n    except Exception as e:\n        print(type(e).__name__)\nprint(torch.cuda.is_available())\n",
    "AssertionError\nFalse\n"
  ],
  [
    "requires_grad_printing",
    "w = torch.tensor([1.0, 2.0], requires_grad=True)\nprint(w, w * 2, w.sum(), w.mean(), w[0], F.softmax(w, dim=0), w.exp(), -w, 1 - w, w / 2, 2 / w)\nprint(w.detach(), (w * 2).requires_grad, (w * 2).is_leaf)\nwith torch.no_grad():\n    print(w * 2, (w * 2).requires_grad)\n",
    "tensor([1., 2.], requires_grad=True) tensor([2., 4.], grad_fn=<MulBackward0>) tensor(3., grad_fn=<SumBackward0>) tensor(1.5000, grad_fn=<MeanBackward0>) tensor(1., grad_fn=<SelectBackward0>) tensor([0.2689, 0.7311], grad_fn=<SoftmaxBackward0>) tensor([2.7183, 7.3891], grad_fn=<ExpBackward0>) tensor([-1., -2.], grad_fn=<NegBackward0>) tensor([ 0., -1.], grad_fn=<RsubBackward1>) tensor([0.5000, 1.0000], grad_fn=<DivBackward0>) tensor([2., 1.], grad_fn=<MulBackward0>)\ntensor([1., 2.]) True False\ntensor([2., 4.]) False\n"
  ],
  [
    "grad_fn_names",
    "x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)\nfor r in [x @ x, x.T, x.view(4), x.unsqueeze(0), x.max(dim=1).values, x.max(), x.sum(dim=1), x.mean(1), x.clamp(0, 1), x.log_softmax(1), x.logsumexp(1), x.sqrt(), x ** x, x.sigmoid(), x.tanh(), x.abs(), x[:, 0], x[[0]], torch.cat([x, x]), torch.stack([x, x]), x.double(), x.clone()]:\n    print(repr(r).split('grad_fn=')[1])\n",
    "<MmBackward0>)\n<PermuteBackward0>)\n<ViewBackward0>)\n<UnsqueezeBackward0>)\n<MaxBackward0>)\n<MaxBackward1>)\n<SumBackward1>)\n<MeanBackward1>)\n<ClampBackward1>)\n<LogSoftmaxBackward0>)\n<LogsumexpBackward0>)\n<SqrtBackward0>)\n<PowBackward1>)\n<SigmoidBackward0>)\n<TanhBackward0>)\n<AbsBackward0>)\n<SelectBackward0>)\n<IndexBackward0>)\n<CatBackward0>)\n<StackBackward0>)\n<ToCopyBackward0>)\n<CloneBackward0>)\n"
  ],
  [
    "methods_reduction",
    "x = torch.tensor([[1.0, 5.0, 2.0], [4.0, 0.0, 3.0]])\nprint(x.sum(), x.sum(1), x.sum(dim=0, keepdim=True), x.mean(axis=1), x.sum((0, 1)))\nprint(x.max(), x.max(1), x.min(dim=0).indices, x.argmax(1), x.argmin())\nprint(x.std(1), x.var(), x.prod(1), x.amax(0), x.cumsum(1), x.logsumexp(1))\nprint(torch.max(x, torch.tensor(2.0)), torch.maximum(x, torch.tensor(2.0)))\n",
    "tensor(15.) tensor([8., 7.]) tensor([[5., 5., 5.]]) tensor([2.6667, 2.3333]) tensor(15.)\ntensor(5.) torch.return_types.max(\nvalues=tensor([5., 4.]),\nindices=tensor([1, 0])) tensor([0, 1, 0]) tensor([1, 0]) tensor(4)\ntensor([2.0817, 2.0817]) tensor(3.5000) tensor([10.,  0.]) tensor([4., 5., 3.]) tensor([[1., 6., 8.],\n        [4., 4., 7.]]) tensor([5.0659, 4.3266])\ntensor([[2., 5., 2.],\n        [4., 2., 3.]]) tensor([[2., 5., 2.],\n        [4., 2., 3.]])\n"
  ],
];

describe("torch.Tensor", () => {
  test.each(CASES)('%s', (_name, code, expected) => {
    const r = new Session().runCellSync(HEADER + code);
    if (r.status !== 'ok') throw new Error(r.stderr);
    expect(r.stdout).toBe(expected);
  });
});
