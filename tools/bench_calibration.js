#!/usr/bin/env node
/**
 * Timing probe for issue #7: fitTemperature('exact') and the full metric report on
 * 100,000 x 100 float32 logits. Prints wall and CPU time; asserts nothing.
 *   npx tsc && node tools/bench_calibration.js
 * (Not a jest test: jest's module sandbox makes this loop ~10x slower than plain Node.)
 */
const path = require('path');
const lib = path.join(__dirname, '..', 'lib', 'engine');
const { Tensor } = require(path.join(lib, 'tensor'));
const { fitTemperature, calibrationReport } = require(path.join(lib, 'calibration'));

const n = 100000;
const c = 100;
let s = 12345;
const rnd = () => {
  s = (s * 1103515245 + 12345) % 2147483648;
  return s / 2147483648;
};
const x = new Float32Array(n * c);
const y = new Float64Array(n);
for (let i = 0; i < n; i++) {
  y[i] = Math.floor(rnd() * c);
  for (let j = 0; j < c; j++)
    x[i * c + j] = 3 * (rnd() + rnd() + rnd() - 1.5) + (j === y[i] ? 4 : 0);
}
const logits = Tensor.fromStorage(x, [n, c], 'float32');
const labels = Tensor.fromStorage(y, [n], 'int64');
const time = (name, fn) => {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(c0).user / 1000;
  console.log(`${name}: wall ${wall.toFixed(0)} ms, cpu ${cpu.toFixed(0)} ms`);
  return r;
};
for (const method of ['exact', 'lbfgs']) {
  const r = time(`fitTemperature ${method} ${n}x${c}`, () =>
    fitTemperature(logits, labels, { method })
  );
  console.log(
    `  T=${r.temperature} evaluations=${r.evaluations} converged=${r.converged} (${r.note})`
  );
}
const rep = time('calibrationReport (all metrics + bins)', () =>
  calibrationReport(logits, labels, { logits: true })
);
console.log(`  ECE=${rep.metrics.ece.toFixed(5)} NLL=${rep.metrics.nll.toFixed(5)}`);
