import { packFloat32, unpackFloat32 } from '../../src/outputs/packed';
import { probabilitiesAt } from '../../src/outputs/tablemath';
test('t', () => {
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const n = 1000000; const v = new Float32Array(n); for (let i = 0; i < n; i++) v[i] = rnd() * 4 - 2;
  for (let r = 0; r < 2; r++) {
  let t = Date.now();
  const p = packFloat32(v, [n, 1]); console.log('pack', Date.now() - t); t = Date.now();
  const u = unpackFloat32(p, 'v') as Float32Array; console.log('unpack', Date.now() - t); t = Date.now();
  expect(u).toEqual(v);
  t = Date.now(); probabilitiesAt(v, 100000, 10, true, 1.5); console.log('softmax', Date.now() - t);
  }
});
