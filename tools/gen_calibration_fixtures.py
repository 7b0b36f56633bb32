#!/usr/bin/env python3
"""Generate expected calibration metrics / temperatures for test/engine/calibration.test.ts.

Requires: torch 2.13 (system python3), numpy, scipy, torchmetrics==1.9.0
(`pip install torchmetrics==1.9.0`). Run from the repo root:
    python3 tools/gen_calibration_fixtures.py
Writes test/fixtures/calibration/{cases.json, realistic.npz, realistic.json}.

References computed here (facts from shared/reference/pytorch-numerics.md §4; code written
for this script, not copied):
  * 'guo'   : gpleiss-style ECE/MCE in float32 torch ops: bins (lo, hi] on float32
              linspace edges, conf == 0 in no bin, empty bins skipped.
  * 'torchmetrics': torchmetrics.functional.classification.multiclass_calibration_error
              (norm='l1' -> ECE, norm='max' -> MCE) on float32 softmax probabilities.
  * ACE (equal-mass): stable argsort of conf, numpy.array_split into `bins` groups.
  * classwise ECE, Brier, NLL, accuracy: float64 numpy.
  * T*: scipy bounded Brent on log T, refined by Newton on beta = 1/T (float64).
  * T_lbfgs: the gpleiss recipe run with real torch.optim.LBFGS.
"""
import json, math, os, sys
import numpy as np
import torch
import torch.nn.functional as F
from scipy.optimize import minimize_scalar
import torchmetrics
from torchmetrics.functional.classification import multiclass_calibration_error

assert torchmetrics.__version__ == '1.9.0', torchmetrics.__version__
OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'calibration')
os.makedirs(OUT, exist_ok=True)


def f32_edges(bins):
    return torch.linspace(0, 1, bins + 1)  # float32


def probs_of(x, logits, T):
    x = torch.as_tensor(x, dtype=torch.float32)
    return torch.softmax(x / T, dim=1) if logits else x


def guo_ece_mce(p32, y, bins):
    """gpleiss _ECELoss logic in float32, but on probabilities."""
    conf, pred = torch.max(p32, 1)
    acc = pred.eq(y)
    edges = f32_edges(bins)
    ece = torch.zeros(1)
    mce = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        inb = conf.gt(lo.item()) * conf.le(hi.item())
        prop = inb.float().mean()
        if prop.item() > 0:
            gap = torch.abs(conf[inb].mean() - acc[inb].float().mean())
            ece += gap * prop
            mce = max(mce, gap.item())
    return ece.item(), mce


def bin_index(v32, edges, conv):
    """numpy version of the two conventions; v32 float32 values, edges float32."""
    v = v32.astype(np.float32)
    e = edges.astype(np.float32)
    if conv == 'guo':
        idx = np.searchsorted(e, v, side='left') - 1  # first k with v <= e[k], minus 1
        idx[(v <= e[0]) | (v > e[-1])] = -1
    else:
        idx = np.searchsorted(e, v, side='right') - 1  # count of edges <= v, minus 1
        idx[v < e[0]] = -1
    return idx


def classwise(p64, y, bins, conv):
    n, c = p64.shape
    edges = f32_edges(bins).numpy()
    nb = bins + (1 if conv == 'torchmetrics' else 0)
    total = 0.0
    for k in range(c):
        pk = p64[:, k]
        idx = bin_index(pk.astype(np.float32), edges, conv)
        hit = (y == k).astype(np.float64)
        for b in range(nb):
            m = idx == b
            total += abs(hit[m].sum() - pk[m].sum())
    return total / n / c


def reliability(p64, y, bins, conv):
    conf = p64.max(1)
    pred = p64.argmax(1)
    acc = (pred == y).astype(np.float64)
    edges = f32_edges(bins).numpy().astype(np.float64)
    idx = bin_index(conf.astype(np.float32), edges, conv)
    nb = bins + (1 if conv == 'torchmetrics' else 0)
    out = []
    for b in range(nb):
        m = idx == b
        cnt = int(m.sum())
        out.append({'lo': float(edges[b]) if b < bins else 1.0, 'hi': float(edges[b + 1]) if b < bins else 1.0,
                    'count': cnt,
                    'accuracy': float(acc[m].mean()) if cnt else None,
                    'confidence': float(conf[m].mean()) if cnt else None})
    return out


def ace(p64, y, bins):
    conf = p64.max(1)
    acc = (p64.argmax(1) == y).astype(np.float64)
    order = np.argsort(conf, kind='stable')
    return sum(abs(acc[g].sum() - conf[g].sum()) for g in np.array_split(order, bins)) / len(y)


def nll_logits(z64, y, T):
    return F.cross_entropy(torch.as_tensor(z64) / T, torch.as_tensor(y)).item()


