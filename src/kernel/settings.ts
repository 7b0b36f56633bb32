/**
 * Reads the user's settings (schema/plugin.json) into the worker config.
 * Values are read when a kernel starts, so a restart picks up changes.
 */
import type { ISettingRegistry } from '@jupyterlab/settingregistry';

import { DEFAULT_CONFIG, type WorkerConfig } from './protocol';

export function toWorkerConfig(settings: ISettingRegistry.ISettings | null): WorkerConfig {
  if (!settings) {
    return { ...DEFAULT_CONFIG };
  }
  const num = (key: string, fallback: number): number => {
    const value = settings.get(key).composite;
    return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
  };
  return {
    timeLimitMs: num('executionTimeLimitSeconds', DEFAULT_CONFIG.timeLimitMs / 1000) * 1000,
    memoryCapBytes: num('memoryCapMiB', DEFAULT_CONFIG.memoryCapBytes / 1024 ** 2) * 1024 ** 2,
    calibrationBins: num('calibrationBins', DEFAULT_CONFIG.calibrationBins),
    tableRowCap: num('tableRowCap', DEFAULT_CONFIG.tableRowCap)
  };
}
