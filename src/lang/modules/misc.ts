/**
 * Small standard modules: time (sleep yields to the host instead of
 * blocking), random (seeded Mersenne Twister, same streams as CPython for
 * random()/seed(int)), typing/warnings stubs and sys.
 */
import {
  registerModule, makeModule, fn, genFn, rawFn, pyErr, toBigInt, toNumber, PyValue, PyList, PyTuple, toArray, typeOf, T,
  PyClass, ModuleContext, PyDict, PyInstance
} from '../native';
import { len, getitem, str } from '../ops';
import { now, rt } from '../runtime';
import { syncHooks } from '../ops';

// ---------------------------------------------------------------- time

registerModule('time', () =>
  makeModule('time', {
    time: fn('time', '', () => Date.now() / 1000),
    perf_counter: fn('perf_counter', '', () => now() / 1000),
    monotonic: fn('monotonic', '', () => now() / 1000),
    process_time: fn('process_time', '', () => now() / 1000),
    perf_counter_ns: fn('perf_counter_ns', '', () => BigInt(Math.round(now() * 1e6))),
    time_ns: fn('time_ns', '', () => BigInt(Date.now()) * 1000000n),
    sleep: genFn('sleep', 'secs', function* (secs) {
      const s = toNumber(secs);
      if (s < 0) throw pyErr('ValueError', 'sleep length must be non-negative');
      // Sleep in short chunks so interrupts and the time limit are honoured.
      const end = now() + s * 1000;
      if (rt().sync) {
        while (now() < end) syncHooks.tick(); // synchronous driver: cannot await
        return null;
      }
      while (now() < end) {
        const ms = Math.min(50, end - now());
        yield new Promise<void>(r => setTimeout(r, Math.max(0, ms)));
      }
      return null;
    }, { doc: 'Delay execution for a given number of seconds.' })
  })
);

// ---------------------------------------------------------------- random (MT19937, as CPython)

class MT {
  private mt = new Uint32Array(624);
  private idx = 625;
  gaussNext: number | null = null;
  constructor(seed: bigint) {
    this.seedBig(seed);
  }
  private initGenrand(s: number): void {
    this.mt[0] = s >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = this.mt[i - 1] ^ (this.mt[i - 1] >>> 30);
      this.mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.idx = 624;
  }
  /** init_by_array with the 32-bit words of |seed| (CPython's seed(int)). */
  seedBig(seed: bigint): void {
    let n = seed < 0n ? -seed : seed;
    const key: number[] = [];
    while (n > 0n) {
      key.push(Number(n & 0xffffffffn));
      n >>= 32n;
    }
    if (!key.length) key.push(0);
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    const mt = this.mt;
    for (let k = Math.max(624, key.length); k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1664525)) + key[j] + j) >>> 0;
      i++;
      j++;
      if (i >= 624) {
        mt[0] = mt[623];
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = 623; k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= 624) {
        mt[0] = mt[623];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    this.gaussNext = null;
  }
  genrand(): number {
    const mt = this.mt;
    if (this.idx >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff);
        mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.idx = 0;
    }
    let y = mt[this.idx++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
  random(): number {
    const a = this.genrand() >>> 5;
    const b = this.genrand() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }
  getrandbits(k: number): bigint {
    if (k <= 32) return BigInt(this.genrand() >>> (32 - k));
    let r = 0n;
    let shift = 0n;
    while (k > 0) {
      let w = this.genrand();
      if (k < 32) w >>>= 32 - k;
      r |= BigInt(w) << shift;
      shift += 32n;
      k -= 32;
    }
    return r;
  }
  /** CPython's _randbelow_with_getrandbits. */
  randbelow(n: bigint): bigint {
    if (n <= 0n) return 0n;
    const k = n.toString(2).length;
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }
}

