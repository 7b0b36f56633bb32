/** The seeded program mix of the interpreter fuzz: program i of seed s is always the same. */
import { rng } from './rng';
import { tokenProgram } from './tokens';
import { corpusPrograms, mutate } from './mutate';
import { nestingProgram, hugeProgram, unicodeProgram } from './structure';
import { torchProgram } from './torchcalls';

export type Kind = 'tokens' | 'mutated' | 'torch' | 'nesting' | 'unicode' | 'huge';

export interface Program {
  kind: Kind;
  code: string;
}

// weights per 1000 programs ('huge' sources are up to 1 MB: keep them rare)
const MIX: [Kind, number][] = [
  ['tokens', 250],
  ['mutated', 280],
  ['torch', 400],
  ['nesting', 30],
  ['unicode', 39],
  ['huge', 1]
];

export function* programs(seed: number, count: number): Generator<Program> {
  const r = rng(seed);
  const corpus = corpusPrograms();
  const total = MIX.reduce((a, [, w]) => a + w, 0);
  for (let i = 0; i < count; i++) {
    let x = r() * total;
    let kind: Kind = 'tokens';
    for (const [k, w] of MIX) {
      if ((x -= w) < 0) {
        kind = k;
        break;
      }
    }
    let code: string;
    switch (kind) {
      case 'tokens': code = tokenProgram(r); break;
      case 'mutated': code = mutate(r.pick(corpus), r, corpus); break;
      case 'torch': code = torchProgram(r); break;
      case 'nesting': code = nestingProgram(r); break;
      case 'unicode': code = unicodeProgram(r); break;
      default: code = hugeProgram(r);
    }
    yield { kind, code };
  }
}
