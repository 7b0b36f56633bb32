#!/usr/bin/env python3
"""Generate printing fixtures from real PyTorch 2.13 / CPython (run with the system python3).

Writes
  test/fixtures/engine/format_cases.json   tensor repr cases (values stored exactly as float repr)
  test/fixtures/engine/pyfloat_cases.json  float repr, format(value, spec) and round() cases

Floats are stored as Python repr strings (round-trip exact; 'nan', 'inf', '-inf', '-0.0').
Usage: python3 tools/gen_format_cases.py
"""
import json
import math
import os
import random
import struct

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, 'test', 'fixtures', 'engine')
DT = {
    'float32': torch.float32, 'float64': torch.float64, 'float16': torch.float16,
    'bfloat16': torch.bfloat16, 'int64': torch.int64, 'int32': torch.int32, 'bool': torch.bool,
}
FLOATS = ['float32', 'float64', 'float16', 'bfloat16']


def enc(v):
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int):
        return str(v)
    return repr(float(v))


def enc_opts(o):
    return {k: ('inf' if v == math.inf else v) for k, v in o.items()}


# ---------------------------------------------------------------------------
# Tensor cases

def random_values(rng, n, dtype):
    if dtype == 'bool':
        return [rng.random() < 0.5 for _ in range(n)]
    if dtype in ('int64', 'int32'):
        hi = rng.choice([9, 99, 1000, 10**6, 2**31 - 1])
        return [rng.randint(-hi if rng.random() < 0.5 else 0, hi) for _ in range(n)]
    kind = rng.choice(['normal', 'uniform', 'int', 'wide', 'special', 'prob', 'tiny'])
    scale = 10.0 ** rng.randint(-8, 12)
    out = []
    for _ in range(n):
        if kind == 'normal':
            v = rng.gauss(0, 1) * scale
        elif kind == 'uniform':
            v = rng.random() * scale
        elif kind == 'int':
            v = float(rng.randint(-50, 5000))
        elif kind == 'wide':
            v = rng.choice([-1, 1]) * 10.0 ** rng.uniform(-9, 13)
        elif kind == 'prob':
            v = rng.random()
        elif kind == 'tiny':
            v = rng.gauss(0, 1e-5)
        else:
            v = rng.choice([math.nan, math.inf, -math.inf, -0.0, 0.0, 1.0, 2.5, -3.0,
                            rng.gauss(0, 100), 0.03125, 1e8, 123456.789])
        out.append(v)
    return out


def make_case(values, shape, dtype, opts=None, requires_grad=False, grad_op=None, view=None, note=''):
    base = torch.tensor(values, dtype=DT[dtype] if dtype not in ('int64', 'int32', 'bool') else torch.float64)
    base = base.to(DT[dtype]).reshape(shape)
    stored = [enc(v) for v in base.reshape(-1).tolist()]
    t = base
    if view == 't':
        t = base.permute(*reversed(range(base.dim())))
    if requires_grad:
        t = t.detach().clone().requires_grad_(True) if view is None else base.detach().requires_grad_(True).permute(
            *reversed(range(base.dim())))
    grad_fn = None
    if grad_op == 'mul':
        leaf = base.detach().clone().requires_grad_(True)
        t = leaf * 2
        stored = [enc(v) for v in t.detach().reshape(-1).tolist()]
    elif grad_op == 'softmax':
        leaf = base.detach().clone().requires_grad_(True)
        t = torch.softmax(leaf, dim=-1)
        stored = [enc(v) for v in t.detach().reshape(-1).tolist()]
    if t.grad_fn is not None:
        grad_fn = type(t.grad_fn).__name__
    opts = opts or {}
    torch.set_printoptions(profile='default')
    if opts:
        torch.set_printoptions(**opts)
    try:
        expected = repr(t)
        assert repr(t) == str(t)
    finally:
        torch.set_printoptions(profile='default')
    return {
        'note': note, 'dtype': dtype, 'shape': list(base.shape), 'values': stored, 'view': view,
        'requires_grad': bool(t.requires_grad and t.grad_fn is None), 'grad_fn': grad_fn,
        'opts': enc_opts(opts), 'expected': expected,
    }


def random_shape(rng, max_dim=4, max_size=5):
    nd = rng.randint(0, max_dim)
    return [rng.randint(1, max_size) for _ in range(nd)]


