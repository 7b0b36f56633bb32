/**
 * Seeded random numbers following PyTorch's CPU generator: a 32-bit mt19937
 * seeded with the low 32 bits of the seed (default seed 67280421310721), and
 * the same draw-to-value transforms as PyTorch's CPU kernels, so streams match
 * torch for rand/randn/randint/randperm (randn can differ in the last float32
 * bit where PyTorch uses SIMD sin/cos/log).
 */
import { log256, sincos256 } from './kernels/avx_mathfun';
import { DType, isFloating, scalarTypeName } from './dtype';
import { Tensor, allocStorage, contiguousStrides, numelOf } from './tensor';
import { runtimeError, TorchError } from './errors';
import { checkDeadline, tickDeadline } from './deadline';
import { checkSize, CreateOptions } from './creation';
import { castFn } from './convert';

const N = 624;
const M = 397;
const DEFAULT_SEED = 67280421310721;
const TWO_PI_F32 = Math.fround(2 * Math.PI);

/**
 * torch.Generator: mt19937 state plus the cached second Box-Muller sample.
 * (Importing it shadows TypeScript's built-in `Generator` type in that file.)
 */
export class Generator {
  private mt = new Uint32Array(N);
  private mti = N;
  private seed_ = DEFAULT_SEED;
  /** Second value of the last double Box-Muller pair (PyTorch caches it). */
  nextDoubleNormal: number | null = null;

  constructor(seed: number = DEFAULT_SEED) {
    this.manualSeed(seed);
  }

  manualSeed(seed: number): this {
    this.seed_ = seed;
    // Low 32 bits of a (possibly negative, as uint64) seed.
    const lo = Number(BigInt.asUintN(32, BigInt(Math.trunc(seed))));
    const mt = this.mt;
    mt[0] = lo;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.mti = N;
    this.nextDoubleNormal = null;
    return this;
  }

  initialSeed(): number {
    return this.seed_;
  }

