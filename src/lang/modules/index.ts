/** Registers the native modules (one import per module file). */
import { registerModule, moduleFactory, ModuleContext, PyModule } from '../values';
import './math';
import './misc';

// torch is big: load its bindings on first import (they re-register the real factories).
for (const name of ['torch', 'torch.nn', 'torch.nn.functional', 'torch.special']) {
  const lazy = (ctx: ModuleContext): PyModule => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    require('./torch/register');
    const real = moduleFactory(name);
    if (!real || real === lazy) throw new Error(`module ${name} did not register`);
    return real(ctx);
  };
  if (!moduleFactory(name)) registerModule(name, lazy);
}
