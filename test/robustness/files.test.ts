/**
 * Issue #9: corrupted and adversarial npy / npz / zip / torch.save / csv / json
 * files. Every one loads to sane tensors or is refused with a TorchError naming
 * a Python class — never a JS exception, never a hang, never an allocation
 * beyond the memory cap; only plain tensor containers are unpickled.
 */
import * as fsys from 'fs';
import * as path from 'path';
import { deflateSync, zipSync } from 'fflate';
import { setMemoryCap, getMemoryCap, Tensor } from '../../src/engine/tensor';
import { saveNpy, saveNpz, torchSave, LoadedDict } from '../../src/engine/io';
import { Session } from '../../src/lang';
import { rng } from './gen/rng';
import { attempt, badRefusal, badLoaded, Outcome } from './gen/loaded';
import { npy, npyHeader, torchZip, tensorPickle, rawPickle, patchZipSizes, mutateBytes, concat } from './gen/files';
import { mem, gc, MiB } from './gen/memory';
import { Pickler } from '../../src/engine/io/pickle';

const CAP = 32 * MiB;
const MAX_MS = 2000;
const ADV = path.join(__dirname, '..', 'fixtures', 'adversarial');
const IO = path.join(__dirname, '..', 'fixtures', 'io');
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const counts = { files: 0, loaded: 0, refused: {} as Record<string, number> };
const oldCap = getMemoryCap();

beforeAll(() => {
  setMemoryCap(CAP);
});
afterAll(() => {
  setMemoryCap(oldCap);
  // eslint-disable-next-line no-console
  console.log(`adversarial files: ${counts.files} tried, ${counts.loaded} loaded (sane), refused by class ${JSON.stringify(counts.refused)}`);
});

/** Load and judge: returns the outcome and what is wrong with it (or null). */
function judge(bytes: Uint8Array, name: string): { out: Outcome; bad: string | null } {
  const rssBefore = mem().rss;
  const out = attempt(bytes, name);
  counts.files++;
  let bad: string | null = null;
  if (out.ok) {
    counts.loaded++;
    bad = badLoaded(out.value);
  } else {
    bad = badRefusal(out.error);
    const k = (out.error as { pyType?: string }).pyType ?? 'JS';
    counts.refused[k] = (counts.refused[k] ?? 0) + 1;
  }
  if (out.ms > MAX_MS) bad = `${bad ?? ''} took ${out.ms} ms`;
  // what one load leaves resident (a result, or garbage not yet collected) stays within a few caps
  const grown = mem().rss - rssBefore;
  if (grown > 4 * CAP) bad = `${bad ?? ''} rss grew by ${Math.round(grown / MiB)} MiB in one load`;
  return { out, bad };
}

/** Must be refused with one of `classes` (and a message matching `msg`). */
function expectRefused(bytes: Uint8Array, name: string, classes: string[], msg: RegExp | null = null): void {
  const { out, bad } = judge(bytes, name);
  if (bad) throw new Error(`${name}: ${bad}`);
  if (out.ok) throw new Error(`${name}: loaded instead of being refused: ${JSON.stringify(out.value, (_, v) => (v instanceof Tensor ? `tensor[${v.shape}]` : v)).slice(0, 200)}`);
  const e = out.error as { pyType: string; message: string };
  expect(classes).toContain(e.pyType);
  if (msg) expect(e.message).toMatch(msg);
}

const UNPICKLE = ['UnpicklingError'];
const BAD_DATA = ['ValueError', 'RuntimeError', 'UnpicklingError'];

