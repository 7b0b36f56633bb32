/**
 * Shared pieces of the jsdom renderer tests: a real IMimeModel (the same
 * behaviour as @jupyterlab/rendermime's MimeModel, whose ES-module build jest
 * does not load), the renderer from the extension's own factory, attached to
 * the document, and a guard that fails a test on any uncaught error.
 */
import './dom_env';
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';

import { rendererFactory } from '../../src/renderers';

export class TestMimeModel implements IRenderMime.IMimeModel {
  readonly trusted: boolean;
  data: IRenderMime.IMimeModel['data'];
  metadata: IRenderMime.IMimeModel['metadata'] = {};
  /** Every setData call, in order (the calibration renderer writes a PNG back). */
  readonly updates: IRenderMime.IMimeModel.ISetDataOptions[] = [];

  constructor(data: Record<string, unknown>, trusted = false) {
    this.data = data as IRenderMime.IMimeModel['data'];
    this.trusted = trusted;
  }

  setData(options: IRenderMime.IMimeModel.ISetDataOptions): void {
    this.updates.push(options);
    this.data = options.data ?? this.data;
    this.metadata = options.metadata ?? this.metadata;
  }
}

const live: Widget[] = [];

/** A renderer from the extension's factory, attached to document.body (disposed after the test). */
export function createRenderer(mimeType: string): IRenderMime.IRenderer {
  expect(rendererFactory.mimeTypes).toContain(mimeType);
  // Our factory reads only mimeType; the other options are JupyterLab services.
  const r = rendererFactory.createRenderer({ mimeType } as IRenderMime.IRendererOptions);
  Widget.attach(r, document.body);
  live.push(r);
  return r;
}

/** Resolves after the next animation frame (jsdom runs rAF at ~60 Hz). */
export function nextFrame(): Promise<void> {
  return new Promise(resolve => requestAnimationFrame(() => resolve()));
}

/** Dispatch an event the way a user's input would (bubbling). */
export function fire(el: Element, type: string, init: EventInit = {}): void {
  el.dispatchEvent(new Event(type, { bubbles: true, ...init }));
}

/** Set an input's value and fire the event its listener waits for. */
export function typeInto(el: HTMLInputElement, value: string, type = 'input'): void {
  el.value = value;
  fire(el, type);
}

/**
 * Elements or attributes a payload string could have injected: any of these in
 * the renderer's node means text was parsed as markup.
 */
export function injected(root: Element): string[] {
  const bad: string[] = [];
  for (const el of Array.from(
    root.querySelectorAll('script, img, iframe, object, embed, a, style, foreignObject')
  )) {
    bad.push(`<${el.tagName.toLowerCase()}>`);
  }
  for (const el of Array.from(root.querySelectorAll('*'))) {
    for (const a of Array.from(el.attributes)) {
      // Event handlers, or script URLs where a URL is read (text in a title is fine).
      const url = /^(href|src|xlink:href|action|formaction|data|srcdoc)$/i.test(a.name);
      if (/^on/i.test(a.name) || (url && /^\s*(javascript|data):/i.test(a.value))) {
        bad.push(`${el.tagName.toLowerCase()}[${a.name}=${a.value}]`);
      }
    }
  }
  return bad;
}

/**
 * Fail the current test on uncaught errors (window 'error' events, which is
 * how jsdom reports exceptions thrown in event listeners and timers) and on
 * console.error, except for messages matched by `allowed`.
 */
export function guardErrors(allowed: RegExp[] = []): { errors: string[] } {
  const state = { errors: [] as string[] };
  let spy: jest.SpyInstance;
  const onError = (e: ErrorEvent) => state.errors.push(`uncaught: ${e.message}`);
  beforeEach(() => {
    state.errors.length = 0;
    window.addEventListener('error', onError);
    const original = console.error;
    spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      const text = args.map(a => (a instanceof Error ? a.message : String(a))).join(' ');
      if (!allowed.some(re => re.test(text))) {
        state.errors.push(`console.error: ${text}`);
        original(...args);
      }
    });
  });
  afterEach(() => {
    window.removeEventListener('error', onError);
    spy.mockRestore();
    for (const w of live.splice(0)) {
      w.dispose();
    }
    document.body.replaceChildren();
    expect(state.errors).toEqual([]);
  });
  return state;
}

/** float64 softmax(x / T) of one row: the reference the rendered cells are checked against. */
export function softmaxRow(x: ArrayLike<number>, t = 1): number[] {
  const m = Math.max(...Array.from(x));
  const e = Array.from(x, v => Math.exp((v - m) / t));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map(v => v / s);
}
