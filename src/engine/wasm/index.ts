/**
 * Fast float32 softmax-family kernels for the engine: WebAssembly SIMD (relaxed-SIMD
 * FMA → SIMD128) with a pure-JS fallback, chosen once at first use.
 *
 * Contract: inputs/outputs are plain Float32Arrays laid out as [outer, D, inner]
 * (reduce over D). The kernels copy the input into wasm linear memory in blocks,
 * compute in place there, and copy the result out, so tensor storage never has to
 * live in (and be detached by growing) wasm memory. Results are within float32
 * assert_close tolerance of a float64 reference and |Σp − 1| ≤ 1e-6 on any row
 * length; they are NOT bit-identical to PyTorch's float32 op order — callers keep
 * their exact path for small tensors (see `preferFastKernels`).
 *
 * No DOM: runs in the Web Worker, in Node (softmax-run) and in jest. The modules are
 * ~18 KB and compiled synchronously, which workers and Node allow.
 */
import { RELAXED_WASM_B64, SIMD128_WASM_B64 } from './kernels_wasm.generated';
import { logsumexpJs, softmaxJs } from './fallback';

export type KernelVariant = 'relaxed' | 'simd128' | 'js';

/** The wasm module's exports (wasm/assembly/softmax.ts). Pointers are byte offsets. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  colScratchBytes(): number;
  softmaxRows(src: number, dst: number, rows: number, D: number, invT: number, mode: number): void;
  logsumexpRows(src: number, out: number, rows: number, D: number): void;
  softmaxCols(
    src: number,
    dst: number,
    outer: number,
    D: number,
    inner: number,
    invT: number,
    mode: number,
    acc: number
  ): void;
  setColBlock(floats: number): void;
  binaryF32(a: number, b: number, out: number, n: number, op: number): void;
  expF32(src: number, dst: number, n: number): void;
}

/** Elementwise binary ops with a wasm kernel (IEEE-exact, so bit-identical to JS). */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div';
const BINARY_CODE: Record<BinaryOp, number> = { add: 0, sub: 1, mul: 2, div: 3 };

/** Tensors with fewer elements keep the engine's own (bit-exact) path. */
export const FAST_MIN_NUMEL = 1 << 14;
/**
 * Rows of ≤ this many elements keep PyTorch's exact float32 op order in the engine
 * (kernels/softmax_rows.ts EXACT_MAX); longer rows are not bit-exact there anyway.
 */
export const FAST_MIN_DIM = 65;

/** Routing policy for callers: use these kernels for large float32 inputs only. */
export function preferFastKernels(numel: number, dimSize: number): boolean {
  return numel >= FAST_MIN_NUMEL && dimSize >= FAST_MIN_DIM;
}

/** Floats per copy-in/compute/copy-out block: 64 KB keeps the copies in L1/L2. */
const BLOCK = 1 << 14;
const PAGE = 65536;

function decode(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    out[i] = s.charCodeAt(i);
  }
  return out;
}

/** One instantiated module plus its scratch layout: [static | acc | work …]. */
export class WasmKernels {
  readonly exports: KernelExports;
  /** Column-kernel accumulator scratch (byte offset). */
  readonly acc: number;
  /** Start of the work area (byte offset, 64-aligned). */
  readonly work: number;
  private heap: Float32Array;

  constructor(
    readonly variant: 'relaxed' | 'simd128',
    module: WebAssembly.Module
  ) {
    const inst = new WebAssembly.Instance(module, {
      env: {
        abort: () => {
          throw new Error('softmax wasm kernel abort');
        }
      }
    });
    this.exports = inst.exports as unknown as KernelExports;
    const align = (p: number) => (p + 63) & ~63;
    this.acc = align(this.exports.heapBase());
    this.work = align(this.acc + this.exports.colScratchBytes());
    this.heap = new Float32Array(this.exports.memory.buffer);
  }

