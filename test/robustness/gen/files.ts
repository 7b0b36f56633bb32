/** Builders for adversarial npy / zip / torch.save / csv / json bytes, and seeded byte mutations. */
import { Pickler } from '../../../src/engine/io/pickle';
import { writeZip } from '../../../src/engine/io/zip';
import type { Rng } from './rng';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A .npy v1 file with this header dict text and raw data. */
export function npy(header: string, data: Uint8Array = new Uint8Array(0), major = 1): Uint8Array {
  const pre = major === 1 ? 10 : 12;
  const h = header + ' '.repeat((64 - ((pre + header.length + 1) % 64)) % 64) + '\n';
  const b = new Uint8Array(pre + h.length);
  b.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const dv = new DataView(b.buffer);
  if (major === 1) dv.setUint16(8, h.length, true);
  else dv.setUint32(8, h.length, true);
  for (let i = 0; i < h.length; i++) b[pre + i] = h.charCodeAt(i) & 0xff;
  return concat(b, data);
}

export const npyHeader = (descr: string, shape: string, fortran = false): string =>
  `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shape}, }`;

/** A torch.save zip around a data.pkl and storage records. */
export function torchZip(pkl: Uint8Array, records: [string, Uint8Array][] = []): Uint8Array {
  return writeZip([
    ['archive/data.pkl', pkl],
    ['archive/byteorder', enc('little')],
    ...records.map(([k, v]) => [`archive/data/${k}`, v] as [string, Uint8Array]),
    ['archive/version', enc('3\n')]
  ]);
}

export interface TensorSpec {
  shape?: number[];
  strides?: number[];
  offset?: number;
  numel?: number | null;
  storage?: string;
  key?: string;
  /** written instead of the int numel (e.g. p.float(1.5)) */
  numelOp?: (p: Pickler) => void;
}

/** data.pkl for `_rebuild_tensor_v2(storage, offset, shape, strides, False, OrderedDict())`. */
export function tensorPickle(s: TensorSpec = {}): Uint8Array {
  const { shape = [4], strides = [1], offset = 0, numel = 4, storage = 'FloatStorage', key = '0' } = s;
  const p = new Pickler();
  p.global('torch._utils', '_rebuild_tensor_v2').mark();
  p.mark().str('storage').global('torch', storage).str(key).str('cpu');
  if (s.numelOp) s.numelOp(p);
  else if (numel === null) p.none();
  else p.int(numel);
  p.tuple().persid().int(offset).mark();
  shape.forEach(x => p.int(x));
  p.tuple().mark();
  strides.forEach(x => p.int(x));
  p.tuple().bool(false).global('collections', 'OrderedDict').emptyTuple().reduce().tuple().reduce();
  return p.bytes();
}

/** Raw pickle bytes: protocol 2 header + ops + STOP. */
export function rawPickle(...ops: (number | number[])[]): Uint8Array {
  const out: number[] = [0x80, 2];
  for (const op of ops) {
    if (typeof op === 'number') out.push(op);
    else for (const x of op) out.push(x); // (no spread: ops may hold 10^5 bytes)
  }
  out.push(0x2e);
  return Uint8Array.from(out);
}

/** Set the uncompressed size of every entry (local header and central directory). */
export function patchZipSizes(zip: Uint8Array, size: number): Uint8Array {
  const b = zip.slice();
  const dv = new DataView(b.buffer);
  for (let i = 0; i + 30 < b.length; i++) {
    const sig = dv.getUint32(i, true);
    if (sig === 0x04034b50) dv.setUint32(i + 22, size >>> 0, true);
    else if (sig === 0x02014b50) dv.setUint32(i + 24, size >>> 0, true);
  }
  return b;
}

/** 1–4 seeded corruptions: flips, overwrites, truncation, insertion, duplication. */
export function mutateBytes(src: Uint8Array, r: Rng): Uint8Array {
  let b = src.slice();
  for (let k = r.int(1, 4); k > 0; k--) {
    const pos = r.int(0, Math.max(0, b.length - 1));
    switch (r.int(0, 6)) {
      case 0:
        b[pos] ^= 1 << r.int(0, 7);
        break;
      case 1:
        b[pos] = r.pick([0, 0xff, 0x7f, 0x80, 0x2e, 0x28, 0x0a, 0x93]);
        break;
      case 2:
        b = b.slice(0, pos);
        break;
      case 3: {
        const ins = Uint8Array.from({ length: r.int(1, 16) }, () => r.int(0, 255));
        b = concat(b.slice(0, pos), ins, b.slice(pos));
        break;
      }
      case 4: {
        const len = r.int(1, 64);
        b = concat(b.slice(0, pos), b.slice(pos, pos + len), b.slice(pos));
        break;
      }
      case 5: // a random 32-bit value (sizes, offsets, counts)
        if (pos + 4 <= b.length) new DataView(b.buffer, b.byteOffset).setUint32(pos, r.pick([0, 1, 0x7fffffff, 0xffffffff, r.int(0, 2 ** 31)]), true);
        break;
      default:
        for (let i = pos; i < Math.min(b.length, pos + r.int(1, 32)); i++) b[i] = r.int(0, 255);
    }
  }
  return b;
}
