/**
 * The softmax-family fast kernels (src/engine/wasm): every variant this Node can run
 * (relaxed-SIMD FMA, SIMD128, JS fallback) against a float64 reference.
 */
import * as v8 from 'v8';
// Node 20 gates relaxed SIMD behind a flag; turn it on before any module is compiled
// so the FMA build is tested too (the loader itself never touches V8 flags).
v8.setFlagsFromString('--experimental-wasm-relaxed-simd');

import {
  KernelVariant,
  kernelVariant,
  binaryF32,
  expF32,
  loadWasmKernels,
  logsumexpF32,
  preferFastKernels,
  softmaxF32,
  useKernelVariant
} from '../../src/engine/wasm';
import { expNeg } from '../../src/engine/wasm/fallback';
import { fastBinary, fastExp, fastLogsumexp, fastSoftmax } from '../../src/engine/wasm/ops';
import { Tensor } from '../../src/engine/tensor';
import { mulberry32 as rng } from './helpers';


function normals(n: number, seed: number, scale = 4): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = Math.max(r(), 1e-300);
    out[i] = scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
  }
  return out;
}

type Mode = 'softmax' | 'log_softmax' | 'logsumexp';

/** float64 reference with torch's special-value semantics. */
function reference(
  x: Float32Array,
  outer: number,
  D: number,
  inner: number,
  invT: number,
  mode: Mode
): Float64Array {
  const out = new Float64Array(mode === 'logsumexp' ? outer * inner : outer * D * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const at = (k: number) => o * D * inner + k * inner + j;
      const v = (k: number) => x[at(k)] * invT;
      let m = -Infinity;
      let nan = false;
      for (let k = 0; k < D; k++) {
        if (Number.isNaN(v(k))) {
          nan = true;
        } else if (v(k) > m) {
          m = v(k);
        }
      }
      if (mode === 'logsumexp') {
        const mm = Math.abs(m) === Infinity ? 0 : m;
        let s = 0;
        for (let k = 0; k < D; k++) {
          s += Math.exp(v(k) - mm);
        }
        out[o * inner + j] = nan ? NaN : Math.log(s) + mm;
        continue;
      }
      let s = 0;
      for (let k = 0; k < D; k++) {
        s += Math.exp(v(k) - m);
      }
      for (let k = 0; k < D; k++) {
        const d = v(k) - m;
        out[at(k)] = nan ? NaN : mode === 'softmax' ? Math.exp(d) / s : d - Math.log(s);
      }
    }
  }
  return out;
}

/** torch.testing.assert_close float32 defaults: |a − b| ≤ 1e-5 + 1.3e-6·|b|, NaN == NaN. */
function expectClose(got: Float32Array, want: Float64Array, what: string): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const a = got[i];
    const b = want[i];
    const ok = Number.isNaN(b)
      ? Number.isNaN(a)
      : a === b || Math.abs(a - b) <= 1e-5 + 1.3e-6 * Math.abs(b);
    if (!ok) {
      throw new Error(`${what}: element ${i}: got ${a}, want ${b}`);
    }
  }
}

function run(
  mode: Mode,
  x: Float32Array,
  outer: number,
  D: number,
  inner: number,
  invT = 1,
  inPlace = false
): Float32Array {
  const n = mode === 'logsumexp' ? outer * inner : outer * D * inner;
  const dst = inPlace ? x : new Float32Array(n);
  const ok =
    mode === 'logsumexp'
      ? logsumexpF32(x, dst, outer, D, inner)
      : softmaxF32(x, dst, outer, D, inner, invT, mode === 'log_softmax');
  expect(ok).toBe(true);
  return dst;
}

const variants: KernelVariant[] = (['relaxed', 'simd128', 'js'] as KernelVariant[]).filter(
  v => v === 'js' || loadWasmKernels(v) !== null
);

afterAll(() => {
  useKernelVariant('auto');
});

test('SIMD128 and the JS fallback are available in Node', () => {
  expect(variants).toContain('simd128');
  expect(variants).toContain('js');
});

test('auto picks the best available variant', () => {
  expect(useKernelVariant('auto')).toBe(variants[0]);
  expect(kernelVariant()).toBe(variants[0]);
});

test('routing policy keeps small tensors and short rows on the exact path', () => {
  expect(preferFastKernels(1000, 1000)).toBe(false);
  expect(preferFastKernels(1 << 20, 10)).toBe(false);
  expect(preferFastKernels(1 << 20, 100)).toBe(true);
});

