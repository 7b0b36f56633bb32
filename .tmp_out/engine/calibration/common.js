"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_BINS = void 0;
exports.readLabels = readLabels;
exports.prepare = prepare;
exports.binCount = binCount;
exports.convention = convention;
exports.rowProbs = rowProbs;
exports.topLabel = topLabel;
exports.binEdges = binEdges;
exports.binIndex = binIndex;
exports.totalBins = totalBins;
const dtype_1 = require("../dtype");
const errors_1 = require("../errors");
exports.DEFAULT_BINS = 15;
const valueError = (m) => new errors_1.TorchError('ValueError', m);
function floatDType(d) {
    return (0, dtype_1.isFloating)(d);
}
/** Validate the labels tensor against n rows and c classes (shared with fitTemperature). */
function readLabels(labels, n, c) {
    if (!(0, dtype_1.isIntegral)(labels.dtype)) {
        throw valueError(`labels must be an integer tensor (got ${labels.dtype})`);
    }
    if (labels.ndim !== 1 || labels.shape[0] !== n) {
        throw valueError(`labels must have shape (${n},) to match ${n} rows, got (${labels.shape.join(', ')}${labels.ndim === 1 ? ',' : ''})`);
    }
    const flat = labels.toFlat();
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
        const v = flat[i];
        if (!(v >= 0 && v < c)) {
            throw valueError(`label ${v} at index ${i} is out of range for ${c} classes`);
        }
        out[i] = v;
    }
    return out;
}
function prepare(x, labels, opts = {}) {
    if (!floatDType(x.dtype)) {
        throw valueError(`expected a floating point tensor of ${opts.logits ? 'logits' : 'probabilities'}, got ${x.dtype}`);
    }
    if (x.ndim !== 2) {
        throw valueError(`expected a 2-D tensor of shape (N, C), got shape (${x.shape.join(', ')})`);
    }
    const [n, c] = x.shape;
    if (c < 1) {
        throw valueError('expected at least one class (C >= 1)');
    }
    const t = opts.temperature ?? 1;
    if (opts.logits && !(t > 0 && Number.isFinite(t))) {
        throw valueError(`temperature must be a positive finite number, got ${t}`);
    }
    const xc = x.contiguous();
    return {
        n,
        c,
        data: xc.storage,
        off: xc.offset,
        labels: readLabels(labels, n, c),
        logits: !!opts.logits,
        temperature: t
    };
}
function binCount(opts) {
    const b = opts.bins ?? exports.DEFAULT_BINS;
    if (!(Number.isInteger(b) && b >= 1)) {
        throw valueError(`bins must be a positive integer, got ${b}`);
    }
    return b;
}
function convention(opts) {
    const c = opts.convention ?? 'guo';
    if (c !== 'guo' && c !== 'torchmetrics') {
        throw valueError(`convention must be 'guo' or 'torchmetrics', got '${c}'`);
    }
    return c;
}
/**
 * Row i's probabilities into `out` (length c); returns log p_{i,y_i}. For
 * logits this is softmax(x/T) in float64 (max-subtracted); for probabilities a copy.
 */
function rowProbs(inp, i, out) {
    const { c, data, off } = inp;
    const base = off + i * c;
    if (!inp.logits) {
        for (let j = 0; j < c; j++) {
            out[j] = data[base + j];
        }
        return Math.log(out[inp.labels[i]]);
    }
    const invT = 1 / inp.temperature;
    let m = -Infinity;
    for (let j = 0; j < c; j++) {
        if (data[base + j] > m) {
            m = data[base + j];
        }
    }
    let s = 0;
    for (let j = 0; j < c; j++) {
        const e = Math.exp((data[base + j] - m) * invT);
        out[j] = e;
        s += e;
    }
    for (let j = 0; j < c; j++) {
        out[j] /= s;
    }
    // log p_y from the log-sum-exp form (no log of a rounded probability)
    return (data[base + inp.labels[i]] - m) * invT - Math.log(s);
}
function topLabel(inp) {
    const { n, c } = inp;
    const conf = new Float64Array(n);
    const pred = new Int32Array(n);
    const correct = new Uint8Array(n);
    const p = new Float64Array(c);
    for (let i = 0; i < n; i++) {
        rowProbs(inp, i, p);
        let best = 0;
        for (let j = 1; j < c; j++) {
            if (p[j] > p[best]) {
                best = j;
            }
        }
        conf[i] = p[best];
        pred[i] = best;
        correct[i] = best === inp.labels[i] ? 1 : 0;
    }
    return { conf, pred, correct };
}
/**
 * Bin edges exactly as float32 `torch.linspace(0, 1, bins + 1)` (both gpleiss
 * and torchmetrics compare against these float32 values). PyTorch's CPU
 * linspace fills the first half from the start and the second half
 * from the end, with a float32 step.
 */
function binEdges(bins) {
    const steps = bins + 1;
    const edges = new Float64Array(steps);
    const step = Math.fround(1 / bins);
    const halfway = Math.floor(steps / 2);
    // start + step*i / end - step*(steps-1-i), each rounded once to float32
    // (checked against torch.linspace for bins = 1..300).
    for (let i = 0; i < steps; i++) {
        edges[i] = i < halfway ? Math.fround(step * i) : Math.fround(1 - step * (steps - 1 - i));
    }
    return edges;
}
/**
 * The bin index of value v, or -1 when it falls in no bin.
 * guo: bin m is (e[m], e[m+1]]; v <= 0 or v > 1 is in no bin.
 * torchmetrics: bucketize(v, e, right=True) - 1, i.e. bin m is [e[m], e[m+1]),
 * and v >= 1 lands in the extra bin `bins` (negative v: no bin).
 */
function binIndex(v, edges, conv) {
    const m = edges.length - 1;
    if (conv === 'guo') {
        if (!(v > edges[0]) || v > edges[m]) {
            return -1;
        }
        // first k with v <= edges[k]
        let lo = 1;
        let hi = m;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (v <= edges[mid]) {
                hi = mid;
            }
            else {
                lo = mid + 1;
            }
        }
        return lo - 1;
    }
    if (!(v >= edges[0])) {
        return -1;
    }
    // number of edges <= v, minus one
    let lo = 0;
    let hi = m + 1;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (edges[mid] <= v) {
            lo = mid + 1;
        }
        else {
            hi = mid;
        }
    }
    return lo - 1;
}
/** Number of bins a convention produces (torchmetrics has the extra [1, 1] bin). */
function totalBins(bins, conv) {
    return conv === 'torchmetrics' ? bins + 1 : bins;
}
