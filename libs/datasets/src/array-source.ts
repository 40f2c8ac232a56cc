// A source over arrays in memory. Byte inputs (images) stay Uint8Array and become float32 only
// per batch, so MNIST costs about its file size, not four times it.
import * as tf from '@tensorflow/tfjs-core';
import { indexBatches, resolveBatchOptions } from './batch-loop';
import { DatasetError } from './errors';
import { deriveSeed, mulberry32, shuffleInPlace } from './random';
import type { Batch, BatchOptions, BatchSource, SourceInfo } from './types';

/** Inputs and targets of one split, sample-major. */
export interface ArrayData {
  /** `n * prod(inputShape)` values. A Uint8Array is kept as bytes and scaled per batch. */
  x: Uint8Array | Float32Array;
  /** Classification: `n` class indices. Regression: `n * prod(targetShape)` floats. */
  y: Uint8Array | Int32Array | Float32Array;
}

/** Options of {@link arraySource}. */
export interface ArraySourceOptions {
  /** Name for the run record. */
  name: string;
  /** Shape of one sample, channel-last. */
  inputShape: number[];
  task: 'classification' | 'regression';
  /** Why the data is read as `task` (kept in `info.taskReason`). @default undefined */
  taskReason?: string;
  /** Classes (classification). @default max label + 1 */
  numClasses?: number;
  /** Shape of one regression target. @default [1] */
  targetShape?: number[];
  train: ArrayData;
  /** A separate validation set (e.g. MNIST's test set). */
  val?: ArrayData;
  /** Fraction of `train` held out as `val` (seeded by `splitSeed`); ignored when `val` is given. @default 0 */
  valSplit?: number;
  /** Seed of the validation split. @default 0 */
  splitSeed?: number;
  /** Factor applied to byte inputs per batch. @default 1 / 255 */
  byteScale?: number;
}

/** A BatchSource over arrays, plus what it keeps in memory. */
export interface ArraySource extends BatchSource {
  /** Bytes of the typed arrays this source retains (inputs, targets, index lists). */
  readonly retainedBytes: number;
}

function count(data: ArrayData, sampleSize: number, name: string, what: string): number {
  const n = data.x.length / sampleSize;
  if (!Number.isInteger(n)) {
    throw new DatasetError(`${what} inputs are not a whole number of samples`, { file: name, expected: `a multiple of ${sampleSize} values`, found: `${data.x.length}` });
  }
  return n;
}

function checkLabels(y: ArrayData['y'], numClasses: number, name: string): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!(Number.isInteger(v) && v >= 0 && v < numClasses)) {
      throw new DatasetError(`label of sample ${i} is outside the class range`, { file: name, expected: `an integer in [0, ${numClasses - 1}]`, found: String(v) });
    }
  }
}

function maxLabel(y: ArrayData['y']): number {
  let m = -1;
  for (let i = 0; i < y.length; i++) if (y[i] > m) m = y[i];
  return m;
}

/** 0, 1, ..., n - 1 (a plain loop: Uint32Array.from with a mapping function is ~30x slower for MNIST's 60,000). */
function range(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Makes a BatchSource over in-memory arrays. */
export function arraySource(o: ArraySourceOptions): ArraySource {
  const sampleSize = o.inputShape.reduce((a, b) => a * b, 1);
  const targetShape = o.targetShape ?? [1];
  const targetSize = targetShape.reduce((a, b) => a * b, 1);
  const nTrain = count(o.train, sampleSize, o.name, 'train');
  const nVal = o.val ? count(o.val, sampleSize, o.name, 'val') : 0;
  const perSampleY = o.task === 'classification' ? 1 : targetSize;
  for (const [what, data, n] of [['train', o.train, nTrain], ['val', o.val, nVal]] as const) {
    if (data && data.y.length !== n * perSampleY) {
      throw new DatasetError(`${what} inputs and targets do not match in count`, { file: o.name, expected: `${n * perSampleY} target values for ${n} samples`, found: `${data.y.length}` });
    }
  }
  let numClasses: number | null = null;
  if (o.task === 'classification') {
    numClasses = o.numClasses ?? Math.max(maxLabel(o.train.y), o.val ? maxLabel(o.val.y) : -1) + 1;
    checkLabels(o.train.y, numClasses, o.name);
    if (o.val) checkLabels(o.val.y, numClasses, o.name);
  }
  const valSplit = o.val ? 0 : o.valSplit ?? 0;
  if (!(valSplit >= 0 && valSplit < 1)) {
    throw new DatasetError('bad validation split', { file: o.name, expected: 'a fraction in [0, 1)', found: String(o.valSplit) });
  }
  let trainIdx = range(nTrain);
  let valIdx = range(nVal);
  if (valSplit > 0) {
    const order = shuffleInPlace(range(nTrain), mulberry32(deriveSeed(o.splitSeed ?? 0, 0)));
    const held = Math.round(nTrain * valSplit);
    valIdx = order.slice(0, held).sort();
    trainIdx = order.slice(held).sort();
  }
  const splitData = (split: 'train' | 'val') => (split === 'val' && o.val ? o.val : o.train);
  const byteScale = o.byteScale ?? 1 / 255;

  const info: SourceInfo = {
    name: o.name,
    trainSamples: trainIdx.length,
    valSamples: valIdx.length,
    inputShape: [...o.inputShape],
    numClasses,
    task: o.task,
    ...(o.taskReason ? { taskReason: o.taskReason } : {}),
  };

  function make(data: ArrayData, slice: Uint32Array, onehot: boolean): Batch {
    const m = slice.length;
    const xs = new Float32Array(m * sampleSize);
    for (let k = 0; k < m; k++) {
      const from = slice[k] * sampleSize;
      if (data.x instanceof Uint8Array) {
        for (let j = 0; j < sampleSize; j++) xs[k * sampleSize + j] = data.x[from + j] * byteScale;
      } else {
        xs.set(data.x.subarray(from, from + sampleSize), k * sampleSize);
      }
    }
    let ys: tf.Tensor;
    if (o.task === 'regression') {
      const t = new Float32Array(m * targetSize);
      for (let k = 0; k < m; k++) t.set(data.y.subarray(slice[k] * targetSize, (slice[k] + 1) * targetSize), k * targetSize);
      ys = tf.tensor(t, [m, ...targetShape], 'float32');
    } else if (onehot) {
      const t = new Float32Array(m * numClasses!);
      for (let k = 0; k < m; k++) t[k * numClasses! + data.y[slice[k]]] = 1;
      ys = tf.tensor2d(t, [m, numClasses!], 'float32');
    } else {
      const t = new Float32Array(m);
      for (let k = 0; k < m; k++) t[k] = data.y[slice[k]];
      ys = tf.tensor1d(t, 'float32');
    }
    return { xs: tf.tensor(xs, [m, ...o.inputShape], 'float32'), ys };
  }

  return {
    info,
    get retainedBytes() {
      const arrays = [o.train.x, o.train.y, o.val?.x, o.val?.y, trainIdx, valIdx];
      return arrays.reduce((acc, a) => acc + (a ? a.byteLength : 0), 0);
    },
    batches(options: BatchOptions) {
      const r = resolveBatchOptions(options, o.name);
      const data = splitData(r.split);
      return indexBatches(r.split === 'val' ? valIdx : trainIdx, r, (slice) => make(data, slice, r.labels === 'onehot'));
    },
  };
}
