#!/usr/bin/env python3
"""Check that files written by our TS writers load in real numpy / torch.

    python3 tools/check_io_writers.py
Runs the io_writers jest test with IO_WRITE_DIR set, then loads every dumped file
with numpy.load / torch.load(weights_only=True) and compares with the expected values.
Not part of CI (needs torch).
"""
import os, subprocess, sys, tempfile
import numpy as np
import torch

root = os.path.join(os.path.dirname(__file__), '..')
d = tempfile.mkdtemp()
subprocess.run(['npx', 'jest', 'test/engine/io_writers'], cwd=root, env={**os.environ, 'IO_WRITE_DIR': d}, check=True)
f32 = np.array([[0.1, -2.5, 3e-8], [1e20, -0.0, 7]], dtype=np.float32)
exp = {
    'f32': f32, 'f64': np.array([np.pi, -1e-300]), 'i64': np.array([-(2 ** 53) + 1, 2 ** 40, -1], dtype=np.int64),
    'i32': np.array([[-(2 ** 31)], [5]], dtype=np.int32), 'b': np.array([True, False, True]),
    'f16': np.array([0.5, -65504, 0.0009765625], dtype=np.float16), 'bf16': np.array([1.5, -3, 0.099609375], dtype=np.float32),
    'scalar': np.array(2.5, dtype=np.float32), 'view': np.array([[1, 4], [2, 5], [3, 6]], dtype=np.float32),
}
ok = 0
for k, v in exp.items():
    a = np.load(os.path.join(d, f'w_{k}.npy'))
    assert a.dtype == v.dtype and a.shape == v.shape and np.array_equal(a, v), (k, a, v)
    ok += 1
z = np.load(os.path.join(d, 'w_record.npz'))
assert np.array_equal(z['logits'], f32) and np.array_equal(z['labels'], exp['i64']); ok += 1
c = np.loadtxt(os.path.join(d, 'w_f32.csv'), delimiter=',', dtype=np.float32)
assert np.array_equal(c, f32); ok += 1
t = torch.load(os.path.join(d, 'w_tensor.pt'), weights_only=True)
assert t.dtype == torch.float32 and torch.equal(t, torch.from_numpy(f32)); ok += 1
n = torch.load(os.path.join(d, 'w_nested.pt'), weights_only=True)
tens = n['tensors']
assert type(tens).__name__ == 'OrderedDict', type(tens)
tdt = {'f32': torch.float32, 'f64': torch.float64, 'i64': torch.int64, 'i32': torch.int32, 'b': torch.bool,
       'f16': torch.float16, 'bf16': torch.bfloat16, 'scalar': torch.float32, 'view': torch.float32}
for k, v in exp.items():
    got = tens[k]
    assert got.dtype == tdt[k], (k, got.dtype)
    assert torch.equal(got.float() if k == 'bf16' else got, torch.from_numpy(v.astype(np.float32) if k == 'bf16' else v)), (k, got)
    ok += 1
assert n['list'][1:] == [3, 0.25, 'text', None, True] and isinstance(n['tuple'], tuple) and n['tuple'][1] == ()
assert torch.equal(n[5], torch.tensor([[-(2 ** 31)], [5]], dtype=torch.int32))
ok += 1
print(f'{ok} checks passed: numpy and torch {torch.__version__} read every file our writers produced')
