/** NumPy .npz: a zip of name.npy members → record of tensors (name without `.npy`). */
import { Tensor } from '../tensor';
import { TorchError } from '../errors';
import { loadNpy, saveNpy } from './npy';
import { readZip, writeZip, ZipOptions } from './zip';
import { DeadlineError } from '../deadline';

export function loadNpz(bytes: Uint8Array, opts: ZipOptions = {}): Record<string, Tensor> {
  const files = readZip(bytes, '.npz file', opts);
  const out: Record<string, Tensor> = {};
  for (const [name, data] of files) {
    const key = name.endsWith('.npy') ? name.slice(0, -4) : name;
    try {
      out[key] = loadNpy(data);
    } catch (e) {
      if (e instanceof TorchError && !(e instanceof DeadlineError)) {
        throw new TorchError(e.pyType, `${name}: ${e.message}`);
      }
      throw e;
    }
  }
  return out;
}

/** numpy.savez: stored (uncompressed) members named <key>.npy. */
export function saveNpz(record: Record<string, Tensor>): Uint8Array {
  return writeZip(Object.entries(record).map(([k, t]) => [`${k}.npy`, saveNpy(t)]));
}
