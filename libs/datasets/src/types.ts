// The one interface every source implements, so the finder and the CLI consume any of them alike.
import type * as tf from '@tensorflow/tfjs-core';

/** What a source holds, known before the first batch (it goes into the run record). */
export interface SourceInfo {
  /** Data set name, e.g. `mnist`, `synthetic:spirals`, `csv:iris.csv`. */
  name: string;
  /** Samples in the `train` split. */
  trainSamples: number;
  /** Samples in the `val` split (0 when there is none). */
  valSamples: number;
  /** Shape of one sample, channel-last for images (`[28, 28, 1]` for MNIST). */
  inputShape: number[];
  /** Number of classes, or null for regression. */
  numClasses: number | null;
  /** Classification (labels) or regression (float targets). */
  task: 'classification' | 'regression';
  /** Why the source read its targets as `task`, when it had a choice (CSV, NPY), e.g. "task classification was given". */
  taskReason?: string;
}

/** Options of {@link BatchSource.batches}. */
export interface BatchOptions {
  /** Samples per batch (the last batch of an epoch may be smaller unless `dropRemainder`). */
  batchSize: number;
  /** Which split to draw from. @default 'train' */
  split?: 'train' | 'val';
  /** Seed of the shuffle; the same seed gives the same batches in the same order. @default 0 */
  seed?: number;
  /** Shuffle each epoch (seeded). @default true */
  shuffle?: boolean;
  /** Passes over the split; `Infinity` cycles forever. @default Infinity */
  epochs?: number;
  /** Classification labels as class indices `[n]` (float32) or one-hot `[n, numClasses]`. @default 'sparse' */
  labels?: 'sparse' | 'onehot';
  /** Drop the last, smaller batch of each epoch. @default false */
  dropRemainder?: boolean;
}

/** One batch: inputs `[n, ...inputShape]` float32 and targets. */
export interface Batch {
  xs: tf.Tensor;
  ys: tf.Tensor;
}

/**
 * A source of batches. The iterator disposes each batch it created when the next one is
 * requested or when iteration ends (`return()`): consumers must not keep batch tensors across
 * steps (clone what must outlive a step).
 */
export interface BatchSource {
  readonly info: SourceInfo;
  batches(options: BatchOptions): AsyncIterableIterator<Batch>;
}
