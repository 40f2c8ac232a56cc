// Child process of tensorflow.test.ts (tfjs-node's addon loads once per process, and jest would
// load it again for each test file): compares the tensorflow backend with cpu (mode `grads`) or
// the first 20 losses of the reference experiment with wasm (mode `losses`), prints one JSON line.
import * as tf from '@tensorflow/tfjs';
import { createOptimizer, LRFinder } from '@lrfinder/core';
import { loadMnist } from '@lrfinder/datasets/node';
import { prepareBackend } from '../prepare';
import { FUSED_RELU_GRAD, fusedOpCalls, liveWorkspaces, oneDnnPoolingWorks } from '../tensorflow-kernels';
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
  const pools = await maxPools(next);
  const sums = await biasSums(next);
  const leaks = await trainingLeaks(next);
  const adam = await fusedAdam(next);
  return {
    errors, allZero, reluGrad, avgPoolSame, pools, sums, leaks, adam,
    fused: { tensorflow: kernelsTf.includes(FUSED_RELU_GRAD) && !kernelsTf.includes('Step'), cpu: !kernelsCpu.includes(FUSED_RELU_GRAD) && kernelsCpu.includes('Step') },
  };
}

/**
 * MaxPool and its gradient (oneDNN with a workspace on tensorflow) vs cpu: sizes, strides and
 * paddings, inputs after a ReLU (ties at 0) with one image all negative. `fast`: the output had a
 * workspace while alive, none after it was disposed.
 */
async function maxPools(next: () => number) {
  const configs: { shape: [number, number, number, number]; filter: number | [number, number]; stride: number | [number, number]; pad: 'valid' | 'same' }[] = [
    { shape: [3, 8, 8, 4], filter: 2, stride: 2, pad: 'valid' },
    { shape: [2, 9, 7, 3], filter: 3, stride: 2, pad: 'same' },
    { shape: [2, 6, 6, 2], filter: 2, stride: 1, pad: 'same' },
    { shape: [2, 7, 9, 3], filter: [2, 3], stride: [1, 2], pad: 'valid' },
    { shape: [1, 5, 5, 2], filter: 3, stride: 3, pad: 'same' },
  ];
  const out = [];
  for (const c of configs) {
    const n = c.shape.reduce((a, b) => a * b, 1);
    const perImage = n / c.shape[0];
    // ReLU-like: ~half exact zeros (ties); the last image all negative (windows of negatives only).
    const xs = normals(next, n).map((v, i) => (i >= n - perImage ? -Math.abs(v) - 0.1 : Math.max(v, 0)));
    let dyShape: number[] = [];
    await tf.setBackend('cpu');
    dyShape = tf.tidy(() => tf.maxPool(tf.tensor4d(xs, c.shape), c.filter, c.stride, c.pad).shape);
    const dys = normals(next, dyShape.reduce((a, b) => a * b, 1));
    const fn = () => {
      const x = tf.tensor4d(xs, c.shape);
      const y = tf.maxPool(x, c.filter, c.stride, c.pad);
      const g = tf.grad((v: tf.Tensor) => tf.maxPool(v as tf.Tensor4D, c.filter, c.stride, c.pad).mul(tf.tensor(dys, dyShape)).sum())(x);
      return [y, g];
    };
    const cpu = await runOn('cpu', fn);
    const tfr = await runOn('tensorflow', fn);
    await tf.setBackend('tensorflow');
    const before = liveWorkspaces();
    const y = tf.maxPool(tf.tensor4d(xs, c.shape), c.filter, c.stride, c.pad);
    const during = liveWorkspaces();
    y.dispose();
    const calls = fusedOpCalls();
    tf.dispose(tf.tidy(fn));
    const grads = (fusedOpCalls()._MklNativeMaxPoolGrad ?? 0) - (calls._MklNativeMaxPoolGrad ?? 0);
    const fast = during === before + 1 && liveWorkspaces() === before && grads === 1;
    out.push({ config: JSON.stringify(c), output: relativeError(cpu[0], tfr[0]), grad: relativeError(cpu[1], tfr[1]), fast });
  }
  return { oneDnn: oneDnnPoolingWorks(tf.findBackend('tensorflow') as never), cases: out };
}

/**
 * Sums vs cpu: over all axes but the last (BiasAddGrad on tensorflow) and others (tfjs-node's Sum).
 * The error is the largest difference over the largest sum of |x| of one output: a sum's rounding
 * error scales with the |x| it adds, not with the sum, which cancellation can make near zero (a
 * sum of 1470 normals compared by its own size failed now and then at 1.6e-5).
 */
