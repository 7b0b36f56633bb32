/**
 * Errors and warnings raised by the engine. The engine knows nothing about the
 * interpreter, so it tags each error with the Python exception class PyTorch
 * would raise; `lang` turns that tag into a real Python exception.
 */
export type PyErrorType =
  | 'RuntimeError'
  | 'IndexError'
  | 'TypeError'
  | 'ValueError'
  | 'ZeroDivisionError'
  | 'OverflowError'
  | 'NotImplementedError'
  | 'KeyError'
  | 'UnpicklingError'
  | 'FileNotFoundError'
  | 'MemoryError'
  /** a long call passed the cell's deadline (deadline.ts) */
  | 'KeyboardInterrupt';

export class TorchError extends Error {
  constructor(
    readonly pyType: PyErrorType,
    message: string
  ) {
    super(message);
    this.name = pyType;
  }
}

export const runtimeError = (msg: string): TorchError => new TorchError('RuntimeError', msg);
export const indexError = (msg: string): TorchError => new TorchError('IndexError', msg);
export const typeError = (msg: string): TorchError => new TorchError('TypeError', msg);
export const valueError = (msg: string): TorchError => new TorchError('ValueError', msg);

/** Receives engine warnings (e.g. the implicit-dim softmax warning). */
export type WarningHandler = (message: string, category: string) => void;

let warningHandler: WarningHandler = () => undefined;

export function setWarningHandler(handler: WarningHandler): void {
  warningHandler = handler;
}

export function warn(message: string, category = 'UserWarning'): void {
  warningHandler(message, category);
}
