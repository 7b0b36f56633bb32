#!/usr/bin/env python3
"""Generate test/fixtures/io/* (npy, npz, csv, json, torch.save files, good and corrupted)
plus expected.json describing what each should load to (or which error it raises).

Run from the repo root with the system python3 (torch 2.13 + numpy):
    python3 tools/gen_io_fixtures.py
"""
import collections, io, json, math, os, struct, zipfile
import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'io')
os.makedirs(OUT, exist_ok=True)
expected = {}

DT = {np.float32: 'float32', np.float64: 'float64', np.int64: 'int64', np.int32: 'int32', np.bool_: 'bool'}


def enc(v):
    v = float(v)
    if math.isnan(v):
        return 'NaN'
    if math.isinf(v):
        return 'Infinity' if v > 0 else '-Infinity'
    return v


def t_expect(arr, dtype):
    a = np.asarray(arr)
    return {'kind': 'tensor', 'dtype': dtype, 'shape': list(a.shape), 'values': [enc(x) for x in a.astype(np.float64).ravel(order='C')]}


def torch_expect(obj):
    if isinstance(obj, torch.Tensor):
        dt = str(obj.dtype).replace('torch.', '')
        return {'kind': 'tensor', 'dtype': dt, 'shape': list(obj.shape), 'requiresGrad': bool(obj.requires_grad),
                'values': [enc(x) for x in obj.detach().double().flatten().tolist()]}
    if isinstance(obj, dict):
        return {'kind': 'dict', 'ordered': isinstance(obj, collections.OrderedDict),
                'entries': [[k, torch_expect(v)] for k, v in obj.items()]}
    if isinstance(obj, (list, tuple)):
        return {'kind': 'list' if isinstance(obj, list) else 'tuple', 'items': [torch_expect(v) for v in obj]}
    return {'kind': 'scalar', 'value': obj}


def write(name, data):
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(data)


def npy_bytes(arr, version=None):
    b = io.BytesIO()
    if version:
        np.lib.format.write_array(b, arr, version=version)
    else:
        np.save(b, arr)
    return b.getvalue()


# ---------------------------------------------------------------- npy
base = np.arange(6).reshape(2, 3)
cases = {
    'f4.npy': (np.array([[1.5, -2.25, 3.0], [0.1, 1e-8, -0.0]], dtype='<f4'), 'float32'),
    'f8.npy': (np.array([math.pi, -1e300, 2.0 ** -1074, float('nan'), float('inf')], dtype='<f8'), 'float64'),
    'i8.npy': (np.array([[0, -1], [2 ** 40, -(2 ** 52)]], dtype='<i8'), 'int64'),
    'i4.npy': (np.array([-(2 ** 31), 2 ** 31 - 1, 7], dtype='<i4'), 'int32'),
    'b1.npy': (np.array([[True, False], [False, True]]), 'bool'),
    'u1.npy': (np.array([0, 255, 128], dtype='|u1'), 'int32'),
    'i2.npy': (np.array([-32768, 32767, -5], dtype='<i2'), 'int32'),
    'f2.npy': (np.array([0.5, -65504, 6e-8, 1.0009765625], dtype='<f2'), 'float16'),
    'be_f4.npy': (np.array([1.5, -2.5, 3.25], dtype='>f4'), 'float32'),
    'be_i8.npy': (np.array([1, -2, 3 * 2 ** 33], dtype='>i8'), 'int64'),
    'be_f8.npy': (np.array([[1.0, 2.0], [3.0, -4.5]], dtype='>f8'), 'float64'),
    'fortran_f4.npy': (np.asfortranarray(np.arange(12, dtype='<f4').reshape(3, 4)), 'float32'),
    'fortran_3d.npy': (np.asfortranarray(np.arange(24, dtype='<i8').reshape(2, 3, 4)), 'int64'),
    'scalar.npy': (np.array(2.5, dtype='<f8'), 'float64'),
    'empty.npy': (np.zeros((0, 3), dtype='<f4'), 'float32'),
    'vec.npy': (np.arange(5, dtype='<f4') / 4, 'float32'),
}
for name, (arr, dt) in cases.items():
    write(name, npy_bytes(arr))
    expected[name] = t_expect(arr, dt)
for ver in ((2, 0), (3, 0)):
    name = f'v{ver[0]}.npy'
    arr = (np.arange(6, dtype='<f4') * 0.5).reshape(3, 2)
    write(name, npy_bytes(arr, ver))
    expected[name] = t_expect(arr, 'float32')

