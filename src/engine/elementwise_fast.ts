/**
 * Contiguous fast paths for float32/float64 arithmetic (+ − × ÷, a + k·b) and the
 * hot unary ops, used by binaryKernel/unaryKernel before their generic strided loop.
 *
 * Why: the generic row loop (rowops.ts) sees every storage type (Float32Array,
 * Float64Array, Int32Array, Uint8Array), so V8's element accesses there are
 * megamorphic. Here each function only ever sees one array type, and the common
 * layouts (same shape, tensor ⊕ scalar, scalar ⊕ tensor, [N,C] ⊕ [C], [N,C] ⊕ [N,1])
 * run as flat indexed loops. Every loop evaluates exactly the generic path's
 * expression in the same element order, so results are bit-identical (the
 * differential test in test/engine/elementwise_fast.test.ts checks this).
 */
import { checkDeadline, tickDeadline } from './deadline';
import { binaryF32, expF32, FAST_MIN_NUMEL } from './wasm/index';
import { OP, UOP } from './rowops';
import { Tensor } from './tensor';

let enabled = true;

/** Elements per flat loop between two deadline checks. */
const CHUNK = 1 << 16;
/** Elements per wasm call between two deadline checks (a multiple of its 16K blocks). */
const WASM_CHUNK = 1 << 20;

/** Turn the fast paths off (differential tests) or on; returns the previous setting. */
export function setElementwiseFastPaths(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}

/** How an operand maps onto a contiguous [rows, cols] output. */
const enum Kind {
  Full, // same elements as the output
  Scalar, // one value
  Row, // [cols], repeated for every row
  Col // [rows, 1], one value per row
}

/** Operand layout relative to a contiguous output of `n` elements and last dim `cols`; -1 if none. */
function kindOf(t: Tensor, n: number, cols: number): number {
  const m = t.numel;
  if (m === 1) {
    return Kind.Scalar;
  }
  if (!t.isContiguous()) {
    return -1;
  }
  if (m === n) {
    return Kind.Full;
  } // broadcasting cannot expand when the counts agree
  const last = t.ndim > 0 ? t.shape[t.ndim - 1] : 1;
  if (m === cols && last === cols) {
    return Kind.Row;
  }
  if (last === 1 && cols > 0 && m * cols === n) {
    return Kind.Col;
  }
  return -1;
}

const ARITH = (code: number): boolean =>
  code === OP.ADD || code === OP.SUB || code === OP.MUL || code === OP.DIV || code === OP.ADDK;

/**
 * o = a op b (op = OP code; ADDK is a + k·b) when all three are float32 or all
 * float64, `o` is contiguous and a, b have one of the fast layouts. `fresh` means
 * `o` was just allocated (no aliasing), which allows the wasm kernel. Returns
 * false, writing nothing, otherwise.
 */
export function binaryFast(
  code: number,
  o: Tensor,
  a: Tensor,
  b: Tensor,
  k: number,
  fresh: boolean
): boolean {
  if (!enabled || !ARITH(code)) {
    return false;
  }
  const dt = o.dtype;
  if ((dt !== 'float32' && dt !== 'float64') || a.dtype !== dt || b.dtype !== dt) {
    return false;
  }
  const n = o.numel;
  if (n === 0 || !o.isContiguous()) {
    return false;
  }
  const cols = o.ndim > 0 ? o.shape[o.ndim - 1] : 1;
  const ka = kindOf(a, n, cols);
  const kb = kindOf(b, n, cols);
  if (ka < 0 || kb < 0) {
    return false;
  }
  // Scalar/Col values are read once per call/row; the generic loop re-reads them per
  // element, which differs when the output overwrites them (x.add_(x[0, 0])).
  if (
    !fresh &&
    ((ka !== Kind.Full && ka !== Kind.Row && a.storage === o.storage) ||
      (kb !== Kind.Full && kb !== Kind.Row && b.storage === o.storage))
  ) {
    return false;
  }
  const rows = cols > 0 ? n / cols : 0;
  if (dt === 'float32') {
    const O = o.storage as Float32Array;
    const A = a.storage as Float32Array;
    const B = b.storage as Float32Array;
    if (ka === Kind.Full && kb === Kind.Full && fresh && n >= FAST_MIN_NUMEL && code !== OP.ADDK) {
      // wasm SIMD: IEEE-exact, so the same bits as the loop below.
      const op =
        code === OP.ADD ? 'add' : code === OP.SUB ? 'sub' : code === OP.MUL ? 'mul' : 'div';
      let done = 0;
      while (done < n) {
        const len = Math.min(WASM_CHUNK, n - done);
        const pa0 = a.offset + done;
        const pb0 = b.offset + done;
        const po0 = o.offset + done;
        if (
          !binaryF32(
            op,
            A.subarray(pa0, pa0 + len),
            B.subarray(pb0, pb0 + len),
            O.subarray(po0, po0 + len),
            len
          )
        ) {
          break;
        }
        done += len;
        checkDeadline();
      }
      if (done === n) {
        return true;
      }
      // (no wasm: the loop below redoes it all, same values)
    }
    return drive32(code, ka, kb, O, o.offset, A, a.offset, B, b.offset, rows, cols, n, k);
  }
  return drive64(
    code,
    ka,
    kb,
    o.storage as Float64Array,
    o.offset,
    a.storage as Float64Array,
    a.offset,
    b.storage as Float64Array,
    b.offset,
    rows,
    cols,
    n,
    k
  );
}

