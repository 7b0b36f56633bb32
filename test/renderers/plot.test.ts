/**
 * The calibration plot: the Vega-Lite spec built from the engine's bins, the
 * SVG Vega draws from it (in a child Node process: Vega is ESM-only with a
 * top-level await, which jest's CommonJS runtime cannot load), and the bundle.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadNpz } from '../../src/engine/io/npz';
import { buildCalibrationOutput, CALIBRATION_MIME_TYPE } from '../../src/outputs/calibration';
import {
  buildCalibrationBundle,
  calibrationSubtitle,
  payloadSeries,
  staticCalibrationSpec
} from '../../src/outputs/calibplot';
import { binRows, BINS_DATASET, calibrationSpec, LIGHT_COLORS } from '../../src/outputs/plotspec';

const root = path.resolve(__dirname, '..', '..');
const rec = loadNpz(
  new Uint8Array(
    fs.readFileSync(path.join(root, 'test', 'fixtures', 'calibration', 'realistic.npz'))
  )
);
const out = buildCalibrationOutput(rec.logits, rec.labels, { logits: true, fit: 'exact' });

/** Vega's SVG for a Vega-Lite spec, from a real Node process. */
function svgOf(spec: object): string {
  const script = `
    import * as vega from 'vega';
    import * as vl from 'vega-lite';
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const view = new vega.View(vega.parse(vl.compile(JSON.parse(input)).spec), { renderer: 'none' });
    process.stdout.write(await view.toSVG());`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    input: JSON.stringify(spec),
    encoding: 'utf8',
    maxBuffer: 32 * 1024 * 1024
  });
}

test('bin rows: non-empty bins of both series, with the engine numbers', () => {
  const { before, after } = payloadSeries(out.payload);
  const rows = binRows(before, after!);
  const nonEmpty = (bins: { count: number }[]) => bins.filter(b => b.count > 0).length;
  expect(rows.filter(r => r.series === 'before')).toHaveLength(
    nonEmpty(out.payload.reliabilityBefore)
  );
  expect(rows.filter(r => r.series === 'after')).toHaveLength(
    nonEmpty(out.payload.reliabilityAfter!)
  );
  const b = out.payload.reliabilityBefore.find(x => x.count > 0)!;
  expect(rows[0]).toMatchObject({
    lo: b.lo,
    hi: b.hi,
    count: b.count,
    accuracy: b.accuracy,
    confidence: b.confidence
  });
});

test('the spec is plain JSON with a named dataset, theme colours and no user strings', () => {
  const { before, after } = payloadSeries(out.payload);
  const colors = { ...LIGHT_COLORS, background: '#111111', after: '#00ff00' };
  const spec = calibrationSpec(before, after, { colors });
  expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  expect((spec.data as { name: string }).name).toBe(BINS_DATASET);
  expect((spec.config as { background: string }).background).toBe('#111111');
  expect(JSON.stringify(spec)).toContain('#00ff00');
  expect(spec.title).toBeUndefined();
  expect(calibrationSubtitle(out.payload)).toMatch(
    /^ECE 0\.\d{4} → 0\.\d{4} \(fit T = \d\.\d{3}\) · accuracy/
  );
});

test('Vega draws the reliability bars, gap shading, diagonal, histogram and axes into the SVG', () => {
  const svg = svgOf(staticCalibrationSpec(out.payload));
  expect(svg.startsWith('<svg')).toBe(true);
  // Marks: bar groups (filled after, outlined before, gap) and the diagonal rule.
  const rects = svg.match(/class="mark-rect role-mark[^"]*"/g) ?? [];
  expect(rects.length).toBeGreaterThanOrEqual(5);
  expect(svg).toMatch(/class="mark-rule role-mark[^"]*"/);
  for (const text of [
    'Reliability',
    'Confidence histogram',
    'confidence',
    'accuracy',
    'samples',
    'Calibration'
  ]) {
    expect(svg).toContain(`>${text}</text>`);
  }
  expect(svg).toContain('fill="#ffffff"'); // light background for GitHub/nbviewer
  expect(svg).toContain(LIGHT_COLORS.after);
  expect(svg).toContain(LIGHT_COLORS.gap);
  expect(svg).not.toMatch(/<script|<foreignObject|javascript:/i);
});

test('probabilities without a fit: one series, no legend', () => {
  const probs = buildCalibrationOutput(rec.logits.contiguous(), rec.labels, { logits: true });
  const { before, after } = payloadSeries(probs.payload);
  expect(after).toBeNull();
  const svg = svgOf(calibrationSpec(before, null, { colors: LIGHT_COLORS }));
  expect(svg).not.toContain('T = ');
});

test('the bundle: payload, text/plain, no text/html; resolves without Vega under jest', async () => {
  const b = await buildCalibrationBundle(rec.logits, rec.labels, { logits: true, fit: 'exact' });
  expect(b.data[CALIBRATION_MIME_TYPE]).toBeDefined();
  expect(b.data['text/plain']).toContain('ECE');
  expect(b.data['text/html']).toBeUndefined();
  // Vega cannot load inside jest's VM; in the worker and in Node the SVG is added.
  expect(['undefined', 'string']).toContain(typeof b.data['image/svg+xml']);
});
