#!/usr/bin/env python3
"""Differential fixtures for the softmax family and losses (engine issue #3).

Builds OpInfo-style samples (reference/pytorch-numerics.md §3), runs them in the
installed PyTorch (2.13 CPU) and writes test/fixtures/engine/differential/*.json.
Floats are stored as IEEE bit patterns in hex (f32: 8 digits, f64: 16), so inputs
reach the engine bit-exact; ints as JSON numbers. Run: python3 tools/gen_differential.py
"""
import json, os, struct, warnings
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'engine', 'differential')
DT = {torch.float32: 'float32', torch.float64: 'float64', torch.float16: 'float16',
      torch.bfloat16: 'bfloat16', torch.int64: 'int64', torch.int32: 'int32', torch.bool: 'bool'}
g = torch.Generator().manual_seed(1234)


def enc(t):
    d = DT[t.dtype]
    flat = t.detach().reshape(-1)
    if d == 'float64':
        data = [struct.pack('>d', v).hex() for v in flat.tolist()]
    elif d in ('float32', 'float16', 'bfloat16'):  # low precision: exact as float32
        data = [struct.pack('>f', v).hex() for v in flat.float().tolist()]
    else:
        data = [int(v) for v in flat.tolist()]
    return {'dtype': d, 'shape': list(t.shape), 'data': data}


def make(shape, dtype=torch.float32, low=-9.0, high=9.0):
    return (torch.rand(shape, generator=g, dtype=torch.float64) * (high - low) + low).to(dtype)


def randint(shape, high, low=0):
    return torch.randint(low, high, shape, generator=g)


cases = []


def add(group, op, inputs, args, fn):
    case = {'id': f'{group}/{len(cases)}', 'op': op, 'inputs': {k: enc(v) for k, v in inputs.items() if v is not None}, 'args': args}
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        try:
            case['expected'] = enc(fn())
        except Exception as e:  # noqa: BLE001
            case['error'] = {'type': type(e).__name__, 'message': str(e)}
    case['warnings'] = [str(x.message) for x in w]
    cases.append(case)


# ---- softmax / log_softmax / softmin -------------------------------------------------
SM = {'softmax': F.softmax, 'log_softmax': F.log_softmax, 'softmin': F.softmin}
shapes = [((5,), [0]), ((5, 5), [0, 1, -1]), ((5, 10, 5), [0, 1, 2, -2]), ((5, 0, 0), [-1]), ((), [0, -1]),
          ((10, 20), [1]), ((1, 3, 10, 20), [1]), ((3, 4, 10), [-1]), ((31, 23), [0, 1]), ((4, 100), [1, 0]),
          ((130, 3), [0]), ((2, 1536), [1]), ((2, 17), [1]), ((3, 8), [1]), ((2, 64), [1]), ((2, 65), [1])]
