// Small models and tensors for the finder tests (cpu backend).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { normal } from './least-squares';

/** Dense -> BatchNormalization -> Dropout -> Dense(softmax), 4 features, 3 classes. */
export function bnDropoutModel(compile = true): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 8, activation: 'relu', inputShape: [4], kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
      tfl.layers.batchNormalization(),
      tfl.layers.dropout({ rate: 0.3 }),
      tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  if (compile) model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  return model;
}

/** n samples of 4 features and one-hot labels of 3 classes (class = argmax of the first 3 features). */
export function classification(n: number, seed = 3): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const rnd = normal(seed);
  const rows = Array.from({ length: n }, () => [rnd(), rnd(), rnd(), rnd()]);
  const labels = rows.map((r) => r.slice(0, 3).indexOf(Math.max(...r.slice(0, 3))));
  return { x: tf.tensor2d(rows), y: tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 3) as tf.Tensor2D) };
}

/** Raw bytes of every model weight (BatchNorm moving statistics included). */
export function weightBytes(model: tfl.LayersModel): Uint8Array[] {
  return model.weights.map((w) => {
    const d = w.read().dataSync() as Float32Array;
    return new Uint8Array(d.buffer, d.byteOffset, d.byteLength).slice();
  });
}
