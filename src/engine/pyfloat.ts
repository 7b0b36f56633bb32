/**
 * Python number formatting: float repr, format-spec mini-language, round().
 *
 * Python rounds the *exact* binary value of a double and breaks exact ties
 * half-to-even; JS toFixed/toExponential are exact too but break ties away
 * from zero. So we use the fast JS path and only fall back to an exact
 * BigInt decimal expansion when a tie is possible (or JS can't do it).
 */
import { TorchError, valueError } from './errors';

const dv = new DataView(new ArrayBuffer(8));

/** |a| = D * 10^-s exactly, D as a decimal string (a finite, nonzero). */
function exactDecimal(a: number): { D: string; s: number } {
  dv.setFloat64(0, Math.abs(a));
  const hi = dv.getUint32(0);
  const lo = dv.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e = bexp === 0 ? -1074 : bexp - 1075;
  if (bexp !== 0) m |= 1n << 52n;
  while (e < 0 && (m & 1n) === 0n) {
    m >>= 1n;
    e++;
  }
  if (e >= 0) return { D: (m << BigInt(e)).toString(), s: 0 };
  // m / 2^k == m * 5^k / 10^k
  return { D: (m * 5n ** BigInt(-e)).toString(), s: -e };
}

/**
 * Round D*10^-s half-even to `keep` fractional digits (keep may be negative).
 * Returns the integer string R with value R * 10^-keep.
 */
function roundDecimal(D: string, s: number, keep: number): string {
  if (keep >= s) return D + '0'.repeat(keep - s);
  const cut = s - keep;
  const padded = D.length < cut + 1 ? '0'.repeat(cut + 1 - D.length) + D : D;
  const head = padded.slice(0, padded.length - cut);
  const tail = padded.slice(padded.length - cut);
  let up: boolean;
  if (tail[0] > '5') up = true;
  else if (tail[0] < '5') up = false;
  else if (/[1-9]/.test(tail.slice(1))) up = true;
  else up = (head.charCodeAt(head.length - 1) & 1) === 1; // exact tie: to even
  return up ? (BigInt(head) + 1n).toString() : BigInt(head).toString();
}

/** Digits of |x| with `p` decimals, correctly rounded (Python '{:.pf}' body). */
function fixedAbs(a: number, p: number): string {
  if (a < 1e21 && p <= 100) {
    const s = a.toFixed(p);
    // An exact tie at p decimals means a * 2^(p+1) is an odd integer.
    const t = a * Math.pow(2, p + 1);
    if (!(Number.isInteger(t) && t % 2 === 1)) return s;
    if (p + 1 > 100) return fixedExact(a, p);
    let down = a.toFixed(p + 1).slice(0, -1); // exact: the expansion ends at p+1
    if (down.endsWith('.')) down = down.slice(0, -1);
    const last = down.charCodeAt(down.length - 1);
    return (last & 1) === 0 ? down : s;
  }
  return fixedExact(a, p);
}

function fixedExact(a: number, p: number): string {
  if (a === 0) return p > 0 ? '0.' + '0'.repeat(p) : '0';
  const { D, s } = exactDecimal(a);
  let R = roundDecimal(D, s, p);
  if (R.length <= p) R = '0'.repeat(p + 1 - R.length) + R;
  return p > 0 ? R.slice(0, R.length - p) + '.' + R.slice(R.length - p) : R;
}

/** |x| rounded to p+1 significant digits: [digits (p+1 chars), decimal exponent]. */
function expAbs(a: number, p: number): [string, number] {
  if (a === 0) return ['0'.repeat(p + 1), 0];
  if (p <= 99) {
    const s = a.toExponential(p);
    const probe = a.toExponential(p + 1);
    const i = probe.indexOf('e');
    // Only a '5' in the next digit can hide a tie that JS rounds away from zero.
    if (probe[i - 1] !== '5') {
      const j = s.indexOf('e');
      return [s.slice(0, j).replace('.', ''), Number(s.slice(j + 1))];
    }
  }
  const { D, s } = exactDecimal(a);
  let E = D.length - 1 - s;
  let R = roundDecimal(D, s, p - E);
  if (R.length > p + 1) {
    E += 1;
    R = R.slice(0, p + 1);
  }
  return [R, E];
}

