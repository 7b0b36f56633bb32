/**
 * torch.nn: Module subclassing, layers, losses and reprs
 * Each case runs a cell through the Session and compares stdout with what real
 * PyTorch 2.13 printed for the same code (captured once; not run at test time).
 */
import { Session } from '../../src/lang';

const HEADER = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

const CASES: [string, string, string][] = [
  [
    "module_subclass_repr",
    "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(3, 2)\n        self.act = nn.Softmax(dim=1)\n        self.T = nn.Parameter(torch.ones(1) * 1.5)\n    def forward(self, x):\n        return self.act(self.fc(x) / self.T)\nn = Net()\nprint(n)\nfor name, p in n.named_parameters():\n    print(name, p.shape, p.requires_grad)\nprint(len(list(n.parameters())), n.training, n.eval().training, n.train().training)\nprint(isinstance(n, nn.Module), isinstance(n.T, torch.Tensor), type(n.T).__name__)\n",
    "Net(\n  (fc): Linear(in_features=3, out_features=2, bias=True)\n  (act): Softmax(dim=1)\n)\nT torch.Size([1]) True\nfc.weight torch.Size([2, 3]) True\nfc.bias torch.Size([2]) True\n3 True False True\nTrue True Parameter\n"
  ],
  [
    "module_forward_call",
    "class Scale(nn.Module):\n    def __init__(self, k):\n        super().__init__()\n        self.k = k\n    def forward(self, x, bias=0.0):\n        return x * self.k + bias\nm = Scale(3)\nprint(m(torch.tensor([1.0, 2.0])), m(torch.tensor([1.0]), bias=1.0), m.k)\nprint(m)\n",
    "tensor([3., 6.]) tensor([4.]) 3\nScale()\n"
  ],
  [
    "module_nested_repr",
    "class Nested(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.body = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 3))\n        self.head = nn.LogSoftmax(dim=-1)\n    def forward(self, x):\n        return self.head(self.body(x))\nn = Nested()\nprint(n)\nprint([k for k, _ in n.named_modules()])\nprint([k for k, _ in n.named_parameters()])\nprint(n(torch.ones(5, 2)).shape)\n",
    "Nested(\n  (body): Sequential(\n    (0): Linear(in_features=2, out_features=4, bias=True)\n    (1): ReLU()\n    (2): Linear(in_features=4, out_features=3, bias=True)\n  )\n  (head): LogSoftmax(dim=-1)\n)\n['', 'body', 'body.0', 'body.1', 'body.2', 'head']\n['body.0.weight', 'body.0.bias', 'body.2.weight', 'body.2.bias']\ntorch.Size([5, 3])\n"
  ],
  [
    "extra_repr_user",
    "class Temp(nn.Module):\n    def __init__(self, t):\n        super().__init__()\n        self.t = t\n    def extra_repr(self):\n        return f\"t={self.t}\"\nprint(Temp(2.0))\n",
    "Temp(t=2.0)\n"
  ],
  [
    "missing_forward",
    "class NoFwd(nn.Module):\n    pass\ntry:\n    NoFwd()(torch.ones(1))\nexcept NotImplementedError as e:\n    print(e)\n",
    "Module [NoFwd] is missing the required \"forward\" function\n"
  ],
  [
    "layer_reprs",
    "print(nn.Softmax(dim=1), nn.Softmax(), nn.LogSoftmax(1), nn.Softmin(dim=-1), nn.Softmax2d())\nprint(nn.Sigmoid(), nn.ReLU(), nn.ReLU(inplace=True), nn.Tanh(), nn.Identity(), nn.Flatten(), nn.Dropout(0.2))\nprint(nn.Linear(4, 2), nn.Linear(4, 2, bias=False))\nprint(nn.CrossEntropyLoss(), nn.CrossEntropyLoss(label_smoothing=0.1), nn.NLLLoss(), nn.BCELoss(), nn.BCEWithLogitsLoss(), nn.KLDivLoss(reduction='batchmean'), nn.MSELoss())\n",
    "Softmax(dim=1) Softmax(dim=None) LogSoftmax(dim=1) Softmin(dim=-1) Softmax2d()\nSigmoid() ReLU() ReLU(inplace=True) Tanh() Identity() Flatten(start_dim=1, end_dim=-1) Dropout(p=0.2, inplace=False)\nLinear(in_features=4, out_features=2, bias=True) Linear(in_features=4, out_features=2, bias=False)\nCrossEntropyLoss() CrossEntropyLoss() NLLLoss() BCELoss() BCEWithLogitsLoss() KLDivLoss() MSELoss()\n"
  ],
  [
    "sequential",
    "model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4), nn.Softmax(dim=1))\nprint(model)\nprint(len(model), model[0], model[-1], type(model[1:]).__name__, len(model[1:]))\nprint([type(m).__name__ for m in model])\nprint(sum(p.numel() for p in model.parameters()))\n",
    "Sequential(\n  (0): Linear(in_features=8, out_features=16, bias=True)\n  (1): ReLU()\n  (2): Linear(in_features=16, out_features=4, bias=True)\n  (3): Softmax(dim=1)\n)\n4 Linear(in_features=8, out_features=16, bias=True) Softmax(dim=1) Sequential 3\n['Linear', 'ReLU', 'Linear', 'Softmax']\n212\n"
  ],
  [
    "linear_forward_fixed_weights",
    "lin = nn.Linear(3, 2)\nwith torch.no_grad():\n    lin.weight.copy_(torch.tensor([[0.1, 0.2, 0.3], [-0.3, 0.2, -0.1]]))\n    lin.bias.fill_(0.5)\nx = torch.tensor([[1.0, 2.0, 3.0]])\nprint(lin(x))\nprint(lin.weight)\nprint(lin.bias.shape, lin.weight.requires_grad)\n",
    "tensor([[1.9000, 0.3000]], grad_fn=<AddmmBackward0>)\nParameter containing:\ntensor([[ 0.1000,  0.2000,  0.3000],\n        [-0.3000,  0.2000, -0.1000]], requires_grad=True)\ntorch.Size([2]) True\n"
  ],
  [
    "linear_init_bounds",
    "torch.manual_seed(0)\nlin = nn.Linear(16, 8)\nb = 1 / 16 ** 0.5\nprint(lin.weight.shape, bool((lin.weight.abs() <= b).all()), bool((lin.bias.abs() <= b).all()))\n",
    "torch.Size([8, 16]) True True\n"
  ],
  [
    "loss_modules",
    "logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]])\nt = torch.tensor([0, 2])\nprint(nn.CrossEntropyLoss()(logits, t), nn.CrossEntropyLoss(reduction='none')(logits, t))\nprint(nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 3.0]), label_smoothing=0.05)(logits, t))\nprint(nn.NLLLoss()(F.log_softmax(logits, 1), t))\ny = torch.tensor([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])\nprint(nn.BCEWithLogitsLoss()(logits, y), nn.BCELoss()(torch.sigmoid(logits), y))\nprint(nn.BCEWithLogitsLoss(pos_weight=torch.tensor([1.0, 2.0, 3.0]))(logits, y))\nprint(nn.KLDivLoss(reduction='batchmean')(F.log_softmax(logits, 1), F.softmax(logits * 2, 1)))\n",
    "tensor(0.1755) tensor([0.2413, 0.1096])\ntensor(0.2296)\ntensor(0.1755)\ntensor(0.6676) tensor(0.6676)\ntensor(1.1215)\ntensor(0.0981)\n"
  ],
  [
    "activations_modules",
    "x = torch.tensor([[-1.0, 0.0, 2.0]])\nprint(nn.Softmax(dim=1)(x), nn.LogSoftmax(dim=1)(x), nn.Softmin(dim=1)(x))\nprint(nn.Sigmoid()(x), nn.ReLU()(x), nn.Tanh()(x), nn.Identity()(x), nn.Flatten()(x.unsqueeze(0)).shape)\n",
    "tensor([[0.0420, 0.1142, 0.8438]]) tensor([[-3.1698, -2.1698, -0.1698]]) tensor([[0.7054, 0.2595, 0.0351]])\ntensor([[0.2689, 0.5000, 0.8808]]) tensor([[0., 0., 2.]]) tensor([[-0.7616,  0.0000,  0.9640]]) tensor([[-1.,  0.,  2.]]) torch.Size([1, 3])\n"
  ],
  [
    "parameter",
    "p = nn.Parameter(torch.tensor([1.5]))\nprint(p)\nprint(p * 2, p.requires_grad, p.is_leaf, isinstance(p, nn.Parameter))\nq = nn.Parameter(torch.zeros(2), requires_grad=False)\nprint(q)\n",
    "Parameter containing:\ntensor([1.5000], requires_grad=True)\ntensor([3.], grad_fn=<MulBackward0>) True True True\nParameter containing:\ntensor([0., 0.])\n"
  ],
  [
    "eval_dropout_identity",
    "d = nn.Dropout(0.5)\nd.eval()\nprint(d(torch.ones(3)), d.training)\n",
    "tensor([1., 1., 1.]) False\n"
  ],
  [
    "zero_grad_and_state",
    "m = nn.Linear(2, 1)\nm.zero_grad()\nprint(list(m.state_dict().keys()))\nprint(m.weight.grad)\n",
    "['weight', 'bias']\nNone\n"
  ],
];

describe("torch.nn", () => {
  test.each(CASES)('%s', (_name, code, expected) => {
    const r = new Session().runCellSync(HEADER + code);
    if (r.status !== 'ok') throw new Error(r.stderr);
    expect(r.stdout).toBe(expected);
  });
});
