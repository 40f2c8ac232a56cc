// The small models of the browser sweep: an MLP for any input, a small ConvNet for images.
import * as tf from '@tensorflow/tfjs';
import type { SweepModel } from './protocol';

/**
 * A compiled classifier for `inputShape` (per sample, channel-last) and `numClasses`, with
 * seeded initial weights. `cnn` needs image inputs ([h, w, c], h and w >= 4).
 */
export function buildModel(kind: SweepModel, inputShape: number[], numClasses: number, seed: number): tf.LayersModel {
  const init = (i: number) => tf.initializers.glorotUniform({ seed: seed * 31 + i });
  const model = tf.sequential({ name: kind === 'cnn' ? 'small-convnet' : 'mlp-32' });
  if (kind === 'cnn') {
    if (inputShape.length !== 3 || inputShape[0] < 4 || inputShape[1] < 4) {
      throw new Error(`the ConvNet needs image inputs [h, w, c]; this dataset has samples of shape [${inputShape.join(', ')}]: choose the MLP`);
    }
    model.add(tf.layers.conv2d({ inputShape, filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: init(1) }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: init(2) }));
  } else {
    if (inputShape.length > 1) model.add(tf.layers.flatten({ inputShape }));
    model.add(tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: init(2), ...(inputShape.length > 1 ? {} : { inputShape }) }));
  }
  model.add(tf.layers.dense({ units: numClasses, activation: 'softmax', kernelInitializer: init(3) }));
  model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
  return model;
}
