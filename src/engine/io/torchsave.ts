/**
 * torch.save's zip format: <root>/data.pkl (pickle protocol 2) whose tensors are
 * persistent ids ('storage', torch.FloatStorage, '<key>', 'cpu', numel) pointing
 * at raw little-endian records <root>/data/<key>, plus <root>/byteorder and
 * <root>/version. Read with the restricted unpickler (pickle.ts); views keep
 * their storage offset and strides.
 */
import { Tensor, allocStorage } from '../tensor';
import { DType, Storage, halfBitsToFloat } from '../dtype';
import { TorchError } from '../errors';
import { Loaded, LoadedKey, isFloatAt, isLoadedDict, isLoadedSeq } from './loaded';
import { readZip, writeZip, ZipOptions } from './zip';
import {
  unpickle,
  unpicklingError,
  PickleGlobal,
  PickleTuple,
  PickleDict,
  PickleFloat,
  PickleValue,
  Pickler
} from './pickle';
import { tensorBytes } from './npy';
import { checkDeadline } from '../deadline';

interface StorageKind {
  dtype: DType;
  size: number;
  read: (dv: DataView, p: number, le: boolean) => number;
}

const bf16 = (bits: number): number => {
  const u = new Uint32Array([bits << 16]);
  return new Float32Array(u.buffer)[0];
};
// torch.<Name>Storage → our dtype (Short/Char/Byte widen to int32: we have no int16/int8/uint8).
const STORAGES: Record<string, StorageKind> = {
  FloatStorage: { dtype: 'float32', size: 4, read: (d, p, le) => d.getFloat32(p, le) },
  DoubleStorage: { dtype: 'float64', size: 8, read: (d, p, le) => d.getFloat64(p, le) },
  HalfStorage: {
    dtype: 'float16',
    size: 2,
    read: (d, p, le) => halfBitsToFloat(d.getUint16(p, le))
  },
  BFloat16Storage: { dtype: 'bfloat16', size: 2, read: (d, p, le) => bf16(d.getUint16(p, le)) },
  LongStorage: { dtype: 'int64', size: 8, read: (d, p, le) => Number(d.getBigInt64(p, le)) },
  IntStorage: { dtype: 'int32', size: 4, read: (d, p, le) => d.getInt32(p, le) },
  ShortStorage: { dtype: 'int32', size: 2, read: (d, p, le) => d.getInt16(p, le) },
  CharStorage: { dtype: 'int32', size: 1, read: (d, p) => d.getInt8(p) },
  ByteStorage: { dtype: 'int32', size: 1, read: (d, p) => d.getUint8(p) },
  BoolStorage: { dtype: 'bool', size: 1, read: (d, p) => (d.getUint8(p) ? 1 : 0) }
};

const SAVE_STORAGE: Record<DType, string> = {
  float32: 'FloatStorage',
  float64: 'DoubleStorage',
  float16: 'HalfStorage',
  bfloat16: 'BFloat16Storage',
  int64: 'LongStorage',
  int32: 'IntStorage',
  bool: 'BoolStorage'
};

const ALLOWED = new Set([
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_parameter',
  'torch._utils._rebuild_parameter_with_state',
  'collections.OrderedDict',
  'torch.Size',
  ...Object.keys(STORAGES).map(s => `torch.${s}`)
]);

interface StorageRef {
  dtype: DType;
  data: Storage;
  numel: number;
}

const opaque = (v: unknown): PickleValue => ({ opaque: v });
function unwrap<T>(v: PickleValue, ctor: new (...a: any[]) => T): T | null {
  if (
    typeof v === 'object' &&
    v !== null &&
    'opaque' in v &&
    (v as { opaque: unknown }).opaque instanceof ctor
  ) {
    return (v as { opaque: T }).opaque;
  }
  return null;
}
/** Tensors rebuilt by torch._utils._rebuild_parameter: the cell wraps them as nn.Parameter. */
export const parameterTensors = new WeakSet<Tensor>();

class StorageBox {
  constructor(readonly ref: StorageRef) {}
}

function intList(v: PickleValue, what: string): number[] {
  if (
    !(v instanceof PickleTuple) ||
    !v.items.every(x => typeof x === 'number' && Number.isInteger(x))
  ) {
    throw unpicklingError(`invalid tensor ${what} in the pickle`);
  }
  return v.items as number[];
}

/** Sniff PyTorch's pre-1.6 (non-zip) format: a pickled magic number, protocol 2, LONG1 of 10 bytes. */
function isLegacy(bytes: Uint8Array): boolean {
  return bytes[0] === 0x80 && bytes[1] === 0x02 && bytes[2] === 0x8a && bytes[3] === 0x0a;
}

