#!/usr/bin/env python3
"""Regenerate test/fixtures/corpus_own/*.out by running each NAME.py with the system
python3 and real PyTorch (2.13 CPU). Only stdout is captured, as in the shared corpus.

usage: python3 tools/gen_corpus_own.py [NAME ...]   (default: every case)
"""
import pathlib, subprocess, sys

HERE = pathlib.Path(__file__).resolve().parent.parent / "test" / "fixtures" / "corpus_own"

def main():
    names = sys.argv[1:]
    cases = sorted(HERE.glob("*.py")) if not names else [HERE / f"{n.removesuffix('.py')}.py" for n in names]
    for case in cases:
        r = subprocess.run([sys.executable, case.name], cwd=HERE, capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            print(f"FAILED {case.name}:\n{r.stderr[-800:]}", file=sys.stderr)
            continue
        case.with_suffix(".out").write_text(r.stdout)
        print(f"wrote {case.with_suffix('.out').name} ({len(r.stdout.splitlines())} lines)")

if __name__ == "__main__":
    main()