def tensor_cases(rng):
    cases = []
    # Worked examples from the reference (values as float32 unless given).
    fixed = [
        ([0.01, 11], [2], 'float32'), ([1., 1000.], [2], 'float32'), ([1., 1010.], [2], 'float32'),
        ([4, math.inf, 1.5, -math.inf, 0, math.nan, 1], [7], 'float32'), ([0.00002], [], 'float32'),
        ([123456789.], [1], 'float32'), ([0.03125], [1], 'float32'), ([0.09375, 0.5], [2], 'float32'),
        ([-0., 0.], [2], 'float32'), ([-0., 1.5], [2], 'float32'), ([1e8], [1], 'float32'),
        ([100000008.], [1], 'float32'), ([1e-4, 0.05], [2], 'float32'), ([0.5, 500.], [2], 'float32'),
        ([1e-324, 1e-323, 1e-322, 1e307, 1e308, math.inf], [6], 'float64'),
        ([math.nan, 0.], [2], 'float32'), ([12345.678], [], 'float32'), ([0.12345, 0.99995], [2], 'float32'),
        ([1, 1010], [2], 'int64'), ([1000000000], [1], 'int64'), ([1, -2], [2], 'int64'),
        ([True], [1], 'bool'), ([True], [], 'bool'), ([True, False], [2], 'bool'),
        ([math.nan, math.inf], [2], 'float64'), ([0.0], [], 'float16'), ([2.5], [], 'float32'),
        ([10.03125], [1], 'float32'), ([-0.0], [], 'float32'), ([1e21, 1.0], [2], 'float64'),
        ([1., 1e9], [2], 'float32'), ([1e-5, 0.], [2], 'float32'), ([-1e30, 1e-30, math.nan], [3], 'float64'),
        ([65504., -0.5], [2], 'float16'), ([3.0e38, 1.], [2], 'bfloat16'), ([2**62, -2**62], [2], 'int64'),
        ([-2147483648, 2147483647], [2], 'int32'), ([1e100, 1.], [2], 'float64'),
    ]
    for vals, shape, dt in fixed:
        cases.append(make_case(vals, shape, dt, note='fixed'))
    for sci in (True, False):
        cases.append(make_case([1e2, 1e-2], [2], 'float32', opts={'sci_mode': sci}, note='sci'))
        cases.append(make_case([1e21, 1.5, -2.25e-3], [3], 'float64', opts={'sci_mode': sci}, note='sci'))
        cases.append(make_case([1., 2.], [2], 'float32', opts={'sci_mode': sci}, note='sci'))
    cases.append(make_case([1.12345, 0.5], [2], 'float32', opts={'precision': 2}, note='prec'))
    cases.append(make_case(list(range(10)), [10], 'int64', opts={'threshold': 5}, note='thr'))
    cases.append(make_case([float(i) / 7 for i in range(30)], [30], 'float32', note='wrap'))
    cases.append(make_case([float(i) / 7 for i in range(18)], [1, 18], 'float64', note='wrap-suffix'))
    cases.append(make_case([float(i) for i in range(8)], [2, 2, 2], 'float32', note='3d'))
    cases.append(make_case(list(range(1001)), [7, 143], 'int64', note='summ'))
    cases.append(make_case([float(i) for i in range(1200)], [400, 3], 'float32', note='summ'))
    cases.append(make_case([float(i) for i in range(1001)], [1001], 'float32', note='summ'))
    cases.append(make_case([i / 1000 for i in range(1001)], [1001], 'float32', note='summ'))
    cases.append(make_case([0.0] * 10000, [10000], 'float32', note='summ'))
    cases.append(make_case([1., 2.], [2], 'float64', requires_grad=True, note='grad'))
    cases.append(make_case([123.], [1], 'float32', requires_grad=True, note='grad'))
    cases.append(make_case([1., 2.], [2], 'float32', grad_op='mul', note='grad'))
    cases.append(make_case([[1., 2., 3.], [3., 1., 2.]], [2, 3], 'float32', grad_op='softmax', note='grad'))

    # Empty tensors.
    for dt in DT:
        for shape in ([0], [2, 0], [0, 3], [1, 0, 2]):
            cases.append(make_case([], shape, dt, note='empty'))
        cases.append(make_case([], [0], dt, requires_grad=dt in FLOATS, note='empty-grad'))

    # Random small tensors.
    dtypes = list(DT)
    for _ in range(260):
        dt = rng.choice(dtypes + FLOATS + ['float32'] * 3)
        shape = random_shape(rng)
        n = math.prod(shape)
        vals = random_values(rng, n, dt)
        view = 't' if len(shape) >= 2 and rng.random() < 0.25 else None
        rg = dt in FLOATS and rng.random() < 0.1
        cases.append(make_case(vals, shape, dt, requires_grad=rg, view=view, note='random'))

    # Long rows that wrap.
    for _ in range(30):
        dt = rng.choice(['float32', 'float64', 'int64', 'bool', 'int32', 'float16'])
        shape = rng.choice([[rng.randint(10, 60)], [rng.randint(1, 3), rng.randint(12, 40)],
                            [2, 2, rng.randint(10, 30)]])
        cases.append(make_case(random_values(rng, math.prod(shape), dt), shape, dt, note='wrap'))

    # Summarized tensors.
    for _ in range(24):
        dt = rng.choice(['float32', 'float32', 'float64', 'int64', 'bool', 'float16'])
        shape = rng.choice([[rng.randint(1001, 3000)], [rng.randint(30, 60), rng.randint(30, 60)],
                            [3, rng.randint(340, 600)], [rng.randint(10, 20), 4, rng.randint(13, 30)],
                            [2, 3, 4, rng.randint(42, 60)], [1001, 1], [5, 201]])
        cases.append(make_case(random_values(rng, math.prod(shape), dt), shape, dt,
                               view='t' if rng.random() < 0.2 else None, note='summ'))

    # Print-option variants.
    variants = [
        {'precision': 0}, {'precision': 1}, {'precision': 2}, {'precision': 6}, {'precision': 8},
        {'threshold': 5}, {'threshold': 10, 'edgeitems': 1}, {'threshold': 10, 'edgeitems': 2},
        {'threshold': 4, 'edgeitems': 5}, {'edgeitems': 0}, {'threshold': 3, 'edgeitems': 0},
        {'linewidth': 20}, {'linewidth': 40}, {'linewidth': 120}, {'linewidth': 200},
        {'sci_mode': True}, {'sci_mode': False}, {'profile': 'short'}, {'profile': 'full'},
        {'precision': 3, 'sci_mode': True}, {'precision': 2, 'linewidth': 30, 'threshold': 20},
        {'threshold': 0}, {'profile': 'short', 'precision': 6},
        {'precision': 0, 'sci_mode': True}, {'precision': 20}, {'precision': 120, 'linewidth': 300},
        {'precision': 0, 'sci_mode': False}, {'linewidth': 1},
    ]
    for opts in variants:
        for _ in range(6):
            dt = rng.choice(['float32', 'float32', 'float64', 'int64', 'bool'])
            shape = random_shape(rng, 3, 12)
            cases.append(make_case(random_values(rng, math.prod(shape), dt), shape, dt, opts=opts, note='opts'))
        cases.append(make_case([2.5, 0.5, 1.5, -0.5], [4], 'float32', opts=opts, note='opts-ties'))
        cases.append(make_case(list(range(1500)), [1500], 'int64', opts=opts, note='opts-big'))
        cases.append(make_case([float(v) for v in range(2000)], [40, 50], 'float32', opts=opts, note='opts-big'))
    cases.append(make_case([1.5], [], 'float32', opts={'edgeitems': 0}, note='opts'))
    cases.append(make_case([], [0, 2], 'float32', opts={'edgeitems': 0}, note='opts'))
    return cases


