// The median smoothed-loss curve of K repeats and its band, step by step on the common grid.
// A repeat that stopped (diverged, nan) has no point past its last step: from there on the band
// is made of the repeats still running, and each point says how many that is (`count`).
import type { RunRecord } from '../run-record';
import { quantileSorted, sorted } from './quantiles';
import { GroupError } from './same-config';

/** The band's rule: 10th-90th percentile where at least 5 repeats have the point, min-max below. */
export const BAND_RULE = { lower: 0.1, upper: 0.9, minCountForPercentiles: 5 } as const;

export interface BandPoint {
  step: number;
  lr: number;
  /** Repeats with a finite smoothed loss at this step (the rest had stopped, or were non-finite). */
  count: number;
  /** Median smoothed loss of those repeats. */
  median: number;
  /** Lower edge: 10th percentile when count >= 5, else the minimum. */
  low: number;
  /** Upper edge: 90th percentile when count >= 5, else the maximum. */
  high: number;
  /** Median raw batch loss of the repeats with a finite one at this step; null when none. */
  medianLoss: number | null;
}

/** Relative tolerance for the same learning rate written by two producers (JSON round trips). */
const LR_TOLERANCE = 1e-9;

export function bandCurve(runs: readonly RunRecord[]): BandPoint[] {
  const last = Math.max(-1, ...runs.flatMap((r) => r.points.map((p) => p.step)));
  const curve: BandPoint[] = [];
  for (let step = 0; step <= last; step++) {
    let lr: number | null = null;
    const smoothed: number[] = [];
    const raw: number[] = [];
    for (const run of runs) {
      const i = run.points[step]?.step === step ? step : run.points.findIndex((p) => p.step === step);
      if (i < 0) continue;
      const p = run.points[i];
      if (lr === null) lr = p.lr;
      else if (Math.abs(p.lr - lr) > LR_TOLERANCE * lr) {
        throw new GroupError(`run ${run.id} has lr ${p.lr} at step ${step} where another repeat has ${lr}: not the same schedule`, `points.${i}.lr`);
      }
      if (p.smoothedLoss !== null) smoothed.push(p.smoothedLoss);
      if (p.loss !== null) raw.push(p.loss);
    }
    if (lr === null || smoothed.length === 0) continue;
    const asc = sorted(smoothed);
    const percentiles = asc.length >= BAND_RULE.minCountForPercentiles;
    curve.push({
      step,
      lr,
      count: asc.length,
      median: quantileSorted(asc, 0.5),
      low: percentiles ? quantileSorted(asc, BAND_RULE.lower) : asc[0],
      high: percentiles ? quantileSorted(asc, BAND_RULE.upper) : asc[asc.length - 1],
      medianLoss: raw.length > 0 ? quantileSorted(sorted(raw), 0.5) : null,
    });
  }
  return curve;
}
