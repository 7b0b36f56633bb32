#!/usr/bin/env python3
"""Hand-crafted adversarial files for test/robustness/files.test.ts (issue #9).

Run from the project root: python3 tools/gen_adversarial.py
Writes test/fixtures/adversarial/*. Nothing here is ever unpickled by Python.
Each file must be refused by our loaders with a Python-style error.
"""
import io
import os
import pickle
import struct
import zipfile

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'adversarial')


class Reduce:
    """Pickles as GLOBAL <fn> + REDUCE(args): what malicious checkpoints do."""

    def __init__(self, fn, args):
        self.fn, self.args = fn, args

    def __reduce__(self):
        return (self.fn, self.args)


def torch_zip(pkl: bytes, records=None, name='archive') -> bytes:
    """A torch.save-style zip around a hand-written data.pkl."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_STORED) as z:
        z.writestr(f'{name}/data.pkl', pkl)
        z.writestr(f'{name}/byteorder', 'little')
        for k, v in (records or {}).items():
            z.writestr(f'{name}/data/{k}', v)
        z.writestr(f'{name}/version', '3\n')
    return buf.getvalue()


def write(name, data: bytes):
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(data)


def tensor_pkl(shape, stride, key='0', numel=4, storage=b'FloatStorage') -> bytes:
    """_rebuild_tensor_v2(persistent storage, 0, shape, stride, False, OrderedDict()) in protocol 2."""
    def ints(xs):
        return b'(' + b''.join(b'J' + struct.pack('<i', x) for x in xs) + b't'
    return (b'\x80\x02ctorch._utils\n_rebuild_tensor_v2\n('
            b'(X\x07\x00\x00\x00storagectorch\n' + storage + b'\nX' + struct.pack('<I', len(key)) + key.encode() +
            b'X\x03\x00\x00\x00cpuJ' + struct.pack('<i', numel) + b'tQ'
            b'K\x00' + ints(shape) + ints(stride) + b'\x89ccollections\nOrderedDict\n)Rtr.')


def main():
    os.makedirs(OUT, exist_ok=True)
    # code execution through REDUCE of dangerous globals (written by torch.save itself)
    for name, obj in [('os_system.pt', Reduce(os.system, ('echo pwned',))),
                      ('builtins_eval.pt', Reduce(eval, ('__import__("os").system("echo pwned")',)))]:
        buf = io.BytesIO()
        torch.save({'weights': torch.zeros(2), 'payload': obj}, buf)
        write(name, buf.getvalue())
    # INST (protocol 0), OBJ, STACK_GLOBAL + NEWOBJ, BUILD with __setstate__ state
    write('inst_popen.pt', torch_zip(b'(S"echo pwned"\nisubprocess\nPopen\n.'))
    write('obj_popen.pt', torch_zip(b'(csubprocess\nPopen\nS"echo pwned"\no.'))
    write('stack_global_newobj.pt', torch_zip(
        b'\x80\x04\x8c\nsubprocess\x8c\x05Popen\x93\x8c\x04echo\x85\x81.'))
    write('build_setstate.pt', torch_zip(
        b'\x80\x02ccollections\nOrderedDict\n)R}X\x0c\x00\x00\x00__setstate__cos\nsystem\nsb.'))
    # legacy (non-zip) pickle calling os.system
    write('legacy_os_system.pt', pickle.dumps(Reduce(os.system, ('echo pwned',)), protocol=2))
    # persistent id naming a record that is not in the archive
    write('missing_record.pt', torch_zip(tensor_pkl([4], [1], key='99')))
    # lying tensor metadata: negative size, view past the end of its storage
    write('negative_dims.pt', torch_zip(tensor_pkl([-1, 4], [4, 1]), {'0': b'\x00' * 16}))
    write('view_past_storage.pt', torch_zip(tensor_pkl([1000, 1000], [1000, 1]), {'0': b'\x00' * 16}))
    # memo abuse: a list that contains itself; a memo-built DAG of 2**60 leaves ("billion laughs")
    write('memo_cycle.pt', torch_zip(b'\x80\x02]q\x00h\x00a.'))
    laughs = b'\x80\x02]K\x01aq\x00' + b''.join(
        b']h' + bytes([i - 1]) + b'ah' + bytes([i - 1]) + b'aq' + bytes([i]) for i in range(1, 61)) + b'.'
    write('memo_laughs.pt', torch_zip(laughs))
    # 30,000 nested lists
    write('deep_nesting.pt', torch_zip(b'\x80\x02' + b']' * 30_000 + b'a' * 29_999 + b'.'))
    # zip bomb: 64 MiB of zeros inflated from ~64 KB, central directory claiming 100 bytes
    npy = io.BytesIO()
    np.save(npy, np.zeros(16 * 1024 * 1024, dtype=np.float32))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr('x.npy', npy.getvalue())
    bomb = bytearray(buf.getvalue())
    write('zip_bomb.npz', bytes(bomb))
    for sig, off in [(b'PK\x03\x04', 22), (b'PK\x01\x02', 24)]:
        i = bomb.find(sig)
        bomb[i + off:i + off + 4] = struct.pack('<I', 100)
    write('zip_bomb_lying_size.npz', bytes(bomb))
    # npy headers that lie
    def npy_with(header: str, data: bytes) -> bytes:
        h = header + ' ' * ((64 - (10 + len(header) + 1) % 64) % 64) + '\n'
        return b'\x93NUMPY\x01\x00' + struct.pack('<H', len(h)) + h.encode('latin1') + data
    write('lying_shape.npy', npy_with("{'descr': '<f4', 'fortran_order': False, 'shape': (1000, 1000), }", b'\x00' * 16))
    write('overflow_shape.npy', npy_with("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }", b''))
    write('complex.npy', npy_with("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", b'\x00' * 16))
    write('object.npy', npy_with("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }",
                                 pickle.dumps(Reduce(os.system, ('echo pwned',)))))
    # deeply nested JSON
    write('deep.json', b'[' * 30_000 + b']' * 30_000)


if __name__ == '__main__':
    main()
