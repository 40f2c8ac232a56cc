// All suggestion methods over a run's points, on the finite prefix of the curve.
import type { RunPoint, Suggestion, SuggestionMethod, Suggestions } from '../run-record';
import { noSuggestion } from './common';
import { minimum } from './minimum';
import { checkSuggestOptions } from './options';
import { slide, type SlideOptions } from './slide';
import { smaDelta } from './sma-delta';
import { steepest } from './steepest';
import { valley } from './valley';

/**
 * The method whose suggestion a tool should use by default: fastai's `valley`. It looks at the
 * whole longest descent instead of one point (steepest: sensitive to a single noisy step;
 * minimum: sits at the edge of divergence; slide and smaDelta: need tuned thresholds/window
 * sizes), and is fastai's default since v2.5.
 */
export const RECOMMENDED_METHOD: SuggestionMethod = 'valley';

export interface SuggestOptions {
  /** The test's configured number of steps, for the default `skipStart`. @default points.length */
  numIter?: number;
  /** The test's first learning rate; `minimum` below it is flagged `belowStartLr`. @default points[0].lr */
  startLr?: number;
  /** Points skipped at the start of the curve (fastai: `num_it // 10`). @default Math.floor(numIter / 10) */
  skipStart?: number;
  /** Points skipped at the end of the finite curve (fastai and keras_lr_finder: 5). @default 5 */
  skipEnd?: number;
  /** Window of the `smaDelta` loss delta (the reference tutorial's 20). @default 20 */
  sma?: number;
  /** Options of the `slide` rule. @default fastai's { lrDiff: 15, thresh: 0.005, adjustValue: 1 } */
  slide?: SlideOptions;
}

/** The points before the first non-finite loss or smoothed loss. */
export function finitePrefix(points: readonly RunPoint[]): RunPoint[] {
  const end = points.findIndex(
    (p) => p.loss === null || p.smoothedLoss === null || !Number.isFinite(p.loss) || !Number.isFinite(p.smoothedLoss),
  );
  return end < 0 ? points.slice() : points.slice(0, end);
}

function shift(s: Suggestion, by: number): Suggestion {
  return s.lr === null ? s : { ...s, index: s.index + by };
}

/**
 * Every suggestion for a run's points. All methods see only the finite prefix of the curve;
 * `steepest`, `minimum`, `valley` and `slide` read the smoothed loss of points
 * `skipStart .. n - skipEnd - 1` (as fastai's `lr_find`); `smaDelta` reads the raw loss (as
 * keras_lr_finder). Every `index` is an index into `points`. A flat curve (every loss equal
 * within float noise) gives no suggestion, with that reason.
 * @throws RangeTestError naming an invalid option (e.g. `skipStart: 2.5`, an unknown key).
 */
export function suggest(points: readonly RunPoint[], options: SuggestOptions = {}): Suggestions {
  checkSuggestOptions(options);
  const finite = finitePrefix(points);
  const numIter = options.numIter ?? points.length;
  const skipStart = options.skipStart ?? Math.floor(numIter / 10);
  const skipEnd = options.skipEnd ?? 5;
  const lrs = finite.map((p) => p.lr);
  const window = finite.slice(skipStart, Math.max(skipStart, finite.length - skipEnd));
  const wLrs = window.map((p) => p.lr);
  const wSmoothed = window.map((p) => p.smoothedLoss as number);
  const empty = window.length === 0
    ? noSuggestion(`no points left: ${finite.length} finite point(s), ${skipStart} skipped at the start and ${skipEnd} at the end`)
    : null;
  return {
    steepest: empty ?? shift(steepest(wLrs, wSmoothed), skipStart),
    minimum: empty ?? shift(minimum(wLrs, wSmoothed, { startLr: options.startLr ?? points[0]?.lr }), skipStart),
    valley: empty ?? shift(valley(wLrs, wSmoothed), skipStart),
    slide: empty ?? shift(slide(wLrs, wSmoothed, options.slide), skipStart),
    smaDelta: smaDelta(lrs, finite.map((p) => p.loss as number), { sma: options.sma ?? 20, skipStart, skipEnd }),
    recommended: RECOMMENDED_METHOD,
  };
}