for name, fn in SM.items():
    for shape, dims in shapes:
        for dt in (torch.float32, torch.float64):
            x = make(shape, dt)
            for d in dims:
                add('softmax', name, {'x': x}, {'dim': d}, lambda x=x, d=d, fn=fn: fn(x, d))
    # dtype= casting and low precision
    x = make((5, 5))
    for dt in (torch.float64, torch.float16, torch.bfloat16):
        add('softmax-dtype', name, {'x': x}, {'dim': 1, 'dtype': DT[dt]}, lambda x=x, dt=dt, fn=fn: fn(x, 1, dtype=dt))
    x64 = make((4, 6), torch.float64)
    add('softmax-dtype', name, {'x': x64}, {'dim': 0, 'dtype': 'float32'}, lambda fn=fn: fn(x64, 0, dtype=torch.float32))
    xi = randint((3, 4), 10, -9)
    for d in (0, 1):
        add('softmax-dtype', name, {'x': xi}, {'dim': d, 'dtype': 'float32'}, lambda d=d, fn=fn: fn(xi, d, dtype=torch.float32))
        add('softmax-dtype', name, {'x': xi}, {'dim': d, 'dtype': 'float64'}, lambda d=d, fn=fn: fn(xi, d, dtype=torch.float64))
        add('softmax-error', name, {'x': xi}, {'dim': d}, lambda d=d, fn=fn: fn(xi, d))
    for xo in (torch.randint(0, 2, (3, 4), generator=g).bool(), randint((3, 4), 10, -9).int()):
        add('softmax-dtype', name, {'x': xo}, {'dim': 1, 'dtype': 'float64'}, lambda xo=xo, fn=fn: fn(xo, 1, dtype=torch.float64))
        add('softmax-dtype', name, {'x': xo}, {'dim': 0, 'dtype': 'float32'}, lambda xo=xo, fn=fn: fn(xo, 0, dtype=torch.float32))
    for dt in (torch.float16, torch.bfloat16):
        xh = make((3, 7), dt)
        for d in (0, 1):
            add('softmax-lowp', name, {'x': xh}, {'dim': d}, lambda xh=xh, d=d, fn=fn: fn(xh, d))
    add('softmax-error', name, {'x': make((2, 3))}, {'dim': 2}, lambda fn=fn: fn(torch.zeros(2, 3), 2))
    add('softmax-error', name, {'x': make((2, 3))}, {'dim': -3}, lambda fn=fn: fn(torch.zeros(2, 3), -3))
    add('softmax-error', name, {'x': torch.tensor(2.)}, {'dim': 1}, lambda fn=fn: fn(torch.tensor(2.), 1))
    add('softmax-error', name, {'x': torch.ones(3, dtype=torch.bool)}, {'dim': 0}, lambda fn=fn: fn(torch.ones(3, dtype=torch.bool), 0))
    inf, nan = float('inf'), float('nan')
    specials = [[[1., 2, 3], [3, 1, 2]], [[-inf, -inf, -inf], [1, 2, 3]], [[-inf, 0, 1], [inf, 0, 1]], [[inf, inf, 1], [inf, -inf, 1]],
                [[nan, 0, 1], [0, 1, 2]], [[1000, 1001, 1002], [-1000, 0, 0]], [[3e38, -3e38, 3e38], [1e-30, -1e-30, 0]],
                [[-1e4, -1e4 + 1, -1e4 - 1], [100, -100, 0]]]
    for rows in specials:
        for dt in (torch.float32, torch.float64):
            x = torch.tensor(rows, dtype=dt)
            for d in (0, 1):
                add('softmax-special', name, {'x': x}, {'dim': d}, lambda x=x, d=d, fn=fn: fn(x, d))
    # implicit dim (warning + rule)
    for shape in [(), (4,), (2, 3), (2, 3, 4), (2, 2, 2, 2)]:
        x = make(shape)
        add('softmax-implicit', name, {'x': x}, {'dim': None}, lambda x=x, fn=fn: fn(x))

# module inputs (reference §3.2) and test_nn sizes (§3.3)
for name, fn in SM.items():
    for shape, d in [((2, 3, 5, 10), 1), ((32, 21), 0), ((32, 21), 1), ((31, 20), 1), ((4, 5, 3, 6), 3), ((4, 5, 3, 6), 2)]:
        x = make(shape)
        add('softmax-modules', name, {'x': x}, {'dim': d}, lambda x=x, d=d, fn=fn: fn(x, d))
    xs = torch.randint(0, 100, (16, 4), generator=g).float()
    for off in (0.0, 1e7):
        xb = xs + off
        add('softmax-big', name, {'x': xb}, {'dim': 1}, lambda xb=xb, fn=fn: fn(xb, 1))

# ---- logsumexp -------------------------------------------------------------------------
lse = [((), (0,), True), ((0,), (0,), True), ((5, 5), (1,), True), ((5, 5), (1,), False), ((5, 5), (-2,), False),
       ((5, 5), (0, 1), False), ((3, 4, 5), (0, 2), True), ((3, 40), (1,), False), ((2, 0), (1,), False), ((0, 2), (1,), False)]
