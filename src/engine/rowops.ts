/**
 * Row loops for the hot elementwise ops, selected by an op code.
 *
 * Why: a shared loop that calls `f(x, y)` per element goes megamorphic once a
 * few ops have used it, and V8 then runs it 10× slower. Here each op has its
 * own loop inside one switch, so the arithmetic is inlined; the per-element
 * callback path stays only for rare ops and odd dtypes.
 */
import { Storage } from './dtype';

/** float32 rounding via a typed store (Math.fround is not inlined in every realm). */
const R32 = new Float32Array(1);

export const OP = {
  NONE: 0,
  ADD: 1,
  SUB: 2,
  MUL: 3,
  DIV: 4,
  ADDK: 5, // a + k*b (alpha)
  MAX: 6,
  MIN: 7,
  EQ: 10,
  NE: 11,
  LT: 12,
  LE: 13,
  GT: 14,
  GE: 15
} as const;

export const UOP = {
  NONE: 0,
  COPY: 1,
  NEG: 2,
  ABS: 3,
  EXP: 4,
  LOG: 5,
  SQRT: 6,
  TANH: 7,
  SIGMOID32: 8,
  SIGMOID64: 9,
  RELU: 10,
  LOG1P: 11,
  EXPM1: 12,
  ISNAN: 13,
  ISFINITE: 14,
  RECIP: 15,
  SQUARE: 16,
  NOT: 17
} as const;

/** One strided row of a binary op; returns false when `code` has no fast loop. */
export function binaryRow(
  code: number,
  O: Storage,
  po: number,
  so: number,
  A: Storage,
  pa: number,
  sa: number,
  B: Storage,
  pb: number,
  sb: number,
  n: number,
  k: number
): boolean {
  let i = 0;
  switch (code) {
    case OP.ADD:
      for (; i < n; i++, po += so, pa += sa, pb += sb) O[po] = A[pa] + B[pb];
      return true;
    case OP.SUB:
      for (; i < n; i++, po += so, pa += sa, pb += sb) O[po] = A[pa] - B[pb];
      return true;
    case OP.MUL:
      for (; i < n; i++, po += so, pa += sa, pb += sb) O[po] = A[pa] * B[pb];
      return true;
    case OP.DIV:
      for (; i < n; i++, po += so, pa += sa, pb += sb) O[po] = A[pa] / B[pb];
      return true;
    case OP.ADDK:
      for (; i < n; i++, po += so, pa += sa, pb += sb) O[po] = A[pa] + k * B[pb];
      return true;
    case OP.MAX:
      for (; i < n; i++, po += so, pa += sa, pb += sb) {
        const x = A[pa];
        const y = B[pb];
        O[po] = x !== x || y !== y ? NaN : x > y ? x : y;
      }
      return true;
    case OP.MIN:
      for (; i < n; i++, po += so, pa += sa, pb += sb) {
        const x = A[pa];
        const y = B[pb];
        O[po] = x !== x || y !== y ? NaN : x < y ? x : y;
      }
      return true;
    case OP.EQ:
      for (; i < n; i++, po += so, pa += sa, pb += sb) O[po] = A[pa] === B[pb] ? 1 : 0;
      return true;
    case OP.NE:
      for (; i < n; i++, po += so, pa += sa, pb += sb) O[po] = A[pa] !== B[pb] ? 1 : 0;
      return true;
    case OP.LT:
      for (; i < n; i++, po += so, pa += sa, pb += sb) O[po] = A[pa] < B[pb] ? 1 : 0;
      return true;
    case OP.LE:
      for (; i < n; i++, po += so, pa += sa, pb += sb) O[po] = A[pa] <= B[pb] ? 1 : 0;
      return true;
    case OP.GT:
      for (; i < n; i++, po += so, pa += sa, pb += sb) O[po] = A[pa] > B[pb] ? 1 : 0;
      return true;
    case OP.GE:
      for (; i < n; i++, po += so, pa += sa, pb += sb) O[po] = A[pa] >= B[pb] ? 1 : 0;
      return true;
    default:
      return false;
  }
}

/** One strided row of a unary op; returns false when `code` has no fast loop. */
export function unaryRow(code: number, O: Storage, po: number, so: number, X: Storage, px: number, sx: number, n: number): boolean {
  let i = 0;
  switch (code) {
    case UOP.COPY:
      for (; i < n; i++, po += so, px += sx) O[po] = X[px];
      return true;
    case UOP.NEG:
      for (; i < n; i++, po += so, px += sx) O[po] = -X[px];
      return true;
    case UOP.ABS:
      for (; i < n; i++, po += so, px += sx) O[po] = Math.abs(X[px]);
      return true;
    case UOP.EXP:
      for (; i < n; i++, po += so, px += sx) O[po] = Math.exp(X[px]);
      return true;
    case UOP.LOG:
      for (; i < n; i++, po += so, px += sx) O[po] = Math.log(X[px]);
      return true;
    case UOP.SQRT:
      for (; i < n; i++, po += so, px += sx) O[po] = Math.sqrt(X[px]);
      return true;
    case UOP.TANH:
      for (; i < n; i++, po += so, px += sx) O[po] = Math.tanh(X[px]);
      return true;
    case UOP.SIGMOID32:
      // float32 kernel rounds exp and 1+exp before the division.
      for (; i < n; i++, po += so, px += sx) {
        R32[0] = Math.exp(-X[px]);
        R32[0] = 1 + R32[0];
        O[po] = 1 / R32[0];
      }
      return true;
    case UOP.SIGMOID64:
      for (; i < n; i++, po += so, px += sx) O[po] = 1 / (1 + Math.exp(-X[px]));
      return true;
    case UOP.RELU:
      for (; i < n; i++, po += so, px += sx) {
        const v = X[px];
        O[po] = v < 0 ? 0 : v;
      }
      return true;
    case UOP.LOG1P:
      for (; i < n; i++, po += so, px += sx) O[po] = Math.log1p(X[px]);
      return true;
    case UOP.EXPM1:
      for (; i < n; i++, po += so, px += sx) O[po] = Math.expm1(X[px]);
      return true;
    case UOP.ISNAN:
      for (; i < n; i++, po += so, px += sx) O[po] = X[px] !== X[px] ? 1 : 0;
      return true;
    case UOP.ISFINITE:
      for (; i < n; i++, po += so, px += sx) O[po] = X[px] - X[px] === 0 ? 1 : 0;
      return true;
    case UOP.RECIP:
      for (; i < n; i++, po += so, px += sx) O[po] = 1 / X[px];
      return true;
    case UOP.SQUARE:
      for (; i < n; i++, po += so, px += sx) O[po] = X[px] * X[px];
      return true;
    case UOP.NOT:
      for (; i < n; i++, po += so, px += sx) O[po] = X[px] === 0 ? 1 : 0;
      return true;
    default:
      return false;
  }
}