function rng(ctx: ModuleContext): MT {
  let r = ctx.state.get('random') as MT | undefined;
  if (!r) {
    r = new MT(BigInt(Date.now()));
    ctx.state.set('random', r);
  }
  return r;
}

registerModule('random', ctx => {
  const R = (): MT => rng(ctx);
  const randrange = (start: bigint, stop: bigint | null, step: bigint): bigint => {
    if (stop === null) {
      if (start <= 0n) throw pyErr('ValueError', 'empty range for randrange()');
      return R().randbelow(start);
    }
    const width = stop - start;
    if (step === 1n) {
      if (width <= 0n) throw pyErr('ValueError', `empty range for randrange() (${start}, ${stop}, ${width})`);
      return start + R().randbelow(width);
    }
    const n = step > 0n ? (width + step - 1n) / step : (width + step + 1n) / step;
    if (n <= 0n) throw pyErr('ValueError', 'empty range for randrange()');
    return start + step * R().randbelow(n);
  };
  return makeModule('random', {
    seed: fn('seed', 'a=None', a => {
      if (a === null) R().seedBig(BigInt(Date.now()));
      else if (typeof a === 'bigint' || typeof a === 'boolean') R().seedBig(toBigInt(a));
      else if (typeof a === 'number') R().seedBig(BigInt(Math.floor(Math.abs(a) * 1e6)));
      else {
        // str seeds: hash the text into an int (not CPython's sha512 stream)
        let h = 0n;
        for (const c of str(a)) h = (h * 131n + BigInt(c.codePointAt(0)!)) & ((1n << 256n) - 1n);
        R().seedBig(h);
      }
      return null;
    }),
    random: fn('random', '', () => R().random()),
    uniform: fn('uniform', 'a, b', (a, b) => {
      const x = toNumber(a);
      return x + (toNumber(b) - x) * R().random();
    }),
    randint: fn('randint', 'a, b', (a, b) => randrange(toBigInt(a), toBigInt(b) + 1n, 1n)),
    randrange: fn('randrange', 'start, stop=None, step=1', (a, b, s) => randrange(toBigInt(a), b === null ? null : toBigInt(b), toBigInt(s))),
    getrandbits: fn('getrandbits', 'k', k => R().getrandbits(Number(toBigInt(k)))),
    choice: fn('choice', 'seq', s => {
      const n = len(s);
      if (!n) throw pyErr('IndexError', 'Cannot choose from an empty sequence');
      return getitem(s, R().randbelow(BigInt(n)));
    }),
    choices: fn('choices', 'population, weights=None, *, cum_weights=None, k=1', (pop, w, cw, k) => {
      const items = toArray(pop);
      const n = Number(toBigInt(k));
      const out: PyValue[] = [];
      let cum: number[] | null = null;
      if (cw !== null) cum = toArray(cw).map(toNumber);
      else if (w !== null) {
        let acc = 0;
        cum = toArray(w).map(x => (acc += toNumber(x)));
      }
      for (let i = 0; i < n; i++) {
        if (!cum) out.push(items[Math.floor(R().random() * items.length)]);
        else {
          const x = R().random() * cum[cum.length - 1];
          let lo = 0;
          let hi = cum.length - 1;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (x < cum[mid]) hi = mid;
            else lo = mid + 1;
          }
          out.push(items[lo]);
        }
      }
      return new PyList(out);
    }),
    shuffle: fn('shuffle', 'x', x => {
      if (!(x instanceof PyList)) throw pyErr('TypeError', `'${typeOf(x).name}' object does not support item assignment`);
      const a = x.items;
      for (let i = a.length - 1; i > 0; i--) {
        const j = Number(R().randbelow(BigInt(i + 1)));
        [a[i], a[j]] = [a[j], a[i]];
      }
      return null;
    }),
    sample: fn('sample', 'population, k', (pop, k) => {
      const items = toArray(pop);
      const n = Number(toBigInt(k));
      if (n < 0 || n > items.length) throw pyErr('ValueError', 'Sample larger than population or is negative');
      const pool = items.slice();
      const out: PyValue[] = [];
      for (let i = 0; i < n; i++) {
        const j = Number(R().randbelow(BigInt(pool.length - i)));
        out.push(pool[j]);
        pool[j] = pool[pool.length - i - 1];
      }
      return new PyList(out);
    }),
    gauss: fn('gauss', 'mu=0.0, sigma=1.0', (mu, sigma) => {
      const r = R();
      let z = r.gaussNext;
      r.gaussNext = null;
      if (z === null) {
        const x2pi = r.random() * 2 * Math.PI;
        const g2rad = Math.sqrt(-2 * Math.log(1 - r.random()));
        z = Math.cos(x2pi) * g2rad;
        r.gaussNext = Math.sin(x2pi) * g2rad;
      }
      return toNumber(mu) + z * toNumber(sigma);
    }),
    normalvariate: fn('normalvariate', 'mu=0.0, sigma=1.0', (mu, sigma) => {
      const r = R();
      const NV = 4 * Math.exp(-0.5) / Math.sqrt(2);
      let z: number;
      for (;;) {
        const u1 = r.random();
        const u2 = 1 - r.random();
        z = (NV * (u1 - 0.5)) / u2;
        if ((z * z) / 4 <= -Math.log(u2)) break;
      }
      return toNumber(mu) + z * toNumber(sigma);
    })
  });
});

