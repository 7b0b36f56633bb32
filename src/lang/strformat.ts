/**
 * Python's format mini-language (format(), f-strings, str.format) and
 * printf-style `%` formatting, for int, float, str and objects with __format__.
 */
import { PyValue, PyTuple, PyDict, pyErr, typeOf, PyObject, toBigInt, PyError, isExceptionOf } from './values';
import { floatRepr, toFixed, toExp, toGeneral } from './floatfmt';

interface Spec {
  fill: string;
  align: string;
  sign: string;
  alt: boolean;
  zero: boolean;
  width: number;
  grouping: string;
  precision: number; // -1 = none
  type: string;
}

function parseSpec(spec: string): Spec {
  const m = /^(?:(.)?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([a-zA-Z%])?$/su.exec(spec);
  if (!m) throw pyErr('ValueError', 'Invalid format specifier');
  return {
    fill: m[1] ?? (m[6] && !m[2] ? '0' : ' '),
    align: m[2] ?? (m[6] ? '=' : ''),
    sign: m[3] ?? '-',
    alt: !!m[5],
    zero: !!m[6],
    width: m[7] ? parseInt(m[7], 10) : 0,
    grouping: m[8] ?? '',
    precision: m[9] !== undefined ? parseInt(m[9], 10) : -1,
    type: m[10] ?? ''
  };
}

function group(intDigits: string, sep: string, every = 3): string {
  if (!sep) return intDigits;
  let out = '';
  for (let i = intDigits.length; i > 0; i -= every) {
    const chunk = intDigits.slice(Math.max(0, i - every), i);
    out = out ? chunk + sep + out : chunk;
  }
  return out;
}

function pad(body: string, sign: string, s: Spec, defaultAlign: string): string {
  const align = s.align || defaultAlign;
  const total = [...body].length + sign.length;
  if (total >= s.width) return sign + body;
  const n = s.width - total;
  const fill = s.fill;
  switch (align) {
    case '<':
      return sign + body + fill.repeat(n);
    case '>':
      return fill.repeat(n) + sign + body;
    case '^':
      return fill.repeat(Math.floor(n / 2)) + sign + body + fill.repeat(n - Math.floor(n / 2));
    default:
      return sign + fill.repeat(n) + body; // '='
  }
}

function signOf(neg: boolean, s: Spec): string {
  if (neg) return '-';
  return s.sign === '+' ? '+' : s.sign === ' ' ? ' ' : '';
}

function formatInt(v: bigint, s: Spec): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  let body: string;
  let prefix = '';
  switch (s.type) {
    case '':
    case 'd':
    case 'n':
      body = group(fmtHooks.intToStr(a), s.grouping);
      break;
    case 'x':
    case 'X':
      body = group(a.toString(16), s.grouping === '_' ? '_' : '', 4);
      if (s.type === 'X') body = body.toUpperCase();
      if (s.alt) prefix = s.type === 'X' ? '0X' : '0x';
      break;
    case 'o':
      body = group(a.toString(8), s.grouping === '_' ? '_' : '', 4);
      if (s.alt) prefix = '0o';
      break;
    case 'b':
      body = group(a.toString(2), s.grouping === '_' ? '_' : '', 4);
      if (s.alt) prefix = '0b';
      break;
    case 'c':
      if (neg || a >= 0x110000n) throw pyErr('OverflowError', '%c arg not in range(0x110000)');
      body = String.fromCodePoint(Number(a));
      break;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case '%':
      return formatFloat(Number(v), s);
    default:
      throw pyErr('ValueError', `Unknown format code '${s.type}' for object of type 'int'`);
  }
  if (s.precision >= 0) throw pyErr('ValueError', 'Precision not allowed in integer format specifier');
  return zeroPad(prefix + body, signOf(neg, s), s, prefix.length);
}

function zeroPad(body: string, sign: string, s: Spec, prefixLen = 0): string {
  if (s.zero && !s.align && s.width > body.length + sign.length) {
    const n = s.width - body.length - sign.length;
    if (s.grouping && prefixLen === 0) {
      // zero padding participates in grouping: 0,001,234
      const digits = body.replace(/[,_]/g, '');
      let width = s.width - sign.length;
      let out = group(digits, s.grouping);
      let d = digits;
      while (out.length < width) {
        d = '0' + d;
        out = group(d, s.grouping);
      }
      return sign + out;
    }
    return sign + body.slice(0, prefixLen) + '0'.repeat(n) + body.slice(prefixLen);
  }
  return pad(body, sign, s, '>');
}