# corrupted npy
good = npy_bytes(np.arange(10, dtype='<f4'))
write('truncated.npy', good[:-8])
expected['truncated.npy'] = {'error': 'ValueError', 'message': 'file is truncated: expected 40 bytes of data, got 32'}
write('badmagic.npy', b'\x93NUMPX' + good[6:])
expected['badmagic.npy'] = {'error': 'ValueError', 'message': 'bad magic'}
write('object.npy', npy_bytes(np.array([{'a': 1}, None], dtype=object)))
expected['object.npy'] = {'error': 'ValueError', 'message': 'pickled object arrays are not supported'}
hdr = b"{'descr': '<f4', 'fortran_order': False, 'shape': (2 3), }".ljust(118) + b'\n'
write('wrongheader.npy', b'\x93NUMPY\x01\x00' + struct.pack('<H', len(hdr)) + hdr + b'\0' * 24)
expected['wrongheader.npy'] = {'error': 'ValueError', 'message': 'invalid .npy header'}
hdr = b"{'descr': '<f8', 'fortran_order': False, 'shape': (1000, 1000), }".ljust(117) + b'\n'
write('lyingshape.npy', b'\x93NUMPY\x01\x00' + struct.pack('<H', len(hdr)) + hdr + np.arange(6, dtype='<f8').tobytes())
expected['lyingshape.npy'] = {'error': 'ValueError', 'message': 'file is truncated: expected 8000000 bytes of data, got 48'}
hdr = b"{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }".ljust(117) + b'\n'
write('structured.npy', b'\x93NUMPY\x01\x00' + struct.pack('<H', len(hdr)) + hdr + b'\0' * 8)
expected['structured.npy'] = {'error': 'ValueError', 'message': 'structured'}

# ---------------------------------------------------------------- npz
logits = (np.arange(12, dtype=np.float32).reshape(4, 3) - 5) / 3
labels = np.array([2, 0, 1, 2], dtype=np.int64)
for name, fn in (('stored.npz', np.savez), ('deflated.npz', np.savez_compressed)):
    b = io.BytesIO()
    fn(b, logits=logits, labels=labels, mask=np.array([True, False]))
    write(name, b.getvalue())
    expected[name] = {'kind': 'dict', 'ordered': False, 'entries': [
        ['logits', t_expect(logits, 'float32')], ['labels', t_expect(labels, 'int64')], ['mask', t_expect([True, False], 'bool')]]}
# decompression bomb: 20 MB of zeros deflates to ~20 KB; tests load it with a 1 MB cap
b = io.BytesIO()
with zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('big.npy', npy_bytes(np.zeros(5_000_000, dtype='<f4')))
write('bomb.npz', b.getvalue())
expected['bomb.npz'] = {'error': 'RuntimeError', 'message': "refusing to decompress .npz file: entry 'big.npy' declares 20000128 bytes", 'maxBytes': 1000000}
write('notzip.npz', b'this is not a zip file at all, just text' * 3)
expected['notzip.npz'] = {'error': 'ValueError', 'message': 'not a valid zip archive'}

# ---------------------------------------------------------------- csv
write('header.csv', b'a,b,c\n1,2,3\n4.5,-6e-2,nan\n')
expected['header.csv'] = t_expect(np.array([[1, 2, 3], [4.5, -6e-2, np.nan]], dtype=np.float32), 'float32')
write('noheader.csv', b'0.1,0.9\r\n0.8,0.2\r\n\r\n')
expected['noheader.csv'] = t_expect(np.array([[0.1, 0.9], [0.8, 0.2]], dtype=np.float32), 'float32')
write('single.csv', b'label\n1\n0\n2\n')
expected['single.csv'] = t_expect(np.array([1, 0, 2], dtype=np.float32), 'float32')
np.savetxt(os.path.join(OUT, 'savetxt.csv'), logits, delimiter=',')
expected['savetxt.csv'] = t_expect(logits, 'float32')
write('quoted.csv', b'"x","y"\n"1","2"\n3,4\n')
expected['quoted.csv'] = t_expect(np.array([[1, 2], [3, 4]], dtype=np.float32), 'float32')
write('badcell.csv', b'a,b\n1,2\n3,oops\n')
expected['badcell.csv'] = {'error': 'ValueError', 'message': "could not convert CSV cell to float at row 3, column 2 ('b'): 'oops'"}
write('ragged.csv', b'1,2,3\n4,5\n')
expected['ragged.csv'] = {'error': 'ValueError', 'message': 'CSV row 2 has 2 columns, expected 3'}

# ---------------------------------------------------------------- json
write('ints.json', json.dumps([[1, 2], [3, 4]]).encode())
expected['ints.json'] = t_expect(np.array([[1, 2], [3, 4]]), 'int64')
write('floats.json', json.dumps([0.5, 1.25, -3]).encode())
expected['floats.json'] = t_expect(np.array([0.5, 1.25, -3], dtype=np.float32), 'float32')
write('dict.json', json.dumps({'logits': [[1.0, 2.0], [0.5, 0.25]], 'labels': [1, 0]}).encode())
expected['dict.json'] = {'kind': 'dict', 'ordered': False, 'entries': [
    ['logits', t_expect(np.array([[1.0, 2.0], [0.5, 0.25]], dtype=np.float32), 'float32')], ['labels', t_expect([1, 0], 'int64')]]}
write('ragged.json', b'[[1, 2], [3]]')
expected['ragged.json'] = {'error': 'ValueError', 'message': 'expected sequence of length 2'}

# ---------------------------------------------------------------- torch.save
def tsave(name, obj, exp=None):
    b = io.BytesIO()
    torch.save(obj, b)
    write(name, b.getvalue())
    expected[name] = exp if exp is not None else torch_expect(obj)
    # sanity: real torch reads it back with weights_only
    torch.load(io.BytesIO(b.getvalue()), weights_only=True)


