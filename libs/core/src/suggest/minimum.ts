// One tenth of the learning rate at the lowest loss (fastai's `minimum`).
import type { Suggestion } from '../run-record';
import { checkCurve, noSuggestion } from './common';

/**
 * `lr[argmin loss] / 10`, with `index` the point of the minimum (first one on ties). The minimum
 * is where training is already on the edge of diverging, hence the factor 10.
 * @example minimum([1e-3, 1e-2, 1e-1], [3, 1, 2]) // { lr: 1e-3, index: 1 }
 */
export function minimum(lrs: readonly number[], losses: readonly number[]): Suggestion {
  const bad = checkCurve(lrs, losses, 1);
  if (bad) return noSuggestion(bad);
  let best = 0;
  for (let i = 1; i < losses.length; i++) if (losses[i] < losses[best]) best = i;
  return { lr: lrs[best] / 10, index: best };
}
