// Test helpers: run the same computation on 'cpu' and on 'wasm' and compare.
import * as tf from '@tensorflow/tfjs';
import { prepareBackend } from '../prepare';

let ready: Promise<unknown> | null = null;

/** Initialises cpu and wasm (with the training kernels) once per test file. */
export function readyBackends(): Promise<unknown> {
  ready ??= (async () => {
    await prepareBackend('cpu');
    await prepareBackend('wasm');
  })();
  return ready;
}

/** A small seeded generator (mulberry32), so a failing case can be replayed from its seed. */
export { mulberry32 as rng } from '@lrfinder/datasets';

/** n standard-normal-ish numbers (Box-Muller) from `next`. */
export function normals(next: () => number, n: number): number[] {
  const out: number[] = [];
  while (out.length < n) {
    const u = Math.max(next(), 1e-12);
    const v = next();
    out.push(Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }
  return out;
}

/** Runs `fn` on a backend and copies its results out as plain arrays (tensors disposed). */
export async function runOn(backend: string, fn: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outs = tf.tidy(fn);
  const values = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return values;
}

/** max |a - b| / max |a|: the error relative to the size of the reference result. */
export function relativeError(reference: Float32Array, other: Float32Array): number {
  if (reference.length !== other.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < reference.length; i++) {
    const d = Math.abs(reference[i] - other[i]);
    if (!(d <= diff)) diff = Number.isNaN(d) ? Infinity : d;
    scale = Math.max(scale, Math.abs(reference[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Runs `fn` on cpu and wasm; returns the relative error of each result (cpu = reference). */
export async function compareCpuWasm(fn: () => tf.Tensor[]): Promise<number[]> {
  const cpu = await runOn('cpu', fn);
  const wasm = await runOn('wasm', fn);
  return cpu.map((c, i) => relativeError(c, wasm[i]));
}

/**
 * A model's output, softmax cross-entropy loss and weight gradients, all in training mode (batch
 * statistics: the same on both backends whatever BatchNormalization's moving averages are), on `batch`
 * images of `shape` and labels from 0 to `classes` - 1, drawn from `next`: on cpu, then on `other`
 * (an initialised backend). `names` labels the results: 'output', 'loss', then each trainable weight.
 */
export async function modelResultsCpuVs(other: string, model: tf.LayersModel, next: () => number, batch: number, shape: [number, number, number], classes: number) {
  const xs = normals(next, batch * shape[0] * shape[1] * shape[2]);
  const labels = Array.from({ length: batch }, () => Math.floor(next() * classes));
  const fn = () => {
    const x = tf.tensor4d(xs, [batch, ...shape]);
    const y = tf.oneHot(labels, classes);
    const { value, grads } = tf.variableGrads(() =>
      tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
    const output = model.apply(x, { training: true }) as tf.Tensor;
    return [output, value, ...model.trainableWeights.map((w) => grads[(w.read() as tf.Variable).name])];
  };
  const names = ['output', 'loss', ...model.trainableWeights.map((w) => w.name)];
  return { names, cpu: await runOn('cpu', fn), other: await runOn(other, fn) };
}

/** modelResultsCpuVs on wasm, as `{ names, cpu, wasm }`. */
export async function modelResultsCpuWasm(model: tf.LayersModel, next: () => number, batch: number, shape: [number, number, number], classes: number) {
  const { names, cpu, other } = await modelResultsCpuVs('wasm', model, next, batch, shape, classes);
  return { names, cpu, wasm: other };
}

/**
 * Conv2D (linear) -> MaxPooling2D (no ReLU before it) -> Conv2D (ReLU) -> BatchNorm -> AvgPool -> DepthwiseConv2D -> Dense x2.
 * With the default [12, 12, 2] input the 'same' AvgPool has windows that overlap the padding; with
 * [14, 12, 2] every window is whole (TF.js 4.22's cpu gradient of such windows is wrong, see
 * tensorflow.test.ts).
 */
export function wholeModelCnn(inputShape: [number, number, number] = [12, 12, 2]): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape, filters: 4, kernelSize: 3, padding: 'same' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 6, kernelSize: [2, 3], activation: 'relu' }));
  // After the ReLU: a BatchNorm right after a linear layer would make that layer's bias gradient
  // exactly zero in theory (the batch mean absorbs it), leaving only rounding noise to compare.
  model.add(tf.layers.batchNormalization());
  model.add(tf.layers.averagePooling2d({ poolSize: 2, padding: 'same' }));
  model.add(tf.layers.depthwiseConv2d({ kernelSize: 2, depthMultiplier: 2, padding: 'same', strides: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 8, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  return model;
}

/** Fails the current test if the reference result is all zeros (a comparison that proves nothing). */
export async function nonTrivial(fn: () => tf.Tensor[]): Promise<void> {
  const cpu = await runOn('cpu', fn);
  for (const values of cpu) expect(values.some((v) => v !== 0)).toBe(true);
}
