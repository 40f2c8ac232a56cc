import type { Suggestion } from '../run-record';

/** A suggestion that could not be made, with the reason shown to the user. */
export function noSuggestion(reason: string): Suggestion {
  return { lr: null, index: null, reason };
}

/** The finite part of a curve a rule works on, and the loss differences it reads as float noise. */
export interface Curve {
  lrs: readonly number[];
  losses: readonly number[];
  /**
   * Differences of at most this much are rounding noise, not a change of the loss: a few ulps of
   * the largest loss. Rules compare `a < b - noise`, so a flat curve never shows a descent.
   */
  noise: number;
}

/** Ulps of the largest |loss| below which two losses count as equal. */
const NOISE_ULPS = 8;

/**
 * Checks the arrays every method takes and keeps their finite prefix (the points before the
 * first non-finite lr or loss, as `suggest()` does for a run); returns the reason when no
 * suggestion can be made: lengths differ, too few finite points, or a flat curve.
 */
export function prepareCurve(lrs: readonly number[], losses: readonly number[], minPoints: number): Curve | string {
  if (!Array.isArray(lrs) || !Array.isArray(losses)) return 'lrs and losses must be arrays of numbers';
  if (lrs.length !== losses.length) return `lrs (${lrs.length}) and losses (${losses.length}) differ in length`;
  let end = 0;
  while (end < lrs.length && isFiniteNumber(lrs[end]) && lrs[end] > 0 && isFiniteNumber(losses[end])) end++;
  const l = losses.slice(0, end);
  let min = Infinity;
  let max = -Infinity;
  let size = 0;
  for (const v of l) {
    if (v < min) min = v;
    if (v > max) max = v;
    if (Math.abs(v) > size) size = Math.abs(v);
  }
  const noise = NOISE_ULPS * Number.EPSILON * size;
  if (end > 1 && max - min <= noise) return `the loss is flat (${end} points within ${noise} of ${max}): no learning rate changes it`;
  if (end < minPoints) {
    const cut = end < lrs.length ? ` (point ${end} has a non-finite or non-positive value; rules use the finite prefix)` : '';
    return `needs at least ${minPoints} finite points, got ${end}${cut}`;
  }
  return { lrs: lrs.slice(0, end), losses: l, noise };
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
