import { RangeTestError } from './errors';
import { rangeTest } from './range-test';
import { parseRun } from './run-file';
import { leastSquares, sgdTrainStep } from './test-helpers/least-squares';

const clock = () => {
  let t = Date.UTC(2026, 0, 1);
  return () => (t += 10);
};

describe('rangeTest on least squares with noise (plain minibatch SGD)', () => {
  const problem = leastSquares();
  const limit = 2 / problem.lambdaMax;

  it('the designed problem has the expected curvature (power iteration vs the columns\' scales)', () => {
    // columns scaled 3, 1, 0.3: lambda_max of 2 X^T X / n is about 2 * 9
    expect(problem.lambdaMax).toBeGreaterThan(12);
    expect(problem.lambdaMax).toBeLessThan(26);
  });

  it('stops as diverged above 2 / lambda_max and within 4x of it; steepest and valley suggest below it', async () => {
    const sgd = sgdTrainStep(problem, 64);
    const run = await rangeTest({ startLr: 1e-4, endLr: 10, numIter: 100, batchSize: 64, trainStep: sgd.step });
    expect(parseRun(run)).toEqual(run);
    expect(run.status).toBe('diverged');
    expect(run.stopReason).toBe('diverged');
    const last = run.points[run.points.length - 1].lr;
    expect(last).toBeGreaterThan(limit);
    expect(last).toBeLessThan(4 * limit);
    expect(run.suggestions.steepest.lr).not.toBeNull();
    expect(run.suggestions.steepest.lr!).toBeLessThan(limit);
    expect(run.suggestions.valley.lr).not.toBeNull();
    expect(run.suggestions.valley.lr!).toBeLessThan(limit);
  });
});