async function biasSums(next: () => number) {
  const cases: [number[], number[], boolean][] = [
    [[5, 7, 7, 6], [0, 1, 2], false], [[9, 4], [0], false], [[3, 5, 8], [1, 0], false],
    [[5, 7, 7, 6], [0, 1, 2], true], [[5, 7, 7, 6], [1, 2], false], [[5, 7, 7, 6], [0, 1, 2, 3], false],
  ];
  const out = [];
  for (const [shape, axes, keepDims] of cases) {
    const xs = normals(next, shape.reduce((a, b) => a * b, 1));
    const fn = () => [tf.sum(tf.tensor(xs, shape), axes, keepDims)];
    const cpu = await runOn('cpu', fn);
    const tfr = await runOn('tensorflow', fn);
    const before = fusedOpCalls().BiasAddGrad ?? 0;
    await runOn('tensorflow', fn);
    const biasAddGrad = (fusedOpCalls().BiasAddGrad ?? 0) - before;
    const [absSums] = await runOn('cpu', () => [tf.sum(tf.abs(tf.tensor(xs, shape)), axes, keepDims)]);
    const scale = Math.max(...absSums);
    const diff = Math.max(...cpu[0].map((v, i) => Math.abs(v - tfr[0][i])));
    out.push({ shape, axes, keepDims, error: Number.isFinite(diff) ? diff / scale : Infinity, length: tfr[0].length, biasAddGrad });
  }
  return out;
}

/**
 * core's Adam (createOptimizer) on tensorflow, where it runs TensorFlow's ResourceApplyAdam, vs on
 * cpu (TF.js's own update): 6 steps at a growing rate with the same gradients; the variables after
 * each step and the moments at the end (getWeights), the fused op's calls, and the TF.js tensors
 * and TensorFlow handles left once the optimizer is disposed.
 */
async function fusedAdam(next: () => number) {
  const shapes = [[3, 3, 2, 4], [4], [50, 10]];
  const starts = shapes.map((s) => normals(next, s.reduce((a, b) => a * b, 1)));
  const grads = Array.from({ length: 6 }, () => shapes.map((s) => normals(next, s.reduce((a, b) => a * b, 1)).map((g) => g * 3)));
  const lrs = grads.map((_, i) => 1e-3 * 4 ** i);
  const onBackend = async (backend: string) => {
    await tf.setBackend(backend);
    const binding = backend === 'tensorflow' ? (tf.backend() as unknown as { binding: { getNumOfTensors(): number } }).binding : null;
    const before = { tensors: tf.memory().numTensors, handles: binding?.getNumOfTensors() ?? 0 };
    // In a tidy: the initial values' tensors go, the variables (never tidied) stay.
    const vars = tf.tidy(() => starts.map((v, i) => tf.variable(tf.tensor(v, shapes[i]), true, `adam-check-${i}`)));
    const opt = createOptimizer('adam', lrs[0]);
    const calls = fusedOpCalls().ResourceApplyAdam ?? 0;
    const values: Float32Array[][] = [];
    for (const [step, g] of grads.entries()) {
      opt.setLearningRate(lrs[step]);
      tf.tidy(() => opt.optimizer.applyGradients(Object.fromEntries(vars.map((v, i) => [v.name, tf.tensor(g[i], shapes[i])]))));
      values.push(vars.map((v) => v.dataSync() as Float32Array));
    }
    const weights = await opt.optimizer.getWeights();
    const moments = { names: weights.map((w) => w.name), values: weights.slice(1).map((w) => w.tensor.dataSync() as Float32Array) };
    tf.dispose(weights.map((w) => w.tensor));
    const applied = (fusedOpCalls().ResourceApplyAdam ?? 0) - calls;
    opt.dispose();
    tf.dispose(vars);
    const after = { tensors: tf.memory().numTensors, handles: binding?.getNumOfTensors() ?? 0 };
    return { values, moments, applied, before, after };
  };
  const cpu = await onBackend('cpu');
  const tfr = await onBackend('tensorflow');
  return {
    valueErrors: tfr.values.map((step, s) => Math.max(...step.map((v, i) => relativeError(cpu.values[s][i], v)))),
    momentErrors: tfr.moments.values.map((v, i) => relativeError(cpu.moments.values[i], v)),
    names: { tensorflow: tfr.moments.names, cpu: cpu.moments.names },
    applied: { tensorflow: tfr.applied, cpu: cpu.applied },
    memory: { tensorflow: [tfr.before, tfr.after], cpu: [cpu.before, cpu.after] },
  };
}

/** 30 training steps of a small CNN with MaxPool on tensorflow: TF.js tensors, TF handles and workspaces after step 10 and 30. */
async function trainingLeaks(next: () => number) {
  await tf.setBackend('tensorflow');
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [12, 12, 1], filters: 4, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const x = tf.tensor4d(normals(next, 8 * 144), [8, 12, 12, 1]);
  const y = tf.oneHot(Array.from({ length: 8 }, (_, i) => i % 10), 10);
  const binding = (tf.backend() as unknown as { binding: { getNumOfTensors(): number } }).binding;
  const snap = () => ({ tensors: tf.memory().numTensors, handles: binding.getNumOfTensors(), workspaces: liveWorkspaces() });
  let at10 = snap();
  const losses: number[] = [];
  for (let step = 1; step <= 30; step++) {
    losses.push((await model.trainOnBatch(x, y)) as number);
    if (step === 10) at10 = snap();
  }
  const at30 = snap();
  tf.dispose([x, y]);
  model.dispose();
  return { at10, at30, learned: losses[29] < losses[0] };
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
