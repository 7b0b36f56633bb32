/**
 * torch functions, torch.nn.functional and torch.special
 * Each case runs a cell through the Session and compares stdout with what real
 * PyTorch 2.13 printed for the same code (captured once; not run at test time).
 */
import { Session } from '../../src/lang';

const HEADER = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

const CASES: [string, string, string][] = [
  [
    "softmax_signatures",
    "x = torch.tensor([[1.0, 2.0, 3.0], [3.0, 1.0, 2.0]])\nprint(torch.softmax(x, 1), torch.softmax(x, dim=0), torch.softmax(x, axis=1), x.softmax(-1), x.softmax(dim=1))\nprint(F.softmax(x, 1), F.softmax(x, dim=1, dtype=torch.float64), torch.softmax(x, 1, torch.float64))\nprint(F.log_softmax(x, dim=1), x.log_softmax(1), torch.log_softmax(x, 1), F.softmin(x, 1))\n",
    "tensor([[0.0900, 0.2447, 0.6652],\n        [0.6652, 0.0900, 0.2447]]) tensor([[0.1192, 0.7311, 0.7311],\n        [0.8808, 0.2689, 0.2689]]) tensor([[0.0900, 0.2447, 0.6652],\n        [0.6652, 0.0900, 0.2447]]) tensor([[0.0900, 0.2447, 0.6652],\n        [0.6652, 0.0900, 0.2447]]) tensor([[0.0900, 0.2447, 0.6652],\n        [0.6652, 0.0900, 0.2447]])\ntensor([[0.0900, 0.2447, 0.6652],\n        [0.6652, 0.0900, 0.2447]]) tensor([[0.0900, 0.2447, 0.6652],\n        [0.6652, 0.0900, 0.2447]], dtype=torch.float64) tensor([[0.0900, 0.2447, 0.6652],\n        [0.6652, 0.0900, 0.2447]], dtype=torch.float64)\ntensor([[-2.4076, -1.4076, -0.4076],\n        [-0.4076, -2.4076, -1.4076]]) tensor([[-2.4076, -1.4076, -0.4076],\n        [-0.4076, -2.4076, -1.4076]]) tensor([[-2.4076, -1.4076, -0.4076],\n        [-0.4076, -2.4076, -1.4076]]) tensor([[0.6652, 0.2447, 0.0900],\n        [0.0900, 0.6652, 0.2447]])\n"
  ],
  [
    "softmax_type_errors",
    "x = torch.tensor([[1.0, 2.0, 3.0]])\nfor f in [lambda: F.softmax(x, axis=1), lambda: torch.softmax(x), lambda: torch.softmax(x, dim=None), lambda: x.softmax(), lambda: x.softmax(1.0), lambda: torch.softmax(x, 1.0), lambda: torch.softmax([1.0], 0), lambda: F.softmax([1.0], dim=0), lambda: torch.softmax(x, 1, foo=2), lambda: torch.exp(x, 1)]:\n    try:\n        f()\n    except (TypeError, AttributeError) as e:\n        print(type(e).__name__ + \":\", e)\n",
    "TypeError: softmax() got an unexpected keyword argument 'axis'\nTypeError: softmax() missing 1 required positional arguments: \"dim\"\nTypeError: softmax(): argument 'dim' must be int, not NoneType\nTypeError: softmax() missing 1 required positional arguments: \"dim\"\nTypeError: softmax(): argument 'dim' (position 1) must be int, not float\nTypeError: softmax(): argument 'dim' (position 2) must be int, not float\nTypeError: softmax(): argument 'input' (position 1) must be Tensor, not list\nAttributeError: 'list' object has no attribute 'softmax'\nTypeError: softmax() got an unexpected keyword argument 'foo'\nTypeError: exp() takes 1 positional argument but 2 were given\n"
  ],
  [
    "implicit_dim",
    "print(F.softmax(torch.tensor([1.0, 2.0])), F.log_softmax(torch.tensor([[1.0, 2.0]])), nn.Softmax()(torch.ones(2, 2, 2)).shape)\n",
    "tensor([0.2689, 0.7311]) tensor([[-1.3133, -0.3133]]) torch.Size([2, 2, 2])\n"
  ],
  [
    "logsumexp_special",
    "x = torch.tensor([[1.0, 2.0, 3.0], [3.0, 1.0, 2.0]])\nprint(torch.logsumexp(x, 1), torch.logsumexp(x, dim=(0, 1)), x.logsumexp(0, keepdim=True))\nprint(torch.special.softmax(x, 1), torch.special.log_softmax(x, dim=1), torch.special.logsumexp(x, 1), torch.special.expit(x))\nprint(torch.special.logit(torch.tensor([0.25, 0.5])))\ntry:\n    torch.logsumexp(x)\nexcept TypeError as e:\n    print(e)\n",
    "tensor([3.4076, 3.4076]) tensor(4.1008) tensor([[3.1269, 2.3133, 3.3133]])\ntensor([[0.0900, 0.2447, 0.6652],\n        [0.6652, 0.0900, 0.2447]]) tensor([[-2.4076, -1.4076, -0.4076],\n        [-0.4076, -2.4076, -1.4076]]) tensor([3.4076, 3.4076]) tensor([[0.7311, 0.8808, 0.9526],\n        [0.9526, 0.7311, 0.8808]])\ntensor([-1.0986,  0.0000])\nlogsumexp() missing 1 required positional arguments: \"dim\"\n"
  ],
  [
    "sigmoid_family",
    "x = torch.tensor([-2.0, 0.0, 3.0])\nprint(torch.sigmoid(x), F.sigmoid(x), x.sigmoid(), F.logsigmoid(x), torch.relu(x), F.relu(x), torch.tanh(x))\n",
    "tensor([0.1192, 0.5000, 0.9526]) tensor([0.1192, 0.5000, 0.9526]) tensor([0.1192, 0.5000, 0.9526]) tensor([-2.1269, -0.6931, -0.0486]) tensor([0., 0., 3.]) tensor([0., 0., 3.]) tensor([-0.9640,  0.0000,  0.9951])\n"
  ],
  [
    "creation",
    "print(torch.zeros(2, 3), torch.zeros((2,)), torch.ones([2], dtype=torch.int64), torch.full((2, 2), 0.5), torch.full((1,), 3))\nprint(torch.arange(5), torch.arange(1, 3), torch.arange(0, 1, 0.25), torch.arange(3.0), torch.linspace(0, 1, 3), torch.eye(2))\nprint(torch.zeros_like(torch.ones(2)), torch.ones_like(torch.tensor([1, 2])), torch.full_like(torch.ones(2), 7))\nprint(torch.tensor([1, 2.5]), torch.tensor([True, 1]), torch.tensor([[True]]), torch.tensor(3), torch.tensor([]))\nprint(torch.tensor([1, 2], dtype=torch.float64), torch.as_tensor([1, 2]), torch.empty(2, 0).shape)\n",
    "tensor([[0., 0., 0.],\n        [0., 0., 0.]]) tensor([0., 0.]) tensor([1, 1]) tensor([[0.5000, 0.5000],\n        [0.5000, 0.5000]]) tensor([3])\ntensor([0, 1, 2, 3, 4]) tensor([1, 2]) tensor([0.0000, 0.2500, 0.5000, 0.7500]) tensor([0., 1., 2.]) tensor([0.0000, 0.5000, 1.0000]) tensor([[1., 0.],\n        [0., 1.]])\ntensor([0., 0.]) tensor([1, 1]) tensor([7., 7.])\ntensor([1.0000, 2.5000]) tensor([1, 1]) tensor([[True]]) tensor(3) tensor([])\ntensor([1., 2.], dtype=torch.float64) tensor([1, 2]) torch.Size([2, 0])\n"
  ],
  [
    "creation_errors",
    "for f in [lambda: torch.tensor([[1, 2], [3]]), lambda: torch.tensor([1, 'a']), lambda: torch.tensor([1, 2], requires_grad=True)]:\n    try:\n        f()\n    except Exception as e:\n        print(type(e).__name__ + \":\", e)\n",
    "ValueError: expected sequence of length 2 at dim 1 (got 1)\nTypeError: new(): invalid data type 'str'\nRuntimeError: Only Tensors of floating point and complex dtype can require gradients\n"
  ],
  [
    "dtypes_constants",
    "print(torch.float32, torch.float, torch.float64, torch.double, torch.int64, torch.long, torch.int32, torch.int, torch.bool, torch.float16, torch.half)\nprint(torch.float32 == torch.float, torch.tensor([1]).dtype == torch.long, torch.float32.is_floating_point, torch.int64.is_floating_point)\nprint(torch.inf, -torch.inf, torch.nan, torch.pi, torch.e)\nprint(torch.is_tensor(torch.ones(1)), torch.is_tensor(1.0), torch.is_floating_point(torch.ones(1)))\nprint(type(torch.float32), torch.get_default_dtype(), torch.promote_types(torch.int64, torch.float32))\n",
    "torch.float32 torch.float32 torch.float64 torch.float64 torch.int64 torch.int64 torch.int32 torch.int32 torch.bool torch.float16 torch.float16\nTrue True True False\ninf -inf nan 3.141592653589793 2.718281828459045\nTrue False True\n<class 'torch.dtype'> torch.float32 torch.float32\n"
  ],
  [
    "no_grad_context",
    "w = torch.tensor([1.0], requires_grad=True)\nprint(torch.is_grad_enabled())\nwith torch.no_grad():\n    print(torch.is_grad_enabled(), w * 2)\nprint(torch.is_grad_enabled(), w * 2)\nwith torch.inference_mode():\n    print(w + 1)\n@torch.no_grad()\ndef f(t):\n    return t * 3\nprint(f(w))\n",
    "True\nFalse tensor([2.])\nTrue tensor([2.], grad_fn=<MulBackward0>)\ntensor([2.])\ntensor([3.])\n"
  ],
  [
    "shape_functions",
    "x = torch.arange(6.0).reshape(2, 3)\nprint(torch.reshape(x, (3, 2)), torch.flatten(x), torch.squeeze(x.unsqueeze(0)).shape, torch.unsqueeze(x, 1).shape)\nprint(torch.transpose(x, 0, 1), torch.t(x).shape, torch.permute(x, (1, 0)).shape, x.permute(1, 0).shape)\nprint(torch.cat([x, x]), torch.cat((x, x), dim=1).shape, torch.stack([x, x], dim=1).shape)\nprint(torch.split(x, 1), torch.chunk(x, 3, dim=1)[0], torch.unbind(x)[1])\nprint(x.view(-1, 2).shape, x.view(3, 2).shape, x.expand(2, 2, 3).shape, x.flatten(0).shape)\n",
    "tensor([[0., 1.],\n        [2., 3.],\n        [4., 5.]]) tensor([0., 1., 2., 3., 4., 5.]) torch.Size([2, 3]) torch.Size([2, 1, 3])\ntensor([[0., 3.],\n        [1., 4.],\n        [2., 5.]]) torch.Size([3, 2]) torch.Size([3, 2]) torch.Size([3, 2])\ntensor([[0., 1., 2.],\n        [3., 4., 5.],\n        [0., 1., 2.],\n        [3., 4., 5.]]) torch.Size([2, 6]) torch.Size([2, 2, 3])\n(tensor([[0., 1., 2.]]), tensor([[3., 4., 5.]])) tensor([[0.],\n        [3.]]) tensor([3., 4., 5.])\ntorch.Size([3, 2]) torch.Size([3, 2]) torch.Size([2, 2, 3]) torch.Size([6])\n"
  ],
  [
    "reduction_functions",
    "x = torch.tensor([[1.0, 5.0, 2.0], [4.0, 0.0, 3.0]])\nprint(torch.sum(x), torch.sum(x, dim=1), torch.mean(x, 0), torch.max(x), torch.max(x, dim=1), torch.min(x, 1, True))\nprint(torch.argmax(x), torch.argmax(x, dim=1), torch.amax(x, dim=0), torch.prod(x), torch.std(x), torch.var(x, dim=1))\nprint(torch.topk(x, 2), torch.sort(x, dim=0, descending=True), torch.argsort(x))\nprint(torch.cumsum(x, 1), torch.allclose(x, x), torch.equal(x, x.clone()), torch.isclose(x, x + 1e-6))\n",
    "tensor(15.) tensor([8., 7.]) tensor([2.5000, 2.5000, 2.5000]) tensor(5.) torch.return_types.max(\nvalues=tensor([5., 4.]),\nindices=tensor([1, 0])) torch.return_types.min(\nvalues=tensor([[1.],\n        [0.]]),\nindices=tensor([[0],\n        [1]]))\ntensor(1) tensor([1, 0]) tensor([4., 5., 3.]) tensor(0.) tensor(1.8708) tensor([4.3333, 4.3333])\ntorch.return_types.topk(\nvalues=tensor([[5., 2.],\n        [4., 3.]]),\nindices=tensor([[1, 2],\n        [0, 2]])) torch.return_types.sort(\nvalues=tensor([[4., 5., 3.],\n        [1., 0., 2.]]),\nindices=tensor([[1, 0, 1],\n        [0, 1, 0]])) tensor([[0, 2, 1],\n        [1, 2, 0]])\ntensor([[1., 6., 8.],\n        [4., 4., 7.]]) True True tensor([[ True,  True,  True],\n        [ True, False,  True]])\n"
  ],
  [
    "elementwise_functions",
    "x = torch.tensor([0.5, 1.0, 2.0])\nprint(torch.exp(x), torch.log(x), torch.log1p(x), torch.expm1(x), torch.sqrt(x), torch.abs(-x), torch.neg(x))\nprint(torch.clamp(x, 0.8, 1.5), torch.clip(x, max=1.0), torch.where(x > 1, x, -x), torch.maximum(x, torch.ones(3)))\nprint(torch.pow(x, 2), torch.pow(2, x), torch.add(x, 1, alpha=2), torch.sub(x, 1), torch.mul(x, x), torch.div(x, 2), torch.div(torch.tensor([5, 7]), 2, rounding_mode='floor'))\nprint(torch.isnan(torch.tensor([float('nan'), 1.0])), torch.isinf(torch.tensor([float('inf')])), torch.nan_to_num(torch.tensor([float('nan'), float('inf')])))\nprint(torch.round(torch.tensor([0.5, 1.5, 2.567]), decimals=1), torch.masked_fill(x, x > 1, 0.0), torch.matmul(x, x), torch.mm(x[None], x[:, None]))\n",
    "tensor([1.6487, 2.7183, 7.3891]) tensor([-0.6931,  0.0000,  0.6931]) tensor([0.4055, 0.6931, 1.0986]) tensor([0.6487, 1.7183, 6.3891]) tensor([0.7071, 1.0000, 1.4142]) tensor([0.5000, 1.0000, 2.0000]) tensor([-0.5000, -1.0000, -2.0000])\ntensor([0.8000, 1.0000, 1.5000]) tensor([0.5000, 1.0000, 1.0000]) tensor([-0.5000, -1.0000,  2.0000]) tensor([1., 1., 2.])\ntensor([0.2500, 1.0000, 4.0000]) tensor([1.4142, 2.0000, 4.0000]) tensor([2.5000, 3.0000, 4.0000]) tensor([-0.5000,  0.0000,  1.0000]) tensor([0.2500, 1.0000, 4.0000]) tensor([0.2500, 0.5000, 1.0000]) tensor([2, 3])\ntensor([ True, False]) tensor([True]) tensor([0.0000e+00, 3.4028e+38])\ntensor([0.5000, 1.5000, 2.6000]) tensor([0.5000, 1.0000, 0.0000]) tensor(5.2500) tensor([[5.2500]])\n"
  ],
  [
    "losses_functional",
    "logits = torch.tensor([[1.0, 2.0, 3.0], [3.0, 1.0, 2.0]])\nt = torch.tensor([2, 0])\nprint(F.cross_entropy(logits, t), F.cross_entropy(logits, t, reduction='none'), F.cross_entropy(logits, t, reduction='sum'))\nprint(F.cross_entropy(logits, t, weight=torch.tensor([1.0, 2.0, 3.0])), F.cross_entropy(logits, t, label_smoothing=0.1), F.cross_entropy(logits, torch.tensor([2, -100])))\nprint(F.cross_entropy(logits, torch.tensor([[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]])), F.nll_loss(F.log_softmax(logits, 1), t), F.nll_loss(logits, t))\ny = torch.tensor([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]])\nprint(F.binary_cross_entropy(torch.sigmoid(logits), y), F.binary_cross_entropy_with_logits(logits, y, reduction='none'))\nprint(F.kl_div(F.log_softmax(logits, 1), F.softmax(logits / 2, 1), reduction='batchmean'), F.kl_div(F.log_softmax(logits, 1), F.log_softmax(logits / 2, 1), reduction='sum', log_target=True))\nprint(F.one_hot(t, 3), F.one_hot(torch.tensor([0, 2])), F.linear(logits, torch.eye(3)[:2], torch.tensor([0.5, -0.5])), F.normalize(logits, dim=1))\n",
    "tensor(0.4076) tensor([0.4076, 0.4076]) tensor(0.8152)\ntensor(0.4076) tensor(0.5076) tensor(0.4076)\ntensor(0.9826) tensor(0.4076) tensor(-3.)\ntensor(0.8296) tensor([[1.3133, 0.1269, 0.0486],\n        [0.0486, 1.3133, 2.1269]])\ntensor(0.0673) tensor(0.1345)\ntensor([[0, 0, 1],\n        [1, 0, 0]]) tensor([[1, 0, 0],\n        [0, 0, 1]]) tensor([[1.5000, 1.5000],\n        [3.5000, 0.5000]]) tensor([[0.2673, 0.5345, 0.8018],\n        [0.8018, 0.2673, 0.5345]])\n"
  ],
  [
    "loss_errors",
    "logits = torch.tensor([[1.0, 2.0, 3.0], [3.0, 1.0, 2.0]])\nfor f in [lambda: F.cross_entropy(logits, torch.tensor([0, 3])), lambda: F.cross_entropy(logits, torch.tensor([0, 1, 2])), lambda: F.cross_entropy(logits, torch.tensor([0.0, 1.0])), lambda: F.cross_entropy(logits, torch.tensor([0, 1]), reduction='avg'), lambda: F.cross_entropy(logits, torch.tensor([0, 1]), label_smoothing=1.5), lambda: F.cross_entropy(logits.long(), torch.tensor([0, 1]))]:\n    try:\n        f()\n    except Exception as e:\n        print(type(e).__name__ + \":\", e)\n",
    "IndexError: Target 3 is out of bounds.\nValueError: Expected input batch_size (2) to match target batch_size (3).\nRuntimeError: expected target dtype to be Long or Byte, but got Float\nValueError: avg is not a valid value for reduction\nRuntimeError: label_smoothing must be between 0.0 and 1.0. Got: 1.5\nNotImplementedError: \"log_softmax_lastdim_kernel_impl\" not implemented for 'Long'\n"
  ],
  [
    "softmax_dtype_and_special",
    "print(F.softmax(torch.tensor([1, 2, 3]), dim=0, dtype=torch.float32), F.softmax(torch.tensor([1.0, 2.0], dtype=torch.float64), 0))\nprint(F.softmax(torch.tensor([float('inf'), 0.0]), 0), F.softmax(torch.tensor([float('-inf'), 0.0]), 0), torch.softmax(torch.tensor(3.0), 0))\ntry:\n    F.softmax(torch.tensor([1, 2]), dim=0)\nexcept NotImplementedError as e:\n    print(e)\n",
    "tensor([0.0900, 0.2447, 0.6652]) tensor([0.2689, 0.7311], dtype=torch.float64)\ntensor([nan, nan]) tensor([0., 1.]) tensor(1.)\n\"softmax_lastdim_kernel_impl\" not implemented for 'Long'\n"
  ],
  [
    "printoptions",
    "x = torch.tensor([1 / 3, 2 / 3])\ntorch.set_printoptions(precision=2)\nprint(x)\ntorch.set_printoptions(precision=4)\nprint(x)\n",
    "tensor([0.33, 0.67])\ntensor([0.3333, 0.6667])\n"
  ],
  [
    "manual_seed_shapes",
    "g = torch.manual_seed(42)\na = torch.rand(3)\ntorch.manual_seed(42)\nb = torch.rand(3)\nprint(torch.equal(a, b), torch.randn(2, 3).shape, torch.randint(0, 10, (4,)).dtype, torch.randint(5, (2, 2)).shape, bool(((a >= 0) & (a < 1)).all()))\n",
    "True torch.Size([2, 3]) torch.int64 torch.Size([2, 2]) True\n"
  ],
];

describe("torch functions, torch.nn.functional and torch.special", () => {
  test.each(CASES)('%s', (_name, code, expected) => {
    const r = new Session().runCellSync(HEADER + code);
    if (r.status !== 'ok') throw new Error(r.stderr);
    expect(r.stdout).toBe(expected);
  });
});
