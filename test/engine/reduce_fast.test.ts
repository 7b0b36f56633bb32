/**
 * The wasm float32 reductions (src/engine/wasm/reduce.ts) against the engine's JS
 * reductions (cascade.ts sum order, reduceplan.ts extremum), bit for bit, for every
 * wasm variant this Node can run, plus the public ops under each variant vs 'js'.
 */
import * as v8 from 'v8';
v8.setFlagsFromString('--experimental-wasm-relaxed-simd');

import {
  KernelVariant,
  kernelVariant,
  loadWasmKernels,
  useKernelVariant
} from '../../src/engine/wasm';
import { JS_ROW_MAX } from '../../src/engine/wasm/reduce_js';
import { extremumF32, extremumValuesF32, sumF32, sumF64 } from '../../src/engine/wasm/reduce';
import { Plan, extremum, sumPlan } from '../../src/engine/reduceplan';
import { Tensor } from '../../src/engine/tensor';
import { amax, amin, argmax, argmin, max, mean, min, sum } from '../../src/engine/reduce';
import { transpose, narrow } from '../../src/engine/shape';
import { mulberry32 as rng } from './helpers';


const SPECIAL = [NaN, Infinity, -Infinity, -0, 0, 1e-40, -1e-45, 3e38, -3e38, 1e-30, 1, -1];

type Kind = 'normal' | 'special' | 'ties' | 'mixed' | 'huge';

/** n float32 values of a given flavour (ties: few distinct values incl. ±0). */
function data(n: number, seed: number, kind: Kind): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = r();
    if (kind === 'ties') {
      out[i] = [0, -0, 1, -1, 2][Math.floor(u * 5)];
    } else if (kind === 'special' && u < 0.05) {
      out[i] = SPECIAL[Math.floor(r() * SPECIAL.length)];
    } else if (kind === 'huge') {
      out[i] = (r() - 0.5) * 10 ** Math.floor(r() * 76 - 38);
    } else if (kind === 'mixed' && u < 0.002) {
      out[i] = SPECIAL[Math.floor(r() * 5) + 3]; // no NaN / inf: keep the sums finite
    } else {
      out[i] = 4 * Math.sqrt(-2 * Math.log(Math.max(r(), 1e-300))) * Math.cos(2 * Math.PI * r());
    }
  }
  return out;
}

/** A plan over [outer, R, inner] starting `off` floats into a padded storage. */
function makePlan(x: Float32Array, off: number, outer: number, R: number, inner: number): Plan {
  const st = new Float32Array(off + x.length + 5).fill(NaN);
  st.set(x, off);
  const t = new Tensor(st, [outer * R * inner], [1], off, 'float32');
  return { x: t, outer, R, inner, outShape: [outer * inner], dims: [0] };
}

/** Same value and sign of zero; NaN equals NaN (payload bits are not compared). */
function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): string | null {
  if (a.length !== b.length) {
    return `length ${a.length} vs ${b.length}`;
  }
  for (let i = 0; i < a.length; i++) {
    if (!(Object.is(a[i], b[i]) || (Number.isNaN(a[i]) && Number.isNaN(b[i])))) {
      return `element ${i}: ${a[i]} vs ${b[i]}`;
    }
  }
  return null;
}

const variants = (['relaxed', 'simd128'] as KernelVariant[]).filter(
  v => loadWasmKernels(v as 'relaxed' | 'simd128') !== null
);

afterAll(() => {
  useKernelVariant('auto');
});

test('at least the SIMD128 kernels load in this Node', () => {
  expect(variants).toContain('simd128');
});

const ROW_LENGTHS = [
  ...Array.from({ length: 70 }, (_, i) => i + 1),
  127,
  128,
  129,
  511,
  512,
  513,
  1023,
  1024,
  1025,
  8191,
  8192,
  8193,
  16383,
  16384,
  16385,
  65537
];
const INNERS = [2, 3, 4, 5, 7, 8, 9, 31, 32, 33, 40, 65, 100];
const COL_LENGTHS = [
  1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 63, 64, 65, 255, 256, 257, 1023, 1024, 1025, 4097, 16387
];

/**
 * The JS reference is computed once per case (it is the slow part under jest), then
 * every wasm variant is compared with it.
 */