/** A pickle stream (protocol 2-5) that is not torch's legacy format: pickle.dump output. */
export function isPlainPickle(bytes: Uint8Array): boolean {
  return bytes[0] === 0x80 && bytes[1] >= 2 && bytes[1] <= 5 && !isLegacy(bytes);
}

/**
 * pickle.dump files are refused, not loaded: torch.load refuses them too ("Invalid magic
 * number"), and what they hold (a pickled tensor embeds a legacy torch.save blob, a numpy
 * array calls numpy's reconstructor) is outside the weights_only allow-list anyway. The
 * error says what the file is and how to re-save it; the global names it refers to give the hint.
 */
function plainPickleError(bytes: Uint8Array): TorchError {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1 << 16));
  const what = /torch/.test(head)
    ? 'a plain Python pickle (pickle.dump) holding torch objects'
    : /numpy/.test(head)
      ? 'a plain Python pickle (pickle.dump) holding numpy arrays'
      : 'a plain Python pickle (pickle.dump)';
  return unpicklingError(
    `this file is ${what} (protocol ${bytes[1]}), not a torch.save file; torch.load cannot read it either. ` +
      'Supported: torch.save files (.pt/.pth), np.save/np.savez (.npy/.npz), .csv and .json; ' +
      're-save with torch.save(obj, path) or np.save(path, array)'
  );
}

export function loadTorch(bytes: Uint8Array, opts: ZipOptions = {}): Loaded {
  if (isLegacy(bytes)) {
    throw unpicklingError(
      'this file uses the legacy (pre-1.6, non-zip) torch.save format, which is not supported; ' +
        're-save it with torch.save(obj, path) from PyTorch >= 1.6'
    );
  }
  if (isPlainPickle(bytes)) {
    throw plainPickleError(bytes);
  }
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    throw unpicklingError('not a torch.save file: expected a zip archive (PK magic)');
  }
  const files = readZip(bytes, 'torch.save archive', opts);
  // torch.jit.save archives also hold a data.pkl (of a RecursiveScriptModule): check first
  if ([...files.keys()].some(n => /(^|\/)constants\.pkl$/.test(n) || /^[^/]*\/code\//.test(n))) {
    // RuntimeError, as torch.load(weights_only=True) raises for these
    throw new TorchError(
      'RuntimeError',
      'TorchScript files are not supported (this is a torch.jit.save archive); ' +
        'save tensors or a state_dict with torch.save(model.state_dict(), path)'
    );
  }
  const pklName = [...files.keys()].find(n => /^[^/]*\/data\.pkl$/.test(n) || n === 'data.pkl');
  if (!pklName) {
    throw unpicklingError('not a torch.save archive: no data.pkl record');
  }
  const prefix = pklName.slice(0, pklName.length - 'data.pkl'.length);
  const bo = files.get(`${prefix}byteorder`);
  const le = bo === undefined || new TextDecoder().decode(bo).trim() !== 'big';
  const cache = new Map<string, StorageRef>();

  const persistentLoad = (pid: PickleValue): PickleValue => {
    if (!(pid instanceof PickleTuple) || pid.items[0] !== 'storage' || pid.items.length < 5) {
      throw unpicklingError('unsupported persistent id in the pickle (expected a storage)');
    }
    const [, type, key, , numel] = pid.items;
    if (!(type instanceof PickleGlobal) || typeof key !== 'string' || typeof numel !== 'number') {
      throw unpicklingError('malformed storage persistent id');
    }
    const kind = STORAGES[type.name];
    if (!kind) {
      throw unpicklingError(`unsupported storage type ${type.path}`);
    }
    let ref = cache.get(key);
    if (!ref) {
      const rec = files.get(`${prefix}data/${key}`);
      if (!rec) {
        throw unpicklingError(`storage record data/${key} is missing from the archive`);
      }
      const need = numel * kind.size;
      if (rec.length < need) {
        throw new TorchError(
          'RuntimeError',
          `storage data/${key} is truncated: expected ${need} bytes of data, got ${rec.length}`
        );
      }
      const data = allocStorage(kind.dtype, numel);
      const dv = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
      for (let i = 0, p = 0; i < numel; i++, p += kind.size) {
        data[i] = kind.read(dv, p, le);
        if ((i & 0xfffff) === 0xfffff) checkDeadline();
      }
      ref = { dtype: kind.dtype, data, numel };
      cache.set(key, ref);
    }
    return opaque(new StorageBox(ref));
  };

  const call = (fn: PickleGlobal, args: PickleValue[]): PickleValue => {
    switch (fn.path) {
      case 'collections.OrderedDict': {
        const d = new PickleDict();
        d.ordered = true;
        return d;
      }
      case 'torch._utils._rebuild_tensor_v2': {
        const box = unwrap(args[0], StorageBox);
        if (!box) {
          throw unpicklingError('_rebuild_tensor_v2 expects a storage');
        }
        const offset = args[1];
        const shape = intList(args[2], 'size');
        const strides = intList(args[3], 'stride');
        if (typeof offset !== 'number' || shape.length !== strides.length) {
          throw unpicklingError('invalid tensor metadata in the pickle');
        }
        if (!shape.every(d => Number.isSafeInteger(d))) {
          throw unpicklingError(`invalid tensor size (${shape.join(', ')}) in the pickle`);
        }
        const neg = shape.find(d => d < 0);
        if (neg !== undefined) {
          throw new TorchError(
            'RuntimeError',
            `Trying to create tensor with negative dimension ${neg}: [${shape.join(', ')}]`
          );
        }
        // every element must lie inside the storage
        let last = offset;
        let empty = false;
        for (let k = 0; k < shape.length; k++) {
          if (shape[k] === 0) {
            empty = true;
          }
          last += (shape[k] - 1) * strides[k];
        }
        if (!empty && (offset < 0 || last >= box.ref.numel || strides.some(s => s < 0))) {
          throw new TorchError(
            'RuntimeError',
            `tensor view (offset ${offset}, size (${shape.join(', ')}), stride (${strides.join(', ')})) lies outside its storage of ${box.ref.numel} elements`
          );
        }
        const t = new Tensor(box.ref.data, shape, strides, offset, box.ref.dtype);
        t.requiresGrad = args[4] === true;
        return opaque(t);
      }
      case 'torch._utils._rebuild_parameter':
      case 'torch._utils._rebuild_parameter_with_state': {
        const t = unwrap(args[0], Tensor);
        if (!t) {
          throw unpicklingError('_rebuild_parameter expects a tensor');
        }
        t.requiresGrad = args[1] === true;
        parameterTensors.add(t);
        return opaque(t);
      }
      case 'torch.Size': {
        // torch.Size((120, 10)): a tuple of ints, as a Python tuple
        const dims = args.length === 1 ? intList(args[0], 'torch.Size') : null;
        if (!dims) {
          throw unpicklingError('torch.Size expects a tuple of ints');
        }
        return new PickleTuple([...dims]);
      }
      default:
        throw unpicklingError(`Weights only load failed. ${fn.path} cannot be called`);
    }
  };

  const root = unpickle(files.get(pklName)!, { allowed: ALLOWED, persistentLoad, call });
  return toLoaded(root);
}

