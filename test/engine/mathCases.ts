/**
 * Shared driver for the PyTorch-generated math fixtures
 * (tools/gen_engine_math_fixtures.py → test/fixtures/engine/math.json).
 */
import * as fs from 'fs';
import * as path from 'path';
import { DType, Tensor, TorchError, castValue } from '../../src/engine';
import * as E from '../../src/engine';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface MathCase {
  group: string;
  op: string;
  args: Json[];
  kwargs: Record<string, Json>;
  expect: Json;
  tol: boolean;
}

export function loadCases(group: string): MathCase[] {
  const file = path.join(__dirname, '..', 'fixtures', 'engine', 'math.json');
  const all = JSON.parse(fs.readFileSync(file, 'utf8')).cases as MathCase[];
  return all.filter(c => c.group === group);
}

const num = (v: Json): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v === true ? 1 : v === false ? 0 : v);

export function makeTensor(data: Json[], shape: number[], dtype: DType): Tensor {
  const t = Tensor.empty(shape, dtype);
  data.forEach((v, i) => (t.storage[i] = castValue(dtype, num(v))));
  return t;
}

function decode(x: Json): Json {
  if (x === null || typeof x !== 'object') return typeof x === 'string' ? num(x) : x;
  if (Array.isArray(x)) return x.map(decode);
  if ('data' in x) {
    const t = makeTensor(x.data, x.shape, x.dtype);
    if (!x.perm) return t;
    const p: number[] = x.perm;
    return new Tensor(t.storage, p.map(d => t.shape[d]), p.map(d => t.strides[d]), 0, t.dtype);
  }
  if ('scalar' in x) return { scalar: num(x.scalar), kind: x.kind };
  if ('dtype' in x) return x.dtype;
  const o: Record<string, Json> = {};
  for (const k of Object.keys(x)) o[k] = decode(x[k]);
  return o;
}

const unary = (f: (t: Tensor) => Tensor) => (a: Json[]) => f(a[0]);
const binary = (f: (a: Json, b: Json, o?: Json) => Tensor) => (a: Json[], k: Json) => f(a[0], a[1], k);
const dimKw = (a: Json[], k: Json): Json => ({ ...k, ...(a.length > 1 ? { dim: a[1] } : {}) });