for shape, dims, keep in lse:
    for dt in (torch.float32, torch.float64):
        for lo, hi in ((-9, 9), (1e3, 2e3), (1e6, 2e6)):
            x = make(shape, dt, lo, hi)
            add('logsumexp', 'logsumexp', {'x': x}, {'dim': list(dims), 'keepdim': keep}, lambda x=x, dims=dims, keep=keep: torch.logsumexp(x, dims, keep))
inf, nan = float('inf'), float('nan')
for v, d, k in [([20., 30, 100], 0, False), ([-inf, -inf], 0, False), ([inf, 1], 0, False), ([inf, -inf], 0, False), ([nan, 1], 0, False)]:
    x = torch.tensor(v)
    add('logsumexp', 'logsumexp', {'x': x}, {'dim': [d], 'keepdim': k}, lambda x=x, d=d, k=k: torch.logsumexp(x, d, k))
add('logsumexp', 'logsumexp', {'x': torch.tensor(inf)}, {'dim': [0], 'keepdim': True}, lambda: torch.logsumexp(torch.tensor(inf), 0, True))
xi = randint((3, 4), 10, -9)
add('logsumexp', 'logsumexp', {'x': xi}, {'dim': [1], 'keepdim': False}, lambda: torch.logsumexp(xi, 1))
add('logsumexp-error', 'logsumexp', {'x': make((2, 3))}, {'dim': [0, -2], 'keepdim': False}, lambda: torch.logsumexp(torch.zeros(2, 3), (0, -2)))
add('logsumexp-error', 'logsumexp', {'x': make((2, 3))}, {'dim': [2], 'keepdim': False}, lambda: torch.logsumexp(torch.zeros(2, 3), 2))

# ---- sigmoid / logsigmoid --------------------------------------------------------------
for dt in (torch.float32, torch.float64):
    for shape in [(5,), (4, 7), (100,)]:
        x = make(shape, dt, -20, 20)
        add('sigmoid', 'sigmoid', {'x': x}, {}, lambda x=x: torch.sigmoid(x))
        add('logsigmoid', 'logsigmoid', {'x': x}, {}, lambda x=x: F.logsigmoid(x))
    x = torch.tensor([-200., 200, nan, -inf, inf, 0, -0.0, 1e-8], dtype=dt)
    add('sigmoid', 'sigmoid', {'x': x}, {}, lambda x=x: torch.sigmoid(x))
    add('logsigmoid', 'logsigmoid', {'x': x}, {}, lambda x=x: F.logsigmoid(x))
xi = randint((6,), 10, -9)
add('sigmoid', 'sigmoid', {'x': xi}, {}, lambda: torch.sigmoid(xi))
add('logsigmoid', 'logsigmoid', {'x': xi}, {}, lambda: F.logsigmoid(xi))

# ---- cross_entropy ---------------------------------------------------------------------
RED = ['mean', 'sum', 'none']
def ce_args(weight, red, ii=None, ls=None):
    a = {'reduction': red}
    if ii is not None: a['ignore_index'] = ii
    if ls is not None: a['label_smoothing'] = ls
    return a

for shape in [(2, 3), (2, 3, 1), (2, 3, 1, 2), (2, 3, 1, 2, 3), (5, 3, 4), (3,)]:
    x = make(shape)
    C = shape[0] if len(shape) == 1 else shape[1]
    tshape = () if len(shape) == 1 else (shape[0],) + shape[2:]
    t = randint(tshape, C)
    tp = torch.rand(shape, generator=g)
    w = torch.rand(C, generator=g)
    for red in RED:
        for wt in (None, w):
            for ls in (None, 0.15):
                kw = ce_args(wt, red, ls=ls)
                add('cross_entropy', 'cross_entropy', {'x': x, 't': t, 'weight': wt}, kw,
                    lambda x=x, t=t, wt=wt, kw=kw: F.cross_entropy(x, t, weight=wt, **kw))
                add('cross_entropy-prob', 'cross_entropy', {'x': x, 't': tp, 'weight': wt}, kw,
                    lambda x=x, tp=tp, wt=wt, kw=kw: F.cross_entropy(x, tp, weight=wt, **kw))
            if len(shape) > 1:
                kw = ce_args(wt, red, ii=1)
                add('cross_entropy-ignore', 'cross_entropy', {'x': x, 't': t, 'weight': wt}, kw,
                    lambda x=x, t=t, wt=wt, kw=kw: F.cross_entropy(x, t, weight=wt, **kw))
                kw = ce_args(wt, red, ii=1, ls=0.15)
                add('cross_entropy-ignore', 'cross_entropy', {'x': x, 't': t, 'weight': wt}, kw,
                    lambda x=x, t=t, wt=wt, kw=kw: F.cross_entropy(x, t, weight=wt, **kw))
