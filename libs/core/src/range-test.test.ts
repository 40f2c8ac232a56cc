import { divergenceLimit } from './divergence';
import { RangeTestError } from './errors';
import { rangeTest } from './range-test';
import { parseRun, serializeRun } from './run-file';
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
  it('a constant loss runs all steps: completed, smoothed loss exactly the loss, no suggestion (flat)', async () => {
    const run = await rangeTest({ trainStep: () => 2, numIter: 20, now: clock() });
    expect(run.status).toBe('completed');
    expect(run.stopReason).toBe('finished');
    expect(run.points).toHaveLength(20);
    run.points.forEach((p, i) => {
      expect(p.step).toBe(i);
      expect(p.smoothedLoss).toBe(2);
    });
    // the old EMA's rounding noise gave a valley at 4.1e-6 here
    for (const m of ['steepest', 'minimum', 'valley', 'slide', 'smaDelta'] as const) {
      expect(run.suggestions[m]).toEqual({ lr: null, index: null, reason: expect.stringMatching(/^the loss is flat/) });
    }
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

  describe('divergence on losses that are not positive', () => {
    const run = (losses: number[], divergeThreshold = 4) =>
      rangeTest({ trainStep: (_lr, step) => losses[Math.min(step, losses.length - 1)], numIter: losses.length, smoothing: 0, divergeThreshold });

    it('negative losses (cosine proximity) run on; the old rule stopped after 1 step', async () => {
      const losses = Array.from({ length: 30 }, (_, i) => -0.1 - 0.8 * (1 - Math.exp(-i / 5)));
      const r = await run(losses);
      expect([r.stopReason, r.points.length]).toEqual(['finished', 30]);
    });

    it('negative losses: diverged once the rise above the best passes (k - 1) x the scale', async () => {
      // first -1, best -3 at step 2: scale max(3, -1 - -3 = 2) = 3, limit -3 + 3 * 3 = 6; 5.9 continues, 6.5 stops
      const r = await run([-1, -2, -3, 0, 5.9, 6.5, -3]);
      expect(r.points.map((p) => p.loss)).toEqual([-1, -2, -3, 0, 5.9, 6.5]);
      expect([r.status, r.stopReason]).toEqual(['diverged', 'diverged']);
    });

    it('a curve crossing zero: fastai\'s k x best while the best is positive, then the scale rule', async () => {
      // best 0.5 after step 1: limit 2 (1.9 continues); best -1 after step 3: scale max(1, 3 - -1 = 4) = 4,
      // limit -1 + 3 * 4 = 11: 10 continues, 11.5 stops
      const r = await run([3, 0.5, 1.9, -1, 10, 11.5, 0]);
      expect(r.points.map((p) => p.loss)).toEqual([3, 0.5, 1.9, -1, 10, 11.5]);
      expect(r.stopReason).toBe('diverged');
    });

    it('a zero curve, and a loss of 0 then 1e-9, do not diverge (no scale to measure a rise against)', async () => {
      expect((await run(new Array(10).fill(0))).stopReason).toBe('finished');
      expect((await run([0, 1e-9, 1e-9, 0, 1e-9])).stopReason).toBe('finished');
      // ...but a curve that fell to 0 from 2 has a scale: 0 + 3 * 2 = 6
      const r = await run([2, 0, 5, 6.5, 0]);
      expect([r.stopReason, r.points.length]).toEqual(['diverged', 4]);
    });

    it('divergenceLimit is k x best for a positive best (the rule of today, unchanged)', () => {
      expect(divergenceLimit(0.5, 3, 4)).toBe(2);
      expect(divergenceLimit(1e-12, 1, 4)).toBe(4e-12);
      expect(divergenceLimit(-1, 2, 4)).toBe(8);
      expect(divergenceLimit(0, 0, 4)).toBe(Infinity);
      expect(divergenceLimit(-2, -2, 3)).toBe(2); // -2 + 2 * max(2, 0)
    });
  });

  it('a minimum below startLr is flagged in the record', async () => {
    // lowest loss at step 12 of a test over decades 1e-4..1: lr 10^-4 * 10^(12/25) = 3.0e-4, a tenth of it is below 1e-4
    const losses = Array.from({ length: 100 }, (_, i) => (i <= 12 ? 5 - i * 0.3 : 1.4 + (i - 12) * 0.01));
    const run = await rangeTest({ trainStep: (_lr, step) => losses[step], startLr: 1e-4, endLr: 1, numIter: 100, smoothing: 0, suggest: { skipStart: 0 } });
    expect(run.suggestions.minimum).toEqual({ lr: run.points[12].lr / 10, index: 12, belowStartLr: true });
    expect(parseRun(JSON.parse(serializeRun(run)))).toEqual(run);
    const later = await rangeTest({ trainStep: (_lr, step) => 100 - step, startLr: 1e-4, endLr: 1, numIter: 100 });
    expect(later.suggestions.minimum).not.toHaveProperty('belowStartLr');
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

  it.each<[Record<string, unknown>, string]>([
    [{ startLr: 1, endLr: 0.1 }, 'endLr'],
    [{ startLr: -1 }, 'startLr'],
    [{ endLr: 0 }, 'endLr'],
    [{ numIter: 1 }, 'numIter'],
    [{ smoothing: 1 }, 'smoothing'],
    [{ divergeThreshold: 1 }, 'divergeThreshold'],
    [{ validate: { every: 0, loss: () => 1 } }, 'validate.every'],
    [{ id: '../x' }, 'id'],
    [{ trainStep: undefined }, 'trainStep'],
    [{ numIters: 50 }, 'numIters'],
    [{ suggest: { skipStart: 2.5 } }, 'suggest.skipStart'],
    [{ suggest: { skipStart: -1 } }, 'suggest.skipStart'],
    [{ suggest: { slide: { lrDiff: -1 } } }, 'suggest.slide.lrDiff'],
    [{ meta: { n: 10n } }, 'meta.n'],
    [{ validate: { every: 1, loss: () => 1, evry: 2 } }, 'validate.evry'],
  ])('refuses %j naming %s', async (opts, option) => {
    const err = await rangeTest({ trainStep: () => 1, ...opts } as never).catch((e) => e);
    expect(err).toBeInstanceOf(RangeTestError);
    expect(err.option).toBe(option);
    expect(err.message).toMatch(new RegExp(`^${option.replace(/\./g, '\\.')} must be .*; got `));
  });

  it.each([
    ['numIters', 'numIter'],
    ['start_lr', 'startLr'],
    ['endlr', 'endLr'],
    ['diverge_threshold', 'divergeThreshold'],
    ['smooth', 'smoothing'],
  ])('an unknown option %s is refused with "did you mean %s"', async (key, near) => {
    const err = await rangeTest({ trainStep: () => 1, [key]: 1 } as never).catch((e) => e);
    expect(err).toBeInstanceOf(RangeTestError);
    expect(err.option).toBe(key);
    expect(err.message).toContain(`(did you mean ${near}?)`);
  });

  it('a positional call is refused, showing the options form; so is a cyclic meta (serializeRun would throw later)', async () => {
    const positional = (await (rangeTest as (...a: unknown[]) => Promise<unknown>)(() => 1, 1e-4, 1, 50).catch((e) => e)) as RangeTestError;
    expect(positional).toBeInstanceOf(RangeTestError);
    expect(positional.message).toContain('one options object, e.g. rangeTest({ trainStep: (lr, step) => loss, startLr: 1e-7, endLr: 10, numIter: 100 })');
    const extra = await (rangeTest as (...a: unknown[]) => Promise<unknown>)({ trainStep: () => 1 }, { numIter: 5 }).catch((e) => e);
    expect(extra).toBeInstanceOf(RangeTestError);
    const meta: Record<string, unknown> = {};
    meta.self = meta;
    const cyclic = await rangeTest({ trainStep: () => 1, meta }).catch((e) => e);
    expect([cyclic.option, cyclic.message]).toEqual(['meta.self', expect.stringContaining('a cycle')]);
  });
});