function formatFloat(v: number, s: Spec): string {
  const neg = v < 0 || Object.is(v, -0);
  const a = Math.abs(v);
  let body: string;
  let type = s.type;
  const prec = s.precision;
  if (!Number.isFinite(a)) {
    body = Number.isNaN(a) ? 'nan' : 'inf';
    if (type === 'F' || type === 'E' || type === 'G') body = body.toUpperCase();
    if (type === '%') body += '%';
    const sign = signOf(Number.isNaN(v) ? false : neg, s);
    return pad(body, sign, s, '>');
  }
  switch (type) {
    case 'f':
    case 'F':
      body = toFixed(a, prec < 0 ? 6 : prec);
      if (s.alt && !body.includes('.')) body += '.';
      break;
    case 'e':
    case 'E':
      body = toExp(a, prec < 0 ? 6 : prec);
      if (type === 'E') body = body.toUpperCase();
      break;
    case 'g':
    case 'G':
      body = toGeneral(a, prec < 0 ? 6 : prec, s.alt);
      if (type === 'G') body = body.toUpperCase();
      break;
    case '%':
      body = toFixed(a * 100, prec < 0 ? 6 : prec) + '%';
      break;
    case '':
    case 'n':
      if (prec < 0) body = floatRepr(a);
      else body = formatNoType(a, prec, s.alt);
      break;
    default:
      throw pyErr('ValueError', `Unknown format code '${type}' for object of type 'float'`);
  }
  if (s.grouping) {
    const m = /^(\d+)(.*)$/.exec(body);
    if (m) body = group(m[1], s.grouping) + m[2];
  }
  return zeroPad(body, signOf(neg, s), s);
}

/** '' type with a precision: like 'g', but scientific when exp >= p - 1 and fixed keeps a '.0'. */
function formatNoType(a: number, prec: number, alt: boolean): string {
  const p = prec === 0 ? 1 : prec;
  const e = toExp(a, p - 1);
  const exp = parseInt(e.slice(e.indexOf('e') + 1), 10);
  if (exp >= -4 && exp < p - 1) {
    let f = toFixed(a, p - 1 - exp);
    if (!alt && f.includes('.')) f = f.replace(/0+$/, '');
    if (f.endsWith('.')) f += '0';
    if (!f.includes('.')) f += '.0';
    return f;
  }
  const [m, ex] = e.split('e');
  let mm = m;
  if (!alt && mm.includes('.')) mm = mm.replace(/0+$/, '').replace(/\.$/, '');
  return `${mm}e${ex}`;
}

function formatStr(v: string, s: Spec): string {
  if (s.type !== '' && s.type !== 's') throw pyErr('ValueError', `Unknown format code '${s.type}' for object of type 'str'`);
  if (s.sign !== '-' && s.sign) throw pyErr('ValueError', 'Sign not allowed in string format specifier');
  if (s.align === '=') throw pyErr('ValueError', "'=' alignment not allowed in string format specifier");
  const body = s.precision >= 0 ? [...v].slice(0, s.precision).join('') : v;
  return pad(body, '', s, '<');
}

/** Hooks into ops (set by ops-dependent code to avoid an import cycle). */
export const fmtHooks: {
  str: (v: PyValue) => string;
  repr: (v: PyValue) => string;
  special: (v: PyValue, name: string) => PyValue | undefined;
  callSync: (f: PyValue, args: PyValue[]) => PyValue;
  getitem: (o: PyValue, k: PyValue) => PyValue;
  getattr: (o: PyValue, k: string) => PyValue;
  intToStr: (v: bigint) => string;
} = {
  intToStr: v => v.toString(),
  str: String,
  repr: String,
  special: () => undefined,
  callSync: () => null,
  getitem: () => null,
  getattr: () => null
};

/** `'%d' % obj` / `'%f' % obj`: the first of `names` obj's class defines, called (CPython's PyNumber_Long / PyNumber_Float), else obj unchanged. */
function numericDunder(v: PyObject, names: string[]): PyValue {
  for (const name of names) {
    const f = fmtHooks.special(v, name);
    if (f !== undefined) return fmtHooks.callSync(f, [v]);
  }
  return v;
}

