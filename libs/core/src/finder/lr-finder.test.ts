import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { LRFinderError, RangeTestError } from '../errors';
import { parseRun } from '../run-file';
import { leastSquares, leastSquaresFinder } from '../test-helpers/least-squares';
import { bnDropoutModel, classification } from '../test-helpers/models';
import { LRFinder } from './lr-finder';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('LRFinder on least squares with noise (one Dense layer, plain SGD)', () => {
  it('stops as diverged above 2 / lambda_max and within 4x; steepest and valley below it', async () => {
    const p = leastSquares();
    const limit = 2 / p.lambdaMax;
    const { model, x, y, finder } = leastSquaresFinder(p);
    const run = await finder.find(x, y, { startLr: 1e-4, endLr: 10, numIter: 100, batchSize: 64, seed: 7 });
    expect(parseRun(run)).toEqual(run);
    expect([run.status, run.stopReason]).toEqual(['diverged', 'diverged']);
    const last = run.points[run.points.length - 1].lr;
    expect(last).toBeGreaterThan(limit);
    expect(last).toBeLessThan(4 * limit);
    expect(run.suggestions.steepest.lr!).toBeLessThan(limit);
    expect(run.suggestions.valley.lr!).toBeLessThan(limit);
    // the first batch loss is the loss of w = 0 on that batch: about mean(y^2)
    const meanY2 = p.y.reduce((a, v) => a + v * v, 0) / p.n;
    expect(run.points[0].loss!).toBeGreaterThan(meanY2 / 3);
    expect(run.points[0].loss!).toBeLessThan(meanY2 * 3);
    expect(finder.lrs).toEqual(run.points.map((pt) => pt.lr));
    expect(finder.losses).toHaveLength(run.points.length);
    expect(finder.lossDeltas(5).slice(0, 6)).toEqual([null, null, null, null, null, expect.any(Number)]);
    expect(run.config.batchSize).toBe(64);
    expect(run.model).toMatchObject({ parameterCount: p.d, layers: [{ className: 'Dense', outputShape: [[null, 1]], parameterCount: p.d }] });
    expect(run.optimizer).toEqual({ name: 'sgd', config: {} });
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('LRFinder bad input: errors name the option and value', () => {
  const model = bnDropoutModel();
  const { x, y } = classification(40);
  const finder = new LRFinder(model);

  it.each([
    [{ startLr: 1, endLr: 0.5 }, 'endLr', 0.5],
    [{ startLr: 0 }, 'startLr', 0],
    [{ endLr: -1 }, 'endLr', -1],
    [{ numIter: 1 }, 'numIter', 1],
    [{ batchSize: 41 }, 'batchSize', 41],
    [{ batchSize: 0 }, 'batchSize', 0],
    [{ epochs: 1, numIter: 10 }, 'epochs', 1],
    [{ accumulationSteps: 0 }, 'accumulationSteps', 0],
  ])('%j -> %s', async (opts, option, value) => {
    const err = await finder.find(x, y, opts).catch((e) => e);
    expect(err).toBeInstanceOf(RangeTestError);
    expect([err.option, err.value]).toEqual([option, value]);
    expect(err.message).toContain(`${option} must be`);
  });

  it('mismatched x / y lengths', async () => {
    const y2 = tf.slice(y, 0, 30);
    const err = await finder.find(x, y2).catch((e) => e);
    expect(err).toBeInstanceOf(LRFinderError);
    expect([err.option, err.value]).toEqual(['y', '30 samples']);
    expect(err.message).toBe('y must be 40 samples like x; got "30 samples"');
    y2.dispose();
  });

  it('a model that is not compiled, without a loss', async () => {
    const err = await new LRFinder(bnDropoutModel(false)).find(x, y).catch((e) => e);
    expect(err).toBeInstanceOf(LRFinderError);
    expect(err.option).toBe('loss');
    expect(err.message).toMatch(/not compiled/);
  });

  it('an unknown loss name and a wrong number of inputs', async () => {
    expect((await new LRFinder(model, { loss: 'hinge2' }).find(x, y).catch((e) => e)).option).toBe('loss');
    expect((await finder.find([x, x], y).catch((e) => e)).option).toBe('x');
  });
});
