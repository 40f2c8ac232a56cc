import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { buildBuiltinModel } from './builtin-models';
import { checkInputShape, checkLabels, checkLossFits } from './model-checks';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const mnist = { name: 'mnist', inputShape: [28, 28, 1], numClasses: 10, task: 'classification' as const };

function dense(inputShape: number[], units: number) {
  const m = tfl.sequential();
  if (inputShape.length > 1) m.add(tfl.layers.flatten({ inputShape }));
  m.add(tfl.layers.dense({ ...(inputShape.length > 1 ? {} : { inputShape }), units, name: 'out' }));
  return m;
}

describe('model checks', () => {
  it('accept a model that takes the data and has one unit per class', () => {
    const m = dense([28, 28, 1], 10);
    expect(() => checkInputShape(m, mnist)).not.toThrow();
    expect(() => checkLabels(m, mnist, 'sparseCategoricalCrossentropy')).not.toThrow();
    m.dispose();
  });

  it('name both shapes when the input does not match', () => {
    const m = dense([784], 10);
    expect(() => checkInputShape(m, mnist)).toThrow('model input shape [null, 784] does not match the data: mnist has samples of shape [batch, 28, 28, 1]');
    m.dispose();
  });

  it('name the classes and the output units when labels do not fit', () => {
    const m = dense([28, 28, 1], 5);
    expect(() => checkLabels(m, mnist, 'sparseCategoricalCrossentropy')).toThrow(
      "labels do not fit the output layer: mnist has 10 classes (labels 0..9) but output layer 'out' has 5 units (output shape [null, 5])",
    );
    m.dispose();
  });

  it('allow one sigmoid unit for two classes with binaryCrossentropy only', () => {
    const m = dense([2], 1);
    const blobs = { name: 'blobs', inputShape: [2], numClasses: 2, task: 'classification' as const };
    expect(() => checkLabels(m, blobs, 'binaryCrossentropy')).not.toThrow();
    expect(() => checkLabels(m, blobs, 'sparseCategoricalCrossentropy')).toThrow(/has 1 unit /);
    m.dispose();
  });
});

describe('built-in models', () => {
  it('mnist-cnn is the tutorial ConvNet, and the same seed gives the same initial weights', () => {
    const o = { inputShape: [28, 28, 1], outputUnits: 10, task: 'classification' as const, seed: 3 };
    const a = buildBuiltinModel('mnist-cnn', o);
    const b = buildBuiltinModel('mnist-cnn', o);
    const c = buildBuiltinModel('mnist-cnn', { ...o, seed: 4 });
    expect(a.layers.map((l) => l.getClassName())).toEqual(['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense', 'Dense', 'Dense']);
    expect(a.outputs[0].shape).toEqual([null, 10]);
    const w = (m: tfl.LayersModel) => m.getWeights().map((t) => Array.from(t.dataSync()));
    expect(w(b)).toEqual(w(a));
    expect(w(c)[0]).not.toEqual(w(a)[0]);
    // Layers draw from different streams: the two conv kernels' first values differ.
    expect(w(a)[0][0]).not.toBe(w(a)[2][0]);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('mnist-cnn refuses flat data and points to mlp', () => {
    expect(() => buildBuiltinModel('mnist-cnn', { inputShape: [784], outputUnits: 10, task: 'classification', seed: 0 })).toThrow(/use --model mlp/);
  });

  it('mlp has a linear single output for regression', () => {
    const m = buildBuiltinModel('mlp', { inputShape: [3], outputUnits: 1, task: 'regression', seed: 0 });
    expect(m.outputs[0].shape).toEqual([null, 1]);
    expect(m.layers[m.layers.length - 1].getConfig().activation).toBe('linear');
    m.dispose();
  });
});

describe('checkLossFits', () => {
  const blobs = { name: 'synthetic:blobs', inputShape: [2], numClasses: 3, task: 'classification' as const };
  const regression = { name: 'synthetic:regression', inputShape: [2], numClasses: null, task: 'regression' as const };

  it('refuses a loss that cannot score these labels against this output, before training', () => {
    const three = dense([2], 3);
    const one = dense([2], 1);
    expect(() => checkLossFits(three, blobs, 'mse')).toThrow('--loss mse compares numbers, but synthetic:blobs has class labels (3 classes) and the output has 3 units');
    expect(() => checkLossFits(one, regression, 'sparseCategoricalCrossentropy')).toThrow('needs class labels, but synthetic:regression has regression targets');
    expect(() => checkLossFits(three, blobs, 'binaryCrossentropy')).toThrow('--loss binaryCrossentropy takes one sigmoid output unit');
    // What fits: class losses on classes, mse on regression or on one unit, no loss known yet.
    expect(() => checkLossFits(three, blobs, 'sparseCategoricalCrossentropy')).not.toThrow();
    expect(() => checkLossFits(three, blobs, 'categoricalCrossentropy')).not.toThrow();
    expect(() => checkLossFits(one, regression, 'meanSquaredError')).not.toThrow();
    expect(() => checkLossFits(one, { ...blobs, numClasses: 2 }, 'mse')).not.toThrow();
    expect(() => checkLossFits(three, blobs, undefined)).not.toThrow();
    three.dispose();
    one.dispose();
  });
});
