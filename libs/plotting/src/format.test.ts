import { formatLoss, formatLr, logMinorTicks, logTicks } from './format';
import { deltaDomain, lossDomain, lrDomain } from './domain';
import { makeRun } from './testing/run-fixture';
import type { ChartSeries } from './types';

describe('formats', () => {
  it('writes learning rates like 1e-4 and 3.16e-3', () => {
    expect(formatLr(1e-4)).toBe('1e-4');
    expect(formatLr(0.0031623)).toBe('3.16e-3');
    expect(formatLr(1)).toBe('1e0');
    expect(formatLr(20)).toBe('2e1');
  });

  it('writes losses with 4 significant digits', () => {
    expect(formatLoss(2.302585)).toBe('2.303');
    expect(formatLoss(-0.000123456)).toBe('-1.235e-4');
    expect(formatLoss(null)).toBe('—');
    expect(formatLoss(0)).toBe('0');
  });
});

describe('log ticks', () => {
  it('are the powers of ten inside the domain', () => {
    expect(logTicks(1e-7, 10)).toEqual([1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10]);
    expect(logTicks(3e-5, 0.5)).toEqual([1e-4, 1e-3, 1e-2, 1e-1]);
  });

  it('add 2x and 5x when the domain is narrow', () => {
    expect(logTicks(1e-3, 3e-2)).toEqual([1e-3, 2e-3, 5e-3, 1e-2, 2e-2]);
  });

  it('have minor ticks between the decades', () => {
    expect(logMinorTicks(1e-3, 1e-2)).toEqual([2e-3, 3e-3, 4e-3, 5e-3, 6e-3, 7e-3, 8e-3, 9e-3]);
  });

  it('reject a domain a log axis cannot show', () => {
    expect(() => logTicks(0, 1)).toThrow(/log axis domain/);
  });
});

function series(ys: (number | null)[]): ChartSeries {
  return { id: 's', label: 's', kind: 'loss', runId: 'r', data: ys.map((y, i) => ({ x: 10 ** -i, y, step: i })) };
}

describe('domains', () => {
  it('cover the configured lr range of every run', () => {
    expect(lrDomain([makeRun({ startLr: 1e-5, endLr: 1 }), makeRun({ startLr: 1e-7, endLr: 0.1 })])).toEqual([1e-7, 1]);
  });

  it('clip the loss explosion after the minimum but keep the descent', () => {
    const [lo, hi] = lossDomain([series([2, 1.5, 1, 0.5, 1, 4, 1e6, null])]);
    expect(lo).toBeLessThan(0.5);
    expect(hi).toBeGreaterThan(2);
    expect(hi).toBeLessThan(3);
    expect(lossDomain([series([2, 1, 1e6])], 'data')[1]).toBeGreaterThan(1e6);
  });

  it('include zero and clip outliers of the loss delta', () => {
    const ys = Array.from({ length: 100 }, (_, i) => -0.01 + i * 0.0001);
    ys.push(1e3);
    const [lo, hi] = deltaDomain([series(ys)]);
    expect(lo).toBeLessThan(-0.0099);
    expect(hi).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
  });

  it('fall back to a unit range without data', () => {
    expect(lossDomain([series([null])])).toEqual([0, 1]);
  });
});
