"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.T_MAX = exports.T_MIN = void 0;
exports.fitTemperature = fitTemperature;
const dtype_1 = require("../dtype");
const errors_1 = require("../errors");
const common_1 = require("./common");
exports.T_MIN = 1e-3;
exports.T_MAX = 1e3;
/** The logits as flat rows with each row's max precomputed. */
class LogitRows {
    constructor(logits, labels) {
        if (!(0, dtype_1.isFloating)(logits.dtype) || logits.ndim !== 2) {
            throw new errors_1.TorchError('ValueError', `expected a 2-D floating point tensor of logits (N, C), got ${logits.dtype} of shape (${logits.shape.join(', ')})`);
        }
        const [n, c] = logits.shape;
        if (n === 0 || c === 0) {
            throw new errors_1.TorchError('ValueError', 'cannot fit a temperature on an empty tensor');
        }
        const lab = (0, common_1.readLabels)(labels, n, c);
        const x = logits.contiguous();
        this.n = n;
        this.c = c;
        this.data = x.storage;
        this.off = x.offset;
        this.rowMax = new Float64Array(n);
        this.rowMin = new Float64Array(n);
        this.labelLogit = new Float64Array(n);
        const d = this.data;
        for (let i = 0; i < n; i++) {
            const base = this.off + i * c;
            let m = -Infinity;
            let lo = Infinity;
            for (let j = 0; j < c; j++) {
                m = Math.max(m, d[base + j]);
                lo = Math.min(lo, d[base + j]);
            }
            if (!Number.isFinite(m) || !Number.isFinite(lo)) {
                throw new errors_1.TorchError('ValueError', `logits row ${i} is not finite`);
            }
            this.rowMax[i] = m;
            this.rowMin[i] = lo;
            this.labelLogit[i] = d[base + lab[i]];
        }
    }
    /**
     * NLL at inverse temperature β and its first two β-derivatives, in one pass.
     * With w = z − shift (shift = row max for β ≥ 0, so every βw ≤ 0; row min for β < 0):
     * loss_i = log Σ e^{βw} − β w_y, d/dβ = E[w] − w_y, d²/dβ² = Var[w].
     */
    evalBeta(beta, rowStep = 1) {
        const { n, c, data, off } = this;
        const shift = beta >= 0 ? this.rowMax : this.rowMin;
        let f = 0;
        let g = 0;
        let h = 0;
        let rows = 0;
        for (let i = 0; i < n; i += rowStep) {
            rows++;
            const base = off + i * c;
            const m = shift[i];
            let s0 = 0;
            let s1 = 0;
            let s2 = 0;
            for (let j = 0; j < c; j++) {
                const w = data[base + j] - m;
                const e = Math.exp(beta * w);
                s0 += e;
                s1 += w * e;
                s2 += w * w * e;
            }
            const ew = s1 / s0;
            const wy = this.labelLogit[i] - m;
            f += Math.log(s0) - beta * wy;
            g += ew - wy;
            h += Math.max(s2 / s0 - ew * ew, 0);
        }
        return { f: f / rows, g: g / rows, h: h / rows };
    }
    nllAt(t) {
        return this.evalBeta(1 / t).f;
    }
}
function fitTemperature(logits, labels, opts = {}) {
    const method = opts.method ?? 'exact';
    if (method !== 'exact' && method !== 'lbfgs') {
        throw new errors_1.TorchError('ValueError', `method must be 'exact' or 'lbfgs', got '${method}'`);
    }
    const rows = new LogitRows(logits, labels);
    return method === 'exact' ? fitExact(rows) : fitLbfgs(rows, opts);
}
/** Relative Newton step at which we stop: the step is still applied, leaving an error ~ (1e-7)². */
const STEP_TOL = 1e-7;
/** Above this many logits, a strided row subsample provides the starting point. */
const SUBSAMPLE_ELEMENTS = 200000;
/**
 * Minimise the convex NLL(β) by Newton steps kept inside a bracket (geometric
 * bisection when Newton leaves it). Ends of [1/T_MAX, 1/T_MIN] are evaluated
 * only when Newton heads there; if the slope still points outwards the end is
 * returned as a bound.
 */
