/**
 * Row-wise numbers shared by the table's text/HTML fallbacks (worker/Node) and
 * the interactive renderer (recomputation at a new temperature), so every view
 * of a table shows the same digits. Softmax is taken in float64, max-subtracted.
 */

/** Probabilities (rows × c): softmax(x / T) per row for logits, else a copy. */
export function probabilitiesAt(
  values: Float32Array,
  rows: number,
  c: number,
  logits: boolean,
  temperature: number,
  out: Float32Array = new Float32Array(rows * c)
): Float32Array {
  if (!logits) {
    out.set(values.subarray(0, rows * c));
    return out;
  }
  const invT = 1 / temperature;
  const e = new Float64Array(c);
  for (let i = 0; i < rows; i++) {
    const base = i * c;
    let m = -Infinity;
    for (let j = 0; j < c; j++) {
      if (values[base + j] > m) {
        m = values[base + j];
      }
    }
    let s = 0;
    for (let j = 0; j < c; j++) {
      // A NaN, or +inf (inf - inf), makes the whole row NaN, as torch.softmax does.
      e[j] = Math.exp((values[base + j] - m) * invT);
      s += e[j];
    }
    for (let j = 0; j < c; j++) {
      out[base + j] = e[j] / s;
    }
  }
  return out;
}

export interface RowStats {
  /** argmax per row (first index on ties; -1 for an all-NaN row). */
  pred: Int32Array;
  /** max probability per row (NaN when the row has a NaN). */
  conf: Float32Array;
  /** Row sums (float64 accumulation). */
  sum: Float32Array;
}

export function rowStats(p: Float32Array, rows: number, c: number): RowStats {
  const pred = new Int32Array(rows);
  const conf = new Float32Array(rows);
  const sum = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const base = i * c;
    let best = -1;
    let bv = -Infinity;
    let s = 0;
    let nan = false;
    for (let j = 0; j < c; j++) {
      const v = p[base + j];
      s += v;
      if (Number.isNaN(v)) {
        nan = true;
      } else if (best < 0 || v > bv) {
        best = j;
        bv = v;
      }
    }
    pred[i] = best;
    conf[i] = nan ? NaN : bv;
    sum[i] = s;
  }
  return { pred, conf, sum };
}

/** Indices of the k largest entries of one row, largest first (NaN last). */
export function topKOfRow(p: Float32Array, row: number, c: number, k: number): number[] {
  const idx = Array.from({ length: c }, (_, j) => j);
  const base = row * c;
  const key = (j: number) => (Number.isNaN(p[base + j]) ? -Infinity : p[base + j]);
  idx.sort((a, b) => key(b) - key(a) || a - b);
  return idx.slice(0, Math.max(0, Math.min(k, c)));
}

/** A probability as the table shows it: 4 decimals, like PyTorch's default print. */
export function formatProb(v: number): string {
  if (Number.isNaN(v)) {
    return 'nan';
  }
  if (!Number.isFinite(v)) {
    return v > 0 ? 'inf' : '-inf';
  }
  return v.toFixed(4);
}

/**
 * A temperature for captions: 4 significant digits (1.2345678901234 → "1.235",
 * 2 → "2"), the precision PyTorch prints by default, not 17 digits of float64.
 */
export function formatTemperature(t: number): string {
  return Number.isFinite(t) ? String(Number(t.toPrecision(4))) : String(t);
}

/** Column names: the given classes, else "0", "1", …. */
export function classNames(classes: readonly string[] | null, c: number): string[] {
  return classes ? [...classes] : Array.from({ length: c }, (_, j) => String(j));
}
