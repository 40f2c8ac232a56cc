import { rangeTest } from '../range-test';
import type { RangeTestOptions } from '../range-test-options';
import type { RunRecord } from '../run-record';
import { aggregateRuns } from './aggregate';
import { medianInterval, quantileSorted } from './quantiles';
import { GroupError } from './same-config';
import { methodSpread, spreadVerdict } from './spread';

/** A run whose smoothed loss is exactly `losses` (no smoothing); NaN stops it there (status diverged). */
function run(id: string, losses: number[], extra: Partial<RangeTestOptions> = {}): Promise<RunRecord> {
  return rangeTest({
    id, startLr: 1e-3, endLr: 1, numIter: 4, smoothing: 0, divergeThreshold: Infinity, now: () => 0,
    trainStep: (_lr, step) => losses[step], ...extra,
  });
}

describe('quantiles', () => {
  it('type-7 percentiles and the exact order-statistic interval of a median', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4, 5], 0.1)).toBeCloseTo(1.4, 12);
    const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    // 10 values: [x(2), x(9)] covers with 1 - 2 * 11/1024; [x(3), x(8)] only 1 - 2 * 56/1024 = 0.89 < 0.9
    expect(medianInterval(ten)).toEqual({ low: 2, high: 9, coverage: 1 - 22 / 1024 });
    expect(medianInterval([3, 1, 2, 5, 4])).toEqual({ low: 1, high: 5, coverage: 1 - 2 / 32 });
    expect(medianInterval([1, 2, 3, 4])).toEqual({ low: 1, high: 4, coverage: 0.875 });
    expect(medianInterval([1])).toBeNull();
  });
});

describe('aggregateRuns: the band', () => {
  it('K = 3: median and min-max per step', async () => {
    const runs = await Promise.all([run('a', [3, 2, 1, 2]), run('b', [5, 4, 3, 6]), run('c', [4, 1, 2, 3])]);
    const agg = aggregateRuns(runs);
    expect(agg.repeats).toBe(3);
    expect(agg.curve.map((p) => [p.count, p.median, p.low, p.high])).toEqual([
      [3, 4, 3, 5], [3, 2, 1, 4], [3, 2, 1, 3], [3, 3, 2, 6],
    ]);
    expect(agg.curve.map((p) => p.lr)).toEqual(runs[0].points.map((p) => p.lr));
  });

  it('K = 5: 10th-90th percentile, and it narrows to the repeats still running (count says so)', async () => {
    const runs = await Promise.all([
      run('a', [1, 1, 1, 1]), run('b', [2, 2, 2, 2]), run('c', [3, 3, 3, NaN]), run('d', [4, 4, NaN, 0]), run('e', [5, 5, 5, 5]),
    ]);
    expect(runs[3].status).toBe('diverged');
    const agg = aggregateRuns(runs);
    // step 0: [1..5]: p10 = 1.4, p90 = 4.6
    expect(agg.curve[0]).toMatchObject({ count: 5, median: 3 });
    expect(agg.curve[0].low).toBeCloseTo(1.4, 12);
    expect(agg.curve[0].high).toBeCloseTo(4.6, 12);
    // step 2: d stopped: [1, 2, 3, 5], min-max below 5 repeats
    expect(agg.curve[2]).toEqual(expect.objectContaining({ count: 4, median: 2.5, low: 1, high: 5 }));
    // step 3: c stopped too: [1, 2, 5]
    expect(agg.curve[3]).toEqual(expect.objectContaining({ count: 3, median: 2, low: 1, high: 5 }));
  });

  it('leaves out repeats still running, interrupted or failed, and says why', async () => {
    const controller = new AbortController();
    controller.abort();
    const runs = await Promise.all([run('a', [3, 2, 1, 2]), run('b', [3, 2, 1, 2], { signal: controller.signal })]);
    const agg = aggregateRuns(runs);
    expect(agg.repeats).toBe(1);
    expect(agg.runIds).toEqual(['a']);
    expect(agg.excluded).toEqual([{ id: 'b', status: 'interrupted', reason: expect.stringContaining('only completed or diverged') }]);
  });
});