/** How each fixture op is called on the engine. */
const OPS: Record<string, (a: Json[], k: Json) => Json> = {
  add: binary(E.add),
  sub: binary(E.sub),
  mul: binary(E.mul),
  div: binary(E.div),
  floor_divide: binary(E.floor_divide),
  remainder: a => E.remainder(a[0], a[1]),
  pow: a => E.pow(a[0], a[1]),
  maximum: a => E.maximum(a[0], a[1]),
  minimum: a => E.minimum(a[0], a[1]),
  atan2: a => E.atan2(a[0], a[1]),
  fmod: a => E.fmod(a[0], a[1]),
  neg: unary(t => E.neg(t)),
  abs: unary(t => E.abs(t)),
  exp: unary(E.exp),
  exp2: unary(E.exp2),
  log: unary(E.log),
  log2: unary(E.log2),
  log10: unary(E.log10),
  log1p: unary(E.log1p),
  expm1: unary(E.expm1),
  sqrt: unary(E.sqrt),
  rsqrt: unary(E.rsqrt),
  sin: unary(E.sin),
  cos: unary(E.cos),
  tan: unary(E.tan),
  atan: unary(E.atan),
  tanh: unary(E.tanh),
  sigmoid: unary(E.sigmoid),
  relu: unary(t => E.relu(t)),
  sign: unary(E.sign),
  floor: unary(E.floor),
  ceil: unary(E.ceil),
  trunc: unary(E.trunc),
  frac: unary(E.frac),
  round: (a, k) => E.round(a[0], k),
  reciprocal: unary(E.reciprocal),
  square: unary(E.square),
  isnan: unary(E.isnan),
  isinf: unary(E.isinf),
  isfinite: unary(E.isfinite),
  nan_to_num: (a, k) => E.nan_to_num(a[0], k),
  logical_not: unary(E.logical_not),
  bitwise_not: unary(E.bitwise_not),
  invert: unary(E.invert),
  eq: binary(E.eq),
  ne: binary(E.ne),
  lt: binary(E.lt),
  le: binary(E.le),
  gt: binary(E.gt),
  ge: binary(E.ge),
  logical_and: binary(E.logical_and),
  logical_or: binary(E.logical_or),
  logical_xor: binary(E.logical_xor),
  bitwise_and: binary(E.bitwise_and),
  bitwise_or: binary(E.bitwise_or),
  bitwise_xor: binary(E.bitwise_xor),
  isclose: (a, k) => E.isclose(a[0], a[1], k),
  allclose: (a, k) => E.allclose(a[0], a[1], k),
  equal: a => E.equal(a[0], a[1]),
  where: a => (a.length === 1 ? E.whereIndices(a[0]) : E.where(a[0], a[1], a[2])),
  clamp: (a, k) => E.clamp(a[0], k),
  masked_fill: a => E.masked_fill(a[0], a[1], a[2]),
  one_hot: a => E.one_hot(a[0], a[1]),
  add_: a => E.add_(a[0], a[1]),
  sub_: a => E.sub_(a[0], a[1]),
  mul_: a => E.mul_(a[0], a[1]),
  div_: a => E.div_(a[0], a[1]),
  clamp_: a => E.clamp_(a[0], { min: a[1], max: a[2] }),
  masked_fill_: a => E.masked_fill_(a[0], a[1], a[2]),
  exp_: a => E.exp_(a[0]),
  relu_: a => E.relu_(a[0]),
  neg_: a => E.neg_(a[0]),
  pow_: a => E.pow_(a[0], a[1]),
  remainder_: a => E.remainder_(a[0], a[1]),
  floor_divide_: a => E.floor_divide_(a[0], a[1]),
  bitwise_and_: a => E.bitwise_and_(a[0], a[1]),
  copy_: a => E.copy_(a[0], a[1]),
  sum: (a, k) => E.sum(a[0], dimKw(a, k)),
  mean: (a, k) => E.mean(a[0], dimKw(a, k)),
  prod: (a, k) => E.prod(a[0], dimKw(a, k)),
  amax: (a, k) => E.amax(a[0], dimKw(a, k)),
  amin: (a, k) => E.amin(a[0], dimKw(a, k)),
  std: (a, k) => E.std(a[0], dimKw(a, k)),
  var: (a, k) => E.variance(a[0], dimKw(a, k)),
  all: (a, k) => E.all(a[0], dimKw(a, k)),
  any: (a, k) => E.any(a[0], dimKw(a, k)),
  count_nonzero: (a, k) => E.count_nonzero(a[0], dimKw(a, k)),
  norm: (a, k) => E.norm(a[0], dimKw(a, k)),
  max: (a, k) => (a.length > 1 ? E.max(a[0], a[1], k.keepdim) : E.max(a[0])),
  min: (a, k) => (a.length > 1 ? E.min(a[0], a[1], k.keepdim) : E.min(a[0])),
  argmax: (a, k) => E.argmax(a[0], dimKw(a, k)),
  argmin: (a, k) => E.argmin(a[0], dimKw(a, k)),
  cumsum: (a, k) => E.cumsum(a[0], a[1], k),
  cumprod: (a, k) => E.cumprod(a[0], a[1], k),
  sort: (a, k) => E.sort(a[0], k),
  argsort: (a, k) => E.argsort(a[0], k),
  msort: a => E.msort(a[0]),
  topk: (a, k) => E.topk(a[0], a[1], k),
  kthvalue: (a, k) => E.kthvalue(a[0], a[1], dimKw(a.slice(1), k)),
  matmul: a => E.matmul(a[0], a[1]),
  mm: a => E.mm(a[0], a[1]),
  bmm: a => E.bmm(a[0], a[1]),
  mv: a => E.mv(a[0], a[1]),
  dot: a => E.dot(a[0], a[1])
};

