#!/usr/bin/env node
/**
 * `npm run bench`: the softmax family and friends, ours vs TF.js (wasm backend) vs
 * PyTorch CPU (one thread), measured in ONE run, interleaved round-robin, medians.
 *
 *   node --experimental-wasm-relaxed-simd --expose-gc bench/run.mjs [--quick]
 *        [--variant relaxed|simd128|js] [--no-torch] [--no-tfjs] [--rounds N] [--lib DIR]
 *        [--only REGEX]   (filter cases by "op RxC dD", e.g. --only 'softmax 1000x1000')
 *
 * Needs the compiled engine in lib/ (`npx tsc`). Every implementation's output is
 * checked against a float64 reference before its time counts; any wrong output makes
 * the process exit non-zero (CI runs `--quick` as a smoke test). Timings are never
 * asserted — they are printed, with ratio columns and the targets of issue #8.
 *
 * Columns (ns per input element):
 *   kernel   our wasm kernel, input already in wasm memory, preallocated output
 *            (the analogue of torch's out=)
 *   e2e      the engine call on a Tensor, incl. copies and allocating the result
 *   tfjs     TF.js wasm backend (SIMD, no threads): op + dataSync() into a JS array
 *   t.out    torch with a preallocated out= (torch.set_num_threads(1))
 *   t.plain  the ordinary torch call (allocates its result)
 *   copy     Float32Array.set of the input size: the memory-bandwidth bound
 *   alloc    new Float32Array(input size) + set(): the cost of a fresh result array
 */
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(import.meta.url);

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const arg = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
const ROUNDS = Number(arg('--rounds', QUICK ? 3 : 7));
const TARGET_MS = QUICK ? 2 : 25;
const WARM_MS = QUICK ? 5 : 100;

// --lib DIR: a compiled copy of src/ other than lib/ (e.g. tsc --outDir /tmp/x).
const LIB = resolve(arg('--lib', join(root, 'lib')));
if (!existsSync(join(LIB, 'engine', 'wasm', 'index.js'))) {
  console.error(`bench: ${LIB}/engine/wasm/index.js not found — run \`npx tsc\` first`);
  process.exit(2);
}
const E = require(join(LIB, 'engine', 'index.js'));
const W = require(join(LIB, 'engine', 'wasm', 'index.js'));
const OPS = require(join(LIB, 'engine', 'wasm', 'ops.js'));
const FB = require(join(LIB, 'engine', 'wasm', 'fallback.js'));

const variant = W.useKernelVariant(arg('--variant', 'auto'));
const K = W.activeWasmKernels();

// ------------------------------------------------------------------ data

function normals(n, seed, scale = 4) {
  let a = seed >>> 0;
  const r = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const rad = scale * Math.sqrt(-2 * Math.log(Math.max(r(), 1e-300)));
    const th = 2 * Math.PI * r();
    out[i] = rad * Math.cos(th);
    if (i + 1 < n) {
      out[i + 1] = rad * Math.sin(th);
    }
  }
  return out;
}

function splitShape(shape, dim) {
  const d = dim < 0 ? dim + shape.length : dim;
  const prod = a => a.reduce((p, v) => p * v, 1);
  return [prod(shape.slice(0, d)), shape[d], prod(shape.slice(d + 1)), d];
}

// ------------------------------------------------------------------ float64 references

function refSoftmaxFamily(x, shape, dim, op, T) {
  const [outer, D, inner] = splitShape(shape, dim);
  const invT = op === 'softmax_T' ? 1 / T : 1;
  const lse = op === 'logsumexp';
  const out = new Float64Array(lse ? outer * inner : x.length);
  const m = new Float64Array(inner);
  const s = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const b = o * D * inner;
    m.fill(-Infinity);
    s.fill(0);
    for (let k = 0; k < D; k++) {
      for (let j = 0; j < inner; j++) {
        m[j] = Math.max(m[j], x[b + k * inner + j] * invT);
      }
    }
    for (let k = 0; k < D; k++) {
      for (let j = 0; j < inner; j++) {
        s[j] += Math.exp(x[b + k * inner + j] * invT - m[j]);
      }
    }
    if (lse) {
      for (let j = 0; j < inner; j++) {
        out[o * inner + j] = Math.log(s[j]) + m[j];
      }
      continue;
    }
    for (let k = 0; k < D; k++) {
      for (let j = 0; j < inner; j++) {
        const i = b + k * inner + j;
        const d = x[i] * invT - m[j];
        out[i] = op === 'log_softmax' ? d - Math.log(s[j]) : Math.exp(d) / s[j];
      }
    }
  }
  return out;
}

