/**
 * load/save through the host (HostIO): the CLI reads the disk relative to the
 * script's folder, the kernel asks the Jupyter contents service relative to
 * the notebook's folder. Host failures become Python OSErrors with CPython's
 * wording; format errors come from the engine readers (ValueError,
 * UnpicklingError, ...). Natives here are generators: a host read is an
 * awaited Promise yielded to the Session driver.
 */
import { PyValue, PyError, pyErr, typeName, pyRepr, ModuleContext, Gen } from '../../native';
import { rt } from '../../runtime';
import type { HostIO } from '../../api';
import { load as engineLoad, save as engineSave, TorchError } from '../../../engine';
import { loadedToPy, pyToLoaded } from './convert';
import { isBytesIO, Buffer } from './bytesio';

/** Errno and wording per Node/contents-service error code (CPython's strerror texts). */
const ERRNO: Record<string, [string, number, string]> = {
  ENOENT: ['FileNotFoundError', 2, 'No such file or directory'],
  EACCES: ['PermissionError', 13, 'Permission denied'],
  EPERM: ['PermissionError', 1, 'Operation not permitted'],
  EISDIR: ['OSError', 21, 'Is a directory'],
  ENOTDIR: ['OSError', 20, 'Not a directory'],
  EEXIST: ['FileExistsError', 17, 'File exists']
};

function osError(cls: string, errno: number, strerror: string, path: string): PyError {
  const e = pyErr(cls, `[Errno ${errno}] ${strerror}: ${pyRepr(path)}`);
  // CPython's OSError attributes, so `except OSError as e: e.errno` works
  e.exc.dict.set('errno', BigInt(errno));
  e.exc.dict.set('strerror', strerror);
  e.exc.dict.set('filename', path);
  return e;
}

/** A host rejection as a Python exception. Hosts signal the kind with `code` (Node style: 'ENOENT'). */
export function hostError(e: unknown, path: string): PyError {
  if (e instanceof PyError) {
    return e;
  }
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string' && ERRNO[code]) {
    const [cls, errno, text] = ERRNO[code];
    return osError(cls, errno, text, path);
  }
  const msg = e instanceof Error ? e.message : String(e);
  return pyErr('OSError', `${msg}: ${pyRepr(path)}`);
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(p: Promise<T>): Promise<Outcome<T>> =>
  p.then(
    value => ({ ok: true as const, value }),
    error => ({ ok: false as const, error })
  );

function needAsync(): void {
  if (rt().sync) {
    throw pyErr('OSError', 'file access needs the asynchronous cell runner (Session.runCell)');
  }
}

function pathArg(v: PyValue, fname: string, arg: string): string {
  if (typeof v !== 'string') {
    throw pyErr(
      'TypeError',
      `${fname}(): argument '${arg}' must be a path (str) or io.BytesIO, not ${typeName(v)}`
    );
  }
  if (v === '') {
    throw osError('FileNotFoundError', 2, 'No such file or directory', v);
  }
  return v;
}

export function* readHost(io: HostIO, path: string): Gen<Uint8Array> {
  if (!io.readFile) {
    throw pyErr(
      'OSError',
      `reading files is not available here (no host file access): ${pyRepr(path)}`
    );
  }
  needAsync();
  const r = (yield settle(io.readFile(path))) as Outcome<Uint8Array>;
  if (!r.ok) {
    throw hostError(r.error, path);
  }
  return r.value;
}

export function* writeHost(io: HostIO, path: string, data: Uint8Array): Gen<void> {
  if (!io.writeFile) {
    throw pyErr(
      'OSError',
      `writing files is not available here (no host file access): ${pyRepr(path)}`
    );
  }
  needAsync();
  const r = (yield settle(io.writeFile(path, data))) as Outcome<void>;
  if (!r.ok) {
    throw hostError(r.error, path);
  }
}

/** Engine reader errors are TorchErrors tagged with their Python class; add the file name for context. */
function withFile(e: unknown, path: string): unknown {
  if (e instanceof TorchError && path && !e.message.includes(path)) {
    return new TorchError(e.pyType, `${e.message} (while reading ${pyRepr(path)})`);
  }
  return e;
}

/** sm.load / torch.load: a path or an io.BytesIO → tensor, dict, list or tuple. */
export function* loadValue(ctx: ModuleContext, f: PyValue, fname: string): Gen {
  let bytes: Uint8Array;
  let name: string;
  if (isBytesIO(f)) {
    bytes = (f.native as Buffer).readRest();
    name = '<BytesIO>.pt'; // torch.save is the only writer of a BytesIO here
  } else {
    name = pathArg(f, fname, 'f');
    bytes = yield* readHost(ctx.io, name);
  }
  try {
    return loadedToPy(engineLoad(bytes, name));
  } catch (e) {
    throw withFile(e, isBytesIO(f) ? '' : name);
  }
}

/** sm.save / torch.save: format by extension (.npy/.npz/.csv, else torch.save's zip). */
export function* saveValue(
  ctx: ModuleContext,
  obj: PyValue,
  f: PyValue,
  fname: string,
  torchFormat: boolean
): Gen<null> {
  const loaded = pyToLoaded(obj);
  if (isBytesIO(f)) {
    (f.native as Buffer).write(engineSave(loaded, 'buffer.pt'));
    return null;
  }
  const path = pathArg(f, fname, 'f');
  // torch.save always writes its own format, whatever the extension (as PyTorch does)
  const bytes = engineSave(loaded, torchFormat ? 'checkpoint.pt' : path);
  yield* writeHost(ctx.io, path, bytes);
  return null;
}
