"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.equalMassBins = equalMassBins;
exports.ece = ece;
exports.mce = mce;
exports.ace = ace;
exports.classwiseEce = classwiseEce;
exports.brier = brier;
exports.nll = nll;
exports.accuracy = accuracy;
exports.reliabilityBins = reliabilityBins;
exports.calibrationReport = calibrationReport;
exports.calibrationMetrics = calibrationMetrics;
const common_1 = require("./common");
function analyze(x, labels, opts, need = {}) {
    const inp = (0, common_1.prepare)(x, labels, opts);
    const bins = (0, common_1.binCount)(opts);
    const conv = (0, common_1.convention)(opts);
    const { n, c } = inp;
    const edges = (0, common_1.binEdges)(bins);
    const nb = (0, common_1.totalBins)(bins, conv);
    const top = {
        count: new Float64Array(nb),
        acc: new Float64Array(nb),
        conf: new Float64Array(nb)
    };
    const conf = new Float64Array(n);
    const correct = new Uint8Array(n);
    const hits = need.classwise ? new Float64Array(c * nb) : null;
    const mass = need.classwise ? new Float64Array(c * nb) : null;
    const row = new Float64Array(c);
    let brierSum = 0;
    let nllSum = 0;
    for (let i = 0; i < n; i++) {
        nllSum -= (0, common_1.rowProbs)(inp, i, row);
        const y = inp.labels[i];
        let best = 0;
        for (let j = 1; j < c; j++) {
            if (row[j] > row[best]) {
                best = j;
            }
        }
        const p = row[best];
        const ok = best === y ? 1 : 0;
        conf[i] = p;
        correct[i] = ok;
        // Binning compares float32(conf), as both references do.
        const b = (0, common_1.binIndex)(Math.fround(p), edges, conv);
        if (b >= 0) {
            top.count[b]++;
            top.acc[b] += ok;
            top.conf[b] += p;
        }
        if (need.brier) {
            for (let j = 0; j < c; j++) {
                const d = row[j] - (j === y ? 1 : 0);
                brierSum += d * d;
            }
        }
        if (hits && mass) {
            for (let k = 0; k < c; k++) {
                const bk = (0, common_1.binIndex)(Math.fround(row[k]), edges, conv);
                if (bk < 0) {
                    continue;
                }
                mass[k * nb + bk] += row[k];
                if (k === y) {
                    hits[k * nb + bk] += 1;
                }
            }
        }
    }
    let classwiseSum = 0;
    if (hits && mass) {
        for (let q = 0; q < hits.length; q++) {
            classwiseSum += Math.abs(hits[q] - mass[q]);
        }
    }
    return { n, conf, correct, top, bins, conv, classwiseSum, brierSum, nllSum };
}
/** Σ_m |B_m|/n · |acc − conf| from bin sums. */
function eceOf(a) {
    let e = 0;
    for (let b = 0; b < a.top.count.length; b++) {
        e += Math.abs(a.top.acc[b] - a.top.conf[b]);
    }
    return e / a.n;
}
function mceOf(a) {
    let m = 0;
    const s = a.top;
    for (let b = 0; b < s.count.length; b++) {
        if (s.count[b] > 0) {
            m = Math.max(m, Math.abs(s.acc[b] - s.conf[b]) / s.count[b]);
        }
    }
    return m;
}
/**
 * Equal-mass bins: samples sorted by confidence (stable: ties keep input order)
 * and split into `bins` consecutive groups whose sizes differ by at most one,
 * the first N mod bins groups one larger (numpy.array_split's rule). Every
 * sample is in exactly one bin, unlike the focal-loss code's interpolated
 * edges, which drop the lowest-confidence sample.
 */