describe('hand-crafted adversarial fixtures (tools/gen_adversarial.py)', () => {
  const cases: [string, string[], RegExp | null][] = [
    ['os_system.pt', UNPICKLE, /(posix|os)\.system/],
    ['builtins_eval.pt', UNPICKLE, /(__builtin__|builtins)\.eval/],
    ['inst_popen.pt', UNPICKLE, /INST|opcode/],
    ['obj_popen.pt', UNPICKLE, /subprocess\.Popen|OBJ|opcode/],
    ['stack_global_newobj.pt', UNPICKLE, /subprocess\.Popen/],
    ['build_setstate.pt', UNPICKLE, /os\.system/],
    ['legacy_os_system.pt', UNPICKLE, null],
    ['missing_record.pt', UNPICKLE, /data\/99/],
    ['negative_dims.pt', BAD_DATA, null],
    ['view_past_storage.pt', BAD_DATA, null],
    ['memo_cycle.pt', UNPICKLE, null],
    ['memo_laughs.pt', UNPICKLE, null],
    ['deep_nesting.pt', UNPICKLE, null],
    ['zip_bomb.npz', ['RuntimeError'], /memory cap/],
    ['zip_bomb_lying_size.npz', ['ValueError'], /truncated/],
    ['lying_shape.npy', ['ValueError'], /truncated/],
    ['overflow_shape.npy', ['ValueError'], null],
    ['complex.npy', ['ValueError'], /unsupported/],
    ['object.npy', ['ValueError'], /object/],
    ['deep.json', ['ValueError'], null],
  ];
  test('the fixture set is complete', () => {
    expect(fsys.readdirSync(ADV).sort()).toEqual(cases.map(c => c[0]).sort());
  });
  test.each(cases)('%s is refused', (name, classes, msg) => {
    expectRefused(new Uint8Array(fsys.readFileSync(path.join(ADV, name))), name, classes, msg);
  });
});

