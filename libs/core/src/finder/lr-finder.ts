// LRFinder: the Keras LR-finder API (keras_lr_finder, the reference tutorial) for a
// tf.LayersModel. Each test trains on a fresh optimizer and restores every weight afterwards.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { LRFinderError } from '../errors';
import { describeModel } from '../model-info';
import { createOptimizer, optimizerFactoryOf, optimizerSpecOf, type OptimizerSpec } from '../optimizers';
import { rangeTest } from '../range-test';
import { RANGE_TEST_SETTINGS, resolveSettings, type RangeTestSettings } from '../range-test-options';
import { checkKeys, isPlainObject } from '../strict-options';
import type { RunRecord } from '../run-record';
import { lossDeltas } from '../smoothing';
import { batchStream, type BatchesInput } from './batch-stream';
import { checkDataAgainstModel, fitTargets, lossNames } from './check-data';
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

const FIND_KEYS: readonly string[] = [...RANGE_TEST_SETTINGS, 'epochs', 'shuffle', 'validationData', 'validateEvery'];
const FIND_BATCHES_KEYS: readonly string[] = [...RANGE_TEST_SETTINGS, 'disposeBatches'];
const COMPARE_KEYS: readonly string[] = [...FIND_KEYS, 'disposeBatches'];

/**
 * Refuses a Keras-style positional call (keras_lr_finder's `find(x, y, start_lr, end_lr,
 * batch_size, epochs)`) with the options form of the same call, and unknown option keys.
 */
function checkOptions(method: string, rest: readonly unknown[], allowed: readonly string[], lead: string): void {
  const [options, ...extra] = rest;
  if (extra.length > 0 || (options !== undefined && !isPlainObject(options))) {
    const names = method === 'find' ? ['startLr', 'endLr', 'batchSize', 'epochs'] : ['startLr', 'endLr'];
    const given = rest.slice(0, names.length).map((v, i) => `${names[i]}: ${typeof v === 'number' ? v : '...'}`);
    throw new LRFinderError('options', rest, `one options object, e.g. ${method}(${lead}, { ${given.join(', ') || 'startLr: 1e-7, endLr: 10, numIter: 100'} })`);
  }
  if (options !== undefined) checkKeys(options, allowed, '', LRFinderError);
}

/** Only rangeTest's own options go on to rangeTest. */
function rangeTestSettings(options: object): RangeTestSettings {
  const out: Record<string, unknown> = {};
  for (const key of RANGE_TEST_SETTINGS) if (key in options) out[key] = (options as Record<string, unknown>)[key];
  return out as RangeTestSettings;
}

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
    if (!isPlainObject(options)) throw new LRFinderError('options', options, 'an options object { optimizer, loss }');
    checkKeys(options, ['optimizer', 'loss'], '', LRFinderError);
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
    // eslint-disable-next-line prefer-rest-params -- JS callers may pass Keras-style positional arguments
    checkOptions('find', Array.from(arguments).slice(2), FIND_KEYS, 'x, y');
    const xs = inputList(this.model, x, 'x');
    const ys = targetList(this.model, y, 'y');
    const n = sampleCount(xs, ys);
    const names = lossNames(this.model, this.options.loss);
    checkDataAgainstModel(this.model, xs, ys, names, { x: 'x', y: 'y' });
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
      checkDataAgainstModel(this.model, vx, vy, names, { x: 'validationData[0]', y: 'validationData[1]' });
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
    // eslint-disable-next-line prefer-rest-params -- JS callers may pass positional arguments
    checkOptions('findBatches', Array.from(arguments).slice(1), FIND_BATCHES_KEYS, 'batches');
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
      if (!isPlainObject(t) || typeof t.label !== 'string' || t.optimizer === undefined) throw new LRFinderError(`tests[${i}]`, t, 'an object { label, optimizer, ...options }');
      checkKeys(t, COMPARE_KEYS, `tests[${i}].`, LRFinderError);
    });
    // eslint-disable-next-line prefer-rest-params -- JS callers may pass positional arguments
    checkOptions('compare', Array.from(arguments).slice(2), COMPARE_KEYS, 'tests, data');
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
    const targets = fitTargets(ys);
    let sum = 0;
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const t = tf.tidy(() => {
        const cut = (v: tf.Tensor) => tf.slice(v, start, size);
        const bx = xs.map(cut);
        const fx = fitTargets(bx);
        const out = this.model.apply(fx.length === 1 ? fx[0] : fx, { training: false }) as tf.Tensor | tf.Tensor[];
        return tf.mul(totalLoss(this.model, losses, targets.map(cut), Array.isArray(out) ? out : [out]), size);
      });
      sum += (await t.data())[0];
      t.dispose();
    }
    tf.dispose(targets.filter((t) => !ys.includes(t)));
    return sum / n;
  }

  private async run(
    options: TestOptions & { batchSize?: number | null },
    batches: { next: () => Promise<Batch>; release: (b: Batch) => void; close: () => Promise<void> },
  ): Promise<RunRecord> {
    const losses = resolveLosses(this.model, this.options.loss);
    const names = lossNames(this.model, this.options.loss);
    const testSpec = options.optimizer;
    const settings = rangeTestSettings(options);
    delete settings.optimizer;
    resolveSettings(settings);
    const spec = testSpec ?? this.options.optimizer ?? defaultSpec(this.model);
    const accumulationSteps = options.accumulationSteps ?? 1;
    const optimizer = createOptimizer(spec, options.startLr ?? 1e-7);
    const snapshot = snapshotWeights(this.model);
    const rawLosses: number[] = [];
    const lrs: number[] = [];
    const step = modelTrainStep({
      model: this.model, losses, optimizer, next: batches.next, release: batches.release, accumulationSteps,
      check: (xs, ys) => checkDataAgainstModel(this.model, xs, ys, names, { x: 'xs', y: 'ys' }),
    });
    let firstStepError: unknown;
    try {
      const record = await rangeTest({
        ...settings,
        model: options.model ?? describeModel(this.model),
        optimizer: optimizer.info,
        label: options.label ?? optimizer.info.name,
        ...(accumulationSteps > 1 ? { accumulationSteps } : {}),
        trainStep: async (lr, i) => {
          lrs.push(lr);
          try {
            const loss = await step(lr);
            rawLosses.push(loss);
            return loss;
          } catch (e) {
            if (i === 0) firstStepError = e;
            throw e;
          }
        },
      });
      if (firstStepError !== undefined && record.points.length === 0) throw firstStepFailure(firstStepError);
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

/**
 * A failure of the first step is the model or the data (bad input), not a test that went wrong:
 * reject, as model.fit would; later failures give a `failed` record with the partial curve.
 */
function firstStepFailure(e: unknown): Error {
  if (e instanceof LRFinderError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new LRFinderError('model', undefined, '', {
    message: `the first training step failed, so the model cannot train on this data: ${message}`,
    cause: e,
  });
}

/** A fresh copy of the compiled optimizer: its class (a subclass kept, with its update rule) and settings. */
function defaultSpec(model: tfl.LayersModel): OptimizerSpec {
  let compiled: tf.Optimizer | undefined;
  try {
    compiled = model.optimizer;
  } catch {
    compiled = undefined;
  }
  if (!compiled) return 'sgd';
  return (optimizerSpecOf(compiled) as OptimizerSpec | null) ?? optimizerFactoryOf(compiled);
}