x64 = make((4, 5), torch.float64); t64 = randint((4,), 5); tp64 = torch.softmax(make((4, 5), torch.float64), 1)
for red in RED:
    add('cross_entropy-f64', 'cross_entropy', {'x': x64, 't': t64}, {'reduction': red}, lambda red=red: F.cross_entropy(x64, t64, reduction=red))
    add('cross_entropy-f64', 'cross_entropy', {'x': x64, 't': tp64}, {'reduction': red, 'label_smoothing': 0.1},
        lambda red=red: F.cross_entropy(x64, tp64, reduction=red, label_smoothing=0.1))
    add('cross_entropy-f64', 'cross_entropy', {'x': x64, 't': t64}, {'reduction': red, 'label_smoothing': 0.2},
        lambda red=red: F.cross_entropy(x64, t64, reduction=red, label_smoothing=0.2))
xc = torch.tensor([[1., 2, 3], [3, 1, 2]])
for tt in ([2, -100], [-100, -100]):
    for red in RED:
        add('cross_entropy-ignore', 'cross_entropy', {'x': xc, 't': torch.tensor(tt)}, {'reduction': red}, lambda tt=tt, red=red: F.cross_entropy(xc, torch.tensor(tt), reduction=red))
for red in RED:
    add('cross_entropy-empty', 'cross_entropy', {'x': torch.zeros(0, 3), 't': torch.zeros(0, dtype=torch.long)}, {'reduction': red},
        lambda red=red: F.cross_entropy(torch.zeros(0, 3), torch.zeros(0, dtype=torch.long), reduction=red))
xbig = make((40, 7)); tbig = randint((40,), 7)
for red in RED:
    add('cross_entropy', 'cross_entropy', {'x': xbig, 't': tbig}, {'reduction': red}, lambda red=red: F.cross_entropy(xbig, tbig, reduction=red))