def exact_T(z64, y):
    f = lambda u: nll_logits(z64, y, math.exp(u))
    r = minimize_scalar(f, bounds=(math.log(1e-3), math.log(1e3)), method='bounded', options={'xatol': 1e-10})
    beta = math.exp(-r.x)
    m = z64.max(1, keepdims=True)
    w = z64 - m
    wy = w[np.arange(len(y)), y]
    for _ in range(30):  # Newton on beta: g = mean(E[w] - w_y), h = mean(Var[w])
        e = np.exp(beta * w)
        s0 = e.sum(1)
        ew = (w * e).sum(1) / s0
        var = (w * w * e).sum(1) / s0 - ew ** 2
        g = (ew - wy).mean()
        h = var.mean()
        step = g / h
        beta -= step
        if abs(step) < 1e-15 * beta:
            break
    T = 1 / beta
    return T, nll_logits(z64, y, T), float(g)


def gpleiss_lbfgs(z32, y):
    logits = torch.as_tensor(z32, dtype=torch.float32)
    labels = torch.as_tensor(y)
    temperature = torch.nn.Parameter(torch.ones(1) * 1.5)
    opt = torch.optim.LBFGS([temperature], lr=0.01, max_iter=50)
    traj = []

    def closure():
        opt.zero_grad()
        loss = F.cross_entropy(logits / temperature.unsqueeze(1).expand(logits.size(0), logits.size(1)), labels)
        loss.backward()
        traj.append([temperature.item(), loss.item(), temperature.grad.item()])
        return loss

    opt.step(closure)
    st = opt.state[temperature]
    return {'temperature': temperature.item(), 'evaluations': st['func_evals'], 'iterations': st['n_iter'],
            'trajectory': traj}


def metrics_for(x, y, logits, T, bins):
    p32 = probs_of(x, logits, T)
    if logits:
        p64 = torch.softmax(torch.as_tensor(np.asarray(x, dtype=np.float32), dtype=torch.float64) / T, 1).numpy()
    else:
        p64 = np.asarray(x, dtype=np.float32).astype(np.float64)
    yt = torch.as_tensor(y)
    c = p64.shape[1]
    out = {}
    ge, gm = guo_ece_mce(p32, yt, bins)
    tm_e = multiclass_calibration_error(p32, yt, num_classes=c, n_bins=bins, norm='l1').item()
    tm_m = multiclass_calibration_error(p32, yt, num_classes=c, n_bins=bins, norm='max').item()
    out['guo'] = {'ece': ge, 'mce': gm, 'classwiseEce': classwise(p64, y, bins, 'guo'),
                  'reliability': reliability(p64, y, bins, 'guo')}
    out['torchmetrics'] = {'ece': tm_e, 'mce': tm_m, 'classwiseEce': classwise(p64, y, bins, 'torchmetrics'),
                           'reliability': reliability(p64, y, bins, 'torchmetrics')}
    out['ace'] = ace(p64, y, bins)
    out['brier'] = float(((p64 - np.eye(c)[y]) ** 2).sum(1).mean())
    out['nll'] = nll_logits(np.asarray(x, dtype=np.float32).astype(np.float64), y, T) if logits else float(-np.log(p64[np.arange(len(y)), y]).mean())
    out['accuracy'] = float((p64.argmax(1) == y).mean())
    return out


def case(name, x, y, logits, bins=15, T=1.0, fit=True):
    x = np.asarray(x, dtype=np.float32)
    y = np.asarray(y, dtype=np.int64)
    c = {'name': name, 'x': x.astype(np.float64).tolist(), 'labels': y.tolist(), 'logits': logits,
         'bins': bins, 'temperature': T, 'metrics': metrics_for(x, y, logits, T, bins)}
    if logits and fit:
        Ts, nlls, g = exact_T(x.astype(np.float64), y)
        c['exact'] = {'temperature': Ts, 'nll': nlls, 'nllBefore': nll_logits(x.astype(np.float64), y, 1.0)}
        c['lbfgs'] = gpleiss_lbfgs(x, y)
        c['lbfgs']['nllAfter'] = nll_logits(x.astype(np.float64), y, c['lbfgs']['temperature'])
    return c


def finite(o):
    """JSON has no Infinity/NaN: encode them as strings the tests decode."""
    if isinstance(o, float) and not math.isfinite(o):
        return 'NaN' if o != o else ('Infinity' if o > 0 else '-Infinity')
    if isinstance(o, dict):
        return {k: finite(v) for k, v in o.items()}
    if isinstance(o, list):
        return [finite(v) for v in o]
    return o