function checkPlan(p: Plan, tag: unknown[], sumDeclined = (): boolean => false): number {
  const { outer, R, inner } = p;
  const X = p.x.storage as Float32Array;
  const off = p.x.offset;
  const wantSum = sumPlan(p);
  const wantMax = extremum(p, true);
  const wantMin = extremum(p, false);
  let sums = 0;
  for (const variant of [...variants, 'js' as KernelVariant]) {
    expect(useKernelVariant(variant)).toBe(variant);
    const got = new Float64Array(outer * inner);
    if (sumF32(X, off, outer, R, inner, got)) {
      expect([variant, ...tag, sameBits(got, wantSum)]).toEqual([variant, ...tag, null]);
      sums++;
    } else {
      expect([variant, ...tag, sumDeclined()]).toEqual([variant, ...tag, true]);
    }
    for (const [isMax, want] of [
      [true, wantMax],
      [false, wantMin]
    ] as const) {
      const v = new Float64Array(outer * inner);
      const ix = new Float64Array(outer * inner);
      expect(extremumF32(X, off, outer, R, inner, isMax, v, ix)).toBe(variant !== 'js');
      if (variant === 'js') {
        continue;
      }
      expect([variant, ...tag, isMax, sameBits(v, want.vals), sameBits(ix, want.idx)]).toEqual([
        variant,
        ...tag,
        isMax,
        null,
        null
      ]);
      if (inner === 1) {
        // values only (amax/amin): NaN / ±0 results resolved to the first such element
        const vv = new Float64Array(outer);
        expect(extremumValuesF32(X, off, outer, R, isMax, vv)).toBe(true);
        expect([variant, ...tag, isMax, 'values', sameBits(vv, want.vals)]).toEqual([
          variant,
          ...tag,
          isMax,
          'values',
          null
        ]);
      }
    }
  }
  return sums;
}

test("the 'js' variant: short-row sums only; everything else is declined", () => {
  expect(useKernelVariant('js')).toBe('js');
  const x = data(40000, 5, 'normal');
  expect(sumF32(x, 0, 64, 64, 1, new Float64Array(64))).toBe(true);
  expect(sumF32(x, 0, 64, 600, 1, new Float64Array(64))).toBe(false);
  expect(sumF32(x, 0, 64, 64, 2, new Float64Array(128))).toBe(false);
  expect(extremumF32(x, 0, 64, 64, 1, true, new Float64Array(64), new Float64Array(64))).toBe(
    false
  );
});

describe('kernels vs JS loops, every wasm variant', () => {
  test('row sums and max/min (inner = 1), lengths around vector/chunk boundaries', () => {
    let seed = 1;
    let sums = 0;
    for (const R of ROW_LENGTHS) {
      const kinds: Kind[] =
        R > 5000 ? ['special', 'ties'] : ['normal', 'special', 'ties', 'mixed', 'huge'];
      for (const kind of kinds) {
        const outer = R > 5000 ? 1 : 3;
        const off = seed % 7;
        const p = makePlan(data(outer * R, seed++, kind), off, outer, R, 1);
        // wasm declines only R < 8; JS takes 8 ≤ R ≤ 511 rows
        sums += checkPlan(
          p,
          [R, kind],
          () => R < 8 || (kernelVariant() === 'js' && R > JS_ROW_MAX)
        );
      }
    }
    expect(sums).toBeGreaterThan(300 * variants.length + 200);
  });

  test('column sums and max/min (inner > 1)', () => {
    let seed = 1000;
    for (const inner of INNERS) {
      for (const R of COL_LENGTHS) {
        if (R * inner > (R > 10000 ? 50000 : 100000)) {
          continue;
        }
        const kinds: Kind[] = R * inner > 20000 ? ['special'] : ['normal', 'special', 'ties'];
        for (const kind of kinds) {
          const outer = R * inner < 5000 ? 3 : 1;
          const p = makePlan(data(outer * R * inner, seed++, kind), seed % 5, outer, R, inner);
          checkPlan(p, [inner, R, kind], () => kernelVariant() === 'js');
        }
      }
    }
  });

  test('one long row through every cascade level (level 3 carries, several blocks)', () => {
    const R = (1 << 17) * 4 + 29;
    checkPlan(makePlan(data(R, 7, 'mixed'), 3, 1, R, 1), [R], () => kernelVariant() === 'js');
  });

  test('long rows with NaN / ties in later blocks keep the first index', () => {
    const R = 50000;
    const x = data(R, 99, 'ties');
    x[40000] = NaN;
    x[45000] = NaN;
    for (const variant of variants) {
      useKernelVariant(variant);
      for (const isMax of [true, false]) {
        const v = new Float64Array(1);
        const ix = new Float64Array(1);
        expect(
          extremumF32(makePlan(x, 1, 1, R, 1).x.storage as Float32Array, 1, 1, R, 1, isMax, v, ix)
        ).toBe(true);
        expect(ix[0]).toBe(40000);
        expect(Number.isNaN(v[0])).toBe(true);
        const vv = new Float64Array(1);
        expect(extremumValuesF32(x, 0, 1, R, isMax, vv)).toBe(true);
        expect(Number.isNaN(vv[0])).toBe(true);
      }
      x[40000] = 2;
      x[45000] = 2;
      const ix = new Float64Array(1);
      expect(extremumF32(x, 0, 1, R, 1, true, new Float64Array(1), ix)).toBe(true);
      expect(x[ix[0]]).toBe(2);
      expect(x.indexOf(2)).toBe(ix[0]);
      x[40000] = NaN;
      x[45000] = NaN;
    }
  });
});

test('long rows whose max is ±0: the first zero decides the sign', () => {
  const R = 40000;
  for (const first of [-0, 0]) {
    const x = data(R, 123, 'ties').map(v => (v > 0 ? -v : v));
    x.fill(-1, 0, 30000);
    x[30000] = first;
    const p = makePlan(x, 0, 1, R, 1);
    const want = extremum(p, true);
    for (const variant of variants) {
      useKernelVariant(variant);
      const vv = new Float64Array(1);
      expect(extremumValuesF32(x, 0, 1, R, true, vv)).toBe(true);
      expect(Object.is(vv[0], first)).toBe(true);
      expect(sameBits(vv, want.vals)).toBeNull();
    }
  }
});

