// Loss smoothing: fastai's bias-corrected exponential moving average for the loss curve, and
// the reference tutorial's (keras_lr_finder's) simple-moving-average loss delta.
import { RangeTestError } from './errors';

/** Bias-corrected EMA state, one loss at a time (what the range test uses per step). */
export class LossSmoother {
  private smoothed = 0;
  private count = 0;
  constructor(readonly beta: number) {
    if (typeof beta !== 'number' || !(beta >= 0 && beta < 1)) throw new RangeTestError('smoothing', beta, 'a number in [0, 1)');
  }
  /**
   * Adds a loss and returns the smoothed loss. The bias-corrected average is updated in place,
   * `s += (loss - s) * (1 - beta) / (1 - beta^(i+1))` (the same value as `avg_i / (1 - beta^(i+1))`
   * within a few ulps), so a constant loss smooths to itself exactly: rounding noise in the
   * textbook form (`[2, 1.999999999999998, ...]`) would read as a descent to the suggestion rules.
   */
  push(loss: number): number {
    this.count++;
    // The first weight is exactly 1 ((1 - beta) / (1 - beta^1)), so s_0 = loss even when s was 0.
    this.smoothed += (loss - this.smoothed) * ((1 - this.beta) / (1 - this.beta ** this.count));
    return this.smoothed;
  }
}

/**
 * Bias-corrected exponential moving average:
 * `avg_i = beta * avg_{i-1} + (1 - beta) * loss_i`, `smoothed_i = avg_i / (1 - beta^(i+1))`,
 * computed as the equivalent update `s_i = s_{i-1} + (loss_i - s_{i-1}) * (1 - beta) / (1 - beta^(i+1))`
 * so that a constant smooths to itself exactly.
 * Once a loss is non-finite every later value is too (it is carried in the average).
 * @example smoothLosses([2, 2, 2], 0.98) // [2, 2, 2]
 */
export function smoothLosses(losses: readonly number[], beta = 0.98): number[] {
  const smoother = new LossSmoother(beta);
  return losses.map((loss) => smoother.push(loss));
}

/**
 * The reference tutorial's loss change: `(loss[i] - loss[i - sma]) / sma`; `null` for the
 * first `sma` steps and wherever either loss is not finite.
 * @example lossDeltas([5, 4, 2], 1) // [null, -1, -2]
 */
export function lossDeltas(losses: readonly (number | null)[], sma: number): (number | null)[] {
  if (!Number.isInteger(sma) || sma < 1) throw new RangeTestError('sma', sma, 'an integer >= 1');
  return losses.map((loss, i) => {
    if (i < sma) return null;
    const before = losses[i - sma];
    if (loss === null || before === null || !Number.isFinite(loss) || !Number.isFinite(before)) return null;
    return (loss - before) / sma;
  });
}
