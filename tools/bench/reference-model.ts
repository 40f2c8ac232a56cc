// The reference ConvNet of the Keras tutorial and the nominal FLOP count of one training step.
import * as tf from '@tensorflow/tfjs';

/** Conv2D 32 3x3 relu, MaxPool 2, Conv2D 64 3x3 relu, MaxPool 2, Flatten, Dense 256/128 relu, Dense 10 softmax on 28x28x1. */
export function referenceModel(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 256, activation: 'relu' }),
      tf.layers.dense({ units: 128, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
}

/** Multiply-adds of one forward pass of each Conv2D/Dense layer for `batch` samples. */
export function layerMacs(model: tf.LayersModel, batch: number): { name: string; macs: number; first: boolean }[] {
  const out: { name: string; macs: number; first: boolean }[] = [];
  model.layers.forEach((layer, index) => {
    const cls = layer.getClassName();
    const outShape = layer.outputShape as number[];
    const inputShape = (layer as unknown as { input: tf.SymbolicTensor }).input.shape;
    if (cls === 'Conv2D') {
      const [kh, kw] = (layer.getConfig().kernelSize as number[]);
      const ci = inputShape[3] as number;
      const [, oh, ow, co] = outShape;
      out.push({ name: layer.name, macs: batch * oh * ow * co * kh * kw * ci, first: index === 0 });
    } else if (cls === 'Dense') {
      out.push({ name: layer.name, macs: batch * (inputShape[inputShape.length - 1] as number) * (outShape[outShape.length - 1]), first: index === 0 });
    }
  });
  return out;
}

/**
 * FLOPs (2 per multiply-add) of one training step counting the matrix products only: forward,
 * weight gradient, and input gradient of every layer but the first. Pooling, activations, the
 * loss and the optimizer update are left out (they are a few percent).
 */
export function trainingFlops(model: tf.LayersModel, batch: number): number {
  return layerMacs(model, batch).reduce((sum, l) => sum + 2 * l.macs * (l.first ? 2 : 3), 0);
}