describe('rangeTest stop rules and record', () => {
  it('a constant loss runs all steps: completed, smoothed loss equal to the loss', async () => {
    const run = await rangeTest({ trainStep: () => 2, numIter: 20, now: clock() });
    expect(run.status).toBe('completed');
    expect(run.stopReason).toBe('finished');
    expect(run.points).toHaveLength(20);
    run.points.forEach((p, i) => {
      expect(p.step).toBe(i);
      expect(p.smoothedLoss).toBeCloseTo(2, 12);
    });
    expect(run.points[0].lr).toBe(1e-7);
    expect(run.points[19].lr).toBe(10);
    expect(parseRun(run)).toEqual(run);
  });

  it('diverges when the smoothed loss passes divergeThreshold x the best (hand-made, no smoothing)', async () => {
    const losses = [4, 2, 1, 3, 4.5, 1];
    const run = await rangeTest({ trainStep: (_lr, step) => losses[step], numIter: 6, smoothing: 0 });
    // best 1 at step 2; 3 <= 4 continues, 4.5 > 4 stops at step 4
    expect(run.points.map((p) => p.loss)).toEqual([4, 2, 1, 3, 4.5]);
    expect([run.status, run.stopReason]).toEqual(['diverged', 'diverged']);
  });

  it('divergeThreshold Infinity disables the rule and is stored as null', async () => {
    const run = await rangeTest({ trainStep: (_lr, step) => 1 + step * 100, numIter: 10, divergeThreshold: Infinity });
    expect(run.stopReason).toBe('finished');
    expect(run.config.divergeThreshold).toBeNull();
    expect(parseRun(run).config.divergeThreshold).toBeNull();
  });

  it('a non-finite loss stops with reason nan, stored as null; suggestions use the finite prefix', async () => {
    const run = await rangeTest({ trainStep: (_lr, step) => (step === 30 ? Infinity : 5 - step * 0.1), numIter: 50 });
    expect([run.status, run.stopReason]).toEqual(['diverged', 'nan']);
    expect(run.points).toHaveLength(31);
    expect(run.points[30]).toMatchObject({ loss: null, smoothedLoss: null });
    expect(run.suggestions.minimum.index).toBeLessThan(30);
    expect(parseRun(JSON.parse(JSON.stringify(run)))).toEqual(run);
  });

  it('an AbortSignal stops before the next step: interrupted / aborted', async () => {
    const controller = new AbortController();
    const run = await rangeTest({
      trainStep: () => 1,
      numIter: 50,
      signal: controller.signal,
      onStep: ({ point }) => {
        if (point.step === 3) controller.abort();
      },
    });
    expect([run.status, run.stopReason, run.points.length]).toEqual(['interrupted', 'aborted', 4]);
  });

  it('a throwing trainStep gives failed / error with the message, never a rejection', async () => {
    const run = await rangeTest({
      trainStep: (_lr, step) => {
        if (step === 2) throw new Error('out of memory');
        return 1;
      },
      numIter: 10,
    });
    expect([run.status, run.stopReason, run.points.length]).toEqual(['failed', 'error', 2]);
    expect(run.error?.message).toBe('out of memory');
    expect(parseRun(run)).toEqual(run);
  });

  it('a trainStep that returns no number fails the test with a message saying what it returned', async () => {
    const run = await rangeTest({ trainStep: () => ({ dataSync: () => [1] }) as unknown as number, numIter: 5 });
    expect([run.status, run.stopReason, run.points.length]).toEqual(['failed', 'error', 0]);
    expect(run.error?.message).toMatch(/^trainStep must return the batch loss as a number; step 0 returned a Object/);
  });

  it('an exception in onStep fails the test too', async () => {
    const run = await rangeTest({ trainStep: () => 1, numIter: 5, onStep: () => { throw new Error('disk full'); } });
    expect([run.status, run.error?.message, run.points.length]).toEqual(['failed', 'disk full', 1]);
  });

  it('validates every k steps and records the validation loss', async () => {
    const run = await rangeTest({ trainStep: () => 1, numIter: 6, validate: { every: 2, loss: (step) => step } });
    expect(run.points.map((p) => p.valLoss)).toEqual([undefined, 1, undefined, 3, undefined, 5]);
    expect(run.config.validateEvery).toBe(2);
  });

  it('onStep gets each point and a running snapshot that is a valid record', async () => {
    const seen: number[] = [];
    await rangeTest({
      trainStep: () => 1,
      numIter: 5,
      id: 'live-1',
      onStep: (e) => {
        seen.push(e.point.step);
        if (e.point.step === 2) {
          const r = parseRun(e.record);
          expect([r.status, r.stopReason, r.points.length, r.id]).toEqual(['running', null, 3, 'live-1']);
        }
      },
    });
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps metadata and uses the injected clock', async () => {
    const run = await rangeTest({
      trainStep: () => 1, numIter: 4, id: 'sgd-bs32', label: 'SGD', batchSize: 32, seed: 7,
      sweep: { id: 's1', index: 0, count: 2 }, meta: { host: 'x' }, now: clock(),
      optimizer: { name: 'sgd', config: {} },
    });
    expect(run).toMatchObject({
      id: 'sgd-bs32', label: 'SGD', config: { batchSize: 32, seed: 7, numIter: 4 }, sweep: { id: 's1', index: 0, count: 2 },
      meta: { host: 'x' }, createdAt: '2026-01-01T00:00:00.010Z', optimizer: { name: 'sgd', config: {} },
    });
    // 4 steps, no onStep: started at +10 ms, ended at +20 ms
    expect(run.timing).toEqual({ totalMs: 10, msPerStep: 2.5 });
  });

  it.each([
    [{ startLr: 1, endLr: 0.1 }, 'endLr'],
    [{ startLr: -1 }, 'startLr'],
    [{ endLr: 0 }, 'endLr'],
    [{ numIter: 1 }, 'numIter'],
    [{ smoothing: 1 }, 'smoothing'],
    [{ divergeThreshold: 1 }, 'divergeThreshold'],
    [{ validate: { every: 0, loss: () => 1 } }, 'validate.every'],
    [{ id: '../x' }, 'id'],
    [{ trainStep: undefined }, 'trainStep'],
  ])('refuses %j naming %s', async (opts, option) => {
    const err = await rangeTest({ trainStep: () => 1, ...opts } as never).catch((e) => e);
    expect(err).toBeInstanceOf(RangeTestError);
    expect(err.option).toBe(option);
    expect(err.message).toMatch(new RegExp(`^${option.replace('.', '\\.')} must be .*; got `));
  });
});
