#!/usr/bin/env python3
"""Real model outputs, saved the ways users save them, plus what real torch/numpy load back.

Run from the repo root with the system python3 (torch 2.13, numpy, torchmetrics 1.9):
    python3 tools/gen_real_io_fixtures.py [--io-only]
(--io-only: leave test/fixtures/calibration alone; training is seeded, so the io files are
the same either way)
Writes
  test/fixtures/io/real/*           files written by torch.save / np.save / np.savez(_compressed) /
                                    np.savetxt / a pandas-style to_csv / json.dump, holding the
                                    validation logits of small models trained here with torch
  test/fixtures/io/real/expected.json   for each file, the loaded value as the reference reader
                                    returns it (torch.load; torch.from_numpy(np.load(...));
                                    torch.tensor(json.load(...)); np.loadtxt(..., delimiter=',')
                                    as float32 for CSV, header row skipped), with the product's
                                    documented dtype mapping applied (int8/int16/uint8 -> int32,
                                    uint32/uint64 -> int64: the engine has no narrower dtypes)
  test/fixtures/io/real/refused.json   files the product refuses on purpose (TorchScript,
                                    pickle.dump output), with what torch.load does with them
  test/fixtures/calibration/real_models.{pt,json}  logits/labels of the trained models and
                                    reference metrics: float64 numpy of shared/reference
                                    pytorch-numerics.md 4.3 (float32 bin edges), torchmetrics
                                    1.9 ECE/MCE (float32), T* (root of dNLL/dbeta by bisection,
                                    float64) and the gpleiss LBFGS recipe run with torch.
Used by test/lang/softmax_real_files.test.ts and test/engine/io_real_files.test.ts.
"""
import hashlib, io, json, os, pickle, shutil, sys
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchmetrics
from torchmetrics.functional.classification import multiclass_calibration_error

assert torch.__version__.startswith('2.13'), torch.__version__
assert torchmetrics.__version__ == '1.9.0', torchmetrics.__version__
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'io', 'real')
CAL = os.path.join(ROOT, 'test', 'fixtures', 'calibration')
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
torch.manual_seed(0)


# ------------------------------------------------------------------ models
def blobs(n, d, k, sep, seed):
    g = torch.Generator().manual_seed(seed)
    means = torch.randn(k, d, generator=g) * sep
    y = torch.randint(0, k, (n,), generator=g)
    return means[y] + torch.randn(n, d, generator=g), y


def train(model, x, y, opt, epochs):
    for _ in range(epochs):
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
    return loss.item()


# An over-fitted MLP: the over-confident case temperature scaling is for.
x, y = blobs(620, 20, 10, 0.55, 1)
mlp = nn.Sequential(nn.Linear(20, 32), nn.ReLU(), nn.Linear(32, 10))
opt = torch.optim.Adam(mlp.parameters(), lr=1e-2)
train(mlp, x[:500], y[:500], opt, 300)
with torch.no_grad():
    L, Y = mlp(x[500:]), y[500:]
# logistic regression (3 classes), a binary net, a 20-class net
x3, y3 = blobs(300, 5, 3, 0.9, 2)
lin = nn.Linear(5, 3)
train(lin, x3[:150], y3[:150], torch.optim.SGD(lin.parameters(), lr=0.5), 200)
xb, yb = blobs(300, 8, 2, 0.6, 3)
mb = nn.Sequential(nn.Linear(8, 32), nn.Tanh(), nn.Linear(32, 2))
train(mb, xb[:150], yb[:150], torch.optim.Adam(mb.parameters(), lr=1e-2), 300)
x20, y20 = blobs(700, 16, 20, 0.8, 4)
m20 = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 20))
train(m20, x20[:500], y20[:500], torch.optim.Adam(m20.parameters(), lr=3e-3), 250)
with torch.no_grad():
    MODELS = {
        'mlp': (L, Y),
        'logreg': (lin(x3[150:]), y3[150:]),
        'binary': (mb(xb[150:]), yb[150:]),
        'c20': (m20(x20[500:]), y20[500:]),
    }
P = F.softmax(L, 1)

# ------------------------------------------------------------------ files
files = {}  # name -> reference loader kind


def tsave(name, obj, **kw):
    torch.save(obj, os.path.join(OUT, name), **kw)
    files[name] = 'torch'


def nsave(name, a):
    np.save(os.path.join(OUT, name), a)
    files[name] = 'npy'