// ---------------------------------------------------------------- float32
// The drive/vv/vs/sv functions below are duplicated per array type on purpose
// (one type per function keeps V8's element access monomorphic).

function drive32(
  code: number,
  ka: number,
  kb: number,
  O: Float32Array,
  po: number,
  A: Float32Array,
  pa: number,
  B: Float32Array,
  pb: number,
  rows: number,
  cols: number,
  n: number,
  k: number
): boolean {
  if (ka === Kind.Full && kb === Kind.Full) {
    for (let i = 0; i < n; i += CHUNK) {
      checkDeadline();
      vv32(code, O, po + i, A, pa + i, B, pb + i, Math.min(CHUNK, n - i), k);
    }
  } else if (ka === Kind.Full && kb === Kind.Scalar) {
    for (let i = 0; i < n; i += CHUNK) {
      checkDeadline();
      vs32(code, O, po + i, A, pa + i, B[pb], Math.min(CHUNK, n - i), k);
    }
  } else if (ka === Kind.Scalar && kb === Kind.Full) {
    for (let i = 0; i < n; i += CHUNK) {
      checkDeadline();
      sv32(code, O, po + i, A[pa], B, pb + i, Math.min(CHUNK, n - i), k);
    }
  } else if (ka === Kind.Scalar && kb === Kind.Scalar) {
    vs32(code, O, po, A, pa, B[pb], 1, k);
  } else if (ka === Kind.Full && kb === Kind.Row) {
    for (let r = 0; r < rows; r++) {
      tickDeadline(cols);
      vv32(code, O, po + r * cols, A, pa + r * cols, B, pb, cols, k);
    }
  } else if (ka === Kind.Row && kb === Kind.Full) {
    for (let r = 0; r < rows; r++) {
      tickDeadline(cols);
      vv32(code, O, po + r * cols, A, pa, B, pb + r * cols, cols, k);
    }
  } else if (ka === Kind.Full && kb === Kind.Col) {
    for (let r = 0; r < rows; r++) {
      tickDeadline(cols);
      vs32(code, O, po + r * cols, A, pa + r * cols, B[pb + r], cols, k);
    }
  } else if (ka === Kind.Col && kb === Kind.Full) {
    for (let r = 0; r < rows; r++) {
      tickDeadline(cols);
      sv32(code, O, po + r * cols, A[pa + r], B, pb + r * cols, cols, k);
    }
  } else {
    return false;
  }
  return true;
}

function vv32(
  code: number,
  O: Float32Array,
  po: number,
  A: Float32Array,
  pa: number,
  B: Float32Array,
  pb: number,
  n: number,
  k: number
): void {
  const d = pa - po;
  const e = pb - po;
  const end = po + n;
  switch (code) {
    case OP.ADD:
      for (let i = po; i < end; i++) {
        O[i] = A[i + d] + B[i + e];
      }
      return;
    case OP.SUB:
      for (let i = po; i < end; i++) {
        O[i] = A[i + d] - B[i + e];
      }
      return;
    case OP.MUL:
      for (let i = po; i < end; i++) {
        O[i] = A[i + d] * B[i + e];
      }
      return;
    case OP.DIV:
      for (let i = po; i < end; i++) {
        O[i] = A[i + d] / B[i + e];
      }
      return;
    default:
      for (let i = po; i < end; i++) {
        O[i] = A[i + d] + k * B[i + e];
      }
  }
}