/** Python-level TypeErrors from argument parsing belong to the interpreter, not the engine. */
export function engineCase(c: MathCase): boolean {
  if (c.expect.error === 'TypeError') return c.op === 'invert';
  return true;
}

function tensorMatches(t: Tensor, exp: Json, tol: boolean): string | null {
  if (!(t instanceof Tensor)) return `expected a tensor, got ${String(t)}`;
  if (t.dtype !== exp.dtype) return `dtype ${t.dtype} != ${exp.dtype}`;
  if (t.shape.join(',') !== exp.shape.join(',')) return `shape [${t.shape}] != [${exp.shape}]`;
  const [rtol, atol] =
    t.dtype === 'float64' ? [1e-7, 1e-7] : t.dtype === 'float16' ? [1e-3, 1e-5] : t.dtype === 'bfloat16' ? [8e-3, 1e-5] : [1.3e-6, 1e-5];
  for (let i = 0; i < exp.data.length; i++) {
    const a = t.at(i);
    const b = num(exp.data[i]);
    if (Object.is(a, b) || (a !== a && b !== b)) continue;
    if (tol && Number.isFinite(b) && Math.abs(a - b) <= atol + rtol * Math.abs(b)) continue;
    if (!tol && a === b && t.dtype !== 'float32' && t.dtype !== 'float64') continue;
    return `element ${i}: got ${a}, expected ${b}`;
  }
  return null;
}

/** Run one case; returns null on success or a description of the mismatch. */
export function runCase(c: MathCase): string | null {
  const args = decode(c.args) as Json[];
  const kw = decode(c.kwargs);
  const exp = c.expect;
  const f = OPS[c.op];
  if (!f) return `no dispatch for ${c.op}`;
  let res: Json;
  try {
    res = f(args, kw);
  } catch (e) {
    if (!(e instanceof TorchError)) return `non-Torch error ${String(e)}`;
    if (!exp.error) return `unexpected ${e.pyType}: ${e.message}`;
    if (e.pyType !== exp.error || e.message !== exp.message) return `error ${e.pyType}: ${e.message} != ${exp.error}: ${exp.message}`;
    return null;
  }
  if (exp.error) return `expected ${exp.error}: ${exp.message}`;
  if (exp.tensor) {
    if (c.op.endsWith('_') && res !== args[0]) return 'in-place op did not return self';
    return tensorMatches(res, exp.tensor, c.tol);
  }
  if (exp.vi) return tensorMatches(res.values, exp.vi[0], c.tol) ?? tensorMatches(res.indices, exp.vi[1], false);
  if (exp.list) {
    if (res.length !== exp.list.length) return 'list length';
    for (let i = 0; i < res.length; i++) {
      const m = tensorMatches(res[i], exp.list[i], false);
      if (m) return m;
    }
    return null;
  }
  return res === exp.py ? null : `got ${res}, expected ${exp.py}`;
}

export function describe_(c: MathCase): string {
  return `${c.op}(${JSON.stringify(c.args).slice(0, 160)}, ${JSON.stringify(c.kwargs)})`;
}

/** One jest test per fixture case of a group (engine-level cases only). */
export function runGroup(group: string): void {
  const cases = loadCases(group).filter(engineCase);
  test(`${group} fixtures are present`, () => expect(cases.length).toBeGreaterThan(100));
  test.each(cases.map((c, i) => [`${i} ${c.op}`, c] as [string, MathCase]))('%s', (_name, c) => {
    const r = runCase(c);
    if (r) throw new Error(`${describe_(c)}\n${r}`);
  });
}
