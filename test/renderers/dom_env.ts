/**
 * Browser APIs that every browser JupyterLab supports has but jest's jsdom
 * lacks, filled from Node so the real libraries load: DragEvent (Lumino's
 * dragdrop subclasses it at import), structuredClone (Vega-Lite), and
 * TextEncoder/TextDecoder. Import this before anything that loads Lumino.
 */
import * as util from 'util';
import * as v8 from 'v8';

const g = globalThis as Record<string, unknown>;
if (typeof g.DragEvent === 'undefined') {
  g.DragEvent = class DragEvent extends MouseEvent {
    readonly dataTransfer: DataTransfer | null = null;
  };
}
if (typeof g.structuredClone === 'undefined') {
  g.structuredClone = (value: unknown) => v8.deserialize(v8.serialize(value));
}
g.TextEncoder ??= util.TextEncoder;
g.TextDecoder ??= util.TextDecoder;
