// Child process of tensorflow.test.ts (tfjs-node's addon loads once per process, and jest would
// load it again for each test file): compares the tensorflow backend with cpu (mode `grads`) or
// the first 20 losses of the reference experiment with wasm (mode `losses`), prints one JSON line.
import * as tf from '@tensorflow/tfjs';
import { LRFinder } from '@lrfinder/core';
import { loadMnist } from '@lrfinder/datasets/node';
import { prepareBackend } from '../prepare';
import { FUSED_RELU_GRAD } from '../tensorflow-kernels';
import { modelResultsCpuVs, normals, relativeError, rng, runOn, wholeModelCnn } from './compare';
import { readyTensorflow } from './tensorflow-backend';

/** Kernel names run by `fn` on the active backend (tf.profile). */
async function kernelsOf(fn: () => tf.Tensor): Promise<string[]> {
  const info = await tf.profile(() => fn());
  return [...new Set(info.kernels.map((k) => k.name))];
}

async function grads(seed: number) {
  const next = rng(seed);
  await tf.setBackend('cpu');
  // [14, 12, 2]: every window of the 'same' AvgPool whole (see avgPoolSame below for the others).
  const model = wholeModelCnn([14, 12, 2]);
  const results = await modelResultsCpuVs('tensorflow', model, next, 5, [14, 12, 2], 3);
  const errors = Object.fromEntries(results.names.map((n, i) => [n, relativeError(results.cpu[i], results.other[i])]));
  const allZero = results.names.filter((n, i) => !results.cpu[i].some((v) => v !== 0));
  model.dispose();

  // ReLU's gradient alone, on inputs with exact zeros and ties (the fused ReluGrad).
  const xs = normals(next, 2 * 7 * 7 * 3).map((v, i) => (i % 5 === 0 ? 0 : v));
  const ws = normals(next, xs.length);
  const reluFn = () => {
    const x = tf.tensor4d(xs, [2, 7, 7, 3]);
    const w = tf.tensor4d(ws, [2, 7, 7, 3]);
    return [tf.grad((v: tf.Tensor) => tf.relu(v).mul(w).sum())(x)];
  };
  const [reluCpu] = await runOn('cpu', reluFn);
  const [reluTf] = await runOn('tensorflow', reluFn);
  const reluGrad = { error: relativeError(reluCpu, reluTf), zeros: reluCpu.filter((v) => v === 0).length };
  const gradOf = () => tf.tidy(() => tf.grad((v: tf.Tensor) => tf.relu(v).sum())(tf.tensor1d(xs)));
  await tf.setBackend('tensorflow');
  const kernelsTf = await kernelsOf(gradOf);
  await tf.setBackend('cpu');
  const kernelsCpu = await kernelsOf(gradOf);
  // AvgPool 'same' whose windows overlap the padding: the forward pass averages the cells inside
  // the image (both backends); the gradient of sum(avgPool(x)) is 1/count for each window a cell is
  // in (worked by hand for 3x3, pool 2, stride 2: windows of 4, 2, 2 and 1 cells).
  const avgFn = () => [tf.grad((v: tf.Tensor) => tf.avgPool(v as tf.Tensor4D, 2, 2, 'same').sum())(tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]))];
  const avgPoolSame = { tensorflow: Array.from((await runOn('tensorflow', avgFn))[0]), cpu: Array.from((await runOn('cpu', avgFn))[0]) };
  return {
    errors, allZero, reluGrad, avgPoolSame,
    fused: { tensorflow: kernelsTf.includes(FUSED_RELU_GRAD) && !kernelsTf.includes('Step'), cpu: !kernelsCpu.includes(FUSED_RELU_GRAD) && kernelsCpu.includes('Step') },
  };
}

/** The reference ConvNet with the CLI's seeded initial weights (apps/cli builtin mnist-cnn). */
function referenceCnn(seed: number): tf.Sequential {
  const init = (layer: number) => tf.initializers.glorotUniform({ seed: seed * 1000 + layer });
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: init(1) }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', kernelInitializer: init(2) }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 256, activation: 'relu', kernelInitializer: init(3) }));
  m.add(tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: init(4) }));
  m.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(5) }));
  return m;
}

/** First `steps` losses of the reference range test (batch 250, 1e-4 -> 1 over 100 steps) on `backend`. */
async function firstLosses(backend: string, optimizer: 'sgd' | 'adam', steps: number): Promise<number[]> {
  await tf.setBackend(backend);
  const source = await loadMnist();
  const model = referenceCnn(0);
  const stop = new AbortController();
  const finder = new LRFinder(model, { loss: 'categoricalCrossentropy' });
  const run = await finder.findBatches(() => source.batches({ batchSize: 250, split: 'train', seed: 0, shuffle: true, labels: 'onehot' }), {
    optimizer, numIter: 100, startLr: 1e-4, endLr: 1, signal: stop.signal,
    onStep: ({ point }) => {
      if (point.step + 1 >= steps) stop.abort();
    },
  });
  model.dispose();
  return run.points.slice(0, steps).map((p) => p.loss as number);
}

async function losses(steps: number) {
  await prepareBackend('wasm');
  const out: Record<string, { tensorflow: number[]; wasm: number[] }> = {};
  for (const optimizer of ['sgd', 'adam'] as const) {
    out[optimizer] = { tensorflow: await firstLosses('tensorflow', optimizer, steps), wasm: await firstLosses('wasm', optimizer, steps) };
  }
  return out;
}

async function main(): Promise<void> {
  tf.env().set('PROD', true);
  const mode = process.argv[2];
  const how = await readyTensorflow().catch((e: Error) => {
    console.log(JSON.stringify({ unavailable: e.message }));
    return null;
  });
  if (how == null) return;
  await prepareBackend('cpu');
  const result = mode === 'grads' ? await grads(Number(process.argv[3])) : await losses(Number(process.argv[3]));
  console.log(JSON.stringify({ how, result }));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
