"""Generate expected values for the engine math tests (elementwise, reduce, sort, linalg).

Run with the system python3 (PyTorch 2.13 CPU):
    python3 tools/gen_engine_math_fixtures.py
Writes test/fixtures/engine/math.json. Each case names an engine op, its
encoded arguments and PyTorch's result (tensor values/shape/dtype, a
(values, indices) pair, a Python value, or the error class and message).
"""
import json
import math
import operator
import os

import torch
import torch.nn.functional as F

torch.manual_seed(0)
CASES = []
nan, inf = float('nan'), float('inf')


def enc_num(v):
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return 'nan'
        if math.isinf(v):
            return 'inf' if v > 0 else '-inf'
    return v


class A:
    """A tensor argument: base data (contiguous), optionally permuted into a strided view."""

    def __init__(self, data, dtype='float32', perm=None):
        self.base = torch.tensor(data, dtype=getattr(torch, dtype))
        self.dtype = dtype
        self.perm = perm

    def torch(self):
        t = self.base.clone()
        return t.permute(*self.perm) if self.perm else t

    def enc(self):
        return {'data': [enc_num(v) for v in self.base.flatten().tolist()], 'shape': list(self.base.shape),
                'dtype': self.dtype, 'perm': self.perm}


class S:
    """A Python scalar argument."""

    def __init__(self, v):
        self.v = v

    def torch(self):
        return self.v

    def enc(self):
        kind = 'bool' if isinstance(self.v, bool) else 'int' if isinstance(self.v, int) else 'float'
        return {'scalar': enc_num(float(self.v) if kind == 'float' else int(self.v)), 'kind': kind}


DT = {torch.float32: 'float32', torch.float64: 'float64', torch.int64: 'int64', torch.int32: 'int32',
      torch.bool: 'bool', torch.float16: 'float16', torch.bfloat16: 'bfloat16'}


def enc_result(r):
    if isinstance(r, torch.Tensor):
        return {'tensor': {'data': [enc_num(v) for v in r.flatten().tolist()], 'shape': list(r.shape),
                           'dtype': DT[r.dtype]}}
    if hasattr(r, 'values') and hasattr(r, 'indices'):
        return {'vi': [enc_result(r.values)['tensor'], enc_result(r.indices)['tensor']]}
    if isinstance(r, (list, tuple)):
        return {'list': [enc_result(x)['tensor'] for x in r]}
    return {'py': enc_num(r)}


