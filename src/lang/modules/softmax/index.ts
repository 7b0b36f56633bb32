/**
 * Registers the modules of issue #7: `jupyterlab_softmax` (loaded on first
 * import, like torch: it pulls in the engine and the output builders),
 * `pickle` (for `except pickle.UnpicklingError`) and `io` (BytesIO).
 * torch.load/torch.save are attached by src/lang/modules/index.ts through
 * ./torch_io.ts when torch loads.
 */
import { registerModule, makeModule, ModuleContext, PyModule, EXC } from '../../native';
import './bytesio';

registerModule('jupyterlab_softmax', (ctx: ModuleContext): PyModule => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./module') as typeof import('./module')).buildModule(ctx);
});

// CPython's pickle.UnpicklingError is _pickle.UnpicklingError, the class the engine's
// pickle reader raises (EXC.UnpicklingError), so `except pickle.UnpicklingError` catches it.
registerModule('pickle', () => {
  return makeModule(
    'pickle',
    { UnpicklingError: EXC.UnpicklingError, HIGHEST_PROTOCOL: 5n, DEFAULT_PROTOCOL: 4n },
    'Only the exception classes: this kernel never unpickles arbitrary objects.'
  );
});