# ---------------------------------------------------------------------------
# Python float cases

def rand_double(rng):
    k = rng.random()
    if k < 0.25:
        while True:
            v = struct.unpack('<d', struct.pack('<Q', rng.getrandbits(64)))[0]
            if math.isfinite(v):
                return v
    if k < 0.45:
        return round(rng.uniform(-1, 1) * 10 ** rng.randint(-6, 20), rng.randint(0, 8))
    if k < 0.6:
        return rng.randint(-2**12, 2**12) / 2 ** rng.randint(0, 12)  # dyadic: exact ties
    if k < 0.7:
        return struct.unpack('<f', struct.pack('<f', rng.gauss(0, 10 ** rng.randint(-6, 9))))[0]
    if k < 0.8:
        return rng.choice([1e16, 9999999999999998.0, 1e-4, 9.999999999999999e-05, 1e-5, 1e22, 1e21,
                           5e-324, 1.7976931348623157e308, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, 100.0, 1e15,
                           123456789012345678.0, 0.5, 1.5, 2.5, 0.125, 0.0, -0.0, 1e100, 2.0 ** 63])
    return rng.uniform(-1e6, 1e6) * 10.0 ** rng.randint(-20, 20)


def rand_spec(rng, kind):
    parts = []
    if rng.random() < 0.3:
        fill = rng.choice(['', '', '*', '0', ' ', '_', 'x'])
        parts.append(fill + rng.choice('<>=^'))
    if rng.random() < 0.3:
        parts.append(rng.choice('+- '))
    if rng.random() < 0.08:
        parts.append('z')
    if rng.random() < 0.15:
        parts.append('#')
    if rng.random() < 0.2:
        parts.append('0')
    if rng.random() < 0.5:
        parts.append(str(rng.randint(0, 25)))
    if rng.random() < 0.15:
        parts.append(rng.choice(',_'))
    if rng.random() < 0.6:
        parts.append('.' + str(rng.choice([0, 1, 2, 3, 4, 5, 6, 10, 17, 20, rng.randint(0, 40)])))
    types = {'float': 'eEfFgGn%' + '   ' + 'dxs', 'int': 'bcdoxXneEfFgG%' + '   ' + 's',
             'bool': 'dxfe ' + ' ', 'str': 's  d'}[kind]
    t = rng.choice(types)
    if t != ' ':
        parts.append(t)
    return ''.join(parts)


