/**
 * Registers torch and its submodules with the interpreter's module registry
 * (imported by src/lang/modules/index.ts). `import torch` alone already gives
 * torch.nn, torch.nn.functional and torch.special, as in PyTorch, so the
 * submodule factories hand out the objects the torch factory built.
 */
import { registerModule, PyModule } from '../../native';
import { resetPrintOptions } from '../../../engine';
import { setGradEnabled } from './core';
import './tensor_class';
import { buildTorch } from './torch_functions';
import { buildNN } from './nn_modules';
import { buildSpecial } from './special';

registerModule('torch', () => {
  // A new session (kernel restart) starts from PyTorch's defaults.
  setGradEnabled(true);
  resetPrintOptions();
  const torch = buildTorch();
  torch.dict.set('nn', buildNN());
  torch.dict.set('special', buildSpecial());
  return torch;
});
const sub = (path: string[]) => (ctx: { importModule(name: string): PyModule }): PyModule => {
  let m = ctx.importModule('torch');
  for (const p of path) m = m.dict.get(p) as PyModule;
  return m;
};
registerModule('torch.nn', sub(['nn']));
registerModule('torch.nn.functional', sub(['nn', 'functional']));
registerModule('torch.special', sub(['special']));
registerModule('torch.optim', sub(['optim']));
registerModule('torch.cuda', sub(['cuda']));
