// fastai's `valley` rule (fastai/callback/schedule.py), re-written from its description.
import type { Suggestion } from '../run-record';
import { noSuggestion, prepareCurve } from './common';

/**
 * fastai's valley: find the longest strictly decreasing sequence of losses (not necessarily
 * contiguous; O(n^2) dynamic programming, `run[i]` = longest decreasing sequence ending at i).
 * With `end` the first index where the longest length `len` is reached and `start = end - len`
 * (fastai's arithmetic, one before the first point of a contiguous run), the suggestion is the
 * point `start + floor((end - start) / 3) + floor((end - start) / 6)`: about half-way along the
 * valley, where the loss still falls steadily.
 *
 * Differences from fastai, both in cases where fastai's answer is an accident of indexing:
 * a curve that never decreases gives `null` (fastai returns the first lr), and where the
 * arithmetic gives index -1 (a two-point valley starting at the first point) we take the first
 * point (fastai reads the last one through Python's negative indexing).
 * @example valley(lrs, [5, 4, 3, 2, 1, 2, 3]) // longest run 0..4: start -1, end 4 -> index 0+... see tests
 */
export function valley(lrs: readonly number[], losses: readonly number[]): Suggestion {
  const c = prepareCurve(lrs, losses, 1);
  if (typeof c === 'string') return noSuggestion(c);
  const n = c.losses.length;
  const run = new Array<number>(n).fill(1);
  let end = 0;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (c.losses[i] < c.losses[j] - c.noise && run[i] < run[j] + 1) run[i] = run[j] + 1;
    }
    if (run[i] > run[end]) end = i;
  }
  if (run[end] < 2) return noSuggestion('the loss never decreases');
  const start = end - run[end];
  const length = end - start;
  const index = Math.max(0, start + Math.floor(length / 3) + Math.floor(length / 6));
  return { lr: c.lrs[index], index };
}