add('cross_entropy', 'cross_entropy', {'x': torch.tensor([[-inf, 1., 2]]), 't': torch.tensor([0])}, {'reduction': 'mean'}, lambda: F.cross_entropy(torch.tensor([[-inf, 1., 2]]), torch.tensor([0])))
E = 'cross_entropy-error'
add(E, 'cross_entropy', {'x': xc, 't': torch.tensor([2, 3])}, {}, lambda: F.cross_entropy(xc, torch.tensor([2, 3])))
add(E, 'cross_entropy', {'x': xc, 't': torch.tensor([2., 0])}, {}, lambda: F.cross_entropy(xc, torch.tensor([2., 0])))
add(E, 'cross_entropy', {'x': xc, 't': torch.tensor([2, 0, 1])}, {}, lambda: F.cross_entropy(xc, torch.tensor([2, 0, 1])))
add(E, 'cross_entropy', {'x': xc, 't': torch.tensor([[2, 0], [1, 1]])}, {}, lambda: F.cross_entropy(xc, torch.tensor([[2, 0], [1, 1]])))
add(E, 'cross_entropy', {'x': xc, 't': torch.tensor([2, 0]), 'weight': torch.ones(2)}, {}, lambda: F.cross_entropy(xc, torch.tensor([2, 0]), weight=torch.ones(2)))
add(E, 'cross_entropy', {'x': xc, 't': torch.tensor([2, 0])}, {'reduction': 'avg'}, lambda: F.cross_entropy(xc, torch.tensor([2, 0]), reduction='avg'))
add(E, 'cross_entropy', {'x': xc, 't': torch.tensor([2, 0])}, {'label_smoothing': 1.5}, lambda: F.cross_entropy(xc, torch.tensor([2, 0]), label_smoothing=1.5))
add(E, 'cross_entropy', {'x': xc, 't': torch.tensor([2, 0])}, {'label_smoothing': -0.1}, lambda: F.cross_entropy(xc, torch.tensor([2, 0]), label_smoothing=-0.1))
add(E, 'cross_entropy', {'x': xc, 't': torch.softmax(xc, 1)}, {'ignore_index': 1}, lambda: F.cross_entropy(xc, torch.softmax(xc, 1), ignore_index=1))
add(E, 'cross_entropy', {'x': xc, 't': torch.softmax(xc, 1)}, {'label_smoothing': 2.0}, lambda: F.cross_entropy(xc, torch.softmax(xc, 1), label_smoothing=2.0))
add(E, 'cross_entropy', {'x': xc.long(), 't': torch.tensor([2, 0])}, {}, lambda: F.cross_entropy(xc.long(), torch.tensor([2, 0])))
add(E, 'cross_entropy', {'x': torch.zeros(2, 3, 4), 't': torch.zeros(2, 5, dtype=torch.long)}, {}, lambda: F.cross_entropy(torch.zeros(2, 3, 4), torch.zeros(2, 5, dtype=torch.long)))
add(E, 'cross_entropy', {'x': torch.zeros(2, 3, 4), 't': torch.zeros(2, 3, 4, dtype=torch.long)}, {}, lambda: F.cross_entropy(torch.zeros(2, 3, 4), torch.zeros(2, 3, 4, dtype=torch.long)))
add(E, 'cross_entropy', {'x': torch.tensor(1.), 't': torch.tensor(0)}, {}, lambda: F.cross_entropy(torch.tensor(1.), torch.tensor(0)))
add(E, 'cross_entropy', {'x': xc, 't': torch.tensor([2, 0]), 'weight': torch.ones(3, dtype=torch.float64)}, {}, lambda: F.cross_entropy(xc, torch.tensor([2, 0]), weight=torch.ones(3, dtype=torch.float64)))

# ---- nll_loss ----------------------------------------------------------------------------
for shape in [(2, 3), (3,), (2, 3, 2, 2), (15, 4), (2, 4, 5)]:
    C = shape[0] if len(shape) == 1 else shape[1]
    x = F.log_softmax(make(shape), 0 if len(shape) == 1 else 1)
    tshape = () if len(shape) == 1 else (shape[0],) + shape[2:]
    t = randint(tshape, C)
    for red in RED:
        for wt in (None, torch.rand(C, generator=g), -torch.rand(C, generator=g)):
            add('nll_loss', 'nll_loss', {'x': x, 't': t, 'weight': wt}, {'reduction': red}, lambda x=x, t=t, wt=wt, red=red: F.nll_loss(x, t, weight=wt, reduction=red))
        if len(shape) > 1:
            add('nll_loss-ignore', 'nll_loss', {'x': x, 't': t}, {'reduction': red, 'ignore_index': 1}, lambda x=x, t=t, red=red: F.nll_loss(x, t, reduction=red, ignore_index=1))
            z = torch.zeros_like(t)
            add('nll_loss-ignore', 'nll_loss', {'x': x, 't': z}, {'reduction': red, 'ignore_index': 0}, lambda x=x, z=z, red=red: F.nll_loss(x, z, reduction=red, ignore_index=0))
for shape in [(2, 4, 5, 5), (2, 4, 5, 5, 2, 2)]:
    x = F.log_softmax(make(shape), 1); t = randint((shape[0],) + shape[2:], 4); w = torch.rand(4, generator=g)
    for red in RED:
        for kw in ({}, {'ignore_index': 2}, {'ignore_index': -1}):
            for wt in (None, w):
                add('nll_loss-nd', 'nll_loss', {'x': x, 't': t, 'weight': wt}, {'reduction': red, **kw}, lambda x=x, t=t, wt=wt, red=red, kw=kw: F.nll_loss(x, t, weight=wt, reduction=red, **kw))
