/**
 * "Did you mean: 'x'?" suggestions that CPython 3.11 appends to NameError and
 * AttributeError tracebacks (same cost model: edits cost 2, case-only
 * substitutions 1, at most (len(a) + len(b) + 3) * 2 // 6).
 */
const MOVE_COST = 2;
const CASE_COST = 1;

function substitutionCost(a: string, b: string): number {
  if (a === b) return 0;
  return a.toLowerCase() === b.toLowerCase() ? CASE_COST : MOVE_COST;
}

function distance(a: string, b: string, maxCost: number): number {
  if (a === b) return 0;
  // strip common prefix/suffix
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  a = a.slice(pre);
  b = b.slice(pre);
  let suf = 0;
  while (suf < a.length && suf < b.length && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  a = a.slice(0, a.length - suf);
  b = b.slice(0, b.length - suf);
  if (!a.length || !b.length) return (a.length + b.length) * MOVE_COST;
  if (Math.abs(a.length - b.length) * MOVE_COST > maxCost) return maxCost + 1;
  let row = Array.from({ length: b.length }, (_, i) => (i + 1) * MOVE_COST);
  let result = 0;
  for (let ai = 0; ai < a.length; ai++) {
    let distLeft = ai * MOVE_COST;
    let distDiag = distLeft;
    result = (ai + 1) * MOVE_COST;
    let minimum = Infinity;
    const next: number[] = new Array(b.length);
    for (let bi = 0; bi < b.length; bi++) {
      const distUp = row[bi];
      result = Math.min(distDiag + substitutionCost(a[ai], b[bi]), distLeft + MOVE_COST, distUp + MOVE_COST);
      next[bi] = result;
      distDiag = distUp;
      distLeft = result;
      if (result < minimum) minimum = result;
    }
    row = next;
    if (minimum > maxCost) return maxCost + 1;
  }
  return result;
}

/** The closest candidate to `wrong`, or null. */
export function suggest(wrong: string, candidates: Iterable<string>): string | null {
  const list = [...candidates];
  if (list.length > 750) return null;
  let best: string | null = null;
  let bestDist = Infinity;
  for (const c of list) {
    if (c === wrong) continue;
    // no more than about a third of the involved characters may change
    const maxDist = Math.min(Math.floor(((wrong.length + c.length + 3) * MOVE_COST) / 6), bestDist - 1);
    const d = distance(wrong, c, maxDist);
    if (d > maxDist) continue;
    if (best === null || d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  return best;
}
