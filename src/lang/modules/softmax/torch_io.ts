/**
 * torch.load / torch.save, added to the torch module built by the torch
 * bindings (src/lang/modules/torch, another owner): src/lang/modules/index.ts
 * calls `extendTorch` on the module its factory returns, so no torch file
 * needs to know about file I/O.
 */
import {
  PyModule,
  PyValue,
  ModuleContext,
  rawGenFn,
  pyErr,
  Kwargs,
  bindArgs,
  argSpec
} from '../../native';
import { loadValue, saveValue } from './fileio';

const LOAD_SIG =
  'f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None, **pickle_load_args';
const SAVE_SIG =
  'obj, f, pickle_module=None, pickle_protocol=2, _use_new_zipfile_serialization=True, _disable_byteorder_record=False';
const loadSpec = argSpec('load', LOAD_SIG);
const saveSpec = argSpec('save', SAVE_SIG);

function checkMapLocation(v: PyValue): void {
  // Everything lives on the CPU here: 'cpu', torch.device('cpu') and None are fine.
  const s =
    typeof v === 'string'
      ? v
      : v !== null && typeof v === 'object' && 'native' in v
        ? String((v as { native?: { type?: unknown } }).native?.type ?? '')
        : '';
  if (s.startsWith('cuda') || s.startsWith('mps')) {
    throw pyErr(
      'RuntimeError',
      `Attempting to deserialize object on a ${s.startsWith('cuda') ? 'CUDA' : 'MPS'} device but torch.${s.startsWith('cuda') ? 'cuda' : 'backends.mps'}.is_available() is False. If you are running on a CPU-only machine, please use torch.load with map_location=torch.device('cpu') to map your storages to the CPU.`
    );
  }
}

export function extendTorch(torch: PyModule, ctx: ModuleContext): PyModule {
  torch.dict.set(
    'load',
    rawGenFn(
      'load',
      function* (args: PyValue[], kwargs: Kwargs) {
        const [f, mapLocation] = bindArgs(loadSpec, args, kwargs);
        checkMapLocation(mapLocation);
        // weights_only=False would let real PyTorch run arbitrary pickled code; we never do:
        // only tensors and plain containers load either way.
        return yield* loadValue(ctx, f, 'load');
      },
      `load(${LOAD_SIG})`,
      'Loads what torch.save wrote (tensors and dict/list/tuple containers of them), or a\n' +
        ".npy/.npz/.csv/.json file, from the notebook's folder or an io.BytesIO. Pickled code\n" +
        '(arbitrary classes and functions) is never run: such files raise pickle.UnpicklingError.'
    )
  );
  torch.dict.set(
    'save',
    rawGenFn(
      'save',
      function* (args: PyValue[], kwargs: Kwargs) {
        const [obj, f] = bindArgs(saveSpec, args, kwargs);
        return yield* saveValue(ctx, obj, f, 'save', true);
      },
      `save(${SAVE_SIG})`,
      "Writes obj (a tensor or dict/list/tuple of tensors, numbers and strings) in PyTorch's\n" +
        "zip format to a path in the notebook's folder or to an io.BytesIO; torch.load (here or in\nreal PyTorch) reads it back."
    )
  );
  return torch;
}
