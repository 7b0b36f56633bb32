/**
 * Python tokenizer: NAME/NUMBER/STRING/OP tokens plus NEWLINE, INDENT, DEDENT
 * and EOF, with 1-based lines and 0-based columns (as CPython's AST).
 * Errors are PySyntaxError with CPython 3.11's messages and positions.
 */

export type TokType = 'NAME' | 'NUMBER' | 'STRING' | 'OP' | 'NEWLINE' | 'INDENT' | 'DEDENT' | 'EOF';

export interface StringInfo {
  /** Lowercased prefix letters: '', 'r', 'f', 'rf', 'b', ... */
  prefix: string;
  /** Decoded value (for f-strings: the raw body, parsed later). */
  value: string;
  /** Raw body between the quotes (f-strings are parsed from it). */
  raw: string;
  /** Position of the body's first character. */
  bodyLine: number;
  bodyCol: number;
}

export interface Token {
  type: TokType;
  value: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  num?: bigint | number;
  str?: StringInfo;
}

/** A syntax error with CPython's message and position (col is 1-based offset). */
export class PySyntaxError extends Error {
  /** Raised by the parser at the end of the input (unclosed brackets then win). */
  atEnd = false;
  constructor(
    public msg: string,
    public line: number,
    /** 1-based column of the caret (CPython's `offset`). 0 = no caret. */
    public offset: number,
    public endOffset = offset,
    public kind: 'SyntaxError' | 'IndentationError' | 'TabError' = 'SyntaxError',
    /** Show the source line in the traceback (CPython omits it for some errors). */
    public showLine = true,
    /** End line (for multi-line carets, CPython shows a single caret). */
    public endLine = line
  ) {
    super(msg);
  }
}

const OPERATORS = [
  '**=', '//=', '>>=', '<<=', '...', '->', ':=',
  '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=', '**', '//', '<<', '>>', '<=', '>=', '==', '!=',
  '+', '-', '*', '/', '%', '&', '|', '^', '~', '<', '>', '(', ')', '[', ']', '{', '}', ',', ':', '.', ';', '@', '='
];

const CLOSE: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** Operators by first character, longest first (one short scan per operator token). */
const OPS_BY_FIRST = new Map<string, string[]>();
for (const o of OPERATORS) {
  const list = OPS_BY_FIRST.get(o[0]) ?? [];
  list.push(o);
  OPS_BY_FIRST.set(o[0], list);
}
for (const list of OPS_BY_FIRST.values()) list.sort((a, b) => b.length - a.length);

// ASCII fast paths: the Unicode property regexes cost a regex run per character.
const isAsciiIdStart = (k: number): boolean => (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || k === 95;
const isAsciiIdChar = (k: number): boolean => isAsciiIdStart(k) || (k >= 48 && k <= 57);
const isIdStart = (c: string): boolean => {
  const k = c.charCodeAt(0);
  return k < 128 ? isAsciiIdStart(k) : /[\p{L}\p{Nl}_]/u.test(c);
};
const isIdChar = (c: string): boolean => {
  const k = c.charCodeAt(0);
  return k < 128 ? isAsciiIdChar(k) : /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_]/u.test(c);
};
/** Shared values of small int literals (a big list literal allocates no BigInt for them). */
const SMALL_INTS: bigint[] = Array.from({ length: 1024 }, (_, i) => BigInt(i));
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
/** String prefix letters (r, b, u, f in either case). */
const isPrefixChar = (c: string | undefined): boolean => c !== undefined && 'rRbBuUfF'.includes(c);

/** Token list; `unclosed` is set (lenient mode) when brackets are still open at EOF. */
export type TokenList = Token[] & { unclosed?: PySyntaxError };

