/**
 * Python's json.load keeps `1.0` a float and `1` an int, and torch.tensor() picks float32
 * vs int64 from that; JSON.parse loses it. This small parser keeps it: number tokens with
 * `.`, `e` or `E` whose value is integral come back as JsonFloat (other floats are already
 * told apart by their value). It also reads Python's NaN / Infinity / -Infinity, keeps
 * object keys in file order (JSON.parse puts integer-like keys first) and is iterative:
 * nesting is bounded by `maxLists` / MAX_OBJECTS, never by the JS stack.
 * Integers beyond 2^53 are read as the nearest double (int64 tensors hold JS numbers).
 */
import { TorchError } from '../errors';
import { tickDeadline } from '../deadline';

export class JsonFloat {
  constructor(readonly value: number) {}
}

/** A JSON object: keys in file order; a repeated key keeps its first place and last value (as Python). */
export class JsonObject {
  readonly entries = new Map<string, JsonValue>();
}

export type JsonValue = number | boolean | null | string | JsonFloat | JsonValue[] | JsonObject;

const MAX_OBJECTS = 1000;

/** Lists holding a float literal (`.`/`e`/`E`): parsed natively by fastLeaf, so not item by item. */
export const floatLists = new WeakSet<JsonValue[]>();

/**
 * The speed path: a list of plain scalars (no nested list/object/string, no NaN or Infinity)
 * is parsed by JSON.parse — native, ~5x faster than tokenizing here. Its int/float literal
 * distinction is kept for the whole list (floatLists), which is all tensorFromJson needs:
 * one float literal makes the tensor float. Anything JSON.parse refuses goes the slow way
 * for Python-style error messages.
 */
