// How far the repeats' suggestions scatter, per method, and a verdict in words when they
// scatter too far to trust one run.
import { SUGGESTION_METHODS, type RunRecord, type SuggestionMethod } from '../run-record';
import { logMedian, quantileSorted, sorted } from './quantiles';

/**
 * Above this max/min ratio the suggestions of one method are called wide: a factor 3 is about
 * half a decade, where the choice within the interval changes training visibly (the reference
 * experiment's Adam valley spans 1.75x over six seeds, its slide 31x).
 */
export const WIDE_SPREAD = 3;

export interface MethodSpread {
  /** One value per aggregated repeat, in the order of `runIds`; null where the repeat made none. */
  values: (number | null)[];
  /** Repeats that gave a value. */
  count: number;
  /** Median of the values in log space; null when none. */
  median: number | null;
  min: number | null;
  max: number | null;
  /** max / min; null with fewer than 2 values. */
  ratio: number | null;
  /** Interquartile range of log10(lr), in decades (0.3 is a factor 2); null with fewer than 2 values. */
  iqrLog10: number | null;
  /** ratio > WIDE_SPREAD. */
  wide: boolean;
}

export function methodSpread(values: (number | null)[]): MethodSpread {
  const lrs = values.filter((v): v is number => v !== null);
  const asc = sorted(lrs);
  const logs = asc.map(Math.log10);
  const two = asc.length >= 2;
  const ratio = two ? asc[asc.length - 1] / asc[0] : null;
  return {
    values,
    count: asc.length,
    median: asc.length > 0 ? logMedian(asc) : null,
    min: asc.length > 0 ? asc[0] : null,
    max: asc.length > 0 ? asc[asc.length - 1] : null,
    ratio,
    iqrLog10: two ? quantileSorted(logs, 0.75) - quantileSorted(logs, 0.25) : null,
    wide: ratio !== null && ratio > WIDE_SPREAD,
  };
}

export function suggestionSpreads(runs: readonly RunRecord[]): Record<SuggestionMethod, MethodSpread> {
  const out = {} as Record<SuggestionMethod, MethodSpread>;
  for (const method of SUGGESTION_METHODS) out[method] = methodSpread(runs.map((r) => r.suggestions[method].lr));
  return out;
}

const fmt = (lr: number): string => lr.toExponential(2);
const times = (ratio: number): string => `${ratio < 10 ? ratio.toFixed(1) : ratio.toFixed(0)}x`;

/**
 * One sentence on a method's spread over `repeats` repeats.
 * @example "the valley suggestions span 8.0x (2.85e-3 to 2.28e-2) over 5 repeats: use more steps or a larger batch"
 */
export function spreadVerdict(method: SuggestionMethod, spread: MethodSpread, repeats: number): string {
  if (spread.count === 0) return `no repeat gave a ${method} suggestion (see each run's reason)`;
  if (spread.count === 1) return `only 1 of ${repeats} repeats gave a ${method} suggestion: no spread to judge, run more repeats`;
  const range = `(${fmt(spread.min as number)} to ${fmt(spread.max as number)}) over ${spread.count} repeats`;
  const missing = spread.count < repeats ? ` (${repeats - spread.count} gave none)` : '';
  if (spread.wide) {
    return `the ${method} suggestions span ${times(spread.ratio as number)} ${range}${missing}: use more steps or a larger batch`;
  }
  return `the ${method} suggestions agree within ${times(spread.ratio as number)} ${range}${missing}`;
}
