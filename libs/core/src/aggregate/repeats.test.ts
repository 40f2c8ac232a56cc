import { rangeTest } from '../range-test';
import { leastSquares, sgdTrainStep } from '../test-helpers/least-squares';
import { parseGroup, serializeGroup } from './group-file';
import { repeatSeeds, rangeTestRepeats } from './repeats';

describe('repeatSeeds', () => {
  it('the first repeat keeps the base seed; the others are fixed, distinct, and not shared with the next base seed', () => {
    const a = repeatSeeds(0, 10);
    expect(a[0]).toBe(0);
    expect(repeatSeeds(0, 10)).toEqual(a);
    expect(new Set(a).size).toBe(10);
    a.forEach((s) => expect(Number.isInteger(s) && s >= 0 && s < 2 ** 31).toBe(true));
    const b = repeatSeeds(1, 10);
    expect(b.filter((s) => a.includes(s))).toEqual([]);
    expect(repeatSeeds(7, 3)).toEqual(repeatSeeds(7, 5).slice(0, 3));
    expect(() => repeatSeeds(0, 0)).toThrow('repeats must be an integer >= 1; got 0');
    expect(() => repeatSeeds(0.5, 2)).toThrow('seed must be an integer; got 0.5');
  });
});

describe('known answer: least squares, plain SGD with noisy minibatches (diverges above 2 / lambda_max)', () => {
  const problem = leastSquares();
  const limit = 2 / problem.lambdaMax;
  const settings = { startLr: 1e-4, endLr: 10, numIter: 100, batchSize: 16, now: () => Date.UTC(2026, 0, 1) };
  const trainStep = (seed: number) => sgdTrainStep(problem, 16, seed).step;

  it('10 repeats: the stable suggestion and its whole interval are below the critical rate, the interval narrower than single runs scatter', async () => {
    const { runs, aggregate, group } = await rangeTestRepeats({ ...settings, repeats: 10, seed: 0, id: 'ls', trainStep });
    expect(runs.map((r) => r.id)).toEqual(Array.from({ length: 10 }, (_, i) => `ls-r${i}`));
    expect(runs.map((r) => r.config.seed)).toEqual(repeatSeeds(0, 10));
    expect(runs.every((r) => r.status === 'diverged')).toBe(true);
    expect(parseGroup(serializeGroup(group))).toEqual(group);

    const { stable } = aggregate;
    expect(stable.method).toBe('valley');
    expect(stable.lr).not.toBeNull();
    expect(stable.interval).not.toBeNull();
    const { low, high } = stable.interval!;
    expect(low).toBeLessThanOrEqual(stable.lr!);
    expect(stable.lr!).toBeLessThanOrEqual(high);
    expect(high).toBeLessThan(limit);
    expect(stable.interval!.coverage).toBeCloseTo(1 - 22 / 1024, 12);

    // 30 single runs with other seeds: their valley picks scatter wider than the interval
    const singles = await Promise.all(repeatSeeds(99, 30).map((s) => rangeTest({ ...settings, seed: s, trainStep: trainStep(s) })));
    const picks = singles.map((r) => r.suggestions.valley.lr as number);
    expect(picks.every((p) => p !== null)).toBe(true);
    expect(high / low).toBeLessThan(Math.max(...picks) / Math.min(...picks));
    // and the stable pick lies inside the singles' range, not at an edge
    expect(stable.lr!).toBeGreaterThan(Math.min(...picks));
    expect(stable.lr!).toBeLessThan(Math.max(...picks));
  });

  it('the stable suggestion moves less between independent groups of 10 than a single run moves', async () => {
    const groups = await Promise.all(Array.from({ length: 8 }, (_, g) =>
      rangeTestRepeats({ ...settings, repeats: 10, seed: 500 + g, id: `g${g}`, trainStep })));
    const stable = groups.map((g) => g.aggregate.stable.lr as number);
    const single = groups.map((g) => g.runs[0].suggestions.valley.lr as number);
    const decades = (xs: number[]) => Math.log10(Math.max(...xs) / Math.min(...xs));
    expect(stable.every((v) => v < limit)).toBe(true);
    expect(decades(stable)).toBeLessThan(decades(single));
  });
});
