import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { parseRun } from '../run-file';
import { classification, weightBytes } from '../test-helpers/models';
import type { Batch } from './data';
import { LRFinder } from './lr-finder';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function denseModel(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 6, activation: 'tanh', inputShape: [4], kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }) }),
      tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 5 }) }),
    ],
  });
}

const losses = (run: { points: { loss: number | null }[] }) => run.points.map((p) => p.loss as number);

describe('gradient accumulation', () => {
  it('2 batches of 32 per step equal 1 batch of 64 (same data order, no shuffle)', async () => {
    const { x, y } = classification(128);
    const model = denseModel();
    const finder = new LRFinder(model, { optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const common = { numIter: 8, startLr: 1e-3, endLr: 0.3, shuffle: false } as const;
    const big = await finder.find(x, y, { ...common, batchSize: 64 });
    const accumulated = await finder.find(x, y, { ...common, batchSize: 32, accumulationSteps: 2 });
    expect(accumulated.config.accumulationSteps).toBe(2);
    expect(big.config.accumulationSteps).toBeUndefined();
    losses(accumulated).forEach((l, i) => expect(l).toBeCloseTo(losses(big)[i], 5));
    // and the trajectory really moved (a broken accumulation that skipped updates would stay flat)
    expect(Math.abs(losses(big)[7] - losses(big)[0])).toBeGreaterThan(1e-3);
    // 1 batch of 32 per step follows another trajectory
    const small = await finder.find(x, y, { ...common, batchSize: 32 });
    expect(losses(small)[1]).not.toBeCloseTo(losses(big)[1], 5);
  });
});

describe('multi-input models', () => {
  function twoInputs(): tfl.LayersModel {
    const a = tfl.input({ shape: [2], name: 'a' });
    const b = tfl.input({ shape: [2], name: 'b' });
    const merged = tfl.layers.concatenate().apply([a, b]) as tfl.SymbolicTensor;
    const out = tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 6 }) }).apply(merged) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: [a, b], outputs: out });
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    return model;
  }

  it('takes inputs as an array or by name, with the same result', async () => {
    const { x, y } = classification(64);
    const [xa, xb] = tf.split(x, 2, 1);
    const model = twoInputs();
    const finder = new LRFinder(model);
    const opts = { numIter: 10, batchSize: 16, startLr: 1e-2, endLr: 10, seed: 3 };
    const byArray = await finder.find([xa, xb], y, opts);
    const byName = await finder.find({ a: xa, b: xb }, y, opts);
    expect(byArray.status).toBe('completed');
    expect(losses(byName)).toEqual(losses(byArray));
    expect(byArray.optimizer?.name).toBe('sgd'); // the compiled optimizer's class, fresh
    const missing = await finder.find({ a: xa } as never, y).catch((e) => e);
    expect(missing.option).toBe('x.b');
  });
});

describe('compare', () => {
  it('each test starts from the same initial weights with a fresh optimizer', async () => {
    const { x, y } = classification(64);
    const model = denseModel();
    const before = weightBytes(model);
    const finder = new LRFinder(model, { loss: 'categoricalCrossentropy' });
    const runs = await finder.compare(
      [
        { label: 'SGD', optimizer: 'sgd' },
        { label: 'Adam', optimizer: 'adam' },
        { label: 'Adam again', optimizer: 'adam' },
      ],
      { x, y },
      { numIter: 10, batchSize: 16, shuffle: false, startLr: 1e-3, endLr: 1, id: 'cmp' },
    );
    expect(runs.map((r) => [r.id, r.label, r.optimizer?.name])).toEqual([['cmp-0', 'SGD', 'sgd'], ['cmp-1', 'Adam', 'adam'], ['cmp-2', 'Adam again', 'adam']]);
    // same weights, same first batch: same first loss
    expect(losses(runs[1])[0]).toBe(losses(runs[0])[0]);
    // fresh optimizer: a second Adam test repeats the first exactly
    expect(losses(runs[2])).toEqual(losses(runs[1]));
    // different optimizers do differ
    expect(losses(runs[1])[5]).not.toBe(losses(runs[0])[5]);
    weightBytes(model).forEach((b, i) => expect(Buffer.from(b).equals(Buffer.from(before[i]))).toBe(true));
    runs.forEach((r) => parseRun(r));
  });
});

describe('findBatches', () => {
  const { x, y } = classification(64);
  const batches: Batch[] = [0, 16, 32, 48].map((s) => ({ xs: tf.slice(x, s, 16), ys: tf.slice(y, s, 16) }));

  it('an array is read again and again; its tensors are left to the caller', async () => {
    const finder = new LRFinder(denseModel(), { loss: 'categoricalCrossentropy' });
    const run = await finder.findBatches(batches, { numIter: 10 });
    expect([run.status, run.points.length]).toEqual(['completed', 10]);
    expect(batches.every((b) => !(b.xs as tf.Tensor).isDisposed)).toBe(true);
  });

  it('same losses from an array, an async generator factory and a tf.data-like dataset (whose batches it disposes)', async () => {
    const opts = { numIter: 6, optimizer: 'sgd' as const };
    const model = denseModel();
    const finder = new LRFinder(model, { loss: 'categoricalCrossentropy' });
    const fromArray = await finder.findBatches(batches, opts);
    const fromGenerator = await finder.findBatches(async function* () {
      yield* batches;
    }, opts);
    const made: tf.Tensor[] = [];
    const dataset = {
      async iterator() {
        let i = 0;
        return {
          async next() {
            if (i >= batches.length) return { done: true as const, value: undefined };
            const b = batches[i++];
            const copy = { xs: tf.clone(b.xs as tf.Tensor), ys: tf.clone(b.ys as tf.Tensor) };
            made.push(copy.xs, copy.ys);
            return { done: false as const, value: copy };
          },
        };
      },
    };
    const before = tf.memory().numTensors;
    const fromDataset = await finder.findBatches(dataset, opts);
    expect(tf.memory().numTensors).toBe(before);
    expect(made.every((t) => t.isDisposed)).toBe(true);
    expect(losses(fromGenerator)).toEqual(losses(fromArray));
    expect(losses(fromDataset)).toEqual(losses(fromArray));
  });

  it('a one-shot source that runs out fails the test with a clear message', async () => {
    async function* once() {
      yield* batches;
    }
    const run = await new LRFinder(denseModel(), { loss: 'categoricalCrossentropy' }).findBatches(once(), { numIter: 10 });
    expect([run.status, run.stopReason, run.points.length]).toEqual(['failed', 'error', 4]);
    expect(run.error?.message).toMatch(/ended after 4 batch\(es\)/);
  });
});

describe('find options', () => {
  it('epochs sets numIter to epochs * ceil(samples / batchSize); validation data gives valLoss', async () => {
    const { x, y } = classification(50);
    const val = classification(20, 9);
    const model = denseModel();
    model.compile({ optimizer: tf.train.rmsprop(0.01), loss: 'categoricalCrossentropy' });
    const run = await new LRFinder(model).find(x, y, { epochs: 3, batchSize: 16, startLr: 1e-4, endLr: 1e-2, validationData: [val.x, val.y], validateEvery: 4 });
    expect(run.config.numIter).toBe(12);
    expect(run.optimizer?.name).toBe('rmsprop'); // the compiled optimizer's class
    expect(run.points.filter((p) => p.valLoss !== undefined).map((p) => p.step)).toEqual([3, 7, 11]);
    // validation loss of the untrained-ish model on 3 classes: near ln 3
    expect(run.points[3].valLoss!).toBeGreaterThan(0.5);
    expect(run.points[3].valLoss!).toBeLessThan(2.5);
  });
});
