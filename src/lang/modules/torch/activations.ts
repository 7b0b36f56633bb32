/**
 * Elementwise activations beyond the softmax family (leaky_relu, elu, gelu, silu,
 * softplus), computed per element in the input's float dtype. Values agree with
 * PyTorch to float rounding; printed (4-digit) output matches.
 */
import { Tensor } from '../../../engine';
import { contig } from '../../../engine/iterate';
import { TorchError } from '../../../engine/errors';
import { isFloating, scalarTypeName } from '../../../engine/dtype';

const fr = Math.fround;

/** erf to double precision (Abramowitz–Stegun 7.1.26 is too coarse; use series/continued fraction). */
export function erf(x: number): number {
  if (x !== x) {
    return NaN;
  }
  const ax = Math.abs(x);
  if (ax > 6) {
    return Math.sign(x);
  }
  if (ax < 2.5) {
    // Maclaurin series: 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1))
    let term = ax;
    let sum = ax;
    const x2 = ax * ax;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
        break;
      }
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc continued fraction (Lentz), accurate for |x| ≥ 2.5
  let f = ax;
  let C = ax;
  let D = 0;
  for (let n = 1; n < 300; n++) {
    const an = n / 2;
    D = ax + an * D;
    D = D === 0 ? 1e-300 : 1 / D;
    C = ax + an / C;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) {
      break;
    }
  }
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

export function mapFloat(t: Tensor, kernel: string, f: (v: number) => number): Tensor {
  if (!isFloating(t.dtype)) {
    throw new TorchError(
      'NotImplementedError',
      `"${kernel}" not implemented for '${scalarTypeName(t.dtype)}'`
    );
  }
  const x = contig(t);
  const out = Tensor.empty(t.shape, t.dtype);
  const rd = t.dtype === 'float64' ? (v: number) => v : fr;
  for (let i = 0, n = t.numel; i < n; i++) {
    out.storage[i] = rd(f(x.storage[x.offset + i] as number));
  }
  return out;
}

export const leakyRelu = (t: Tensor, slope: number): Tensor =>
  mapFloat(t, 'leaky_relu_cpu', v => (v > 0 ? v : v * (t.dtype === 'float64' ? slope : fr(slope))));
export const elu = (t: Tensor, alpha: number): Tensor =>
  mapFloat(t, 'elu_cpu', v => (v > 0 ? v : alpha * Math.expm1(v)));
/** gelu in PyTorch's scalar-loop order (float ops rounded one by one in f32). */
export function gelu(t: Tensor, approximate: string): Tensor {
  const rd = t.dtype === 'float64' ? (v: number) => v : fr;
  const alpha = rd(Math.SQRT1_2);
  const beta = rd(Math.SQRT2 * (2 / Math.sqrt(Math.PI)) * 0.5);
  const kappa = rd(0.044715);
  return mapFloat(t, 'GeluKernelImpl', v => {
    if (approximate === 'tanh') {
      const cube = rd(rd(v * v) * v);
      const inner = rd(beta * rd(v + rd(kappa * cube)));
      return rd(rd(0.5 * v) * rd(1 + rd(Math.tanh(inner))));
    }
    return rd(rd(v * 0.5) * rd(1 + rd(erf(rd(v * alpha)))));
  });
}
export const silu = (t: Tensor): Tensor => mapFloat(t, 'silu_cpu', v => v / (1 + Math.exp(-v)));
export const softplus = (t: Tensor, beta: number, threshold: number): Tensor =>
  mapFloat(t, 'softplus_cpu', v =>
    v * beta > threshold ? v : Math.log1p(Math.exp(v * beta)) / beta
  );