tsave('t_logits.pt', L)
tsave('t_dict.pt', {'logits': L[:20].clone(), 'labels': Y[:20].clone()})
tsave('t_list.pt', [L[:4].clone(), Y[:4].clone()])
tsave('t_tuple.pt', (L[:4].clone(), Y[:4].clone()))
tsave('t_state_dict.pth', mlp.state_dict())
tsave('t_checkpoint.tar', {'epoch': 300, 'model_state_dict': mlp.state_dict(),
                           'optimizer_state_dict': opt.state_dict(), 'val_acc': 0.5, 'name': 'mlp',
                           'best': None, 'flags': [True, False], 'lr': 1e-2, 'big': 2 ** 40, 'neg': -7})
tsave('t_dtypes.pt', {'f16': L[:3].half(), 'bf16': L[:3].bfloat16(), 'f64': L[:3].double(),
                      'i64': Y[:7].clone(), 'i32': Y[:7].int(), 'i16': Y[:7].short(),
                      'i8': (Y[:7] - 5).to(torch.int8), 'u8': Y[:7].to(torch.uint8), 'b': Y[:7] > 4})
tsave('t_transposed.pt', L[:8].t())
tsave('t_strided.pt', L[3:9, ::3])
S = L[:6].clone()
tsave('t_shared.pt', {'full': S, 'slice': S[2:4], 'col': S[:, 1], 'T': S.t(), 'same': S})
base = torch.arange(24, dtype=torch.float32).reshape(2, 3, 4)
tsave('t_views.pt', {'perm': base.permute(2, 0, 1), 'exp': torch.arange(3.).expand(4, 3),
                     'narrow': base[:, 1:, 2:],
                     'cl': torch.arange(24.).reshape(2, 3, 2, 2).contiguous(memory_format=torch.channels_last),
                     'scalar': torch.tensor(3.5), 'empty': torch.empty(0, 10), 'elem': base[1, 2]})
tsave('t_param.pt', nn.Parameter(L[:3].clone()))
tsave('t_grad_out.pt', mlp(x[500:504]))  # non-leaf output with requires_grad
tsave('t_proto4.pt', L[:5].clone(), pickle_protocol=4)
tsave('t_from_fortran.pt', torch.from_numpy(np.asfortranarray(L[:5].numpy())))
tsave('t_intkeys.pt', {0: L[:2].clone(), 1: Y[:2].clone(), 'k': 'v'})
tsave('t_special.pt', torch.tensor([float('nan'), float('inf'), -float('inf'), -0.0, 1e-45, 3e38]))
buf = io.BytesIO()
torch.save(L[:3].clone(), buf)
open(os.path.join(OUT, 't_bytesio.pth'), 'wb').write(buf.getvalue())
files['t_bytesio.pth'] = 'torch'
Ln, Yn, Pn = L.numpy(), Y.numpy(), P.numpy()
nsave('n_logits_f4.npy', Ln)
nsave('n_labels_i8.npy', Yn)
nsave('n_probs_f4.npy', Pn[:20])
nsave('n_f8.npy', Ln[:4].astype(np.float64))
nsave('n_f2.npy', Ln[:4].astype(np.float16))
nsave('n_i4.npy', Yn[:9].astype(np.int32))
nsave('n_u1.npy', Yn[:9].astype(np.uint8))
nsave('n_i2.npy', Yn[:9].astype(np.int16))
nsave('n_u4.npy', Yn[:9].astype(np.uint32))
nsave('n_bool.npy', Yn[:9] > 4)
nsave('n_fortran.npy', np.asfortranarray(Ln[:7]))
nsave('n_transposed.npy', Ln[:7].T)  # F-contiguous: written with fortran_order True
nsave('n_fortran3d.npy', np.asfortranarray(np.arange(24, dtype=np.float32).reshape(2, 3, 4)))
nsave('n_be_f4.npy', Ln[:5].astype('>f4'))
nsave('n_be_f8.npy', Ln[:5].astype('>f8'))
nsave('n_be_i8.npy', Yn[:9].astype('>i8'))
nsave('n_be_fortran.npy', np.asfortranarray(Ln[:4].astype('>f4')))
nsave('n_scalar.npy', np.float32(2.5))
nsave('n_empty.npy', np.zeros((0, 10), np.float32))
nsave('n_strided.npy', Ln[::15, ::2])
with open(os.path.join(OUT, 'n_v2.npy'), 'wb') as f:
    np.lib.format.write_array(f, Ln[:3], version=(2, 0))
