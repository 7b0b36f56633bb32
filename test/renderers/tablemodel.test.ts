/**
 * The interactive table's logic without a DOM. The rendered DOM is covered in
 * render_table.dom.test.ts (jsdom) and ui-tests/tests/renderers.spec.ts (browser).
 */
import { Tensor } from '../../src/engine/tensor';
import { buildTablePayload, parseTablePayload, type TableData } from '../../src/outputs/table';
import { csvNumber, TableModel } from '../../src/renderers/tablemodel';

function table(data: number[][], opts: Parameters<typeof buildTablePayload>[1] = {}): TableData {
  const c = data[0].length;
  const x = Tensor.fromStorage(Float32Array.from(data.flat()), [data.length, c], 'float32');
  const parsed = parseTablePayload(JSON.parse(JSON.stringify(buildTablePayload(x, opts))));
  if (!parsed.ok) {
    throw new Error(parsed.error);
  }
  return parsed.value;
}

const LOGITS = [
  [1, 2, 3],
  [3, 1, 2],
  [0, 0, 0]
];

test('cells at the payload temperature, argmax and row stats', () => {
  const m = new TableModel(table(LOGITS, { logits: true, classes: ['cat', 'dog', 'bird'] }));
  expect(m.text(0, 0)).toBe('0.0900');
  expect(m.text(0, 2)).toBe('0.6652');
  expect(m.text(0, 'pred')).toBe('bird');
  expect(m.text(0, 'conf')).toBe('0.6652');
  expect(m.text(0, 'sum')).toBe('1.0000');
  expect(m.isArgmax(1, 0)).toBe(true);
  // ties: first index, as torch.argmax
  expect(m.text(2, 'pred')).toBe('cat');
});

test('the temperature recomputes every cell', () => {
  const m = new TableModel(table(LOGITS, { logits: true }));
  m.setTemperature(2);
  expect([0, 1, 2].map(j => m.text(0, j))).toEqual(['0.1863', '0.3072', '0.5065']);
  m.setTemperature(0.5);
  expect(m.text(0, 2)).toBe('0.8668');
  // probabilities have no temperature
  const p = new TableModel(table([[0.2, 0.8]]));
  p.setTemperature(3);
  expect(p.text(0, 1)).toBe('0.8000');
});

test('header clicks sort descending, ascending, then restore; NaN rows last', () => {
  const m = new TableModel(
    table([
      [0.5, 0.5],
      [0.9, 0.1],
      [NaN, 0.2],
      [0.1, 0.9]
    ])
  );
  m.toggleSort(0);
  expect(Array.from(m.order)).toEqual([1, 0, 3, 2]);
  m.toggleSort(0);
  expect(Array.from(m.order)).toEqual([3, 0, 1, 2]);
  m.toggleSort(0);
  expect(m.sortColumn).toBeNull();
  expect(Array.from(m.order)).toEqual([0, 1, 2, 3]);
  m.toggleSort('conf');
  expect(Array.from(m.order)).toEqual([1, 3, 0, 2]);
});

test('sorting stays applied when the temperature changes', () => {
  const m = new TableModel(table(LOGITS, { logits: true }));
  m.toggleSort(1);
  const before = Array.from(m.order);
  m.setTemperature(10);
  expect(Array.from(m.order)).toEqual(before);
  expect(m.sortColumn).toBe(1);
});

test('search filters class columns by name, case-insensitively', () => {
  const m = new TableModel(table(LOGITS, { classes: ['Cat', 'dog', 'bobcat'] }));
  m.setQuery('CAT');
  expect(m.visible).toEqual([0, 2]);
  expect(m.columns).toEqual(['index', 'pred', 'conf', 'sum', 0, 2]);
  m.setQuery('');
  expect(m.visible).toEqual([0, 1, 2]);
});

test('top-k blanks cells outside each row\u2019s k largest and drops classes never in a top-k', () => {
  const m = new TableModel(
    table([
      [0.7, 0.2, 0.05, 0.05],
      [0.1, 0.6, 0.25, 0.05]
    ])
  );
  m.setTopK(1);
  expect(m.inTopK(0, 0)).toBe(true);
  expect(m.inTopK(0, 1)).toBe(false);
  expect(m.visible).toEqual([0, 1]);
  m.setTopK(2);
  expect(m.inTopK(1, 2)).toBe(true);
  expect(m.visible).toEqual([0, 1, 2]);
  m.setTopK(null);
  expect(m.inTopK(0, 3)).toBe(true);
  expect(m.visible).toEqual([0, 1, 2, 3]);
});

test('CSV: display order, shown columns, quoting and formula-safe class names', () => {
  const m = new TableModel(
    table(
      [
        [0.25, 0.75],
        [0.5, 0.5]
      ],
      { classes: ['a,"b"', '=cmd()'] }
    )
  );
  m.toggleSort(1);
  const csv = m.csv().split('\r\n');
  expect(csv[0]).toBe('row,predicted,confidence,row sum,"a,""b""","=cmd()"');
  expect(csv[1]).toBe('0,"=cmd()",0.75,1,0.25,0.75');
  expect(csv[2]).toBe('1,"a,""b""",0.5,1,0.5,0.5');
  expect(csvNumber(0.1)).toBe('0.1');
  expect(csvNumber(Math.fround(0.0900306))).toBe('0.0900306');
  expect(csvNumber(NaN)).toBe('nan');
});

test('100,000 × 10: model build, re-temperature and sort stay interactive', () => {
  const n = 100_000;
  const c = 10;
  const x = new Float32Array(n * c);
  for (let i = 0; i < x.length; i++) {
    x[i] = Math.sin(i * 12.9898) * 4;
  }
  const payload = buildTablePayload(Tensor.fromStorage(x, [n, c], 'float32'), { logits: true });
  const parsed = parseTablePayload(payload);
  expect(parsed.ok).toBe(true);
  if (!parsed.ok) {
    return;
  }
  const t0 = Date.now();
  const m = new TableModel(parsed.value);
  m.setTemperature(1.7);
  m.toggleSort(3);
  const ms = Date.now() - t0;
  expect(m.order.length).toBe(n);
  for (let i = 1; i < 100; i++) {
    expect(m.value(m.order[i - 1], 3)).toBeGreaterThanOrEqual(m.value(m.order[i], 3));
  }
  // Generous: this machine is shared; in a browser it is ~100 ms.
  expect(ms).toBeLessThan(20_000);
});