export function tokenize(src: string, lenient = false): TokenList {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const toks: Token[] = [];
  const indents: number[] = [0];
  const indentStrs: string[] = [''];
  const brackets: { ch: string; line: number; col: number }[] = [];
  let contLine = false; // previous line ended with a backslash
  let li = 0;

  const push = (type: TokType, value: string, line: number, col: number, endLine = line, endCol = col + value.length): Token => {
    // every field set up front: one object shape for all tokens
    const t: Token = { type, value, line, col, endLine, endCol, num: undefined, str: undefined };
    toks.push(t);
    return t;
  };

  while (li < lines.length) {
    let line = lines[li];
    let lineNo = li + 1;
    let pos = 0;
    if (brackets.length === 0 && !contLine) {
      // Indentation (only at the start of a logical line).
      let width = 0;
      while (pos < line.length && (line[pos] === ' ' || line[pos] === '\t' || line[pos] === '\f')) {
        width = line[pos] === '\t' ? (Math.floor(width / 8) + 1) * 8 : line[pos] === ' ' ? width + 1 : 0;
        pos++;
      }
      if (pos >= line.length || line[pos] === '#' || (line[pos] === '\\' && pos === line.length - 1 && false)) {
        li++;
        continue; // blank or comment-only line
      }
      const indStr = line.slice(0, pos);
      const top = indents[indents.length - 1];
      if (width > top) {
        const prevStr = indentStrs[indentStrs.length - 1];
        if (!indStr.startsWith(prevStr) && indStr.includes('\t') !== prevStr.includes('\t') && prevStr.length > 0) {
          throw new PySyntaxError('inconsistent use of tabs and spaces in indentation', lineNo, pos + 1, 0, 'TabError', true);
        }
        indents.push(width);
        indentStrs.push(indStr);
        push('INDENT', indStr, lineNo, 0, lineNo, pos);
      } else if (width < top) {
        while (indents.length > 1 && indents[indents.length - 1] > width) {
          indents.pop();
          indentStrs.pop();
          push('DEDENT', '', lineNo, pos, lineNo, pos);
        }
        if (indents[indents.length - 1] !== width) {
          throw new PySyntaxError(
            'unindent does not match any outer indentation level', lineNo, line.length + 1, -1, 'IndentationError'
          );
        }
      } else {
        const prevStr = indentStrs[indentStrs.length - 1];
        if (indStr !== prevStr && (indStr.includes('\t') || prevStr.includes('\t'))) {
          throw new PySyntaxError('inconsistent use of tabs and spaces in indentation', lineNo, pos + 1, 0, 'TabError', true);
        }
      }
    }
    contLine = false;
    let endedLogical = false;
    while (pos < line.length) {
      const c = line[pos];
      if (c === ' ' || c === '\t' || c === '\f') {
        pos++;
        continue;
      }
      if (c === '#') break;
      if (c === '\\') {
        if (pos === line.length - 1) {
          contLine = true;
          pos++;
          if (li + 1 >= lines.length || (li + 1 === lines.length - 1 && lines[li + 1] === '')) {
            throw new PySyntaxError('unexpected EOF while parsing', lineNo, pos + 1);
          }
          break;
        }
        throw new PySyntaxError('unexpected character after line continuation character', lineNo, pos + 2);
      }
      // strings (with prefixes)
      // (only run the prefix regex where a string can start: a quote or a prefix letter)
      const sm = c === '"' || c === "'" || isPrefixChar(c) ? /^([rRbBuUfF]{0,2})(['"])/.exec(line.slice(pos, pos + 4)) : null;
      if (sm && (sm[1] === '' || /^(r|b|u|f|rb|br|fr|rf)$/i.test(sm[1]))) {
        const prefix = sm[1].toLowerCase();
        const q = sm[2];
        const startCol = pos;
        const startLine = lineNo;
        const triple = line.slice(pos + prefix.length, pos + prefix.length + 3) === q.repeat(3);
        let p = pos + prefix.length + (triple ? 3 : 1);
        const bodyLine = lineNo;
        const bodyCol = p;
        let raw = '';
        if (!triple) {
          let closed = false;
          while (p < line.length) {
            const ch = line[p];
            if (ch === '\\') {
              if (p + 1 >= line.length) {
                // backslash-newline inside a single-quoted string: continue on next line
                if (li + 1 < lines.length) {
                  raw += '\\\n';
                  li++;
                  line = lines[li];
                  p = 0;
                  continue;
                }
                break;
              }
              raw += ch + line[p + 1];
              p += 2;
              continue;
            }
            if (ch === q) {
              closed = true;
              p++;
              break;
            }
            raw += ch;
            p++;
          }
          if (!closed) {
            throw new PySyntaxError(`unterminated string literal (detected at line ${li + 1})`, startLine, startCol + 1);
          }
        } else {
          let closed = false;
          for (;;) {
            if (p >= line.length) {
              if (li + 1 >= lines.length) break;
              raw += '\n';
              li++;
              line = lines[li];
              p = 0;
              continue;
            }
            const ch = line[p];
            if (ch === '\\' && p + 1 < line.length) {
              raw += ch + line[p + 1];
              p += 2;
              continue;
            }
            if (line.startsWith(q.repeat(3), p)) {
              closed = true;
              p += 3;
              break;
            }
            raw += ch;
            p++;
          }
          if (!closed) {
            throw new PySyntaxError(
              `unterminated triple-quoted string literal (detected at line ${lines.length - (lines[lines.length - 1] === '' ? 1 : 0)})`,
              startLine,
              startCol + 1
            );
          }
        }
        const isRaw = prefix.includes('r');
        const value = prefix.includes('f') ? raw : isRaw ? raw.replace(/\\\n/g, '\\\n') : decodeEscapes(raw, startLine, startCol);
        const t = push('STRING', q, startLine, startCol, li + 1, p);
        t.str = { prefix, value, raw, bodyLine, bodyCol };
        pos = p;
        lineNo = li + 1;
        continue;
      }
      // numbers
      if (isDigit(c)) {
        // fast path for the common plain decimal integer (the regex reader handles the rest)
        let p = pos + 1;
        let k = 0;
        while (p < line.length && (k = line.charCodeAt(p)) >= 48 && k <= 57) p++;
        const next = p < line.length ? line.charCodeAt(p) : 32;
        if (p - pos < 16 && (c !== '0' || p - pos === 1) && next !== 46 && next !== 95 && next < 128 && !isAsciiIdChar(next)) {
          const txt = line.slice(pos, p);
          const n = +txt;
          push('NUMBER', txt, lineNo, pos).num = n < SMALL_INTS.length ? SMALL_INTS[n] : BigInt(n);
          pos = p;
          continue;
        }
      }
      if (isDigit(c) || (c === '.' && isDigit(line[pos + 1]))) {
        const [tok, end] = readNumber(line, pos, lineNo);
        push('NUMBER', line.slice(pos, end), lineNo, pos).num = tok;
        pos = end;
        continue;
      }
      if (isIdStart(c)) {
        let p = pos + 1;
        while (p < line.length && (isAsciiIdChar(line.charCodeAt(p)) || (line.charCodeAt(p) >= 128 && isIdChar(line[p])))) p++;
        push('NAME', line.slice(pos, p), lineNo, pos);
        pos = p;
        continue;
      }
      const op = OPS_BY_FIRST.get(c)?.find(o => o.length === 1 || line.startsWith(o, pos));
      if (op) {
        if (op === '(' || op === '[' || op === '{') {
          if (brackets.length >= 200) throw new PySyntaxError('too many nested parentheses', lineNo, pos + 1);
          brackets.push({ ch: op, line: lineNo, col: pos });
        }
        else if (op === ')' || op === ']' || op === '}') {
          const open = brackets.pop();
          if (!open) throw new PySyntaxError(`unmatched '${op}'`, lineNo, pos + 1);
          if (open.ch !== CLOSE[op]) {
            if (open.line !== lineNo) {
              throw new PySyntaxError(
                `closing parenthesis '${op}' does not match opening parenthesis '${open.ch}' on line ${open.line}`, lineNo, pos + 1
              );
            }
            throw new PySyntaxError(`closing parenthesis '${op}' does not match opening parenthesis '${open.ch}'`, lineNo, pos + 1);
          }
        }
        push('OP', op, lineNo, pos);
        pos += op.length;
        continue;
      }
      if (c === '!' ) throw new PySyntaxError('invalid syntax', lineNo, pos + 1);
      const cp = c.codePointAt(0)!;
      const chr = String.fromCodePoint(cp);
      if (c === '$' || c === '?' || c === '`') throw new PySyntaxError('invalid syntax', lineNo, pos + 1);
      throw new PySyntaxError(
        `invalid character '${chr}' (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`, lineNo, pos + 1
      );
    }
    if (!contLine && brackets.length === 0) {
      const last = toks[toks.length - 1];
      if (last && last.type !== 'NEWLINE' && last.type !== 'INDENT' && last.type !== 'DEDENT') {
        push('NEWLINE', '', li + 1, line.length, li + 1, line.length + 1);
        endedLogical = true;
      }
    }
    void endedLogical;
    li++;
  }
  let unclosed: PySyntaxError | undefined;
  if (brackets.length) {
    const b = brackets[brackets.length - 1];
    unclosed = new PySyntaxError(`'${b.ch}' was never closed`, b.line, b.col + 1);
    if (!lenient) throw unclosed;
  }
  const lastLine = lines.length;
  const last = toks[toks.length - 1];
  if (last && last.type !== 'NEWLINE' && last.type !== 'DEDENT' && last.type !== 'INDENT') {
    push('NEWLINE', '', last.endLine, last.endCol);
  }
  while (indents.length > 1) {
    indents.pop();
    push('DEDENT', '', lastLine, 0);
  }
  push('EOF', '', lastLine, 0);
  const out = toks as TokenList;
  if (unclosed) out.unclosed = unclosed;
  return out;
}

// Sticky regexes run at `pos` in the line: slicing the rest of a 1 MB line per number is quadratic.
const HEX_RE = /0[xX](?:_?[0-9a-fA-F])+/y;
const OCT_RE = /0[oO](?:_?[0-7])+/y;
const BIN_RE = /0[bB](?:_?[01])+/y;
const DEC_RE = /(?:\d(?:_?\d)*)?(?:\.(?:\d(?:_?\d)*)?)?(?:[eE][-+]?\d(?:_?\d)*)?/y;
const KW_AFTER_NUMBER_RE = /(and|or|if|else|in|is|not|for)\b/y;

function stickyExec(re: RegExp, s: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(s);
}

/** BigInt of a decimal digit string; short ones go through a double (much faster, exact below 2^53). */
function bigDecimal(txt: string): bigint {
  return txt.length < 16 ? BigInt(+txt) : BigInt(txt);
}

function readNumber(line: string, pos: number, lineNo: number): [bigint | number, number] {
  let m = line[pos] === '0' ? stickyExec(HEX_RE, line, pos) || stickyExec(OCT_RE, line, pos) || stickyExec(BIN_RE, line, pos) : null;
  if (m) {
    const end = pos + m[0].length;
    checkNumberEnd(line, end, lineNo, m[0][1].toLowerCase() === 'x' ? 'hexadecimal' : m[0][1].toLowerCase() === 'o' ? 'octal' : 'binary');
    return [BigInt(m[0].replace(/_/g, '')), end];
  }
  m = stickyExec(DEC_RE, line, pos);
  const txt = m![0];
  let end = pos + txt.length;
  if (line[end] === '_' ) throw new PySyntaxError('invalid decimal literal', lineNo, end + 1);
  if (line[end] === 'j' || line[end] === 'J') {
    throw new PySyntaxError('complex numbers are not supported', lineNo, pos + 1);
  }
  const isFloat = /[.eE]/.test(txt);
  if (isFloat) {
    checkNumberEnd(line, end, lineNo, 'decimal');
    return [parseFloat(txt.replace(/_/g, '')), end];
  }
  if (/^0+[1-9]/.test(txt.replace(/_/g, ''))) {
    throw new PySyntaxError(
      'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers', lineNo, pos + 1, pos + 2
    );
  }
  checkNumberEnd(line, end, lineNo, 'decimal');
  end = pos + txt.length;
  return [bigDecimal(txt.includes('_') ? txt.replace(/_/g, '') : txt), end];
}

function checkNumberEnd(line: string, end: number, lineNo: number, kind: string): void {
  const c = line[end];
  if (c !== undefined && (isIdChar(c) || c === '_')) {
    // keywords right after a number (1if x else y) are allowed by CPython with a warning
    if (stickyExec(KW_AFTER_NUMBER_RE, line, end)) return;
    throw new PySyntaxError(`invalid ${kind} literal`, lineNo, kind === 'decimal' ? end : end + 1);
  }
}

/** Decode backslash escapes of a non-raw string literal. */
export function decodeEscapes(raw: string, line = 0, col = 0): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = raw[++i];
    switch (n) {
      case '\n':
        break;
      case '\\':
        out += '\\';
        break;
      case "'":
        out += "'";
        break;
      case '"':
        out += '"';
        break;
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case 'x': {
        const h = raw.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(h)) {
          throw new PySyntaxError(`(unicode error) 'unicodeescape' codec can't decode bytes in position ${i - 1}-${i}: truncated \\xXX escape`, line, col + 1);
        }
        out += String.fromCharCode(parseInt(h, 16));
        i += 2;
        break;
      }
      case 'u':
      case 'U': {
        const len = n === 'u' ? 4 : 8;
        const h = raw.slice(i + 1, i + 1 + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(h)) {
          throw new PySyntaxError(`(unicode error) 'unicodeescape' codec can't decode bytes in position ${i - 1}-${i}: truncated \\${n}${'X'.repeat(len)} escape`, line, col + 1);
        }
        const cp = parseInt(h, 16);
        if (cp > 0x10ffff) {
          throw new PySyntaxError(`(unicode error) 'unicodeescape' codec can't decode bytes in position ${i - 1}-${i + len}: illegal Unicode character`, line, col + 1);
        }
        out += String.fromCodePoint(cp);
        i += len;
        break;
      }
      case 'N': {
        const m = /^\{([^}]*)\}/.exec(raw.slice(i + 1));
        out += m ? '\ufffd' : '\\N';
        if (m) i += m[0].length;
        break;
      }
      default:
        if (n !== undefined && /[0-7]/.test(n)) {
          let oct = n;
          while (oct.length < 3 && /[0-7]/.test(raw[i + 1] ?? '')) oct += raw[++i];
          out += String.fromCharCode(parseInt(oct, 8));
        } else {
          out += '\\' + (n ?? '');
        }
    }
  }
  return out;
}