for shape in [(2, 3, 5, 5), (2, 3, 5, 5, 2, 2)]:
    x = make(shape); t = randint((shape[0],) + shape[2:], 3); tp = torch.softmax(make(shape), 1)
    for red in RED:
        for kw in ({'label_smoothing': 0.15}, {'ignore_index': 1, 'label_smoothing': 0.15}, {'ignore_index': 1}):
            add('cross_entropy-nd', 'cross_entropy', {'x': x, 't': t}, {'reduction': red, **kw}, lambda x=x, t=t, red=red, kw=kw: F.cross_entropy(x, t, reduction=red, **kw))
        add('cross_entropy-nd', 'cross_entropy', {'x': x, 't': tp}, {'reduction': red}, lambda x=x, tp=tp, red=red: F.cross_entropy(x, tp, reduction=red))
xn = make((2, 3))
add('nll_loss-ignore', 'nll_loss', {'x': xn, 't': torch.tensor([-1, 2])}, {'ignore_index': -1}, lambda: F.nll_loss(xn, torch.tensor([-1, 2]), ignore_index=-1))
add('nll_loss-ignore', 'nll_loss', {'x': xn, 't': torch.tensor([255, 2])}, {'ignore_index': 255}, lambda: F.nll_loss(xn, torch.tensor([255, 2]), ignore_index=255))
add('nll_loss', 'nll_loss', {'x': xn, 't': torch.tensor([0, 2]), 'weight': torch.zeros(3)}, {}, lambda: F.nll_loss(xn, torch.tensor([0, 2]), weight=torch.zeros(3)))
xl = make((300, 5)); tl = randint((300,), 5)
for red in ('mean', 'sum'):
    add('nll_loss', 'nll_loss', {'x': xl, 't': tl}, {'reduction': red}, lambda red=red: F.nll_loss(xl, tl, reduction=red))
xd = make((6, 4), torch.float64); td = randint((6,), 4)
add('nll_loss', 'nll_loss', {'x': xd, 't': td}, {}, lambda: F.nll_loss(xd, td))
E = 'nll_loss-error'
add(E, 'nll_loss', {'x': xn, 't': torch.tensor([2, 5])}, {}, lambda: F.nll_loss(xn, torch.tensor([2, 5])))
add(E, 'nll_loss', {'x': xn, 't': torch.tensor([2, -1])}, {}, lambda: F.nll_loss(xn, torch.tensor([2, -1])))
add(E, 'nll_loss', {'x': torch.zeros(()), 't': torch.tensor(0)}, {}, lambda: F.nll_loss(torch.zeros(()), torch.tensor(0)))
add(E, 'nll_loss', {'x': torch.zeros(10, 3), 't': torch.zeros(3, dtype=torch.long)}, {}, lambda: F.nll_loss(torch.zeros(10, 3), torch.zeros(3, dtype=torch.long)))
add(E, 'nll_loss', {'x': torch.zeros(2, 3, 2, 2), 't': torch.full((2, 2, 2), 7)}, {}, lambda: F.nll_loss(torch.zeros(2, 3, 2, 2), torch.full((2, 2, 2), 7)))
add(E, 'nll_loss', {'x': torch.zeros(2, 3, 2), 't': torch.zeros(2, 2, dtype=torch.long), 'weight': torch.ones(2)}, {}, lambda: F.nll_loss(torch.zeros(2, 3, 2), torch.zeros(2, 2, dtype=torch.long), weight=torch.ones(2)))
add(E, 'nll_loss', {'x': torch.zeros(2, 3, 2, 2).long(), 't': torch.zeros(2, 2, 2, dtype=torch.long)}, {}, lambda: F.nll_loss(torch.zeros(2, 3, 2, 2).long(), torch.zeros(2, 2, 2, dtype=torch.long)))
add(E, 'nll_loss', {'x': xn.long(), 't': torch.tensor([0, 1])}, {}, lambda: F.nll_loss(xn.long(), torch.tensor([0, 1])))
for xs, ts in [((2, 3, 2, 2), (2, 2, 3)), ((2, 3, 2, 2), (2, 2)), ((2, 3, 2, 2, 2), (2, 2, 3, 2)), ((3,), (2,)), ((3,), (1, 1)), ((2, 3), ())]:
    add(E, 'nll_loss', {'x': torch.zeros(xs), 't': torch.zeros(ts, dtype=torch.long)}, {}, lambda xs=xs, ts=ts: F.nll_loss(torch.zeros(xs), torch.zeros(ts, dtype=torch.long)))
    add(E, 'cross_entropy', {'x': torch.zeros(xs), 't': torch.zeros(ts, dtype=torch.long)}, {}, lambda xs=xs, ts=ts: F.cross_entropy(torch.zeros(xs), torch.zeros(ts, dtype=torch.long)))
