// Loss smoothing: fastai's bias-corrected exponential moving average for the loss curve, and
// the reference tutorial's (keras_lr_finder's) simple-moving-average loss delta.
import { RangeTestError } from './errors';

/** Bias-corrected EMA state, one loss at a time (what the range test uses per step). */
export class LossSmoother {
  private avg = 0;
  private count = 0;
  constructor(readonly beta: number) {
    if (typeof beta !== 'number' || !(beta >= 0 && beta < 1)) throw new RangeTestError('smoothing', beta, 'a number in [0, 1)');
  }
  /** Adds a loss and returns the smoothed loss; a constant loss smooths to itself from step one. */
  push(loss: number): number {
    this.count++;
    this.avg = this.beta * this.avg + (1 - this.beta) * loss;
    return this.avg / (1 - this.beta ** this.count);
  }
}

/**
 * Bias-corrected exponential moving average:
 * `avg_i = beta * avg_{i-1} + (1 - beta) * loss_i`, `smoothed_i = avg_i / (1 - beta^(i+1))`.
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