/** Limits for the loaded tree: memo references can make a pickle cyclic, very deep or exponentially big. */
const MAX_DEPTH = 1000;
const MAX_NODES = 1_000_000;

type Container = PickleValue[] | PickleTuple | PickleDict;
const isContainer = (v: PickleValue): v is Container =>
  Array.isArray(v) || v instanceof PickleTuple || v instanceof PickleDict;
const childrenOf = (v: Container): Iterable<PickleValue> =>
  Array.isArray(v) ? v : v instanceof PickleTuple ? v.items : v.entries.values();

/** Refuse cycles, deep nesting and trees that expand past MAX_NODES, before building anything. */
function checkTree(root: PickleValue): void {
  const sizes = new Map<Container, number>(); // shared subtrees are counted once per use, in O(unique)
  const open = new Set<Container>();
  const size = (v: PickleValue, depth: number): number => {
    if (!isContainer(v)) {
      return 1;
    }
    const known = sizes.get(v);
    if (known !== undefined) {
      return known;
    }
    if (depth > MAX_DEPTH) {
      throw unpicklingError(`containers nested more than ${MAX_DEPTH} levels deep`);
    }
    if (open.has(v)) {
      throw unpicklingError('the pickle holds a container that contains itself');
    }
    open.add(v);
    let n = 1;
    for (const c of childrenOf(v)) {
      n += size(c, depth + 1);
      if (n > MAX_NODES) {
        throw unpicklingError(
          `the pickle expands to more than ${MAX_NODES} objects (shared references)`
        );
      }
    }
    open.delete(v);
    sizes.set(v, n);
    return n;
  };
  size(root, 0);
}