function vs32(
  code: number,
  O: Float32Array,
  po: number,
  A: Float32Array,
  pa: number,
  s: number,
  n: number,
  k: number
): void {
  const d = pa - po;
  const end = po + n;
  switch (code) {
    case OP.ADD:
      for (let i = po; i < end; i++) {
        O[i] = A[i + d] + s;
      }
      return;
    case OP.SUB:
      for (let i = po; i < end; i++) {
        O[i] = A[i + d] - s;
      }
      return;
    case OP.MUL:
      for (let i = po; i < end; i++) {
        O[i] = A[i + d] * s;
      }
      return;
    case OP.DIV:
      for (let i = po; i < end; i++) {
        O[i] = A[i + d] / s;
      }
      return;
    default: {
      const ks = k * s;
      for (let i = po; i < end; i++) {
        O[i] = A[i + d] + ks;
      }
    }
  }
}

function sv32(
  code: number,
  O: Float32Array,
  po: number,
  s: number,
  B: Float32Array,
  pb: number,
  n: number,
  k: number
): void {
  const e = pb - po;
  const end = po + n;
  switch (code) {
    case OP.ADD:
      for (let i = po; i < end; i++) {
        O[i] = s + B[i + e];
      }
      return;
    case OP.SUB:
      for (let i = po; i < end; i++) {
        O[i] = s - B[i + e];
      }
      return;
    case OP.MUL:
      for (let i = po; i < end; i++) {
        O[i] = s * B[i + e];
      }
      return;
    case OP.DIV:
      for (let i = po; i < end; i++) {
        O[i] = s / B[i + e];
      }
      return;
    default:
      for (let i = po; i < end; i++) {
        O[i] = s + k * B[i + e];
      }
  }
}

// ---------------------------------------------------------------- float64

function drive64(
  code: number,
  ka: number,
  kb: number,
  O: Float64Array,
  po: number,
  A: Float64Array,
  pa: number,
  B: Float64Array,
  pb: number,
  rows: number,
  cols: number,
  n: number,
  k: number
): boolean {
  if (ka === Kind.Full && kb === Kind.Full) {
    for (let i = 0; i < n; i += CHUNK) {
      checkDeadline();
      vv64(code, O, po + i, A, pa + i, B, pb + i, Math.min(CHUNK, n - i), k);
    }
  } else if (ka === Kind.Full && kb === Kind.Scalar) {
    for (let i = 0; i < n; i += CHUNK) {
      checkDeadline();
      vs64(code, O, po + i, A, pa + i, B[pb], Math.min(CHUNK, n - i), k);
    }
  } else if (ka === Kind.Scalar && kb === Kind.Full) {
    for (let i = 0; i < n; i += CHUNK) {
      checkDeadline();
      sv64(code, O, po + i, A[pa], B, pb + i, Math.min(CHUNK, n - i), k);
    }
  } else if (ka === Kind.Scalar && kb === Kind.Scalar) {
    vs64(code, O, po, A, pa, B[pb], 1, k);
  } else if (ka === Kind.Full && kb === Kind.Row) {
    for (let r = 0; r < rows; r++) {
      tickDeadline(cols);
      vv64(code, O, po + r * cols, A, pa + r * cols, B, pb, cols, k);
    }
  } else if (ka === Kind.Row && kb === Kind.Full) {
    for (let r = 0; r < rows; r++) {
      tickDeadline(cols);
      vv64(code, O, po + r * cols, A, pa, B, pb + r * cols, cols, k);
    }
  } else if (ka === Kind.Full && kb === Kind.Col) {
    for (let r = 0; r < rows; r++) {
      tickDeadline(cols);
      vs64(code, O, po + r * cols, A, pa + r * cols, B[pb + r], cols, k);
    }
  } else if (ka === Kind.Col && kb === Kind.Full) {
    for (let r = 0; r < rows; r++) {
      tickDeadline(cols);
      sv64(code, O, po + r * cols, A[pa + r], B, pb + r * cols, cols, k);
    }
  } else {
    return false;
  }
  return true;
}