g = torch.arange(12, dtype=torch.float32).reshape(3, 4) / 8
tsave('tensor.pt', g)
tsave('dtypes.pt', {'f32': g, 'f64': g.double() * 3, 'i64': torch.tensor([-5, 2 ** 40]), 'i32': torch.tensor([7, -8], dtype=torch.int32),
                    'b': torch.tensor([True, False, True]), 'f16': torch.tensor([0.5, -2.0, 1e-3], dtype=torch.float16),
                    'bf16': torch.tensor([1.5, -3.0, 0.1], dtype=torch.bfloat16), 'scalar': torch.tensor(3.5),
                    'u8': torch.tensor([0, 200], dtype=torch.uint8), 'i16': torch.tensor([-300, 300], dtype=torch.int16)})
expected['dtypes.pt']['entries'][-2][1]['dtype'] = 'int32'  # uint8 widens to int32
expected['dtypes.pt']['entries'][-1][1]['dtype'] = 'int32'  # int16 widens to int32
big = torch.arange(30, dtype=torch.float32).reshape(5, 6)
tsave('views.pt', {'base': big, 'slice': big[1:4, 2:], 'transposed': big.t(), 'column': big[:, 3], 'strided': big[::2, ::3]})
tsave('containers.pt', [g[0], (torch.tensor([1, 2]), {'inner': [torch.tensor(True)]}), {'n': 3, 'lr': 0.1, 'name': 'run', 'none': None, 'flag': True}])
tsave('tuple.pt', (g, g[1:]))
m = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.ReLU(), torch.nn.Linear(2, 2))
torch.manual_seed(0)
for p in m.parameters():
    torch.nn.init.uniform_(p, -1, 1)
tsave('state_dict.pt', m.state_dict())
tsave('parameter.pt', {'temperature': torch.nn.Parameter(torch.ones(1) * 1.5)})
tsave('checkpoint.pth', {'epoch': 7, 'model': m.state_dict(), 'classes': ['cat', 'dog']})


class Evil:
    def __reduce__(self):
        return (os.system, ('echo pwned',))


b = io.BytesIO()
torch.save({'x': Evil()}, b)
write('evil.pt', b.getvalue())
expected['evil.pt'] = {'error': 'UnpicklingError', 'message': 'Unsupported global: GLOBAL posix.system'}
b = io.BytesIO()
torch.save(torch.ones(2), b, _use_new_zipfile_serialization=False)
write('legacy.pt', b.getvalue())
expected['legacy.pt'] = {'error': 'UnpicklingError', 'message': 'legacy (pre-1.6, non-zip) torch.save format'}


def rezip(src_name, dst_name, change):
    zin = zipfile.ZipFile(os.path.join(OUT, src_name))
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', zipfile.ZIP_STORED) as z:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info.filename))
            if data is not None:
                z.writestr(info.filename, data)
    write(dst_name, b.getvalue())


rezip('tensor.pt', 'truncated_storage.pt', lambda n, d: d[:20] if n.endswith('data/0') else d)
expected['truncated_storage.pt'] = {'error': 'RuntimeError', 'message': 'storage data/0 is truncated: expected 48 bytes of data, got 20'}
rezip('tensor.pt', 'missing_storage.pt', lambda n, d: None if n.endswith('data/0') else d)
expected['missing_storage.pt'] = {'error': 'UnpicklingError', 'message': 'storage record data/0 is missing'}
rezip('tensor.pt', 'no_pkl.pt', lambda n, d: None if n.endswith('data.pkl') else d)
expected['no_pkl.pt'] = {'error': 'UnpicklingError', 'message': 'no data.pkl record'}
# a pickle whose tensor view runs past its storage (lying shape)
rezip('tensor.pt', 'lying_view.pt', lambda n, d: d.replace(b'K\x03K\x04\x86', b'K\x09K\x04\x86') if n.endswith('data.pkl') else d)
expected['lying_view.pt'] = {'error': 'RuntimeError', 'message': 'lies outside its storage of 12 elements'}
# hand-written pickle: GLOBAL builtins.eval + REDUCE (never executed)
evil_pkl = b'\x80\x02cbuiltins\neval\nq\x00X\x0b\x00\x00\x00print("hi")q\x01\x85q\x02Rq\x03.'
rezip('tensor.pt', 'eval_global.pt', lambda n, d: evil_pkl if n.endswith('data.pkl') else d)
expected['eval_global.pt'] = {'error': 'UnpicklingError', 'message': 'Unsupported global: GLOBAL builtins.eval'}
rezip('tensor.pt', 'garbage_pkl.pt', lambda n, d: b'\x80\x02\xff\xff' if n.endswith('data.pkl') else d)
expected['garbage_pkl.pt'] = {'error': 'UnpicklingError', 'message': 'invalid pickle opcode 0xff'}

with open(os.path.join(OUT, 'expected.json'), 'w') as f:
    json.dump(expected, f, indent=0, allow_nan=False)
total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
print(len(expected), 'fixtures,', total, 'bytes')