/** format(value, spec) */
export function formatValue(v: PyValue, spec: string): string {
  if (v instanceof PyObject) {
    const f = fmtHooks.special(v, '__format__');
    if (f !== undefined) {
      const r = fmtHooks.callSync(f, [v, spec]);
      if (typeof r !== 'string') throw pyErr('TypeError', '__format__ must return a str');
      return r;
    }
    if (spec === '') return fmtHooks.str(v);
    throw pyErr('TypeError', `unsupported format string passed to ${typeOf(v).name}.__format__`);
  }
  if (spec === '') return fmtHooks.str(v);
  const s = parseSpec(spec);
  if (typeof v === 'bigint') return formatInt(v, s);
  if (typeof v === 'boolean') return s.type === '' ? formatStr(v ? 'True' : 'False', s) : formatInt(v ? 1n : 0n, s);
  if (typeof v === 'number') return formatFloat(v, s);
  if (typeof v === 'string') return formatStr(v, s);
  if (v === null) return formatStr('None', s);
  throw pyErr('TypeError', `unsupported format string passed to ${typeOf(v).name}.__format__`);
}

// ---------------------------------------------------------------- printf-style

/** 'fmt' % args */
export function percentFormat(fmt: string, args: PyValue): string {
  const items = args instanceof PyTuple ? args.items : [args];
  const dict = args instanceof PyDict ? args : null;
  let ai = 0;
  const next = (): PyValue => {
    if (ai >= items.length) throw pyErr('TypeError', 'not enough arguments for format string');
    return items[ai++];
  };
  const re = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXeEfFgGcrsa%])/g;
  let out = '';
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(fmt))) {
    out += fmt.slice(last, m.index);
    last = re.lastIndex;
    const [, key, flags, w, p, conv] = m;
    if (conv === '%') {
      out += '%';
      continue;
    }
    const width = w === '*' ? Number(toBigInt(next())) : w ? parseInt(w, 10) : 0;
    const precision = p === '*' ? Number(toBigInt(next())) : p !== undefined ? parseInt(p, 10) : -1;
    let v = key !== undefined && dict ? fmtHooks.getitem(dict, key) : next();
    // Numeric conversions go through __int__/__index__ and __float__ (tensors, user classes).
    if (v instanceof PyObject && conv !== 's' && conv !== 'r' && conv !== 'a' && conv !== 'c') {
      const integral = 'diuxXo'.includes(conv);
      try {
        v = numericDunder(v, 'diu'.includes(conv) ? ['__int__', '__index__'] : integral ? ['__index__'] : ['__float__', '__index__']);
      } catch (e) {
        // CPython reports a TypeError from the conversion as the format's own type error.
        if (!integral || !(e instanceof PyError) || !isExceptionOf(e, 'TypeError')) throw e;
        const what = 'diu'.includes(conv) ? 'a real number' : 'an integer';
        throw pyErr('TypeError', `%${conv} format: ${what} is required, not ${typeOf(v).name}`);
      }
    }
    let body: string;
    const s: Spec = {
      fill: ' ',
      align: flags.includes('-') ? '<' : '',
      sign: flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '-',
      alt: flags.includes('#'),
      zero: flags.includes('0') && !flags.includes('-'),
      width,
      grouping: '',
      precision,
      type: ''
    };
    switch (conv) {
      case 's':
      case 'r':
      case 'a': {
        const t = conv === 's' ? fmtHooks.str(v) : fmtHooks.repr(v);
        body = pad(precision >= 0 ? t.slice(0, precision) : t, '', { ...s, fill: ' ', zero: false }, '>');
        break;
      }
      case 'd':
      case 'i':
      case 'u': {
        let n: bigint;
        if (typeof v === 'number') {
          if (!Number.isFinite(v)) throw pyErr('OverflowError', 'cannot convert float infinity to integer');
          n = BigInt(Math.trunc(v));
        } else if (typeof v === 'bigint' || typeof v === 'boolean') n = toBigInt(v);
        else throw pyErr('TypeError', `%${conv} format: a real number is required, not ${typeOf(v).name}`);
        body = formatInt(n, { ...s, type: 'd', precision: -1 });
        break;
      }
      case 'x':
      case 'X':
      case 'o':
        body = formatInt(toBigInt(v), { ...s, type: conv, precision: -1 });
        break;
      case 'c':
        if (typeof v === 'string') body = v;
        else {
          const cp = toBigInt(v);
          if (cp < 0n || cp >= 0x110000n) throw pyErr('OverflowError', '%c arg not in range(0x110000)');
          body = String.fromCodePoint(Number(cp));
        }
        break;
      default: {
        if (typeof v !== 'number' && typeof v !== 'bigint' && typeof v !== 'boolean') {
          throw pyErr('TypeError', `must be real number, not ${typeOf(v).name}`);
        }
        const x = typeof v === 'number' ? v : Number(toBigInt(v));
        body = formatFloat(x, { ...s, type: conv, precision: precision < 0 ? 6 : precision });
      }
    }
    out += body;
  }
  out += fmt.slice(last);
  if (ai < items.length && !dict && !(args instanceof PyDict)) {
    throw pyErr('TypeError', 'not all arguments converted during string formatting');
  }
  return out;
}

