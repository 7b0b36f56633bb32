/**
 * File I/O for `sm.load` / `torch.load` / `sm.save` / `torch.save`: bytes in,
 * tensors out (and back). Dispatch is by extension, with content sniffing for
 * torch checkpoints (.pt/.pth/.bin/.tar or unknown) and npy/npz magic.
 */
import { Tensor } from '../tensor';
import { TorchError } from '../errors';
import { Loaded, dictOf } from './loaded';
import { loadNpy, saveNpy } from './npy';
import { loadNpz, saveNpz } from './npz';
import { loadCsv, saveCsv } from './csv';
import { loadJson } from './json';
import { loadTorch, torchSave } from './torchsave';
import { isZip, ZipOptions } from './zip';

export * from './loaded';
export { loadNpy, saveNpy, parseNpyHeader } from './npy';
export { loadNpz, saveNpz } from './npz';
export { loadCsv, saveCsv, parseCsv } from './csv';
export { loadJson, tensorFromJson } from './json';
export { loadTorch, torchSave, parameterTensors } from './torchsave';
export { unpickle } from './pickle';
export { isZip } from './zip';
export type { ZipOptions } from './zip';

function extOf(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? filename;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

export function load(bytes: Uint8Array, filename: string, opts: ZipOptions = {}): Loaded {
  const ext = extOf(filename);
  switch (ext) {
    case 'npy':
      return loadNpy(bytes);
    case 'npz':
      return dictOf(loadNpz(bytes, opts));
    case 'csv':
      return loadCsv(bytes);
    case 'json':
      return loadJson(bytes);
    case 'pt':
    case 'pth':
    case 'bin':
    case 'tar':
    case 'ckpt':
      return loadTorch(bytes, opts);
  }
  // Unknown extension: sniff the content.
  if (NPY_MAGIC.every((b, i) => bytes[i] === b)) {
    return loadNpy(bytes);
  }
  if (isZip(bytes)) {
    try {
      return loadTorch(bytes, opts);
    } catch (e) {
      if (e instanceof TorchError && /no data\.pkl/.test(e.message)) {
        return dictOf(loadNpz(bytes, opts));
      }
      throw e;
    }
  }
  if (bytes[0] === 0x80 && bytes[1] >= 2 && bytes[1] <= 5) {
    return loadTorch(bytes, opts); // legacy torch or pickle.dump (.p/.pkl): a clear error
  }
  throw new TorchError(
    'ValueError',
    `cannot tell the format of '${filename}': use a .npy, .npz, .csv, .json, .pt or .pth file`
  );
}

/** Serialize for `sm.save(obj, path)`: format from the extension (torch.save zip for .pt/.pth/other). */
export function save(obj: Loaded, filename: string): Uint8Array {
  const ext = extOf(filename);
  if (ext === 'npy' || ext === 'csv') {
    if (!(obj instanceof Tensor)) {
      throw new TorchError('TypeError', `saving a .${ext} file needs a tensor`);
    }
    return ext === 'npy' ? saveNpy(obj) : saveCsv(obj);
  }
  if (ext === 'npz') {
    if (!(
      typeof obj === 'object' &&
      obj !== null &&
      !(obj instanceof Tensor) &&
      obj.kind === 'dict'
    )) {
      throw new TorchError('TypeError', 'saving a .npz file needs a dict of tensors');
    }
    const rec: Record<string, Tensor> = {};
    for (const [k, v] of obj.entries) {
      if (!(v instanceof Tensor)) {
        throw new TorchError('TypeError', `npz value for key '${String(k)}' is not a tensor`);
      }
      rec[String(k)] = v;
    }
    return saveNpz(rec);
  }
  if (ext === 'json') {
    throw new TorchError(
      'ValueError',
      'saving .json is not supported; use .npy, .npz, .csv or .pt'
    );
  }
  return torchSave(obj);
}