files['n_v2.npy'] = 'npy'
np.savez(os.path.join(OUT, 'z_plain.npz'), logits=Ln[:50], labels=Yn[:50])
np.savez_compressed(os.path.join(OUT, 'z_compressed.npz'), logits=Ln, labels=Yn,
                    fort=np.asfortranarray(Ln[:5]), be=Ln[:3].astype('>f8'))
np.savez(os.path.join(OUT, 'z_positional.npz'), Ln[:4], Yn[:4])
for n in ('z_plain.npz', 'z_compressed.npz', 'z_positional.npz'):
    files[n] = 'npz'


def text(name, s, kind):
    open(os.path.join(OUT, name), 'w', newline='').write(s)
    files[name] = kind


def cell(v):  # pandas writes float32 cells with numpy's shortest repr
    return str(np.float32(v))


np.savetxt(os.path.join(OUT, 'c_savetxt_comma.csv'), Ln[:12], delimiter=',')
np.savetxt(os.path.join(OUT, 'c_savetxt_header.csv'), Ln[:12], delimiter=',',
           header=','.join(f'c{i}' for i in range(10)))
np.savetxt(os.path.join(OUT, 'c_savetxt_header_nocomment.csv'), Ln[:12], delimiter=',',
           header=','.join(f'c{i}' for i in range(10)), comments='')
np.savetxt(os.path.join(OUT, 'c_labels.csv'), Yn[:12], fmt='%d', delimiter=',')
for n in ('c_savetxt_comma.csv', 'c_savetxt_header.csv', 'c_savetxt_header_nocomment.csv', 'c_labels.csv'):
    files[n] = 'csv'
# pandas.DataFrame(logits, columns=[...]).assign(label=y).to_csv(path, index=False)
text('c_pandas_named.csv', ','.join(f'logit_{i}' for i in range(10)) + ',label\n' +
     ''.join(','.join(cell(v) for v in r) + f',{t}\n' for r, t in zip(Ln[:12], Yn[:12])), 'csv')
text('c_crlf_bom.csv', '\ufeffa,b,c\r\n' + ''.join(','.join(cell(v) for v in r[:3]) + '\r\n' for r in Ln[:5]),
     'csv')
text('c_semicolon.csv', ''.join(';'.join(cell(v) for v in r[:3]) + '\n' for r in Ln[:5]), 'csv;')
text('c_tab.csv', ''.join('\t'.join(cell(v) for v in r[:3]) + '\n' for r in Ln[:5]), 'csv\t')
text('j_logits.json', json.dumps(Ln[:12].tolist()), 'json')
text('j_labels.json', json.dumps(Yn[:12].tolist()), 'json')
text('j_dict.json', json.dumps({'logits': Ln[:6].tolist(), 'labels': Yn[:6].tolist()}, indent=2), 'json')
text('j_bools.json', json.dumps([[True, False], [False, True]]), 'json')
text('j_probs_round.json', json.dumps(np.round(Pn[:4].astype(np.float64), 3).tolist()), 'json')
text('j_mixed_int_float.json', json.dumps([1, 2.5, 3]), 'json')
text('j_empty.json', '[]', 'json')
# Regressions (test/engine/io_real_files.test.ts): files real tools write that once loaded
# differently from torch / numpy / pandas.
# pandas.DataFrame(logits).to_csv(path): a header ',0,1,...' and an integer index column
text('c_pandas_index.csv', ',' + ','.join(str(i) for i in range(10)) + '\n' +
     ''.join(f'{i},' + ','.join(cell(v) for v in r) + '\n' for i, r in enumerate(Ln[:6])), 'csv_index')
# pandas.DataFrame(logits).to_csv(path, index=False): the column labels 0..9 are a header row
text('c_pandas_range_header.csv', ','.join(str(i) for i in range(10)) + '\n' +
     ''.join(','.join(cell(v) for v in r) + '\n' for r in Ln[:6]), 'csv_header')
# ...but an all-integer file whose first row happens to be 0,1,2 is data (np.loadtxt)
np.savetxt(os.path.join(OUT, 'c_int_range_first_row.csv'), np.array([[0, 1, 2], [2, 0, 1], [1, 1, 0]]),
           fmt='%d', delimiter=',')
