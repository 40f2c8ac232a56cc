// The gradient replacements of tensorflow-kernels/gradients.ts, in this process (no tfjs-node
// needed): what they assume of TF.js's own gradients (fails when an upgrade changes it), and that
// on every backend without the fused kernels the result is TF.js's own, computed by TF.js's code.
import * as tf from '@tensorflow/tfjs';
import { FUSED_RELU_GRAD, fusedGradientInstalled, registerTensorflowKernels, stockGradient } from '../tensorflow-kernels';
import { readyBackends } from './compare';

beforeAll(async () => {
  await readyBackends();
  // registerTensorflowKernels wraps tfjs-node's MaxPool, MaxPoolGrad and Sum kernels: stand-ins
  // here (tfjs-node is not loaded in this process), never run.
  for (const name of ['MaxPool', 'MaxPoolGrad', 'Sum']) {
    if (!tf.getKernel(name, 'tensorflow')) tf.registerKernel({ kernelName: name, backendName: 'tensorflow', kernelFunc: () => { throw new Error(`stand-in ${name} ran`); } });
  }
});

const x = [-1.5, 0, 2, -0, 3.25, -7];
const dy = [5, 6, 7, 8, 9, 10];
const expected = [0, 0, 7, 0, 9, 0]; // dy where x > 0

it("TF.js's Relu gradient is what the replacement assumes: it saves x only and gives dy * step(x)", async () => {
  const stock = tf.getGradient('Relu');
  expect(fusedGradientInstalled('Relu')).toBe(false);
  expect(stock.inputsToSave).toEqual(['x']);
  expect(stock.outputsToSave).toBeUndefined();
  await tf.setBackend('cpu');
  let keys: string[] = [];
  const g = tf.tidy(() => {
    const out = stock.gradFunc(tf.tensor1d(dy), [tf.tensor1d(x)], {}) as Record<string, () => tf.Tensor>;
    keys = Object.keys(out);
    return out.x();
  });
  expect(keys).toEqual(['x']);
  expect(Array.from(g.dataSync())).toEqual(expected);
  g.dispose();
});

it('registerTensorflowKernels installs the replacement once (twice: the same stock gradient underneath) and registers the fused kernel for tensorflow only', () => {
  const stock = tf.getGradient('Relu');
  registerTensorflowKernels();
  registerTensorflowKernels();
  expect(fusedGradientInstalled('Relu')).toBe(true);
  expect(tf.getGradient('Relu')).not.toBe(stock);
  expect(stockGradient('Relu')).toBe(stock);
  expect(tf.getKernel(FUSED_RELU_GRAD, 'tensorflow')).toBeDefined();
  // tfjs-node's kernels wrapped once: a second call does not wrap the wrapper.
  const wrapped = ['MaxPool', 'MaxPoolGrad', 'Sum'].map((n) => tf.getKernel(n, 'tensorflow')!.kernelFunc);
  registerTensorflowKernels();
  expect(['MaxPool', 'MaxPoolGrad', 'Sum'].map((n) => tf.getKernel(n, 'tensorflow')!.kernelFunc)).toEqual(wrapped);
  for (const backend of ['cpu', 'wasm', 'webgl']) expect(tf.getKernel(FUSED_RELU_GRAD, backend)).toBeUndefined();
});

it.each(['cpu', 'wasm'])("on %s (no fused kernel) ReLU's gradient stays TF.js's own: Step runs, the fused kernel does not, the values are dy * step(x)", async (backend) => {
  registerTensorflowKernels();
  await tf.setBackend(backend);
  const grad = () => tf.tidy(() => tf.grad((v: tf.Tensor) => tf.relu(v).mul(tf.tensor1d(dy)).sum())(tf.tensor1d(x)));
  const info = await tf.profile(grad);
  const names = info.kernels.map((k) => k.name);
  expect(names).toContain('Step');
  expect(names).not.toContain(FUSED_RELU_GRAD);
  const g = grad();
  expect(Array.from(g.dataSync())).toEqual(expected);
  g.dispose();
});

it('an int32 ReLU keeps the stock gradient even where the fused kernel exists', async () => {
  registerTensorflowKernels();
  await tf.setBackend('cpu');
  const stock = stockGradient('Relu');
  // The replacement asks the active backend for the fused kernel; pretend cpu has one that must not run.
  const spy = jest.fn(() => { throw new Error('fused kernel used for int32'); });
  tf.registerKernel({ kernelName: FUSED_RELU_GRAD, backendName: 'cpu', kernelFunc: spy });
  try {
    const out = tf.tidy(() => {
      const g = tf.getGradient('Relu').gradFunc(tf.tensor1d([1, 2, 3], 'int32'), [tf.tensor1d([-1, 0, 1], 'int32')], {}) as Record<string, () => tf.Tensor>;
      return g.x();
    });
    expect(Array.from(out.dataSync())).toEqual([0, 0, 3]);
    out.dispose();
    expect(spy).not.toHaveBeenCalled();
    expect(stock).toBe(stockGradient('Relu'));
  } finally {
    tf.unregisterKernel(FUSED_RELU_GRAD, 'cpu');
  }
});