test('the table exp is accurate', () => {
  let worst = 0;
  for (let d = -100; d <= 0; d += 0.001) {
    worst = Math.max(worst, Math.abs(expNeg(d) / Math.exp(d) - 1));
  }
  expect(worst).toBeLessThan(1e-10);
  expect(expNeg(-Infinity)).toBeLessThan(1e-44);
  expect(Math.fround(expNeg(-Infinity))).toBe(0);
  expect(expNeg(NaN)).toBeNaN();
});

describe.each(variants)('%s kernels', variant => {
  beforeAll(() => {
    expect(useKernelVariant(variant)).toBe(variant);
  });

  const dims = [1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 63, 64, 65, 100, 257, 1000];
  const inners = [1, 2, 3, 4, 5, 7, 33];
  const modes: Mode[] = ['softmax', 'log_softmax', 'logsumexp'];

  test('random shapes, every dim size, tails, all three ops', () => {
    const r = rng(7);
    let seed = 1;
    for (const D of dims) {
      for (const inner of inners) {
        const outer = 1 + Math.floor(r() * 4);
        const x = normals(outer * D * inner, seed++);
        for (const mode of modes) {
          expectClose(
            run(mode, x, outer, D, inner),
            reference(x, outer, D, inner, 1, mode),
            `${mode} [${outer},${D},${inner}]`
          );
        }
      }
    }
  });

  test('temperature is folded into the exp (softmax(x / T), log_softmax(x / T))', () => {
    for (const T of [0.05, 0.7, 1.5, 10]) {
      for (const [outer, D, inner] of [
        [3, 101, 1],
        [2, 37, 5],
        [5, 3, 1],
        [1, 16, 40]
      ]) {
        const x = normals(outer * D * inner, 100 + D);
        for (const mode of ['softmax', 'log_softmax'] as Mode[]) {
          expectClose(
            run(mode, x, outer, D, inner, 1 / T),
            reference(x, outer, D, inner, 1 / T, mode),
            `${mode} T=${T}`
          );
        }
      }
    }
  });

  test('in place (dst === src), incl. tails and columns', () => {
    for (const [outer, D, inner] of [
      [4, 1003, 1],
      [3, 6, 1],
      [2, 2, 1],
      [3, 9, 6],
      [1, 20, 1030]
    ]) {
      for (const mode of ['softmax', 'log_softmax'] as Mode[]) {
        const x = normals(outer * D * inner, D + inner);
        const want = reference(x, outer, D, inner, 1, mode);
        expectClose(
          run(mode, x, outer, D, inner, 1, true),
          want,
          `in-place ${mode} [${outer},${D},${inner}]`
        );
      }
    }
  });

  test('large inputs: block copies, big slabs, column blocks wider than one chunk', () => {
    for (const [outer, D, inner] of [
      [200, 129, 1],
      [1, 40000, 1],
      [2, 100, 200],
      [1, 10, 3000],
      [1, 3000, 7]
    ]) {
      const x = normals(outer * D * inner, outer + D + inner);
      for (const mode of modes) {
        expectClose(
          run(mode, x, outer, D, inner),
          reference(x, outer, D, inner, 1, mode),
          `${mode} [${outer},${D},${inner}]`
        );
      }
    }
  });

  test('special values: +inf / all −inf / NaN rows become NaN; one −inf gives 0', () => {
    for (const D of [2, 3, 11, 64, 70]) {
      for (const inner of [1, 5]) {
        const outer = 6;
        const x = normals(outer * D * inner, D * 31 + inner);
        const set = (o: number, k: number, v: number) => {
          for (let j = 0; j < inner; j++) {
            x[o * D * inner + k * inner + j] = v;
          }
        };
        set(0, D - 1, Infinity); // +inf → NaN row (logsumexp: +inf)
        for (let k = 0; k < D; k++) {
          set(1, k, -Infinity);
        } // all −inf → NaN (logsumexp: −inf)
        set(2, 0, NaN); // NaN → NaN row
        set(3, D >> 1, -Infinity); // exactly 0 there
        set(4, 0, Infinity);
        set(4, D - 1, NaN); // +inf and NaN: logsumexp NaN
        for (let k = 0; k < D; k++) {
          set(5, k, k % 2 ? 1e4 : -1e4);
        } // huge logits, no overflow
        for (const mode of modes) {
          const got = run(mode, x, outer, D, inner);
          const want = reference(x, outer, D, inner, 1, mode);
          expectClose(got, want, `special ${mode} D=${D} inner=${inner}`);
          if (mode === 'softmax') {
            expect(Array.from(got.subarray(0, D * inner)).every(Number.isNaN)).toBe(true);
            expect(Array.from(got.subarray(D * inner, 2 * D * inner)).every(Number.isNaN)).toBe(
              true
            );
            expect(got[3 * D * inner + (D >> 1) * inner]).toBe(0);
          }
          if (mode === 'logsumexp') {
            expect(got[0]).toBe(Infinity);
            expect(got[inner]).toBe(-Infinity);
            expect(got[4 * inner]).toBeNaN();
          }
        }
      }
    }
  });

  test('|Σp − 1| ≤ 1e-6 on a 10^6-element row and down a 10^5-row column', () => {
    const n = 1_000_000;
    const x = normals(n, 99, 2);
    const p = run('softmax', x, 1, n, 1);
    let s = 0;
    for (let i = 0; i < n; i++) {
      s += p[i];
    }
    expect(Math.abs(s - 1)).toBeLessThanOrEqual(1e-6);
    const xs = normals(100_000 * 2, 98, 2);
    const q = run('softmax', xs, 1, 100_000, 2);
    for (let j = 0; j < 2; j++) {
      let c = 0;
      for (let k = 0; k < 100_000; k++) {
        c += q[k * 2 + j];
      }
      expect(Math.abs(c - 1)).toBeLessThanOrEqual(1e-6);
    }
  });

  test('unhandled calls return false and write nothing', () => {
    const x = normals(12, 3);
    const y = new Float32Array(12);
    expect(softmaxF32(x, y, 3, 4, 1, 0)).toBe(false);
    expect(softmaxF32(x, y, 3, 4, 1, -1)).toBe(false);
    expect(softmaxF32(x, y, 3, 4, 1, Infinity)).toBe(false);
    expect(softmaxF32(x, y, 0, 4, 1)).toBe(false);
    expect(softmaxF32(x, y, 4, 4, 1)).toBe(false); // src too short
    expect(logsumexpF32(x, new Float32Array(2), 3, 4, 1)).toBe(false); // dst too short
    expect(Array.from(y).every(v => v === 0)).toBe(true);
  });
});

