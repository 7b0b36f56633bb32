/**
 * JSON: nested lists of numbers → tensor (int64 if every value is an integer
 * literal, bool if all booleans, else float32 — as torch.tensor(json.load(f))); an
 * object → dict of the same, recursively. Ragged lists and other values are
 * ValueErrors. Parsed by json_parse.ts, which keeps `1.0` a float literal.
 */
import { Tensor, allocStorage } from '../tensor';
import { TorchError } from '../errors';
import { Loaded, LoadedDict } from './loaded';
import { checkDeadline } from '../deadline';
import { parseJson, JsonFloat, JsonObject, floatLists } from './json_parse';

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

/** Whether a list in `v` (a rectangular nest, checked by shapeOf) was parsed with a float literal. */
function hasFloatList(v: unknown): boolean {
  const todo: unknown[] = [v];
  while (todo.length) {
    const x = todo.pop();
    if (Array.isArray(x)) {
      if (floatLists.has(x)) {
        return true;
      }
      if (Array.isArray(x[0])) {
        for (const y of x) {
          todo.push(y); // not push(...x): a million rows overflow the argument limit
        }
      }
    }
  }
  return false;
}

/** Nested list / number / bool → tensor. A JsonFloat (an integral float literal, 1.0) makes it float32. */
export function tensorFromJson(v: unknown, path = '$'): Tensor {
  const shape = shapeOf(v, path);
  const flat: unknown[] = shape.length ? (v as unknown[]).flat(Infinity) : [v];
  let allBool = flat.length > 0;
  let allInt = !hasFloatList(v);
  for (let i = 0; i < flat.length; i++) {
    const x = flat[i];
    if ((i & 0xfffff) === 0xfffff) checkDeadline();

    if (typeof x === 'boolean') {
      allInt = false;
      continue;
    }
    allBool = false;
    if (x instanceof JsonFloat) {
      allInt = false;
      flat[i] = x.value;
      continue;
    }
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
  if (dtype === 'int64') {
    // Python ints are unbounded, torch.tensor refuses what int64 cannot hold (±2^63 here is as
    // close as doubles tell; integers past 2^53 are already the nearest double)
    const big = flat.find(x => Math.abs(x as number) > 2 ** 63);
    if (big !== undefined) {
      throw new TorchError(
        'RuntimeError',
        `Overflow when unpacking long: the JSON integer ${String(big)} at ${path} does not fit in int64`
      );
    }
  }
  const out = allocStorage(dtype, flat.length); // the memory cap
  for (let i = 0; i < flat.length; i++) {
    out[i] = allBool ? (flat[i] ? 1 : 0) : Number(flat[i]);
  }
  return Tensor.fromStorage(out, shape, dtype);
}

function convert(v: unknown, path: string, depth = 0): Loaded {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof JsonFloat)) {
    if (depth >= 1000) {
      throw new TorchError('ValueError', `JSON objects nested deeper than 1000 levels at ${path}`);
    }
    const d: LoadedDict = { kind: 'dict', ordered: false, entries: [] };
    const entries =
      v instanceof JsonObject ? v.entries.entries() : Object.entries(v as Record<string, unknown>);
    for (const [k, x] of entries) {
      d.entries.push([k, convert(x, `${path}.${k}`, depth + 1)]);
    }
    return d;
  }
  return tensorFromJson(v, path);
}

export function loadJson(bytes: Uint8Array): Loaded {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new TorchError('ValueError', 'invalid JSON: the file is not UTF-8 text');
  }
  return convert(parseJson(text, MAX_DIMS), '$');
}
