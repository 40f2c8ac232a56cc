import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { bnDropoutModel, classification, weightBytes } from '../test-helpers/models';
import { LRFinder } from './lr-finder';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Everything of the compiled optimizer we can observe: identity, iterations, state bytes. */
async function optimizerState(model: tfl.LayersModel) {
  const opt = model.optimizer;
  const weights = await opt.getWeights();
  const state = weights.map((w) => ({ name: w.name, bytes: Array.from(new Uint8Array(w.tensor.dataSync().buffer.slice(0))) }));
  tf.dispose(weights.filter((w) => !(w.tensor instanceof tf.Variable)).map((w) => w.tensor));
  return { opt, iterations: opt.iterations, state };
}

describe('LRFinder restores the model after any test', () => {
  const { x, y } = classification(96);
  let model: tfl.LayersModel;
  let before: Uint8Array[];
  let compiled: Awaited<ReturnType<typeof optimizerState>>;

  beforeAll(async () => {
    model = bnDropoutModel();
    // Give the compiled optimizer some state to check.
    await model.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 });
    before = weightBytes(model);
    compiled = await optimizerState(model);
    expect(compiled.iterations).toBe(3);
    expect(compiled.state.length).toBeGreaterThan(1);
  });

  afterEach(async () => {
    // bit for bit, BatchNorm moving mean / variance included
    const after = weightBytes(model);
    expect(after).toHaveLength(before.length);
    after.forEach((bytes, i) => expect(Buffer.from(bytes).equals(Buffer.from(before[i]))).toBe(true));
    const now = await optimizerState(model);
    expect(now.opt).toBe(compiled.opt);
    expect(now.iterations).toBe(compiled.iterations);
    expect(now.state).toEqual(compiled.state);
  });

  /** onStep that checks the weights (trainable and BatchNorm statistics) really move during the test. */
  function expectTraining() {
    const changed = new Set<string>();
    const onStep = () => {
      weightBytes(model).forEach((bytes, i) => {
        if (!Buffer.from(bytes).equals(Buffer.from(before[i]))) changed.add(model.weights[i].name);
      });
    };
    return { onStep, changed };
  }

  it('after a finished test', async () => {
    const watch = expectTraining();
    const run = await new LRFinder(model, { optimizer: 'adam' }).find(x, y, { numIter: 12, startLr: 1e-3, endLr: 1e-1, batchSize: 32, onStep: watch.onStep });
    expect(run.stopReason).toBe('finished');
    expect(watch.changed.size).toBe(model.weights.length); // every weight moved, moving statistics too
    expect([...watch.changed].some((n) => /moving_mean/.test(n))).toBe(true);
  });

  it('after an abort (AbortSignal)', async () => {
    const controller = new AbortController();
    const watch = expectTraining();
    const run = await new LRFinder(model).find(x, y, {
      numIter: 50, batchSize: 16, startLr: 1e-3, endLr: 1,
      signal: controller.signal,
      onStep: (e) => {
        watch.onStep();
        if (e.point.step === 4) controller.abort();
      },
    });
    expect([run.status, run.stopReason, run.points.length]).toEqual(['interrupted', 'aborted', 5]);
    expect(watch.changed.size).toBeGreaterThan(0);
  });

  it('after divergence', async () => {
    const run = await new LRFinder(model, { optimizer: 'sgd' }).find(x, y, { startLr: 1, endLr: 1e6, numIter: 60, batchSize: 32 });
    expect(run.status).toBe('diverged');
    expect(run.points.length).toBeLessThan(60);
  });

  it('after a training step that throws', async () => {
    let calls = 0;
    const loss = (yt: tf.Tensor, yp: tf.Tensor) => {
      if (++calls === 4) throw new Error('loss exploded');
      return tfl.metrics.categoricalCrossentropy(yt, yp);
    };
    const run = await new LRFinder(model, { loss, optimizer: 'rmsprop' }).find(x, y, { numIter: 10, batchSize: 32 });
    expect([run.status, run.stopReason, run.error?.message]).toEqual(['failed', 'error', 'loss exploded']);
    expect(run.points).toHaveLength(3);
  });

  it('the finder does not leak tensors: same count before and after a 50-step find, flat per step', async () => {
    const finder = new LRFinder(model, { optimizer: 'adam' });
    await finder.find(x, y, { numIter: 3, batchSize: 32 }); // warm-up (kernels, lazy layer state)
    const start = tf.memory().numTensors;
    const perStep: number[] = [];
    const run = await finder.find(x, y, {
      numIter: 50, batchSize: 32, startLr: 1e-5, endLr: 1e-2,
      onStep: () => {
        perStep.push(tf.memory().numTensors);
      },
    });
    expect(run.points).toHaveLength(50);
    expect(tf.memory().numTensors).toBe(start);
    // Adam creates its moments at the first step; from then on nothing grows.
    expect(new Set(perStep.slice(1)).size).toBe(1);
  });
});
