import { RangeTestError } from './errors';
import { lrSchedule } from './schedule';
import { lossDeltas, smoothLosses } from './smoothing';

describe('lrSchedule', () => {
  it('exponential: exact endpoints and a constant ratio between steps', () => {
    const lrs = lrSchedule({ startLr: 1e-7, endLr: 10, numIter: 100 });
    expect(lrs).toHaveLength(100);
    expect(lrs[0]).toBe(1e-7);
    expect(lrs[99]).toBe(10);
    const ratio = (10 / 1e-7) ** (1 / 99);
    for (let i = 1; i < lrs.length; i++) expect(lrs[i] / lrs[i - 1]).toBeCloseTo(ratio, 10);
  });

  it('exponential over decades gives the powers of ten', () => {
    lrSchedule({ startLr: 1e-4, endLr: 1, numIter: 5 }).forEach((lr, i) => expect(lr).toBeCloseTo(10 ** (i - 4), 15));
  });

  it('linear: exact endpoints and equal spacing', () => {
    const lrs = lrSchedule({ startLr: 0.1, endLr: 1, numIter: 10, schedule: 'linear' });
    expect(lrs[0]).toBe(0.1);
    expect(lrs[9]).toBe(1);
    for (let i = 1; i < lrs.length; i++) expect(lrs[i] - lrs[i - 1]).toBeCloseTo(0.1, 12);
  });

  it('defaults: 100 steps from 1e-7 to 10, exponential', () => {
    const lrs = lrSchedule();
    expect([lrs.length, lrs[0], lrs[99]]).toEqual([100, 1e-7, 10]);
    expect(lrs[50] / lrs[49]).toBeCloseTo(lrs[2] / lrs[1], 10);
  });

  it.each([
    [{ startLr: 1, endLr: 1 }, 'endLr', 1],
    [{ startLr: 2, endLr: 1 }, 'endLr', 1],
    [{ startLr: 0 }, 'startLr', 0],
    [{ startLr: -1e-3 }, 'startLr', -1e-3],
    [{ endLr: -5 }, 'endLr', -5],
    [{ endLr: Infinity }, 'endLr', Infinity],
    [{ startLr: NaN }, 'startLr', NaN],
    [{ numIter: 1 }, 'numIter', 1],
    [{ numIter: 2.5 }, 'numIter', 2.5],
    [{ schedule: 'cosine' }, 'schedule', 'cosine'],
  ])('refuses %j naming %s', (opts, option, value) => {
    let err: unknown;
    try {
      lrSchedule(opts as never);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RangeTestError);
    expect((err as RangeTestError).option).toBe(option);
    expect((err as RangeTestError).value).toEqual(value);
    expect((err as Error).message).toContain(option);
  });
});

describe('smoothLosses', () => {
  it('a constant loss smooths to exactly the same constant, for every beta (the textbook form gave 1.999999999999998)', () => {
    for (const beta of [0.98, 0.9, 0.6, 0.3]) {
      for (const c of [2, 2.5, 0.1, -3.7, 1e-9, 0]) expect(smoothLosses(new Array(200).fill(c), beta)).toEqual(new Array(200).fill(c));
    }
    expect(smoothLosses([7], 0.98)).toEqual([7]);
  });

  it('equals the textbook bias-corrected EMA, avg_i / (1 - beta^(i+1)), within a few ulps (1.8e-15 relative on this curve)', () => {
    let seed = 11;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const losses = Array.from({ length: 500 }, (_, i) => 3 * Math.exp(-i / 100) + rnd());
    let avg = 0;
    const textbook = losses.map((l, i) => (avg = 0.98 * avg + 0.02 * l) / (1 - 0.98 ** (i + 1)));
    smoothLosses(losses, 0.98).forEach((v, i) => expect(Math.abs(v - textbook[i]) / Math.abs(textbook[i])).toBeLessThan(16 * Number.EPSILON));
  });

  it('bias-corrected EMA by hand: beta 0.5 over [1, 3]', () => {
    // avg1 = 0.5, smoothed1 = 0.5 / 0.5 = 1; avg2 = 0.25 + 1.5 = 1.75, smoothed2 = 1.75 / 0.75
    expect(smoothLosses([1, 3], 0.5)).toEqual([1, expect.closeTo(1.75 / 0.75, 12)]);
  });

  it('beta 0 is no smoothing', () => {
    expect(smoothLosses([3, 1, 4], 0)).toEqual([3, 1, 4]);
  });

  it('refuses beta outside [0, 1)', () => {
    expect(() => smoothLosses([1], 1)).toThrow(/smoothing must be a number in \[0, 1\); got 1/);
  });
});

describe('lossDeltas', () => {
  it('is (loss[i] - loss[i - sma]) / sma, null before sma and around non-finite losses', () => {
    expect(lossDeltas([5, 4, 2], 1)).toEqual([null, -1, -2]);
    expect(lossDeltas([10, 8, 6, 2, NaN, 1], 2)).toEqual([null, null, -2, -3, null, -0.5]);
  });
  it('refuses sma < 1', () => {
    expect(() => lossDeltas([1, 2], 0)).toThrow(RangeTestError);
  });
});
