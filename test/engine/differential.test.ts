/**
 * Differential test against PyTorch 2.13 (fixtures from tools/gen_differential.py).
 * Each case runs through the engine and is compared with torch.testing.assert_close
 * tolerances (equal_nan); exact texts for errors and warnings. Also counts cases
 * whose every element matches torch bit for bit.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Tensor } from '../../src/engine/tensor';
import { DType } from '../../src/engine/dtype';
import { TorchError, setWarningHandler } from '../../src/engine/errors';
import { softmax, logSoftmax, softmin, logsumexp, logistic, logsigmoid, implicitSoftmaxDim } from '../../src/engine/softmax';
import { crossEntropy, nllLoss, binaryCrossEntropy, binaryCrossEntropyWithLogits, klDiv } from '../../src/engine/losses';

interface Enc {
  dtype: DType;
  shape: number[];
  data: (string | number)[];
}
interface Case {
  id: string;
  op: string;
  inputs: Record<string, Enc>;
  args: Record<string, unknown>;
  expected?: Enc;
  error?: { type: string; message: string };
  warnings: string[];
}

const dir = path.join(__dirname, '..', 'fixtures', 'engine', 'differential');
const cases: Case[] = ['softmax.json', 'losses.json'].flatMap(
  (f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).cases as Case[]
);

function decodeValue(v: string | number, dtype: DType): number {
  if (typeof v === 'number') return v;
  const dv = new DataView(new ArrayBuffer(8));
  if (dtype === 'float64') {
    dv.setBigUint64(0, BigInt('0x' + v));
    return dv.getFloat64(0);
  }
  dv.setUint32(0, parseInt(v, 16));
  return dv.getFloat32(0);
}

function decode(e: Enc): Tensor {
  const t = Tensor.empty(e.shape, e.dtype);
  e.data.forEach((v, i) => (t.storage[i] = decodeValue(v, e.dtype)));
  return t;
}

const TOL: Record<string, [number, number]> = {
  float32: [1.3e-6, 1e-5],
  float64: [1e-7, 1e-7],
  float16: [1e-3, 1e-5],
  bfloat16: [1.6e-2, 1e-5]
};

function run(c: Case): Tensor {
  const x = decode(c.inputs.x);
  const t = c.inputs.t ? decode(c.inputs.t) : undefined;
  const weight = c.inputs.weight ? decode(c.inputs.weight) : undefined;
  const pos_weight = c.inputs.pos_weight ? decode(c.inputs.pos_weight) : undefined;
  const a = c.args as Record<string, never>;
  const dtype = a.dtype as DType | undefined;
  switch (c.op) {
    case 'softmax':
    case 'log_softmax':
    case 'softmin': {
      const dim = a.dim === null ? implicitSoftmaxDim(c.op, x.ndim) : (a.dim as number);
      const f = c.op === 'softmax' ? softmax : c.op === 'log_softmax' ? logSoftmax : softmin;
      return f(x, dim, { dtype });
    }
    case 'logsumexp':
      return logsumexp(x, a.dim as number[], a.keepdim as boolean);
    case 'sigmoid':
      return logistic(x);
    case 'logsigmoid':
      return logsigmoid(x);
    case 'cross_entropy':
      return crossEntropy(x, t!, { weight, ...a });
    case 'nll_loss':
      return nllLoss(x, t!, { weight, ...a });
    case 'binary_cross_entropy':
      return binaryCrossEntropy(x, t!, { weight, ...a });
    case 'binary_cross_entropy_with_logits':
      return binaryCrossEntropyWithLogits(x, t!, { weight, pos_weight, ...a });
    case 'kl_div':
      return klDiv(x, t!, a);
  }
  throw new Error(`unknown op ${c.op}`);
}

let firstDiff = '';
let elems = 0;
let exactElems = 0;

/** assert_close-style comparison; returns [ok, bitExact, detail]. */
function compare(got: Tensor, exp: Enc): [boolean, boolean, string] {
  if (got.dtype !== exp.dtype) return [false, false, `dtype ${got.dtype} vs ${exp.dtype}`];
  if (got.shape.join() !== exp.shape.join()) return [false, false, `shape [${got.shape}] vs [${exp.shape}]`];
  const [rtol, atol] = TOL[exp.dtype] ?? [0, 0];
  let exact = true;
  for (let i = 0; i < exp.data.length; i++) {
    const e = decodeValue(exp.data[i], exp.dtype);
    const g = got.at(i);
    elems++;
    if (Object.is(g, e) || (g !== g && e !== e)) {
      exactElems++;
      continue;
    }
    if (exact && process.env.DIFF_VERBOSE) firstDiff = `el ${i}: ${g} vs torch ${e}`;
    exact = exact && g === e; // 0 vs -0 still counts as close, not bit-exact
    if (g === e) continue;
    if (!(Math.abs(g - e) <= atol + rtol * Math.abs(e))) return [false, false, `element ${i}: got ${g}, expected ${e}`];
  }
  return [true, exact, exact ? '' : ''];
}

