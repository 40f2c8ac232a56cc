// Validation loss for --val-split: one fixed held-out batch, scored in inference mode with the
// test's loss, every few steps.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { LOSSES } from '@lrfinder/core';
import type { BatchSource } from '@lrfinder/datasets/node';

export interface Validator {
  every: number;
  loss: () => Promise<number>;
  dispose: () => void;
}

/** A validator on the first val batch, or null when there is no val split or loss function. */
export async function makeValidator(
  model: tfl.LayersModel,
  source: BatchSource,
  o: { lossName: string | undefined; batchSize: number; numIter: number; labels: 'sparse' | 'onehot' },
): Promise<Validator | null> {
  const fn = o.lossName ? LOSSES[o.lossName] : undefined;
  if (!fn || source.info.valSamples === 0) return null;
  const it = source.batches({ batchSize: Math.min(o.batchSize, source.info.valSamples), split: 'val', shuffle: false, epochs: 1, labels: o.labels });
  const first = await it.next();
  if (first.done) return null;
  // The iterator disposes its batches: keep copies.
  const xs = tf.clone(first.value.xs);
  const ys = tf.clone(first.value.ys);
  await it.return?.();
  return {
    every: Math.max(1, Math.round(o.numIter / 50)),
    loss: async () => {
      const t = tf.tidy(() => tf.mean(fn(ys, model.predict(xs) as tf.Tensor)));
      const v = (await t.data())[0];
      t.dispose();
      return v;
    },
    dispose: () => tf.dispose([xs, ys]),
  };
}