files['c_int_range_first_row.csv'] = 'csv'
# np.savetxt(path, a): the default delimiter is ' ' (and '%.18e'); np.loadtxt splits on whitespace
np.savetxt(os.path.join(OUT, 'c_savetxt_space.csv'), Ln[:5])
files['c_savetxt_space.csv'] = 'csv '
# json.dump of float lists whose values happen to be integral: Python reads floats
text('j_integral_floats.json', json.dumps([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]), 'json')
text('j_dict_integral_floats.json', json.dumps({'onehot': [[1.0, 0.0], [0.0, 1.0]], 'labels': [0, 1],
                                               'T': 2.0, '10': [1e2, 3]}), 'json')
# json.dump writes NaN / Infinity / -Infinity by default (allow_nan=True)
text('j_nan.json', json.dumps([[float('nan'), 1.5], [float('inf'), -float('inf')]]), 'json')
# torch.Size inside a checkpoint (torch.load's weights_only allow-list has it)
tsave('t_torch_size.pt', {'shape': L.shape, 'x': L[:2].clone()})
# integral Python floats in a checkpoint (pickled BINFLOAT) must stay floats
tsave('t_float_scalars.pt', {'best_acc': 1.0, 'momentum': 0.0, 'T': 2.0, 'epoch': 3,
                             'hist': [1.0, 2, 0.5], 'pair': (3.0, 4)})
tsave('t_param_in_dict.pt', {'w': nn.Parameter(L[:2, :3].clone()), 'b': L[0, :3].clone()})

# Refused on purpose: TorchScript archives and pickle.dump output (torch.load cannot read the
# latter either; TorchScript needs torch.jit.load).
REFUSED = {}
torch.jit.save(torch.jit.script(nn.Linear(2, 2)), os.path.join(OUT, 'x_torchscript.pt'))
REFUSED['x_torchscript.pt'] = 'TorchScript'
with open(os.path.join(OUT, 'x_pickle_tensor.p'), 'wb') as f:
    pickle.dump(torch.arange(3.), f, protocol=2)
REFUSED['x_pickle_tensor.p'] = 'pickle'
with open(os.path.join(OUT, 'x_pickle_dict.pkl'), 'wb') as f:
    pickle.dump({'logits': Ln[:2], 'labels': Yn[:2]}, f, protocol=2)
REFUSED['x_pickle_dict.pkl'] = 'pickle'
with open(os.path.join(OUT, 'x_pickle_dict.pt'), 'wb') as f:
    pickle.dump({'T': 1.5}, f, protocol=4)
REFUSED['x_pickle_dict.pt'] = 'pickle'


# ------------------------------------------------------------------ reference loads
def ref_load(name, kind):
    p = os.path.join(OUT, name)
    if kind == 'torch':
        # torch 2.13's weights_only unpickler refuses protocol 4 (FRAME); the content is what matters
        return torch.load(p, weights_only=name != 't_proto4.pt')
    if kind == 'npy':
        return torch.from_numpy(np.load(p).astype(np.load(p).dtype.newbyteorder('=')))
    if kind == 'npz':
        z = np.load(p)
        return {k: torch.from_numpy(z[k].astype(z[k].dtype.newbyteorder('='))) for k in z.files}
    if kind == 'json':
        v = json.load(open(p))
        return {k: torch.tensor(x) for k, x in v.items()} if isinstance(v, dict) else torch.tensor(v)
    if kind.startswith('csv'):
        delim = {'csv;': ';', 'csv\t': '\t', 'csv ': None}.get(kind, ',')
        src = open(p, encoding='utf-8-sig').read()
        first = src.splitlines()[0].split(delim)
        has_header = not all(_isnum(c) for c in first) or kind == 'csv_header'
        a = np.loadtxt(io.StringIO(src), delimiter=delim, dtype=np.float32, skiprows=1 if has_header else 0,
                       comments=None, ndmin=1)
        if kind == 'csv_index':  # pandas.read_csv(p, index_col=0)
            a = a[:, 1:]
        return torch.from_numpy(a)
    raise ValueError(kind)


def _isnum(s):
    try:
        float(s)
        return True
    except ValueError:
        return False


NARROW = {torch.int8: 'int32', torch.int16: 'int32', torch.uint8: 'int32', torch.uint32: 'int64'}


def enc(v):
    if isinstance(v, float) and (v != v or v in (float('inf'), -float('inf'))):
        return repr(v)  # 'nan' / 'inf' / '-inf'
    return v


