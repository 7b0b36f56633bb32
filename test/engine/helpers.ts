/** Small tensor builders shared by the engine unit tests. */
import { DType } from '../../src/engine/dtype';
import { Tensor } from '../../src/engine/tensor';

/** A 0-d, 1-d or 2-d tensor from plain numbers. */
export function T(rows: number[] | number[][] | number, dtype: DType = 'float32'): Tensor {
  if (typeof rows === 'number') return Tensor.scalar(rows, dtype);
  const flat = (rows as (number | number[])[]).flat() as number[];
  const shape = Array.isArray(rows[0]) ? [rows.length, (rows[0] as number[]).length] : [rows.length];
  const t = Tensor.empty(shape, dtype);
  flat.forEach((v, i) => (t.storage[i] = v));
  return t;
}

/** A seeded uniform [0, 1) generator (mulberry32): reproducible random test data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
