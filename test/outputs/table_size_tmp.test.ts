import { Tensor } from '../../src/engine/tensor';
import { buildTableBundle, TABLE_MIME_TYPE } from '../../src/outputs/table';
import { encodeBase64 } from '../../src/outputs/packed';
import { bytesToBase64 } from '../../src/outputs/base64';
test('size', () => {
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const n = 100000, c = 10;
  const logits = new Float32Array(n * c);
  for (let i = 0; i < n * c; i++) logits[i] = gauss() * 2;
  for (let k = 0; k < 7; k++) { const b = Uint8Array.from({ length: k }, (_, i) => i * 77); expect(encodeBase64(b)).toBe(bytesToBase64(b)); }
  for (const lg of [false, true]) {
    const t0 = Date.now();
    const x = Tensor.fromStorage(logits, [n, c], 'float32');
    const b = buildTableBundle(x, { logits: lg });
    const json = JSON.stringify(b.data[TABLE_MIME_TYPE]);
    console.log(lg, json.length, 'ms', Date.now() - t0);
  }
});