/** Positions of Python floats among `values` (undefined when none). */
function floatsOf(values: Iterable<PickleValue>): Set<number> | undefined {
  let out: Set<number> | undefined;
  let i = 0;
  for (const v of values) {
    if (v instanceof PickleFloat) {
      (out ??= new Set()).add(i);
    }
    i++;
  }
  return out;
}

function toLoaded(root: PickleValue): Loaded {
  checkTree(root);
  const conv = (v: PickleValue): Loaded => {
    if (Array.isArray(v) || v instanceof PickleTuple) {
      const items = Array.isArray(v) ? v : v.items;
      const seq: Loaded = { kind: Array.isArray(v) ? 'list' : 'tuple', items: items.map(conv) };
      const floats = floatsOf(items);
      return floats ? { ...seq, floats } : seq;
    }
    if (v instanceof PickleDict) {
      const d: Loaded = {
        kind: 'dict',
        ordered: v.ordered,
        entries: [...v.entries].map(([k, x]) => [k as LoadedKey, conv(x)])
      };
      const floats = floatsOf(v.entries.values());
      return floats ? { ...d, floats } : d;
    }
    return leafToLoaded(v);
  };
  return conv(root);
}

function leafToLoaded(v: PickleValue): Loaded {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') {
    return v;
  }
  if (typeof v === 'bigint') {
    return Number(v);
  }
  if (v instanceof PickleFloat) {
    return v.value; // its container marks it as a float (floatsOf)
  }
  const t = unwrap(v, Tensor);
  if (t) {
    return t;
  }
  throw unpicklingError(
    'Weights only load failed. The pickle holds an object that is not a tensor or container'
  );
}

/**
 * Write `obj` in torch.save's zip format (readable by torch.load, weights_only).
 * Each tensor is saved contiguous in its own storage. Numbers marked as floats
 * by their container (isFloatAt) are written as Python floats, other numbers as
 * ints when integral, else floats.
 */
export function torchSave(obj: Loaded): Uint8Array {
  const p = new Pickler();
  const records: [string, Uint8Array][] = [];
  const write = (v: Loaded, isFloat = false): void => {
    if (v instanceof Tensor) {
      const key = String(records.length);
      records.push([`archive/data/${key}`, tensorBytes(v)]);
      p.global('torch._utils', '_rebuild_tensor_v2').mark();
      p.mark()
        .str('storage')
        .global('torch', SAVE_STORAGE[v.dtype])
        .str(key)
        .str('cpu')
        .int(v.numel)
        .tuple()
        .persid();
      p.int(0);
      p.mark();
      v.shape.forEach(s => p.int(s));
      p.tuple().mark();
      let st = 1;
      const strides = v.shape.map(() => 0);
      for (let k = v.shape.length - 1; k >= 0; k--) {
        strides[k] = st;
        st *= Math.max(v.shape[k], 1);
      }
      strides.forEach(s => p.int(s));
      p.tuple().bool(v.requiresGrad);
      p.global('collections', 'OrderedDict').emptyTuple().reduce();
      p.tuple().reduce();
    } else if (v === null) {
      p.none();
    } else if (typeof v === 'boolean') {
      p.bool(v);
    } else if (typeof v === 'number') {
      if (Number.isInteger(v) && !isFloat) {
        p.int(v);
      } else {
        p.float(v);
      }
    } else if (typeof v === 'string') {
      p.str(v);
    } else if (isLoadedDict(v)) {
      if (v.ordered) {
        p.global('collections', 'OrderedDict').emptyTuple().reduce();
      } else {
        p.op(0x7d);
      }
      if (v.entries.length) {
        p.mark();
        v.entries.forEach(([k, x], i) => {
          write(k);
          write(x, isFloatAt(v, i));
        });
        p.op(0x75);
      }
    } else if (isLoadedSeq(v)) {
      if (v.kind === 'list') {
        p.op(0x5d);
        if (v.items.length) {
          p.mark();
          v.items.forEach((x, i) => write(x, isFloatAt(v, i)));
          p.op(0x65);
        }
      } else {
        p.mark();
        v.items.forEach((x, i) => write(x, isFloatAt(v, i)));
        p.tuple();
      }
    } else {
      throw new TorchError(
        'TypeError',
        'torch.save can only write tensors and dict/list/tuple containers of them'
      );
    }
  };
  write(obj);
  return writeZip([
    ['archive/data.pkl', p.bytes()],
    ['archive/byteorder', new TextEncoder().encode('little')],
    ...records,
    ['archive/version', new TextEncoder().encode('3\n')]
  ]);
}
