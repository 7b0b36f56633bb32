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
}

export interface LoadedSeq {
  kind: 'list' | 'tuple';
  items: Loaded[];
}

export type Loaded = Tensor | LoadedDict | LoadedSeq | number | string | boolean | null;

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
