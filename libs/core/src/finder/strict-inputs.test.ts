import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { LRFinderError } from '../errors';
import { classification, weightBytes } from '../test-helpers/models';
import { LRFinder } from './lr-finder';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const { x, y } = classification(96);
const labels = tf.argMax(y, 1); // class indices [96]

function model(units = 3, activation: 'softmax' | 'linear' = 'softmax'): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 5, activation: 'tanh', inputShape: [4], kernelInitializer: tfl.initializers.glorotUniform({ seed: 7 }) }),
      tfl.layers.dense({ units, activation, kernelInitializer: tfl.initializers.glorotUniform({ seed: 8 }) }),
    ],
  });
}

async function rejection(p: Promise<unknown>): Promise<LRFinderError> {
  const e = await p.then(() => null, (err) => err);
  expect(e).toBeInstanceOf(LRFinderError);
  return e as LRFinderError;
}

describe('targets and inputs are checked against the model before step 0, as model.fit does', () => {
  it('y of shape [n,3] for an output [*,1] is refused, naming y, the expected and the found shape', async () => {
    const err = await rejection(new LRFinder(model(1, 'linear'), { loss: 'meanSquaredError', optimizer: 'sgd' }).find(x, y, { numIter: 5 }));
    expect(err.option).toBe('y');
    expect(err.message).toMatch(/^y must be a tensor of shape \[\*,1\] for the model output "dense_Dense\d+" \(as model.fit requires\); got shape \[96,3\]$/);
  });

  it('class indices with categoricalCrossentropy are refused (model.fit refuses them too)', async () => {
    const m = model();
    m.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    await expect(m.fit(x, labels, { epochs: 1, verbose: 0 })).rejects.toThrow(); // the reference behaviour
    const err = await rejection(new LRFinder(m).find(x, labels, { numIter: 5 }));
    expect(err.message).toContain('got shape [96]');
    expect(err.message).toContain('class indices need sparseCategoricalCrossentropy');
  });

  it('class indices with sparseCategoricalCrossentropy are accepted, [n] or [n,1]', async () => {
    const finder = new LRFinder(model(), { loss: 'sparseCategoricalCrossentropy', optimizer: 'adam' });
    const a = await finder.find(x, labels, { numIter: 4, shuffle: false });
    const b = await finder.find(x, tf.reshape(labels, [96, 1]), { numIter: 4, shuffle: false });
    expect(a.status).toBe('completed');
    expect(b.points).toEqual(a.points.map((p) => ({ ...p })));
  });

  it('a [n] target for a [*,1] output trains like [n,1] (fit expands it; broadcasting would give [n,n])', async () => {
    const m = model(1, 'linear');
    const t = tf.sum(x, 1);
    const finder = new LRFinder(m, { loss: 'meanSquaredError', optimizer: 'sgd' });
    const flat = await finder.find(x, t, { numIter: 3, shuffle: false, batchSize: 96, startLr: 1e-3, endLr: 1e-2 });
    const col = await finder.find(x, tf.reshape(t, [96, 1]), { numIter: 3, shuffle: false, batchSize: 96, startLr: 1e-3, endLr: 1e-2 });
    expect(flat.points.map((p) => p.loss)).toEqual(col.points.map((p) => p.loss));
    // the first loss is the plain mean of (y - f(x))^2 over 96 samples
    const pred = m.predict(x) as tf.Tensor;
    const want = tf.mean(tf.square(tf.sub(tf.reshape(t, [96, 1]), pred))).dataSync()[0];
    expect(col.points[0].loss).toBeCloseTo(want, 5);
  });

  it('an input of the wrong width and bad validation targets are refused', async () => {
    const finder = new LRFinder(model(), { loss: 'categoricalCrossentropy' });
    const wide = tf.ones([96, 5]);
    const err = await rejection(finder.find(wide, y, { numIter: 5 }));
    expect(err.message).toMatch(/^x must be a tensor of shape \[\*,4\] for the model input "\w+" \(as model.fit requires\); got shape \[96,5\]$/);
    const v = await rejection(finder.find(x, y, { numIter: 5, validationData: [x, labels] }));
    expect(v.option).toBe('validationData[1]');
  });

  it('findBatches: a bad first batch rejects; a bad later batch gives a failed record with the partial curve', async () => {
    const finder = new LRFinder(model(), { loss: 'categoricalCrossentropy', optimizer: 'sgd' });
    const good = { xs: x, ys: y };
    const bad = { xs: x, ys: labels };
    const first = await rejection(finder.findBatches([bad, good], { numIter: 5 }));
    expect(first.option).toBe('ys');
    const later = await finder.findBatches([good, good, good, bad], { numIter: 6 });
    expect([later.status, later.stopReason, later.points.length]).toEqual(['failed', 'error', 3]);
    expect(later.error?.message).toContain('ys must be a tensor of shape [*,3]');
  });

  it('any other failure of step 0 (the model or the loss throws) rejects, and the weights are restored', async () => {
    const m = model();
    const before = weightBytes(m);
    const loss = () => {
      throw new Error('bad loss');
    };
    const err = await rejection(new LRFinder(m, { loss, optimizer: 'sgd' }).find(x, y, { numIter: 5 }));
    expect(err.message).toBe('the first training step failed, so the model cannot train on this data: bad loss');
    expect((err as Error & { cause?: Error }).cause?.message).toBe('bad loss');
    weightBytes(m).forEach((b, i) => expect(Buffer.from(b).equals(Buffer.from(before[i]))).toBe(true));
  });
});

