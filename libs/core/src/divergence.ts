// When a range test has diverged: the smoothed loss rose too far above its best. For positive
// losses this is fastai's rule (`smoothed > divergeThreshold * best`); losses that reach zero or
// go negative (cosine proximity, log-likelihoods) need a scale that is not the distance to zero.

/**
 * The smoothed loss above which a test counts as diverged, given the best (lowest) and the first
 * smoothed loss so far and the threshold `k` (`divergeThreshold`).
 *
 * - best > 0: `k * best` (fastai's rule, unchanged: the loss grew to k times its best).
 * - best <= 0: `best + (k - 1) * scale` with `scale = max(|best|, first - best)`: the loss rose
 *   above its best by k - 1 times the curve's own size (how far from zero its best is, or how far
 *   it fell from its first value, whichever is larger). For a positive best this is the same
 *   rise, `(k - 1) * best`, measured from zero.
 * - a curve that has been exactly 0 from its first step has no scale yet: `Infinity` (no
 *   divergence is read from a rise of 1e-9 over 0; a non-finite loss still stops the test).
 * @example divergenceLimit(0.5, 3, 4) // 2
 * @example divergenceLimit(-1, 2, 4) // -1 + 3 * 3 = 8
 */
export function divergenceLimit(best: number, first: number, k: number): number {
  if (best > 0) return k * best;
  const scale = Math.max(Math.abs(best), first - best);
  return scale > 0 ? best + (k - 1) * scale : Infinity;
}
