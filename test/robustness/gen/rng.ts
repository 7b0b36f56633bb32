/** Seeded randomness for the robustness generators (mulberry32). */
export interface Rng {
  (): number;
  int(lo: number, hi: number): number; // inclusive
  pick<T>(a: readonly T[]): T;
  chance(p: number): boolean;
}

export function rng(seed: number): Rng {
  let s = seed | 0;
  const next = (() => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }) as Rng;
  next.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  next.pick = a => a[Math.floor(next() * a.length)];
  next.chance = p => next() < p;
  return next;
}
