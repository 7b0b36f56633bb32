import * as fs from 'fs';
import * as path from 'path';
import { Tensor } from '../../src/engine/tensor';
import { TorchError } from '../../src/engine/errors';
import { load, Loaded, isLoadedDict, isLoadedSeq } from '../../src/engine/io/index';

const DIR = path.join(__dirname, '..', 'fixtures', 'io');
const expected: Record<string, any> = JSON.parse(
  fs.readFileSync(path.join(DIR, 'expected.json'), 'utf8')
);
const num = (v: unknown): number =>
  v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === 'NaN' ? NaN : (v as number);

function check(got: Loaded, want: any, where: string): void {
  switch (want.kind) {
    case 'tensor': {
      expect(got).toBeInstanceOf(Tensor);
      const t = got as Tensor;
      expect([where, t.dtype]).toEqual([where, want.dtype]);
      expect([where, t.shape]).toEqual([where, want.shape]);
      if (want.requiresGrad !== undefined)
        expect([where, t.requiresGrad]).toEqual([where, want.requiresGrad]);
      const vals = Array.from(t.toFlat());
      expect(vals.length).toBe(want.values.length);
      vals.forEach((v, i) => {
        const w = num(want.values[i]);
        if (Number.isNaN(w)) expect(v).toBeNaN();
        else expect([where, i, v]).toEqual([where, i, w]);
      });
      return;
    }
    case 'dict': {
      if (!isLoadedDict(got)) throw new Error(`${where}: expected a dict`);
      expect([where, got.ordered]).toEqual([where, want.ordered]);
      expect(got.entries.map(e => e[0])).toEqual(want.entries.map((e: any) => e[0]));
      got.entries.forEach(([k, v], i) => check(v, want.entries[i][1], `${where}.${String(k)}`));
      return;
    }
    case 'list':
    case 'tuple': {
      if (!isLoadedSeq(got)) throw new Error(`${where}: expected a ${want.kind}`);
      expect(got.kind).toBe(want.kind);
      expect(got.items.length).toBe(want.items.length);
      got.items.forEach((v, i) => check(v, want.items[i], `${where}[${i}]`));
      return;
    }
    case 'scalar':
      expect([where, got]).toEqual([where, want.value]);
      return;
  }
  throw new Error(`bad expectation at ${where}`);
}

const good = Object.entries(expected).filter(([, w]) => !w.error);
const bad = Object.entries(expected).filter(([, w]) => w.error);

test.each(good)('loads %s', (name, want) => {
  const bytes = new Uint8Array(fs.readFileSync(path.join(DIR, name)));
  check(load(bytes, name), want, name);
});

test.each(bad)('rejects %s with a clear error', (name, want) => {
  const bytes = new Uint8Array(fs.readFileSync(path.join(DIR, name)));
  let err: unknown = null;
  try {
    load(bytes, name, want.maxBytes ? { maxBytes: want.maxBytes } : {});
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(TorchError);
  expect((err as TorchError).pyType).toBe(want.error);
  expect((err as TorchError).message).toContain(want.message);
});

test('torch views share one storage and honour offset/strides', () => {
  const v = load(new Uint8Array(fs.readFileSync(path.join(DIR, 'views.pt'))), 'views.pt');
  if (!isLoadedDict(v)) throw new Error('dict expected');
  const m = new Map(v.entries);
  const base = m.get('base') as Tensor;
  const sl = m.get('slice') as Tensor;
  const tr = m.get('transposed') as Tensor;
  expect(sl.storage).toBe(base.storage);
  expect(sl.offset).toBe(8);
  expect(sl.strides).toEqual([6, 1]);
  expect(tr.strides).toEqual([1, 6]);
});

test('sniffing: unknown extension for npy, npz and torch zips', () => {
  const npy = new Uint8Array(fs.readFileSync(path.join(DIR, 'f4.npy')));
  expect(load(npy, 'data.bin2')).toBeInstanceOf(Tensor);
  const npz = new Uint8Array(fs.readFileSync(path.join(DIR, 'stored.npz')));
  expect(isLoadedDict(load(npz, 'archive'))).toBe(true);
  const pt = new Uint8Array(fs.readFileSync(path.join(DIR, 'tensor.pt')));
  expect(load(pt, 'model.weights')).toBeInstanceOf(Tensor);
  expect(() => load(new TextEncoder().encode('hello'), 'x.dat')).toThrow(/cannot tell the format/);
});

test('the bomb loads when the cap allows it (declared size check only)', () => {
  const bytes = new Uint8Array(fs.readFileSync(path.join(DIR, 'bomb.npz')));
  const r = load(bytes, 'bomb.npz', { maxBytes: 64e6 });
  if (!isLoadedDict(r)) throw new Error('dict expected');
  expect((r.entries[0][1] as Tensor).shape).toEqual([5000000]);
});