function expLayout(digits: string, e: number, alt: boolean, echar = 'e'): string {
  const rest = digits.slice(1);
  const ae = Math.abs(e);
  return digits[0] + (rest || alt ? '.' : '') + rest + echar + (e < 0 ? '-' : '+') + (ae < 10 ? '0' : '') + ae;
}

/** Python '{:.{p}f}'.format(x), e.g. formatFixed(0.03125, 4) == '0.0312'. */
export function formatFixed(x: number, p: number): string {
  if (x !== x) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const neg = x < 0 || Object.is(x, -0);
  return (neg ? '-' : '') + fixedAbs(Math.abs(x), p);
}

/** Python '{:.{p}e}'.format(x), e.g. formatExp(1e-5, 4) == '1.0000e-05'. */
export function formatExp(x: number, p: number): string {
  if (x !== x) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const neg = x < 0 || Object.is(x, -0);
  const [d, e] = expAbs(Math.abs(x), p);
  return (neg ? '-' : '') + expLayout(d, e, false);
}

/** Shortest round-trip digits of |x| (x finite, nonzero) and the decimal point position. */
function shortest(a: number): [string, number] {
  // String() picks the shortest digits closest to x, as Python's repr does.
  const str = String(a);
  const j = str.indexOf('e');
  const mant = j < 0 ? str : str.slice(0, j);
  const exp = j < 0 ? 0 : Number(str.slice(j + 1));
  const dot = mant.indexOf('.');
  const intLen = dot < 0 ? mant.length : dot;
  const all = mant.replace('.', '');
  const lead = all.length - all.replace(/^0+/, '').length;
  const digits = all.slice(lead).replace(/0+$/, '');
  return [digits, intLen - lead + exp];
}

/**
 * Python's general format ('g', '' with precision, repr). `P` significant
 * digits (null = shortest, as repr); addDot0 = the no-type rule that keeps a
 * digit after the point and switches to exponent one digit earlier.
 */
function generalAbs(a: number, P: number | null, alt: boolean, addDot0: boolean, echar = 'e'): string {
  let digits: string;
  let decpt: number;
  if (a === 0) {
    digits = '0';
    decpt = 1;
  } else if (P === null) {
    [digits, decpt] = shortest(a);
  } else {
    const [d, e] = expAbs(a, P - 1);
    digits = d.replace(/0+$/, '') || '0';
    decpt = e + 1;
  }
  const limit = P === null ? 16 : P - (addDot0 ? 1 : 0);
  if (alt && P !== null && digits.length < P) digits += '0'.repeat(P - digits.length);
  if (decpt <= -4 || decpt > limit) return expLayout(digits, decpt - 1, alt, echar);
  if (decpt <= 0) return '0.' + '0'.repeat(-decpt) + digits;
  if (decpt >= digits.length) {
    return digits + '0'.repeat(decpt - digits.length) + (addDot0 ? '.0' : alt ? '.' : '');
  }
  return digits.slice(0, decpt) + '.' + digits.slice(decpt);
}

/** Python repr(float): 1.0, 1e+16, 1e-05, 0.1, inf, nan, -0.0. */
export function floatRepr(x: number): string {
  if (x !== x) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const neg = x < 0 || Object.is(x, -0);
  return (neg ? '-' : '') + generalAbs(Math.abs(x), null, false, true);
}

// ---------------------------------------------------------------------------
// Format-spec mini-language: [[fill]align][sign][z][#][0][width][grouping][.precision][type]

export type FormatKind = 'int' | 'float' | 'bool' | 'str';

interface Spec {
  fill: string;
  align: string | null;
  sign: string | null;
  z: boolean;
  alt: boolean;
  zero: boolean;
  width: number;
  grouping: string | null;
  precision: number | null;
  type: string;
  fillGiven: boolean;
}

