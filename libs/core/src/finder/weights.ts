// Snapshot and restore of every model weight (trainable, BatchNorm moving statistics, ...).
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

export interface WeightSnapshot {
  /** Writes the saved values back into the model's variables (bit for bit). */
  restore(): void;
  dispose(): void;
}

/**
 * Keeps the current value of each model weight. Optimizers and BatchNormalization replace a
 * variable's value (`assign`) instead of writing into its buffer, so a clone that shares the
 * buffer keeps the old bits at the cost of no copy. Restore assigns the saved values to the
 * variables themselves: `LayerVariable.write` would apply the layer's constraint (`maxNorm`,
 * `nonNeg`, ...) and change weights that did not satisfy it before the test.
 */
export function snapshotWeights(model: tfl.LayersModel): WeightSnapshot {
  const weights = model.weights;
  const saved = weights.map((w) => tf.keep(w.read().clone()));
  return {
    restore() {
      weights.forEach((w, i) => (w.read() as tf.Variable).assign(saved[i]));
    },
    dispose() {
      tf.dispose(saved);
    },
  };
}