function vv64(
  code: number,
  O: Float64Array,
  po: number,
  A: Float64Array,
  pa: number,
  B: Float64Array,
  pb: number,
  n: number,
  k: number
): void {
  const d = pa - po;
  const e = pb - po;
  const end = po + n;
  switch (code) {
    case OP.ADD:
      for (let i = po; i < end; i++) {
        O[i] = A[i + d] + B[i + e];
      }
      return;
    case OP.SUB:
      for (let i = po; i < end; i++) {
        O[i] = A[i + d] - B[i + e];
      }
      return;
    case OP.MUL:
      for (let i = po; i < end; i++) {
        O[i] = A[i + d] * B[i + e];
      }
      return;
    case OP.DIV:
      for (let i = po; i < end; i++) {
        O[i] = A[i + d] / B[i + e];
      }
      return;
    default:
      for (let i = po; i < end; i++) {
        O[i] = A[i + d] + k * B[i + e];
      }
  }
}

function vs64(
  code: number,
  O: Float64Array,
  po: number,
  A: Float64Array,
  pa: number,
  s: number,
  n: number,
  k: number
): void {
  const d = pa - po;
  const end = po + n;
  switch (code) {
    case OP.ADD:
      for (let i = po; i < end; i++) {
        O[i] = A[i + d] + s;
      }
      return;
    case OP.SUB:
      for (let i = po; i < end; i++) {
        O[i] = A[i + d] - s;
      }
      return;
    case OP.MUL:
      for (let i = po; i < end; i++) {
        O[i] = A[i + d] * s;
      }
      return;
    case OP.DIV:
      for (let i = po; i < end; i++) {
        O[i] = A[i + d] / s;
      }
      return;
    default: {
      const ks = k * s;
      for (let i = po; i < end; i++) {
        O[i] = A[i + d] + ks;
      }
    }
  }
}

function sv64(
  code: number,
  O: Float64Array,
  po: number,
  s: number,
  B: Float64Array,
  pb: number,
  n: number,
  k: number
): void {
  const e = pb - po;
  const end = po + n;
  switch (code) {
    case OP.ADD:
      for (let i = po; i < end; i++) {
        O[i] = s + B[i + e];
      }
      return;
    case OP.SUB:
      for (let i = po; i < end; i++) {
        O[i] = s - B[i + e];
      }
      return;
    case OP.MUL:
      for (let i = po; i < end; i++) {
        O[i] = s * B[i + e];
      }
      return;
    case OP.DIV:
      for (let i = po; i < end; i++) {
        O[i] = s / B[i + e];
      }
      return;
    default:
      for (let i = po; i < end; i++) {
        O[i] = s + k * B[i + e];
      }
  }
}

// ---------------------------------------------------------------- unary

const UNARY32 = new Set<number>([
  UOP.NEG,
  UOP.ABS,
  UOP.EXP,
  UOP.LOG,
  UOP.SQRT,
  UOP.TANH,
  UOP.SIGMOID32,
  UOP.RELU,
  UOP.LOG1P,
  UOP.EXPM1,
  UOP.RECIP,
  UOP.SQUARE
]);
const UNARY64 = new Set<number>([
  UOP.NEG,
  UOP.ABS,
  UOP.EXP,
  UOP.LOG,
  UOP.SQRT,
  UOP.TANH,
  UOP.SIGMOID64,
  UOP.RELU,
  UOP.LOG1P,
  UOP.EXPM1,
  UOP.RECIP,
  UOP.SQUARE
]);

/**
 * o = f(x) for a contiguous float32/float64 x and o of the same dtype (o fresh, or
 * exactly x for in-place ops). Large float32 exp uses the wasm vector exp (≤ 2 ulp,
 * results below 2^-126 flush to 0) from FAST_MIN_NUMEL elements on, the size policy
 * of the wasm softmax kernels; smaller tensors keep Math.exp. False when not handled.
 */
export function unaryFast(code: number, o: Tensor, x: Tensor): boolean {
  if (!enabled) {
    return false;
  }
  const dt = o.dtype;
  if (
    x.dtype !== dt ||
    (dt === 'float32' ? !UNARY32.has(code) : dt !== 'float64' || !UNARY64.has(code))
  ) {
    return false;
  }
  const n = o.numel;
  if (n === 0 || !o.isContiguous() || !x.isContiguous()) {
    return false;
  }
  if (o.storage === x.storage && o.offset !== x.offset) {
    return false;
  }
  if (dt === 'float32') {
    const O = o.storage as Float32Array;
    const X = x.storage as Float32Array;
    let done = 0;
    if (code === UOP.EXP && n >= FAST_MIN_NUMEL) {
      while (done < n) {
        const len = Math.min(WASM_CHUNK, n - done);
        const px = x.offset + done;
        const po = o.offset + done;
        if (!expF32(X.subarray(px, px + len), O.subarray(po, po + len), len)) {
          break;
        }
        done += len;
        checkDeadline();
      }
    }
    for (let i = done; i < n; i += CHUNK) {
      checkDeadline();
      un32(code, O, o.offset + i, X, x.offset + i, Math.min(CHUNK, n - i));
    }
  } else {
    const O = o.storage as Float64Array;
    const X = x.storage as Float64Array;
    for (let i = 0; i < n; i += CHUNK) {
      checkDeadline();
      un64(code, O, o.offset + i, X, x.offset + i, Math.min(CHUNK, n - i));
    }
  }
  return true;
}