add(E, 'nll_loss', {'x': xn, 't': torch.tensor([0, 1]), 'weight': torch.tensor([1, 2, 3])}, {}, lambda: F.nll_loss(xn, torch.tensor([0, 1]), weight=torch.tensor([1, 2, 3])))

# ---- binary cross entropy ------------------------------------------------------------------
for shape in [(5,), (3, 4), (2, 3, 2), ()]:
    for dt in (torch.float32, torch.float64):
        p = torch.rand(shape, generator=g, dtype=dt)
        y = torch.rand(shape, generator=g, dtype=dt)
        yb = torch.randint(0, 2, shape, generator=g).to(dt)
        lg = make(shape, dt)
        w = torch.rand(shape[-1:] if shape else (), generator=g, dtype=dt)
        pw = torch.rand(shape[-1:] if shape else (), generator=g, dtype=dt) * 3
        for red in RED:
            for wt in (None, w):
                add('bce', 'binary_cross_entropy', {'x': p, 't': y, 'weight': wt}, {'reduction': red}, lambda p=p, y=y, wt=wt, red=red: F.binary_cross_entropy(p, y, weight=wt, reduction=red))
                for pwt in (None, pw):
                    add('bce_logits', 'binary_cross_entropy_with_logits', {'x': lg, 't': yb, 'weight': wt, 'pos_weight': pwt}, {'reduction': red},
                        lambda lg=lg, yb=yb, wt=wt, pwt=pwt, red=red: F.binary_cross_entropy_with_logits(lg, yb, weight=wt, pos_weight=pwt, reduction=red))
pe = torch.tensor([0., 1, 1e-30, 1 - 1e-7, 0.5]); ye = torch.tensor([1., 0, 1, 0, 0.5])
add('bce', 'binary_cross_entropy', {'x': pe, 't': ye}, {'reduction': 'none'}, lambda: F.binary_cross_entropy(pe, ye, reduction='none'))
le = torch.tensor([100., -100, inf, -inf, 0, 30, -30]); ly = torch.tensor([0., 1, 1, 0, 0.5, 1, 0])
add('bce_logits', 'binary_cross_entropy_with_logits', {'x': le, 't': ly}, {'reduction': 'none'}, lambda: F.binary_cross_entropy_with_logits(le, ly, reduction='none'))
add('bce', 'binary_cross_entropy', {'x': torch.zeros(0), 't': torch.zeros(0)}, {}, lambda: F.binary_cross_entropy(torch.zeros(0), torch.zeros(0)))
E = 'bce-error'
p3 = torch.tensor([0.2, 0.7, 1.0]); y3 = torch.tensor([0., 1, 1])
add(E, 'binary_cross_entropy', {'x': torch.tensor([1.5, 0.2]), 't': torch.tensor([1., 0])}, {}, lambda: F.binary_cross_entropy(torch.tensor([1.5, 0.2]), torch.tensor([1., 0])))
add(E, 'binary_cross_entropy', {'x': torch.tensor([nan, 0.2]), 't': torch.tensor([1., 0])}, {}, lambda: F.binary_cross_entropy(torch.tensor([nan, 0.2]), torch.tensor([1., 0])))
add(E, 'binary_cross_entropy', {'x': torch.tensor([0.5]), 't': torch.tensor([2.])}, {}, lambda: F.binary_cross_entropy(torch.tensor([0.5]), torch.tensor([2.])))
add(E, 'binary_cross_entropy', {'x': p3, 't': y3[:2]}, {}, lambda: F.binary_cross_entropy(p3, y3[:2]))
add(E, 'binary_cross_entropy', {'x': p3, 't': y3.long()}, {}, lambda: F.binary_cross_entropy(p3, y3.long()))
add(E, 'binary_cross_entropy', {'x': p3, 't': y3, 'weight': torch.ones(2)}, {}, lambda: F.binary_cross_entropy(p3, y3, weight=torch.ones(2)))
add(E, 'binary_cross_entropy', {'x': p3, 't': y3}, {'reduction': 'x'}, lambda: F.binary_cross_entropy(p3, y3, reduction='x'))
add(E, 'binary_cross_entropy_with_logits', {'x': p3, 't': y3[:2]}, {}, lambda: F.binary_cross_entropy_with_logits(p3, y3[:2]))
add(E, 'binary_cross_entropy_with_logits', {'x': p3, 't': y3.long()}, {}, lambda: F.binary_cross_entropy_with_logits(p3, y3.long()))
add(E, 'binary_cross_entropy_with_logits', {'x': p3.long(), 't': y3}, {}, lambda: F.binary_cross_entropy_with_logits(p3.long(), y3))
add(E, 'binary_cross_entropy_with_logits', {'x': p3, 't': y3, 'pos_weight': torch.ones(2)}, {}, lambda: F.binary_cross_entropy_with_logits(p3, y3, pos_weight=torch.ones(2)))
add(E, 'binary_cross_entropy_with_logits', {'x': p3, 't': y3, 'weight': torch.ones(2)}, {}, lambda: F.binary_cross_entropy_with_logits(p3, y3, weight=torch.ones(2)))

