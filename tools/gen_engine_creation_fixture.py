#!/usr/bin/env python3
"""Write test/fixtures/engine/creation_cases.json: torch.arange / torch.linspace values
from PyTorch 2.13 CPU for random float arguments (float32 and float64), so the engine's
creation.test.ts can check them bit for bit.

Run from the project root: python3 tools/gen_engine_creation_fixture.py
"""
import json
import os
import random

import torch


def main():
    rng = random.Random(20261126)
    arange, linspace = [], []
    for k in range(120):
        dtype = 'float32' if k % 2 == 0 else 'float64'
        start = round(rng.uniform(-10, 10), rng.choice([1, 3, 6]))
        step = rng.choice([0.1, 0.3, 0.7, 1.1, -0.3, 0.01, 2.5, round(rng.uniform(-1, 1), 4)]) or 0.5
        end = start + step * rng.randint(1, 90) * rng.random()
        if (end - start) / step <= 0:
            continue
        t = torch.arange(start, end, step, dtype=getattr(torch, dtype))
        arange.append({'start': start, 'end': end, 'step': step, 'dtype': dtype, 'values': t.tolist()})
    for k in range(120):
        dtype = 'float32' if k % 3 else 'float64'
        start = round(rng.uniform(-10, 10), rng.choice([0, 2, 5]))
        end = round(rng.uniform(-10, 10), rng.choice([0, 2, 5]))
        steps = rng.randint(0, 70)
        t = torch.linspace(start, end, steps, dtype=getattr(torch, dtype))
        linspace.append({'start': start, 'end': end, 'steps': steps, 'dtype': dtype, 'values': t.tolist()})
    path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'engine', 'creation_cases.json')
    with open(path, 'w') as f:
        json.dump({'torch': torch.__version__, 'arange': arange, 'linspace': linspace}, f)
        f.write('\n')
    print('wrote', os.path.normpath(path), len(arange), len(linspace))


if __name__ == '__main__':
    main()
