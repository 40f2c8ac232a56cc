import { runRecordSchema } from '@lrfinder/core';
import { lossDeltaSeries, lossSeries, overlaySeries, runLabels } from './series';
import { makeRun } from './testing/run-fixture';

describe('the test fixture', () => {
  it('is a valid lrfinder.run/v1 record', () => {
    expect(runRecordSchema.safeParse(makeRun({ suggest: { valley: 40 } })).success).toBe(true);
  });
});

describe('lossSeries', () => {
  it('gives loss and smoothed loss vs learning rate, with steps', () => {
    const run = makeRun({ steps: 50 });
    const [raw, smoothed] = lossSeries(run);
    expect(raw).toMatchObject({ id: 'run-a:loss', label: 'loss', kind: 'loss', runId: 'run-a' });
    expect(smoothed).toMatchObject({ id: 'run-a:smoothedLoss', label: 'smoothed loss', kind: 'smoothedLoss' });
    expect(raw.data).toHaveLength(50);
    expect(raw.data[7]).toEqual({ x: run.points[7].lr, y: run.points[7].loss, step: 7 });
    expect(smoothed.data[7].y).toBe(run.points[7].smoothedLoss);
  });

  it('turns non-finite losses into gaps (null) and keeps their points', () => {
    const losses = [3, 2.5, NaN, 2, Infinity, 1.5, -Infinity, 1];
    const [raw] = lossSeries(makeRun({ losses }), { smoothed: false });
    expect(raw.data.map((d) => d.y)).toEqual([3, 2.5, null, 2, null, 1.5, null, 1]);
    expect(raw.data.map((d) => d.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('leaves out points a log axis cannot place (lr <= 0 or not finite)', () => {
    const run = makeRun({ steps: 5 });
    run.points[1].lr = 0;
    run.points[3].lr = NaN;
    expect(lossSeries(run)[0].data.map((d) => d.step)).toEqual([0, 2, 4]);
  });

  it('decimates long runs to maxPoints per series', () => {
    const series = lossSeries(makeRun({ steps: 5000 }), { maxPoints: 400 });
    for (const s of series) expect(s.data.length).toBeLessThanOrEqual(400);
  });

  it('names a bad run in its error', () => {
    expect(() => lossSeries({} as never)).toThrow(/run must be a run record/);
  });
});

describe('lossDeltaSeries', () => {
  it('computes (loss[i] - loss[i - sma]) / sma on a hand-computed curve', () => {
    const losses = [10, 9, 7, 4, 0, 1, 3];
    const [delta] = lossDeltaSeries(makeRun({ losses }), { sma: 2 });
    // i=2: (7-10)/2, i=3: (4-9)/2, i=4: (0-7)/2, i=5: (1-4)/2, i=6: (3-0)/2
    expect(delta.data.map((d) => d.y)).toEqual([null, null, -1.5, -2.5, -3.5, -1.5, 1.5]);
    expect(delta).toMatchObject({ id: 'run-a:lossDelta', kind: 'lossDelta', label: 'loss delta (sma 2)' });
  });

  it('uses a window of 20 by default and leaves gaps around non-finite losses', () => {
    const losses = Array.from({ length: 30 }, (_, i) => 100 - i);
    losses[25] = NaN;
    const ys = lossDeltaSeries(makeRun({ losses }))[0].data.map((d) => d.y);
    expect(ys.slice(0, 20)).toEqual(Array(20).fill(null));
    expect(ys[20]).toBe(-1); // (80 - 100) / 20
    expect(ys[25]).toBeNull();
    expect(ys[29]).toBe(-1);
  });

  it('rejects a bad window', () => {
    expect(() => lossDeltaSeries(makeRun(), { sma: 0 })).toThrow(/sma must be an integer >= 1; got 0/);
  });
});

describe('overlaySeries', () => {
  const sgd = makeRun({ id: 'mnist-sgd', label: 'SGD optimizer' });
  const adam = makeRun({ id: 'mnist-adam', label: 'Adam optimizer', losses: Array.from({ length: 100 }, (_, i) => 2 - i / 100) });

  it('gives one curve per run with the run id and label', () => {
    const series = overlaySeries([sgd, adam]);
    expect(series.map((s) => [s.id, s.label, s.kind, s.runId])).toEqual([
      ['mnist-sgd', 'SGD optimizer', 'smoothedLoss', 'mnist-sgd'],
      ['mnist-adam', 'Adam optimizer', 'smoothedLoss', 'mnist-adam'],
    ]);
    expect(series[1].data[10].y).toBe(adam.points[10].smoothedLoss);
  });

  it('draws the loss or the loss delta when asked', () => {
    expect(overlaySeries([adam], { value: 'loss' })[0].data[3].y).toBe(adam.points[3].loss);
    const delta = overlaySeries([adam], { value: 'lossDelta', sma: 10 })[0];
    expect(delta.data[10].y).toBeCloseTo(-0.01, 12);
  });

  it('keeps ids unique and labels distinguishable', () => {
    const twin = makeRun({ id: 'other', label: 'SGD optimizer' });
    const unlabeled = makeRun({ id: 'no-label', label: '' });
    const series = overlaySeries([sgd, sgd, twin, unlabeled]);
    expect(series.map((s) => s.id)).toEqual(['mnist-sgd', 'mnist-sgd#2', 'other', 'no-label']);
    expect(series.map((s) => s.label)).toEqual([
      'SGD optimizer (mnist-sgd)', 'SGD optimizer (mnist-sgd) #2', 'SGD optimizer (other)', 'no-label',
    ]);
    expect(runLabels([sgd, adam])).toEqual(['SGD optimizer', 'Adam optimizer']);
  });

  it('rejects an unknown value and names a bad run by position', () => {
    expect(() => overlaySeries([sgd], { value: 'accuracy' as never })).toThrow(/value must be/);
    expect(() => overlaySeries([sgd, null as never])).toThrow(/runs\[1\] must be a run record/);
  });
});