  /**
   * A Float32Array view of all of wasm memory with room for `floats` floats from
   * `work`, growing memory if needed (growing detaches old views, so always use
   * the returned one). Returns null when memory cannot grow.
   */
  reserve(floats: number): Float32Array | null {
    const mem = this.exports.memory;
    const need = this.work + floats * 4;
    const have = mem.buffer.byteLength;
    if (need > have) {
      try {
        mem.grow(Math.ceil((need - have) / PAGE));
      } catch {
        return null;
      }
    }
    if (this.heap.buffer !== mem.buffer) {
      this.heap = new Float32Array(mem.buffer);
    }
    return this.heap;
  }

  /** softmax / log_softmax (mode 0 / 1) or logsumexp (mode 2) via block copies. */
  run(
    src: Float32Array,
    dst: Float32Array,
    outer: number,
    D: number,
    inner: number,
    invT: number,
    mode: number
  ): boolean {
    const ex = this.exports;
    const lse = mode === 2;
    const unit = D * inner; // one slab (one row when inner = 1)
    const per = Math.max(1, Math.floor(BLOCK / unit));
    const outPer = lse ? per * inner : 0;
    const heap = this.reserve(per * unit + outPer);
    if (heap === null) {
      return false;
    }
    const w = this.work;
    const w4 = w >> 2;
    for (let o0 = 0; o0 < outer; o0 += per) {
      const n = Math.min(per, outer - o0);
      const len = n * unit;
      heap.set(src.subarray(o0 * unit, o0 * unit + len), w4);
      if (lse) {
        const out = w + len * 4;
        if (inner === 1) {
          ex.logsumexpRows(w, out, n, D);
        } else {
          ex.softmaxCols(w, out, n, D, inner, 1, 2, this.acc);
        }
        dst.set(heap.subarray(w4 + len, w4 + len + n * inner), o0 * inner);
      } else {
        if (inner === 1) {
          ex.softmaxRows(w, w, n, D, invT, mode);
        } else {
          ex.softmaxCols(w, w, n, D, inner, invT, mode, this.acc);
        }
        dst.set(heap.subarray(w4, w4 + len), o0 * unit);
      }
    }
    return true;
  }

  /** out = a op b over n elements, in blocks (a, b, out may alias). */
  binary(a: Float32Array, b: Float32Array, out: Float32Array, n: number, op: number): boolean {
    const heap = this.reserve(3 * BLOCK);
    if (heap === null) {
      return false;
    }
    const w4 = this.work >> 2;
    for (let i = 0; i < n; i += BLOCK) {
      const len = Math.min(BLOCK, n - i);
      heap.set(a.subarray(i, i + len), w4);
      heap.set(b.subarray(i, i + len), w4 + BLOCK);
      this.exports.binaryF32(this.work, this.work + BLOCK * 4, this.work + BLOCK * 8, len, op);
      out.set(heap.subarray(w4 + 2 * BLOCK, w4 + 2 * BLOCK + len), i);
    }
    return true;
  }

  /** dst = exp(src) over n elements, in blocks (in place in wasm memory). */
  exp(src: Float32Array, dst: Float32Array, n: number): boolean {
    const heap = this.reserve(BLOCK);
    if (heap === null) {
      return false;
    }
    const w4 = this.work >> 2;
    for (let i = 0; i < n; i += BLOCK) {
      const len = Math.min(BLOCK, n - i);
      heap.set(src.subarray(i, i + len), w4);
      this.exports.expF32(this.work, this.work, len);
      dst.set(heap.subarray(w4, w4 + len), i);
    }
    return true;
  }
}

let chosen: KernelVariant | null = null;
let active: WasmKernels | null = null;
const cache = new Map<string, WasmKernels | null>();

/** The instantiated module for a wasm variant, or null if this engine cannot run it. */
export function loadWasmKernels(variant: 'relaxed' | 'simd128'): WasmKernels | null {
  if (cache.has(variant)) {
    return cache.get(variant) ?? null;
  }
  let k: WasmKernels | null = null;
  try {
    if (typeof WebAssembly === 'object') {
      const bytes = decode(variant === 'relaxed' ? RELAXED_WASM_B64 : SIMD128_WASM_B64);
      // validate() is false (not an exception) where relaxed SIMD / SIMD is unsupported.
      if (WebAssembly.validate(bytes)) {
        k = new WasmKernels(variant, new WebAssembly.Module(bytes));
      }
    }
  } catch {
    k = null;
  }
  cache.set(variant, k);
  return k;
}