const TYPE_NAME: Record<FormatKind, string> = { int: 'int', float: 'float', bool: 'bool', str: 'str' };

function parseSpec(spec: string, kind: FormatKind): Spec {
  const chars = Array.from(spec);
  const r: Spec = {
    fill: ' ', align: null, sign: null, z: false, alt: false, zero: false,
    width: -1, grouping: null, precision: null, type: '', fillGiven: false
  };
  let i = 0;
  const isAlign = (c: string | undefined): boolean => c !== undefined && '<>=^'.includes(c);
  if (chars.length >= 2 && isAlign(chars[1])) {
    r.fill = chars[0];
    r.fillGiven = true;
    r.align = chars[1];
    i = 2;
  } else if (isAlign(chars[0])) {
    r.align = chars[0];
    i = 1;
  }
  if (chars[i] === '+' || chars[i] === '-' || chars[i] === ' ') r.sign = chars[i++];
  if (chars[i] === 'z') (r.z = true), i++;
  if (chars[i] === '#') (r.alt = true), i++;
  if (chars[i] === '0') (r.zero = true), i++;
  const digits = (): string => {
    let d = '';
    while (i < chars.length && chars[i] >= '0' && chars[i] <= '9') d += chars[i++];
    return d;
  };
  const w = digits();
  if (w) r.width = Number(w);
  if (chars[i] === ',' || chars[i] === '_') r.grouping = chars[i++];
  if (chars[i] === '.') {
    i++;
    const p = digits();
    if (!p) throw valueError('Format specifier missing precision');
    r.precision = Number(p);
  }
  if (chars.length - i > 1) {
    throw valueError(`Invalid format specifier '${spec}' for object of type '${TYPE_NAME[kind]}'`);
  }
  if (i < chars.length) r.type = chars[i];
  // Grouping is checked while parsing, before any type-specific error.
  const t = r.type || (kind === 'str' ? 's' : 'd');
  if (r.grouping !== null && !(r.grouping === ',' ? 'deEfFgG%' : 'deEfFgG%boxX').includes(t)) {
    throw valueError(`Cannot specify '${r.grouping}' with '${t}'.`);
  }
  if (r.zero && !r.fillGiven) {
    r.fill = '0';
    // '0' means sign-aware padding, but only where the default alignment is right.
    if (r.align === null && kind !== 'str') r.align = '=';
  }
  return r;
}

const len = (s: string): number => Array.from(s).length;

/** Insert separators every `size` digits; with zero padding, pad (with separators) up to `minWidth`. */
function group(intDigits: string, sep: string, size: number, minWidth: number): string {
  const groups: string[] = [];
  let remaining = intDigits.length;
  let left = minWidth;
  for (;;) {
    const l = Math.min(size, Math.max(remaining, left, 1));
    const take = Math.min(remaining, l);
    groups.unshift('0'.repeat(l - take) + intDigits.slice(remaining - take, remaining));
    remaining -= take;
    left -= l;
    if (remaining <= 0 && left <= 0) break;
    left -= sep.length;
  }
  return groups.join(sep);
}

/** Pad to the width; `prefilled` = zero padding was already done inside the digit groups. */
function pad(body: string, s: Spec, defaultAlign: string, signStr: string, prefilled: boolean): string {
  if (prefilled) return signStr + body;
  const n = Math.max(0, s.width - len(signStr) - len(body));
  switch (s.align ?? defaultAlign) {
    case '<':
      return signStr + body + s.fill.repeat(n);
    case '^':
      return s.fill.repeat(n >> 1) + signStr + body + s.fill.repeat(n - (n >> 1));
    case '=':
      return signStr + s.fill.repeat(n) + body;
    default:
      return s.fill.repeat(n) + signStr + body;
  }
}

function signOf(neg: boolean, s: Spec): string {
  if (neg) return '-';
  return s.sign === '+' ? '+' : s.sign === ' ' ? ' ' : '';
}

