/**
 * Python values ↔ engine values for the softmax module: tensor arguments
 * (tensors or nested lists), class-name lists, and the file loader's `Loaded`
 * trees (tensor / dict / list / tuple / scalars) both ways.
 */
import {
  PyValue,
  PyDict,
  PyList,
  PyTuple,
  PyInstance,
  pyErr,
  typeName,
  toNumber,
  str
} from '../../native';
import {
  Tensor,
  Loaded,
  LoadedKey,
  isFloating,
  isFloatAt,
  parameterTensors
} from '../../../engine';
import { isTensor, wrap, ParameterClass } from '../torch/core';
import { tensorFromPy } from '../torch/args';

/** A tensor argument: a torch.Tensor, or a (nested) list/tuple of numbers as torch.tensor() takes. */
export function tensorArg(v: PyValue, fname: string, arg: string): Tensor {
  if (isTensor(v)) {
    return v.native as Tensor;
  }
  if (v instanceof PyList || v instanceof PyTuple) {
    return tensorFromPy(v);
  }
  throw pyErr(
    'TypeError',
    `${fname}(): argument '${arg}' must be a Tensor or a list, not ${typeName(v)}`
  );
}

/**
 * A labels argument. Float labels are refused as the engine (and torchmetrics) do, but with
 * the usual cause and cure: labels read from a .csv file load as float32.
 */
export function labelsArg(v: PyValue, fname: string): Tensor {
  const t = tensorArg(v, fname, 'labels');
  if (isFloating(t.dtype)) {
    throw pyErr(
      'ValueError',
      `labels must be an integer tensor (got ${t.dtype}); labels loaded from a .csv file are float32: pass labels.long()`
    );
  }
  return t;
}

/** `classes=`: None or a list/tuple of names (each converted with str()). */
export function classesArg(v: PyValue, fname: string): string[] | null {
  if (v === null) {
    return null;
  }
  if (v instanceof PyList || v instanceof PyTuple) {
    return v.items.map(x => str(x));
  }
  throw pyErr(
    'TypeError',
    `${fname}(): argument 'classes' must be a list of names or None, not ${typeName(v)}`
  );
}

/** A Python number (int/float, not bool) as a JS number; TypeError otherwise. */
export function numberArg(v: PyValue, fname: string, arg: string): number {
  if (typeof v === 'number' || typeof v === 'bigint') {
    return toNumber(v);
  }
  throw pyErr('TypeError', `${fname}(): argument '${arg}' must be a number, not ${typeName(v)}`);
}

/** Positive integer argument (bins, top_k). */
export function posIntArg(v: PyValue, fname: string, arg: string): number {
  if (typeof v !== 'bigint') {
    throw pyErr('TypeError', `${fname}(): argument '${arg}' must be int, not ${typeName(v)}`);
  }
  if (v < 1n) {
    throw pyErr('ValueError', `${fname}(): ${arg} must be a positive integer, got ${v}`);
  }
  return Number(v);
}

export function boolFlag(v: PyValue, fname: string, arg: string): boolean {
  if (typeof v === 'boolean') {
    return v;
  }
  if (typeof v === 'bigint') {
    return v !== 0n;
  }
  throw pyErr('TypeError', `${fname}(): argument '${arg}' must be bool, not ${typeName(v)}`);
}

// ---------------------------------------------------------------- Loaded ↔ Python

const toKey = (k: LoadedKey): PyValue =>
  typeof k === 'number' && Number.isInteger(k) ? BigInt(k) : k;

/**
 * A loaded file as the cell sees it. Numbers their container marks as floats
 * (isFloatAt) are Python floats; others are ints when integral.
 */
export function loadedToPy(v: Loaded, isFloat = false): PyValue {
  if (v instanceof Tensor) {
    // torch.save(nn.Parameter(x)) loads as a Parameter (repr "Parameter containing:")
    return parameterTensors.has(v) ? wrap(v, ParameterClass) : wrap(v);
  }
  if (v === null || typeof v === 'string' || typeof v === 'boolean') {
    return v;
  }
  if (typeof v === 'number') {
    return Number.isInteger(v) && !isFloat ? BigInt(v) : v;
  }
  if (v.kind === 'dict') {
    const d = new PyDict();
    v.entries.forEach(([k, x], i) => d.set(toKey(k), loadedToPy(x, isFloatAt(v, i))));
    return d;
  }
  const items = v.items.map((x, i) => loadedToPy(x, isFloatAt(v, i)));
  return v.kind === 'list' ? new PyList(items) : new PyTuple(items);
}

/** Positions of Python floats (JS numbers; ints are bigints) so torch.save writes 2.0 as a float. */
function floatsOfPy(values: PyValue[]): Set<number> | undefined {
  let out: Set<number> | undefined;
  values.forEach((x, i) => {
    if (typeof x === 'number') {
      (out ??= new Set()).add(i);
    }
  });
  return out;
}

const SAVE_HINT =
  'only tensors and dict/list/tuple containers of tensors, numbers, strings and None can be saved';

/** A Python object to save; TypeError naming the offending type otherwise. */
export function pyToLoaded(v: PyValue, depth = 0): Loaded {
  if (depth > 100) {
    throw pyErr('ValueError', 'object is nested too deeply to save');
  }
  if (isTensor(v)) {
    return (v as PyInstance).native as Tensor;
  }
  if (v === null || typeof v === 'string' || typeof v === 'boolean') {
    return v;
  }
  if (typeof v === 'number') {
    return v; // a Python float: its container marks it (floatsOfPy)
  }
  if (typeof v === 'bigint') {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
      throw pyErr('OverflowError', `int ${v} is too large to save`);
    }
    return Number(v);
  }
  if (v instanceof PyList || v instanceof PyTuple) {
    const seq: Loaded = {
      kind: v instanceof PyList ? 'list' : 'tuple',
      items: v.items.map(x => pyToLoaded(x, depth + 1))
    };
    const floats = floatsOfPy(v.items);
    return floats ? { ...seq, floats } : seq;
  }
  if (v instanceof PyDict) {
    const entries: [LoadedKey, Loaded][] = [];
    for (const k of v.keys()) {
      let key: LoadedKey;
      if (typeof k === 'string' || typeof k === 'boolean' || k === null || typeof k === 'number') {
        key = k;
      } else if (typeof k === 'bigint') {
        key = Number(k);
      } else {
        throw pyErr('TypeError', `cannot save a dict key of type '${typeName(k)}': ${SAVE_HINT}`);
      }
      entries.push([key, pyToLoaded(v.get(k)!, depth + 1)]);
    }
    const floats = floatsOfPy([...v.keys()].map(k => v.get(k)!));
    return floats
      ? { kind: 'dict', ordered: false, entries, floats }
      : { kind: 'dict', ordered: false, entries };
  }
  throw pyErr('TypeError', `cannot save an object of type '${typeName(v)}': ${SAVE_HINT}`);
}
