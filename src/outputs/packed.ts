/**
 * Compact float32 arrays for payloads. Why not plain base64 of the buffer:
 * 100,000 × 10 float32 is 4 MB, i.e. 5.33 MB of base64, over the 5 MB budget.
 * The bytes are split into four planes (byte 0 of every value, then byte 1, …;
 * the blosc/HDF5 "shuffle"). A plane with few distinct bytes — the top plane
 * (sign + exponent) of probabilities or logits has ~4–32 — is stored as a
 * dictionary plus b-bit indices; the mantissa planes are close to random and
 * stay raw. Deflate (fflate) gained little more and took ~1 s per 1M values in
 * the worker; this takes ~20 ms. Lossless, so the renderer recomputes exactly.
 */
import { base64ToBytes } from './base64';

/** One byte plane: raw (bits 8), or `bits`-bit indices into `dict`. */
export interface PlaneCoding {
  bits: number;
  dict?: number[];
}

export interface PackedFloat32 {
  dtype: 'float32';
  shape: number[];
  /** 'planes': see above; 'raw': base64 of the little-endian buffer. */
  encoding: 'planes' | 'raw';
  /** planes only: the coding of byte planes 0..3, stored one after another. */
  planes?: PlaneCoding[];
  base64: string;
}

const ABC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Fast base64: ASCII codes into a byte array, then one native latin1 decode (~30 ms for 5 MB). */
export function encodeBase64(b: Uint8Array): string {
  const codes = new Uint8Array(Math.ceil(b.length / 3) * 4);
  const abc = Uint8Array.from(ABC, ch => ch.charCodeAt(0));
  let o = 0;
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const n = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
    codes[o++] = abc[n >> 18];
    codes[o++] = abc[(n >> 12) & 63];
    codes[o++] = abc[(n >> 6) & 63];
    codes[o++] = abc[n & 63];
  }
  if (i < b.length) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8);
    codes[o++] = abc[n >> 18];
    codes[o++] = abc[(n >> 12) & 63];
    codes[o++] = i + 1 < b.length ? abc[(n >> 6) & 63] : 61;
    codes[o++] = 61;
  }
  if (typeof TextDecoder === 'function') {
    return new TextDecoder('latin1').decode(codes);
  }
  const parts: string[] = [];
  for (let k = 0; k < codes.length; k += 0x8000) {
    parts.push(
      String.fromCharCode.apply(null, codes.subarray(k, k + 0x8000) as unknown as number[])
    );
  }
  return parts.join('');
}

/** Native atob where it is fast (browsers, workers); the portable decoder elsewhere. */
function decodeBase64(s: string): Uint8Array | null {
  if (typeof atob === 'function' && typeof document !== 'undefined') {
    try {
      const bin = atob(s);
      const out = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) {
        out[i] = bin.charCodeAt(i);
      }
      return out;
    } catch {
      return null;
    }
  }
  return base64ToBytes(s);
}

const packedLength = (n: number, bits: number) => Math.ceil((n * bits) / 8);

/** Dictionary-code a plane when it has at most 128 distinct bytes. */
function encodePlane(plane: Uint8Array): { coding: PlaneCoding; bytes: Uint8Array } {
  const seen = new Int16Array(256).fill(-1);
  const dict: number[] = [];
  for (let i = 0; i < plane.length; i++) {
    if (seen[plane[i]] < 0) {
      seen[plane[i]] = dict.length;
      dict.push(plane[i]);
    }
  }
  const bits = Math.max(1, Math.ceil(Math.log2(Math.max(dict.length, 1))));
  if (bits >= 8) {
    return { coding: { bits: 8 }, bytes: plane };
  }
  const out = new Uint8Array(packedLength(plane.length, bits));
  let acc = 0;
  let nacc = 0;
  let o = 0;
  for (let i = 0; i < plane.length; i++) {
    acc = (acc << bits) | seen[plane[i]];
    nacc += bits;
    if (nacc >= 8) {
      nacc -= 8;
      out[o++] = (acc >> nacc) & 255;
      acc &= (1 << nacc) - 1;
    }
  }
  if (nacc > 0) {
    out[o] = (acc << (8 - nacc)) & 255;
  }
  return { coding: { bits, dict }, bytes: out };
}