function equalMassBins(conf, bins) {
    const n = conf.length;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) {
        order[i] = i;
    }
    const sorted = Array.from(order).sort((a, b) => conf[a] - conf[b] || a - b);
    const out = [];
    const base = Math.floor(n / bins);
    const extra = n % bins;
    let p = 0;
    for (let b = 0; b < bins; b++) {
        const size = base + (b < extra ? 1 : 0);
        out.push(Int32Array.from(sorted.slice(p, p + size)));
        p += size;
    }
    return out;
}
function aceOf(a) {
    let e = 0;
    for (const idx of equalMassBins(a.conf, a.bins)) {
        let hit = 0;
        let c = 0;
        for (const i of idx) {
            hit += a.correct[i];
            c += a.conf[i];
        }
        e += Math.abs(hit - c);
    }
    return e / a.n;
}
function accuracyOf(a) {
    let s = 0;
    for (let i = 0; i < a.n; i++) {
        s += a.correct[i];
    }
    return s / a.n;
}
/** Expected calibration error (top label, L1, equal-width bins). NaN for N = 0. */
function ece(x, labels, opts = {}) {
    const a = analyze(x, labels, opts);
    return a.n ? eceOf(a) : NaN;
}
/** Maximum calibration error over non-empty bins (0 when all bins are empty). */
function mce(x, labels, opts = {}) {
    const a = analyze(x, labels, opts);
    return a.n ? mceOf(a) : NaN;
}
/** Adaptive (equal-mass) ECE: the ECE formula over `equalMassBins`. */
function ace(x, labels, opts = {}) {
    const a = analyze(x, labels, opts);
    return a.n ? aceOf(a) : NaN;
}
/**
 * Classwise ECE (Kull et al.): mean over the C columns of the binned ECE of
 * p_k against 1[y = k] (same bins and convention as `ece`; K = C columns).
 */
function classwiseEce(x, labels, opts = {}) {
    const a = analyze(x, labels, opts, { classwise: true });
    return a.n ? a.classwiseSum / a.n / x.shape[1] : NaN;
}
/** Multiclass Brier score: mean over samples of Σ_c (p_c − 1[y = c])² (range [0, 2]). */
function brier(x, labels, opts = {}) {
    const a = analyze(x, labels, opts, { brier: true });
    return a.n ? a.brierSum / a.n : NaN;
}
/**
 * Mean negative log-likelihood (natural log). With logits this is the
 * log-sum-exp form, i.e. F.cross_entropy(x/T, y); with probabilities −mean ln p_y.
 */
function nll(x, labels, opts = {}) {
    const a = analyze(x, labels, opts);
    return a.n ? a.nllSum / a.n : NaN;
}
/** Top-1 accuracy (argmax, first index on ties). */
function accuracy(x, labels, opts = {}) {
    const a = analyze(x, labels, opts);
    return a.n ? accuracyOf(a) : NaN;
}
/**
 * Per-bin reliability data for the diagram. For 'torchmetrics' the last entry
 * is the extra [1, 1] bin. lo/hi are the float32 edges.
 */
function reliabilityBins(x, labels, opts = {}) {
    return binsOf(analyze(x, labels, opts));
}
function binsOf(a) {
    const edges = (0, common_1.binEdges)(a.bins);
    const out = [];
    for (let b = 0; b < (0, common_1.totalBins)(a.bins, a.conv); b++) {
        const count = a.top.count[b];
        const acc = count > 0 ? a.top.acc[b] / count : NaN;
        const conf = count > 0 ? a.top.conf[b] / count : NaN;
        out.push({
            lo: b < a.bins ? edges[b] : 1,
            hi: b < a.bins ? edges[b + 1] : 1,
            count,
            accuracy: acc,
            confidence: conf,
            gap: conf - acc
        });
    }
    return out;
}
/** All metrics and the reliability bins from a single pass (the calibration output uses this). */
function calibrationReport(x, labels, opts = {}) {
    const a = analyze(x, labels, opts, { classwise: true, brier: true });
    const n = a.n;
    return {
        metrics: {
            ece: n ? eceOf(a) : NaN,
            mce: n ? mceOf(a) : NaN,
            ace: n ? aceOf(a) : NaN,
            classwiseEce: n ? a.classwiseSum / n / x.shape[1] : NaN,
            brier: n ? a.brierSum / n : NaN,
            nll: n ? a.nllSum / n : NaN,
            accuracy: n ? accuracyOf(a) : NaN
        },
        bins: binsOf(a)
    };
}
/** All metrics at once. */
function calibrationMetrics(x, labels, opts = {}) {
    return calibrationReport(x, labels, opts).metrics;
}
