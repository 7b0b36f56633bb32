#!/usr/bin/env python3
"""Generate examples/val_logits.npz: 2,000 x 10 validation logits + labels of an
over-confident "CIFAR-10 classifier", for examples/calibration.ipynb.

How: draw latent logits l (one favoured class per row, a random margin), draw
each label from softmax(l) -- so l is perfectly calibrated by construction --
and publish 1.8 * l, the over-confidence temperature scaling should undo
(the fitted T comes out near 1.8). numpy only; deterministic (seed 2017).

usage: python3 tools/make_example_data.py
"""
import pathlib
import numpy as np

N, C, SHARPEN, SEED = 2000, 10, 1.8, 2017
OUT = pathlib.Path(__file__).resolve().parent.parent / "examples" / "val_logits.npz"


def main():
    rng = np.random.default_rng(SEED)
    latent = rng.normal(0.0, 1.0, size=(N, C))
    favoured = rng.integers(0, C, size=N)
    latent[np.arange(N), favoured] += rng.uniform(2.0, 8.0, size=N)
    p = np.exp(latent - latent.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    labels = np.array([rng.choice(C, p=row) for row in p], dtype=np.int64)
    logits = (SHARPEN * latent).astype(np.float32)
    np.savez_compressed(OUT, logits=logits, labels=labels)
    acc = (logits.argmax(1) == labels).mean()
    print(f"wrote {OUT.relative_to(OUT.parent.parent)}: logits {logits.shape} float32, labels {labels.shape} int64, accuracy {acc:.3f}")


if __name__ == "__main__":
    main()