// ---------------------------------------------------------------- str.format

/** 'template'.format(*args, **kwargs) */
export function strFormat(tpl: string, args: PyValue[], kwargs: Map<string, PyValue> | null): string {
  numbering = null;
  let out = '';
  let auto = 0;
  let i = 0;
  while (i < tpl.length) {
    const c = tpl[i];
    if (c === '{') {
      if (tpl[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      // find matching close, allowing one level of nested {} in the spec
      let depth = 1;
      let j = i + 1;
      while (j < tpl.length && depth > 0) {
        if (tpl[j] === '{') depth++;
        else if (tpl[j] === '}') depth--;
        j++;
      }
      if (depth > 0) throw pyErr('ValueError', "Single '{' encountered in format string");
      const field = tpl.slice(i + 1, j - 1);
      i = j;
      const m = /^([^!:]*)(?:!([rsa]))?(?::(.*))?$/s.exec(field)!;
      let name = m[1];
      let spec = m[3] ?? '';
      spec = spec.replace(/\{([^{}]*)\}/g, (_, inner: string) => {
        const val = lookupField(inner, args, kwargs, () => auto++);
        return fmtHooks.str(val);
      });
      let v = lookupField(name, args, kwargs, () => auto++);
      if (m[2] === 'r' || m[2] === 'a') v = fmtHooks.repr(v);
      else if (m[2] === 's') v = fmtHooks.str(v);
      out += formatValue(v, spec);
      name = '';
    } else if (c === '}') {
      if (tpl[i + 1] === '}') {
        out += '}';
        i += 2;
        continue;
      }
      throw pyErr('ValueError', "Single '}' encountered in format string");
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

let numbering: 'auto' | 'manual' | null = null;

function lookupField(name: string, args: PyValue[], kwargs: Map<string, PyValue> | null, nextAuto: () => number): PyValue {
  const m = /^([^.[]*)(.*)$/s.exec(name)!;
  let head = m[1];
  let v: PyValue;
  if (head === '' || /^\d+$/.test(head)) {
    const mode = head === '' ? 'auto' : 'manual';
    if (numbering && numbering !== mode) {
      throw pyErr('ValueError', mode === 'auto' ? 'cannot switch from manual field specification to automatic field numbering' : 'cannot switch from automatic field numbering to manual field specification');
    }
    numbering = mode;
  }
  if (head === '') {
    const k = nextAuto();
    if (k >= args.length) throw pyErr('IndexError', `Replacement index ${k} out of range for positional args tuple`);
    v = args[k];
  } else if (/^\d+$/.test(head)) {
    const k = parseInt(head, 10);
    if (k >= args.length) throw pyErr('IndexError', `Replacement index ${k} out of range for positional args tuple`);
    v = args[k];
  } else {
    const kv = kwargs?.get(head);
    if (kv === undefined) throw pyErr('KeyError', `'${head}'`);
    v = kv;
  }
  let rest = m[2];
  while (rest) {
    const a = /^\.(\w+)/.exec(rest);
    if (a) {
      v = fmtHooks.getattr(v, a[1]);
      rest = rest.slice(a[0].length);
      continue;
    }
    const b = /^\[([^\]]*)\]/.exec(rest);
    if (b) {
      v = fmtHooks.getitem(v, /^\d+$/.test(b[1]) ? BigInt(b[1]) : b[1]);
      rest = rest.slice(b[0].length);
      continue;
    }
    throw pyErr('ValueError', 'Only \'.\' or \'[\' may follow \']\' in format field specifier');
  }
  head = '';
  return v;
}
