// The pure helpers behind the interactive charts: re-smoothing, notes in words, zoomed ticks,
// log and clipped y ranges, run labels across sweeps, run colours beyond ten.
import { smoothLosses } from '@lrfinder/core';
import { clippedCount, logLossDomain, lossDomain } from './domain';
import { linearTicks, zoomTicks } from './format';
import { curveNotes } from './notes';
import { resmooth, runLabels, lossSeries } from './series';
import { runColor, RUN_COLORS } from './react/theme';
import { makeRun } from './testing/run-fixture';
import type { ChartSeries } from './types';

describe('resmooth and the smoothing option', () => {
  it('recomputes the EMA from the raw losses with core smoothLosses (beta 0 is the raw loss)', () => {
    const run = makeRun({ losses: [4, 2, 3, 1, 5] });
    expect(resmooth(run, 0)).toEqual([4, 2, 3, 1, 5]);
    // Bias-corrected EMA by hand for beta 0.5: avg 2, 2, 2.5, 1.75, 3.375 over 1 - 0.5^k.
    const by = [2 / 0.5, 2 / 0.75, 2.5 / 0.875, 1.75 / 0.9375, 3.375 / 0.96875];
    resmooth(run, 0.5).forEach((v, i) => expect(v).toBeCloseTo(by[i], 12));
    expect(resmooth(run, 0.5)).toEqual(smoothLosses([4, 2, 3, 1, 5], 0.5));
    const series = lossSeries(run, { raw: false, smoothing: 0.5 });
    expect(series[0].data.map((d) => d.y)).toEqual(smoothLosses([4, 2, 3, 1, 5], 0.5));
    expect(() => lossSeries(run, { smoothing: 1 })).toThrow(/smoothing must be a number in \[0, 1\); got 1/);
  });

  it('a non-finite loss empties the smoothed curve from there on', () => {
    const run = makeRun({ losses: [3, 2, null, 1] });
    expect(resmooth(run, 0.9).slice(2)).toEqual([null, null]);
  });
});

describe('curveNotes', () => {
  it('says in words what the curve cannot: 0 points, 1 point, all NaN, NaN from step k', () => {
    const empty = { ...makeRun({ steps: 3 }), points: [], status: 'running' as const };
    expect(curveNotes(empty)).toEqual([{ kind: 'empty', runId: 'run-a', text: 'no points yet (the test has not finished its first step)' }]);
    const one = makeRun({ losses: [2], startLr: 1e-3 });
    expect(curveNotes(one)[0]).toMatchObject({ kind: 'single', step: 0, text: 'one point only (step 0, lr 1e-3): a curve needs two' });
    const nan = makeRun({ losses: [null, null], startLr: 1e-4, endLr: 1e-3 });
    expect(curveNotes(nan)).toEqual([expect.objectContaining({ kind: 'all-nan', text: 'every loss is NaN or infinite: nothing to draw (from the first step, lr 1e-4)' })]);
    const diverged = makeRun({ losses: [3, 2, 1, null, null], startLr: 1e-4, endLr: 1 });
    // lr of step 3 of 5 from 1e-4 to 1: 1e-4 * 1e4^(3/4) = 1e-1.
    expect(curveNotes(diverged, 'SGD')).toEqual([{ kind: 'nan-from', runId: 'run-a', step: 3, lr: diverged.points[3].lr, text: 'SGD: diverged to NaN at lr 1e-1 (step 3)' }]);
    expect(curveNotes(makeRun())).toEqual([]);
  });
});

describe('ticks of zoomed and linear axes', () => {
  it('zoomTicks keeps decades when three fit, else five log-spaced round values', () => {
    expect(zoomTicks(1e-6, 1)).toEqual([1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1]);
    expect(zoomTicks(2e-3, 3e-3)).toEqual([0.002, 0.0022, 0.0024, 0.0027, 0.003]);
  });
  it('linearTicks are 1, 2 or 5 times a power of ten apart', () => {
    expect(linearTicks(0, 300)).toEqual([0, 50, 100, 150, 200, 250, 300]);
    expect(linearTicks(0.05, 0.52, 5)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    // A range one rounding error wide (one point's loss and smoothed loss) ends at once.
    expect(linearTicks(2.55, 2.5500000000000003)).toEqual([2.55]);
    expect(linearTicks(NaN, 1)).toEqual([]);
  });
  it('a domain of values a rounding error apart is padded like a single value', () => {
    const one = { id: 's', label: 's', kind: 'loss' as const, runId: 'r', data: [{ x: 1e-6, y: 2.55, step: 0 }, { x: 1e-6, y: 2.5500000000000003, step: 0 }] };
    const [lo, hi] = lossDomain([one]);
    expect(lo).toBeCloseTo(2.295);
    expect(hi).toBeCloseTo(2.805);
  });
});

const series = (ys: (number | null)[]): ChartSeries => ({ id: 's', label: 's', kind: 'loss', runId: 'r', data: ys.map((y, i) => ({ x: 10 ** (i - 5), y, step: i })) });

describe('y ranges', () => {
  it('the auto range clips the explosion and clippedCount says how many points it leaves out', () => {
    const s = series([3, 2, 1, 0.8, 1.2, 50, 400]);
    const d = lossDomain([s], 'auto');
    expect(d[1]).toBeLessThan(50);
    expect(clippedCount([s], d)).toEqual({ above: 2, below: 0 });
    expect(clippedCount([s], lossDomain([s], 'data'))).toEqual({ above: 0, below: 0 });
  });
  it('a log y range covers the positive values; none with a value <= 0', () => {
    const [lo, hi] = logLossDomain([series([3, 2, 1, 0.5])], 'data')!;
    expect(lo).toBeCloseTo(0.5 / 1.15);
    expect(hi).toBeCloseTo(3 * 1.15);
    expect(logLossDomain([series([1, 0, 2])])).toBeNull();
  });
});

describe('telling runs apart', () => {
  it('labels repeated across sweeps get the sweep and id', () => {
    const a = { ...makeRun({ id: 'sgd', label: 'SGD' }), sweep: { id: 'sweep-a', index: 0, count: 2 } };
    const b = { ...makeRun({ id: 'sgd', label: 'SGD' }), sweep: { id: 'sweep-b', index: 0, count: 2 } };
    expect(runLabels([a, b])).toEqual(['SGD (sweep-a/sgd)', 'SGD (sweep-b/sgd)']);
  });
  it('runColor gives 30 distinct colours, the palette first', () => {
    const colors = Array.from({ length: 30 }, (_, i) => runColor(i));
    expect(colors.slice(0, 10)).toEqual(RUN_COLORS);
    expect(new Set(colors).size).toBe(30);
    expect(runColor(12)).toBe(runColor(12));
  });
});
