// The shared batch loop: epochs over an index order, seeded shuffle, and disposal of every
// batch it created once the consumer moves on or stops.
import * as tf from '@tensorflow/tfjs-core';
import { DatasetError } from './errors';
import { deriveSeed, mulberry32, shuffleInPlace } from './random';
import type { Batch, BatchOptions } from './types';

/** Checked batch options with defaults applied. */
export interface ResolvedBatchOptions {
  batchSize: number;
  split: 'train' | 'val';
  seed: number;
  shuffle: boolean;
  epochs: number;
  labels: 'sparse' | 'onehot';
  dropRemainder: boolean;
}

/** Applies defaults and rejects impossible options with a DatasetError. */
export function resolveBatchOptions(o: BatchOptions, source: string): ResolvedBatchOptions {
  const fail = (what: string, found: unknown) =>
    new DatasetError(`bad batch option ${what}`, { file: source, expected: expectations[what], found: String(found) });
  const expectations: Record<string, string> = {
    batchSize: 'a positive integer', split: "'train' or 'val'", seed: 'an integer',
    epochs: 'a positive integer or Infinity', labels: "'sparse' or 'onehot'",
  };
  const r: ResolvedBatchOptions = {
    batchSize: o.batchSize, split: o.split ?? 'train', seed: o.seed ?? 0, shuffle: o.shuffle ?? true,
    epochs: o.epochs ?? Infinity, labels: o.labels ?? 'sparse', dropRemainder: o.dropRemainder ?? false,
  };
  if (!Number.isInteger(r.batchSize) || r.batchSize <= 0) throw fail('batchSize', o.batchSize);
  if (r.split !== 'train' && r.split !== 'val') throw fail('split', o.split);
  if (!Number.isInteger(r.seed)) throw fail('seed', o.seed);
  if (!(r.epochs === Infinity || (Number.isInteger(r.epochs) && r.epochs > 0))) throw fail('epochs', o.epochs);
  if (r.labels !== 'sparse' && r.labels !== 'onehot') throw fail('labels', o.labels);
  return r;
}

/**
 * Yields `make(indices)` for consecutive slices of `order` (shuffled per epoch when asked),
 * disposing each batch when the next is requested and when the loop ends. An empty split
 * yields nothing.
 */
export async function* indexBatches(
  indices: Uint32Array,
  o: ResolvedBatchOptions,
  make: (slice: Uint32Array) => Batch,
): AsyncGenerator<Batch, void, undefined> {
  const n = indices.length;
  const perEpoch = o.dropRemainder ? Math.floor(n / o.batchSize) * o.batchSize : n;
  if (perEpoch === 0) return;
  const order = Uint32Array.from(indices);
  const uniform = mulberry32(deriveSeed(o.seed, 1));
  let current: Batch | null = null;
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      if (o.shuffle) shuffleInPlace(order, uniform);
      for (let start = 0; start < perEpoch; start += o.batchSize) {
        const batch = make(order.subarray(start, Math.min(start + o.batchSize, perEpoch)));
        if (current) tf.dispose([current.xs, current.ys]);
        current = batch;
        yield batch;
      }
    }
  } finally {
    if (current) tf.dispose([current.xs, current.ys]);
  }
}
