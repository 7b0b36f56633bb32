/** Malformed and hostile payloads for the table / calibration validators and fallbacks. */
import type { Rng } from './rng';

export const EVIL = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "javascript:alert('x')",
  '<a href="javascript:alert(1)">x</a>',
  '<svg><circle onmouseover="alert(1)"/></svg>',
  '</caption><script>alert(1)</script>',
  "' onfocus='alert(1)' autofocus='",
  '<iframe srcdoc="<script>alert(1)</script>">',
  '&lt;script&gt;',
  '<style>*{display:none}</style>',
  '\u0000<script>',
  '<<script>script>',
  '<SCRIPT SRC=//x.js></SCRIPT>'
];

const WRONG: unknown[] = [
  undefined, null, NaN, Infinity, -Infinity, -1, 0, 1.5, 1e308, 2 ** 53 + 2, '', 'x', true, false, [], {}, [1, 2],
  { a: 1 }, '1', [null], EVIL[0], Array(3).fill(EVIL[1])
];

/** A deep copy with one field (path) replaced, deleted, or retyped. */
export function mutatePayload(base: Record<string, unknown>, r: Rng): { payload: unknown; what: string } {
  const p = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  const keys = Object.keys(p);
  const k = r.pick(keys);
  const v = p[k];
  const nested = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  if (nested && r.chance(0.5)) {
    const nk = r.pick(Object.keys(nested));
    const w = r.pick(WRONG);
    if (w === undefined) delete nested[nk];
    else nested[nk] = w;
    return { payload: p, what: `${k}.${nk} = ${String(w)}` };
  }
  const w = r.pick(WRONG);
  if (w === undefined) delete p[k];
  else p[k] = w;
  return { payload: p, what: `${k} = ${String(w)}` };
}

/** Every tag in `html` is from the allow-list and carries no attribute but scope. */
export function badHtml(html: string, allowed: string[]): string | null {
  if (/<script/i.test(html)) return 'contains <script';
  if (/javascript:/i.test(html.replace(/>[^<]*</g, '><'))) return 'javascript: inside a tag';
  const tag = /<\/?([a-zA-Z][\w:-]*)([^>]*)>/g;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    if (!allowed.includes(m[1].toLowerCase())) return `unexpected tag <${m[1]}>`;
    const attrs = m[2].trim();
    if (attrs && !/^scope="(col|row)"$/.test(attrs)) return `unexpected attributes in <${m[1]} ${attrs}>`;
  }
  // what is left after removing the tags must hold no raw '<' or '>'
  const text = html.replace(tag, '');
  if (/[<>]/.test(text)) return 'unescaped < or > in text';
  return null;
}
