// Learning-rate schedules of the range test: the first step uses exactly startLr, the last
// exactly endLr.
import { RangeTestError } from './errors';

export type ScheduleName = 'exponential' | 'linear';
export const SCHEDULES: readonly ScheduleName[] = ['exponential', 'linear'];

export interface LrScheduleOptions {
  /** Learning rate of the first step. @default 1e-7 */
  startLr?: number;
  /** Learning rate of the last step. @default 10 */
  endLr?: number;
  /** Number of steps (learning rates). @default 100 */
  numIter?: number;
  /**
   * `exponential`: constant ratio between steps (Smith's test, fastai, keras_lr_finder);
   * `linear`: constant difference.
   * @default 'exponential'
   */
  schedule?: ScheduleName;
}

/** Throws a RangeTestError naming the first invalid schedule option. */
export function checkScheduleOptions(startLr: number, endLr: number, numIter: number, schedule: string): void {
  if (typeof startLr !== 'number' || !Number.isFinite(startLr) || startLr <= 0) {
    throw new RangeTestError('startLr', startLr, 'a finite number > 0');
  }
  if (typeof endLr !== 'number' || !Number.isFinite(endLr) || endLr <= 0) {
    throw new RangeTestError('endLr', endLr, 'a finite number > 0');
  }
  if (!(startLr < endLr)) throw new RangeTestError('endLr', endLr, `greater than startLr (${startLr})`);
  if (typeof numIter !== 'number' || !Number.isInteger(numIter) || numIter < 2) {
    throw new RangeTestError('numIter', numIter, 'an integer >= 2');
  }
  if (!SCHEDULES.includes(schedule as ScheduleName)) {
    throw new RangeTestError('schedule', schedule, `one of ${SCHEDULES.join(', ')}`);
  }
}

/**
 * The learning rate of every step.
 * @example lrSchedule({ startLr: 1e-4, endLr: 1, numIter: 5 }) // [1e-4, 1e-3, 1e-2, 1e-1, 1]
 */
export function lrSchedule(options: LrScheduleOptions = {}): number[] {
  const { startLr = 1e-7, endLr = 10, numIter = 100, schedule = 'exponential' } = options;
  checkScheduleOptions(startLr, endLr, numIter, schedule);
  const last = numIter - 1;
  const lrs = new Array<number>(numIter);
  if (schedule === 'linear') {
    const step = (endLr - startLr) / last;
    for (let i = 0; i < numIter; i++) lrs[i] = startLr + step * i;
  } else {
    // lr_i = start * (end/start)^(i/last), computed in log space so no error accumulates.
    const logStart = Math.log(startLr);
    const logRatio = Math.log(endLr) - logStart;
    for (let i = 0; i < numIter; i++) lrs[i] = Math.exp(logStart + (logRatio * i) / last);
  }
  lrs[0] = startLr;
  lrs[last] = endLr;
  return lrs;
}