const results: { id: string; ok: boolean; exact: boolean; detail: string; el: [number, number] }[] = [];
let warnings: string[] = [];
setWarningHandler((m) => warnings.push(m));

describe('differential vs PyTorch 2.13', () => {
  test.each(cases.map((c) => [c.id, c] as [string, Case]))('%s', (_id, c) => {
    warnings = [];
    let got: Tensor | undefined;
    let err: unknown;
    try {
      got = run(c);
    } catch (e) {
      err = e;
    }
    if (c.error) {
      expect(err).toBeInstanceOf(TorchError);
      expect(`${(err as TorchError).pyType}: ${(err as TorchError).message}`).toBe(`${c.error.type}: ${c.error.message}`);
      results.push({ id: c.id, ok: true, exact: true, detail: '', el: [0, 0] });
      return;
    }
    if (err) throw err;
    firstDiff = '';
    const [e0, n0] = [exactElems, elems];
    const [ok, exact, detail] = compare(got!, c.expected!);
    results.push({ id: c.id, ok, exact, detail: detail || firstDiff, el: [exactElems - e0, elems - n0] });
    expect(ok ? '' : detail).toBe('');
    expect(warnings).toEqual(c.warnings);
  });

  afterAll(() => {
    const values = results.filter((r) => !cases.find((c) => c.id === r.id)!.error);
    const exact = values.filter((r) => r.exact).length;
    const byGroup = new Map<string, [number, number, number, number]>();
    for (const r of values) {
      const g = r.id.split('/')[0];
      const v = byGroup.get(g) ?? [0, 0, 0, 0];
      byGroup.set(g, [v[0] + (r.exact ? 1 : 0), v[1] + 1, v[2] + r.el[0], v[3] + r.el[1]]);
    }
    const lines = [...byGroup].map(([g, [e, n, ee, en]]) => `  ${g}: ${e}/${n} cases, ${ee}/${en} elements bit-exact`);
    if (process.env.DIFF_VERBOSE) lines.push(...values.filter((r) => !r.exact).map((r) => `  not exact: ${r.id} ${cases.find((c) => c.id === r.id)!.op} ${JSON.stringify(cases.find((c) => c.id === r.id)!.args)} ${cases.find((c) => c.id === r.id)!.inputs.x.dtype} [${cases.find((c) => c.id === r.id)!.inputs.x.shape}] ${r.detail}`));
    console.log(
      `differential: ${results.length} cases (${results.length - values.length} error cases, ${values.length} value cases); ` +
        `${exact}/${values.length} value cases bit-exact (${((100 * exact) / Math.max(values.length, 1)).toFixed(1)}%); ` +
        `elements: ${exactElems}/${elems} bit-exact (${((100 * exactElems) / Math.max(elems, 1)).toFixed(1)}%)\n` +
        lines.join('\n')
    );
  });
});
