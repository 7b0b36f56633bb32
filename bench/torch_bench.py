#!/usr/bin/env python3
"""PyTorch CPU (one thread) side of `npm run bench`, driven by bench/run.mjs.

Protocol: one JSON request per stdin line, one JSON reply per stdout line.
  {"cmd": "setup", "op": ..., "shape": [r, c], "dim": d, "T": t}
      -> builds N(0, 4^2) float32 input, runs both variants once and checks them
         against a float64 reference; replies {"ok": true, "variants": [...]}
         or {"ok": false, "msg": ...}.
  {"cmd": "time", "variant": "out" | "plain", "reps": k}
      -> {"ok": true, "t": seconds per call (mean over k back-to-back calls)}
  {"cmd": "quit"}
"out" writes into a preallocated output (out=), "plain" is the ordinary call that
allocates its result. Ops without an out= form report only "plain".
"""
import json
import sys
import time

try:
    import torch
    import torch.nn.functional as F
except Exception as e:  # reported by run.mjs as "skipped"
    print(json.dumps({"ok": False, "msg": f"torch unavailable: {e}"}), flush=True)
    sys.exit(0)

torch.set_num_threads(1)


def ece_guo(logits, labels, bins=15):
    p = torch.softmax(logits, 1)
    conf, pred = p.max(1)
    acc = pred.eq(labels).float()
    edges = torch.linspace(0, 1, bins + 1)
    e = torch.zeros((), dtype=torch.float64)
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = conf.gt(lo) & conf.le(hi)
        pm = m.float().mean()
        if pm.item() > 0:
            e += (conf[m].mean() - acc[m].mean()).abs().double() * pm.double()
    return e


class Case:
    def __init__(self, req):
        g = torch.Generator().manual_seed(1234)
        shape = req["shape"]
        op = req["op"]
        dim = req.get("dim", -1)
        T = req.get("T", 1.0)
        x = torch.randn(*shape, generator=g) * 4
        y = torch.randn(*shape, generator=g) * 4
        labels = torch.randint(0, shape[-1], (shape[0],), generator=g)
        xd = x.double()
        self.fns = {}
        if op in ("softmax", "log_softmax", "softmax_T"):
            o = torch.empty_like(x)
            tmp = torch.empty_like(x)
            if op == "softmax":
                self.fns["out"] = lambda: torch._softmax(x, dim, False, out=o)
                self.fns["plain"] = lambda: torch.softmax(x, dim)
                ref = torch.softmax(xd, dim)
            elif op == "log_softmax":
                self.fns["out"] = lambda: torch._log_softmax(x, dim, False, out=o)
                self.fns["plain"] = lambda: torch.log_softmax(x, dim)
                ref = torch.log_softmax(xd, dim)
            else:
                def tout():
                    torch.div(x, T, out=tmp)
                    return torch._softmax(tmp, dim, False, out=o)
                self.fns["out"] = tout
                self.fns["plain"] = lambda: torch.softmax(x / T, dim)
                ref = torch.softmax(xd / T, dim)
        elif op == "logsumexp":
            rshape = list(shape)
            del rshape[dim]
            o = torch.empty(rshape)
            self.fns["out"] = lambda: torch.logsumexp(x, dim, out=o)
            self.fns["plain"] = lambda: torch.logsumexp(x, dim)
            ref = torch.logsumexp(xd, dim)
        elif op in ("add", "mul"):
            o = torch.empty_like(x)
            f = torch.add if op == "add" else torch.mul
            self.fns["out"] = lambda: f(x, y, out=o)
            self.fns["plain"] = lambda: f(x, y)
            ref = f(xd, y.double())
        elif op == "exp":
            xs = x / 4  # keep exp in range
            o = torch.empty_like(x)
            self.fns["out"] = lambda: torch.exp(xs, out=o)
            self.fns["plain"] = lambda: torch.exp(xs)
            ref = torch.exp(xs.double())
        elif op in ("sum", "mean"):
            o = torch.empty(shape[0])
            f = torch.sum if op == "sum" else torch.mean
            self.fns["out"] = lambda: f(x, 1, out=o)
            self.fns["plain"] = lambda: f(x, 1)
            ref = f(xd, 1)
        elif op == "max":
            ov = torch.empty(shape[0])
            oi = torch.empty(shape[0], dtype=torch.long)
            self.fns["out"] = lambda: torch.max(x, 1, out=(ov, oi))[0]
            self.fns["plain"] = lambda: torch.max(x, 1)[0]
            ref = xd.max(1)[0]
        elif op == "cross_entropy":
            self.fns["plain"] = lambda: F.cross_entropy(x, labels)
            ref = F.cross_entropy(xd, labels)
        elif op == "ece":
            self.fns["plain"] = lambda: ece_guo(x, labels)
            ref = ece_guo(xd, labels)
        else:
            raise ValueError(f"unknown op {op}")
        for name, fn in self.fns.items():
            got = fn().double()
            # third-party tolerance from the driver: float32 sums drift with the reduced length
            torch.testing.assert_close(got, ref.double(), rtol=req.get("rtol", 1e-4), atol=req.get("atol", 1e-5), equal_nan=True,
                                       msg=lambda m: f"torch {op} {name} wrong: {m}")

    def time(self, variant, reps):
        fn = self.fns[variant]
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        return (time.perf_counter() - t0) / reps


def main():
    case = None
    print(json.dumps({"ok": True, "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "capability": torch.backends.cpu.get_cpu_capability()}), flush=True)
    for line in sys.stdin:
        req = json.loads(line)
        try:
            if req["cmd"] == "setup":
                case = None
                case = Case(req)
                reply = {"ok": True, "variants": list(case.fns)}
            elif req["cmd"] == "time":
                reply = {"ok": True, "t": case.time(req["variant"], int(req["reps"]))}
            elif req["cmd"] == "quit":
                break
            else:
                reply = {"ok": False, "msg": "bad cmd"}
        except Exception as e:  # noqa: BLE001 - reported to the driver
            reply = {"ok": False, "msg": str(e)}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
