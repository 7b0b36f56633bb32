/**
 * Float repr and fixed/exponent formatting with Python's rules.
 * Temporary local version: the engine's pyfloat.ts (another engineer) will
 * provide floatRepr/formatNumber; switch this one import point over then.
 */

/** Python repr(float): shortest round-trip digits, exponent when exp < -4 or >= 16. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const e = x.toExponential(); // shortest digits, e.g. "1.2345e+2"
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e)!;
  const sign = m[1];
  const digits = m[2] + (m[3] ?? '');
  const exp = parseInt(m[4], 10);
  if (exp >= 16 || exp < -4) {
    const mant = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    const es = Math.abs(exp) < 10 ? '0' + Math.abs(exp) : String(Math.abs(exp));
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${es}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** Exact decimal expansion of a finite double as [digits, pointPos] (value = 0.digits × 10^pointPos). */
function exactDecimal(x: number): { digits: string; point: number } {
  x = Math.abs(x);
  if (x === 0) return { digits: '0', point: 1 };
  // x = mant * 2^exp with integer mant
  let exp = 0;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    exp--;
  }
  let big = BigInt(m);
  if (exp < 0) {
    // x = big / 2^-exp = big * 5^-exp / 10^-exp
    big = big * 5n ** BigInt(-exp);
    const s = big.toString();
    return { digits: s, point: s.length + exp };
  }
  const s = big.toString();
  return { digits: s, point: s.length };
}

/** Round a digit string to n digits (half-even on the exact value). Returns digits and carry. */
function roundDigits(digits: string, n: number): { digits: string; carry: boolean } {
  if (n < 0) return { digits: '', carry: false };
  if (digits.length <= n) return { digits: digits.padEnd(n, '0'), carry: false };
  const head = digits.slice(0, n);
  const rest = digits.slice(n);
  let up = false;
  if (rest[0] > '5') up = true;
  else if (rest[0] === '5') {
    if (/[1-9]/.test(rest.slice(1))) up = true;
    else up = n > 0 ? (+head[n - 1]) % 2 === 1 : false;
  }
  if (!up) return { digits: head, carry: false };
  const arr = head.split('');
  let i = arr.length - 1;
  while (i >= 0) {
    if (arr[i] === '9') {
      arr[i] = '0';
      i--;
    } else {
      arr[i] = String(+arr[i] + 1);
      break;
    }
  }
  if (i < 0) return { digits: '1' + arr.join(''), carry: true };
  return { digits: arr.join(''), carry: false };
}

/** '%.Nf' of |x| (no sign), correctly rounded half-even on the exact binary value. */
export function toFixed(x: number, prec: number): string {
  const { digits, point } = exactDecimal(x);
  // number of digits kept = point + prec
  const keep = point + prec;
  if (keep < 0) return prec > 0 ? '0.' + '0'.repeat(prec) : '0';
  let { digits: d } = roundDigits(digits, keep);
  let p = point;
  if (d.length > keep) p++;
  if (d === '' ) d = '0';
  // d has p + prec digits (p may be <= 0)
  let intPart: string;
  let frac: string;
  if (p <= 0) {
    intPart = '0';
    frac = ('0'.repeat(-p) + d).padEnd(prec, '0').slice(0, prec);
    if (d.length === 0 || p + prec <= 0) frac = frac.padEnd(prec, '0');
  } else {
    intPart = d.slice(0, p).padEnd(p, '0');
    frac = d.slice(p).padEnd(prec, '0');
  }
  intPart = intPart.replace(/^0+(?=\d)/, '');
  return prec > 0 ? `${intPart}.${frac}` : intPart;
}

/** '%.Ne' of |x|: mantissa digits and exponent. */
export function toExp(x: number, prec: number): string {
  if (x === 0) return (prec > 0 ? '0.' + '0'.repeat(prec) : '0') + 'e+00';
  const { digits, point } = exactDecimal(x);
  const nz = digits.search(/[1-9]/);
  const sig = digits.slice(nz);
  let exp = point - nz - 1;
  let { digits: d, carry } = roundDigits(sig, prec + 1);
  if (carry) {
    exp++;
    d = d.slice(0, prec + 1);
  }
  const mant = prec > 0 ? d[0] + '.' + d.slice(1) : d[0];
  const ae = Math.abs(exp);
  return `${mant}e${exp < 0 ? '-' : '+'}${ae < 10 ? '0' + ae : ae}`;
}

/** '%.Ng' of |x| (alt keeps trailing zeros). */
export function toGeneral(x: number, prec: number, alt = false): string {
  if (prec === 0) prec = 1;
  if (x === 0) return alt ? '0.' + '0'.repeat(prec - 1) : '0';
  const e = toExp(x, prec - 1);
  const exp = parseInt(e.slice(e.indexOf('e') + 1), 10);
  let s: string;
  if (exp >= -4 && exp < prec) {
    s = toFixed(x, prec - 1 - exp);
  } else {
    s = e;
  }
  if (!alt) {
    const [m, ex] = s.split('e');
    let mm = m;
    if (mm.includes('.')) mm = mm.replace(/0+$/, '').replace(/\.$/, '');
    s = ex !== undefined ? `${mm}e${ex}` : mm;
  }
  return s;
}

/** Python round(x, n) for floats: correctly rounded (half-even on the exact binary value). */
export function pyRound(x: number, n = 0): number {
  if (!Number.isFinite(x) || x === 0) return x;
  if (n > 323) return x;
  if (n >= 0) {
    const r = parseFloat(toFixed(Math.abs(x), n));
    return x < 0 ? -r : r;
  }
  const p = Math.pow(10, -n);
  if (!Number.isFinite(p)) return x < 0 ? -0 : 0;
  const q = Math.abs(x) / p;
  let r = Math.round(q);
  if (Math.abs(q - Math.trunc(q)) === 0.5) r = 2 * Math.round(q / 2);
  const v = r * p;
  return x < 0 ? -v : v;
}
