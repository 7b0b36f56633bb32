/**
 * Round trips through our writers and readers. With IO_WRITE_DIR set, the
 * written files are also dumped there so tools/check_io_writers.py can load
 * them with real numpy / torch (run by hand, not in CI).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Tensor } from '../../src/engine/tensor';
import {
  saveNpy,
  loadNpy,
  saveNpz,
  loadNpz,
  saveCsv,
  loadCsv,
  torchSave,
  loadTorch,
  load,
  save,
  Loaded,
  isLoadedDict,
  isLoadedSeq,
  parseCsv
} from '../../src/engine/io/index';
import { floatToHalfBits } from '../../src/engine/io/npy';

const outDir = process.env.IO_WRITE_DIR;
function dump(name: string, bytes: Uint8Array): void {
  if (outDir) fs.writeFileSync(path.join(outDir, name), bytes);
}

const f32 = Tensor.fromStorage(
  Float32Array.from([0.1, -2.5, 3e-8, 1e20, -0, 7]),
  [2, 3],
  'float32'
);
const f64 = Tensor.fromStorage(Float64Array.from([Math.PI, -1e-300]), [2], 'float64');
const i64 = Tensor.fromStorage(Float64Array.from([-(2 ** 53) + 1, 2 ** 40, -1]), [3], 'int64');
const i32 = Tensor.fromStorage(Int32Array.from([-(2 ** 31), 5]), [2, 1], 'int32');
const b = Tensor.fromStorage(Uint8Array.from([1, 0, 1]), [3], 'bool');
const f16 = Tensor.fromStorage(Float32Array.from([0.5, -65504, 0.0009765625]), [3], 'float16');
const bf16 = Tensor.fromStorage(Float32Array.from([1.5, -3, 0.099609375]), [3], 'bfloat16');
const scalar = Tensor.fromStorage(Float32Array.from([2.5]), [], 'float32');
// a transposed view: writers must emit logical (C) order
const view = new Tensor(Float32Array.from([1, 2, 3, 4, 5, 6]), [3, 2], [1, 3], 0, 'float32');
const all: Record<string, Tensor> = { f32, f64, i64, i32, b, f16, bf16, scalar, view };

function same(a: Loaded, t: Tensor): void {
  expect(a).toBeInstanceOf(Tensor);
  const x = a as Tensor;
  expect(x.dtype).toBe(t.dtype);
  expect(x.shape).toEqual(t.shape);
  expect(Array.from(x.toFlat())).toEqual(Array.from(t.toFlat()));
}

test('npy round trip for every dtype', () => {
  for (const [k, t] of Object.entries(all)) {
    const bytes = saveNpy(t);
    expect(
      (bytes.length -
        t.numel *
          (t.dtype === 'bfloat16'
            ? 4
            : ([2, 4, 8, 1][['float16', 'float32', 'float64', 'bool'].indexOf(t.dtype)] ??
              (t.dtype === 'int64' ? 8 : 4)))) %
        64
    ).toBe(0);
    dump(`w_${k}.npy`, bytes);
    const back = loadNpy(bytes);
    if (t.dtype === 'bfloat16') {
      expect(back.dtype).toBe('float32');
      expect(Array.from(back.toFlat())).toEqual(Array.from(t.toFlat()));
    } else same(back, t);
  }
});

test('npz round trip', () => {
  const bytes = saveNpz({ logits: f32, labels: i64 });
  dump('w_record.npz', bytes);
  const r = loadNpz(bytes);
  same(r.logits, f32);
  same(r.labels, i64);
});

test('csv round trip keeps float32 values exactly', () => {
  const bytes = saveCsv(f32);
  dump('w_f32.csv', bytes);
  expect(new TextDecoder().decode(bytes)).toBe('0.1,-2.5,3e-8\n100000000000000000000,-0,7\n');
  same(loadCsv(bytes), f32);
  const h = saveCsv(view, ['a', 'b']);
  expect(parseCsv(new TextDecoder().decode(h)).header).toEqual(['a', 'b']);
});

test('torch.save round trip: nested containers, dtypes, views', () => {
  const obj: Loaded = {
    kind: 'dict',
    ordered: false,
    entries: [
      ['tensors', { kind: 'dict', ordered: true, entries: Object.entries(all) }],
      ['list', { kind: 'list', items: [view, 3, 0.25, 'text', null, true] }],
      ['tuple', { kind: 'tuple', items: [f32, { kind: 'tuple', items: [] }] }],
      [5, i32]
    ]
  };
  const bytes = torchSave(obj);
  dump('w_nested.pt', bytes);
  dump('w_tensor.pt', torchSave(f32));
  const back = loadTorch(bytes);
  if (!isLoadedDict(back)) throw new Error('dict');
  expect(back.entries.map(e => e[0])).toEqual(['tensors', 'list', 'tuple', 5]);
  const tensors = back.entries[0][1];
  if (!isLoadedDict(tensors)) throw new Error('dict');
  expect(tensors.ordered).toBe(true);
  for (const [k, t] of tensors.entries) same(t, all[k as string]);
  const list = back.entries[1][1];
  if (!isLoadedSeq(list)) throw new Error('list');
  expect(list.items.slice(1)).toEqual([3, 0.25, 'text', null, true]);
  const tup = back.entries[2][1];
  if (!isLoadedSeq(tup)) throw new Error('tuple');
  expect(tup.kind).toBe('tuple');
});

test('save() dispatches by extension', () => {
  same(load(save(f32, 'x.npy'), 'x.npy'), f32);
  same(load(save(f32, 'x.pt'), 'x.pt'), f32);
  expect(() => save({ kind: 'list', items: [] }, 'x.npy')).toThrow(/needs a tensor/);
  const rec = load(save({ kind: 'dict', ordered: false, entries: [['a', f32]] }, 'x.npz'), 'x.npz');
  expect(isLoadedDict(rec)).toBe(true);
});

test('float16 encoding rounds to nearest even', () => {
  expect(floatToHalfBits(1)).toBe(0x3c00);
  expect(floatToHalfBits(65504)).toBe(0x7bff);
  expect(floatToHalfBits(1e6)).toBe(0x7c00);
  expect(floatToHalfBits(2 ** -24)).toBe(1);
  expect(floatToHalfBits(1 + 2 ** -11)).toBe(0x3c00); // tie → even
  expect(floatToHalfBits(1 + 3 * 2 ** -11)).toBe(0x3c02);
});
