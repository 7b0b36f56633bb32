/**
 * The corpus `check` script's comparison, ported: "exact" (byte-identical),
 * "close" (same tokens ignoring whitespace; numbers equal within 1.5 units of
 * the last printed digit, so `1.` == `1.0000`), else "differs".
 */
const NUM_SRC = String.raw`[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|[-+]?inf|nan`;
const NUM_FULL = new RegExp(`^(?:${NUM_SRC})$`);

export function tokens(text: string): string[] {
  const re = new RegExp(String.raw`\s+|` + NUM_SRC + '|.', 'gs');
  const out: string[] = [];
  for (const m of text.matchAll(re)) if (!/^\s+$/.test(m[0])) out.push(m[0]);
  return out;
}

function tolerance(tok: string): number {
  const m = /^[-+]?\d*\.(\d*)(?:[eE]([-+]?\d+))?$/.exec(tok);
  if (!m) return 0.5;
  const decimals = m[1].length;
  const exp = parseInt(m[2] ?? '0', 10);
  return decimals ? 1.5 * 10 ** (exp - decimals) : 10 ** exp * 1e-6;
}

function pyFloat(s: string): number {
  const t = s.replace(/^\+/, '');
  if (/^-?inf$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (t === 'nan') return NaN;
  return parseFloat(t);
}

export function close(a: string, b: string): boolean {
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.length !== tb.length) return false;
  for (let i = 0; i < ta.length; i++) {
    const x = ta[i];
    const y = tb[i];
    if (x === y) continue;
    if (NUM_FULL.test(x) && NUM_FULL.test(y)) {
      const fx = pyFloat(x);
      const fy = pyFloat(y);
      if ((Number.isNaN(fx) && Number.isNaN(fy)) || fx === fy) continue;
      if (Math.abs(fx - fy) <= Math.max(tolerance(x), tolerance(y), 1e-6 * Math.max(Math.abs(fx), Math.abs(fy)))) continue;
    }
    return false;
  }
  return true;
}

export type Verdict = 'exact' | 'close' | 'differs';

export function verdict(expected: string, actual: string): Verdict {
  if (actual === expected) return 'exact';
  return close(expected, actual) ? 'close' : 'differs';
}