def flat(t):
    vals = t.reshape(-1).tolist() if t.dtype != torch.bfloat16 else t.float().reshape(-1).tolist()
    return [enc(float(v)) if isinstance(v, float) else (int(v) if not isinstance(v, bool) else v) for v in vals]


def sha(t):
    # big tensors: sha256 of the values as little-endian float64 (exact for every dtype we load)
    return hashlib.sha256(t.detach().double().contiguous().numpy().astype('<f8').tobytes()).hexdigest()


def describe(v, strides):
    if isinstance(v, torch.Tensor):
        d = {'kind': 'tensor', 'dtype': NARROW.get(v.dtype, str(v.dtype).replace('torch.', '')),
             'shape': list(v.shape), 'requires_grad': v.requires_grad}
        if v.numel() <= 200:
            d['values'] = flat(v)
        else:
            d['sha256_f64'] = sha(v)
            d['sum'] = float(v.double().sum())
        if strides:
            d['strides'] = list(v.stride())
            d['storage_offset'] = v.storage_offset()
        if v.numel() <= 40 and v.dtype not in NARROW:
            d['repr'] = repr(v)
        if isinstance(v, nn.Parameter):
            d['parameter'] = True
        return d
    if isinstance(v, dict):
        return {'kind': 'dict', 'ordered': type(v).__name__ == 'OrderedDict',
                'entries': [[k, describe(x, strides)] for k, x in v.items()]}
    if isinstance(v, torch.Size):
        return {'kind': 'tuple', 'items': [describe(x, strides) for x in v]}
    if isinstance(v, (list, tuple)):
        return {'kind': type(v).__name__, 'items': [describe(x, strides) for x in v]}
    return {'kind': 'scalar', 'type': type(v).__name__, 'value': enc(v)}


def torch_refusal(name):
    try:
        torch.load(os.path.join(OUT, name), weights_only=True)
        return None
    except Exception as e:  # what torch does with the file: its exception class
        return type(e).__name__


expected = {}
for name, kind in files.items():
    expected[name] = describe(ref_load(name, kind), kind.startswith('torch'))
meta = {'generator': 'tools/gen_real_io_fixtures.py', 'torch': torch.__version__, 'numpy': np.__version__}
json.dump({'_meta': meta, **expected}, open(os.path.join(OUT, 'expected.json'), 'w'), separators=(',', ':'))
refused = {n: {'what': w, 'torch_load_weights_only': torch_refusal(n)} for n, w in REFUSED.items()}
json.dump({'_meta': meta, **refused}, open(os.path.join(OUT, 'refused.json'), 'w'), indent=1)
open(os.path.join(OUT, 'README.md'), 'w').write(
    '# Real files from torch / numpy\n\n'
    'Generated by `python3 tools/gen_real_io_fixtures.py` (torch 2.13, numpy, torchmetrics 1.9):\n'
    'validation logits of small models trained with torch, saved with torch.save / np.save /\n'
    'np.savez(_compressed) / np.savetxt / pandas-style to_csv / json.dump. `expected.json` holds what\n'
    'the reference readers load (torch.load, torch.from_numpy(np.load), torch.tensor(json.load),\n'
    'np.loadtxt, pandas.read_csv); `refused.json` the files refused on purpose (TorchScript,\n'
    'pickle.dump output). Regression tests for reader fixes: test/engine/io_real_files.test.ts.\n')
if '--io-only' in sys.argv:
    print(len(expected), 'files +', len(refused), 'refused;',
          sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT)), 'bytes in', OUT)
    sys.exit(0)


# ------------------------------------------------------------------ calibration references
def edges32(bins):
    return torch.linspace(0, 1, bins + 1).double().numpy()


def binidx(v, bins, conv):
    e = edges32(bins)
    v = v.astype(np.float32).astype(np.float64)  # both references bin float32 confidences
    if conv == 'guo':
        idx = np.searchsorted(e, v, side='left') - 1
        idx[(v <= e[0]) | (v > e[-1])] = -1
    else:
        idx = np.searchsorted(e, v, side='right') - 1
        idx[v < e[0]] = -1
    return idx


