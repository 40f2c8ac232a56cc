// Min-max decimation: long runs (tens of thousands of steps) are drawn from at most `max`
// points per series without losing what a reader looks for: the first point, the minimum, the
// divergence point (the last one) and the gaps where the loss was not finite.
import { PlottingError } from './errors';

/** The smallest `max` that still holds the points always kept plus one bucket. */
export const MIN_DECIMATE_POINTS = 7;

/** Default number of points per series. */
export const DEFAULT_MAX_POINTS = 1000;

function finite(y: number | null): y is number {
  return y !== null && Number.isFinite(y);
}

/**
 * Keeps at most `max` points, in order: the first point, the last point (where a diverged test
 * stopped), the last finite point, the minimum, and per bucket of the rest its lowest and
 * highest value and one of its gaps (null y), so spikes and gaps stay visible.
 * @param max at most this many points come back; at least {@link MIN_DECIMATE_POINTS}.
 * @default max 1000
 * @example decimate(series.data, 500)
 */
export function decimate<T extends { y: number | null }>(points: readonly T[], max = DEFAULT_MAX_POINTS): T[] {
  if (!Number.isInteger(max) || max < MIN_DECIMATE_POINTS) {
    throw new PlottingError('maxPoints', max, `an integer >= ${MIN_DECIMATE_POINTS}`);
  }
  const n = points.length;
  if (n <= max) return points.slice();

  let argmin = -1;
  let lastFinite = -1;
  for (let i = 0; i < n; i++) {
    const y = points[i].y;
    if (!finite(y)) continue;
    lastFinite = i;
    if (argmin < 0 || y < (points[argmin].y as number)) argmin = i;
  }
  const keep = new Set<number>([0, n - 1]);
  if (argmin >= 0) keep.add(argmin);
  if (lastFinite >= 0) keep.add(lastFinite);

  // Each bucket adds at most 3 points (min, max, one gap), so the total stays <= max.
  const buckets = Math.floor((max - keep.size) / 3);
  const interior = n - 2;
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor((b * interior) / buckets);
    const to = 1 + Math.floor(((b + 1) * interior) / buckets);
    let lo = -1;
    let hi = -1;
    let gap = -1;
    for (let i = from; i < to; i++) {
      const y = points[i].y;
      if (!finite(y)) {
        if (gap < 0) gap = i;
        continue;
      }
      if (lo < 0 || y < (points[lo].y as number)) lo = i;
      if (hi < 0 || y > (points[hi].y as number)) hi = i;
    }
    for (const i of [lo, hi, gap]) if (i >= 0) keep.add(i);
  }
  return [...keep].sort((a, b) => a - b).map((i) => points[i]);
}
