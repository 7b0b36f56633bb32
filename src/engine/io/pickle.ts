/**
 * A restricted unpickler and a tiny pickler, enough for torch.save's data.pkl.
 *
 * Why restricted: a pickle can call any Python callable (GLOBAL + REDUCE), which
 * is how malicious checkpoints run code. Like PyTorch's weights_only loader we
 * interpret only data opcodes and a fixed allow-list of globals; everything else
 * raises UnpicklingError naming what was found. Nothing here executes code:
 * "calls" of allowed globals are resolved by a host callback.
 */
import { TorchError } from '../errors';
import { tickDeadline } from '../deadline';

export class PickleGlobal {
  constructor(
    readonly module: string,
    readonly name: string
  ) {}
  get path(): string {
    return `${this.module}.${this.name}`;
  }
}

/** A Python tuple (arrays are lists). */
export class PickleTuple {
  constructor(readonly items: PickleValue[]) {}
}

/** A Python float (BINFLOAT): plain numbers are ints, so 1.0 keeps its type. */
export class PickleFloat {
  constructor(readonly value: number) {}
}

/** A Python dict; keys kept in insertion order (torch.save keys are str or int). */
export class PickleDict {
  readonly entries = new Map<string | number | boolean | null, PickleValue>();
  ordered = false;
}

export type PickleValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | PickleValue[]
  | PickleTuple
  | PickleDict
  | PickleFloat
  | PickleGlobal
  | { readonly opaque: unknown };

export interface UnpickleHooks {
  /** Allowed globals (module.name); anything else is refused. */
  allowed: Set<string>;
  /** BINPERSID: resolve a persistent id (torch: ('storage', type, key, location, numel)). */
  persistentLoad: (pid: PickleValue) => PickleValue;
  /** REDUCE of an allowed global with its argument tuple. */
  call: (fn: PickleGlobal, args: PickleValue[]) => PickleValue;
}

const MARK = Symbol('mark');
type StackItem = PickleValue | typeof MARK;

export function unpicklingError(msg: string): TorchError {
  return new TorchError('UnpicklingError', msg);
}

export function unsupportedGlobal(path: string): TorchError {
  return unpicklingError(
    `Weights only load failed. Unsupported global: GLOBAL ${path} was not an allowed global by default. ` +
      `Only tensors and (nested) dict/OrderedDict/list/tuple containers of tensors, numbers and strings can be loaded.`
  );
}

const OPNAMES: Record<number, string> = {
  0x63: 'GLOBAL',
  0x93: 'STACK_GLOBAL',
  0x52: 'REDUCE',
  0x62: 'BUILD',
  0x81: 'NEWOBJ',
  0x69: 'INST',
  0x6f: 'OBJ',
  0x50: 'PERSID'
};

