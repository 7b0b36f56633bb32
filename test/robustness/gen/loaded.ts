/** Outcome of loading bytes: a value, a TorchError (fine), or anything else (a bug). */
import { load, Loaded } from '../../../src/engine/io';
import { Tensor } from '../../../src/engine/tensor';
import { TorchError } from '../../../src/engine/errors';
import { jsLeak } from './check';

export type Outcome = { ok: true; value: Loaded; ms: number } | { ok: false; error: unknown; ms: number };

export function attempt(bytes: Uint8Array, filename: string): Outcome {
  const t0 = Date.now();
  try {
    const value = load(bytes, filename);
    return { ok: true, value, ms: Date.now() - t0 };
  } catch (error) {
    return { ok: false, error, ms: Date.now() - t0 };
  }
}

/** null when the refusal is a clean TorchError with a Python class and message. */
export function badRefusal(e: unknown): string | null {
  if (!(e instanceof TorchError)) return `not a TorchError: ${(e as Error)?.constructor?.name}: ${(e as Error)?.message ?? e}`;
  if (!/^[A-Z]\w*Error$/.test(e.pyType)) return `pyType ${e.pyType}`;
  if (!e.message) return 'empty message';
  const leak = jsLeak(e.message);
  return leak ? `JS leak ${leak}: ${e.message}` : null;
}

/** null when every tensor in the loaded tree is sane: integer dims ≥ 0, views inside their storage. */
export function badLoaded(v: Loaded, depth = 0): string | null {
  if (depth > 200) return 'loaded tree deeper than 200';
  if (v instanceof Tensor) {
    if (!v.shape.every(d => Number.isSafeInteger(d) && d >= 0)) return `bad shape [${v.shape}]`;
    if (v.strides.length !== v.shape.length || !v.strides.every(s => Number.isSafeInteger(s))) return `bad strides [${v.strides}]`;
    if (v.numel === 0) return null;
    let last = v.offset;
    let first = v.offset;
    v.shape.forEach((d, k) => {
      const span = (d - 1) * v.strides[k];
      if (span > 0) last += span;
      else first += span;
    });
    if (first < 0 || last >= v.storage.length) return `view [${v.shape}] stride [${v.strides}] offset ${v.offset} outside storage of ${v.storage.length}`;
    return null;
  }
  if (v === null || typeof v !== 'object') return null;
  const kids = v.kind === 'dict' ? v.entries.map(e => e[1]) : v.items;
  for (const k of kids) {
    const bad = badLoaded(k, depth + 1);
    if (bad) return bad;
  }
  return null;
}
