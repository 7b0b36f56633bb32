import { floatRepr, formatNumber, formatFixed, formatExp, pyRound, pyRoundInt, FormatKind } from '../../src/engine/pyfloat';
import { TorchError } from '../../src/engine/errors';
import cases from '../fixtures/engine/pyfloat_cases.json';

/** Python float repr string -> JS number (exact). */
const py = (s: string): number => (s === 'nan' ? NaN : s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s));

/** Corpus cases in named groups of 100 (one jest test per group keeps the run fast). */
function chunks<T>(items: T[], size = 100): [string, T[]][] {
  const out: [string, T[]][] = [];
  for (let i = 0; i < items.length; i += size) out.push([`${i}-${Math.min(i + size, items.length) - 1} of ${items.length}`, items.slice(i, i + size)]);
  return out;
}

function run(fn: () => string): { out?: string; error?: string } {
  try {
    return { out: fn() };
  } catch (e) {
    if (e instanceof TorchError) return { error: `${e.pyType}: ${e.message}` };
    throw e;
  }
}

describe('floatRepr', () => {
  test.each([
    [1, '1.0'], [1e16, '1e+16'], [1e-5, '1e-05'], [0.0001, '0.0001'], [9999999999999998, '9999999999999998.0'],
    [0.1 + 0.2, '0.30000000000000004'], [Infinity, 'inf'], [-Infinity, '-inf'], [NaN, 'nan'], [-0, '-0.0'],
    [Math.fround(0.6652409434318542), '0.6652409434318542'], [Math.fround(0.1), '0.10000000149011612'],
    [1.5e300, '1.5e+300'], [5e-324, '5e-324'], [123456789012345680000, '1.2345678901234568e+20']
  ])('%p -> %s', (x, s) => expect(floatRepr(x)).toBe(s));

  test.each(chunks(cases.repr))('repr corpus %s', (_name, part) => {
    const bad = part.filter(([v, e]) => floatRepr(py(v)) !== e).map(([v, e]) => `${v}: ${floatRepr(py(v))} != ${e}`);
    expect(bad).toEqual([]);
  });
});

describe('formatFixed / formatExp (half-even on the exact value)', () => {
  test.each([
    [0.03125, 4, '0.0312'], [0.09375, 4, '0.0938'], [2.5, 0, '2'], [3.5, 0, '4'], [-0, 0, '-0'], [0.5, 0, '0'],
    [Math.fround(12345.678), 4, '12345.6777'], [1e21, 1, '1000000000000000000000.0']
  ])('%p .%pf -> %s', (x, p, s) => expect(formatFixed(x, p)).toBe(s));
  test.each([
    [1e-5, 4, '1.0000e-05'], [1.23456789e10, 4, '1.2346e+10'], [10.03125, 4, '1.0031e+01'], [125, 1, '1.2e+02'],
    [1e-200, 4, '1.0000e-200'], [0, 4, '0.0000e+00'], [-0, 2, '-0.00e+00'], [Infinity, 4, 'inf'], [NaN, 4, 'nan']
  ])('%p .%pe -> %s', (x, p, s) => expect(formatExp(x, p)).toBe(s));
});

describe('formatNumber', () => {
  test.each([
    [1.5, '.3f', 'float', '1.500'], [1234.5, ',', 'float', '1,234.5'], [1234, '09,', 'int', '0,001,234'],
    [255, '#x', 'int', '0xff'], [true, '', 'bool', 'True'], [true, '>5', 'bool', '    1'], ['ab', '05', 'str', 'ab000'],
    [0.1, '%', 'float', '10.000000%'], [123.0, '.3', 'float', '1.23e+02'], [12.0, '.3', 'float', '12.0'],
    [-0.0001, 'z.2f', 'float', '0.00'], [65, 'c', 'int', 'A'], [2n ** 70n, ',', 'int', '1,180,591,620,717,411,303,424']
  ] as [number | bigint | boolean | string, string, FormatKind, string][])('format(%p, %p)', (v, spec, kind, s) =>
    expect(formatNumber(v, spec, kind)).toBe(s)
  );
  test('errors are ValueErrors with CPython text', () => {
    expect(run(() => formatNumber(1.5, 'x', 'float')).error).toBe("ValueError: Unknown format code 'x' for object of type 'float'");
    expect(run(() => formatNumber(5, '.2d', 'int')).error).toBe('ValueError: Precision not allowed in integer format specifier');
  });

  const value = (c: { kind: string; value: unknown }): number | bigint | boolean | string =>
    c.kind === 'float' ? py(c.value as string) : c.kind === 'int' ? BigInt(c.value as string) : (c.value as boolean | string);
  test.each(chunks(cases.format))('format corpus %s', (_name, part) => {
    const bad = part.flatMap((c) => {
      const got = run(() => formatNumber(value(c), c.spec, c.kind as FormatKind));
      const exp = 'error' in c ? { error: c.error } : { out: c.out };
      return JSON.stringify(got) === JSON.stringify(exp) ? [] : [`format(${String(c.value)}, '${c.spec}'): ${JSON.stringify(got)} != ${JSON.stringify(exp)}`];
    });
    expect(bad).toEqual([]);
  });
});

describe('round', () => {
  test.each([
    [2.5, null, 2], [3.5, null, 4], [-2.5, null, -2], [0.125, 2, 0.12], [0.375, 2, 0.38], [2.675, 2, 2.67],
    [1250, -2, 1200], [-0.4, 0, -0], [1e300, 400, 1e300]
  ] as [number, number | null, number][])('round(%p, %p) = %p', (x, n, r) => expect(pyRound(x, n)).toBe(r));
  test('ints', () => {
    expect(pyRoundInt(1250, -2)).toBe(1200);
    expect(pyRoundInt(1350n, -2)).toBe(1400n);
    expect(pyRoundInt(-150, -2)).toBe(-200);
  });

  type RoundCase = { value: string; ndigits: number | null; int?: boolean; out?: string; error?: string };
  test.each(chunks(cases.round as RoundCase[]))('round corpus %s', (_name, part) => {
    const bad = part.flatMap((cc) => {
      const got = cc.int
        ? { out: String(pyRoundInt(BigInt(cc.value), cc.ndigits as number)) }
        : run(() => {
            const r = pyRound(py(cc.value), cc.ndigits);
            return cc.ndigits === null ? BigInt(r).toString() : floatRepr(r);
          });
      const exp = cc.error !== undefined ? { error: cc.error } : { out: cc.out };
      return JSON.stringify(got) === JSON.stringify(exp) ? [] : [`round(${cc.value}, ${cc.ndigits}): ${JSON.stringify(got)} != ${JSON.stringify(exp)}`];
    });
    expect(bad).toEqual([]);
  });
});
