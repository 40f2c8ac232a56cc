// Model inputs/targets in the shapes a finder accepts, and batches cut from whole tensors.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { LRFinderError } from '../errors';

/** A model's inputs: one tensor, one per input (model order), or by input name. */
export type Inputs = tf.Tensor | tf.Tensor[] | Record<string, tf.Tensor>;
/** A model's targets: one tensor, or one per output (model order). */
export type Targets = tf.Tensor | tf.Tensor[];
export interface Batch {
  xs: Inputs;
  ys: Targets;
}

/** The inputs as a list in the model's input order. */
export function inputList(model: tfl.LayersModel, xs: Inputs, option = 'x'): tf.Tensor[] {
  let list: tf.Tensor[];
  if (xs instanceof tf.Tensor) list = [xs];
  else if (Array.isArray(xs)) list = xs;
  else if (xs && typeof xs === 'object') {
    list = model.inputNames.map((name) => {
      const t = (xs as Record<string, tf.Tensor>)[name];
      if (!(t instanceof tf.Tensor)) throw new LRFinderError(`${option}.${name}`, t, `a tensor for the model input "${name}"`);
      return t;
    });
  } else throw new LRFinderError(option, xs, 'a tensor, an array of tensors or an object of tensors by input name');
  if (list.length !== model.inputs.length) {
    throw new LRFinderError(option, `${list.length} tensor(s)`, `one tensor per model input (${model.inputs.length}: ${model.inputNames.join(', ')})`);
  }
  return list;
}

/** The targets as a list in the model's output order. */
export function targetList(model: tfl.LayersModel, ys: Targets, option = 'y'): tf.Tensor[] {
  const list = ys instanceof tf.Tensor ? [ys] : Array.isArray(ys) ? ys : null;
  if (!list || list.some((t) => !(t instanceof tf.Tensor))) throw new LRFinderError(option, ys, 'a tensor or an array of tensors');
  if (list.length !== model.outputs.length) {
    throw new LRFinderError(option, `${list.length} tensor(s)`, `one tensor per model output (${model.outputs.length})`);
  }
  return list;
}

/** Number of samples, checking that every input and target has the same first dimension. */
export function sampleCount(xs: tf.Tensor[], ys: tf.Tensor[]): number {
  const n = xs[0].shape[0] ?? 0;
  xs.forEach((t, i) => {
    if (t.shape[0] !== n) throw new LRFinderError(`x[${i}]`, `${t.shape[0]} samples`, `${n} samples like x[0]`);
  });
  ys.forEach((t, i) => {
    if (t.shape[0] !== n) throw new LRFinderError(ys.length > 1 ? `y[${i}]` : 'y', `${t.shape[0]} samples`, `${n} samples like x`);
  });
  return n;
}

/** Small seeded PRNG (mulberry32) so a seed gives the same batch order everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Batches of `batchSize` samples, epoch after epoch (each epoch a new permutation when
 * shuffling; the last batch of an epoch may be smaller). Each batch's tensors are new and
 * belong to the caller.
 */
export function tensorBatches(
  xs: tf.Tensor[], ys: tf.Tensor[], batchSize: number, shuffle: boolean, seed: number,
): () => { xs: tf.Tensor[]; ys: tf.Tensor[] } {
  const n = xs[0].shape[0] as number;
  const random = prng(seed);
  let order = new Int32Array(n);
  let pos = n;
  return () => {
    if (pos >= n) {
      order = order.map((_, i) => i);
      if (shuffle) {
        for (let i = n - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          const t = order[i];
          order[i] = order[j];
          order[j] = t;
        }
      }
      pos = 0;
    }
    const end = Math.min(n, pos + batchSize);
    const start = pos;
    pos = end;
    return tf.tidy(() => {
      if (!shuffle) {
        const cut = (t: tf.Tensor) => tf.slice(t, start, end - start);
        return { xs: xs.map(cut), ys: ys.map(cut) };
      }
      const idx = tf.tensor1d(order.subarray(start, end), 'int32');
      return { xs: xs.map((t) => tf.gather(t, idx)), ys: ys.map((t) => tf.gather(t, idx)) };
    });
  };
}
