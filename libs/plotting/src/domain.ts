// Axis domains. The x domain covers the configured range (a live run keeps a steady axis and a
// diverged one shows where it stopped); the y domain leaves out the explosion after divergence,
// which would otherwise flatten everything that matters into a line at the bottom.
import type { RunRecord } from '@lrfinder/core';
import type { ChartSeries } from './types';

export type Domain = [number, number];

function finiteYs(series: readonly ChartSeries[]): number[] {
  return series.flatMap((s) => s.data.map((d) => d.y).filter((y): y is number => y !== null && Number.isFinite(y)));
}

/** Learning-rate domain: every run's [startLr, endLr] and every plotted lr. */
export function lrDomain(runs: readonly RunRecord[], series: readonly ChartSeries[] = []): Domain {
  let lo = Infinity;
  let hi = -Infinity;
  const take = (v: number) => {
    if (v > 0 && Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  };
  for (const run of runs) {
    take(run.config?.startLr);
    take(run.config?.endLr);
  }
  for (const s of series) for (const d of s.data) take(d.x);
  if (lo === Infinity) return [1e-7, 10];
  if (lo === hi) return [lo / 10, hi * 10];
  return [lo, hi];
}

/**
 * Loss domain: from the lowest value to a bit above the highest value reached before each
 * curve's minimum (the descent), or higher when a curve never descends; values above are drawn
 * off the top (clipped). `'data'` takes every value instead.
 */
export function lossDomain(series: readonly ChartSeries[], mode: 'auto' | 'data' = 'auto'): Domain {
  const all = finiteYs(series);
  if (all.length === 0) return [0, 1];
  const min = Math.min(...all);
  const max = Math.max(...all);
  if (mode === 'data' || min === max) return pad(min, max);
  let top = -Infinity;
  for (const s of series) {
    const ys = s.data.map((d) => d.y);
    let argmin = -1;
    ys.forEach((y, i) => {
      if (y !== null && Number.isFinite(y) && (argmin < 0 || y < (ys[argmin] as number))) argmin = i;
    });
    for (let i = 0; i <= argmin; i++) {
      const y = ys[i];
      if (y !== null && Number.isFinite(y)) top = Math.max(top, y);
    }
  }
  const span = Math.max(top - min, Math.abs(min) * 0.5, 1e-12);
  return pad(min, Math.min(max, top + 0.25 * span));
}

/**
 * Loss-delta domain, centred on the dip (where the loss falls fastest): from the lowest values
 * (1st percentile) to at most twice their depth above zero, and never above the 98th percentile,
 * so the large positive deltas of divergence are clipped. A run that never improves gets its
 * 2nd to 98th percentile. Zero is always inside. `'data'` takes every value.
 */
export function deltaDomain(series: readonly ChartSeries[], mode: 'auto' | 'data' = 'auto'): Domain {
  const all = finiteYs(series).sort((a, b) => a - b);
  if (all.length === 0) return [-1, 1];
  if (mode === 'data') return pad(Math.min(all[0], 0), Math.max(all[all.length - 1], 0));
  const q = (p: number) => all[Math.min(all.length - 1, Math.max(0, Math.round(p * (all.length - 1))))];
  const lo = q(0.01);
  const hi = lo < 0 ? Math.max(Math.min(q(0.98), 2 * -lo), 0.25 * -lo) : q(0.98);
  return pad(Math.min(lo, 0), Math.max(hi, 0));
}

function pad(lo: number, hi: number): Domain {
  // Values a rounding error apart (2.55 and 2.5500000000000003) are one value.
  if (hi - lo <= Math.max(Math.abs(lo), Math.abs(hi)) * 1e-9) {
    const d = Math.abs(lo) * 0.1 || 1;
    return [lo - d, hi + d];
  }
  const d = (hi - lo) * 0.04;
  return [lo - d, hi + d];
}

/** The points of each series whose x lies in `[lo, hi]` (zoomed charts scale y to what shows). */
export function seriesInX<S extends ChartSeries>(series: readonly S[], [lo, hi]: Domain): S[] {
  return series.map((s) => ({ ...s, data: s.data.filter((d) => d.x >= lo && d.x <= hi) }));
}

/**
 * A y domain for a log axis: the positive values, padded by a factor; null when a value is 0 or
 * negative (a log axis cannot show it). `mode` `'auto'` leaves the explosion out as lossDomain.
 */
export function logLossDomain(series: readonly ChartSeries[], mode: 'auto' | 'data' = 'auto'): Domain | null {
  const all = finiteYs(series);
  if (all.length === 0) return [0.1, 10];
  if (all.some((y) => y <= 0)) return null;
  const [, linTop] = lossDomain(series, mode);
  const lo = Math.min(...all);
  const hi = Math.max(Math.min(Math.max(...all), linTop), lo);
  return lo === hi ? [lo / 2, hi * 2] : [lo / 1.15, hi * 1.15];
}

/** How many finite points of `series` lie above (or below) the y domain: what the chart clips. */
export function clippedCount(series: readonly ChartSeries[], [lo, hi]: Domain): { above: number; below: number } {
  let above = 0;
  let below = 0;
  for (const y of finiteYs(series)) {
    if (y > hi) above++;
    else if (y < lo) below++;
  }
  return { above, below };
}
