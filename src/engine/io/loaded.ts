/**
 * What a file loads to: a tensor, or a (nested) container the interpreter wraps
 * as a Python dict / list / tuple. Scalars (int/float/str/bool/None) appear only
 * inside torch.save containers (e.g. {'epoch': 3, 'state_dict': …}).
 */
import { Tensor } from '../tensor';

export type LoadedKey = string | number | boolean | null;

export interface LoadedDict {
  kind: 'dict';
  /** True for collections.OrderedDict (state_dict). */
  ordered: boolean;
  entries: [LoadedKey, Loaded][];
  /** Indices of entries whose value is a Python float (see isFloatAt). */
  floats?: Set<number>;
}

export interface LoadedSeq {
  kind: 'list' | 'tuple';
  items: Loaded[];
  /** Indices of items that are Python floats (see isFloatAt). */
  floats?: Set<number>;
}

export type Loaded = Tensor | LoadedDict | LoadedSeq | number | string | boolean | null;

/**
 * Python float vs int: a pickled 1.0 and 1 are the same JS number, so containers
 * list the positions (entry / item indices) of their Python floats in `floats`.
 * Unmarked integral numbers are ints. Kept beside the values (not a wrapper) so
 * every consumer of plain numbers keeps working. A bare float at the root of a
 * file has no container to mark it: an integral one reads as an int.
 */
export function isFloatAt(c: LoadedDict | LoadedSeq, i: number): boolean {
  return c.floats?.has(i) ?? false;
}

export function isLoadedDict(v: Loaded): v is LoadedDict {
  return typeof v === 'object' && v !== null && !(v instanceof Tensor) && v.kind === 'dict';
}

export function isLoadedSeq(v: Loaded): v is LoadedSeq {
  return (
    typeof v === 'object' &&
    v !== null &&
    !(v instanceof Tensor) &&
    (v.kind === 'list' || v.kind === 'tuple')
  );
}

/** A plain dict of tensors (npz, JSON objects) in key order. */
export function dictOf(record: Record<string, Loaded>, ordered = false): LoadedDict {
  return { kind: 'dict', ordered, entries: Object.entries(record) };
}