describe('pickles that would run code or abuse the unpickler', () => {
  const g = (module: string, name: string, op: 'reduce' | 'build' = 'reduce'): Uint8Array => {
    const p = new Pickler().global(module, name).mark().str('echo pwned').tuple();
    return op === 'reduce' ? p.reduce().bytes() : p.op(0x62).bytes();
  };
  const cases: [string, Uint8Array][] = [
    ['GLOBAL os.system + REDUCE', g('os', 'system')],
    ['GLOBAL posix.system + REDUCE', g('posix', 'system')],
    ['GLOBAL builtins.eval + REDUCE', g('builtins', 'eval')],
    ['GLOBAL builtins.exec + REDUCE', g('builtins', 'exec')],
    ['GLOBAL builtins.getattr', g('builtins', 'getattr')],
    ['GLOBAL subprocess.Popen + REDUCE', g('subprocess', 'Popen')],
    ['GLOBAL torch.load (recursion)', g('torch', 'load')],
    ['GLOBAL numpy.core.multiarray._reconstruct', g('numpy.core.multiarray', '_reconstruct')],
    ['allowed global BUILD', g('torch._utils', '_rebuild_tensor_v2', 'build')],
    ['INST', Uint8Array.from([...enc('(S"x"\nisubprocess\nPopen\n'), 0x2e])],
    ['OBJ', rawPickle(0x28, [...enc('cos\nsystem\n')], 0x8c, 1, 0x78, 0x6f)],
    ['NEWOBJ', rawPickle([...enc('cos\nsystem\n')], 0x29, 0x81)],
    ['NEWOBJ_EX', rawPickle([...enc('cos\nsystem\n')], 0x29, 0x7d, 0x92)],
    ['STACK_GLOBAL os.system', rawPickle(0x8c, 2, ...enc('os'), 0x8c, 6, ...enc('system'), 0x93, 0x8c, 1, 0x78, 0x85, 0x52)],
    ['STACK_GLOBAL with non-str', rawPickle(0x4b, 1, 0x4b, 2, 0x93)],
    ['REDUCE of a non-global', rawPickle(0x4b, 1, 0x29, 0x52)],
    ['BUILD __setstate__ on OrderedDict', new Pickler().global('collections', 'OrderedDict').emptyTuple().reduce().op(0x7d).str('__setstate__').global('os', 'system').op(0x73, 0x62).bytes()],
    ['BUILD on a list', rawPickle(0x5d, 0x7d, 0x62)],
    ['PERSID text', rawPickle(0x50, ...enc('0\n'))],
    ['BINPERSID not a storage', rawPickle(0x4b, 1, 0x51)],
    ['BINPERSID storage missing fields', rawPickle(0x28, 0x8c, 7, ...enc('storage'), 0x74, 0x51)],
    ['EXT1', rawPickle(0x82, 1)],
    ['memo BINGET missing', rawPickle(0x68, 7)],
    ['memo LONG_BINGET 2**32-1', rawPickle(0x6a, 0xff, 0xff, 0xff, 0xff)],
    ['memo cycle via APPEND', rawPickle(0x5d, 0x71, 0, 0x68, 0, 0x61)],
    ['memo cycle via SETITEM', rawPickle(0x7d, 0x71, 0, 0x4b, 1, 0x68, 0, 0x73)],
    ['memo cycle via TUPLE', rawPickle(0x5d, 0x71, 0, 0x68, 0, 0x85, 0x61)],
    ['billion laughs (2**50 leaves)', rawPickle(0x5d, 0x4b, 1, 0x61, 0x71, 0, Array.from({ length: 50 }, (_, i) => [0x5d, 0x68, i, 0x61, 0x68, i, 0x61, 0x71, i + 1]).flat())],
    ['100,000 nested lists', rawPickle(new Array(100_000).fill(0x5d), new Array(99_999).fill(0x61))],
    ['100,000 nested tuples', rawPickle(0x4e, new Array(100_000).fill(0x85))],
    ['BINUNICODE8 length 2**63', rawPickle(0x8d, 0, 0, 0, 0, 0, 0, 0, 0x80)],
    ['BINUNICODE length 4 GiB', rawPickle(0x58, 0xff, 0xff, 0xff, 0xff)],
    ['LONG1 of 255 bytes as numel', tensorPickle({ numelOp: p => p.op(0x8a, 255).op(...new Array(255).fill(0x7f)) })],
    ['FRAME then garbage', rawPickle(0x95, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe)],
    ['unknown opcode', rawPickle(0xff)],
    ['empty pickle', new Uint8Array(0)],
    ['no STOP', Uint8Array.from([0x80, 2, 0x4e])],
    ['pop past MARK', rawPickle(0x28, 0x85)]
  ];
  test.each(cases)('%s is refused with UnpicklingError', (name, pkl) => {
    expectRefused(torchZip(pkl), `${name}.pt`, ['UnpicklingError', 'RuntimeError']);
  });
  // big but plain containers: fine to load, but cleanly and quickly
  test.each([
    ['APPENDS of 300,000 items', rawPickle(0x5d, 0x28, new Array(300_000).fill([0x4b, 1]).flat(), 0x65)],
    ['SETITEMS of 300,000 pairs', rawPickle(0x7d, 0x28, Array.from({ length: 300_000 }, (_, i) => [0x4a, i & 0xff, (i >> 8) & 0xff, i >> 16, 0, 0x4e]).flat(), 0x75)],
    ['OrderedDict called with arguments', new Pickler().global('collections', 'OrderedDict').mark().str('x').tuple().reduce().bytes()]
  ])('%s loads plain data or is refused cleanly', (name, pkl) => {
    const { bad } = judge(torchZip(pkl), `${name}.pt`);
    expect(bad).toBeNull();
  });
});