export function unpickle(bytes: Uint8Array, hooks: UnpickleHooks): PickleValue {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: StackItem[] = [];
  const memo = new Map<number, PickleValue>();
  let pos = 0;
  const need = (n: number): void => {
    if (pos + n > bytes.length) {
      throw unpicklingError('pickle data was truncated');
    }
  };
  const u8 = (): number => {
    need(1);
    return bytes[pos++];
  };
  const u32 = (): number => {
    need(4);
    const v = dv.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const text = (n: number): string => {
    need(n);
    const s = new TextDecoder('utf-8').decode(bytes.subarray(pos, pos + n));
    pos += n;
    return s;
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) {
      throw unpicklingError('pickle data was truncated');
    }
    const s = new TextDecoder('latin1').decode(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = (): PickleValue => {
    const v = stack.pop();
    if (v === undefined || v === MARK) {
      throw unpicklingError('unpickling stack underflow');
    }
    return v;
  };
  const popMark = (): PickleValue[] => {
    const k = stack.lastIndexOf(MARK);
    if (k < 0) {
      throw unpicklingError('could not find MARK');
    }
    const items = stack.splice(k) as PickleValue[];
    items.shift();
    return items;
  };
  const top = (): PickleValue => {
    const v = stack[stack.length - 1];
    if (v === undefined || v === MARK) {
      throw unpicklingError('unpickling stack underflow');
    }
    return v;
  };
  const global = (module: string, name: string): PickleGlobal => {
    const path = `${module}.${name}`;
    if (!hooks.allowed.has(path)) {
      throw unsupportedGlobal(path);
    }
    return new PickleGlobal(module, name);
  };
  const setItems = (d: PickleValue, kv: PickleValue[]): void => {
    if (!(d instanceof PickleDict)) {
      throw unpicklingError('SETITEM(S) on a non-dict');
    }
    for (let i = 0; i + 1 < kv.length; i += 2) {
      // a float key becomes its number (dict keys keep no int/float flag)
      const k = kv[i] instanceof PickleFloat ? (kv[i] as PickleFloat).value : kv[i];
      if (!(
        typeof k === 'string' ||
        typeof k === 'number' ||
        typeof k === 'boolean' ||
        k === null
      )) {
        throw unpicklingError('unsupported dict key type (only str, int, float, bool, None)');
      }
      d.entries.set(k, kv[i + 1]);
    }
  };

  for (;;) {
    tickDeadline(16); // one opcode (a big pickle of plain lists is millions of them)
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        u8();
        break;
      case 0x95: // FRAME (protocol 4): just a length hint
        need(8);
        pos += 8;
        break;
      case 0x2e: // STOP
        return pop();
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new PickleDict());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push(new PickleTuple([]));
        break;
      case 0x74: // TUPLE
        stack.push(new PickleTuple(popMark()));
        break;
      case 0x85: // TUPLE1
        stack.push(new PickleTuple([pop()]));
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push(new PickleTuple([pop(), b]));
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push(new PickleTuple([pop(), b, c]));
        break;
      }
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x64: {
        // DICT
        const d = new PickleDict();
        setItems(d, popMark());
        stack.push(d);
        break;
      }
      case 0x58: // BINUNICODE
        stack.push(text(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text(u8()));
        break;
      case 0x8d: {
        // BINUNICODE8
        const lo = u32();
        const hi = u32();
        stack.push(text(hi * 2 ** 32 + lo));
        break;
      }
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const k = op === 0x68 ? u8() : u32();
        if (!memo.has(k)) {
          throw unpicklingError(`memo key ${k} not found`);
        }
        stack.push(memo.get(k)!);
        break;
      }
      case 0x63: {
        // GLOBAL
        const module = line();
        stack.push(global(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') {
          throw unpicklingError('STACK_GLOBAL requires str');
        }
        stack.push(global(module, name));
        break;
      }
      case 0x51: // BINPERSID
        stack.push(hooks.persistentLoad(pop()));
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: {
        // BININT2
        need(2);
        stack.push(dv.getUint16(pos, true));
        pos += 2;
        break;
      }
      case 0x4a: {
        // BININT
        need(4);
        stack.push(dv.getInt32(pos, true));
        pos += 4;
        break;
      }
      case 0x8a: {
        // LONG1: little-endian two's complement
        const n = u8();
        need(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) {
          v = (v << 8n) | BigInt(bytes[pos + i]);
        }
        if (n > 0 && bytes[pos + n - 1] & 0x80) {
          v -= 1n << BigInt(8 * n);
        }
        pos += n;
        stack.push(
          v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
            ? Number(v)
            : v
        );
        break;
      }
      case 0x47: {
        // BINFLOAT (big-endian double)
        need(8);
        stack.push(new PickleFloat(dv.getFloat64(pos, false)));
        pos += 8;
        break;
      }
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x52: {
        // REDUCE
        const args = pop();
        const fn = pop();
        if (!(fn instanceof PickleGlobal)) {
          throw unpicklingError('REDUCE of a non-global callable');
        }
        if (!(args instanceof PickleTuple)) {
          throw unpicklingError('REDUCE arguments must be a tuple');
        }
        stack.push(hooks.call(fn, args.items));
        break;
      }
      case 0x62: {
        // BUILD: only the state_dict case (OrderedDict with a `_metadata` attribute) — attributes are dropped.
        const state = pop();
        const obj = top();
        if (!(obj instanceof PickleDict)) {
          throw unpicklingError('BUILD is only supported on OrderedDict');
        }
        void state;
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const kv = popMark();
        setItems(top(), kv);
        break;
      }
      case 0x61: {
        // APPEND
        const v = pop();
        const l = top();
        if (!Array.isArray(l)) {
          throw unpicklingError('APPEND on a non-list');
        }
        l.push(v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        const l = top();
        if (!Array.isArray(l)) {
          throw unpicklingError('APPENDS on a non-list');
        }
        for (const x of items) {
          l.push(x);
        }
        break;
      }
      default: {
        const name = OPNAMES[op];
        throw unpicklingError(
          name
            ? `Weights only load failed. Unsupported operand ${name} (opcode 0x${op.toString(16)}) in the pickle.`
            : `Weights only load failed. Unsupported or invalid pickle opcode 0x${op.toString(16)} at byte ${pos - 1}.`
        );
      }
    }
  }
}

/** Minimal protocol-2 pickler: writes what `unpickle` reads (and CPython's pickle reads). */
export class Pickler {
  private parts: number[] = [];

  constructor() {
    this.parts.push(0x80, 2);
  }
  op(...codes: number[]): this {
    this.parts.push(...codes);
    return this;
  }
  mark(): this {
    return this.op(0x28);
  }
  str(s: string): this {
    const b = new TextEncoder().encode(s);
    this.op(0x58, ...u32le(b.length));
    for (const x of b) {
      this.parts.push(x);
    }
    return this;
  }
  int(v: number): this {
    if (Number.isInteger(v) && v >= 0 && v < 256) {
      return this.op(0x4b, v);
    }
    if (Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31) {
      const b = new Uint8Array(4);
      new DataView(b.buffer).setInt32(0, v, true);
      return this.op(0x4a, ...b);
    }
    // LONG1, 8 bytes two's complement
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigInt64(0, BigInt(v), true);
    return this.op(0x8a, 8, ...b);
  }
  float(v: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, false);
    return this.op(0x47, ...b);
  }
  bool(v: boolean): this {
    return this.op(v ? 0x88 : 0x89);
  }
  none(): this {
    return this.op(0x4e);
  }
  global(module: string, name: string): this {
    this.op(0x63);
    for (const ch of `${module}\n${name}\n`) {
      this.parts.push(ch.charCodeAt(0));
    }
    return this;
  }
  /** Pops MARK…items into a tuple. */
  tuple(): this {
    return this.op(0x74);
  }
  emptyTuple(): this {
    return this.op(0x29);
  }
  reduce(): this {
    return this.op(0x52);
  }
  persid(): this {
    return this.op(0x51);
  }
  bytes(): Uint8Array {
    return Uint8Array.from([...this.parts, 0x2e]);
  }
}

function u32le(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}
