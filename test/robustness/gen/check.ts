/** What a robust result looks like: output, or a Python exception with a Python traceback. */
import type { CellError } from '../../../src/lang';

/** Leaks of the JavaScript implementation into user-visible text. */
export const JS_LEAK = [
  /^\s+at .*[(:]/m,
  /\.[tj]s:\d+/,
  /TypeError: Cannot read propert/,
  /undefined is not/,
  /is not a function/,
  /Maximum call stack/,
  /internal error/,
  /\[object Object\]/
];

export const jsLeak = (text: string): RegExp | undefined => JS_LEAK.find(r => r.test(text));

const PY_NAME = /^[A-Z_a-z]\w*$/;

/** null when `e` is a well-formed Python exception, else what is wrong. */
export function badPythonError(e: CellError | undefined): string | null {
  if (!e) return 'error result without error';
  if (!PY_NAME.test(e.ename)) return `ename ${JSON.stringify(e.ename)} is not a Python class name`;
  if (e.ename === 'SystemError') return 'SystemError (an internal JS error surfaced)';
  const tb = e.traceback;
  if (!Array.isArray(tb) || tb.length === 0) return 'empty traceback';
  const last = tb[tb.length - 1];
  // the last line names the class (maybe module-qualified: torch.xxx.Error)
  if (!new RegExp(`^([\\w.]+\\.)?${e.ename}(: |$)`).test(last)) return `last traceback line does not name ${e.ename}: ${last.slice(0, 200)}`;
  const syntax = /^(SyntaxError|IndentationError|TabError)$/.test(e.ename);
  const header = tb[0] === 'Traceback (most recent call last):';
  // a compile-time SyntaxError starts at its location; one raised while running has a traceback
  if (!header && !(syntax && /^ {2}File "[^"]+", line \d+/.test(tb[0]))) return `traceback header missing: ${tb[0].slice(0, 120)}`;
  for (const l of tb.slice(1, -1)) {
    if (!/^ {2}(File "[^"]*", line \d+(, in .+)?|\[Previous line repeated \d+ more times?\])$|^ {4}/.test(l)) return `traceback line not in Python format: ${l.slice(0, 200)}`;
  }
  const leak = jsLeak(tb.join('\n'));
  if (leak) return `JS leak ${leak} in traceback:\n${tb.join('\n').slice(0, 600)}`;
  return null;
}