describe('tensor records with lying metadata', () => {
  const rec = (n: number): [string, Uint8Array][] => [['0', new Uint8Array(n)]];
  const cases: [string, Uint8Array][] = [
    ['negative size', torchZip(tensorPickle({ shape: [-1], strides: [1] }), rec(16))],
    ['negative size pair', torchZip(tensorPickle({ shape: [-3, -2], strides: [1, 1] }), rec(16))],
    ['negative stride', torchZip(tensorPickle({ shape: [4], strides: [-1], offset: 3 }), rec(16))],
    ['negative offset', torchZip(tensorPickle({ offset: -2 }), rec(16))],
    ['view past the storage', torchZip(tensorPickle({ shape: [5], strides: [1] }), rec(16))],
    ['offset past the storage', torchZip(tensorPickle({ offset: 4 }), rec(16))],
    ['numel bigger than the record', torchZip(tensorPickle({ numel: 1000 }), rec(16))],
    ['numel 2**40', torchZip(tensorPickle({ numel: 2 ** 40, shape: [2 ** 40] }), rec(16))],
    ['negative numel', torchZip(tensorPickle({ numel: -4 }), rec(16))],
    ['fractional numel', torchZip(tensorPickle({ numelOp: p => p.float(1.5) }), rec(16))],
    ['NaN numel', torchZip(tensorPickle({ numelOp: p => p.float(NaN) }), rec(16))],
    ['None numel', torchZip(tensorPickle({ numel: null }), rec(16))],
    ['size/stride length mismatch', torchZip(tensorPickle({ shape: [2, 2], strides: [1] }), rec(16))],
    ['unknown storage type', torchZip(tensorPickle({ storage: 'ComplexFloatStorage' }), rec(16))],
    ['storage type not allowed', torchZip(tensorPickle({ storage: 'QInt8Storage' }), rec(16))],
    ['storage key traversal', torchZip(tensorPickle({ key: '../../../etc/passwd' }), rec(16))],
    ['record missing', torchZip(tensorPickle({ key: '7' }), rec(16))]
  ];
  test.each(cases)('%s is refused', (name, bytes) => {
    expectRefused(bytes, `${name}.pt`, BAD_DATA);
  });
  test('a stride-0 view of 2**40 elements loads as a view (no allocation) or is refused', () => {
    const { out, bad } = judge(torchZip(tensorPickle({ shape: [2 ** 40], strides: [0] }), rec(16)), 'expanded.pt');
    expect(bad).toBeNull();
    if (out.ok) expect((out.value as Tensor).storage.length).toBe(4);
  });
});

describe('zip bombs and broken archives', () => {
  const zeros = npy(npyHeader('<f4', '(16777216,)'), new Uint8Array(64 * MiB));
  const bomb = zipSync({ 'x.npy': [zeros, { level: 9 }] });
  test('the bomb is small and inflates to twice the cap', () => {
    expect(bomb.length).toBeLessThan(256 * 1024);
    expect(zeros.length).toBeGreaterThan(CAP);
  });
  const cases: [string, Uint8Array, string, string[]][] = [
    ['declared 64 MiB > cap', bomb, 'b.npz', ['RuntimeError']],
    ['declared 100 bytes, inflates to 64 MiB', patchZipSizes(bomb, 100), 'b.npz', ['ValueError']],
    ['declared 1 MiB, inflates to 64 MiB', patchZipSizes(bomb, MiB), 'b.npz', ['ValueError']],
    ['declared 0', patchZipSizes(bomb, 0), 'b.npz', ['ValueError']],
    ['declared 4 GiB', patchZipSizes(bomb, 0xfffffff0), 'b.npz', ['RuntimeError']],
    ['zip64 marker', patchZipSizes(bomb, 0xffffffff), 'b.npz', ['RuntimeError', 'ValueError']],
    ['bomb as torch.save', patchZipSizes(zipSync({ 'archive/data.pkl': [zeros, { level: 9 }] }), 1000), 'b.pt', ['ValueError', 'UnpicklingError']],
    ['many entries totalling over the cap', zipSync(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`x${i}.npy`, [new Uint8Array(MiB), { level: 9 }]]))), 'm.npz', ['RuntimeError']],
    ['truncated archive', bomb.slice(0, bomb.length >> 1), 'b.npz', ['ValueError']],
    ['only the PK magic', Uint8Array.from([0x50, 0x4b, 3, 4]), 'b.npz', ['ValueError']],
    ['unknown compression method', (() => {
      const z = zipSync({ 'a.npy': [saveNpy(Tensor.scalar(1)), { level: 0 }] });
      const dv = new DataView(z.buffer);
      for (let i = 0; i + 4 < z.length; i++) {
        if (dv.getUint32(i, true) === 0x04034b50) dv.setUint16(i + 8, 99, true); // local header
        if (dv.getUint32(i, true) === 0x02014b50) dv.setUint16(i + 10, 99, true); // central directory
      }
      return z;
    })(), 'a.npz', ['ValueError']],
    ['raw deflate bomb as .npy', deflateSync(zeros, { level: 9 }), 'x.npy', ['ValueError']],
    ['npz member that is not npy', zipSync({ 'a.npy': enc('hello') }), 'a.npz', ['ValueError']],
    ['torch archive without data.pkl', zipSync({ 'archive/version': enc('3') }), 'a.pt', ['UnpicklingError']]
  ];
  test.each(cases)('%s', (name, bytes, file, classes) => {
    expectRefused(bytes, file, classes);
  });
});

