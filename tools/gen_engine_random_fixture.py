#!/usr/bin/env python3
"""Write test/fixtures/engine/random_streams.json: PyTorch 2.13 CPU random streams.

Each case lists the seed, then a sequence of ops run on the default generator
after torch.manual_seed(seed) (or, with seed None, on a fresh Generator with
PyTorch's default seed), and the values each op produced. The engine's
random.test.ts replays the ops and compares.

Run from the project root: python3 tools/gen_engine_random_fixture.py
"""
import json
import os
import torch

OPS = {
    'rand': lambda g, a: torch.rand(*a['shape'], dtype=getattr(torch, a.get('dtype', 'float32')), generator=g),
    'randn': lambda g, a: torch.randn(*a['shape'], dtype=getattr(torch, a.get('dtype', 'float32')), generator=g),
    'randint': lambda g, a: torch.randint(a['low'], a['high'], tuple(a['shape']), generator=g),
    'randperm': lambda g, a: torch.randperm(a['n'], generator=g),
    'uniform_': lambda g, a: torch.zeros(*a['shape']).uniform_(a['from'], a['to'], generator=g),
    'normal_': lambda g, a: torch.zeros(*a['shape'], dtype=getattr(torch, a.get('dtype', 'float32'))).normal_(a['mean'], a['std'], generator=g),
    'uniform_t': lambda g, a: torch.zeros(*a['shape']).t().uniform_(0, 1, generator=g),
    'multinomial': lambda g, a: torch.multinomial(torch.tensor(a['probs']), a['n'], a['replacement'], generator=g),
    'bernoulli': lambda g, a: torch.bernoulli(torch.tensor(a['p']), generator=g),
}

CASES = [
    (0, [('rand', {'shape': [7]}), ('rand', {'shape': [3], 'dtype': 'float64'}), ('randn', {'shape': [3]}), ('randn', {'shape': [3]})]),
    (1, [('randn', {'shape': [37]}), ('randn', {'shape': [16], 'dtype': 'float64'}), ('randn', {'shape': [5], 'dtype': 'float64'})]),
    (42, [('randint', {'low': -5, 'high': 5, 'shape': [10]}), ('randint', {'low': 0, 'high': 2 ** 40, 'shape': [4]}), ('randperm', {'n': 20})]),
    (2 ** 40 + 3, [('rand', {'shape': [4]})]),
    (None, [('rand', {'shape': [4]}), ('randn', {'shape': [2]})]),
    (7, [('uniform_', {'shape': [5], 'from': -2.0, 'to': 3.0}), ('normal_', {'shape': [4], 'mean': 1.0, 'std': 2.0}), ('normal_', {'shape': [20], 'mean': 1.0, 'std': 2.0})]),
    (3, [('uniform_t', {'shape': [3, 4]})]),
    (5, [('multinomial', {'probs': [0.1, 0.2, 0.3, 0.4], 'n': 6, 'replacement': True}),
         ('multinomial', {'probs': [[1.0, 2.0, 3.0], [3.0, 0.0, 1.0]], 'n': 4, 'replacement': True})]),
    (5, [('multinomial', {'probs': [0.1, 0.2, 0.3, 0.4], 'n': 1, 'replacement': False}),
         ('multinomial', {'probs': [0.1, 0.2, 0.3, 0.4], 'n': 3, 'replacement': False})]),
    (9, [('bernoulli', {'p': [0.1, 0.5, 0.9, 0.5, 0.5]})]),
    (11, [('multinomial', {'probs': [[1.0, 2.0, 3.0, 0.0], [3.0, 0.0, 1.0, 1.0]], 'n': 2, 'replacement': False}),
          ('multinomial', {'probs': [[1.0, 2.0, 3.0, 0.0], [3.0, 0.0, 1.0, 1.0]], 'n': 1, 'replacement': True}),
          ('multinomial', {'probs': [0.25] * 8, 'n': 8, 'replacement': False})]),
    (123, [('randn', {'shape': [1000]}), ('rand', {'shape': [10]})]),
]


def main():
    out = []
    for seed, ops in CASES:
        g = torch.Generator()
        if seed is not None:
            g.manual_seed(seed)
        results = []
        for name, args in ops:
            t = OPS[name](g, args)
            results.append({'op': name, 'args': args, 'shape': list(t.shape), 'dtype': str(t.dtype).replace('torch.', ''),
                            'values': t.flatten().tolist()})
        out.append({'seed': seed, 'ops': results})
    path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'engine', 'random_streams.json')
    with open(path, 'w') as f:
        json.dump({'torch': torch.__version__, 'cases': out}, f, indent=1)
        f.write('\n')
    print('wrote', os.path.normpath(path))


if __name__ == '__main__':
    main()
