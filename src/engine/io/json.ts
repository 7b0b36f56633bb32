/**
 * JSON: nested lists of numbers → tensor (int64 if every value is an integer
 * literal, bool if all booleans, else float32); an object → dict of the same,
 * recursively. Ragged lists and other values are ValueErrors.
 */
import { Tensor, allocStorage } from '../tensor';
import { TorchError } from '../errors';
import { Loaded, LoadedDict } from './loaded';

/** PyTorch tensors have at most 64 dimensions; deeper JSON lists are refused (and cannot overflow the stack). */
const MAX_DIMS = 64;

function shapeOf(v: unknown, path: string, depth = 0): number[] {
  if (!Array.isArray(v)) {
    return [];
  }
  if (depth >= MAX_DIMS) {
    throw new TorchError('ValueError', `JSON lists nested deeper than ${MAX_DIMS} levels at ${path}`);
  }
  if (v.length === 0) {
    return [0];
  }
  const inner = shapeOf(v[0], `${path}[0]`, depth + 1);
  for (let i = 1; i < v.length; i++) {
    const s = shapeOf(v[i], `${path}[${i}]`, depth + 1);
    if (s.length !== inner.length || s.some((d, k) => d !== inner[k])) {
      throw new TorchError(
        'ValueError',
        `expected sequence of length ${inner[0] ?? 0} at dim ${path.split('[').length} (got ${s[0] ?? 'a scalar'}) at ${path}[${i}]`
      );
    }
  }
  return [v.length, ...inner];
}

/** Nested list / number / bool → tensor. `text` lets integer detection see "1.0" vs "1". */
export function tensorFromJson(v: unknown, path = '$'): Tensor {
  const shape = shapeOf(v, path);
  const flat: unknown[] = shape.length ? (v as unknown[]).flat(Infinity) : [v];
  let allBool = flat.length > 0;
  let allInt = true;
  for (let i = 0; i < flat.length; i++) {
    const x = flat[i];
    if (typeof x === 'boolean') {
      allInt = false;
      continue;
    }
    allBool = false;
    if (typeof x !== 'number') {
      throw new TorchError(
        'ValueError',
        `JSON value at ${path} (element ${i}) is not a number: ${JSON.stringify(x)}`
      );
    }
    if (!Number.isInteger(x)) {
      allInt = false;
    }
  }
  const dtype = allBool ? 'bool' : allInt && flat.length > 0 ? 'int64' : 'float32';
  const out = allocStorage(dtype, flat.length); // the memory cap
  for (let i = 0; i < flat.length; i++) {
    out[i] = allBool ? (flat[i] ? 1 : 0) : Number(flat[i]);
  }
  return Tensor.fromStorage(out, shape, dtype);
}

function convert(v: unknown, path: string, depth = 0): Loaded {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    if (depth >= 1000) {
      throw new TorchError('ValueError', `JSON objects nested deeper than 1000 levels at ${path}`);
    }
    const d: LoadedDict = { kind: 'dict', ordered: false, entries: [] };
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      d.entries.push([k, convert(x, `${path}.${k}`, depth + 1)]);
    }
    return d;
  }
  return tensorFromJson(v, path);
}

export function loadJson(bytes: Uint8Array): Loaded {
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder('utf-8').decode(bytes));
  } catch (e) {
    throw new TorchError('ValueError', `invalid JSON: ${(e as Error).message}`);
  }
  return convert(v, '$');
}
