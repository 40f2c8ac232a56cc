// Shared by the tests: the cpu backend, and draining an iterator into plain arrays.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { BatchOptions, BatchSource } from './types';

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
  tf.env().set('IS_NODE', false); // only silences the cpu backend's "install tfjs-node" hint
}

/** Draws up to `max` batches as plain arrays (shapes and values). */
export async function drain(source: BatchSource, options: BatchOptions, max = Infinity) {
  const out: { xShape: number[]; yShape: number[]; x: Float32Array; y: Float32Array }[] = [];
  for await (const b of source.batches(options)) {
    out.push({ xShape: b.xs.shape, yShape: b.ys.shape, x: b.xs.dataSync() as Float32Array, y: b.ys.dataSync() as Float32Array });
    if (out.length >= max) break;
  }
  return out;
}
