"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.BINS_DATASET = exports.LIGHT_COLORS = void 0;
exports.binRows = binRows;
exports.seriesLabel = seriesLabel;
exports.calibrationSpec = calibrationSpec;
/** Fixed light palette for the static fallbacks (GitHub/nbviewer pages are light). */
exports.LIGHT_COLORS = {
    background: '#ffffff',
    text: '#212121',
    grid: '#e0e0e0',
    domain: '#9e9e9e',
    before: '#9e9e9e',
    after: '#1976d2',
    gap: '#d32f2f',
    diagonal: '#616161',
    font: 'sans-serif'
};
/** The name of the dataset the live view replaces with `view.data(...)`. */
exports.BINS_DATASET = 'bins';
/** Non-empty bins of both series as flat rows for the spec. */
function binRows(before, after) {
    const rows = [];
    const add = (series, s) => {
        for (const b of s.bins) {
            if (b.count > 0 && b.accuracy !== null && b.confidence !== null) {
                rows.push({
                    series,
                    lo: b.lo,
                    hi: b.hi,
                    count: b.count,
                    accuracy: b.accuracy,
                    confidence: b.confidence,
                    gap: b.gap ?? b.confidence - b.accuracy
                });
            }
        }
    };
    add('before', before);
    if (after) {
        add('after', after);
    }
    return rows;
}
/** Legend label of a series, e.g. "T = 1.734". */
function seriesLabel(s, which) {
    if (s.temperature === null) {
        return which === 'before' ? 'probabilities' : 'after';
    }
    return `T = ${s.temperature.toFixed(3)}`;
}
const TOOLTIP = [
    { field: 'series', title: 'series' },
    { field: 'lo', title: 'from', format: '.3f' },
    { field: 'hi', title: 'to', format: '.3f' },
    { field: 'count', title: 'count', format: ',d' },
    { field: 'accuracy', title: 'accuracy', format: '.4f' },
    { field: 'confidence', title: 'confidence', format: '.4f' },
    { field: 'gap', title: 'gap (conf − acc)', format: '+.4f' }
];
function calibrationSpec(before, after, opts) {
    const c = opts.colors;
    const w = opts.panelWidth ?? 280;
    const h = opts.panelHeight ?? 240;
    // The series drawn filled and with its gap shaded: "after" when present.
    const focus = after ? 'after' : 'before';
    const x = {
        field: 'lo',
        type: 'quantitative',
        title: 'confidence',
        scale: { domain: [0, 1], nice: false, zero: true }
    };
    const color = {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: after ? ['before', 'after'] : ['before'], range: after ? [c.before, c.after] : [c.after] },
        legend: after
            ? { orient: 'top', labelExpr: "datum.label === 'before' ? beforeLabel : afterLabel" }
            : null
    };
    // "before" as an outline over the filled "after" (only when there is an after).
    const outline = {
        transform: [{ filter: "datum.series === 'before'" }],
        mark: { type: 'bar', filled: false, strokeWidth: 1.5 },
        encoding: { color }
    };
    const filled = {
        transform: [{ filter: `datum.series === '${focus}'` }],
        mark: { type: 'bar', opacity: 0.8, stroke: c.background, strokeWidth: 0.5 },
        encoding: { color }
    };
    // Bars are ranged in x (lo..hi), so their base must be given explicitly.
    const accY = { field: 'accuracy', type: 'quantitative', title: 'accuracy', scale: { domain: [0, 1] } };
    const reliability = {
        width: w,
        height: h,
        encoding: { x, x2: { field: 'hi' }, tooltip: TOOLTIP },
        layer: [
            { ...filled, encoding: { ...filled.encoding, y: accY, y2: { datum: 0 } } },
            ...(after ? [{ ...outline, encoding: { ...outline.encoding, y: accY, y2: { datum: 0 } } }] : []),
            {
                // The gap between accuracy and mean confidence, per bin.
                transform: [{ filter: `datum.series === '${focus}'` }],
                mark: { type: 'bar', color: c.gap, opacity: 0.3, stroke: c.gap, strokeWidth: 0.5, strokeDash: [2, 2] },
                encoding: { y: { field: 'accuracy', type: 'quantitative' }, y2: { field: 'confidence' } }
            },
            {
                data: { values: [{ lo: 0, hi: 1, a: 0, b: 1 }] },
                mark: { type: 'rule', color: c.diagonal, strokeDash: [4, 4] },
                encoding: {
                    x: { field: 'lo', type: 'quantitative' },
                    x2: { field: 'hi' },
                    y: { field: 'a', type: 'quantitative' },
                    y2: { field: 'b' },
                    tooltip: null
                }
            }
        ]
    };
    const histogram = {
        width: w,
        height: h,
        encoding: {
            x,
            x2: { field: 'hi' },
            tooltip: TOOLTIP,
            y: { field: 'count', type: 'quantitative', title: 'samples', scale: { zero: true } },
            y2: { datum: 0 }
        },
        layer: after ? [filled, outline] : [filled]
    };
    const spec = {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        data: { name: exports.BINS_DATASET },
        datasets: { [exports.BINS_DATASET]: binRows(before, after) },
        params: [
            { name: 'beforeLabel', value: seriesLabel(before, 'before') },
            { name: 'afterLabel', value: after ? seriesLabel(after, 'after') : '' }
        ],
        hconcat: [
            { ...reliability, title: { text: 'Reliability', anchor: 'start', fontSize: 12 } },
            { ...histogram, title: { text: 'Confidence histogram', anchor: 'start', fontSize: 12 } }
        ],
        resolve: { scale: { color: 'shared' } },
        padding: 8,
        config: {
            background: c.background,
            font: c.font,
            view: { stroke: c.grid },
            axis: {
                labelColor: c.text,
                titleColor: c.text,
                gridColor: c.grid,
                domainColor: c.domain,
                tickColor: c.domain,
                labelFont: c.font,
                titleFont: c.font
            },
            legend: { labelColor: c.text, titleColor: c.text, labelFont: c.font },
            title: { color: c.text, subtitleColor: c.text, font: c.font, subtitleFont: c.font }
        }
    };
    if (opts.title) {
        spec.title = { text: opts.title, subtitle: opts.subtitle ?? undefined, anchor: 'start' };
    }
    return spec;
}
