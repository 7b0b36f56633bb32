/**
 * The torch.Tensor class as the cell sees it, and the glue every torch binding
 * shares: wrapping engine tensors into Python objects, grad mode, and the
 * light "autograd" bookkeeping that makes printing show `grad_fn=<...>`.
 */
import { PyClass, PyInstance, PyValue, nativeClass, pyErr, rawFn, typeName } from '../../native';
import { Tensor } from '../../../engine';
import { Ctx, record } from './autograd';

/** <class 'torch.Tensor'>; its methods are installed by tensor_class.ts. */
export const TensorClass: PyClass = nativeClass('Tensor', 'torch');
/** nn.Parameter is a Tensor subclass (repr "Parameter containing:"). */
export const ParameterClass: PyClass = nativeClass('Parameter', 'torch.nn.parameter', TensorClass);

export function wrap(t: Tensor, cls: PyClass = TensorClass): PyInstance {
  return new PyInstance(cls, t);
}

export function isTensor(v: PyValue): v is PyInstance {
  return v instanceof PyInstance && v.native instanceof Tensor && v.klass.isSubclassOf(TensorClass);
}

/** The engine tensor inside a Python Tensor; TypeError in PyTorch's words otherwise. */
export function unwrap(v: PyValue, fname = '', arg = 'input', pos = 1): Tensor {
  if (isTensor(v)) return v.native as Tensor;
  if (v === undefined) throw pyErr('TypeError', `${fname}() missing 1 required positional arguments: "${arg}"`);
  throw pyErr('TypeError', `${fname}(): argument '${arg}' (position ${pos}) must be Tensor, not ${typeName(v)}`);
}

// ---------------------------------------------------------------- grad mode

let gradEnabled = true;

export function isGradEnabled(): boolean {
  return gradEnabled;
}

export function setGradEnabled(on: boolean): void {
  gradEnabled = on;
}

/**
 * Record that `out` came from `inputs` through the op `gradFn` (e.g. 'MulBackward0').
 * PyTorch prints `grad_fn=<...>` and reports `requires_grad=True` on results of
 * ops on tensors that require grad (under no_grad neither shows); the node kept
 * by autograd.ts makes `.backward()` work. `ctx` is what the derivative needs
 * beyond inputs and output (dims, targets…).
 */
export function track(out: Tensor, inputs: readonly unknown[], gradFn: string, ctx?: Ctx): Tensor {
  const needs = gradEnabled && inputs.some(i => i instanceof Tensor && (i.requiresGrad || i.gradFn !== null));
  if (inputs.includes(out)) return out; // in place: leave the flags as they are
  if (needs) {
    out.requiresGrad = true;
    if (!out.gradFn) out.gradFn = gradFn;
    record(out, inputs, gradFn, ctx);
  } else {
    out.requiresGrad = false;
    out.gradFn = null;
  }
  return out;
}

/**
 * `cls.__new__`: a plain instance of exactly `cls` (subclasses included).
 * Set on native classes that are instantiated from cells (nn.Module, no_grad)
 * so construction never depends on how `object.__new__` is provided.
 */
export function installPlainNew(cls: PyClass): void {
  cls.dict.set('__new__', rawFn('__new__', ([c]) => new PyInstance(c as PyClass)));
}
