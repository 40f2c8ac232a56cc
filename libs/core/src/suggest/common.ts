import type { Suggestion } from '../run-record';

/** A suggestion that could not be made, with the reason shown to the user. */
export function noSuggestion(reason: string): Suggestion {
  return { lr: null, index: null, reason };
}

/** Checks the arrays every method takes; returns a reason when they cannot be used. */
export function checkCurve(lrs: readonly number[], losses: readonly number[], minPoints: number): string | null {
  if (lrs.length !== losses.length) return `lrs (${lrs.length}) and losses (${losses.length}) differ in length`;
  if (lrs.length < minPoints) return `needs at least ${minPoints} points, got ${lrs.length}`;
  return null;
}
