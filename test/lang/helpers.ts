/** Test helpers: run cell code in a fresh (or given) Session synchronously. */
import { Session } from '../../src/lang';

export function run(code: string, session = new Session()): { out: string; err: string; result?: string; ename?: string; evalue?: string; tb: string[] } {
  const r = session.runCellSync(code, { timeLimitMs: 20_000 });
  return { out: r.stdout, err: r.stderr, result: r.result, ename: r.error?.ename, evalue: r.error?.evalue, tb: r.error?.traceback ?? [] };
}

/** stdout of code; throws (showing the traceback) if the code raised. */
export function out(code: string, session?: Session): string {
  const r = run(code, session);
  if (r.ename) throw new Error(`unexpected ${r.ename}: ${r.evalue}\n${r.tb.join('\n')}`);
  return r.out;
}

/** "ExcName: message" of the exception code raises. */
export function error(code: string, session?: Session): string {
  const r = run(code, session);
  if (!r.ename) throw new Error(`expected an exception, got output: ${r.out}`);
  return r.tb[r.tb.length - 1];
}
