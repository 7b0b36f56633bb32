/**
 * Compact float32 arrays for payloads. Why not plain base64 of the buffer:
 * 100,000 × 10 float32 is 4 MB, i.e. 5.33 MB of base64, over the 5 MB budget.
 * The bytes are split into four planes (byte 0 of every value, then byte 1, …;
 * the blosc/HDF5 "shuffle"). A plane with few distinct bytes — the top plane
 * (sign + exponent) of probabilities or logits has ~4–32 — is stored as a
 * dictionary plus b-bit indices; the mantissa planes are close to random and
 * stay raw. That takes ~20 ms per 1M values.
 *
 * With `deflate`, a plane whose byte entropy promises a gain is deflated
 * (fflate) instead: ~0.2–0.6 s per plane in the worker, so the table asks for
 * it only when the fast coding is over its size budget (e.g. a confident
 * model's probabilities, whose tiny values spread over many exponents).
 * Lossless either way, so the renderer recomputes exactly.
 */
import { deflateSync, Inflate } from 'fflate';

import { base64ToBytes } from './base64';

/**
 * One byte plane: raw (bits 8), or `bits`-bit indices into `dict`; when
 * `deflate` is set, those bytes were deflated to `deflate` stored bytes.
 */
export interface PlaneCoding {
  bits: number;
  dict?: number[];
  deflate?: number;
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

/** Stored bytes of a plane (deflated or not). */
const storedLength = (n: number, c: PlaneCoding) => c.deflate ?? packedLength(n, c.bits);

/**
 * Order-0 entropy of a plane, in bytes: what deflate's Huffman stage can reach
 * (LZ matches only do better). Cheap, so deflate runs only where it pays.
 */
function entropyBytes(counts: Uint32Array, n: number): number {
  let bits = 0;
  for (let b = 0; b < 256; b++) {
    if (counts[b]) {
      bits -= counts[b] * Math.log2(counts[b] / n);
    }
  }
  return bits / 8;
}

/**
 * The smaller of raw and dictionary-coded (at most 128 distinct bytes); with
 * `deflate`, also the raw plane deflated, tried only when its entropy promises
 * at least 2% less (random mantissas do not, and are skipped).
 */
function encodePlane(
  plane: Uint8Array,
  deflate: boolean
): { coding: PlaneCoding; bytes: Uint8Array } {
  const counts = new Uint32Array(256);
  const seen = new Int16Array(256).fill(-1);
  const dict: number[] = [];
  for (let i = 0; i < plane.length; i++) {
    const b = plane[i];
    if (counts[b]++ === 0) {
      seen[b] = dict.length;
      dict.push(b);
    }
  }
  let best = dictCode(plane, seen, dict);
  const promise = deflate ? entropyBytes(counts, plane.length) + 512 : Infinity;
  if (promise < 0.98 * best.bytes.length) {
    const z = deflateSync(plane, { level: 6 });
    if (z.length < best.bytes.length) {
      best = { coding: { bits: 8, deflate: z.length }, bytes: z };
    }
  }
  return best;
}

function dictCode(
  plane: Uint8Array,
  seen: Int16Array,
  dict: number[]
): { coding: PlaneCoding; bytes: Uint8Array } {
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

/**
 * Inflate into exactly `want` bytes, or null. Streamed in small chunks and
 * stopped as soon as the output would overflow, so a deflate bomb in a
 * notebook costs neither memory nor much time.
 */
function inflateExact(src: Uint8Array, want: number): Uint8Array | null {
  const out = new Uint8Array(want);
  let o = 0;
  let over = false;
  const inflater = new Inflate(chunk => {
    if (o + chunk.length > want) {
      over = true;
    } else {
      out.set(chunk, o);
      o += chunk.length;
    }
  });
  try {
    const step = 512; // at most ~0.5 MB of output per push
    for (let i = 0; i < src.length && !over; i += step) {
      inflater.push(src.subarray(i, i + step), i + step >= src.length);
    }
  } catch {
    return null;
  }
  return over || o !== want ? null : out;
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

export function packFloat32(
  values: Float32Array,
  shape: number[],
  opts: { deflate?: boolean } = {}
): PackedFloat32 {
  const src = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const n = values.length;
  const coded = [0, 1, 2, 3].map(k => {
    const plane = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      plane[i] = src[i * 4 + k];
    }
    return encodePlane(plane, !!opts.deflate);
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

/** Largest array accepted by unpackFloat32 (40 MB decoded). */
export const MAX_VALUES = 10_000_000;

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function checkCoding(c: unknown): c is PlaneCoding {
  if (!isObj(c) || !Number.isInteger(c.bits) || (c.bits as number) < 1 || (c.bits as number) > 8) {
    return false;
  }
  if (c.deflate !== undefined && !(Number.isSafeInteger(c.deflate) && (c.deflate as number) >= 1)) {
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
  // 10x the table's element cap: a few bytes of deflated planes must not be
  // able to make the renderer allocate hundreds of MB.
  if (n > MAX_VALUES) {
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
  const want = p.encoding === 'raw' ? n * 4 : codings.reduce((a, c) => a + storedLength(n, c), 0);
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
    const c = codings[k];
    const len = storedLength(n, c);
    let src = bytes.subarray(o, o + len);
    if (c.deflate !== undefined) {
      const inflated = inflateExact(src, packedLength(n, c.bits));
      if (!inflated) {
        return `${name}: plane ${k} does not inflate to ${packedLength(n, c.bits)} bytes`;
      }
      src = inflated;
    }
    const err = decodePlane(src, c, n, dst, k);
    if (err) {
      return `${name}: ${err}`;
    }
    o += len;
  }
  return out;
}
