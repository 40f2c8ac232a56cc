// Reads batches one at a time from an iterable, an async iterable, a factory of either, or a
// tf.data.Dataset (duck-typed: core does not depend on tfjs-data), starting over when the
// source can be iterated again.
import * as tf from '@tensorflow/tfjs-core';
import { LRFinderError } from '../errors';
import type { Batch } from './data';

interface DatasetLike {
  iterator(): Promise<{ next(): Promise<IteratorResult<unknown>> }>;
}
type AnyIterable = Iterable<Batch> | AsyncIterable<Batch>;

/** Where `findBatches` reads batches from. */
export type BatchesInput = AnyIterable | (() => AnyIterable) | DatasetLike;

type Iter = { next(): Promise<IteratorResult<unknown>> | IteratorResult<unknown>; return?(): unknown };

function isDataset(v: unknown): v is DatasetLike {
  return typeof v === 'object' && v !== null && typeof (v as DatasetLike).iterator === 'function';
}

async function open(source: BatchesInput): Promise<Iter> {
  if (isDataset(source)) return source.iterator();
  const iterable = typeof source === 'function' ? source() : source;
  if (iterable && typeof (iterable as AsyncIterable<Batch>)[Symbol.asyncIterator] === 'function') {
    return (iterable as AsyncIterable<Batch>)[Symbol.asyncIterator]();
  }
  if (iterable && typeof (iterable as Iterable<Batch>)[Symbol.iterator] === 'function') {
    return (iterable as Iterable<Batch>)[Symbol.iterator]();
  }
  throw new LRFinderError('batches', source, 'an iterable or async iterable of { xs, ys }, a function returning one, or a tf.data.Dataset');
}

export interface BatchStream {
  next(): Promise<Batch>;
  /** Gives a used batch back: disposed when the stream owns batches. */
  release(batch: Batch): void;
  close(): Promise<void>;
}

/**
 * @param dispose whether used batches are disposed (tf.data.Dataset elements belong to the
 * reader; batches of an array the caller keeps do not).
 */
export function batchStream(source: BatchesInput, dispose: boolean | undefined): BatchStream {
  const owns = dispose ?? isDataset(source);
  let iter: Iter | null = null;
  let read = 0;
  let sinceOpen = 0;
  return {
    async next() {
      for (let attempt = 0; attempt < 2; attempt++) {
        if (!iter) {
          iter = await open(source);
          sinceOpen = 0;
        }
        const r = await iter.next();
        if (!r.done) {
          const b = r.value as Batch;
          if (!b || typeof b !== 'object' || !('xs' in b) || !('ys' in b)) {
            throw new LRFinderError(`batches[${read}]`, b, 'an object { xs, ys } of tensors');
          }
          read++;
          sinceOpen++;
          return b;
        }
        iter = null;
        if (sinceOpen === 0 && attempt > 0) break;
        if (sinceOpen === 0 && read > 0) break;
      }
      throw new Error(
        `the batch source ended after ${read} batch(es) and cannot be read again; ` +
          'pass a re-iterable source (an array, a tf.data.Dataset, or a function returning a new iterator) or lower numIter',
      );
    },
    release(batch) {
      if (owns) tf.dispose([batch.xs, batch.ys] as unknown as tf.TensorContainer);
    },
    async close() {
      await iter?.return?.();
      iter = null;
    },
  };
}
