/**
 * Zip archives (npz, torch.save) via fflate, with a guard against
 * decompression bombs: all declared entry sizes are read from the central
 * directory and checked against the cap *before* anything is inflated, and
 * fflate inflates each entry into a buffer of exactly its declared size (it
 * never writes more, so a lying size cannot grow memory either).
 */
import { unzipSync, zipSync, Zippable } from 'fflate';
import { TorchError } from '../errors';
import { getMemoryCap } from '../tensor';

export interface ZipOptions {
  /** Largest total uncompressed size accepted (default: the engine's memory cap). */
  maxBytes?: number;
}

export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    (bytes[2] === 3 || bytes[2] === 5)
  );
}

/** name → bytes of every entry (directories skipped), in archive order. */
export function readZip(
  bytes: Uint8Array,
  what: string,
  opts: ZipOptions = {}
): Map<string, Uint8Array> {
  const cap = opts.maxBytes ?? getMemoryCap();
  const entries: { name: string; originalSize: number }[] = [];
  let files: Record<string, Uint8Array>;
  try {
    unzipSync(bytes, {
      filter: f => {
        // a central-directory record takes >= 46 bytes: more entries means a corrupt count
        if (entries.length * 46 > bytes.length) {
          throw new TorchError('ValueError', `${what} is not a valid zip archive (corrupt entry count)`);
        }
        entries.push({ name: f.name, originalSize: f.originalSize });
        return false;
      }
    });
    let total = 0;
    for (const e of entries) {
      total += e.originalSize;
      if (e.originalSize > cap || total > cap) {
        throw new TorchError(
          'RuntimeError',
          `refusing to decompress ${what}: entry '${e.name}' declares ${e.originalSize} bytes ` +
            `(total ${total}), above the memory cap of ${cap} bytes`
        );
      }
    }
    files = unzipSync(bytes, { filter: f => !f.name.endsWith('/') });
  } catch (e) {
    if (e instanceof TorchError) {
      throw e;
    }
    throw new TorchError(
      'ValueError',
      `${what} is not a valid zip archive (${(e as Error).message})`
    );
  }
  const out = new Map<string, Uint8Array>();
  for (const e of entries) {
    if (files[e.name]) {
      out.set(e.name, files[e.name]);
    }
  }
  return out;
}

/** A zip with every entry stored uncompressed (as numpy.savez and torch.save write). */
export function writeZip(entries: [string, Uint8Array][]): Uint8Array {
  const z: Zippable = {};
  for (const [name, data] of entries) {
    z[name] = [data, { level: 0 }];
  }
  return zipSync(z);
}