/** Lay out a number: `prefix` (0x…), integer digits, and the rest (".5e+01", "%"). */
function layoutNumber(neg: boolean, prefix: string, intPart: string, rest: string, s: Spec, groupSize: number): string {
  const signStr = signOf(neg, s) + prefix;
  const zeroGroup = s.grouping !== null && intPart !== '' && s.align === '=' && s.fill === '0';
  if (s.grouping !== null && intPart !== '') {
    const minW = zeroGroup ? Math.max(0, s.width - len(signStr) - len(rest)) : 0;
    intPart = group(intPart, s.grouping, groupSize, minW);
  }
  return pad(intPart + rest, s, '>', signStr, zeroGroup);
}

function formatInt(v: bigint, s: Spec): string {
  if (s.precision !== null) throw valueError('Precision not allowed in integer format specifier');
  if (s.z) throw valueError('Negative zero coercion (z) not allowed in integer format specifier');
  const t = s.type || 'd';
  if (t === 'c') {
    if (s.sign !== null) throw valueError("Sign not allowed with integer format specifier 'c'");
    if (s.alt) throw valueError("Alternate form (#) not allowed with integer format specifier 'c'");
  }
  if (t === 'c') {
    if (v < -(2n ** 63n) || v >= 2n ** 63n) throw new TorchError('OverflowError', 'Python int too large to convert to C long');
    if (v < 0n || v > 0x10ffffn) throw new TorchError('OverflowError', '%c arg not in range(0x110000)');
    return pad(String.fromCodePoint(Number(v)), s, '>', '', false);
  }
  const neg = v < 0n;
  const a = neg ? -v : v;
  const radix = { d: 10, n: 10, x: 16, X: 16, o: 8, b: 2 }[t];
  let digits = a.toString(radix);
  if (t === 'X') digits = digits.toUpperCase();
  const prefix = s.alt && radix !== 10 ? '0' + (t === 'o' ? 'o' : t === 'b' ? 'b' : t) : '';
  return layoutNumber(neg, prefix, digits, '', s, radix === 10 ? 3 : 4);
}

function formatFloat(x: number, s: Spec): string {
  const t = s.type;
  if (!'eEfFgGn%'.includes(t)) throw valueError(`Unknown format code '${t}' for object of type 'float'`);
  const upper = t === 'E' || t === 'F' || t === 'G';
  if (t === '%') x *= 100; // in double arithmetic, as Python does (may overflow to inf)
  let neg = x < 0 || Object.is(x, -0);
  if (x !== x) neg = false;
  let body: string;
  if (!Number.isFinite(x)) {
    body = x !== x ? 'nan' : 'inf';
    if (t === '%') body += '%';
  } else {
    const a = Math.abs(x);
    const p = s.precision;
    switch (t) {
      case 'f':
      case 'F':
        body = fixedAbs(a, p ?? 6);
        if (s.alt && !body.includes('.')) body += '.';
        break;
      case '%':
        body = fixedAbs(a, p ?? 6);
        if (s.alt && !body.includes('.')) body += '.';
        body += '%';
        break;
      case 'e':
      case 'E': {
        const [d, e] = expAbs(a, p ?? 6);
        body = expLayout(d, e, s.alt);
        break;
      }
      case 'g':
      case 'G':
      case 'n':
        body = generalAbs(a, p === null ? 6 : Math.max(p, 1), s.alt, false);
        break;
      case '':
        body = generalAbs(a, p === null ? null : Math.max(p, 1), s.alt, true);
        break;
      default:
        throw valueError(`Unknown format code '${t}' for object of type 'float'`);
    }
    // 'z': a value that rounds to zero loses its minus sign.
    if (s.z && neg && !/[1-9]/.test(body.split(/e/i)[0])) neg = false;
  }
  if (upper) body = body.toUpperCase();
  const m = /^[0-9]+/.exec(body);
  const intPart = m ? m[0] : '';
  return layoutNumber(neg, '', intPart, body.slice(intPart.length), s, 3);
}