def dec(x):
    if isinstance(x, (A, S)):
        return x.torch()
    if isinstance(x, dict):
        return {k: dec(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return type(x)(dec(v) for v in x)
    if isinstance(x, str) and x.startswith('torch.'):
        return getattr(torch, x[6:])
    return x


def enc_arg(x):
    if isinstance(x, (A, S)):
        return x.enc()
    if isinstance(x, dict):
        return {k: enc_arg(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [enc_arg(v) for v in x]
    if isinstance(x, str) and x.startswith('torch.'):
        return {'dtype': x[6:]}
    return enc_num(x)


# Python operators for a scalar first operand (`3 - t` goes through __rsub__).
PYOP = {'add': operator.add, 'sub': operator.sub, 'mul': operator.mul, 'div': operator.truediv,
        'floor_divide': operator.floordiv, 'remainder': operator.mod, 'pow': operator.pow}


def case(group, op, fn, *args, tol=False, **kw):
    if args and isinstance(args[0], S) and op in PYOP and not kw:
        fn = PYOP[op]
    try:
        res = enc_result(fn(*dec(list(args)), **dec(kw)))
    except Exception as e:  # noqa: BLE001 - we record PyTorch's error
        res = {'error': type(e).__name__, 'message': str(e).split('\n')[0]}
    CASES.append({'group': group, 'op': op, 'args': enc_arg(list(args)), 'kwargs': enc_arg(kw), 'expect': res, 'tol': tol})


# ---------------------------------------------------------------- data
M = [[1.5, -2.0, 3.25], [0.0, 4.0, -0.5]]
Mt = A([[1.5, 0.0], [-2.0, 4.0], [3.25, -0.5]], perm=[1, 0])  # same values as M, transposed view
I = [[1, -2, 3], [0, 4, -7]]
SPEC = [nan, inf, -inf, 0.0, -0.0, 1.0, -2.5]
RND = (torch.randn(5, 7) * 3).round(decimals=3).tolist()  # short decimals keep the JSON small
RND2 = (torch.randn(7, 4) * 3).round(decimals=3).tolist()
R3 = (torch.randn(2, 3, 4)).round(decimals=3).tolist()

# ---------------------------------------------------------------- binary
g = 'elementwise'
for name, fn in [('add', torch.add), ('sub', torch.sub), ('mul', torch.mul), ('div', torch.div),
                 ('floor_divide', torch.floor_divide), ('remainder', torch.remainder), ('pow', torch.pow),
                 ('maximum', torch.maximum), ('minimum', torch.minimum), ('atan2', torch.atan2), ('fmod', torch.fmod)]:
    tol = name in ('pow', 'atan2')
    case(g, name, fn, A(M), A([[2.0], [-3.0]]), tol=tol)
    case(g, name, fn, Mt, A([0.5, -1.5, 2.0]), tol=tol)
    case(g, name, fn, A(I, 'int64'), A([[2], [-3]], 'int64'), tol=tol)
    case(g, name, fn, A(I, 'int64'), A([2.5, -1.0, 4.0]), tol=tol)
    case(g, name, fn, A(I, 'int32'), A(3, 'int64'), tol=tol)
    case(g, name, fn, A(M, 'float64'), A([1.0, 2.0, 3.0]), tol=tol)
    case(g, name, fn, A([True, False, True], 'bool'), A([True, True, False], 'bool'), tol=tol)
    case(g, name, fn, A(SPEC), A([1.0, -1.0, 0.0, 0.0, 2.0, inf, nan]), tol=tol)
    case(g, name, fn, A([[1.0, 2.0]]), A([[1.0], [2.0], [3.0]]), tol=tol)
    case(g, name, fn, A([1.0, 2.0, 3.0]), A([1.0, 2.0]), tol=tol)
    for s in [S(2), S(-3), S(2.5), S(True), S(0.1)]:
        case(g, name, fn, A(I, 'int64'), s, tol=tol)
        case(g, name, fn, A(M), s, tol=tol)
        case(g, name, fn, A([True, False], 'bool'), s, tol=tol)
    case(g, name, fn, A(I, 'int32'), A(2.5, 'float64'), tol=tol)
    case(g, name, fn, A(I, 'int64'), A(2.5, 'float64'), tol=tol)
    case(g, name, fn, A(M, 'float16'), A(0.3, 'float64'), tol=tol)
    case(g, name, fn, A([0.1, 0.7, 1.3], 'bfloat16'), S(3.0), tol=tol)
    case(g, name, fn, S(3), A(I, 'int64'), tol=tol)
    case(g, name, fn, S(2.0), A(M), tol=tol)
    case(g, name, fn, A(I, 'int64'), A([0, 1, 2], 'int64'), tol=tol)

case(g, 'add', torch.add, A(M), A(M), alpha=S(2.5))
case(g, 'add', torch.add, A(I, 'int64'), A(I, 'int64'), alpha=S(2.5))
case(g, 'add', torch.add, A(I, 'int64'), A(I, 'int64'), alpha=S(3))
case(g, 'sub', torch.sub, A(M), A([1.0, 2.0, 3.0]), alpha=S(0.3))
case(g, 'add', torch.add, A(M), A(M), alpha=S(True))
case(g, 'sub', torch.sub, A([True], 'bool'), S(True))
case(g, 'div', torch.div, A(M), A([[2.0], [-3.0]]), rounding_mode='trunc')
case(g, 'div', torch.div, A(M), A([[2.0], [-3.0]]), rounding_mode='floor')
case(g, 'div', torch.div, A(I, 'int64'), A([[2], [-3]], 'int64'), rounding_mode='trunc')
case(g, 'div', torch.div, A(I, 'int64'), A([[2], [-3]], 'int64'), rounding_mode='floor')
case(g, 'div', torch.div, A(I, 'int64'), S(0), rounding_mode='trunc')
case(g, 'div', torch.div, A([True], 'bool'), A([True], 'bool'), rounding_mode='trunc')
case(g, 'div', torch.div, A(M), S(2.0), rounding_mode='bad')
case(g, 'div', torch.div, A([-7.5, 7.5, -0.0, 5.0], 'float64'), A([2.0, -2.0, 3.0, 0.0], 'float64'), rounding_mode='floor')
case(g, 'pow', torch.pow, A([0.5, 2.0, -1.5, 0.0]), S(0.5))
case(g, 'pow', torch.pow, A([0.5, 2.0, -1.5, 3.0]), S(3))
case(g, 'pow', torch.pow, A([0.5, 2.0, -1.5, 3.0]), S(-2))
case(g, 'pow', torch.pow, A([0.5, 2.0, 3.0]), S(-0.5))
case(g, 'pow', torch.pow, A([1, -1, 2, 3], 'int64'), A([-1, -3, -2, 3], 'int64'))
case(g, 'pow', torch.pow, S(2), A([-1, 2], 'int64'))
case(g, 'pow', torch.pow, A([1, 2, 3], 'int64'), S(-1))
case(g, 'pow', torch.pow, A([1, 2, 3], 'int64'), S(-1.0))
case(g, 'maximum', torch.maximum, A([1, 2], 'int64'), S(2))
rnd = torch.rand(40).round(decimals=4).tolist()
for name in ['mul', 'div', 'add', 'sub']:
    case(g, name, getattr(torch, name), A(rnd), S(0.1))
    case(g, name, getattr(torch, name), A(rnd), S(0.7))
    case(g, name, getattr(torch, name), A(rnd), A(rnd[::-1]))
    case(g, name, getattr(torch, name), A(rnd, 'float64'), S(0.1))

# ---------------------------------------------------------------- unary
UN = ['neg', 'abs', 'exp', 'log', 'log1p', 'expm1', 'sqrt', 'rsqrt', 'sin', 'cos', 'tanh', 'sigmoid', 'relu',
      'sign', 'floor', 'ceil', 'round', 'trunc', 'reciprocal', 'square', 'isnan', 'isinf', 'isfinite',
      'nan_to_num', 'logical_not', 'exp2', 'log2', 'log10', 'frac', 'tan', 'atan']
TRANS = {'exp', 'log', 'log1p', 'expm1', 'sqrt', 'rsqrt', 'sin', 'cos', 'tanh', 'sigmoid', 'exp2', 'log2', 'log10',
         'tan', 'atan', 'reciprocal'}
for name in UN:
    fn = getattr(torch, name)
    tol = name in TRANS
    case(g, name, fn, A(M), tol=tol)
    case(g, name, fn, Mt, tol=tol)
    case(g, name, fn, A(SPEC), tol=tol)
    case(g, name, fn, A(I, 'int64'), tol=tol)
    case(g, name, fn, A([3, -4], 'int32'), tol=tol)
    case(g, name, fn, A([True, False], 'bool'), tol=tol)
    case(g, name, fn, A([0.5, -1.5, 2.5, 3.5, -0.49, 1e-3], 'float64'), tol=tol)
    case(g, name, fn, A(rnd), tol=tol)
    case(g, name, fn, A(2.5), tol=tol)
case(g, 'round', torch.round, A([1.2345, -2.5551, 0.125, 1234.5]), decimals=2)
case(g, 'round', torch.round, A([1.2345, -2.5551, 0.125, 1234.5], 'float64'), decimals=1)
case(g, 'round', torch.round, A([1234.5, 1250.0, -1350.0]), decimals=-2)
case(g, 'round', torch.round, A([1, 2], 'int64'), decimals=2)
case(g, 'round', torch.round, A([True], 'bool'), decimals=1)
case(g, 'nan_to_num', torch.nan_to_num, A(SPEC, 'float64'))
case(g, 'nan_to_num', torch.nan_to_num, A(SPEC), nan=1.5, posinf=9.0)
case(g, 'nan_to_num', torch.nan_to_num, A(SPEC, 'float16'))
case(g, 'nan_to_num', torch.nan_to_num, A(SPEC, 'bfloat16'))

# ---------------------------------------------------------------- comparisons / logical / bitwise
for name in ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logical_and', 'logical_or', 'logical_xor']:
    fn = getattr(torch, name)
    case(g, name, fn, A(M), A([[1.5], [4.0]]))
    case(g, name, fn, A(I, 'int64'), S(2.5))
    case(g, name, fn, A(I, 'int64'), S(3))
    case(g, name, fn, A(SPEC), A([nan, inf, 0.0, -0.0, 0.0, 1.0, -2.5]))
    case(g, name, fn, Mt, A(M))
    case(g, name, fn, A([True, False], 'bool'), A([[True], [False]], 'bool'))
for name in ['bitwise_and', 'bitwise_or', 'bitwise_xor']:
    fn = getattr(torch, name)
    case(g, name, fn, A(I, 'int64'), A([[6], [-3]], 'int64'))
    case(g, name, fn, A([True, False, True], 'bool'), A([True, True, False], 'bool'))
    case(g, name, fn, A(I, 'int64'), S(5))
    case(g, name, fn, A([True, False], 'bool'), S(True))
    case(g, name, fn, A(M), A(M))
    case(g, name, fn, A([2 ** 40 + 5, -(2 ** 35)], 'int64'), A([2 ** 40 + 3, 7], 'int64'))
for t in [A(I, 'int64'), A([True, False], 'bool'), A(M), A([5, -1], 'int32')]:
    case(g, 'bitwise_not', torch.bitwise_not, t)
    case(g, 'invert', lambda x: ~x, t)
for kw in [{}, {'rtol': 0.1}, {'atol': 0.5}, {'equal_nan': True}]:
    case(g, 'isclose', torch.isclose, A([1.0, 1.00001, nan, inf, -inf, 2.0]), A([1.0, 1.0, nan, inf, inf, 2.1]), **kw)
    case(g, 'allclose', torch.allclose, A([1.0, 1.00001, 2.0]), A([1.0, 1.0, 2.05]), **kw)
case(g, 'isclose', torch.isclose, A(I, 'int64'), A(I, 'int64'))
case(g, 'isclose', torch.isclose, A(M), A(I, 'int64'))
case(g, 'allclose', torch.allclose, A(I, 'int64'), A(M))
case(g, 'allclose', torch.allclose, A([1.0, 2.0]), A([1.0, 2.0, 3.0]))
case(g, 'allclose', torch.allclose, A([1.0, nan]), A([1.0, nan]))
case(g, 'equal', torch.equal, A(I, 'int64'), A(I))
case(g, 'equal', torch.equal, A(M), Mt)
case(g, 'equal', torch.equal, A([1.0, 2.0]), A([1.0, 2.0, 3.0]))
case(g, 'equal', torch.equal, A([1.0, nan]), A([1.0, nan]))

# ---------------------------------------------------------------- select-like
B = A([[True, False, True], [False, False, True]], 'bool')
for a, b in [(A(M), A(I, 'int64')), (A(I, 'int64'), S(2.5)), (S(1), S(0)), (S(1.0), S(0)), (A(M), S(-1)),
             (A([1.0, 2.0, 3.0]), A([[9.0], [8.0]], 'float64'))]:
    case(g, 'where', torch.where, B, a, b)
case(g, 'where', torch.where, A(I, 'int64'), S(1), S(0))
case(g, 'where', torch.where, B)
for kw in [{'min': S(0.5)}, {'max': S(1)}, {'min': S(-1), 'max': S(2)}, {'min': S(3), 'max': S(1)}, {},
           {'min': A([0.0, 1.0, 2.0]), 'max': A([[1.0], [3.0]])}, {'min': A(1.5)}, {'min': S(nan)}]:
    case(g, 'clamp', torch.clamp, A(M), **kw)
    case(g, 'clamp', torch.clamp, A(I, 'int64'), **kw)
    case(g, 'clamp', torch.clamp, A(SPEC), **kw)
case(g, 'clamp', torch.clamp, A([True, False], 'bool'), min=S(0), max=S(1))
for v in [S(2.5), S(-1), A(7.0), A([1.0, 2.0]), S(True)]:
    case(g, 'masked_fill', lambda x, m, val: x.masked_fill(m, val), A(M), B, v)
    case(g, 'masked_fill', lambda x, m, val: x.masked_fill(m, val), A(I, 'int64'), B, v)
case(g, 'masked_fill', lambda x, m, val: x.masked_fill(m, val), A(M), A(I, 'int64'), S(1.0))
case(g, 'masked_fill', lambda x, m, val: x.masked_fill(m, val), A(M), A(I, 'int32'), S(1.0))
case(g, 'masked_fill', lambda x, m, val: x.masked_fill(m, val), A(M), A(M), S(1.0))
case(g, 'masked_fill', lambda x, m, val: x.masked_fill(m, val), A([1.0, 2.0, 3.0]), A([[True], [False]], 'bool'), S(0.0))
case(g, 'masked_fill', lambda x, m, val: x.masked_fill(m, val), A(M), A([True, False, True], 'bool'), S(-inf))
for args in [(A([0, 2, 1], 'int64'),), (A([0, 2, 1], 'int64'), 4), (A([[0, 2], [1, 1]], 'int64'),), (A([0, 3], 'int64'), 3),
             (A([-1, 0], 'int64'),), (A([], 'int64'),), (A([], 'int64'), 3), (A([0.0, 1.0]),), (A([0, 1], 'int32'),),
             (A([0, 1], 'int64'), -2), (A(2, 'int64'),), (A([0, 1], 'int64'), 0)]:
    case(g, 'one_hot', F.one_hot, *args)

# ---------------------------------------------------------------- in-place
case(g, 'add_', lambda x, y: x.add_(y), A(I, 'int64'), S(1.5))
case(g, 'add_', lambda x, y: x.add_(y), A(I, 'int64'), S(2))
case(g, 'add_', lambda x, y: x.add_(y), Mt, A([1.0, 2.0, 3.0]))
case(g, 'add_', lambda x, y: x.add_(y), A([1.0, 2.0]), A([[1.0], [2.0]]))
case(g, 'add_', lambda x, y: x.add_(y), A([True, False], 'bool'), S(1))
case(g, 'add_', lambda x, y: x.add_(y), A([1.0, 2.0], 'float32'), A([1.0, 2.0], 'float64'))
case(g, 'mul_', lambda x, y: x.mul_(y), A(I, 'int64'), A(1.5))
case(g, 'mul_', lambda x, y: x.mul_(y), Mt, S(2))
case(g, 'div_', lambda x, y: x.div_(y), A(I, 'int64'), S(2))
case(g, 'div_', lambda x, y: x.div_(y), Mt, S(4))
case(g, 'sub_', lambda x, y: x.sub_(y), A(I, 'int32'), S(3))
case(g, 'clamp_', lambda x, lo, hi: x.clamp_(lo, hi), Mt, S(0.0), S(2.0))
case(g, 'clamp_', lambda x, lo, hi: x.clamp_(lo, hi), A(I, 'int64'), S(0.5), S(2.0))
case(g, 'masked_fill_', lambda x, m, v: x.masked_fill_(m, v), Mt, B, S(9.0))
case(g, 'masked_fill_', lambda x, m, v: x.masked_fill_(m, v), A([1.0, 2.0, 3.0]), A([[True], [False]], 'bool'), S(0.0))
case(g, 'exp_', lambda x: x.exp_(), A(I, 'int64'))
case(g, 'exp_', lambda x: x.exp_(), Mt, tol=True)
case(g, 'relu_', lambda x: x.relu_(), Mt)
case(g, 'neg_', lambda x: x.neg_(), Mt)
case(g, 'pow_', lambda x, y: x.pow_(y), A(I, 'int64'), S(2))
case(g, 'remainder_', lambda x, y: x.remainder_(y), A(I, 'int64'), S(3))
case(g, 'floor_divide_', lambda x, y: x.floor_divide_(y), A(I, 'int64'), S(2))
case(g, 'bitwise_and_', lambda x, y: x.bitwise_and_(y), A(I, 'int64'), S(6))
case(g, 'copy_', lambda x, y: x.copy_(y), Mt, A([7, 8, 9], 'int64'))
case(g, 'copy_', lambda x, y: x.copy_(y), A(I, 'int64'), A([1.7, -2.7, 3.2]))

# ---------------------------------------------------------------- reductions
g = 'reduce'
X3 = A(R3)
X3t = A(torch.tensor(R3).permute(2, 0, 1).contiguous().tolist(), perm=[1, 2, 0])  # same values, strided
for name in ['sum', 'mean', 'amax', 'amin', 'std', 'var', 'all', 'any', 'count_nonzero', 'norm']:
    fn = getattr(torch, name)
    tol = name in ('sum', 'mean', 'std', 'var', 'norm')
    for t in [A(M), Mt, A(I, 'int64'), A([True, False, True], 'bool'), X3, X3t, A(SPEC), A(RND), A(5.0),
              A([[1, 2], [3, 4]], 'int32'), A(M, 'float64')]:
        case(g, name, fn, t, tol=tol)
        for dim in [0, -1, 1, (0, 1), (0, 2), (-1, 0), 2, (), (0, 0), 5]:
            if name == 'count_nonzero':
                case(g, name, fn, t, dim=dim, tol=tol)
            else:
                case(g, name, fn, t, dim=dim, tol=tol)
                case(g, name, fn, t, dim=dim, keepdim=True, tol=tol)
    case(g, name, fn, A([[]]), tol=tol)
    case(g, name, fn, A([[]]), dim=0, tol=tol)
    case(g, name, fn, A([[]]), dim=1, tol=tol)
for name in ['prod', 'max', 'min', 'argmax', 'argmin', 'cumsum', 'cumprod']:
    fn = getattr(torch, name)
    tol = name in ('prod',)
    for t in [A(M), Mt, A(I, 'int64'), A([True, False, True], 'bool'), X3, X3t, A(SPEC), A(RND), A(5.0),
              A([3.0, 1.0, 3.0, nan, 1.0, nan]), A([2, 7, 7, 1, 1], 'int32'), A([[]])]:
        if name not in ('cumsum', 'cumprod'):
            case(g, name, fn, t, tol=tol)
        for dim in [0, -1, 1, 2, 5, -3]:
            case(g, name, fn, t, dim, tol=tol)
            if name not in ('cumsum', 'cumprod'):
                case(g, name, fn, t, dim, keepdim=True, tol=tol)
    if name in ('argmax', 'argmin'):
        case(g, name, fn, X3, keepdim=True)
for name in ['sum', 'prod', 'cumsum', 'mean']:
    fn = getattr(torch, name)
    case(g, name, fn, A(I, 'int64'), 0, dtype='torch.float32', tol=True)
    case(g, name, fn, A(M), 1, dtype='torch.float64', tol=True)
    case(g, name, fn, A([True, True], 'bool'), 0, dtype='torch.int32', tol=True)
for kw in [{'unbiased': False}, {'correction': 0}, {'correction': 2}, {'dim': 1, 'unbiased': False},
           {'dim': 1, 'correction': 3}, {'dim': 0, 'keepdim': True, 'correction': 0}]:
    case(g, 'std', torch.std, A(M), tol=True, **kw)
    case(g, 'var', torch.var, X3, tol=True, **kw)
case(g, 'std', torch.std, A([1.0]))
case(g, 'norm', torch.norm, A(M), p=1, tol=True)
case(g, 'norm', torch.norm, A(M), p=float('inf'), tol=True)
case(g, 'norm', torch.norm, A(M), p=3, dim=1, tol=True)
case(g, 'norm', torch.norm, A(M), p=0, tol=True)
case(g, 'norm', torch.norm, A(I, 'int64'))
big = (torch.rand(3000) * 2 - 1).tolist()
case(g, 'sum', torch.sum, A(big), tol=True)
case(g, 'mean', torch.mean, A(big), tol=True)
case(g, 'sum', torch.sum, A([[0.1] * 7] * 3), dim=1)
# Bit-exact float sums: the engine replays PyTorch's cascade (AVX2 lane width).
for shape, dim in [((7,), None), ((5,), None), ((9,), None), ((33,), None), ((1000,), None), ((4100,), None),
                   ((6, 13), 1), ((6, 13), 0), ((40, 3), 0), ((50, 40), 0), ((3, 9, 5), 1), ((70, 4), 0),
                   ((120, 37), 0), ((37, 120), 1), ((7, 5, 3), (0, 1)), ((7, 5, 3), (1, 2))]:
    for dt in ['float32', 'float64']:
        x = (torch.randn(*shape) * torch.rand(*shape) * 10).to(getattr(torch, dt))
        kw = {} if dim is None else {'dim': dim}
        case(g, 'sum', torch.sum, A(x.tolist(), dt), **kw)
        if x.numel() <= 1000:
            case(g, 'mean', torch.mean, A(x.tolist(), dt), **kw)

# ---------------------------------------------------------------- sort / topk
g = 'sort'
TIE = [3.0, 1.0, 2.0, 1.0, 3.0, nan, 2.0, -inf, 0.0, -0.0]
T40 = (torch.arange(40.0) % 3).tolist()
T300 = (torch.randint(0, 5, (300,)).float()).tolist()
TN = torch.randint(0, 4, (6, 70)).float().tolist()
for t in [A(TIE), A(M), Mt, X3, A(I, 'int64'), A([True, False, True], 'bool'), A(5.0), A([[]])]:
    for kw in [{}, {'descending': True}, {'dim': 0}, {'dim': 0, 'descending': True}, {'stable': True}, {'dim': 3}]:
        case(g, 'sort', torch.sort, t, **kw)
        case(g, 'argsort', torch.argsort, t, **kw)
for t in [A(T40), A(T300), A(TN), A(TIE), X3, A(I, 'int64'), A([[1, 5, 2], [4, 4, 0]], 'int64'), A(M, 'float64'),
          A([1.0, 2.0, 2.0, 2.0, 1.0, 1.0, 2.0]), A([nan, 1.0, nan])]:
    for kw in [{'stable': True}, {'descending': True, 'stable': True}, {}, {'descending': True}, {'dim': 0},
               {'dim': 0, 'descending': True}]:
        case(g, 'sort', torch.sort, t, **kw)
    n = t.torch().shape[-1] if t.torch().dim() else 1
    for k in sorted({0, 1, 2, 3, 5, n // 2, n - 1, n}):
        if k < 0 or k > n:
            continue
        case(g, 'topk', torch.topk, t, k)
        case(g, 'topk', torch.topk, t, k, largest=False)
        case(g, 'topk', torch.topk, t, k, dim=0 if t.torch().dim() > 1 else -1)
        case(g, 'topk', torch.topk, t, k, largest=False, sorted=False)
        case(g, 'topk', torch.topk, t, k, sorted=False)
    case(g, 'topk', torch.topk, t, n + 1)
    case(g, 'topk', torch.topk, t, -1)
case(g, 'topk', torch.topk, A(5.0), 1)
case(g, 'topk', torch.topk, A(5.0), 2)
case(g, 'topk', torch.topk, A([True, False], 'bool'), 1)
case(g, 'topk', torch.topk, A(M), 1, dim=2)
# Default (unstable) sort on long tie-heavy rows: PyTorch's order comes from std::sort.
for n in [17, 33, 64, 100, 257]:
    data = torch.randint(0, 3, (n,)).tolist()
    for dt in ['float32', 'int64', 'float64', 'bool', 'int32']:
        case(g, 'sort', torch.sort, A(data, dt))
        case(g, 'sort', torch.sort, A(data, dt), descending=True)
case(g, 'sort', torch.sort, A(torch.randint(0, 4, (8, 50)).tolist(), 'float32'), dim=0)
case(g, 'msort', torch.msort, A([[3, 1], [1, 2]], 'int64'))
case(g, 'msort', torch.msort, X3)
for k in [1, 2, 5, 7, 8]:
    case(g, 'kthvalue', torch.kthvalue, A([1.0, 2.0, 2.0, 2.0, 1.0, 1.0, 5.0]), k)
case(g, 'kthvalue', torch.kthvalue, A(M), 2, dim=0, keepdim=True)
case(g, 'kthvalue', torch.kthvalue, A(M), 2, 1)

# ---------------------------------------------------------------- linalg
g = 'linalg'
ones = lambda *s, dt='float32': A(torch.ones(*s).tolist() if s else 1.0, dt)  # noqa: E731
r = lambda *s, dt='float32': A((torch.randn(*s) * 2).round(decimals=2).tolist(), dt)  # noqa: E731
ri = lambda *s: A(torch.randint(-5, 6, s).tolist(), 'int64')  # noqa: E731
pairs = [
    (r(2, 3), r(3, 4)), (r(3), r(3)), (r(3), r(3, 2)), (r(3, 2), r(2)), (r(2, 3, 4), r(4, 2)), (r(2, 3, 4), r(4)),
    (r(4), r(2, 4, 3)), (r(2, 1, 3, 4), r(5, 4, 2)), (r(2, 3, 4), r(2, 4, 5)), (r(3, 4), r(2, 4, 5)),
    (A(RND), A(RND2)), (A(M), Mt.__class__([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])), (Mt, A([[1.0, 2.0, 3.0]], perm=[1, 0])),
    (ri(3, 4), ri(4, 2)), (ri(4), ri(4)), (r(2, 3, dt='float64'), r(3, 2, dt='float64')),
    (A([[1, 2]], 'int32'), A([[3], [4]], 'int32')), (A([1, 2], 'int32'), A([3, 4], 'int32')),
    (ones(2, 3), ones(2, 3)), (ones(3), ones(4)), (ones(3), ones(3, 1)), (ones(2), ones(3, 2)), (ones(3, 2), ones(3)),
    (ones(2, 3, 4), ones(5, 4, 2)), (ones(2, 3, 4), ones(2, 5, 2)), (ones(3), ones(2, 4, 3)), (ones(2, 3, 4), ones(5, 2)),
    (ones(2, 3, 4), ones(5)), (ones(2, 3), ones(5, 4, 2)), (ones(2, 3), ones(2, 4, 2)), (A(1.0), ones(3)), (ones(3), A(2.0)),
    (ones(2, 3), ones(3, 2, dt='float64')), (ones(2, 3, dt='int64'), ones(3, 2)), (ones(3), ones(3, dt='float64')),
    (ones(2, 3, dt='float64'), ones(3)), (ones(2, 3), ones(3, dt='float64')), (ones(3, dt='float64'), ones(3, 2)),
    (ones(2, 2, 3), ones(2, 3, 3, dt='float64')), (ones(2, 3, dt='bool'), ones(3, 2, dt='bool')),
    (ones(3, dt='bool'), ones(3, dt='bool')), (ones(2, 2, 3, dt='bool'), ones(2, 3, 2, dt='bool')),
    (ones(0, 3), ones(3, 2)), (ones(2, 0), ones(0, 2)), (ones(2, 3, 4), ones(4, 2, dt='float64')),
    (ones(2, 3, 4), ones(2, 3, dt='float64')), (ones(2, 3), ones(4, 2, dt='float64')),
    (A([[1.0, nan], [inf, 0.0]]), A([[0.0, 1.0], [1.0, 0.0]])),
]
for a, b in pairs:
    case(g, 'matmul', torch.matmul, a, b, tol=True)
    case(g, 'mm', torch.mm, a, b, tol=True)
    case(g, 'bmm', torch.bmm, a, b, tol=True)
    case(g, 'mv', torch.mv, a, b, tol=True)
    case(g, 'dot', torch.dot, a, b, tol=True)

out = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'engine', 'math.json')
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, 'w') as f:
    json.dump({'torch': torch.__version__, 'cases': CASES}, f, separators=(',', ':'))
print(f'{len(CASES)} cases -> {os.path.normpath(out)}')
