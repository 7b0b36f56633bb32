/**
 * NumPy .npy reader/writer (format v1/v2/v3) over Uint8Array — no Python.
 * Layout: "\x93NUMPY", major, minor, header length (u16 for v1, u32 for v2/v3),
 * a Python-literal dict {'descr', 'fortran_order', 'shape'}, padding, raw data.
 */
import { Tensor, allocStorage, numelOf } from '../tensor';
import { DType, Storage, halfBitsToFloat } from '../dtype';
import { TorchError } from '../errors';
import { checkDeadline } from '../deadline';

const valueError = (m: string): TorchError => new TorchError('ValueError', m);
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** How one numpy element type is read: byte size, reader, and our dtype. */
interface NpyKind {
  size: number;
  dtype: DType;
  read: (dv: DataView, pos: number, le: boolean) => number;
}

/** int64 as a JS number (exact below 2**53, which is all a label or count needs). */
function readI64(dv: DataView, pos: number, le: boolean): number {
  return Number(dv.getBigInt64(pos, le));
}

// Narrow types are widened where it is cheap and exact (we have no uint8/int16 dtypes).
const KINDS: Record<string, NpyKind> = {
  f4: { size: 4, dtype: 'float32', read: (d, p, le) => d.getFloat32(p, le) },
  f8: { size: 8, dtype: 'float64', read: (d, p, le) => d.getFloat64(p, le) },
  f2: { size: 2, dtype: 'float16', read: (d, p, le) => halfBitsToFloat(d.getUint16(p, le)) },
  i8: { size: 8, dtype: 'int64', read: readI64 },
  i4: { size: 4, dtype: 'int32', read: (d, p, le) => d.getInt32(p, le) },
  i2: { size: 2, dtype: 'int32', read: (d, p, le) => d.getInt16(p, le) },
  i1: { size: 1, dtype: 'int32', read: (d, p) => d.getInt8(p) },
  u1: { size: 1, dtype: 'int32', read: (d, p) => d.getUint8(p) },
  u2: { size: 2, dtype: 'int32', read: (d, p, le) => d.getUint16(p, le) },
  u4: { size: 4, dtype: 'int64', read: (d, p, le) => d.getUint32(p, le) },
  u8: { size: 8, dtype: 'int64', read: (d, p, le) => Number(d.getBigUint64(p, le)) },
  b1: { size: 1, dtype: 'bool', read: (d, p) => (d.getUint8(p) ? 1 : 0) }
};

export interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  dataOffset: number;
}

/** Parse the header dict (a Python literal). Only the three keys numpy writes are accepted. */
export function parseNpyHeader(bytes: Uint8Array): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw valueError('not a .npy file: bad magic string (expected \\x93NUMPY)');
  }
  const major = bytes[6];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let hlen: number;
  let start: number;
  if (major === 1) {
    hlen = dv.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) {
      throw valueError('file is truncated: incomplete .npy header');
    }
    hlen = dv.getUint32(8, true);
    start = 12;
  } else {
    throw valueError(`unsupported .npy format version ${major}.${bytes[7]}`);
  }
  if (start + hlen > bytes.length) {
    throw valueError(
      `file is truncated: header says ${hlen} bytes, file has ${bytes.length - start}`
    );
  }
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(start, start + hlen)
  );
  const descrM = /['"]descr['"]\s*:\s*(['"])([^'"]*)\1/.exec(text);
  const fortranM = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text);
  const shapeM = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text);
  if (/['"]descr['"]\s*:\s*\[/.test(text)) {
    throw valueError('structured (record) .npy dtypes are not supported');
  }
  if (!descrM || !fortranM || !shapeM) {
    throw valueError(`invalid .npy header: ${text.trim()}`);
  }
  const dims = shapeM[1]
    .split(',')
    .map(s => s.trim())
    .filter(s => s.length > 0);
  const shape = dims.map(s => {
    const d = parseInt(s, 10);
    if (!/^\d+L?$/.test(s) || !Number.isSafeInteger(d)) {
      throw valueError(`invalid .npy header: bad shape (${shapeM[1]})`);
    }
    return d;
  });
  return {
    descr: descrM[2],
    fortranOrder: fortranM[1] === 'True',
    shape,
    dataOffset: start + hlen
  };
}

export function loadNpy(bytes: Uint8Array): Tensor {
  const h = parseNpyHeader(bytes);
  const d = h.descr;
  if (d.includes('O')) {
    throw valueError('pickled object arrays are not supported');
  }
  const order = d[0];
  const kind =
    KINDS[order === '<' || order === '>' || order === '|' || order === '=' ? d.slice(1) : d];
  if (!kind) {
    throw valueError(`unsupported .npy dtype '${d}'`);
  }
  const le = order !== '>';
  const n = numelOf(h.shape);
  const need = n * kind.size;
  const have = bytes.length - h.dataOffset;
  if (have < need) {
    throw valueError(`file is truncated: expected ${need} bytes of data, got ${have}`);
  }
  const storage = allocStorage(kind.dtype, n); // enforces the memory cap before reading
  const dv = new DataView(bytes.buffer, bytes.byteOffset + h.dataOffset, need);
  fill(storage, dv, kind, le, n);
  if (!h.fortranOrder || h.shape.length < 2) {
    return Tensor.fromStorage(storage, h.shape, kind.dtype);
  }
  // Fortran order: the data is the transpose's C order; view it with column-major strides, then copy.
  const strides: number[] = [];
  let s = 1;
  for (const dim of h.shape) {
    strides.push(s);
    s *= Math.max(dim, 1);
  }
  return new Tensor(storage, h.shape, strides, 0, kind.dtype).contiguous();
}

