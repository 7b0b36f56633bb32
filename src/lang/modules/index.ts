/** Registers the native modules (one import per module file). */
import { registerModule, moduleFactory, ModuleContext, PyModule } from '../values';
import './math';
import './misc';
import './softmax';

// torch is big: load its bindings on first import (they re-register the real factories).
for (const name of ['torch', 'torch.nn', 'torch.nn.functional', 'torch.special']) {
  const lazy = (ctx: ModuleContext): PyModule => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    require('./torch/register');
    attachTorchIO();
    const real = moduleFactory(name);
    if (!real || real === lazy) throw new Error(`module ${name} did not register`);
    return real(ctx);
  };
  if (!moduleFactory(name)) registerModule(name, lazy);
}

/** torch.load/torch.save come from ./softmax/torch_io.ts: wrap the real torch factory once. */
let torchIOAttached = false;
function attachTorchIO(): void {
  if (torchIOAttached) return;
  torchIOAttached = true;
  const real = moduleFactory('torch');
  if (!real) return;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { extendTorch } = require('./softmax/torch_io') as typeof import('./softmax/torch_io');
  registerModule('torch', ctx => extendTorch(real(ctx), ctx));
}
