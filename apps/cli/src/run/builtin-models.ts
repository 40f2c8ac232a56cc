// The models `--model` names: the reference tutorial's MNIST ConvNet and a small MLP. Weights
// are drawn from seeded initializers, so every test of a comparison (and every process of a
// sweep) starts from the same initial weights for the same seed.
import * as tfl from '@tensorflow/tfjs-layers';
import { CliInputError } from '../io';

export const BUILTIN_MODELS = ['mnist-cnn', 'mlp'] as const;
export type BuiltinModel = (typeof BUILTIN_MODELS)[number];

export interface BuiltinModelOptions {
  /** Per-sample input shape, channel-last (from the data). */
  inputShape: number[];
  /** Output units: the number of classes, or 1 for regression. */
  outputUnits: number;
  task: 'classification' | 'regression';
  seed: number;
}

export function isBuiltinModel(name: string): name is BuiltinModel {
  return (BUILTIN_MODELS as readonly string[]).includes(name);
}

function seeded(seed: number, layer: number) {
  // Each layer its own stream: the same seed for every layer would give them correlated weights.
  return tfl.initializers.glorotUniform({ seed: seed * 1000 + layer });
}

/**
 * Conv2D 32 3x3 relu, MaxPool 2, Conv2D 64 3x3 relu, MaxPool 2, Flatten, Dense 256 relu,
 * Dense 128 relu, Dense classes softmax (the reference tutorial's ConvNet).
 */
function mnistCnn(o: BuiltinModelOptions): tfl.Sequential {
  if (o.inputShape.length !== 3) {
    throw new CliInputError(`mnist-cnn needs image data [height, width, channels]; the data's sample shape is [${o.inputShape.join(', ')}] (use --model mlp)`, 'model');
  }
  const m = tfl.sequential({ name: 'mnist-cnn' });
  m.add(tfl.layers.conv2d({ inputShape: o.inputShape, filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: seeded(o.seed, 1) }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', kernelInitializer: seeded(o.seed, 2) }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.flatten());
  m.add(tfl.layers.dense({ units: 256, activation: 'relu', kernelInitializer: seeded(o.seed, 3) }));
  m.add(tfl.layers.dense({ units: 128, activation: 'relu', kernelInitializer: seeded(o.seed, 4) }));
  m.add(outputLayer(o, 5));
  return m;
}

/** (Flatten,) Dense 64 relu, Dense 32 relu, output (softmax for classes, linear for regression). */
function mlp(o: BuiltinModelOptions): tfl.Sequential {
  const m = tfl.sequential({ name: 'mlp' });
  // Flatten only what has more than one dimension (TF.js' Flatten refuses rank-2 input).
  const flat = o.inputShape.length > 1;
  if (flat) m.add(tfl.layers.flatten({ inputShape: o.inputShape }));
  m.add(tfl.layers.dense({ ...(flat ? {} : { inputShape: o.inputShape }), units: 64, activation: 'relu', kernelInitializer: seeded(o.seed, 1) }));
  m.add(tfl.layers.dense({ units: 32, activation: 'relu', kernelInitializer: seeded(o.seed, 2) }));
  m.add(outputLayer(o, 3));
  return m;
}

function outputLayer(o: BuiltinModelOptions, layer: number) {
  return tfl.layers.dense({
    units: o.outputUnits,
    activation: o.task === 'classification' ? 'softmax' : 'linear',
    kernelInitializer: seeded(o.seed, layer),
  });
}

/** Builds a built-in model for the data's shape and classes. */
export function buildBuiltinModel(name: BuiltinModel, options: BuiltinModelOptions): tfl.Sequential {
  return name === 'mnist-cnn' ? mnistCnn(options) : mlp(options);
}

/** The loss a built-in model trains with when --loss is not given. */
export function builtinLoss(task: 'classification' | 'regression'): string {
  return task === 'classification' ? 'sparseCategoricalCrossentropy' : 'meanSquaredError';
}
