// fastai's `slide` rule (fastai/callback/schedule.py), re-written from its description.
import type { Suggestion } from '../run-record';
import { noSuggestion, prepareCurve } from './common';

export interface SlideOptions {
  /** Distance in points between the two ends of the sliding interval. @default 15 */
  lrDiff?: number;
  /** The interval stops sliding where the gradients at its ends differ by at most this. @default 0.005 */
  thresh?: number;
  /** Factor applied to the learning rate found. @default 1 */
  adjustValue?: number;
}

/** numpy.gradient with unit spacing: central differences inside, one-sided at the ends. */
export function unitGradient(values: readonly number[]): number[] {
  const n = values.length;
  if (n < 2) return n === 1 ? [0] : [];
  const g = new Array<number>(n);
  g[0] = values[1] - values[0];
  g[n - 1] = values[n - 1] - values[n - 2];
  for (let i = 1; i < n - 1; i++) g[i] = (values[i + 1] - values[i - 1]) / 2;
  return g;
}

/**
 * fastai's slide: an interval of `lrDiff` points starts at the right end of the curve
 * (right = last point, left = right - lrDiff) and slides left while the loss gradients
 * (numpy.gradient of the losses, unit spacing) at its two ends differ by more than `thresh`.
 * The suggestion is `lr[left] * adjustValue` for the last left end that still differed (the
 * first left end when none did), i.e. the start of the region where the curve flattened.
 */
export function slide(lrs: readonly number[], losses: readonly number[], options: SlideOptions = {}): Suggestion {
  const { lrDiff = 15, thresh = 0.005, adjustValue = 1 } = options;
  const c = prepareCurve(lrs, losses, lrDiff + 1);
  if (typeof c === 'string') return noSuggestion(c);
  const grad = unitGradient(c.losses);
  let right = c.losses.length - 1;
  let left = right - lrDiff;
  let found = left;
  while (left >= 0 && Math.abs(grad[right] - grad[left]) > thresh) {
    found = left;
    right--;
    left--;
  }
  return { lr: c.lrs[found] * adjustValue, index: found };
}