describe.each(variants.filter(v => v !== 'js'))('%s elementwise kernels', variant => {
  beforeAll(() => {
    expect(useKernelVariant(variant)).toBe(variant);
  });

  test('add/sub/mul/div are bit-identical to float32 scalar math (incl. tails, specials)', () => {
    for (const n of [1, 3, 4, 7, 1000, 40003]) {
      const a = normals(n, n);
      const b = normals(n, n + 1);
      if (n > 8) {
        a[0] = Infinity;
        b[1] = 0;
        a[2] = NaN;
        b[3] = -Infinity;
        a[4] = 0;
        b[4] = 0;
      }
      for (const op of ['add', 'sub', 'mul', 'div'] as const) {
        const out = new Float32Array(n);
        expect(binaryF32(op, a, b, out, n)).toBe(true);
        for (let i = 0; i < n; i++) {
          const want = Math.fround(
            op === 'add'
              ? a[i] + b[i]
              : op === 'sub'
                ? a[i] - b[i]
                : op === 'mul'
                  ? a[i] * b[i]
                  : a[i] / b[i]
          );
          if (!Object.is(out[i], want)) {
            throw new Error(`${op} n=${n} i=${i}: ${out[i]} vs ${want}`);
          }
        }
      }
    }
  });

  test('exp over the whole float32 range: ≤ 2 ulp, overflow to inf, underflow to 0, NaN', () => {
    const xs: number[] = [
      0,
      -0,
      1,
      -1,
      88.72,
      88.7228,
      88.8,
      89,
      1000,
      Infinity,
      -Infinity,
      NaN,
      -87.3,
      -87.34,
      -88,
      -104,
      -1e30,
      1e-30
    ];
    for (let v = -87; v <= 88.7; v += 0.0137) {
      xs.push(v);
    }
    const x = Float32Array.from(xs);
    const out = new Float32Array(x.length);
    expect(expF32(x, out, x.length)).toBe(true);
    for (let i = 0; i < x.length; i++) {
      const want = Math.fround(Math.exp(x[i]));
      const got = out[i];
      if (Number.isNaN(want)) {
        expect(got).toBeNaN();
      } else if (want === Infinity || want === 0) {
        expect(got).toBe(want);
      } else if (want < 1.2e-38) {
        expect(got).toBeLessThan(1.2e-38);
      } // denormals flush
      else {
        const ulp = Math.abs(want) * 2 ** -23;
        if (Math.abs(got - want) > 2 * ulp) {
          throw new Error(`exp(${x[i]}) = ${got}, want ${want}`);
        }
      }
    }
  });
});