function newton(ev, beta0, at0) {
    const bMin = 1 / exports.T_MAX;
    const bMax = 1 / exports.T_MIN;
    let lo = bMin;
    let hi = bMax;
    let loKnown = false; // g(lo) < 0 established
    let hiKnown = false; // g(hi) > 0 established
    let beta = beta0;
    let cur = at0;
    let prevStep = 0;
    for (let steps = 0; steps < 200; steps++) {
        if (cur.g < 0) {
            lo = beta;
            loKnown = true;
        }
        else if (cur.g > 0) {
            hi = beta;
            hiKnown = true;
        }
        else {
            return { beta, f: cur.f, steps, bound: null, ok: true };
        }
        const step = cur.h > 0 ? -cur.g / cur.h : NaN;
        let next = beta + step;
        if (Math.abs(step) <= STEP_TOL * beta && next > lo && next < hi) {
            // Converged: apply the last (tiny) step; NLL there by second-order Taylor (exact to ~step³).
            return {
                beta: next,
                f: cur.f + cur.g * step + 0.5 * cur.h * step * step,
                steps,
                bound: null,
                ok: true
            };
        }
        // Newton creeping the same way without speeding up (an exponential tail: the optimum may be at a range end).
        const slow = prevStep !== 0 && step * prevStep > 0 && Math.abs(step) > 0.5 * Math.abs(prevStep);
        prevStep = step;
        if (!(next > lo && next < hi) || slow) {
            // Settle the unknown range end that Newton is heading for, then bisect (geometrically) instead.
            const up = !(step < 0); // NaN (h = 0) with g < 0 also heads up
            if (up && !hiKnown && cur.g < 0) {
                const e = ev(bMax);
                if (e.g <= 0) {
                    return { beta: bMax, f: e.f, steps: steps + 1, bound: 'lower', ok: false };
                }
                hiKnown = true;
            }
            else if (!up && !loKnown && cur.g > 0) {
                const e = ev(bMin);
                if (e.g >= 0) {
                    return { beta: bMin, f: e.f, steps: steps + 1, bound: 'upper', ok: false };
                }
                loKnown = true;
            }
            next = Math.sqrt(lo * hi);
        }
        if (hi - lo <= 1e-13 * hi) {
            return { beta, f: cur.f, steps, bound: null, ok: true };
        }
        beta = next;
        cur = ev(beta);
    }
    return { beta, f: cur.f, steps: 200, bound: null, ok: false };
}
function fitExact(rows) {
    let evaluations = 0;
    const ev = (b) => {
        evaluations++;
        return rows.evalBeta(b);
    };
    const at1 = ev(1);
    const nllBefore = at1.f;
    const result = (beta, f, iterations, converged, note) => ({
        temperature: 1 / beta,
        method: 'exact',
        nllBefore,
        nllAfter: f,
        iterations,
        evaluations,
        converged,
        note
    });
    if (at1.h === 0 && at1.g === 0) {
        return result(1, at1.f, 0, true, 'NLL does not depend on T (every row is constant)');
    }
    // Warm start on an evenly strided row sample, then polish on all rows.
    let beta0 = 1;
    let start = at1;
    const stride = Math.floor((rows.n * rows.c) / SUBSAMPLE_ELEMENTS);
    if (stride >= 2) {
        const sub = newton(b => rows.evalBeta(b, stride), 1, rows.evalBeta(1, stride));
        if (sub.beta !== 1) {
            beta0 = sub.beta;
            start = ev(beta0);
        }
    }
    const r = newton(ev, beta0, start);
    if (r.bound === 'lower') {
        return result(r.beta, r.f, r.steps, false, `NLL keeps decreasing as T → 0 (confidently correct predictions); T clamped to the lower bound ${exports.T_MIN}`);
    }
    if (r.bound === 'upper') {
        return result(r.beta, r.f, r.steps, false, `NLL keeps decreasing as T → ∞ (labels no better than uniform); T clamped to the upper bound ${exports.T_MAX}`);
    }
    return result(r.beta, r.f, r.steps, r.ok, r.ok ? 'converged (safeguarded Newton on 1/T)' : 'iteration limit reached');
}
const f32 = Math.fround;
/**
 * torch.optim.LBFGS.step (line_search_fn=None) on one float32 parameter.
 * Every tensor quantity is rounded to float32 as PyTorch stores it.
 */
