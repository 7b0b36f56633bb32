/** Settings (schema/plugin.json) → worker limits. */
import * as fs from 'fs';
import * as path from 'path';

import { DEFAULT_CONFIG } from '../../src/kernel/protocol';
import { toWorkerConfig } from '../../src/kernel/settings';

const schema = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../schema/plugin.json'), 'utf8')
);

function fakeSettings(values: Record<string, unknown>): any {
  return { get: (key: string) => ({ composite: values[key] }) };
}

test('schema defaults and DEFAULT_CONFIG agree', () => {
  const defaults = Object.fromEntries(
    Object.entries<any>(schema.properties).map(([k, v]) => [k, v.default])
  );
  expect(toWorkerConfig(fakeSettings(defaults))).toEqual(DEFAULT_CONFIG);
  expect(defaults).toEqual({
    calibrationBins: 15,
    tableRowCap: 100000,
    executionTimeLimitSeconds: 300,
    memoryCapMiB: 2048
  });
});

test('units are converted: seconds → ms, MiB → bytes', () => {
  const config = toWorkerConfig(
    fakeSettings({
      calibrationBins: 10,
      tableRowCap: 50,
      executionTimeLimitSeconds: 2.5,
      memoryCapMiB: 1
    })
  );
  expect(config).toEqual({
    calibrationBins: 10,
    tableRowCap: 50,
    timeLimitMs: 2500,
    memoryCapBytes: 1048576
  });
});

test('missing registry or bad values fall back to defaults', () => {
  expect(toWorkerConfig(null)).toEqual(DEFAULT_CONFIG);
  expect(toWorkerConfig(fakeSettings({ calibrationBins: 'x' }))).toEqual(DEFAULT_CONFIG);
});
