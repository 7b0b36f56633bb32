/** Process memory for the robustness suites (rss, heap, array buffers) and a forced GC when available. */
import * as v8 from 'v8';
import * as vm from 'vm';

let gcFn: (() => void) | null = null;
try {
  v8.setFlagsFromString('--expose-gc');
  gcFn = vm.runInNewContext('gc') as () => void;
} catch {
  gcFn = null;
}

export function gc(): void {
  gcFn?.();
}

export const MiB = 1024 * 1024;

export function mem(): { rss: number; heap: number; buffers: number } {
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, buffers: m.arrayBuffers };
}
