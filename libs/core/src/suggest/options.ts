// Validation of the suggestion options: a bad skipStart or window would otherwise produce
// suggestions that the run file refuses, long after the test ran.
import { RangeTestError } from '../errors';
import { checkKeys, isPlainObject } from '../strict-options';

const SUGGEST_KEYS = ['numIter', 'startLr', 'skipStart', 'skipEnd', 'sma', 'slide'] as const;
const SLIDE_KEYS = ['lrDiff', 'thresh', 'adjustValue'] as const;

function int(option: string, value: unknown, min: number): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < min)) {
    throw new RangeTestError(option, value, `an integer >= ${min}`);
  }
}

function num(option: string, value: unknown, expected: string, ok: (v: number) => boolean): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || !ok(value))) {
    throw new RangeTestError(option, value, expected);
  }
}

/**
 * Throws a RangeTestError naming the first invalid suggestion option (`prefix` + name, e.g.
 * `suggest.skipStart` when they came inside rangeTest's options).
 */
export function checkSuggestOptions(o: unknown, prefix = '', allowed: readonly string[] = SUGGEST_KEYS): void {
  if (o === undefined) return;
  if (!isPlainObject(o)) throw new RangeTestError(prefix ? prefix.slice(0, -1) : 'options', o, 'an options object');
  checkKeys(o, allowed, prefix);
  int(`${prefix}numIter`, o.numIter, 1);
  num(`${prefix}startLr`, o.startLr, 'a finite number > 0', (v) => v > 0);
  int(`${prefix}skipStart`, o.skipStart, 0);
  int(`${prefix}skipEnd`, o.skipEnd, 0);
  int(`${prefix}sma`, o.sma, 1);
  if (o.slide !== undefined) {
    if (!isPlainObject(o.slide)) throw new RangeTestError(`${prefix}slide`, o.slide, 'an object { lrDiff, thresh, adjustValue }');
    checkKeys(o.slide, SLIDE_KEYS, `${prefix}slide.`);
    int(`${prefix}slide.lrDiff`, o.slide.lrDiff, 1);
    num(`${prefix}slide.thresh`, o.slide.thresh, 'a finite number >= 0', (v) => v >= 0);
    num(`${prefix}slide.adjustValue`, o.slide.adjustValue, 'a finite number > 0', (v) => v > 0);
  }
}

/** The suggestion options a caller may give inside rangeTest's `suggest` (numIter and startLr come from the test). */
export const RANGE_TEST_SUGGEST_KEYS: readonly string[] = ['skipStart', 'skipEnd', 'sma', 'slide'];