def outcome(fn):
    try:
        return {'out': fn()}
    except Exception as e:  # noqa: BLE001
        return {'error': type(e).__name__ + ': ' + str(e)}


def pyfloat_cases(rng):
    reprs = []
    for _ in range(3000):
        v = rand_double(rng)
        reprs.append([repr(v), repr(v)])
    for v in [math.nan, math.inf, -math.inf, -0.0, 0.0]:
        reprs.append([repr(v), repr(v)])
    fmts = []
    for _ in range(3500):
        kind = rng.choice(['float', 'float', 'float', 'int', 'int', 'str', 'bool'])
        spec = rand_spec(rng, kind)
        if kind == 'float':
            v = rand_double(rng) if rng.random() < 0.95 else rng.choice([math.nan, math.inf, -math.inf])
            fmts.append(dict(kind=kind, value=repr(v), spec=spec, **outcome(lambda: format(v, spec))))
        elif kind == 'int':
            v = rng.choice([rng.randint(-10**6, 10**6), rng.randint(-2**70, 2**70), rng.randint(0, 300), 0])
            fmts.append(dict(kind=kind, value=str(v), spec=spec, **outcome(lambda: format(v, spec))))
        elif kind == 'bool':
            v = rng.random() < 0.5
            fmts.append(dict(kind=kind, value=v, spec=spec, **outcome(lambda: format(v, spec))))
        else:
            v = rng.choice(['', 'a', 'abc', 'hello world', 'héllo', 'tensor'])
            fmts.append(dict(kind=kind, value=v, spec=spec, **outcome(lambda: format(v, spec))))
    # Rounding-focused: dyadic ties, integers with 5s, huge precisions (exact path).
    specs = ['.0f', '.1f', '.2f', '.3f', '.4f', '.0e', '.1e', '.2e', '.4e', '.3g', '.2', 'g', '.120f', '.110e',
             '.4%', '+.17g', ',.2f']
    for _ in range(400):
        v = rng.choice([rng.randint(-2**14, 2**14) / 2 ** rng.randint(0, 16), float(rng.randint(1, 10**6) * 5),
                        struct.unpack('<f', struct.pack('<f', rng.gauss(0, 1)))[0], rand_double(rng)])
        spec = rng.choice(specs)
        fmts.append(dict(kind='float', value=repr(v), spec=spec, **outcome(lambda: format(v, spec))))
    rounds = []
    for _ in range(1500):
        v = rand_double(rng)
        nd = rng.choice([None, 0, 1, 2, 3, 4, -1, -2, rng.randint(-10, 25), 400, -400])
        r = outcome(lambda: round(v, nd) if nd is not None else round(v))
        if 'out' in r:
            r['out'] = repr(r['out']) if isinstance(r['out'], float) else str(r['out'])
        rounds.append(dict(value=repr(v), ndigits=nd, **r))
    for _ in range(300):
        v = rng.choice([rng.randint(-10**6, 10**6), rng.randint(-2**60, 2**60)])
        nd = rng.randint(-8, 3)
        rounds.append(dict(value=str(v), ndigits=nd, int=True, out=str(round(v, nd))))
    return {'repr': reprs, 'format': fmts, 'round': rounds}


def main():
    rng = random.Random(20261126)
    torch.manual_seed(0)
    os.makedirs(OUT_DIR, exist_ok=True)
    assert torch.__version__.startswith('2.13'), torch.__version__
    tc = tensor_cases(rng)
    with open(os.path.join(OUT_DIR, 'format_cases.json'), 'w') as f:
        json.dump({'torch': torch.__version__, 'cases': tc}, f, separators=(',', ':'))
    pc = pyfloat_cases(rng)
    with open(os.path.join(OUT_DIR, 'pyfloat_cases.json'), 'w') as f:
        json.dump(pc, f, separators=(',', ':'), ensure_ascii=False)
    print(f'{len(tc)} tensor cases, {len(pc["repr"])} repr, {len(pc["format"])} format, {len(pc["round"])} round')


if __name__ == '__main__':
    main()