function fastLeaf(text: string, at: number): { items: JsonValue[]; end: number } | null {
  const end = text.indexOf(']', at);
  if (end < 0) {
    return null;
  }
  const src = text.slice(at, end + 1);
  if (/[[{"NI]/.test(src.slice(1))) {
    return null;
  }
  let items: JsonValue[];
  try {
    items = JSON.parse(src) as JsonValue[];
  } catch {
    return null;
  }
  if (/[.eE]/.test(src)) {
    floatLists.add(items);
  }
  return { items, end: end + 1 };
}

interface Frame {
  node: JsonValue[] | JsonObject;
  key: string; // the pending key of an object
}

const isWs = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

export function parseJson(text: string, maxLists: number): JsonValue {
  let i = 0;
  const n = text.length;
  const stack: Frame[] = [];
  let lists = 0;
  let objects = 0;

  const where = (at: number): string => {
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const col = at - before.lastIndexOf('\n');
    return `line ${line} column ${col} (char ${at})`;
  };
  const fail = (msg: string, at = i): TorchError =>
    new TorchError('ValueError', `invalid JSON: ${msg}: ${where(at)}`);
  const path = (): string =>
    '$' + stack.map(f => (Array.isArray(f.node) ? `[${f.node.length}]` : `.${f.key}`)).join('');
  const skipWs = (): void => {
    while (i < n && isWs(text.charCodeAt(i))) {
      i++;
    }
  };

  const readString = (): string => {
    const start = i; // at the opening quote
    i++;
    let escaped = false;
    for (;;) {
      if (i >= n) {
        throw fail('Unterminated string starting at', start);
      }
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        break;
      }
      if (c === 0x5c) {
        escaped = true;
        i++;
      } else if (c < 0x20) {
        throw fail('Invalid control character at', i);
      }
      i++;
    }
    i++;
    if (!escaped) {
      return text.slice(start + 1, i - 1);
    }
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      throw fail('Invalid \\escape in the string starting at', start);
    }
  };

  const readNumber = (): number | JsonFloat => {
    const start = i;
    if (text.charCodeAt(i) === 0x2d) {
      i++;
      if (text.startsWith('Infinity', i)) {
        i += 8;
        return -Infinity;
      }
    }
    let c = text.charCodeAt(i);
    if (c === 0x30) {
      i++;
    } else if (c >= 0x31 && c <= 0x39) {
      while (isDigit(text.charCodeAt(i))) {
        i++;
      }
    } else {
      throw fail('Expecting value', start);
    }
    let isFloat = false;
    if (text.charCodeAt(i) === 0x2e && isDigit(text.charCodeAt(i + 1))) {
      isFloat = true;
      i++;
      while (isDigit(text.charCodeAt(i))) {
        i++;
      }
    }
    c = text.charCodeAt(i);
    if (c === 0x65 || c === 0x45) {
      let k = i + 1;
      const s = text.charCodeAt(k);
      if (s === 0x2b || s === 0x2d) {
        k++;
      }
      if (isDigit(text.charCodeAt(k))) {
        isFloat = true;
        i = k;
        while (isDigit(text.charCodeAt(i))) {
          i++;
        }
      }
    }
    const v = Number(text.slice(start, i));
    return isFloat && Number.isInteger(v) ? new JsonFloat(v) : v;
  };

  /** A scalar at i, or a new container pushed on the stack (returns undefined then). */
  const readValue = (): JsonValue | undefined => {
    const c = text.charCodeAt(i);
    switch (c) {
      case 0x5b: // [
        if (++lists > maxLists) {
          throw new TorchError(
            'ValueError',
            `JSON lists nested deeper than ${maxLists} levels at ${path()}`
          );
        }
        {
          const leaf = fastLeaf(text, i);
          if (leaf) {
            lists--;
            i = leaf.end;
            return leaf.items;
          }
        }
        i++;
        stack.push({ node: [], key: '' });
        return undefined;
      case 0x7b: // {
        if (++objects > MAX_OBJECTS) {
          throw new TorchError(
            'ValueError',
            `JSON objects nested deeper than ${MAX_OBJECTS} levels at ${path()}`
          );
        }
        i++;
        stack.push({ node: new JsonObject(), key: '' });
        return undefined;
      case 0x22:
        return readString();
      case 0x74: // t, f, n and Python's NaN, Infinity
      case 0x66:
      case 0x6e:
      case 0x4e:
      case 0x49:
        for (const [word, v] of WORDS) {
          if (text.startsWith(word, i)) {
            i += word.length;
            return v;
          }
        }
        throw fail('Expecting value');
    }
    return readNumber();
  };

  /** The next item of an open list, or `key: value` of an open object. */
  const readMember = (top: Frame): JsonValue | undefined => {
    if (!Array.isArray(top.node)) {
      if (text.charCodeAt(i) !== 0x22) {
        throw fail('Expecting property name enclosed in double quotes');
      }
      top.key = readString();
      skipWs();
      if (text.charCodeAt(i) !== 0x3a) {
        throw fail("Expecting ':' delimiter");
      }
      i++;
      skipWs();
    }
    if (i >= n) {
      throw fail('Expecting value');
    }
    return readValue();
  };

  // the state machine: after a value, add it to the open container (or finish)
  let value: JsonValue | undefined;
  skipWs();
  if (i >= n) {
    throw fail('Expecting value');
  }
  value = readValue();
  for (;;) {
    tickDeadline(4);
    const top = stack[stack.length - 1];
    if (value === undefined) {
      // a container was just opened: its first key / item, or its end
      skipWs();
      const close = Array.isArray(top.node) ? 0x5d : 0x7d;
      if (text.charCodeAt(i) === close) {
        i++;
        value = closeTop();
        continue;
      }
      value = readMember(top);
      continue;
    }
    if (!top) {
      break; // the root value is complete
    }
    if (Array.isArray(top.node)) {
      top.node.push(value);
    } else {
      top.node.entries.set(top.key, value);
    }
    skipWs();
    const c = text.charCodeAt(i);
    const close = Array.isArray(top.node) ? 0x5d : 0x7d;
    if (c === 0x2c) {
      i++;
      skipWs();
      value = readMember(top);
    } else if (c === close) {
      i++;
      value = closeTop();
    } else {
      throw fail(
        Array.isArray(top.node) ? "Expecting ',' delimiter" : "Expecting ',' delimiter or '}'"
      );
    }
  }
  skipWs();
  if (i < n) {
    throw fail('Extra data');
  }
  return value;

  function closeTop(): JsonValue {
    const f = stack.pop()!;
    if (Array.isArray(f.node)) {
      lists--;
    } else {
      objects--;
    }
    return f.node;
  }
}

const WORDS: [string, JsonValue][] = [
  ['true', true],
  ['false', false],
  ['null', null],
  ['NaN', NaN],
  ['Infinity', Infinity]
];