function fitLbfgs(rows, opts) {
    const lr = opts.lr ?? 0.01;
    const maxIter = opts.maxIter ?? 50;
    const maxEval = Math.floor((maxIter * 5) / 4);
    const tolGrad = 1e-7;
    const tolChange = 1e-9;
    const historySize = 100;
    const nllBefore = rows.nllAt(1);
    let evaluations = 0;
    const trajectory = [];
    // The closure: CE loss of logits / T and dL/dT (= dL/dβ · −β²), float32 like autograd's result.
    const closure = (t) => {
        evaluations++;
        const beta = 1 / t;
        const r = rows.evalBeta(beta);
        const out = { loss: f32(r.f), grad: f32(-r.g * beta * beta) };
        trajectory.push([t, out.loss, out.grad]);
        return out;
    };
    let x = f32(opts.init ?? 1.5);
    let { loss, grad: g } = closure(x);
    const result = (iterations, converged, note) => ({
        temperature: x,
        method: 'lbfgs',
        nllBefore,
        nllAfter: rows.nllAt(x),
        iterations,
        evaluations,
        converged,
        note,
        trajectory
    });
    if (Math.abs(g) <= tolGrad) {
        return result(0, true, 'gradient below tolerance_grad at the start');
    }
    const dirs = []; // y history
    const stps = []; // s history
    const ro = [];
    const al = new Array(historySize).fill(0);
    let d = 0;
    let t = 0;
    let hDiag = 1;
    let prevG = 0;
    let prevLoss = 0;
    let nIter = 0;
    let note = `max_iter (${maxIter}) reached`;
    let converged = false;
    while (nIter < maxIter) {
        nIter++;
        if (nIter === 1) {
            d = -g;
            hDiag = 1;
        }
        else {
            const y = f32(g - prevG);
            const s = f32(d * t);
            const ys = f32(y * s);
            if (ys > 1e-10) {
                if (dirs.length === historySize) {
                    dirs.shift();
                    stps.shift();
                    ro.shift();
                }
                dirs.push(y);
                stps.push(s);
                ro.push(f32(1 / ys));
                hDiag = f32(ys / f32(y * y));
            }
            // two-loop recursion, collapsed to one buffer (q, then r)
            let q = -g;
            for (let i = dirs.length - 1; i >= 0; i--) {
                al[i] = f32(f32(stps[i] * q) * ro[i]);
                q = f32(q + f32(-al[i] * dirs[i]));
            }
            let r = f32(q * hDiag);
            for (let i = 0; i < dirs.length; i++) {
                const be = f32(f32(dirs[i] * r) * ro[i]);
                r = f32(r + f32(f32(al[i] - be) * stps[i]));
            }
            d = r;
        }
        prevG = g;
        prevLoss = loss;
        // First step: min(1, 1/|g|_1) · lr (a float32 tensor op in PyTorch); later: lr.
        if (nIter === 1) {
            const inv = f32(1 / Math.abs(g));
            t = inv < 1 ? f32(inv * f32(lr)) : lr;
        }
        else {
            t = lr;
        }
        const gtd = f32(g * d);
        if (gtd > -tolChange) {
            note = 'directional derivative above -tolerance_change';
            converged = true;
            break;
        }
        x = f32(x + f32(f32(t) * d));
        let optCond = false;
        if (nIter !== maxIter) {
            ({ loss, grad: g } = closure(x));
            optCond = Math.abs(g) <= tolGrad;
        }
        if (nIter === maxIter) {
            break;
        }
        if (evaluations >= maxEval) {
            note = `max_eval (${maxEval}) reached`;
            break;
        }
        if (optCond) {
            note = 'gradient below tolerance_grad';
            converged = true;
            break;
        }
        if (Math.abs(f32(d * t)) <= tolChange) {
            note = 'step below tolerance_change';
            converged = true;
            break;
        }
        if (Math.abs(loss - prevLoss) < tolChange) {
            note = 'loss change below tolerance_change';
            converged = true;
            break;
        }
    }
    return result(nIter, converged, note);
}
