// Steepest descent of the loss against log(lr).
import type { Suggestion } from '../run-record';
import { noSuggestion, prepareCurve } from './common';

/**
 * The learning rate where the loss falls fastest against ln(lr): the central difference
 * `(loss[i+1] - loss[i-1]) / (ln lr[i+1] - ln lr[i-1])` is most negative. The first and last
 * points have no central difference and are skipped. (fastai's `steep` uses forward differences
 * and reports the left point of the steepest segment; the central difference reports the point
 * where the slope is measured.) Ties go to the first point.
 * @example steepest([1e-3, 1e-2, 1e-1, 1], [3, 2.9, 1, 0.9]).index // 1 or 2: see the tests
 */
export function steepest(lrs: readonly number[], losses: readonly number[]): Suggestion {
  const c = prepareCurve(lrs, losses, 3);
  if (typeof c === 'string') return noSuggestion(c);
  let best = -1;
  let bestSlope = 0;
  for (let i = 1; i < c.lrs.length - 1; i++) {
    const fall = c.losses[i + 1] - c.losses[i - 1];
    if (!(fall < -c.noise)) continue; // no descent, or float noise
    const slope = fall / (Math.log(c.lrs[i + 1]) - Math.log(c.lrs[i - 1]));
    if (slope < bestSlope) {
      bestSlope = slope;
      best = i;
    }
  }
  if (best < 0) return noSuggestion('the loss never decreases');
  return { lr: c.lrs[best], index: best };
}