  /** Next 32-bit output (unsigned). */
  random(): number {
    const mt = this.mt;
    if (this.mti >= N) {
      // every draw comes through here: one deadline tick per block of N (before the state changes)
      tickDeadline(N);
      let k = 0;
      for (; k < N - M; k++) {
        const y = (mt[k] & 0x80000000) | (mt[k + 1] & 0x7fffffff);
        mt[k] = mt[k + M] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      for (; k < N - 1; k++) {
        const y = (mt[k] & 0x80000000) | (mt[k + 1] & 0x7fffffff);
        mt[k] = mt[k + (M - N)] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      const y = (mt[N - 1] & 0x80000000) | (mt[0] & 0x7fffffff);
      mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      this.mti = 0;
    }
    let y = mt[this.mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Uniform float in [0, 1) from 24 random bits (PyTorch's float path). */
  uniformFloat(): number {
    return (this.random() & 0xffffff) * 5.9604644775390625e-8;
  }

  /** Uniform double in [0, 1) from 53 bits of two draws (first draw is the high word). */
  uniformDouble(): number {
    const hi = this.random();
    const lo = this.random();
    return ((hi & 0x1fffff) * 4294967296 + lo) * 1.1102230246251565e-16;
  }

  /** One double normal sample via Box-Muller, caching the sine half as PyTorch does. */
  normalDouble(mean: number, std: number): number {
    if (this.nextDoubleNormal !== null) {
      const v = this.nextDoubleNormal;
      this.nextDoubleNormal = null;
      return v * std + mean;
    }
    const u1 = this.uniformDouble();
    const u2 = this.uniformDouble();
    const r = Math.sqrt(-2 * Math.log1p(-u2));
    const theta = 2 * Math.PI * u1;
    this.nextDoubleNormal = r * Math.sin(theta);
    return r * Math.cos(theta) * std + mean;
  }
}

/** The default generator (torch.default_generator). */
export const defaultGenerator = new Generator();

/** `torch.manual_seed(n)`. */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(seed);
}

/** `torch.initial_seed()`. */
export const initialSeed = (): number => defaultGenerator.initialSeed();

export interface RandomOptions extends CreateOptions {
  generator?: Generator;
}

function newTensor(shape: readonly number[], dtype: DType, requiresGrad?: boolean): Tensor {
  const s = checkSize(shape);
  return new Tensor(
    allocStorage(dtype, numelOf(s)),
    s,
    contiguousStrides(s),
    0,
    dtype,
    !!requiresGrad
  );
}

/**
 * Storage positions of t in the order PyTorch's TensorIterator fills them
 * (memory order: dims sorted by decreasing stride), or null when contiguous.
 */
function positions(t: Tensor): Iterable<number> | null {
  if (t.isContiguous()) {
    return null;
  }
  const order = [...t.shape.keys()].sort((a, b) => t.strides[b] - t.strides[a] || a - b);
  const p = new Tensor(
    t.storage,
    order.map(d => t.shape[d]),
    order.map(d => t.strides[d]),
    t.offset,
    t.dtype
  );
  return p.indices();
}

/** Fill `t` in storage order (the order PyTorch draws in) with successive draws. */
function fillDrawn(t: Tensor, draw: () => number): Tensor {
  const s = t.storage;
  const pos = positions(t);
  if (!pos) {
    for (let i = 0, n = t.numel; i < n; i++) {
      s[t.offset + i] = draw();
    }
  } else {
    for (const p of pos) {
      s[p] = draw();
    }
  }
  return t;
}

function requireFloat(t: Tensor, op: string): void {
  if (!isFloating(t.dtype)) {
    throw new TorchError(
      'NotImplementedError',
      `"${op}" not implemented for '${scalarTypeName(t.dtype)}'`
    );
  }
}

/** `t.uniform_(from=0, to=1)` in place. */
export function uniform_(t: Tensor, from = 0, to = 1, gen: Generator = defaultGenerator): Tensor {
  requireFloat(t, 'check_uniform_bounds');
  if (from > to) {
    throw runtimeError(
      `uniform_ expects to return a [from, to) range, but found from=${from} > to=${to}`
    );
  }
  const dbl = t.dtype === 'float64';
  // from/to are first cast to the tensor dtype; x * (to - from) + from is computed in double.
  const lo = dbl ? from : Math.fround(from);
  const span = (dbl ? to : Math.fround(to)) - lo;
  const cast = castFn('float64', t.dtype);
  const draw = (): number => {
    const v = (dbl ? gen.uniformDouble() : gen.uniformFloat()) * span + lo;
    return cast ? cast(v) : v;
  };
  return fillDrawn(t, draw);
}

/**
 * `t.normal_(mean=0, std=1)` in place. Like PyTorch: contiguous tensors of 16+
 * elements fill with uniforms then transform blocks of 16 (Box-Muller pairs
 * j, j+8); smaller or strided tensors draw doubles one at a time.
 */
export function normal_(t: Tensor, mean = 0, std = 1, gen: Generator = defaultGenerator): Tensor {
  requireFloat(t, 'normal_kernel_cpu');
  if (std < 0) {
    throw runtimeError(`normal expects std >= 0.0, but found std ${std}`);
  }
  const n = t.numel;
  const s = t.storage;
  const cast = castFn('float64', t.dtype);
  if (n >= 16 && t.isContiguous()) {
    const f32 = t.dtype !== 'float64';
    const base = t.offset;
    const uni = (): number => (f32 ? gen.uniformFloat() : gen.uniformDouble());
    for (let i = 0; i < n; i++) {
      s[base + i] = uni();
    }
    const fill16 = (o: number): void => {
      for (let j = 0; j < 8; j++) {
        if (f32) {
          const u1 = Math.fround(1 - s[o + j]);
          const u2 = s[o + j + 8];
          // PyTorch's AVX2 path: float math with avx_mathfun's log256_ps / sincos256_ps
          const radius = Math.fround(Math.sqrt(Math.fround(-2 * log256(u1))));
          const theta = Math.fround(TWO_PI_F32 * u2);
          const [sin, cos] = sincos256(theta);
          const a = Math.fround(radius * cos) * std + mean;
          const b = Math.fround(radius * sin) * std + mean;
          s[o + j] = cast ? cast(a) : a;
          s[o + j + 8] = cast ? cast(b) : b;
        } else {
          const u1 = 1 - s[o + j];
          const u2 = s[o + j + 8];
          const radius = Math.sqrt(-2 * Math.log(u1));
          const theta = 2 * Math.PI * u2;
          s[o + j] = radius * Math.cos(theta) * std + mean;
          s[o + j + 8] = radius * Math.sin(theta) * std + mean;
        }
      }
    };
    for (let i = 0; i + 16 <= n; i += 16) {
      fill16(base + i);
      if ((i & 0xffff) === 0) {
        checkDeadline();
      }
    }
    if (n % 16 !== 0) {
      // PyTorch redraws the last 16 values and transforms them again.
      const o = base + n - 16;
      for (let i = 0; i < 16; i++) {
        s[o + i] = uni();
      }
      fill16(o);
    }
    return t;
  }
  const draw = (): number => {
    const v = gen.normalDouble(mean, std);
    return cast ? cast(v) : v;
  };
  return fillDrawn(t, draw);
}

/** `t.exponential_(lambd=1)` in place: -log1p(-u) / lambd with a 53-bit uniform u, as PyTorch CPU. */
export function exponential_(t: Tensor, lambd = 1, gen: Generator = defaultGenerator): Tensor {
  if (!isFloating(t.dtype)) {
    throw runtimeError(
      'Exponential distribution is a continuous probability distribution. dtype must be a floating point ' +
        `but you specified ${scalarTypeName(t.dtype)}`
    );
  }
  if (!(lambd > 0)) {
    throw runtimeError(`exponential_ expects lambda > 0.0, but found lambda=${lambd}`);
  }
  const cast = castFn('float64', t.dtype);
  const draw = (): number => {
    const v = (-1 / lambd) * Math.log1p(-gen.uniformDouble());
    return cast ? cast(v) : v;
  };
  return fillDrawn(t, draw);
}

/** `t.random_(from, to)` in place: integers uniform in [from, to). */
export function randomFromTo_(
  t: Tensor,
  from: number,
  to: number,
  gen: Generator = defaultGenerator
): Tensor {
  if (from >= to) {
    throw runtimeError(
      `random_ expects 'from' to be less than 'to', but got from=${from} >= to=${to}`
    );
  }
  const range = to - from;
  const big = range >= 4294967296;
  const cast = castFn('float64', t.dtype);
  const draw = (): number => {
    let v: number;
    if (big) {
      // 64-bit draw modulo range, done in BigInt (rare: ranges of 2**32 or more).
      const hi = BigInt(gen.random());
      const lo = BigInt(gen.random());
      v = Number(((hi << 32n) | lo) % BigInt(range)) + from;
    } else {
      v = (gen.random() % range) + from;
    }
    return cast ? cast(v) : v;
  };
  return fillDrawn(t, draw);
}

/** `torch.rand(*size)`. */
export function rand(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  const t = newTensor(shape, opts.dtype ?? 'float32');
  uniform_(t, 0, 1, opts.generator);
  t.requiresGrad = !!opts.requiresGrad;
  return t;
}

/** `torch.randn(*size)`. */
export function randn(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  const t = newTensor(shape, opts.dtype ?? 'float32');
  normal_(t, 0, 1, opts.generator);
  t.requiresGrad = !!opts.requiresGrad;
  return t;
}

/** `torch.randint(low=0, high, size)`: int64 by default. */
export function randint(
  low: number,
  high: number,
  shape: readonly number[],
  opts: RandomOptions = {}
): Tensor {
  const t = newTensor(shape, opts.dtype ?? 'int64');
  return randomFromTo_(t, low, high, opts.generator);
}

export const randLike = (t: Tensor, opts: RandomOptions = {}): Tensor =>
  rand(t.shape, { dtype: t.dtype, ...opts });
export const randnLike = (t: Tensor, opts: RandomOptions = {}): Tensor =>
  randn(t.shape, { dtype: t.dtype, ...opts });
export const randintLike = (
  t: Tensor,
  low: number,
  high: number,
  opts: RandomOptions = {}
): Tensor => randint(low, high, t.shape, { dtype: t.dtype, ...opts });

/** `torch.normal(mean, std, size)` with float mean/std. */
export function normal(
  mean: number,
  std: number,
  shape: readonly number[],
  opts: RandomOptions = {}
): Tensor {
  const t = newTensor(shape, opts.dtype ?? 'float32');
  return normal_(t, mean, std, opts.generator);
}

/** `torch.randperm(n)`: a Fisher-Yates shuffle drawing like PyTorch's CPU kernel. */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  const t = newTensor([n], opts.dtype ?? 'int64');
  const gen = opts.generator ?? defaultGenerator;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    r[i] = i;
  }
  for (let i = 0; i < n - 1; i++) {
    const z = gen.random() % (n - i);
    const sav = r[i];
    r[i] = r[z + i];
    r[z + i] = sav;
  }
  const cast = castFn('int64', t.dtype);
  for (let i = 0; i < n; i++) {
    t.storage[i] = cast ? cast(r[i]) : r[i];
  }
  return t;
}

/** `torch.bernoulli(p)`: 1 with probability p per element (same dtype as p). */
export function bernoulli(p: Tensor, opts: RandomOptions = {}): Tensor {
  requireFloat(p, 'bernoulli_tensor_cpu_p_');
  const gen = opts.generator ?? defaultGenerator;
  const probs = p.toFlat();
  const out = newTensor(p.shape, p.dtype);
  for (let i = 0; i < probs.length; i++) {
    const q = probs[i];
    if (!(q >= 0 && q <= 1)) {
      throw runtimeError(
        'Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  ' +
          'If so, please report an enhancement request to PyTorch.)'
      );
    }
    out.storage[i] = gen.uniformFloat() < q ? 1 : 0;
  }
  return out;
}

/**
 * `torch.multinomial(probs, num_samples, replacement=False)`, row-wise, as
 * PyTorch's CPU kernel draws: without replacement (or for one sample) it takes
 * the top-k of probs / Exp(1) noise; with replacement it binary-searches the
 * normalised float cumulative distribution with one double uniform per sample.
 */
export function multinomial(
  probs: Tensor,
  numSamples: number,
  replacement = false,
  opts: RandomOptions = {}
): Tensor {
  const gen = opts.generator ?? defaultGenerator;
  if (!isFloating(probs.dtype)) {
    throw runtimeError(
      `multinomial only supports floating-point dtypes for input, got: ${scalarTypeName(probs.dtype)}`
    );
  }
  if (probs.ndim < 1 || probs.ndim > 2) {
    throw runtimeError('prob_dist must be 1 or 2 dim');
  }
  const k = probs.shape[probs.ndim - 1];
  if (numSamples <= 0) {
    throw runtimeError('cannot sample n_sample <= 0 samples');
  }
  if (!replacement && numSamples > k) {
    throw runtimeError('cannot sample n_sample > prob_dist.size(-1) samples without replacement');
  }
  const rows = probs.ndim === 1 ? 1 : probs.shape[0];
  const flat = probs.toFlat();
  const f32 = probs.dtype !== 'float64';
  const rnd = f32 ? Math.fround : (v: number) => v;
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i];
    if (!(v >= 0) || v === Infinity) {
      throw runtimeError('probability tensor contains either `inf`, `nan` or element < 0');
    }
  }
  for (let r = 0; r < rows; r++) {
    let total = 0;
    let positive = 0;
    for (let j = 0; j < k; j++) {
      total += flat[r * k + j];
      if (flat[r * k + j] > 0) {
        positive++;
      }
    }
    if (!(total > 0)) {
      throw runtimeError('invalid multinomial distribution (sum of probabilities <= 0)');
    }
    if (!replacement && positive < numSamples) {
      throw runtimeError(
        'invalid multinomial distribution (with replacement=False, not enough non-negative category to sample)'
      );
    }
  }
  const out = newTensor(probs.ndim === 1 ? [numSamples] : [rows, numSamples], 'int64');
  const o = out.storage;
  if (!replacement || numSamples === 1) {
    // Exponential noise for the whole tensor first (row-major), then top-k per row.
    const q = new Float64Array(flat.length);
    for (let i = 0; i < q.length; i++) {
      q[i] = rnd(-Math.log1p(-gen.uniformDouble()));
    }
    for (let i = 0; i < q.length; i++) {
      q[i] = rnd(flat[i] / q[i]);
    }
    const idx = new Array<number>(k);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < k; j++) {
        idx[j] = j;
      }
      const base = r * k;
      idx.sort((a, b) => q[base + b] - q[base + a] || a - b);
      for (let s = 0; s < numSamples; s++) {
        o[r * numSamples + s] = idx[s];
      }
    }
    return out;
  }
  const cum = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < k; j++) {
      cum[j] = sum = rnd(sum + flat[r * k + j]);
    }
    for (let j = 0; j < k; j++) {
      cum[j] = rnd(cum[j] / sum);
    }
    cum[k - 1] = 1;
    for (let s = 0; s < numSamples; s++) {
      const u = gen.uniformDouble();
      let left = 0;
      let right = k;
      while (right - left > 0) {
        const mid = left + ((right - left) >> 1);
        if (cum[mid] < u) {
          left = mid + 1;
        } else {
          right = mid;
        }
      }
      o[r * numSamples + s] = left;
    }
  }
  return out;
}
