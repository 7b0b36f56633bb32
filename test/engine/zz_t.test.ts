import { Tensor, sum, max, std } from '../../src/engine';
test('t', () => {
  let s = performance.now(); const out: string[] = [];
  const lap = (n: string) => { const e = performance.now(); out.push(`${n} ${(e - s).toFixed(0)}`); s = e; };
  const n = 100000 * 100;
  const t = Tensor.empty([100000, 100], 'float32');
  for (let i = 0; i < n; i++) t.storage[i] = ((i * 7919) % 1000) / 1000 - 0.5;
  lap('fill');
  sum(t, { dim: 1 }); lap('sum1');
  sum(t, { dim: 0 }); lap('sum0');
  max(t, 1); lap('max1');
  std(t, { dim: 0 }); lap('std0');
  console.log(out.join('\n'));
}, 120000);