describe('strict options', () => {
  const finder = () => new LRFinder(model(), { loss: 'categoricalCrossentropy' });

  it('a Keras-style positional call is refused, showing the options form of that call', async () => {
    const call = finder().find as unknown as (...a: unknown[]) => Promise<unknown>;
    const err = await rejection(call.call(finder(), x, y, 1e-4, 1, 32, 5));
    expect(err.option).toBe('options');
    expect(err.message).toContain('one options object, e.g. find(x, y, { startLr: 0.0001, endLr: 1, batchSize: 32, epochs: 5 })');
  });

  it('unknown keys are refused with the closest option', async () => {
    const err = await rejection(finder().find(x, y, { numIters: 5 } as never));
    expect([err.option, err.message]).toEqual(['numIters', expect.stringContaining('(did you mean numIter?)')]);
    const b = await rejection(finder().findBatches([{ xs: x, ys: y }], { numIter: 3, disposeBatch: true } as never));
    expect(b.message).toContain('(did you mean disposeBatches?)');
    const c = await rejection(finder().compare([{ label: 'a', optimizer: 'sgd', start_lr: 1 } as never], { x, y }, { numIter: 3 }));
    expect([c.option, c.message]).toEqual(['tests[0].start_lr', expect.stringContaining('(did you mean tests[0].startLr?)')]);
    expect(() => new LRFinder(model(), { optimiser: 'adam' } as never)).toThrow(/optimiser must be a known option \(did you mean optimizer\?\)/);
  });
});

describe('restore is bit-exact for constrained layers', () => {
  it('weights that did not satisfy their constraint come back unchanged (write() would apply maxNorm / nonNeg)', async () => {
    const m = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 3, inputShape: [4], kernelInitializer: 'ones', kernelConstraint: tfl.constraints.maxNorm({ maxValue: 0.5 }) }),
        tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.randomNormal({ seed: 3 }), kernelConstraint: tfl.constraints.nonNeg() }),
      ],
    });
    const before = weightBytes(m);
    expect(Array.from(m.weights[0].read().dataSync().slice(0, 3))).toEqual([1, 1, 1]);
    const run = await new LRFinder(m, { loss: 'categoricalCrossentropy', optimizer: 'adam' }).find(x, y, { numIter: 6, startLr: 1e-3, endLr: 1e-1 });
    expect(run.status).toBe('completed');
    weightBytes(m).forEach((b, i) => expect(Buffer.from(b).equals(Buffer.from(before[i]))).toBe(true));
    expect(Array.from(m.weights[0].read().dataSync().slice(0, 3))).toEqual([1, 1, 1]); // not 0.2887
  });
});

describe('a model compiled with a subclass of a TF.js optimizer', () => {
  class DoubleSgd extends tf.SGDOptimizer {
    override applyGradients(g: Parameters<tf.Optimizer['applyGradients']>[0]) {
      const doubled: tf.NamedTensorMap = {};
      for (const [k, v] of Object.entries(g as tf.NamedTensorMap)) doubled[k] = tf.mul(v, 2);
      super.applyGradients(doubled as Parameters<tf.Optimizer['applyGradients']>[0]);
      tf.dispose(Object.values(doubled));
    }
  }
  class HalfAdam extends tf.AdamOptimizer {
    override applyGradients(g: Parameters<tf.AdamOptimizer['applyGradients']>[0]) {
      const half: tf.NamedTensorMap = {};
      for (const [k, v] of Object.entries(g as tf.NamedTensorMap)) half[k] = tf.mul(v, 0.5);
      super.applyGradients(half as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
      tf.dispose(Object.values(half));
    }
  }

  it.each([
    ['DoubleSgd', () => new DoubleSgd(0.1), (lr: number) => new DoubleSgd(lr), 'sgd'],
    ['HalfAdam', () => new HalfAdam(0.1, 0.9, 0.999), (lr: number) => new HalfAdam(lr, 0.9, 0.999), 'adam'],
  ] as const)('%s: the test trains with the subclass\'s update rule, not the stock class\'s', async (_name, compiled, factory, stock) => {
    const m = model();
    m.compile({ optimizer: compiled(), loss: 'categoricalCrossentropy' });
    const opts = { numIter: 8, startLr: 1e-2, endLr: 1, shuffle: false } as const;
    const viaCompiled = await new LRFinder(m).find(x, y, opts);
    const viaFactory = await new LRFinder(m, { optimizer: factory }).find(x, y, opts);
    const viaStock = await new LRFinder(m, { optimizer: stock }).find(x, y, opts);
    expect(viaCompiled.points.map((p) => p.loss)).toEqual(viaFactory.points.map((p) => p.loss));
    expect(viaCompiled.points.map((p) => p.loss)).not.toEqual(viaStock.points.map((p) => p.loss));
  });
});
