// LRFinder: the Keras LR-finder API (keras_lr_finder, the reference tutorial) for a
// tf.LayersModel. Each test trains on a fresh optimizer and restores every weight afterwards.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { LRFinderError } from '../errors';
import { describeModel } from '../model-info';
import { createOptimizer, optimizerSpecOf, type OptimizerSpec } from '../optimizers';
import { rangeTest } from '../range-test';
import { resolveSettings, type RangeTestSettings } from '../range-test-options';
import type { RunRecord } from '../run-record';
import { lossDeltas } from '../smoothing';
import { batchStream, type BatchesInput } from './batch-stream';
import { inputList, sampleCount, targetList, tensorBatches, type Batch, type Inputs, type Targets } from './data';
import { resolveLosses, totalLoss, type LossSpec } from './loss';
import { modelTrainStep } from './train-step';
import { snapshotWeights } from './weights';

export interface LRFinderOptions {
  /** Optimizer of every test (a test may override it). @default a fresh copy of the model's compiled optimizer class and settings, else 'sgd' */
  optimizer?: OptimizerSpec;
  /** Loss: a name, a function (yTrue, yPred) => tensor, or one per output. @default the model's compiled loss */
  loss?: LossSpec;
}

/** Options of every test; all of rangeTest's options are forwarded (onStep, signal, id, label...). */
export interface TestOptions extends Omit<RangeTestSettings, 'optimizer'> {
  /** This test's optimizer. @default the finder's */
  optimizer?: OptimizerSpec;
  /** Batches whose gradients are averaged into each step (gradient accumulation). @default 1 */
  accumulationSteps?: number;
}

export interface FindOptions extends TestOptions {
  /** Samples per batch. @default 32 */
  batchSize?: number;
  /** Passes over the data; sets numIter to epochs * ceil(samples / batchSize) / accumulationSteps. Give epochs or numIter. @default undefined (numIter's 100) */
  epochs?: number;
  /** Shuffle the samples each epoch. @default true */
  shuffle?: boolean;
  /** Seed of the shuffle, recorded as `config.seed`. @default 0 */
  seed?: number;
  /** Validation data; its loss (inference mode) is recorded every `validateEvery` steps. @default undefined */
  validationData?: [Inputs, Targets];
  /** @default 1 */
  validateEvery?: number;
}

export interface FindBatchesOptions extends TestOptions {
  /** Dispose each batch after its step. @default true for a tf.data.Dataset, false otherwise */
  disposeBatches?: boolean;
}

/** One test of a comparison: its label and optimizer plus any option to override. */
export type CompareTest = FindOptions & { label: string; optimizer: OptimizerSpec };
export type CompareData = { x: Inputs; y: Targets } | { batches: BatchesInput };

function checkInt(option: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new LRFinderError(option, value, `an integer >= ${min}`);
}

/**
 * The Learning Rate Range Test on a tf.LayersModel.
 * @example
 * const finder = new LRFinder(model, { optimizer: 'adam' });
 * const run = await finder.find(x, y, { startLr: 1e-4, endLr: 1, batchSize: 250, epochs: 5 });
 * finder.lrs; finder.losses; finder.lossDeltas(20);
 */
export class LRFinder {
  private lastLrs: number[] = [];
  private lastLosses: number[] = [];
  private lastRecord: RunRecord | null = null;

  constructor(
    readonly model: tfl.LayersModel,
    private readonly options: LRFinderOptions = {},
  ) {
    if (!model || typeof (model as Partial<tfl.LayersModel>).apply !== 'function' || !Array.isArray(model.weights)) {
      throw new LRFinderError('model', model, 'a tf.LayersModel');
    }
  }

  /** Learning rate of each step of the last test. */
  get lrs(): number[] {
    return this.lastLrs.slice();
  }
  /** Raw batch loss of each step of the last test (NaN/Infinity kept as they came). */
  get losses(): number[] {
    return this.lastLosses.slice();
  }
  /** The run record of the last test, or null before the first. */
  get record(): RunRecord | null {
    return this.lastRecord;
  }
  /** The reference tutorial's loss change `(loss[i] - loss[i - sma]) / sma` of the last test. */
  lossDeltas(sma: number): (number | null)[] {
    return lossDeltas(this.lastLosses, sma);
  }

