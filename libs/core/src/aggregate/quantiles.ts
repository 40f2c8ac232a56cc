// Order statistics for the aggregate: percentiles of a band, medians, and the distribution-free
// interval of a median (no assumption about how suggestions scatter).

/** Ascending copy. */
export function sorted(values: readonly number[]): number[] {
  return values.slice().sort((a, b) => a - b);
}

/**
 * The q-quantile of ascending values by linear interpolation between order statistics
 * (Hyndman and Fan's type 7: numpy's and R's default).
 * @example quantileSorted([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantileSorted(asc: readonly number[], q: number): number {
  if (asc.length === 0) throw new RangeError('quantile of no values');
  const h = (asc.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, asc.length - 1);
  return asc[lo] + (h - lo) * (asc[hi] - asc[lo]);
}

/** Median of positive values taken in log space (the geometric mean of the two middle ones when even). */
export function logMedian(values: readonly number[]): number {
  return Math.exp(quantileSorted(sorted(values.map(Math.log)), 0.5));
}

/** P(X <= k) for X ~ Binomial(n, 1/2). */
function binomialHalfCdf(n: number, k: number): number {
  let term = Math.pow(0.5, n); // C(n, 0) / 2^n
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    sum += term;
    term = (term * (n - i)) / (i + 1);
  }
  return sum;
}

export interface MedianInterval {
  low: number;
  high: number;
  /** Probability that [low, high] holds the true median of the distribution the values came from. */
  coverage: number;
}

/**
 * The narrowest symmetric pair of order statistics [x(j), x(n+1-j)] whose coverage of the
 * population median is at least `level` (exact, from the binomial distribution; no assumption
 * about the shape of the distribution). With too few values for `level`, the widest pair
 * (min-max) and its lower coverage: 10 values give [x(2), x(9)] at 97.9%, 5 give min-max at
 * 93.8%, 4 give min-max at 87.5%. Null below 2 values.
 */
export function medianInterval(values: readonly number[], level = 0.9): MedianInterval | null {
  const n = values.length;
  if (n < 2) return null;
  const asc = sorted(values);
  let j = 1;
  while (j + 1 <= n + 1 - (j + 1) && 1 - 2 * binomialHalfCdf(n, j) >= level) j++;
  return { low: asc[j - 1], high: asc[n - j], coverage: 1 - 2 * binomialHalfCdf(n, j - 1) };
}
