import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { leastSquares, leastSquaresFinder } from '../test-helpers/least-squares';
import { findRepeats } from './finder-repeats';
import { parseGroup, serializeGroup } from './group-file';
import { repeatSeeds } from './repeats';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('findRepeats (LRFinder, least squares, plain SGD with batches of 16)', () => {
  it('K finds with derived shuffle seeds; stable valley below 2 / lambda_max; weights restored; no tensors left', async () => {
    const p = leastSquares();
    const limit = 2 / p.lambdaMax;
    const { model, x, y, finder } = leastSquaresFinder(p);
    const before = tf.memory().numTensors;
    const seen: [number, number][] = [];
    const { runs, aggregate, group } = await findRepeats(finder, x, y, {
      repeats: 5, seed: 3, id: 'ls', startLr: 1e-4, endLr: 10, numIter: 100, batchSize: 16, now: () => Date.UTC(2026, 0, 1),
      beforeRepeat: (s, i) => void seen.push([s, i]),
    });
    expect(seen).toEqual(repeatSeeds(3, 5).map((s, i) => [s, i]));
    expect(runs.map((r) => [r.id, r.config.seed])).toEqual(repeatSeeds(3, 5).map((s, i) => [`ls-r${i}`, s]));
    expect(new Set(runs.map((r) => r.points[1].loss)).size).toBe(5); // other batches, other losses
    expect(aggregate.stable.lr!).toBeLessThan(limit);
    expect(aggregate.stable.interval!.high).toBeLessThan(limit);
    expect(parseGroup(serializeGroup(group))).toEqual(group);
    expect(Array.from(model.getWeights()[0].dataSync())).toEqual(new Array(p.d).fill(0));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    model.dispose();
  });
});