def main():
    rng = np.random.default_rng(7)
    cases = []
    tiny = [[1., 2., 3.], [3., 1., 2.], [0.5, 2.5, 0.1], [2., 2.2, -1.], [4., 0., 1.], [0., 0., 3.]]
    cases.append(case('tiny_guo_fixture', tiny, [2, 1, 1, 0, 0, 2], True))
    cases.append(case('bin_edge_example', [[.5, .5, 0], [.5, .25, .25], [.9, .1, 0]], [0, 0, 1], False, bins=2))
    cases.append(case('torchmetrics_doc', [[0.25, 0.20, 0.55], [0.55, 0.05, 0.40], [0.10, 0.30, 0.60], [0.90, 0.05, 0.05]],
                      [0, 1, 2, 0], False, bins=3))
    # probabilities with exact 0 and 1 entries (conf == 1.0; classwise p == 0 never binned under guo)
    cases.append(case('onehot_probs', [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0.2, 0.3, 0.5], [0.6, 0.4, 0.0]],
                      [0, 1, 0, 0, 2, 1], False, bins=5))
    # overconfident random logits
    n, k = 200, 5
    y = rng.integers(0, k, n)
    z = rng.normal(size=(n, k)); z[np.arange(n), y] += 1.0; z *= 3
    cases.append(case('random_200x5_overconfident', z, y, True))
    cases.append(case('random_200x5_T2', z, y, True, T=2.0, fit=False))
    # some rows with huge margins: float32 conf exactly 1.0, many empty bins
    n, k = 300, 4
    y = rng.integers(0, k, n)
    z = rng.normal(size=(n, k)) * 0.5
    big = rng.random(n) < 0.3
    z[big, y[big]] += 40.0
    z[np.arange(n), y] += 1.5
    cases.append(case('huge_margins_300x4', z, y, True, bins=15))
    cases.append(case('huge_margins_300x4_bins10', z, y, True, bins=10, fit=False))
    # underconfident, 20 classes
    n, k = 150, 20
    y = rng.integers(0, k, n)
    z = rng.normal(size=(n, k)); z[np.arange(n), y] += 3.0; z *= 0.4
    cases.append(case('underconfident_150x20', z, y, True))
    # probabilities given directly (float32), narrow range -> empty bins
    p = torch.softmax(torch.as_tensor(rng.normal(size=(100, 3)) * 0.3, dtype=torch.float32), 1).numpy()
    cases.append(case('probs_narrow_100x3', p, rng.integers(0, 3, 100), False))
    # sums-of-uniforms logits: the LBFGS recipe overshoots through T = 0 (torch does the same)
    for name, (n, k) in (('lbfgs_negative_400x20', (400, 20)), ('lbfgs_300x50', (300, 50))):
        y = rng.integers(0, k, n)
        z = 3 * (rng.random((n, k)) + rng.random((n, k)) + rng.random((n, k)) - 1.5)
        z[np.arange(n), y] += 4
        cases.append(case(name, z, y, True))
    edges = {str(b): f32_edges(b).double().tolist() for b in (1, 2, 3, 5, 10, 15, 20, 100)}
    with open(os.path.join(OUT, 'cases.json'), 'w') as f:
        json.dump(finite({'generator': 'tools/gen_calibration_fixtures.py', 'torch': torch.__version__,
                   'torchmetrics': torchmetrics.__version__, 'edges': edges, 'cases': cases}), f, allow_nan=False)

    # Realistic miscalibrated classifier: 10,000 x 10, over-confident by x2.5.
    n, k = 10000, 10
    y = rng.integers(0, k, n)
    z = rng.normal(size=(n, k)); z[np.arange(n), y] += 2.2; z *= 2.5
    hot = rng.random(n) < 0.02
    hot &= z.argmax(1) == y
    z[hot, y[hot]] += 30  # some confidently correct rows: exact-1.0 confidences in float32
    z32 = z.astype(np.float32)
    np.savez(os.path.join(OUT, 'realistic.npz'), logits=z32, labels=y.astype(np.int64))
    Ts, nlls, g = exact_T(z32.astype(np.float64), y)
    lb = gpleiss_lbfgs(z32, y)
    lb['nllAfter'] = nll_logits(z32.astype(np.float64), y, lb['temperature'])
    real = {'bins': 15, 'metrics': metrics_for(z32, y, True, 1.0, 15),
            'exact': {'temperature': Ts, 'nll': nlls, 'nllBefore': nll_logits(z32.astype(np.float64), y, 1.0), 'grad': g},
            'metricsAtExact': metrics_for(z32, y, True, Ts, 15),
            'lbfgs': lb}
    with open(os.path.join(OUT, 'realistic.json'), 'w') as f:
        json.dump(finite(real), f, allow_nan=False)
    print('T* realistic', Ts, 'lbfgs', lb['temperature'], 'evals', lb['evaluations'])
    for c in cases:
        if 'exact' in c:
            print(c['name'], 'T*', c['exact']['temperature'], 'T_lbfgs', c['lbfgs']['temperature'], c['lbfgs']['iterations'], c['lbfgs']['evaluations'])


if __name__ == '__main__':
    main()
