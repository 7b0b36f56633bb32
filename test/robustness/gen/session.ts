/** A fuzz Session: fixed imports, and a reset to that state between programs. */
import { Session, CellHooks, CellResult } from '../../../src/lang';
import { PyModule, PyValue } from '../../../src/lang/values';

export const SETUP = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nimport math';

/** Known-good cell and its exact output: it must work after every fuzzed program. */
export const PROBE = "__probe = [1, 2, 3]\nprint('probe', sum(__probe) * 2, torch.tensor([1.5, 2.5]).sum().item())\n(len('héllo'), 7 // 2, F.softmax(torch.zeros(2), dim=0).tolist())";
export const PROBE_STDOUT = 'probe 12 4.0\n';
export const PROBE_RESULT = '(5, 3, [0.5, 0.5])';

export class Captured implements CellHooks {
  out = '';
  err = '';
  displays = 0;
  stdout(t: string): void {
    if (this.out.length < 1e6) this.out += t;
  }
  stderr(t: string): void {
    if (this.err.length < 1e6) this.err += t;
  }
  display(): void {
    this.displays++;
  }
}

export class FuzzSession {
  readonly session = new Session();
  private globals = new Map<string, PyValue>();
  private modules: [PyModule, Map<string, PyValue>][] = [];

  async init(): Promise<void> {
    const r = await this.session.runCell(SETUP);
    if (r.status !== 'ok') throw new Error(`setup failed: ${JSON.stringify(r.error)}`);
    this.globals = new Map(this.session.globals);
    for (const v of this.globals.values()) if (v instanceof PyModule) this.modules.push([v, new Map(v.dict)]);
  }

  run(code: string, hooks: CellHooks, timeLimitMs: number): Promise<CellResult> {
    return this.session.runCell(code, hooks, { timeLimitMs, sliceMs: 20 });
  }

  /** Undo what a program did to globals and to the imported modules' attributes. */
  reset(): void {
    const g = this.session.globals;
    g.clear();
    for (const [k, v] of this.globals) g.set(k, v);
    for (const [m, d] of this.modules) {
      m.dict.clear();
      for (const [k, v] of d) m.dict.set(k, v);
    }
  }

  /** null if the known-good cell still gives its exact output. */
  async probe(): Promise<string | null> {
    const h = new Captured();
    const r = await this.session.runCell(PROBE, h, { timeLimitMs: 10_000 });
    if (r.status === 'ok' && h.out === PROBE_STDOUT && r.result?.['text/plain'] === PROBE_RESULT) return null;
    return `known-good cell failed: ${JSON.stringify({ status: r.status, out: h.out, result: r.result?.['text/plain'], error: r.error })}`;
  }
}