def metrics64(z, y, T, bins, conv):
    """float64 numpy of the definitions in shared/reference/pytorch-numerics.md 4.3."""
    n, c = z.shape
    zt = z / T
    m = zt.max(1, keepdims=True)
    e = np.exp(zt - m)
    p = e / e.sum(1, keepdims=True)
    nll = float((np.log(e.sum(1)) + m[:, 0] - zt[np.arange(n), y]).mean())
    pred = p.argmax(1)
    conf = p[np.arange(n), pred]
    acc = (pred == y).astype(np.float64)
    nb = bins + (1 if conv == 'torchmetrics' else 0)
    idx = binidx(conf, bins, conv)
    ece, mce = 0.0, 0.0
    for b in range(nb):
        s = idx == b
        if s.any():
            gap = abs(acc[s].mean() - conf[s].mean())
            ece += s.sum() / n * gap
            mce = max(mce, gap)
    order = np.argsort(conf, kind='stable')
    ace = sum(abs(acc[g].sum() - conf[g].sum()) for g in np.array_split(order, bins)) / n
    cw = 0.0
    for k in range(c):
        ik = binidx(p[:, k], bins, conv)
        for b in range(nb):
            s = ik == b
            cw += abs((y[s] == k).sum() - p[s, k].sum())
    brier = float(((p - np.eye(c)[y]) ** 2).sum(1).mean())
    return {'ece': float(ece), 'mce': float(mce), 'ace': float(ace), 'classwise_ece': float(cw / (n * c)),
            'brier': brier, 'nll': nll, 'accuracy': float(acc.mean())}


def dnll_dbeta(z, y, beta):
    w = z - z.max(1, keepdims=True)
    e = np.exp(beta * w)
    return float(((w * e).sum(1) / e.sum(1) - w[np.arange(len(y)), y]).mean())


def t_star(z, y):
    lo, hi = 1e-3, 1e3  # beta range; NLL is convex in beta
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if dnll_dbeta(z, y, mid) < 0:
            lo = mid
        else:
            hi = mid
    return 1 / (0.5 * (lo + hi))


def lbfgs_recipe(logits, labels):
    t = nn.Parameter(torch.ones(1) * 1.5)
    o = torch.optim.LBFGS([t], lr=0.01, max_iter=50)

    def closure():
        o.zero_grad()
        loss = nn.CrossEntropyLoss()(logits / t.unsqueeze(1).expand(logits.size(0), logits.size(1)), labels)
        loss.backward()
        return loss
    o.step(closure)
    return t.item(), o.state[o._params[0]]['n_iter']


cal = {'_meta': {**meta, 'torchmetrics': torchmetrics.__version__}, 'models': {}}
for name, (Lm, Ym) in MODELS.items():
    z, yy = Lm.double().numpy(), Ym.numpy()
    entry = {'n': int(z.shape[0]), 'c': int(z.shape[1]), 'metrics': []}
    for T in (1.0, 2.0, 0.5):
        p32 = F.softmax(Lm / T, 1)
        for bins in (15, 10):
            for conv in ('guo', 'torchmetrics'):
                row = {'T': T, 'bins': bins, 'convention': conv, 'own64': metrics64(z, yy, T, bins, conv)}
                if conv == 'torchmetrics':
                    row['torchmetrics'] = {
                        'ece': multiclass_calibration_error(p32, Ym, num_classes=z.shape[1], n_bins=bins, norm='l1').item(),
                        'mce': multiclass_calibration_error(p32, Ym, num_classes=z.shape[1], n_bins=bins, norm='max').item()}
                entry['metrics'].append(row)
    ts = t_star(z, yy)
    tl, it = lbfgs_recipe(Lm, Ym)
    tl64, _ = lbfgs_recipe(Lm.double(), Ym)
    entry['fit'] = {'t_star': ts, 'nll_star': metrics64(z, yy, ts, 15, 'guo')['nll'],
                    'nll_before': metrics64(z, yy, 1.0, 15, 'guo')['nll'],
                    't_lbfgs': tl, 'lbfgs_iterations': it, 't_lbfgs_float64_logits': tl64}
    cal['models'][name] = entry
torch.save({k: {'logits': v[0], 'labels': v[1]} for k, v in MODELS.items()}, os.path.join(CAL, 'real_models.pt'))
json.dump(cal, open(os.path.join(CAL, 'real_models.json'), 'w'), indent=1)
print(len(expected), 'files +', len(refused), 'refused;',
      sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT)), 'bytes in', OUT)
for name, e in cal['models'].items():
    print(name, 'T*', round(e['fit']['t_star'], 4), 'T_lbfgs', round(e['fit']['t_lbfgs'], 4),
          'nll', round(e['fit']['nll_before'], 4), '->', round(e['fit']['nll_star'], 4))
