// keras_lr_finder's `get_best_lr`, the reference tutorial's loss-delta minimum.
import type { Suggestion } from '../run-record';
import { noSuggestion, prepareCurve } from './common';

export interface SmaDeltaOptions {
  /** Steps between the two losses of a delta, `(loss[i] - loss[i - sma]) / sma`. @default 20 */
  sma?: number;
  /** Points not considered at the start. @default 10 */
  skipStart?: number;
  /** Points not considered at the end (0 keeps all). @default 5 */
  skipEnd?: number;
}

/**
 * keras_lr_finder's `get_best_lr(sma, n_skip_beginning, n_skip_end)`: deltas
 * `(loss[i] - loss[i - sma]) / sma`, with 0 for the first `sma` points as keras_lr_finder pads
 * them, the lowest delta among points `skipStart .. n - skipEnd - 1` (first on ties) and its
 * learning rate. Meant for raw batch losses (the tutorial's). Differences: `null` when no
 * delta in the window is negative (keras_lr_finder would then return an arbitrary point), and
 * `skipEnd = 0` keeps every point (Python's `[a:-0]` would be empty).
 */
export function smaDelta(lrs: readonly number[], losses: readonly number[], options: SmaDeltaOptions = {}): Suggestion {
  const { sma = 20, skipStart = 10, skipEnd = 5 } = options;
  const c = prepareCurve(lrs, losses, 1);
  if (typeof c === 'string') return noSuggestion(c);
  if (!Number.isInteger(sma) || sma < 1) return noSuggestion(`sma must be an integer >= 1, got ${sma}`);
  const { losses: l, noise } = c;
  const last = l.length - 1 - skipEnd;
  if (last < skipStart) return noSuggestion(`no points left after skipping ${skipStart} at the start and ${skipEnd} at the end of ${l.length}`);
  let best = skipStart;
  let bestDelta = skipStart < sma ? 0 : (l[skipStart] - l[skipStart - sma]) / sma;
  for (let i = skipStart + 1; i <= last; i++) {
    const delta = i < sma ? 0 : (l[i] - l[i - sma]) / sma;
    if (delta < bestDelta) {
      bestDelta = delta;
      best = i;
    }
  }
  if (!(bestDelta < -noise / sma)) {
    return noSuggestion(last < sma ? `needs more than sma = ${sma} points, got ${l.length}` : `the loss does not decrease over any ${sma} steps`);
  }
  return { lr: c.lrs[best], index: best };
}