function decodePlane(
  src: Uint8Array,
  coding: PlaneCoding,
  n: number,
  out: Uint8Array,
  k: number
): string | null {
  if (coding.bits === 8) {
    for (let i = 0; i < n; i++) {
      out[i * 4 + k] = src[i];
    }
    return null;
  }
  const dict = coding.dict!;
  const bits = coding.bits;
  const mask = (1 << bits) - 1;
  let acc = 0;
  let nacc = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    while (nacc < bits) {
      acc = ((acc << 8) | src[s++]) & 0xffff;
      nacc += 8;
    }
    nacc -= bits;
    const idx = (acc >> nacc) & mask;
    if (idx >= dict.length) {
      return `plane ${k} has an index outside its dictionary`;
    }
    out[i * 4 + k] = dict[idx];
  }
  return null;
}

export function packFloat32(values: Float32Array, shape: number[]): PackedFloat32 {
  const src = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const n = values.length;
  const coded = [0, 1, 2, 3].map(k => {
    const plane = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      plane[i] = src[i * 4 + k];
    }
    return encodePlane(plane);
  });
  const out = new Uint8Array(coded.reduce((a, p) => a + p.bytes.length, 0));
  let o = 0;
  for (const p of coded) {
    out.set(p.bytes, o);
    o += p.bytes.length;
  }
  return {
    dtype: 'float32',
    shape: [...shape],
    encoding: 'planes',
    planes: coded.map(p => p.coding),
    base64: encodeBase64(out)
  };
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function checkCoding(c: unknown): c is PlaneCoding {
  if (!isObj(c) || !Number.isInteger(c.bits) || (c.bits as number) < 1 || (c.bits as number) > 8) {
    return false;
  }
  if (c.bits === 8) {
    return c.dict === undefined;
  }
  return (
    Array.isArray(c.dict) &&
    c.dict.length >= 1 &&
    c.dict.length <= 2 ** (c.bits as number) &&
    c.dict.every(b => Number.isInteger(b) && b >= 0 && b <= 255)
  );
}

/** Decode and check against the shape; an error message instead of throwing. */
export function unpackFloat32(p: unknown, name: string): Float32Array | string {
  if (!isObj(p)) {
    return `${name} must be an object`;
  }
  if (p.dtype !== 'float32') {
    return `${name}.dtype must be 'float32'`;
  }
  const shape = p.shape;
  if (
    !Array.isArray(shape) ||
    shape.length !== 2 ||
    !shape.every(d => Number.isSafeInteger(d) && d >= 0)
  ) {
    return `${name}.shape must be 2 non-negative integers`;
  }
  const n = (shape as number[])[0] * (shape as number[])[1];
  if (n > 50_000_000) {
    return `${name} is too large (${n} values)`;
  }
  if (p.encoding !== 'planes' && p.encoding !== 'raw') {
    return `${name}.encoding must be 'planes' or 'raw'`;
  }
  const planes = p.planes;
  if (
    p.encoding === 'planes' &&
    !(Array.isArray(planes) && planes.length === 4 && planes.every(checkCoding))
  ) {
    return `${name}.planes must describe 4 byte planes`;
  }
  if (typeof p.base64 !== 'string') {
    return `${name}.base64 must be a string`;
  }
  const bytes = decodeBase64(p.base64);
  if (!bytes) {
    return `${name}.base64 is not valid base64`;
  }
  const codings: PlaneCoding[] = p.encoding === 'raw' ? [] : (planes as PlaneCoding[]);
  const want =
    p.encoding === 'raw' ? n * 4 : codings.reduce((a, c) => a + packedLength(n, c.bits), 0);
  if (bytes.length !== want) {
    return `${name} holds ${bytes.length} bytes, expected ${want} for shape [${(shape as number[]).join(', ')}]`;
  }
  const out = new Float32Array(n);
  const dst = new Uint8Array(out.buffer);
  if (p.encoding === 'raw') {
    dst.set(bytes);
    return out;
  }
  let o = 0;
  for (let k = 0; k < 4; k++) {
    const len = packedLength(n, codings[k].bits);
    const err = decodePlane(bytes.subarray(o, o + len), codings[k], n, dst, k);
    if (err) {
      return `${name}: ${err}`;
    }
    o += len;
  }
  return out;
}