# ---- kl_div ----------------------------------------------------------------------------------
for shape in [(2, 3), (4, 5), (3,), (2, 3, 4)]:
    for dt in (torch.float32, torch.float64):
        x = F.log_softmax(make(shape, dt), -1)
        t = torch.softmax(make(shape, dt), -1)
        for red in ('mean', 'sum', 'none', 'batchmean'):
            add('kl_div', 'kl_div', {'x': x, 't': t}, {'reduction': red}, lambda x=x, t=t, red=red: F.kl_div(x, t, reduction=red))
            lt = t.log()
            add('kl_div', 'kl_div', {'x': x, 't': lt}, {'reduction': red, 'log_target': True}, lambda x=x, lt=lt, red=red: F.kl_div(x, lt, reduction=red, log_target=True))
xk = torch.tensor([[1., 2, 3], [3, 1, 2]])
add('kl_div', 'kl_div', {'x': xk, 't': torch.tensor([[0., 1, -1], [0, 0, 0]])}, {'reduction': 'none'}, lambda: F.kl_div(xk, torch.tensor([[0., 1, -1], [0, 0, 0]]), reduction='none'))
add('kl_div', 'kl_div', {'x': xk, 't': xk[0]}, {'reduction': 'sum'}, lambda: F.kl_div(xk, xk[0], reduction='sum'))
add('kl_div-error', 'kl_div', {'x': xk, 't': xk.long()}, {}, lambda: F.kl_div(xk, xk.long()))
add('kl_div-error', 'kl_div', {'x': xk, 't': xk}, {'reduction': 'x'}, lambda: F.kl_div(xk, xk, reduction='x'))
add('kl_div-error', 'kl_div', {'x': xk, 't': xk[:1, :2]}, {}, lambda: F.kl_div(xk, xk[:1, :2]))

os.makedirs(OUT, exist_ok=True)
groups = {}
for c in cases:
    key = 'losses' if c['op'] in ('cross_entropy', 'nll_loss', 'binary_cross_entropy', 'binary_cross_entropy_with_logits', 'kl_div') else 'softmax'
    groups.setdefault(key, []).append(c)
for key, cs in groups.items():
    with open(os.path.join(OUT, f'{key}.json'), 'w') as f:
        json.dump({'torch': torch.__version__, 'cases': cs}, f, separators=(',', ':'))
print({k: len(v) for k, v in groups.items()}, 'total', len(cases))