function fill(out: Storage, dv: DataView, kind: NpyKind, le: boolean, n: number): void {
  // Fast path: little-endian float32/float64/int32 copy through an aligned typed array.
  if (
    le &&
    (kind.dtype === 'float32' || kind.dtype === 'float64' || kind.dtype === 'int32') &&
    kind.size === (out as Float32Array).BYTES_PER_ELEMENT
  ) {
    const copy = new Uint8Array(n * kind.size);
    copy.set(new Uint8Array(dv.buffer, dv.byteOffset, n * kind.size));
    const Ctor = out.constructor as Float32ArrayConstructor;
    out.set(new Ctor(copy.buffer));
    return;
  }
  for (let i = 0, p = 0; i < n; i++, p += kind.size) {
    out[i] = kind.read(dv, p, le);
    if ((i & 0xfffff) === 0xfffff) checkDeadline();
  }
}

/** numpy descr for our dtypes (bfloat16 has no numpy type: written as float32). */
function descrOf(d: DType): [string, number] {
  switch (d) {
    case 'float32':
    case 'bfloat16':
      return ['<f4', 4];
    case 'float64':
      return ['<f8', 8];
    case 'float16':
      return ['<f2', 2];
    case 'int64':
      return ['<i8', 8];
    case 'int32':
      return ['<i4', 4];
    case 'bool':
      return ['|b1', 1];
  }
}

export function floatToHalfBits(v: number): number {
  const f = new Float32Array([v]);
  const x = new Uint32Array(f.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) {
    return sign | 0x7c00 | (mant ? 0x200 : 0);
  }
  let e = exp - 127 + 15;
  if (e >= 0x1f) {
    return sign | 0x7c00;
  }
  if (e <= 0) {
    if (e < -10) {
      return sign;
    }
    mant |= 0x800000;
    const shift = 14 - e;
    let h = mant >> shift;
    const rem = mant & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && h & 1)) {
      h++;
    }
    return sign | h;
  }
  let h = (e << 10) | (mant >> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && h & 1)) {
    h++;
  }
  e = h;
  return sign | e;
}

/** Little-endian raw bytes of a tensor's elements in C order (shared with torchSave). */
export function tensorBytes(t: Tensor): Uint8Array {
  const flat = t.toFlat();
  const n = flat.length;
  switch (t.dtype) {
    case 'float32':
      return new Uint8Array(Float32Array.from(flat).buffer);
    case 'float64':
      return new Uint8Array(Float64Array.from(flat).buffer);
    case 'int32':
      return new Uint8Array(Int32Array.from(flat).buffer);
    case 'bool':
      return Uint8Array.from(flat, v => (v ? 1 : 0));
    case 'int64': {
      const out = new BigInt64Array(n);
      for (let i = 0; i < n; i++) {
        out[i] = BigInt(Math.trunc(flat[i]));
        if ((i & 0xfffff) === 0xfffff) checkDeadline();
      }
      return new Uint8Array(out.buffer);
    }
    case 'float16': {
      const out = new Uint16Array(n);
      for (let i = 0; i < n; i++) {
        out[i] = floatToHalfBits(flat[i]);
        if ((i & 0xfffff) === 0xfffff) checkDeadline();
      }
      return new Uint8Array(out.buffer);
    }
    case 'bfloat16': {
      // stored as float32 already rounded to bfloat16: the top 16 bits are exact
      const u = new Uint32Array(Float32Array.from(flat).buffer);
      const out = new Uint16Array(n);
      for (let i = 0; i < n; i++) {
        out[i] = u[i] >>> 16;
      }
      return new Uint8Array(out.buffer);
    }
  }
}

/** Serialize a tensor as .npy v1 (C order), as numpy.save would. */
export function saveNpy(t: Tensor): Uint8Array {
  const [descr] = descrOf(t.dtype);
  const data =
    t.dtype === 'bfloat16' ? new Uint8Array(Float32Array.from(t.toFlat()).buffer) : tensorBytes(t);
  const shape = t.shape.length === 1 ? `(${t.shape[0]},)` : `(${t.shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  // pad so that the data starts at a multiple of 64, header ends with '\n'
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) {
    out[10 + i] = header.charCodeAt(i);
  }
  out.set(data, 10 + header.length);
  return out;
}
