/**
 * Regression tests for reader fixes (src/engine/io/**): files written by real
 * tools that once loaded differently from torch / numpy / pandas, and files
 * refused on purpose with a clear message. Fixtures and expectations:
 * tools/gen_real_io_fixtures.py → test/fixtures/io/real/ (expected.json: what
 * the reference reader loads; refused.json: what torch.load does instead).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Tensor } from '../../src/engine/tensor';
import { TorchError } from '../../src/engine/errors';
import { load, parseCsv, Loaded, isLoadedDict, isLoadedSeq } from '../../src/engine/io/index';
import { parseNumberCell } from '../../src/engine/io/csv';
import { Session, type HostIO } from '../../src/lang';

const DIR = path.join(__dirname, '..', 'fixtures', 'io', 'real');
const want: Record<string, any> = JSON.parse(
  fs.readFileSync(path.join(DIR, 'expected.json'), 'utf8')
);
const refused: Record<string, any> = JSON.parse(
  fs.readFileSync(path.join(DIR, 'refused.json'), 'utf8')
);
delete refused._meta;
const num = (v: unknown): unknown =>
  v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v;
const bytesOf = (name: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(DIR, name)));
const read = (name: string): Loaded => load(bytesOf(name), name);
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function check(got: Loaded, w: any, where: string): void {
  if (w.kind === 'tensor') {
    expect(got).toBeInstanceOf(Tensor);
    const t = got as Tensor;
    expect([where, t.dtype, t.shape]).toEqual([where, w.dtype, w.shape]);
    expect([where, Array.from(t.toFlat() as ArrayLike<number>)]).toEqual([
      where,
      w.values.map((v: unknown) => (typeof v === 'boolean' ? Number(v) : num(v)))
    ]);
  } else if (w.kind === 'dict') {
    if (!isLoadedDict(got)) {
      throw new Error(`${where}: expected a dict`);
    }
    expect(got.entries.map(e => e[0])).toEqual(w.entries.map((e: any) => e[0]));
    got.entries.forEach(([k, v], i) => check(v, w.entries[i][1], `${where}.${String(k)}`));
  } else if (w.kind === 'tuple' || w.kind === 'list') {
    if (!isLoadedSeq(got)) {
      throw new Error(`${where}: expected a ${w.kind}`);
    }
    expect([where, got.kind, got.items.length]).toEqual([where, w.kind, w.items.length]);
    got.items.forEach((v, i) => check(v, w.items[i], `${where}[${i}]`));
  } else {
    expect([where, got]).toEqual([where, num(w.value)]);
  }
}

function memIO(files: Map<string, Uint8Array> = new Map()): HostIO {
  return {
    readFile: async (p: string) => files.get(p) ?? bytesOf(p),
    writeFile: async (p: string, d: Uint8Array) => void files.set(p, d)
  };
}

async function run(s: Session, code: string): Promise<string> {
  let out = '';
  const r = await s.runCell(code, {
    stdout: t => void (out += t),
    stderr: () => undefined,
    display: () => undefined
  });
  if (r.error) {
    throw new Error(`${r.error.ename}: ${r.error.evalue}\n${code}`);
  }
  return out;
}

// ------------------------------------------------------------------ csv.ts

// pandas `DataFrame(logits).to_csv(path)` writes an unnamed index column (header ',0,1,...')
test('csv: the unnamed pandas index column is dropped (read_csv(index_col=0))', () => {
  check(read('c_pandas_index.csv'), want['c_pandas_index.csv'], 'c_pandas_index.csv');
  expect(parseCsv(fs.readFileSync(path.join(DIR, 'c_pandas_index.csv'), 'utf8')).header).toEqual(
    Array.from({ length: 10 }, (_, i) => String(i))
  );
});

test('csv: a 0,1,…,C-1 first row over float rows is a header (to_csv(index=False))', () => {
  check(read('c_pandas_range_header.csv'), want['c_pandas_range_header.csv'], 'range header');
});

test('csv: an all-integer file whose first row is 0,1,2 keeps that row as data', () => {
  const w = want['c_int_range_first_row.csv'];
  expect(w.shape).toEqual([3, 3]);
  check(read('c_int_range_first_row.csv'), w, 'c_int_range_first_row.csv');
});

test("csv: np.savetxt's default ' ' delimiter (whitespace) loads", () => {
  check(read('c_savetxt_space.csv'), want['c_savetxt_space.csv'], 'c_savetxt_space.csv');
  // with a '# ' header line as np.savetxt(header=...) writes it
  const r = parseCsv('# a b\n1.5 2\n  3   -inf\n');
  expect(r.header).toEqual(['a', 'b']);
  expect(Array.from(r.tensor.toFlat() as ArrayLike<number>)).toEqual([1.5, 2, 3, -Infinity]);
});

test('csv: the number fast path and the specials agree with the strict grammar', () => {
  const cases: [string, number | null][] = [
    ['1.5', 1.5],
    [' -2e3 ', -2000],
    ['.5', 0.5],
    ['7.', 7],
    ['NaN', NaN],
    ['-Inf', -Infinity],
    ['+infinity', Infinity],
    ['', null],
    ['  ', null],
    ['0x1f', null],
    ['1_000', null],
    ['1e', null],
    ['abc', null]
  ];
  for (const [cell, v] of cases) {
    expect([cell, parseNumberCell(cell)]).toEqual([cell, v]);
  }
});

// ------------------------------------------------------------------ json.ts

// json.dump([[1.0, 0.0], ...]): Python (and torch.tensor) read floats, not ints
test('json: integral float literals (1.0, 1e2) load as float32, integer literals as int64', () => {
  check(read('j_integral_floats.json'), want['j_integral_floats.json'], 'j_integral_floats');
  check(read('j_dict_integral_floats.json'), want['j_dict_integral_floats.json'], 'j_dict');
  // the item-by-item path (a float literal among nested values) agrees with the fast one
  const t = load(enc('[[1, 2], [3, 4.0]]'), 'a.json') as Tensor;
  expect([t.dtype, t.shape]).toEqual(['float32', [2, 2]]);
  expect((load(enc('[[1, 2], [3, 4]]'), 'a.json') as Tensor).dtype).toBe('int64');
  expect((load(enc('-0.0'), 'a.json') as Tensor).dtype).toBe('float32');
});

test("json: Python's NaN / Infinity / -Infinity tokens load", () => {
  check(read('j_nan.json'), want['j_nan.json'], 'j_nan.json');
});

test('json: object keys keep file order (integer-like keys too); a repeated key keeps its first place', () => {
  const d = load(enc('{"b": [1], "10": [2], "2": [3], "b": [4]}'), 'k.json');
  if (!isLoadedDict(d)) {
    throw new Error('dict expected');
  }
  expect(d.entries.map(e => e[0])).toEqual(['b', '10', '2']);
  expect(Array.from((d.entries[0][1] as Tensor).toFlat() as ArrayLike<number>)).toEqual([4]);
});

test('json: integers past 2^53 are the nearest double; past int64 an overflow error', () => {
  const t = load(enc('[9007199254740993, 1]'), 'b.json') as Tensor;
  expect(t.dtype).toBe('int64');
  expect((t.toFlat() as ArrayLike<number>)[0]).toBe(9007199254740992);
  expect(() => load(enc('[1, 100000000000000000000]'), 'b.json')).toThrow(/Overflow/);
  // as a float literal it is a float, as in Python
  expect((load(enc('[1, 1e20]'), 'b.json') as Tensor).dtype).toBe('float32');
});

test('json: malformed files are ValueErrors with Python-style positions', () => {
  const cases: [string, RegExp][] = [
    ['[1, 2', /Expecting ',' delimiter: line 1 column 6 \(char 5\)/],
    ['[1, 2,]', /Expecting value: line 1 column 7/],
    ['{"a" 1}', /Expecting ':' delimiter/],
    ["{'a': 1}", /Expecting property name enclosed in double quotes/],
    ['[1]\n[2]', /Extra data: line 2 column 1/],
    ['[01]', /Expecting ',' delimiter/],
    ['[-NaN]', /Expecting value/],
    ['[nan]', /Expecting value/],
    ['["a\\x"]', /Invalid \\escape/],
    ['["abc', /Unterminated string/],
    ['', /Expecting value/],
    ['[' + '['.repeat(70) + ']'.repeat(71), /nested deeper than 64 levels/]
  ];
  for (const [src, re] of cases) {
    let err: unknown = null;
    try {
      load(enc(src), 'm.json');
    } catch (e) {
      err = e;
    }
    expect([src, err instanceof TorchError && err.pyType]).toEqual([src, 'ValueError']);
    expect([src, (err as Error).message]).toEqual([src, expect.stringMatching(re)]);
  }
});

// ------------------------------------------------------------------ torchsave.ts / pickle.ts

test('torch.Size inside a checkpoint loads as a tuple of ints', () => {
  check(read('t_torch_size.pt'), want['t_torch_size.pt'], 't_torch_size.pt');
});

// BINFLOAT 1.0 was the JS number 1, which the cell saw as int 1
test('integral Python floats in a checkpoint stay floats in the cell', async () => {
  const s = new Session(memIO());
  const out = await run(
    s,
    "import torch\nv = torch.load('t_float_scalars.pt')\n" +
      'print([(k, type(x).__name__) for k, x in v.items()])\n' +
      "print([type(x).__name__ for x in v['hist']], [type(x).__name__ for x in v['pair']])\n" +
      "print(v['T'], v['epoch'])"
  );
  const w = want['t_float_scalars.pt'].entries;
  const types = (e: any): string => (e.kind === 'scalar' ? e.type : e.kind);
  const itemTypes = (k: string): string =>
    `[${w
      .find((e: any) => e[0] === k)[1]
      .items.map((e: any) => `'${types(e)}'`)
      .join(', ')}]`;
  expect(out).toBe(
    `[${w.map(([k, e]: [string, any]) => `('${k}', '${types(e)}')`).join(', ')}]\n` +
      `${itemTypes('hist')} ${itemTypes('pair')}\n2.0 3\n`
  );
});

test('torch.save writes Python floats as floats (2.0 stays a float through a save/load)', async () => {
  const files = new Map<string, Uint8Array>();
  const s = new Session(memIO(files));
  const out = await run(
    s,
    "import torch\ntorch.save({'T': 2.0, 'n': 2, 'l': [1.0, 1], 't': (0.0,)}, 'out.pt')\n" +
      "v = torch.load('out.pt')\nprint(v)"
  );
  expect(out).toBe("{'T': 2.0, 'n': 2, 'l': [1.0, 1], 't': (0.0,)}\n");
  expect(files.has('out.pt')).toBe(true);
});

test("nn.Parameter saved with torch.save loads as a Parameter (repr as torch's)", async () => {
  const s = new Session(memIO());
  for (const [file, expr, w] of [
    ['t_param.pt', 'v', want['t_param.pt']],
    ['t_param_in_dict.pt', "v['w']", want['t_param_in_dict.pt'].entries[0][1]]
  ]) {
    expect(w.parameter).toBe(true);
    const out = await run(
      s,
      `import torch\nv = torch.load('${file}')\nprint(type(${expr}).__name__, isinstance(${expr}, torch.nn.Parameter), ${expr}.requires_grad)\nprint(repr(${expr}))`
    );
    expect(out).toBe(`Parameter True True\n${w.repr}\n`);
  }
  // a plain tensor next to it stays a Tensor
  const out = await run(s, "print(type(v['b']).__name__)");
  expect(out).toBe('Tensor\n');
});

test.each(Object.keys(refused))('%s is refused with a clear message', name => {
  const r = refused[name];
  let err: unknown = null;
  try {
    read(name);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(TorchError);
  const e = err as TorchError;
  // the same exception class torch.load(weights_only=True) raises
  expect(e.pyType).toBe(r.torch_load_weights_only);
  if (r.what === 'TorchScript') {
    expect(e.message).toMatch(/^TorchScript files are not supported/);
  } else {
    expect(e.message).toMatch(
      /^this file is a plain Python pickle \(pickle\.dump\).*not a torch\.save file; torch\.load cannot read it either\. Supported: torch\.save files/
    );
    expect(e.message).toMatch(name.includes('tensor') ? /torch objects/ : /./);
    expect(e.message).toMatch(name.endsWith('.pkl') ? /numpy arrays/ : /./);
  }
});