function refOther(op, x, y, labels, shape) {
  const [N, C] = shape;
  const n = x.length;
  if (op === 'add' || op === 'mul' || op === 'exp') {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = op === 'add' ? x[i] + y[i] : op === 'mul' ? x[i] * y[i] : Math.exp(x[i]);
    }
    return out;
  }
  if (op === 'sum' || op === 'mean' || op === 'max') {
    const out = new Float64Array(N);
    for (let r = 0; r < N; r++) {
      let s = op === 'max' ? -Infinity : 0;
      for (let c = 0; c < C; c++) {
        s = op === 'max' ? Math.max(s, x[r * C + c]) : s + x[r * C + c];
      }
      out[r] = op === 'mean' ? s / C : s;
    }
    return out;
  }
  // cross_entropy and ece from float64 softmax rows
  let ce = 0;
  const bins = 15;
  const cnt = new Float64Array(bins);
  const acc = new Float64Array(bins);
  const conf = new Float64Array(bins);
  for (let r = 0; r < N; r++) {
    let m = -Infinity;
    let arg = 0;
    for (let c = 0; c < C; c++) {
      if (x[r * C + c] > m) {
        m = x[r * C + c];
        arg = c;
      }
    }
    let s = 0;
    for (let c = 0; c < C; c++) {
      s += Math.exp(x[r * C + c] - m);
    }
    ce += Math.log(s) + m - x[r * C + labels[r]];
    const p = Math.fround(1 / s); // top probability, binned as float32 like torch
    let b = Math.ceil(p * bins) - 1;
    if (b < 0) {
      continue;
    }
    if (b >= bins) {
      b = bins - 1;
    }
    cnt[b]++;
    acc[b] += arg === labels[r] ? 1 : 0;
    conf[b] += 1 / s;
  }
  if (op === 'cross_entropy') {
    return Float64Array.of(ce / N);
  }
  let e = 0;
  for (let b = 0; b < bins; b++) {
    e += Math.abs(acc[b] - conf[b]);
  }
  return Float64Array.of(e / N);
}

// ------------------------------------------------------------------ checks

const failures = [];

/** torch.testing.assert_close: |a − b| ≤ atol + rtol·|b| (float32 defaults unless given). */
function check(name, got, want, rtol = 1.3e-6, atol = 1e-5) {
  if (!got || got.length !== want.length) {
    failures.push(`${name}: wrong length ${got && got.length} (want ${want.length})`);
    return false;
  }
  let worst = 0;
  let at = -1;
  for (let i = 0; i < want.length; i++) {
    const a = got[i];
    const b = want[i];
    const err = Math.abs(a - b) - (atol + rtol * Math.abs(b));
    if (!(err <= 0) && !(Number.isNaN(a) && Number.isNaN(b))) {
      if (!(err <= worst) || Number.isNaN(err)) {
        worst = Number.isNaN(err) ? Infinity : err;
        at = i;
      }
    }
  }
  if (at >= 0) {
    failures.push(
      `${name}: element ${at} is ${got[at]}, want ${want[at]} (rtol ${rtol}, atol ${atol})`
    );
    return false;
  }
  return true;
}

function checkRowSums(name, p, shape, dim) {
  const [outer, D, inner] = splitShape(shape, dim);
  let worst = 0;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      let s = 0;
      for (let k = 0; k < D; k++) {
        s += p[o * D * inner + k * inner + j];
      }
      worst = Math.max(worst, Math.abs(s - 1));
    }
  }
  if (!(worst <= 1e-6)) {
    failures.push(`${name}: max |Σp − 1| = ${worst.toExponential(2)} > 1e-6`);
    return false;
  }
  return true;
}

