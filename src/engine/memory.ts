/**
 * Live-memory accounting for a kernel session.
 *
 * Why: per-allocation caps do not stop a cell that keeps many large objects
 * alive (`xs.append([0] * 10**7)` in a loop). In the browser the worker's V8
 * heap then runs out, and an out-of-memory in a worker takes the whole tab
 * (JupyterLab with it) down: no message, unsaved work lost. So every large
 * allocation — tensor storage, and Python lists/tuples past ~1 MiB — is charged
 * here and released by a FinalizationRegistry once the object is collected.
 * The interpreter polls `overCap()` at its periodic yield points (after letting
 * pending finalizers run) and raises MemoryError in the cell, where it can be
 * caught, instead of letting the process die.
 *
 * Charges are estimates (8 bytes per list element, the storage size for
 * tensors); small objects are not tracked, which keeps the hot paths free.
 */

/** Objects below this many bytes are not tracked. */
export const TRACK_MIN_BYTES = 1 << 20;

/** Two budgets: tensor storage (outside the JS heap) and Python containers (inside it). */
export type Pool = 'tensor' | 'heap';

interface Held {
  pool: Pool;
  bytes: number;
}

const live: Record<Pool, number> = { tensor: 0, heap: 0 };
const caps: Record<Pool, number> = {
  tensor: 2 * 1024 ** 3,
  // Python objects live in the worker's V8 heap; stay well below its limit.
  heap: 768 * 1024 ** 2
};

const registry =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<Held>(h => {
        live[h.pool] -= h.bytes;
      })
    : null;
const charges = new WeakMap<object, Held>();

/**
 * Set after a large allocation: the interpreter checks its clock (and so this
 * account, interrupts and the time limit) at its next step instead of after
 * its usual 1024 steps, since one step may have been a long, heavy call.
 */
export const bigWork = { pending: false };

/**
 * Set `owner`'s charge to `bytes` in `pool` (growing lists call this again
 * with their new size). No-op below TRACK_MIN_BYTES for untracked owners.
 */
export function chargeTo(owner: object, bytes: number, pool: Pool): void {
  let h = charges.get(owner);
  if (!h) {
    if (bytes < TRACK_MIN_BYTES || !registry) {
      return;
    }
    h = { pool, bytes: 0 };
    charges.set(owner, h);
    registry.register(owner, h);
  }
  live[h.pool] += bytes - h.bytes;
  h.bytes = bytes;
  bigWork.pending = true;
}

/** Bytes currently charged to live (not yet collected) objects. */
export function liveBytes(pool?: Pool): number {
  return pool ? live[pool] : live.tensor + live.heap;
}

export function setLiveCap(pool: Pool, bytes: number): void {
  caps[pool] = bytes;
}

export function liveCap(pool: Pool): number {
  return caps[pool];
}

/** The first pool over its cap, or null. */
export function overCap(): Pool | null {
  if (live.heap > caps.heap) {
    return 'heap';
  }
  return live.tensor > caps.tensor ? 'tensor' : null;
}

/** A readable MemoryError message for a pool over its cap. */
export function overCapMessage(pool: Pool): string {
  const mib = (b: number) => Math.round(b / 1024 ** 2);
  const what = pool === 'tensor' ? 'tensors' : 'Python lists and tuples';
  return (
    `this session holds about ${mib(live[pool])} MiB in ${what}, over the kernel's limit of ` +
    `${mib(caps[pool])} MiB; free some (del x, or reuse variables)` +
    (pool === 'tensor' ? ' or raise the memory cap in Settings' : '')
  );
}
