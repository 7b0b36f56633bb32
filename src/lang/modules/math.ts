/** The `math` module, with CPython's error texts (math domain error, math range error). */
import { registerModule, makeModule, fn, rawFn, pyErr, toBigInt, typeOf, special, callSync, PyValue, toArray, PyTuple } from '../native';
import { intToFloat, binop } from '../ops';

function num(v: PyValue, fname: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return intToFloat(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  const f = special(v, '__float__');
  if (f !== undefined) return callSync(f, [v]) as number;
  throw pyErr('TypeError', `must be real number, not ${typeOf(v).name}`);
}

function domain(ok: boolean): void {
  if (!ok) throw pyErr('ValueError', 'math domain error');
}

function range(x: number, inputsFinite: boolean): number {
  if (!Number.isFinite(x) && inputsFinite && !Number.isNaN(x)) throw pyErr('OverflowError', 'math range error');
  return x;
}

function unary(name: string, f: (x: number) => number, check?: (x: number) => boolean, doc = ''): PyValue {
  return fn(name, 'x', x => {
    const v = num(x, name);
    if (check && !Number.isNaN(v)) domain(check(v));
    const r = f(v);
    if (Number.isNaN(r) && !Number.isNaN(v)) domain(false);
    return range(r, Number.isFinite(v));
  }, { doc: doc || `Return the ${name} of x.` });
}

function lgamma(x: number): number {
  // Lanczos approximation (g=7, n=9)
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const g = 7;
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  x -= 1;
  let a = c[0];
  const t = x + g + 0.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

function gamma(x: number): number {
  if (Number.isInteger(x)) {
    domain(x > 0);
    if (x <= 171) {
      let r = 1;
      for (let i = 2; i < x; i++) r *= i;
      return r;
    }
    throw pyErr('OverflowError', 'math range error');
  }
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  return Math.exp(lgamma(x));
}

function erf(x: number): number {
  // high-precision erf via series / continued fraction
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let sum = x;
    let term = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  return x > 0 ? 1 - erfc(ax) : erfc(ax) - 1;
}

function erfc(x: number): number {
  if (x < 2.5) return 1 - erf(x);
  // continued fraction (Lentz)
  let f = x;
  let C = x;
  let D = 0;
  for (let n = 1; n < 300; n++) {
    const an = n / 2;
    D = x + an * D;
    D = D === 0 ? 1e-300 : 1 / D;
    C = x + an / C;
    if (C === 0) C = 1e-300;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (f * Math.sqrt(Math.PI));
}

function intArg(v: PyValue, fname: string): bigint {
  if (typeof v === 'bigint' || typeof v === 'boolean') return toBigInt(v);
  if (typeof v === 'number') throw pyErr('TypeError', `'float' object cannot be interpreted as an integer`);
  throw pyErr('TypeError', `'${typeOf(v).name}' object cannot be interpreted as an integer`);
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
}

function fsum(xs: number[]): number {
  // Shewchuk's exact summation (as math.fsum)
  const partials: number[] = [];
  for (let x of xs) {
    let i = 0;
    for (let y of partials) {
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }
  return partials.reduce((a, b) => a + b, 0);
}

registerModule('math', () =>
  makeModule('math', {
    pi: Math.PI,
    e: Math.E,
    tau: 2 * Math.PI,
    inf: Infinity,
    nan: NaN,
    exp: unary('exp', Math.exp),
    expm1: unary('expm1', Math.expm1),
    log: rawFn('log', args => {
      if (args.length < 1 || args.length > 2) throw pyErr('TypeError', `log expected 1 or 2 arguments, got ${args.length}`);
      const x = args[0];
      let lx: number;
      if (typeof x === 'bigint' && x > 0n && !Number.isFinite(Number(x))) {
        const s = x.toString();
        lx = Math.log(Number('0.' + s.slice(0, 17))) + s.length * Math.LN10;
      } else {
        const v = num(x, 'log');
        domain(v > 0 || Number.isNaN(v));
        lx = Math.log(v);
      }
      if (args.length === 2) {
        const b = num(args[1], 'log');
        domain(b > 0);
        if (b === 1) throw pyErr('ZeroDivisionError', 'float division by zero');
        return lx / Math.log(b);
      }
      return lx;
    }, 'log(x[, base])', 'Return the logarithm of x to the given base (default e).'),
    log2: unary('log2', Math.log2, x => x > 0),
    log10: unary('log10', Math.log10, x => x > 0),
    log1p: unary('log1p', Math.log1p, x => x > -1),
    sqrt: unary('sqrt', Math.sqrt, x => x >= 0),
    cbrt: unary('cbrt', Math.cbrt),
    sin: unary('sin', Math.sin, x => Number.isFinite(x)),
    cos: unary('cos', Math.cos, x => Number.isFinite(x)),
    tan: unary('tan', Math.tan, x => Number.isFinite(x)),
    asin: unary('asin', Math.asin, x => x >= -1 && x <= 1),
    acos: unary('acos', Math.acos, x => x >= -1 && x <= 1),
    atan: unary('atan', Math.atan),
    sinh: unary('sinh', Math.sinh),
    cosh: unary('cosh', Math.cosh),
    tanh: unary('tanh', Math.tanh),
    asinh: unary('asinh', Math.asinh),
    acosh: unary('acosh', Math.acosh, x => x >= 1),
    atanh: unary('atanh', Math.atanh, x => x > -1 && x < 1),
    erf: unary('erf', erf),
    erfc: unary('erfc', erfc),
    gamma: unary('gamma', gamma),
    lgamma: unary('lgamma', x => (Number.isInteger(x) && x <= 0 ? (domain(false), 0) : lgamma(x))),
    degrees: unary('degrees', x => (x * 180) / Math.PI),
    radians: unary('radians', x => (x * Math.PI) / 180),
    fabs: unary('fabs', Math.abs),
    atan2: fn('atan2', 'y, x', (y, x) => Math.atan2(num(y, 'atan2'), num(x, 'atan2'))),
    hypot: rawFn('hypot', args => Math.hypot(...args.map(a => num(a, 'hypot')))),
    pow: fn('pow', 'x, y', (x, y) => {
      const a = num(x, 'pow');
      const b = num(y, 'pow');
      if (a === 0 && b < 0) domain(false);
      if (a < 0 && !Number.isInteger(b) && Number.isFinite(b)) domain(false);
      return range(Math.pow(a, b), Number.isFinite(a) && Number.isFinite(b));
    }),
    floor: fn('floor', 'x', x => {
      if (typeof x === 'bigint' || typeof x === 'boolean') return toBigInt(x);
      const f = special(x, '__floor__');
      if (f !== undefined) return callSync(f, [x]);
      const v = num(x, 'floor');
      if (!Number.isFinite(v)) throw pyErr(Number.isNaN(v) ? 'ValueError' : 'OverflowError', Number.isNaN(v) ? 'cannot convert float NaN to integer' : 'cannot convert float infinity to integer');
      return BigInt(Math.floor(v));
    }),
    ceil: fn('ceil', 'x', x => {
      if (typeof x === 'bigint' || typeof x === 'boolean') return toBigInt(x);
      const f = special(x, '__ceil__');
      if (f !== undefined) return callSync(f, [x]);
      const v = num(x, 'ceil');
      if (!Number.isFinite(v)) throw pyErr(Number.isNaN(v) ? 'ValueError' : 'OverflowError', Number.isNaN(v) ? 'cannot convert float NaN to integer' : 'cannot convert float infinity to integer');
      return BigInt(Math.ceil(v));
    }),
    trunc: fn('trunc', 'x', x => {
      if (typeof x === 'bigint' || typeof x === 'boolean') return toBigInt(x);
      const v = num(x, 'trunc');
      if (!Number.isFinite(v)) throw pyErr(Number.isNaN(v) ? 'ValueError' : 'OverflowError', Number.isNaN(v) ? 'cannot convert float NaN to integer' : 'cannot convert float infinity to integer');
      return BigInt(Math.trunc(v));
    }),
    fmod: fn('fmod', 'x, y', (x, y) => {
      const a = num(x, 'fmod');
      const b = num(y, 'fmod');
      if (b === 0 || !Number.isFinite(a)) domain(Number.isNaN(a) || Number.isNaN(b));
      return a % b;
    }),
    modf: fn('modf', 'x', x => {
      const v = num(x, 'modf');
      const ip = Math.trunc(v);
      return new PyTuple([Number.isFinite(v) ? v - ip : Math.sign(v) * 0, ip]);
    }),
    copysign: fn('copysign', 'x, y', (x, y) => {
      const a = Math.abs(num(x, 'copysign'));
      const b = num(y, 'copysign');
      return b < 0 || Object.is(b, -0) ? -a : a;
    }),
    isnan: fn('isnan', 'x', x => Number.isNaN(num(x, 'isnan'))),
    isinf: fn('isinf', 'x', x => {
      const v = num(x, 'isinf');
      return v === Infinity || v === -Infinity;
    }),
    isfinite: fn('isfinite', 'x', x => Number.isFinite(num(x, 'isfinite'))),
    isclose: fn('isclose', 'a, b, *, rel_tol=1e-09, abs_tol=0.0', (a, b, rt, at) => {
      const x = num(a, 'isclose');
      const y = num(b, 'isclose');
      const r = num(rt, 'isclose');
      const t = num(at, 'isclose');
      if (r < 0 || t < 0) throw pyErr('ValueError', 'tolerances must be non-negative');
      if (x === y) return true;
      if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
      const d = Math.abs(x - y);
      return d <= Math.abs(r * y) || d <= Math.abs(r * x) || d <= t;
    }),
    factorial: fn('factorial', 'n', n => {
      if (typeof n === 'number') throw pyErr('TypeError', "'float' object cannot be interpreted as an integer");
      const k = intArg(n, 'factorial');
      if (k < 0n) throw pyErr('ValueError', 'factorial() not defined for negative values');
      if (k > 100000n) throw pyErr('MemoryError', '');
      let r = 1n;
      for (let i = 2n; i <= k; i++) r *= i;
      return r;
    }),
    comb: fn('comb', 'n, k', (n, k) => {
      const a = intArg(n, 'comb');
      let b = intArg(k, 'comb');
      if (a < 0n || b < 0n) throw pyErr('ValueError', `${a < 0n ? 'n' : 'k'} must be a non-negative integer`);
      if (b > a) return 0n;
      if (b > a - b) b = a - b;
      let r = 1n;
      for (let i = 1n; i <= b; i++) r = (r * (a - b + i)) / i;
      return r;
    }),
    perm: fn('perm', 'n, k=None', (n, k) => {
      const a = intArg(n, 'perm');
      const b = k === null ? a : intArg(k, 'perm');
      if (a < 0n || b < 0n) throw pyErr('ValueError', `${a < 0n ? 'n' : 'k'} must be a non-negative integer`);
      if (b > a) return 0n;
      let r = 1n;
      for (let i = a - b + 1n; i <= a; i++) r *= i;
      return r;
    }),
    gcd: rawFn('gcd', args => args.map(a => intArg(a, 'gcd')).reduce((x, y) => gcd(x, y), 0n)),
    lcm: rawFn('lcm', args =>
      args.map(a => intArg(a, 'lcm')).reduce((x, y) => (x === 0n || y === 0n ? 0n : ((x * y < 0n ? -(x * y) : x * y) / gcd(x, y))), 1n)
    ),
    isqrt: fn('isqrt', 'n', n => {
      const v = intArg(n, 'isqrt');
      if (v < 0n) throw pyErr('ValueError', 'isqrt() argument must be nonnegative');
      if (v < 2n) return v;
      let x = BigInt(Math.floor(Math.sqrt(Number(v))));
      while (x * x > v) x--;
      while ((x + 1n) * (x + 1n) <= v) x++;
      return x;
    }),
    fsum: fn('fsum', 'seq', s => fsum(toArray(s).map(v => num(v, 'fsum')))),
    prod: fn('prod', 'iterable, *, start=1', (it, start) => {
      let acc: PyValue = start;
      for (const v of toArray(it)) acc = binopMul(acc, v);
      return acc;
    }),
    dist: fn('dist', 'p, q', (p, q) => {
      const a = toArray(p).map(v => num(v, 'dist'));
      const b = toArray(q).map(v => num(v, 'dist'));
      if (a.length !== b.length) throw pyErr('ValueError', 'both points must have the same number of dimensions');
      return Math.hypot(...a.map((x, i) => x - b[i]));
    }),
    ldexp: fn('ldexp', 'x, i', (x, i) => range(num(x, 'ldexp') * Math.pow(2, Number(intArg(i, 'ldexp'))), true)),
    frexp: fn('frexp', 'x', x => {
      const v = num(x, 'frexp');
      if (v === 0 || !Number.isFinite(v)) return new PyTuple([v, 0n]);
      let e = Math.ceil(Math.log2(Math.abs(v)));
      let m = v / Math.pow(2, e);
      if (Math.abs(m) >= 1) {
        m /= 2;
        e++;
      }
      if (Math.abs(m) < 0.5) {
        m *= 2;
        e--;
      }
      return new PyTuple([m, BigInt(e)]);
    })
  }, 'This module provides access to the mathematical functions defined by the C standard.')
);

function binopMul(a: PyValue, b: PyValue): PyValue {
  return binop('*', a, b);
}
