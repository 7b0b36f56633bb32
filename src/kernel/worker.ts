/**
 * Web Worker entry of the softmax kernel. No JupyterLab imports: workers are
 * outside module federation, so everything imported here is bundled into the
 * worker chunk. `self` is reached through a cast because this file is compiled
 * with the DOM lib (adding the WebWorker lib conflicts with it).
 */
import type { FromWorker, ToWorker } from './protocol';
import { Runner } from './runner';

const scope = self as unknown as {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};

const runner = new Runner(message => scope.postMessage(message));

// Messages are handled in arrival order; an 'interrupt' arriving while a cell
// awaits inside runCell is processed at the cell's next yield.
scope.onmessage = event => {
  void runner.handle(event.data);
};

scope.postMessage({ kind: 'ready' });
