// One test's settings (the `run` command's options in camelCase; the sweep file uses the same
// names) and their checks. The CLI's --label <col> is `labelColumn`; `label` is the test's label.
import { LOSSES, OPTIMIZER_NAMES } from '@lrfinder/core';
import type { BackendName, WasmThreads } from '@lrfinder/backends';
import { CliInputError } from '../io';
import { checkIntFlag, LIMITS } from './limits';

export type { BackendName, WasmThreads };

export interface TestOptions {
  /** `mnist-cnn`, `mlp`, or the path of a TF.js Layers model.json. */
  model: string;
  /** Loss name; needed for a model.json without a training config. @default the model's, else by task */
  loss?: string;
  /** Data spec: mnist | fashion-mnist | synthetic:<name> | idx:<dir> | csv:<file> | npy:<x>,<y>. */
  data: string;
  /** Label column of a CSV file. */
  labelColumn?: string;
  /** How to read the targets of csv:/npy: data (--task), overriding the source's own decision. @default the source decides */
  task?: 'classification' | 'regression';
  startLr: number;
  endLr: number;
  /** Steps; give numIter or epochs. */
  numIter?: number;
  /** Passes over the training data; sets numIter to epochs x batches per epoch. */
  epochs?: number;
  batchSize: number;
  schedule: 'exponential' | 'linear';
  smoothing: number;
  divergeThreshold: number;
  /** Share of the data held out for a validation loss (0 = none). */
  valSplit: number;
  /** One optimizer name. */
  optimizer: string;
  backend: BackendName;
  /**
   * Threads of the wasm backend (1-8 or 'auto'; other backends ignore it; prepareBackend checks
   * the value, useBackend makes its BackendError a CliInputError). Fixed per process.
   * @default the backends library's ('auto': one per core); a parallel run's children get floor(cores / tests at once)
   */
  threads?: WasmThreads;
  seed: number;
  /** A model.json's weights re-drawn from its initializers with `seed` (built-in models always are). @default false */
  reinit?: boolean;
  /** The test's label. @default the optimizer name */
  label?: string;
}

/**
 * The reference experiment's settings (Keras tutorial: MNIST ConvNet, batch 250, 1e-4 to 1).
 * numIter 100 (core's default; 100 x 250 = 25,000 images, 0.42 of an MNIST epoch) keeps SGD vs
 * Adam within a few minutes on two CPU cores; use --epochs 5 for the tutorial's full length.
 */
export const DEFAULT_TEST_OPTIONS: TestOptions = {
  model: 'mnist-cnn',
  data: 'mnist',
  startLr: 1e-4,
  endLr: 1,
  numIter: 100,
  batchSize: 250,
  schedule: 'exponential',
  smoothing: 0.98,
  divergeThreshold: 4,
  valSplit: 0,
  optimizer: 'sgd',
  backend: 'auto',
  seed: 0,
};

/** Loss names accepted by --loss (camelCase as in TF.js, Keras snake_case also accepted). */
export const LOSS_NAMES = Object.keys(LOSSES);

/** `sparse_categorical_crossentropy` -> `sparseCategoricalCrossentropy`. */
export function normalizeLossName(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** --threads: 'auto' or a count; anything else is kept as given, for prepareBackend's message. */
export function parseThreads(v: unknown): WasmThreads | undefined {
  if (v === undefined) return undefined;
  const text = String(v).trim();
  return (/^\d+$/.test(text) ? Number(text) : text) as WasmThreads;
}

/** Throws CliInputError (exit 2) naming the first bad option. */
export function checkTestOptions(o: TestOptions): void {
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(o.optimizer)) {
    throw new CliInputError(`unknown optimizer ${JSON.stringify(o.optimizer)}; known: ${OPTIMIZER_NAMES.join(', ')}`, 'optimizer');
  }
  if (o.loss !== undefined && !LOSSES[normalizeLossName(o.loss)]) {
    throw new CliInputError(`unknown loss ${JSON.stringify(o.loss)}; known: ${LOSS_NAMES.join(', ')}`, 'loss');
  }
  if (o.labelColumn !== undefined && !o.data.startsWith('csv:')) {
    throw new CliInputError(`--label ${JSON.stringify(o.labelColumn)} names a CSV column, but --data ${o.data} is not a csv: file (its labels come with it); leave --label out`, 'labelColumn');
  }
  if (o.task !== undefined && o.task !== 'classification' && o.task !== 'regression') {
    throw new CliInputError(`--task must be classification or regression, got ${JSON.stringify(o.task)}`, 'task');
  }
  if (o.numIter !== undefined && o.epochs !== undefined) throw new CliInputError('give --num-iter or --epochs, not both', 'numIter');
  if (o.numIter !== undefined) checkIntFlag('--num-iter', o.numIter, 2, LIMITS.numIter, 'numIter');
  if (o.epochs !== undefined) checkIntFlag('--epochs', o.epochs, 1, LIMITS.epochs, 'epochs');
  checkIntFlag('--batch-size', o.batchSize, 1, LIMITS.batchSize, 'batchSize');
  if (!(o.startLr > 0) || !Number.isFinite(o.startLr)) throw new CliInputError(`--start-lr must be a number > 0; got ${o.startLr}`, 'startLr');
  if (!(o.endLr > o.startLr) || !Number.isFinite(o.endLr)) throw new CliInputError(`--end-lr must be a number > --start-lr (${o.startLr}); got ${o.endLr}`, 'endLr');
  if (o.schedule !== 'exponential' && o.schedule !== 'linear') throw new CliInputError(`--schedule must be exponential or linear; got ${o.schedule}`, 'schedule');
  if (!(o.smoothing >= 0 && o.smoothing < 1)) throw new CliInputError(`--smoothing must be in [0, 1); got ${o.smoothing}`, 'smoothing');
  if (!(o.divergeThreshold > 1)) throw new CliInputError(`--diverge-threshold must be > 1 (Infinity disables it); got ${o.divergeThreshold}`, 'divergeThreshold');
  if (!(o.valSplit >= 0 && o.valSplit < 1)) throw new CliInputError(`--val-split must be in [0, 1); got ${o.valSplit}`, 'valSplit');
  if (!Number.isSafeInteger(o.seed)) throw new CliInputError(`--seed must be an integer; got ${o.seed}`, 'seed');
}