describe('aggregateRuns: one configuration only', () => {
  it('refuses runs whose schedule differs, naming the field and both values', async () => {
    const runs = await Promise.all([run('a', [3, 2, 1, 2]), run('b', [3, 2, 1, 2], { endLr: 10 })]);
    expect(() => aggregateRuns(runs)).toThrow(GroupError);
    expect(() => aggregateRuns(runs)).toThrow('run b has config.endLr 10 but run a has 1: repeats must be one configuration (only the seed may differ)');
    try {
      aggregateRuns(runs);
    } catch (e) {
      expect((e as GroupError).field).toBe('config.endLr');
    }
  });

  it('refuses different optimizers, a run given twice, and no runs; the seed may differ', async () => {
    const a = await run('a', [3, 2, 1, 2], { optimizer: { name: 'sgd', config: {} }, seed: 1 });
    const b = await run('b', [3, 2, 1, 2], { optimizer: { name: 'adam', config: {} }, seed: 2 });
    const c = await run('c', [3, 2, 1, 2], { optimizer: { name: 'sgd', config: {} }, seed: 3 });
    expect(() => aggregateRuns([a, b])).toThrow(/optimizer.name "adam"/);
    expect(() => aggregateRuns([a, a])).toThrow('run a is given twice');
    expect(() => aggregateRuns([])).toThrow('no runs to aggregate');
    expect(aggregateRuns([a, c]).seeds).toEqual([1, 3]);
  });
});

describe('aggregateRuns: suggestions', () => {
  it('spread of known values: median in log space, max/min, IQR in decades, the verdict', () => {
    const s = methodSpread([1e-3, null, 8e-3, 2e-3]);
    expect(s.count).toBe(3);
    expect(s.median).toBeCloseTo(2e-3, 15);
    expect(s.ratio).toBeCloseTo(8, 12);
    // log10: -3, -2.699, -2.097; q25 = -2.849, q75 = -2.398
    expect(s.iqrLog10).toBeCloseTo((Math.log10(8e-3) - Math.log10(1e-3)) / 2, 12);
    expect(s.wide).toBe(true);
    expect(spreadVerdict('valley', s, 4)).toBe(
      'the valley suggestions span 8.0x (1.00e-3 to 8.00e-3) over 3 repeats (1 gave none): use more steps or a larger batch',
    );
    expect(spreadVerdict('valley', methodSpread([1e-3, 1.8e-3]), 2)).toBe('the valley suggestions agree within 1.8x (1.00e-3 to 1.80e-3) over 2 repeats');
    expect(methodSpread([2e-3, 8e-3]).median).toBeCloseTo(4e-3, 15); // geometric mean of the middle two
  });

  it('stable suggestion: the median of the repeats\' valley picks with their interval; the other rule reads the median curve', async () => {
    // the same descent shifted by one step per repeat: valley picks move with it
    const base = [9, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const shifted = (k: number) => [...new Array(k).fill(9), ...base].slice(0, 20);
    const runs = await Promise.all([0, 1, 2, 3, 4].map((k) => run(`r${k}`, shifted(k), { numIter: 20, suggest: { skipStart: 0 } })));
    const picks = runs.map((r) => r.suggestions.valley.lr as number);
    expect(new Set(picks).size).toBe(5);
    const agg = aggregateRuns(runs);
    expect(agg.suggestions.valley.values).toEqual(picks);
    expect(agg.stable).toEqual({
      method: 'valley', rule: 'median-of-repeats', lr: picks[2], interval: { low: picks[0], high: picks[4], coverage: 1 - 2 / 32 },
    });
    const byCurve = aggregateRuns(runs, { rule: 'median-curve' });
    expect(byCurve.stable.lr).toBe(agg.medianCurve.valley.lr);
    // one step apart each: 4 steps of 1000^(1/19) = 4.3x, wider than 3x
    expect(agg.verdict).toMatch(/^the valley suggestions span 4\.3x \(.* over 5 repeats: use more steps or a larger batch$/);
  });
});