describe('npy headers that lie', () => {
  const f4 = (shape: string, data = new Uint8Array(16), fortran = false): Uint8Array => npy(npyHeader('<f4', shape, fortran), data);
  const cases: [string, Uint8Array][] = [
    ['shape bigger than the data', f4('(1000, 1000)')],
    ['negative dim', f4('(-1, 4)')],
    ['dim 2**62', f4('(4611686018427387904,)')],
    ['dims overflowing together', f4('(4294967296, 4294967296)')],
    ['zero dim next to a 10**30 dim', f4('(0, 1000000000000000000000000000000)')],
    ['float dim', f4('(2.5,)')],
    ['expression dim', f4('(__import__("os").system("x"),)')],
    ['fortran with a lying shape', f4('(100000, 100000)', new Uint8Array(16), true)],
    ['complex dtype', npy(npyHeader('<c8', '(2,)'), new Uint8Array(16))],
    ['unicode dtype', npy(npyHeader('<U4', '(1,)'), new Uint8Array(16))],
    ['datetime dtype', npy(npyHeader('<M8[ns]', '(2,)'), new Uint8Array(16))],
    ['void dtype', npy(npyHeader('|V16', '(1,)'), new Uint8Array(16))],
    ['float128 dtype', npy(npyHeader('<f16', '(1,)'), new Uint8Array(16))],
    ['object dtype', npy(npyHeader('|O', '(1,)'), new Uint8Array(16))],
    ['structured dtype', npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", new Uint8Array(16))],
    ['empty descr', npy(npyHeader('', '(1,)'), new Uint8Array(16))],
    ['header missing keys', npy("{'descr': '<f4'}", new Uint8Array(16))],
    ['header not a dict', npy('garbage', new Uint8Array(16))],
    ['header length past the end', (() => { const b = f4('(4,)'); new DataView(b.buffer).setUint16(8, 65535, true); return b; })()],
    ['v2 header length 4 GiB', (() => { const b = npy(npyHeader('<f4', '(4,)'), new Uint8Array(16), 2); new DataView(b.buffer).setUint32(8, 0xffffffff, true); return b; })()],
    ['version 9', (() => { const b = f4('(4,)'); b[6] = 9; return b; })()],
    ['bad magic', (() => { const b = f4('(4,)'); b[1] = 0; return b; })()],
    ['magic only', Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59])],
    ['shape over the memory cap', npy(npyHeader('<f8', '(5000000,)'), new Uint8Array(40_000_000))]
  ];
  test.each(cases)('%s is refused', (name, bytes) => {
    expectRefused(bytes, `${name}.npy`, ['ValueError', 'RuntimeError']);
  });
  test('a header shape smaller than the data reads just that shape', () => {
    const { out, bad } = judge(f4('(2,)', new Uint8Array(64)), 'small.npy');
    expect(bad).toBeNull();
    expect(out.ok && (out.value as Tensor).shape).toEqual([2]);
  });
});

