/**
 * Host-settable defaults of the jupyterlab_softmax module (the kernel copies
 * the user's settings here before running cells; the CLI and tests keep the
 * built-in values). Why a module-level object and not per Session: a worker
 * runs exactly one Session, and the values are read at call time, so a
 * `configure` after `import jupyterlab_softmax` still takes effect.
 */
export interface SoftmaxDefaults {
  /** Default `bins` of sm.calibration and the binned metrics (setting calibrationBins). */
  calibrationBins: number;
  /** Rows shipped in an sm.table payload before the rest is summarized (setting tableRowCap). */
  tableRowCap: number;
}

export const BUILTIN_DEFAULTS: Readonly<SoftmaxDefaults> = {
  calibrationBins: 15,
  tableRowCap: 100_000
};

let current: SoftmaxDefaults = { ...BUILTIN_DEFAULTS };

/** Set some defaults; invalid values (non-positive, non-integer) are ignored. */
export function setModuleDefaults(d: Partial<SoftmaxDefaults>): void {
  const ok = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;
  current = {
    calibrationBins: ok(d.calibrationBins) ? d.calibrationBins : current.calibrationBins,
    tableRowCap: ok(d.tableRowCap) ? d.tableRowCap : current.tableRowCap
  };
}

export function getModuleDefaults(): Readonly<SoftmaxDefaults> {
  return current;
}

/** Back to the built-in values (tests). */
export function resetModuleDefaults(): void {
  current = { ...BUILTIN_DEFAULTS };
}