// ---------------------------------------------------------------- small stubs

registerModule('typing', () => {
  const names = ['Any', 'List', 'Dict', 'Tuple', 'Optional', 'Union', 'Callable', 'Sequence', 'Iterable', 'Set', 'Mapping'];
  const m = makeModule('typing');
  for (const n of names) m.dict.set(n, new PyClass(n, T.object, 'typing'));
  return m;
});

registerModule('warnings', () =>
  makeModule('warnings', {
    warn: rawFn('warn', args => {
      const msg = str(args[0] ?? '');
      const cat = args[1] instanceof PyClass ? args[1].name : 'UserWarning';
      warnHook(msg, cat);
      return null;
    }),
    filterwarnings: rawFn('filterwarnings', () => null),
    simplefilter: rawFn('simplefilter', () => null)
  })
);

/** Set by the session: routes warnings.warn to the same handler as the engine's. */
export let warnHook: (msg: string, category: string) => void = () => undefined;
export function setWarnHook(h: (msg: string, category: string) => void): void {
  warnHook = h;
}

// jupyterlab_softmax lives in ./softmax/ (registered by ./index.ts).


// ---------------------------------------------------------------- sys (the parts cells use)

const streamClass = new PyClass('TextIOWrapper', T.object, '_io');
streamClass.dict.set('write', rawFn('write', args => {
  const text = str(args[1] ?? '');
  const self = args[0] as PyInstance;
  if (self.native === 'stderr') rt().hooks.stderr(text);
  else rt().hooks.stdout(text);
  return BigInt(text.length);
}));
streamClass.dict.set('flush', rawFn('flush', () => null));

registerModule('sys', () =>
  makeModule('sys', {
    stdout: new PyInstance(streamClass, 'stdout'),
    stderr: new PyInstance(streamClass, 'stderr'),
    argv: new PyList(['']),
    version: '3.11.7 (softmax kernel: PyTorch-compatible Python subset)',
    version_info: new PyTuple([3n, 11n, 7n, 'final', 0n]),
    platform: 'emscripten',
    maxsize: 9223372036854775807n,
    modules: new PyDict(),
    path: new PyList([]),
    getrecursionlimit: fn('getrecursionlimit', '', () => 1000n),
    setrecursionlimit: fn('setrecursionlimit', 'limit', () => null, { doc: 'Accepted but ignored: the limit is fixed at 1000.' }),
    exit: rawFn('exit', () => {
      throw pyErr('SystemExit');
    })
  })
);