describe('csv and json', () => {
  const deep = (n: number, open: string, close: string, leaf = ''): Uint8Array => enc(open.repeat(n) + leaf + close.repeat(n));
  const bad: [string, Uint8Array, string][] = [
    ['json nested 100,000 lists', deep(100_000, '[', ']'), 'd.json'],
    ['json nested 100,000 objects', deep(100_000, '{"a":', '}', '1'), 'd.json'],
    ['json nested objects of ragged lists', enc('{"a": {"b": [[1, 2], [3]]}}'), 'd.json'],
    ['json with strings', enc('[1, "<script>"]'), 'd.json'],
    ['json with null', enc('[1, null]'), 'd.json'],
    ['json truncated', enc('[1, 2'), 'd.json'],
    ['json not utf-8', Uint8Array.from([0x5b, 0xff, 0xfe, 0x5d]), 'd.json'],
    ['json empty', new Uint8Array(0), 'd.json'],
    ['csv ragged', enc('1,2\n3\n'), 'd.csv'],
    ['csv text cell', enc('1,2\n3,abc\n'), 'd.csv'],
    ['csv formula cells', enc("=cmd|' /C calc'!A0,@SUM(1+1)\n=1+1,2\n"), 'd.csv'],
    ['csv empty', new Uint8Array(0), 'd.csv'],
    ['csv NUL bytes', enc('1,2\n1,\u0000\n'), 'd.csv'],
    ['csv unbalanced quote', enc('1,2\n"3,4\n5,6\n'), 'd.csv'],
    ['csv 1 MB line with a bad cell', enc('1,'.repeat(1 << 18) + '1\n' + '1,'.repeat(1 << 18) + 'x\n'), 'd.csv']
  ];
  test.each(bad)('%s is refused', (name, bytes, file) => {
    expectRefused(bytes, file, ['ValueError', 'RuntimeError']);
  });
  const cap = 1 * MiB;
  const big: [string, Uint8Array, string][] = [
    ['json of 500,000 zeros (4 MB as int64)', enc('[' + new Array(500_000).fill('0').join(',') + ']'), 'z.json'],
    ['json list of 300,000 floats in an object', enc(`{"a": [1], "b": [${new Array(300_000).fill('0.5').join(',')}]}`), 'z.json'],
    ['csv of 500,000 zeros (2 MB as float32)', enc(new Array(500_000).fill('0').join('\n')), 'z.csv']
  ];
  test.each(big)('%s is refused under a 1 MiB cap', (name, bytes, file) => {
    setMemoryCap(cap);
    try {
      expectRefused(bytes, file, ['RuntimeError'], /memory cap/);
    } finally {
      setMemoryCap(CAP);
    }
  });
  test('a header-only csv loads as an empty (0, C) tensor', () => {
    const { out, bad } = judge(enc('a,b,c\n'), 'h.csv');
    expect(bad).toBeNull();
    expect(out.ok && (out.value as Tensor).shape).toEqual([0, 3]);
  });
  test('a 1 MB single-line csv and a 1 MB json array load', () => {
    const csv = judge(enc('0.5,'.repeat(1 << 18) + '1\n'), 'w.csv');
    expect(csv.bad).toBeNull();
    expect(csv.out.ok && (csv.out.value as Tensor).shape).toEqual([1, (1 << 18) + 1]);
    const json = judge(enc('[' + '0.25,'.repeat(1 << 18) + '1]'), 'w.json');
    expect(json.bad).toBeNull();
    expect(json.out.ok && (json.out.value as Tensor).shape).toEqual([(1 << 18) + 1]);
  });
});