  /** A test over whole tensors, cut into (shuffled) batches. */
  async find(x: Inputs, y: Targets, options: FindOptions = {}): Promise<RunRecord> {
    const xs = inputList(this.model, x, 'x');
    const ys = targetList(this.model, y, 'y');
    const n = sampleCount(xs, ys);
    const batchSize = options.batchSize ?? 32;
    checkInt('batchSize', batchSize, 1);
    if (batchSize > n) throw new LRFinderError('batchSize', batchSize, `at most the number of samples (${n})`);
    const k = options.accumulationSteps ?? 1;
    checkInt('accumulationSteps', k, 1);
    let numIter = options.numIter;
    if (options.epochs !== undefined) {
      if (options.numIter !== undefined) throw new LRFinderError('epochs', options.epochs, 'left out when numIter is given (give one of them)');
      checkInt('epochs', options.epochs, 1);
      numIter = Math.floor((options.epochs * Math.ceil(n / batchSize)) / k);
      if (numIter < 2) throw new LRFinderError('epochs', options.epochs, `large enough for 2 steps (${n} samples, batchSize ${batchSize}, accumulationSteps ${k})`);
    }
    const seed = options.seed ?? 0;
    const nextBatch = tensorBatches(xs, ys, batchSize, options.shuffle ?? true, seed);
    let validate = options.validate;
    if (options.validationData) {
      const vx = inputList(this.model, options.validationData[0], 'validationData[0]');
      const vy = targetList(this.model, options.validationData[1], 'validationData[1]');
      sampleCount(vx, vy);
      const every = options.validateEvery ?? 1;
      checkInt('validateEvery', every, 1);
      validate = { every, loss: () => this.evaluate(vx, vy, batchSize) };
    }
    return this.run({ ...options, numIter, batchSize, validate, seed }, {
      next: async () => nextBatch(),
      release: (b) => tf.dispose([b.xs, b.ys] as unknown as tf.TensorContainer),
      close: async () => undefined,
    });
  }

  /** A test over batches: an (async) iterable, a function returning one, or a tf.data.Dataset of `{ xs, ys }`. */
  async findBatches(batches: BatchesInput, options: FindBatchesOptions = {}): Promise<RunRecord> {
    checkInt('accumulationSteps', options.accumulationSteps ?? 1, 1);
    return this.run(options, batchStream(batches, options.disposeBatches));
  }

  /**
   * Several tests from the same initial weights, each with a fresh optimizer (e.g. SGD vs Adam).
   * Tests run one after another; `options` apply to all, each test's fields override them.
   */
  async compare(tests: CompareTest[], data: CompareData, options: FindOptions = {}): Promise<RunRecord[]> {
    if (!Array.isArray(tests) || tests.length === 0) throw new LRFinderError('tests', tests, 'a non-empty array of { label, optimizer }');
    tests.forEach((t, i) => {
      if (!t || typeof t.label !== 'string' || t.optimizer === undefined) throw new LRFinderError(`tests[${i}]`, t, 'an object { label, optimizer, ...options }');
    });
    const runs: RunRecord[] = [];
    for (const test of tests) {
      const merged: FindOptions = { ...options, ...test };
      if (options.id !== undefined && test.id === undefined) merged.id = `${options.id}-${runs.length}`;
      runs.push('batches' in data ? await this.findBatches(data.batches, merged) : await this.find(data.x, data.y, merged));
    }
    return runs;
  }

  private async evaluate(xs: tf.Tensor[], ys: tf.Tensor[], batchSize: number): Promise<number> {
    const losses = resolveLosses(this.model, this.options.loss);
    const n = xs[0].shape[0] as number;
    let sum = 0;
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const t = tf.tidy(() => {
        const cut = (v: tf.Tensor) => tf.slice(v, start, size);
        const bx = xs.map(cut);
        const out = this.model.apply(bx.length === 1 ? bx[0] : bx, { training: false }) as tf.Tensor | tf.Tensor[];
        return tf.mul(totalLoss(this.model, losses, ys.map(cut), Array.isArray(out) ? out : [out]), size);
      });
      sum += (await t.data())[0];
      t.dispose();
    }
    return sum / n;
  }

  private async run(
    options: TestOptions & { batchSize?: number | null },
    batches: { next: () => Promise<Batch>; release: (b: Batch) => void; close: () => Promise<void> },
  ): Promise<RunRecord> {
    const losses = resolveLosses(this.model, this.options.loss);
    const { optimizer: testSpec, ...settings } = options;
    resolveSettings(settings);
    const spec = testSpec ?? this.options.optimizer ?? defaultSpec(this.model);
    const accumulationSteps = options.accumulationSteps ?? 1;
    const optimizer = createOptimizer(spec, options.startLr ?? 1e-7);
    const snapshot = snapshotWeights(this.model);
    const rawLosses: number[] = [];
    const lrs: number[] = [];
    const step = modelTrainStep({ model: this.model, losses, optimizer, next: batches.next, release: batches.release, accumulationSteps });
    try {
      const record = await rangeTest({
        ...settings,
        model: options.model ?? describeModel(this.model),
        optimizer: optimizer.info,
        label: options.label ?? optimizer.info.name,
        ...(accumulationSteps > 1 ? { accumulationSteps } : {}),
        trainStep: async (lr) => {
          lrs.push(lr);
          const loss = await step(lr);
          rawLosses.push(loss);
          return loss;
        },
      });
      this.lastLrs = lrs.slice(0, rawLosses.length);
      this.lastLosses = rawLosses;
      this.lastRecord = record;
      return record;
    } finally {
      snapshot.restore();
      snapshot.dispose();
      optimizer.dispose();
      await batches.close();
    }
  }
}

function defaultSpec(model: tfl.LayersModel): OptimizerSpec {
  let compiled: tf.Optimizer | undefined;
  try {
    compiled = model.optimizer;
  } catch {
    compiled = undefined;
  }
  return ((compiled && optimizerSpecOf(compiled)) as OptimizerSpec | null) || 'sgd';
}
