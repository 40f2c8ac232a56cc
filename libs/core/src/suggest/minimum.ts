// One tenth of the learning rate at the lowest loss (fastai's `minimum`).
import type { Suggestion } from '../run-record';
import { noSuggestion, prepareCurve } from './common';

export interface MinimumOptions {
  /** The test's first learning rate: a suggestion below it gets `belowStartLr: true`. @default lrs[0] */
  startLr?: number;
}

/**
 * `lr[argmin loss] / 10`, with `index` the point of the minimum (first one on ties, ties within
 * float noise included). The minimum is where training is already on the edge of diverging,
 * hence fastai's factor 10; when that falls below the first learning rate tested (a minimum in
 * the first decade of the test) the suggestion carries `belowStartLr: true`: a rate the test
 * never tried, kept as fastai defines it so a viewer can mark it.
 * @example minimum([1e-3, 1e-2, 1e-1], [3, 1, 2]) // { lr: 1e-3, index: 1 }
 */
export function minimum(lrs: readonly number[], losses: readonly number[], options: MinimumOptions = {}): Suggestion {
  const c = prepareCurve(lrs, losses, 1);
  if (typeof c === 'string') return noSuggestion(c);
  let best = 0;
  for (let i = 1; i < c.losses.length; i++) if (c.losses[i] < c.losses[best] - c.noise) best = i;
  const lr = c.lrs[best] / 10;
  return lr < (options.startLr ?? c.lrs[0]) ? { lr, index: best, belowStartLr: true } : { lr, index: best };
}