describe('Tensor-level entry points (wasm/ops.ts)', () => {
  afterAll(() => {
    useKernelVariant('auto');
  });

  test('policy: small, short-row, non-float32 and 0-d inputs are left to the caller', () => {
    const small = Tensor.fromStorage(normals(1000, 1), [10, 100], 'float32');
    expect(fastSoftmax(small, 1)).toBeNull();
    const shortRows = Tensor.fromStorage(normals(64 * 1000, 2), [1000, 64], 'float32');
    expect(fastSoftmax(shortRows, 1)).toBeNull();
    expect(fastSoftmax(shortRows, 0)).not.toBeNull(); // dim 0 has 1000 entries
    const f64 = Tensor.fromStorage(Float64Array.from(normals(200 * 100, 3)), [200, 100], 'float64');
    expect(fastSoftmax(f64, 1)).toBeNull();
    expect(fastLogsumexp(f64, 1, false)).toBeNull();
    expect(fastSoftmax(Tensor.scalar(1), 0, { force: true })).toBeNull();
  });

  test.each(variants)('%s: any dim of a 3-d tensor, non-contiguous input, T, keepdim', variant => {
    useKernelVariant(variant);
    const shape = [6, 70, 50];
    const x = normals(6 * 70 * 50, 11);
    const t = Tensor.fromStorage(x, shape, 'float32');
    for (const dim of [0, 1, 2]) {
      const [outer, D, inner] = [
        shape.slice(0, dim).reduce((a, b) => a * b, 1),
        shape[dim],
        shape.slice(dim + 1).reduce((a, b) => a * b, 1)
      ];
      const p = fastSoftmax(t, dim, { invT: 1 / 0.7, force: true });
      expect(p).not.toBeNull();
      expect(p!.shape).toEqual(shape);
      expectClose(
        p!.storage as Float32Array,
        reference(x, outer, D, inner, 1 / 0.7, 'softmax'),
        `softmax dim ${dim}`
      );
      const l = fastSoftmax(t, dim, { log: true, force: true });
      expectClose(
        l!.storage as Float32Array,
        reference(x, outer, D, inner, 1, 'log_softmax'),
        `log_softmax dim ${dim}`
      );
      for (const keepdim of [false, true]) {
        const s = fastLogsumexp(t, dim, keepdim, true);
        expect(s!.shape).toEqual(
          keepdim ? shape.map((v, k) => (k === dim ? 1 : v)) : shape.filter((_, k) => k !== dim)
        );
        expectClose(
          s!.storage as Float32Array,
          reference(x, outer, D, inner, 1, 'logsumexp'),
          `logsumexp dim ${dim}`
        );
      }
    }
    // A transposed (non-contiguous) view: softmax over its dim 1 = original dim 0.
    const m = Tensor.fromStorage(normals(300 * 200, 12), [300, 200], 'float32');
    const mt = new Tensor(m.storage, [200, 300], [1, 200], 0, 'float32');
    const pt = fastSoftmax(mt, 1, { force: true })!;
    const want = reference(mt.contiguous().storage as Float32Array, 200, 300, 1, 1, 'softmax');
    expectClose(pt.storage as Float32Array, want, 'transposed view');
  });

  test('fastBinary / fastExp: same-shape float32 only; results match', () => {
    useKernelVariant('auto');
    const a = Tensor.fromStorage(normals(20000, 5), [200, 100], 'float32');
    const b = Tensor.fromStorage(normals(20000, 6), [200, 100], 'float32');
    const c = Tensor.fromStorage(normals(200, 7), [200, 1], 'float32');
    expect(fastBinary('add', a, c)).toBeNull(); // broadcasting is the caller's job
    const s = fastBinary('mul', a, b)!;
    for (let i = 0; i < 20000; i++) {
      expect(s.storage[i]).toBe(Math.fround(a.storage[i] * b.storage[i]));
    }
    const e = fastExp(a)!;
    for (let i = 0; i < 20000; i += 97) {
      expect(Math.abs(e.storage[i] / Math.exp(a.storage[i]) - 1)).toBeLessThan(3e-7);
    }
    useKernelVariant('js');
    expect(fastBinary('mul', a, b)).toBeNull(); // no wasm: the caller's loop runs
    useKernelVariant('auto');
  });
});