function un32(
  code: number,
  O: Float32Array,
  po: number,
  X: Float32Array,
  px: number,
  n: number
): void {
  const d = px - po;
  const end = po + n;
  switch (code) {
    case UOP.NEG:
      for (let i = po; i < end; i++) {
        O[i] = -X[i + d];
      }
      return;
    case UOP.ABS:
      for (let i = po; i < end; i++) {
        O[i] = Math.abs(X[i + d]);
      }
      return;
    case UOP.EXP:
      for (let i = po; i < end; i++) {
        O[i] = Math.exp(X[i + d]);
      }
      return;
    case UOP.LOG:
      for (let i = po; i < end; i++) {
        O[i] = Math.log(X[i + d]);
      }
      return;
    case UOP.SQRT:
      for (let i = po; i < end; i++) {
        O[i] = Math.sqrt(X[i + d]);
      }
      return;
    case UOP.TANH:
      for (let i = po; i < end; i++) {
        O[i] = Math.tanh(X[i + d]);
      }
      return;
    case UOP.SIGMOID32:
      // float32 kernel rounds exp and 1+exp before the division.
      for (let i = po; i < end; i++) {
        O[i] = 1 / Math.fround(1 + Math.fround(Math.exp(-X[i + d])));
      }
      return;
    case UOP.RELU:
      for (let i = po; i < end; i++) {
        const v = X[i + d];
        O[i] = v < 0 ? 0 : v;
      }
      return;
    case UOP.LOG1P:
      for (let i = po; i < end; i++) {
        O[i] = Math.log1p(X[i + d]);
      }
      return;
    case UOP.EXPM1:
      for (let i = po; i < end; i++) {
        O[i] = Math.expm1(X[i + d]);
      }
      return;
    case UOP.RECIP:
      for (let i = po; i < end; i++) {
        O[i] = 1 / X[i + d];
      }
      return;
    default: // SQUARE
      for (let i = po; i < end; i++) {
        const v = X[i + d];
        O[i] = v * v;
      }
  }
}

function un64(
  code: number,
  O: Float64Array,
  po: number,
  X: Float64Array,
  px: number,
  n: number
): void {
  const d = px - po;
  const end = po + n;
  switch (code) {
    case UOP.NEG:
      for (let i = po; i < end; i++) {
        O[i] = -X[i + d];
      }
      return;
    case UOP.ABS:
      for (let i = po; i < end; i++) {
        O[i] = Math.abs(X[i + d]);
      }
      return;
    case UOP.EXP:
      for (let i = po; i < end; i++) {
        O[i] = Math.exp(X[i + d]);
      }
      return;
    case UOP.LOG:
      for (let i = po; i < end; i++) {
        O[i] = Math.log(X[i + d]);
      }
      return;
    case UOP.SQRT:
      for (let i = po; i < end; i++) {
        O[i] = Math.sqrt(X[i + d]);
      }
      return;
    case UOP.TANH:
      for (let i = po; i < end; i++) {
        O[i] = Math.tanh(X[i + d]);
      }
      return;
    case UOP.SIGMOID64:
      for (let i = po; i < end; i++) {
        O[i] = 1 / (1 + Math.exp(-X[i + d]));
      }
      return;
    case UOP.RELU:
      for (let i = po; i < end; i++) {
        const v = X[i + d];
        O[i] = v < 0 ? 0 : v;
      }
      return;
    case UOP.LOG1P:
      for (let i = po; i < end; i++) {
        O[i] = Math.log1p(X[i + d]);
      }
      return;
    case UOP.EXPM1:
      for (let i = po; i < end; i++) {
        O[i] = Math.expm1(X[i + d]);
      }
      return;
    case UOP.RECIP:
      for (let i = po; i < end; i++) {
        O[i] = 1 / X[i + d];
      }
      return;
    default: // SQUARE
      for (let i = po; i < end; i++) {
        const v = X[i + d];
        O[i] = v * v;
      }
  }
}
