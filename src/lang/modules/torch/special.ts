/** torch.special: the softmax-family aliases and expit/logit. */
import { PyModule, makeModule, pyErr } from '../../native';
import * as UN from '../../../engine/unary';
import * as EL from '../../../engine/elementwise';
import * as SE from '../../../engine/select';
import { Tensor } from '../../../engine';
import { tfn } from './args';
import { OPS, out } from './functions';
import { unwrap } from './core';

export function buildSpecial(): PyModule {
  const logit = tfn('special_logit', 'input, eps=None', (x, eps) => {
    let X: Tensor = unwrap(x, 'special_logit');
    if (eps !== null) {
      if (typeof eps !== 'number' && typeof eps !== 'bigint') throw pyErr('TypeError', "special_logit(): argument 'eps' must be float");
      const e = Number(eps);
      X = SE.clamp(X, { min: EL.pyFloat(e), max: EL.pyFloat(1 - e) });
    }
    // log(p / (1 - p))
    return out(UN.log(EL.div(X, EL.sub(EL.pyInt(1), X))), [X], 'LogitBackward0');
  });
  return makeModule('torch.special', {
    softmax: OPS.get('softmax')!,
    log_softmax: OPS.get('log_softmax')!,
    logsumexp: OPS.get('logsumexp')!,
    expit: OPS.get('sigmoid')!,
    logit,
    exp2: OPS.get('exp2')!,
    expm1: OPS.get('expm1')!,
    log1p: OPS.get('log1p')!,
    round: OPS.get('round')!
  });
}