describe('seeded random byte mutations of valid files', () => {
  const r = rng(90_2026);
  const seeds: [string, Uint8Array][] = fsys
    .readdirSync(IO)
    .filter(f => /\.(npy|npz|pt|pth|csv|json)$/.test(f))
    .sort()
    .map(f => [f, new Uint8Array(fsys.readFileSync(path.join(IO, f)))]);
  // plus files written by our own writers (seeded contents)
  const t = Tensor.fromStorage(Float32Array.from({ length: 24 }, () => r() * 10 - 5), [2, 3, 4], 'float32');
  const ti = Tensor.fromStorage(Float64Array.from({ length: 6 }, () => r.int(-9, 9)), [6], 'int64');
  seeds.push(['own.npy', saveNpy(t)], ['own.npz', saveNpz({ a: t, b: ti })]);
  const sd: LoadedDict = { kind: 'dict', ordered: true, entries: [['w', t], ['b', ti], ['n', { kind: 'list', items: [t, 3, 'x', null] }]] };
  seeds.push(['own.pt', torchSave(sd)]);
  const N = 4000;
  test(`${N} mutated files load sanely or are refused cleanly`, () => {
    expect(seeds.length).toBeGreaterThan(20);
    const failures: string[] = [];
    let loaded = 0;
    for (let i = 0; i < N; i++) {
      const [name, bytes] = seeds[i % seeds.length];
      const m = mutateBytes(bytes, r);
      const { out, bad } = judge(m, name);
      if (out.ok) loaded++;
      if (bad) failures.push(`#${i} ${name}: ${bad}\n  bytes: ${Buffer.from(m.slice(0, 64)).toString('hex')}`);
      if (failures.length >= 10) break;
    }
    if (failures.length) throw new Error(failures.join('\n'));
    // the mutations must not all be trivially fatal (or all harmless)
    expect(loaded).toBeGreaterThan(N / 50);
    expect(loaded).toBeLessThan(N);
  }, 120_000);
});

describe('through the language', () => {
  const files = new Map<string, Uint8Array>([
    ['bomb.pt', patchZipSizes(zipSync({ 'archive/data.pkl': [new Uint8Array(64 * MiB), { level: 9 }] }), 0xfffffff0)],
    ['evil.pt', new Uint8Array(fsys.readFileSync(path.join(ADV, 'os_system.pt')))],
    ['laughs.pt', new Uint8Array(fsys.readFileSync(path.join(ADV, 'memo_laughs.pt')))],
    ['deep.json', new Uint8Array(fsys.readFileSync(path.join(ADV, 'deep.json')))],
    ['ok.npy', saveNpy(Tensor.fromStorage(Float32Array.of(1, 2), [2], 'float32'))]
  ]);
  const session = new Session({
    readFile: async p => {
      const b = files.get(p);
      if (!b) throw Object.assign(new Error(`no such file: ${p}`), { code: 'ENOENT' });
      return b;
    }
  });
  const run = (code: string) => session.runCell(code, undefined, { timeLimitMs: 5000 });
  test.each([
    ['bomb.pt', 'RuntimeError'],
    ['evil.pt', 'UnpicklingError'],
    ['laughs.pt', 'UnpicklingError'],
    ['deep.json', 'ValueError'],
    ['missing.pt', 'FileNotFoundError']
  ])("torch.load('%s') raises %s and the session lives on", async (file, ename) => {
    const r = await run(`import torch\nx = torch.load('${file}')`);
    expect(r.status).toBe('error');
    expect(r.error?.ename).toBe(ename);
    expect(r.error?.traceback[0]).toBe('Traceback (most recent call last):');
    expect(r.error?.traceback.join('\n')).not.toMatch(/\.[jt]s:\d|^\s+at /m);
    const ok = await run("y = torch.load('ok.npy')\ny.sum().item()");
    expect(ok.status).toBe('ok');
    expect(ok.result?.['text/plain']).toBe('3.0');
  });
});