test('float64 row sums (JS, 4 lanes) equal the cascade', () => {
  let seed = 5000;
  let checked = 0;
  for (const R of [...Array.from({ length: 70 }, (_, i) => i + 1), 127, 128, 129, 255, 256, 300]) {
    for (const kind of ['normal', 'special', 'ties', 'huge'] as Kind[]) {
      const outer = 3;
      const x = Float64Array.from(data(outer * R, seed++, kind), v => v * (1 + 1e-9));
      const st = new Float64Array(x.length + 2);
      st.set(x, 2);
      const p: Plan = {
        x: new Tensor(st, [x.length], [1], 2, 'float64'),
        outer,
        R,
        inner: 1,
        outShape: [outer],
        dims: [0]
      };
      const got = new Float64Array(outer);
      if (sumF64(st, 2, outer, R, 1, got)) {
        expect([R, kind, sameBits(got, sumPlan(p))]).toEqual([R, kind, null]);
        checked++;
      } else {
        expect(R < 4 || R > 255).toBe(true);
      }
    }
  }
  expect(checked).toBe(4 * (70 - 3 + 4));
});

// ---------------------------------------------------------------- public ops

interface Case {
  name: string;
  make: () => Tensor;
}

function t(
  shape: number[],
  seed: number,
  kind: Kind,
  dtype: 'float32' | 'float64' = 'float32'
): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = data(n, seed, kind);
  return Tensor.fromStorage(dtype === 'float32' ? d : Float64Array.from(d), shape, dtype);
}

const CASES: Case[] = [
  { name: '300x100 normal', make: () => t([300, 100], 1, 'normal') },
  { name: '200x129 special', make: () => t([200, 129], 2, 'special') },
  { name: '64x300 ties', make: () => t([64, 300], 3, 'ties') },
  { name: '20000x1 mixed', make: () => t([20000, 1], 4, 'mixed') },
  { name: '5000x5 special', make: () => t([5000, 5], 5, 'special') },
  { name: '7x50x60 normal', make: () => t([7, 50, 60], 6, 'normal') },
  { name: 'transpose 100x200', make: () => transpose(t([100, 200], 7, 'special'), 0, 1) },
  { name: 'narrow 300x120 → 300x77', make: () => narrow(t([300, 120], 8, 'normal'), 1, 13, 77) },
  { name: 'float64 200x100', make: () => t([200, 100], 9, 'special', 'float64') },
  { name: 'float64 4000x9', make: () => t([4000, 9], 10, 'normal', 'float64') }
];

function opsOf(x: Tensor): [string, () => Tensor][] {
  const list: [string, () => Tensor][] = [];
  const dims: (number | number[] | undefined)[] = [undefined, -1, 0];
  if (x.ndim === 3) {
    dims.push(1, [1, 2]);
  }
  for (const dim of dims) {
    for (const keepdim of [false, true]) {
      const tag = `dim=${JSON.stringify(dim)} keep=${keepdim}`;
      list.push([`sum ${tag}`, () => sum(x, { dim, keepdim })]);
      list.push([`mean ${tag}`, () => mean(x, { dim, keepdim })]);
      list.push([`amax ${tag}`, () => amax(x, { dim, keepdim })]);
      list.push([`amin ${tag}`, () => amin(x, { dim, keepdim })]);
      if (typeof dim === 'number') {
        list.push([`max.values ${tag}`, () => max(x, dim, keepdim).values]);
        list.push([`max.indices ${tag}`, () => max(x, dim, keepdim).indices]);
        list.push([`min.indices ${tag}`, () => min(x, dim, keepdim).indices]);
        list.push([`argmax ${tag}`, () => argmax(x, { dim, keepdim })]);
        list.push([`argmin ${tag}`, () => argmin(x, { dim, keepdim })]);
      }
    }
  }
  list.push(['max()', () => max(x)]);
  list.push(['min()', () => min(x)]);
  list.push(['argmax()', () => argmax(x)]);
  list.push(['argmin(keepdim)', () => argmin(x, { keepdim: true })]);
  return list;
}

describe('public reductions under each wasm variant equal the JS variant', () => {
  test.each(CASES.map(c => [c.name, c] as [string, Case]))('%s', (_, c) => {
    const x = c.make();
    expect(x.numel).toBeGreaterThanOrEqual(16384); // above the fast-path threshold
    for (const [name, f] of opsOf(x)) {
      useKernelVariant('js');
      const want = f();
      for (const variant of variants) {
        expect(useKernelVariant(variant)).toBe(variant);
        const got = f();
        expect([variant, name, got.shape, got.dtype]).toEqual([
          variant,
          name,
          want.shape,
          want.dtype
        ]);
        expect([variant, name, sameBits(got.storage, want.storage)]).toEqual([variant, name, null]);
      }
    }
  });
});