function formatStr(v: string, s: Spec): string {
  if (s.type !== '' && s.type !== 's') throw valueError(`Unknown format code '${s.type}' for object of type 'str'`);
  if (s.sign === ' ') throw valueError('Space not allowed in string format specifier');
  if (s.sign !== null) throw valueError('Sign not allowed in string format specifier');
  if (s.z) throw valueError('Negative zero coercion (z) not allowed in string format specifier');
  if (s.alt) throw valueError('Alternate form (#) not allowed in string format specifier');
  if (s.align === '=') throw valueError("'=' alignment not allowed in string format specifier");
  if (s.grouping !== null) throw valueError(`Cannot specify '${s.grouping}' with 's'.`);
  const body = s.precision !== null ? Array.from(v).slice(0, s.precision).join('') : v;
  return pad(body, s, '<', '', false);
}

const FLOAT_TYPES = 'eEfFgG%';

/**
 * Python's format(value, spec) for int / float / bool / str values.
 * Errors are ValueErrors with CPython's wording.
 */
export function formatNumber(value: number | bigint | boolean | string, spec: string, kind: FormatKind): string {
  if (kind === 'str') return formatStr(String(value), parseSpec(spec, 'str'));
  if (kind === 'bool' && spec === '') return value ? 'True' : 'False';
  if (kind === 'float') {
    const s = parseSpec(spec, 'float');
    return formatFloat(Number(value), s);
  }
  // int and bool: bool formats as int once a spec is given.
  const s = parseSpec(spec, kind);
  const iv = typeof value === 'bigint' ? value : BigInt(typeof value === 'boolean' ? Number(value) : Math.trunc(Number(value)));
  if (s.type !== '' && FLOAT_TYPES.includes(s.type)) {
    const f = Number(iv);
    if (!Number.isFinite(f)) throw new TorchError('OverflowError', 'int too large to convert to float');
    return formatFloat(f, s);
  }
  if (s.type !== '' && !'bcdoxXn'.includes(s.type)) {
    throw valueError(`Unknown format code '${s.type}' for object of type '${TYPE_NAME[kind]}'`);
  }
  return formatInt(iv, s);
}

// ---------------------------------------------------------------------------
// round()

/** Python round(x) / round(x, n) on a float: half-even on the exact value. */
export function pyRound(x: number, ndigits?: number | null): number {
  if (ndigits === undefined || ndigits === null) {
    if (x !== x) throw valueError('cannot convert float NaN to integer');
    if (!Number.isFinite(x)) throw new TorchError('OverflowError', 'cannot convert float infinity to integer');
    const f = Math.floor(x);
    const d = x - f;
    const r = d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
    return r === 0 ? 0 : r; // an int has no -0
  }
  if (!Number.isFinite(x) || x === 0) return x;
  if (ndigits > 323) return x; // every double is already exact there
  if (ndigits < -308) return 0 * x;
  const { D, s } = exactDecimal(x);
  const R = roundDecimal(D, s, ndigits);
  const y = Number(`${x < 0 ? '-' : ''}${R}e${-ndigits}`);
  if (!Number.isFinite(y)) throw new TorchError('OverflowError', 'rounded value too large to represent');
  return y;
}

/** Python round(int, n): exact; n >= 0 leaves the int alone, n < 0 rounds half-even to 10^-n. */
export function pyRoundInt(v: bigint, ndigits: number): bigint;
export function pyRoundInt(v: number, ndigits: number): number;
export function pyRoundInt(v: number | bigint, ndigits: number): number | bigint {
  if (ndigits >= 0) return v;
  const b = BigInt(v);
  const neg = b < 0n;
  const R = roundDecimal((neg ? -b : b).toString(), 0, ndigits);
  let out = BigInt(R) * 10n ** BigInt(-ndigits);
  if (neg) out = -out;
  return typeof v === 'bigint' ? out : Number(out);
}