/** The variant in use: relaxed-SIMD if the engine validates it, else SIMD128, else JS. */
export function kernelVariant(): KernelVariant {
  if (chosen === null) {
    useKernelVariant('auto');
  }
  return chosen as KernelVariant;
}

/**
 * Force a variant (tests, benchmarks) or 'auto'. Returns the variant actually in
 * use: asking for an unsupported wasm variant falls back as 'auto' would.
 */
export function useKernelVariant(v: KernelVariant | 'auto'): KernelVariant {
  const order: KernelVariant[] =
    v === 'auto'
      ? ['relaxed', 'simd128', 'js']
      : v === 'relaxed'
        ? ['relaxed', 'simd128', 'js']
        : v === 'simd128'
          ? ['simd128', 'js']
          : ['js'];
  for (const cand of order) {
    if (cand === 'js') {
      chosen = 'js';
      active = null;
      return chosen;
    }
    const k = loadWasmKernels(cand);
    if (k) {
      chosen = cand;
      active = k;
      return chosen;
    }
  }
  return (chosen = 'js');
}

/** The active wasm kernels (null when the JS fallback is in use). */
export function activeWasmKernels(): WasmKernels | null {
  kernelVariant();
  return active;
}

function validShape(src: Float32Array, outer: number, D: number, inner: number): boolean {
  const n = outer * D * inner;
  return Number.isInteger(n) && outer >= 1 && D >= 1 && inner >= 1 && src.length >= n;
}

/**
 * softmax (log = false) or log_softmax of (src · invT) over dim 1 of [outer, D, inner]
 * into dst (same layout; may be src). invT = 1/T folds softmax(x / T) into the exp.
 * Returns false (writing nothing) when not handled: empty or bad shape, invT not a
 * finite positive number, or wasm memory exhausted (then the JS kernels run).
 */
export function softmaxF32(
  src: Float32Array,
  dst: Float32Array,
  outer: number,
  D: number,
  inner: number,
  invT = 1,
  log = false
): boolean {
  if (!validShape(src, outer, D, inner) || dst.length < outer * D * inner) {
    return false;
  }
  if (!(invT > 0) || !Number.isFinite(invT)) {
    return false;
  }
  const k = activeWasmKernels();
  if (k && k.run(src, dst, outer, D, inner, Math.fround(invT), log ? 1 : 0)) {
    return true;
  }
  softmaxJs(src, dst, outer, D, inner, invT, log);
  return true;
}

/** logsumexp over dim 1 of [outer, D, inner] into dst[outer · inner] (torch's ±inf rules). */
export function logsumexpF32(
  src: Float32Array,
  dst: Float32Array,
  outer: number,
  D: number,
  inner: number
): boolean {
  if (!validShape(src, outer, D, inner) || dst.length < outer * inner) {
    return false;
  }
  const k = activeWasmKernels();
  if (k && k.run(src, dst, outer, D, inner, 1, 2)) {
    return true;
  }
  logsumexpJs(src, dst, outer, D, inner);
  return true;
}

/**
 * out = a op b elementwise over the first n elements (float32, IEEE-exact: the same
 * bits as a scalar float32 loop). Returns false when no wasm kernel is available or
 * the arrays are too short; the caller then runs its own loop.
 */
export function binaryF32(
  op: BinaryOp,
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  n: number
): boolean {
  if (!(n >= 0) || a.length < n || b.length < n || out.length < n) {
    return false;
  }
  const k = activeWasmKernels();
  return k !== null && k.binary(a, b, out, n, BINARY_CODE[op]);
}

/**
 * dst = exp(src) over n float32 elements with the vector exp (≤ 2 ulp; results below
 * 2^−126 flush to 0). Returns false without wasm (callers keep their Math.exp loop).
 */
export function expF32(src: Float32Array, dst: Float32Array, n: number): boolean {
  if (!(n >= 0) || src.length < n || dst.length < n) {
    return false;
  }
  const k = activeWasmKernels();
  return k !== null && k.exp(src, dst, n);
}
