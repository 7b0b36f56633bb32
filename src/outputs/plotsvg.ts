/**
 * Vega-Lite spec → SVG string, without a DOM (Vega renders SVG headless), for
 * the worker and Node. The libraries are ESM-only with a top-level await, so
 * they are loaded lazily with a real dynamic import: in a bundle (worker,
 * renderer) the bundler sees `import('vega')`; in Node's CommonJS build, where
 * TypeScript would turn `import()` into `require()` (which fails on ESM with
 * top-level await), the import goes through `new Function`. Under jest neither
 * works and the SVG is simply left out; callers treat it as optional.
 */

/** The part of Vega/Vega-Lite we use. */
export interface VegaLibs {
  vega: {
    parse(spec: unknown, config?: unknown): unknown;
    View: new (runtime: unknown, opts?: Record<string, unknown>) => VegaView;
  };
  vl: { compile(spec: unknown): { spec: unknown } };
}

export interface VegaView {
  runAsync(): Promise<VegaView>;
  toSVG(scaleFactor?: number): Promise<string>;
  toImageURL(type: string, scaleFactor?: number): Promise<string>;
  finalize(): void;
}

let pending: Promise<VegaLibs | null> | null = null;

const inNode = (): boolean =>
  typeof process !== 'undefined' &&
  !!(process as { versions?: { node?: string } }).versions?.node &&
  typeof (globalThis as { document?: unknown }).document === 'undefined' &&
  typeof (globalThis as { importScripts?: unknown }).importScripts === 'undefined';

async function load(): Promise<VegaLibs | null> {
  try {
    if (inNode()) {
      const nodeImport = new Function('m', 'return import(m)') as (m: string) => Promise<unknown>;
      const [vega, vl] = await Promise.all([nodeImport('vega'), nodeImport('vega-lite')]);
      return { vega, vl } as VegaLibs;
    }
    const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
    return { vega, vl } as unknown as VegaLibs;
  } catch {
    return null;
  }
}

/** Vega and Vega-Lite, loaded once; null where they cannot load (jest). */
export function loadVegaLibs(): Promise<VegaLibs | null> {
  pending ??= load();
  return pending;
}

/** A headless Vega view of a Vega-Lite spec (no renderer, no DOM). */
export function headlessView(libs: VegaLibs, spec: Record<string, unknown>): VegaView {
  return new libs.vega.View(libs.vega.parse(libs.vl.compile(spec).spec), { renderer: 'none' });
}

/** The SVG text of a Vega-Lite spec, or null when Vega cannot load or render here. */
export async function specToSvg(spec: Record<string, unknown>): Promise<string | null> {
  const libs = await loadVegaLibs();
  if (!libs) {
    return null;
  }
  const view = headlessView(libs, spec);
  try {
    return await view.toSVG();
  } catch {
    return null;
  } finally {
    view.finalize();
  }
}
