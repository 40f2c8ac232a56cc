// Whole-model weight gradients on wasm vs cpu, and no memory growth while training on wasm.
import * as tf from '@tensorflow/tfjs';
import { modelResultsCpuWasm, normals, readyBackends, relativeError, rng, wholeModelCnn } from './compare';

beforeAll(() => readyBackends());

it('every weight gradient of a CNN (Conv2D, MaxPool without ReLU, BatchNorm, AvgPool, DepthwiseConv2D, Dense) matches cpu', async () => {
  const seed = (Date.now() ^ (Math.random() * 2 ** 31)) >>> 0;
  const next = rng(seed);
  await tf.setBackend('cpu');
  const model = wholeModelCnn();
  const results = await modelResultsCpuWasm(model, next, 5, [12, 12, 2], 3);
  for (const i of [0, 1]) expect({ seed, [results.names[i]]: relativeError(results.cpu[i], results.wasm[i]) < 1e-5 }).toEqual({ seed, [results.names[i]]: true });
  // The weight gradients (after the output and the loss).
  const cpu = results.cpu.slice(2);
  const wasm = results.wasm.slice(2);
  expect(cpu).toHaveLength(model.trainableWeights.length);
  const errors = model.trainableWeights.map((w, i) => ({ weight: w.name, ok: relativeError(cpu[i], wasm[i]) < 1e-5, err: relativeError(cpu[i], wasm[i]) }));
  for (const g of cpu) expect(g.some((v) => v !== 0)).toBe(true);
  expect({ seed, errors }).toEqual({ seed, errors: errors.map((e) => ({ ...e, ok: true })) });
  model.dispose();
});

it('200 training steps on wasm leave tensors, wasm buffers and wasm memory flat', async () => {
  await tf.setBackend('wasm');
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [14, 14, 1], filters: 4, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same' }));
  model.add(tf.layers.conv2d({ filters: 4, kernelSize: 2, strides: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const next = rng(3);
  const x = tf.tensor4d(normals(next, 16 * 14 * 14), [16, 14, 14, 1]);
  const y = tf.oneHot(Array.from({ length: 16 }, (_, i) => i % 10), 10);
  const backend = tf.backend() as unknown as { numDataIds(): number; wasm: { HEAPU8: Uint8Array } };
  const snapshot = () => ({ tensors: tf.memory().numTensors, dataIds: backend.numDataIds(), heap: backend.wasm.HEAPU8.byteLength });
  let after20 = snapshot();
  const losses: number[] = [];
  for (let step = 1; step <= 200; step++) {
    losses.push((await model.trainOnBatch(x, y)) as number);
    if (step === 20) after20 = snapshot();
  }
  expect(snapshot()).toEqual(after20);
  expect(losses[199]).toBeLessThan(losses[0]);
  tf.dispose([x, y]);
  model.dispose();
});