// ------------------------------------------------------------------ torch subprocess

class Torch {
  static async start() {
    const py = process.env.PYTHON || 'python3';
    const proc = spawn(py, [join(here, 'torch_bench.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
    const t = new Torch(proc);
    const hello = await t.next().catch(() => null);
    if (!hello || !hello.ok) {
      proc.kill();
      return { skipped: hello ? hello.msg : `could not run ${py}` };
    }
    t.info = hello;
    return t;
  }
  constructor(proc) {
    this.proc = proc;
    this.waiters = [];
    this.lines = [];
    this.dead = false;
    createInterface({ input: proc.stdout }).on('line', l => {
      const w = this.waiters.shift();
      if (w) {
        w.resolve(JSON.parse(l));
      } else {
        this.lines.push(l);
      }
    });
    proc.on('exit', () => {
      this.dead = true;
      for (const w of this.waiters.splice(0)) {
        w.reject(new Error('torch process exited'));
      }
    });
    proc.on('error', () => {
      this.dead = true;
      for (const w of this.waiters.splice(0)) {
        w.reject(new Error('torch process failed'));
      }
    });
  }
  next() {
    if (this.lines.length) {
      return Promise.resolve(JSON.parse(this.lines.shift()));
    }
    if (this.dead) {
      return Promise.reject(new Error('torch process exited'));
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }
  async ask(req) {
    this.proc.stdin.write(JSON.stringify(req) + '\n');
    return this.next();
  }
  quit() {
    if (!this.dead) {
      this.proc.stdin.write('{"cmd":"quit"}\n');
    }
  }
}

// ------------------------------------------------------------------ TF.js

async function startTfjs() {
  try {
    const tf = require('@tensorflow/tfjs-core');
    const wasm = require('@tensorflow/tfjs-backend-wasm');
    const dir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    wasm.setWasmPaths(join(dir, 'dist') + '/');
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    const origWarn = console.warn;
    console.warn = () => {};
    try {
      if (!(await tf.setBackend('wasm'))) {
        return { skipped: 'tfjs wasm backend failed to initialise' };
      }
      await tf.ready();
    } finally {
      console.warn = origWarn;
    }
    return { tf, simd: tf.env().get('WASM_HAS_SIMD_SUPPORT') };
  } catch (e) {
    return { skipped: `tfjs unavailable: ${e.message}` };
  }
}

function tfjsFn(tf, op, x, y, labels, shape, dim, T) {
  const d = dim < 0 ? dim + shape.length : dim;
  const last = d === shape.length - 1;
  const xt = tf.tensor(x, shape, 'float32');
  const keep = [xt];
  const yt = y ? tf.tensor(y, shape, 'float32') : null;
  if (yt) {
    keep.push(yt);
  }
  let body;
  const viaT = f => (last ? f(xt) : tf.transpose(f(tf.transpose(xt))));
  switch (op) {
    case 'softmax':
      body = () => viaT(v => tf.softmax(v));
      break;
    case 'log_softmax':
      body = () => viaT(v => tf.logSoftmax(v));
      break;
    case 'softmax_T':
      body = () => viaT(v => tf.softmax(tf.div(v, T)));
      break;
    case 'logsumexp':
      body = () => tf.logSumExp(xt, d);
      break;
    case 'add':
      body = () => tf.add(xt, yt);
      break;
    case 'mul':
      body = () => tf.mul(xt, yt);
      break;
    case 'exp':
      body = () => tf.exp(xt);
      break;
    case 'sum':
      body = () => tf.sum(xt, 1);
      break;
    case 'mean':
      body = () => tf.mean(xt, 1);
      break;
    case 'max':
      body = () => tf.max(xt, 1);
      break;
    case 'cross_entropy': {
      const oh = tf.oneHot(tf.tensor1d(labels, 'int32'), shape[1]);
      keep.push(oh);
      body = () => tf.losses.softmaxCrossEntropy(oh, xt);
      break;
    }
    default:
      return null;
  }
  return {
    run: () => {
      const r = tf.tidy(body);
      const data = r.dataSync();
      r.dispose();
      return data;
    },
    dispose: () => keep.forEach(t => t.dispose())
  };
}

// ------------------------------------------------------------------ our implementations

/** Raw kernel: data already in wasm memory, whole tensor src → dst (like out=). */
function ourKernel(op, x, shape, dim, T, y) {
  const n = x.length;
  if (op === 'add' || op === 'mul' || op === 'exp') {
    // Elementwise wasm kernels (src/engine/wasm: binaryF32 / expF32), out= analogue.
    if (!K) {
      return null;
    }
    const heap = K.reserve(3 * n);
    if (!heap) {
      return null;
    }
    const w4 = K.work >> 2;
    heap.set(x, w4);
    if (y) {
      heap.set(y, w4 + n);
    }
    const a = K.work,
      b = K.work + 4 * n,
      o = K.work + 8 * n;
    const ex = K.exports;
    const run =
      op === 'exp'
        ? () => ex.expF32(a, o, n)
        : () => ex.binaryF32(a, b, o, n, op === 'add' ? 0 : 2);
    return { run: () => (run(), K.reserve(3 * n).subarray(w4 + 2 * n, w4 + 3 * n)) };
  }
  const [outer, D, inner] = splitShape(shape, dim);
  const lse = op === 'logsumexp';
  const mode = lse ? 2 : op === 'log_softmax' ? 1 : 0;
  const invT = op === 'softmax_T' ? Math.fround(1 / T) : 1;
  const outN = lse ? outer * inner : n;
  if (!K) {
    const dst = new Float32Array(outN);
    const run = lse
      ? () => FB.logsumexpJs(x, dst, outer, D, inner)
      : () => FB.softmaxJs(x, dst, outer, D, inner, invT, mode === 1);
    return { run: () => (run(), dst) };
  }
  const heap = K.reserve(n + outN);
  if (!heap) {
    return null;
  }
  heap.set(x, K.work >> 2);
  const src = K.work;
  const dst = K.work + n * 4;
  const ex = K.exports;
  let run;
  if (inner === 1) {
    run = lse
      ? () => ex.logsumexpRows(src, dst, outer, D)
      : () => ex.softmaxRows(src, dst, outer, D, invT, mode);
  } else {
    run = () => ex.softmaxCols(src, dst, outer, D, inner, invT, mode, K.acc);
  }
  return {
    run: () => {
      run();
      const h = K.reserve(n + outN);
      return h.subarray(dst >> 2, (dst >> 2) + outN);
    }
  };
}

function ourE2E(op, x, y, labels, shape, dim, T) {
  const t = E.Tensor.fromStorage(x, shape, 'float32');
  const d = dim < 0 ? dim + shape.length : dim;
  switch (op) {
    case 'softmax':
      return () => E.softmax(t, d).storage;
    case 'log_softmax':
      return () => E.logSoftmax(t, d).storage;
    case 'logsumexp':
      return () => E.logsumexp(t, d).storage;
    case 'softmax_T':
      // softmax(x / T) with 1/T folded into the exp (the engine-level fused entry).
      return () =>
        (OPS.fastSoftmax(t, d, { invT: 1 / T }) ?? E.softmax(E.div(t, E.pyFloat(T)), d)).storage;
    case 'add': {
      const u = E.Tensor.fromStorage(y, shape, 'float32');
      return () => E.add(t, u).storage;
    }
    case 'mul': {
      const u = E.Tensor.fromStorage(y, shape, 'float32');
      return () => E.mul(t, u).storage;
    }
    case 'exp':
      return () => E.exp(t).storage;
    case 'sum':
      return () => E.sum(t, { dim: 1 }).storage;
    case 'mean':
      return () => E.mean(t, { dim: 1 }).storage;
    case 'max':
      return () => E.max(t, 1).values.storage;
    case 'cross_entropy': {
      const lt = E.Tensor.fromStorage(Float64Array.from(labels), [shape[0]], 'int64');
      return () => E.crossEntropy(t, lt).storage;
    }
    case 'ece': {
      const lt = E.Tensor.fromStorage(Float64Array.from(labels), [shape[0]], 'int64');
      return () => Float64Array.of(E.ece(t, lt, { logits: true }));
    }
  }
  throw new Error(`unknown op ${op}`);
}

// ------------------------------------------------------------------ timing

const now = () => performance.now();

/** A timed implementation: sample(reps) → ms per call. */
function jsImpl(name, fn) {
  return {
    name,
    async warm() {
      const t0 = now();
      let calls = 0;
      while (calls < 2 || now() - t0 < WARM_MS) {
        fn();
        calls++;
      }
      return (now() - t0) / calls;
    },
    async sample(reps) {
      const t0 = now();
      for (let i = 0; i < reps; i++) {
        fn();
      }
      return (now() - t0) / reps;
    }
  };
}

function torchImpl(name, torch, variant) {
  return {
    name,
    async warm() {
      let last = 0;
      const t0 = now();
      let calls = 0;
      while (calls < 2 || now() - t0 < WARM_MS) {
        const r = await torch.ask({ cmd: 'time', variant, reps: 1 });
        if (!r.ok) {
          throw new Error(r.msg);
        }
        last = r.t * 1e3;
        calls++;
      }
      return last;
    },
    async sample(reps) {
      const r = await torch.ask({ cmd: 'time', variant, reps });
      if (!r.ok) {
        throw new Error(r.msg);
      }
      return r.t * 1e3;
    }
  };
}

const median = a => {
  const s = [...a].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function measure(impls) {
  const reps = new Map();
  for (const im of impls) {
    const per = await im.warm();
    reps.set(im.name, Math.max(1, Math.round(TARGET_MS / Math.max(per, 1e-4))));
  }
  const samples = new Map(impls.map(im => [im.name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < impls.length; k++) {
      const im = impls[(k + r) % impls.length]; // rotate the order each round
      samples.get(im.name).push(await im.sample(reps.get(im.name)));
    }
  }
  const out = {};
  for (const [name, s] of samples) {
    out[name] = median(s);
  }
  return out;
}

// ------------------------------------------------------------------ cases

const FAMILY = ['softmax', 'log_softmax', 'logsumexp', 'softmax_T'];
const T_VALUE = 0.7;

function cases() {
  const list = [];
  const famShapes = QUICK
    ? [
        [64, 100],
        [100, 70],
        [1, 5000]
      ]
    : [
        [1000, 1000],
        [100, 100000],
        [100000, 100],
        [1, 1000000]
      ];
  for (const s of famShapes) {
    list.push({ op: 'softmax', shape: s, dim: -1 });
  }
  for (const s of famShapes) {
    if (s[0] > 1) {
      list.push({ op: 'softmax', shape: s, dim: 0 });
    }
  }
  for (const s of famShapes) {
    list.push({ op: 'log_softmax', shape: s, dim: -1 });
  }
  for (const s of famShapes) {
    list.push({ op: 'logsumexp', shape: s, dim: -1 });
  }
  for (const s of famShapes) {
    list.push({ op: 'softmax_T', shape: s, dim: -1 });
  }
  const sq = famShapes[0];
  list.push({ op: 'log_softmax', shape: sq, dim: 0 });
  list.push({ op: 'logsumexp', shape: sq, dim: 0 });
  list.push({ op: 'softmax_T', shape: sq, dim: 0 });
  const other = QUICK ? [200, 100] : [100000, 100];
  for (const op of ['add', 'mul', 'exp', 'sum', 'mean', 'max', 'cross_entropy', 'ece']) {
    list.push({ op, shape: other, dim: 1 });
  }
  return list;
}

function tolerance(op) {
  // Reductions in float32 (pairwise/lane order) vs float64: float32 assert_close is
  // too tight for sums that cancel; use the sum's magnitude-aware bound instead.
  if (op === 'sum' || op === 'mean') {
    return [1e-5, 1e-4];
  }
  if (op === 'cross_entropy' || op === 'ece') {
    return [1e-5, 1e-6];
  }
  return [1.3e-6, 1e-5];
}

// ------------------------------------------------------------------ main

const fmt = v =>
  v === undefined || v === null || Number.isNaN(v)
    ? '—'
    : v >= 100
      ? v.toFixed(0)
      : v >= 10
        ? v.toFixed(1)
        : v.toFixed(2);
const fmtR = v => (v === undefined || v === null || !Number.isFinite(v) ? '—' : v.toFixed(2));

async function main() {
  const gc = globalThis.gc ?? (() => {});
  const torch = argv.includes('--no-torch')
    ? { skipped: 'disabled (--no-torch)' }
    : await Torch.start();
  const tfj = argv.includes('--no-tfjs') ? { skipped: 'disabled (--no-tfjs)' } : await startTfjs();
  const haveTorch = !torch.skipped;
  const haveTf = !tfj.skipped;

  console.log(
    `# softmax bench ${QUICK ? '(quick) ' : ''}— node ${process.version}, ours: ${variant}` +
      `, tfjs-wasm: ${haveTf ? `4.22 simd=${tfj.simd} threads=off` : `skipped (${tfj.skipped})`}` +
      `, torch: ${haveTorch ? `${torch.info.torch} ${torch.info.capability} threads=${torch.info.threads}` : `skipped (${torch.skipped})`}`
  );
  console.log(
    `# ns per input element, median of ${ROUNDS} interleaved rounds; ratios < 1 mean ours is faster (tfjs/e2e > 1 means ours is faster)`
  );

  const rows = [];
  const only = arg('--only', null);
  for (const c of cases()) {
    if (
      only &&
      !new RegExp(only).test(
        `${c.op} ${c.shape.join('x')} d${c.dim < 0 ? c.dim + c.shape.length : c.dim}`
      )
    ) {
      continue;
    }
    gc();
    const { op, shape, dim } = c;
    const n = shape.reduce((a, b) => a * b, 1);
    const label = `${op}${op === 'softmax_T' ? `(T=${T_VALUE})` : ''}`;
    const shapeS = `${shape.join('x')} d${dim < 0 ? dim + shape.length : dim}`;
    const seed = 17 + rows.length;
    let x = normals(n, seed);
    if (op === 'exp') {
      x = x.map(v => v / 4);
    }
    const y = op === 'add' || op === 'mul' ? normals(n, seed + 1000) : null;
    const labels = Int32Array.from(
      normals(shape[0], seed + 2000),
      v => Math.abs(Math.floor(v * 1000)) % shape[shape.length - 1]
    );
    const fam = FAMILY.includes(op);
    const want = fam
      ? refSoftmaxFamily(x, shape, dim, op, T_VALUE)
      : refOther(op, x, y, labels, shape);
    const [rtol, atol] = tolerance(op);
    const impls = [];
    const row = { label, shapeS, n, fam };

    if (fam || op === 'add' || op === 'mul' || op === 'exp') {
      const k = ourKernel(op, x, shape, dim, T_VALUE, y);
      const got = k && k.run();
      if (
        got &&
        check(`${label} ${shapeS} kernel`, got, want, rtol, atol) &&
        (!fam ||
          op === 'logsumexp' ||
          op === 'log_softmax' ||
          checkRowSums(`${label} ${shapeS} kernel`, got, shape, dim))
      ) {
        impls.push(jsImpl('kernel', k.run));
      }
    }
    const e2e = ourE2E(op, x, y, labels, shape, dim, T_VALUE);
    if (check(`${label} ${shapeS} e2e`, e2e(), want, rtol, atol)) {
      impls.push(jsImpl('e2e', e2e));
    }

    // Third parties sum in float32 (error grows with the reduced length, ~√D·ε typical;
    // reference/performance.md §8: up to 2.3e-3 on 1e7 rows), so they get a tolerance
    // that scales with D. It still catches wrong results, not float32 summation drift.
    const redLen = fam
      ? splitShape(shape, dim)[1]
      : op === 'add' || op === 'mul' || op === 'exp'
        ? 1
        : shape[1];
    const tpRtol = 1e-4 * Math.max(1, Math.sqrt(redLen) / 10);
    const tpAtol = 1e-5 * Math.max(1, Math.sqrt(redLen));
    let tfCase = null;
    if (haveTf) {
      tfCase = tfjsFn(tfj.tf, op, x, y, labels, shape, dim, T_VALUE);
      if (tfCase && check(`${label} ${shapeS} tfjs`, tfCase.run(), want, tpRtol, tpAtol)) {
        impls.push(jsImpl('tfjs', tfCase.run));
      }
    }
    if (haveTorch) {
      const r = await torch.ask({
        cmd: 'setup',
        op,
        shape,
        dim,
        T: T_VALUE,
        rtol: tpRtol,
        atol: tpAtol
      });
      if (!r.ok) {
        failures.push(`torch ${label} ${shapeS}: ${r.msg}`);
      } else {
        if (r.variants.includes('out')) {
          impls.push(torchImpl('t.out', torch, 'out'));
        }
        impls.push(torchImpl('t.plain', torch, 'plain'));
      }
    }
    const copyDst = new Float32Array(n);
    impls.push(jsImpl('copy', () => copyDst.set(x)));
    // What a fresh result array costs (zeroed allocation + first touch): on VMs with
    // slow page faults this, not the kernel, dominates e2e for multi-MB outputs.
    let keep = null;
    impls.push(
      jsImpl('alloc', () => {
        keep = new Float32Array(n);
        keep.set(x);
      })
    );

    const ms = await measure(impls);
    if (tfCase) {
      tfCase.dispose();
    }
    for (const [name, v] of Object.entries(ms)) {
      row[name] = (v * 1e6) / n;
    }
    rows.push(row);
    process.stderr.write(`  ${label} ${shapeS} done\n`);
  }
  if (haveTorch) {
    torch.quit();
  }

  const head = [
    'op',
    'shape dim',
    'kernel',
    'e2e',
    'tfjs',
    't.out',
    't.plain',
    'copy',
    'alloc',
    'kernel/t.out',
    'e2e/t.plain',
    'tfjs/e2e',
    'targets'
  ];
  const table = rows.map(r => {
    const kt = r.kernel / r['t.out'];
    const et = r.e2e / r['t.plain'];
    const tf = r.tfjs / r.e2e;
    let verdict = '';
    if (r.fam && r.n >= 1e5) {
      const ok = [
        kt <= 1 || !Number.isFinite(kt),
        et <= 1 || !Number.isFinite(et),
        tf >= 1.2 || !Number.isFinite(tf)
      ];
      verdict = ok.every(Boolean)
        ? 'met'
        : `MISSED ${['kernel', 'e2e', 'tfjs'].filter((_, i) => !ok[i]).join('+')}`;
    } else if (!r.fam && r.n >= 1e5 && Number.isFinite(et)) {
      verdict = et <= 2 ? 'met (≤2×)' : 'MISSED (>2×)';
    }
    return [
      r.label,
      r.shapeS,
      fmt(r.kernel),
      fmt(r.e2e),
      fmt(r.tfjs),
      fmt(r['t.out']),
      fmt(r['t.plain']),
      fmt(r.copy),
      fmt(r.alloc),
      fmtR(kt),
      fmtR(et),
      fmtR(tf),
      verdict
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...table.map(r => String(r[i]).length)));
  const line = cells => '| ' + cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
  console.log(line(head));
  console.log('|' + widths.map(w => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of table) {
    console.log(line(r));
  }

  if (failures.length) {
    console.error(`\nbench: ${failures.length} correctness check(s) FAILED:`);
    for (const f of failures) {
      console.error(`  - ${f}`);
    }
    process.exit(1);
  }
  console.log(`\nall outputs checked against float64 references: OK`);
  process.exit(0);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
