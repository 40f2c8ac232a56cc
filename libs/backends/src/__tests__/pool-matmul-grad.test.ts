// MaxPoolGrad (ours, on wasm memory), AvgPoolGrad (built-in, checked) and transposed matmuls on wasm vs cpu.
import * as tf from '@tensorflow/tfjs';
import { directMaxPoolGrad } from '../kernels/max-pool-grad';
import { compareCpuWasm, nonTrivial, normals, readyBackends, rng, runOn, relativeError } from './compare';

interface PoolCase {
  x: [number, number, number, number];
  size: [number, number];
  strides: [number, number];
  pad: 'valid' | 'same';
  /** Shift the input below zero so that every window's maximum is negative. */
  negative?: boolean;
  /** ReLU before the pool (as in most ConvNets): windows with several zeros, i.e. ties. */
  relu?: boolean;
}

const cases: PoolCase[] = [
  { x: [2, 8, 8, 3], size: [2, 2], strides: [2, 2], pad: 'valid', negative: true },
  { x: [1, 9, 7, 2], size: [3, 3], strides: [2, 2], pad: 'same' },
  { x: [3, 7, 9, 2], size: [2, 3], strides: [1, 1], pad: 'valid', negative: true },
  { x: [2, 10, 10, 1], size: [3, 2], strides: [3, 3], pad: 'same', negative: true },
  { x: [1, 9, 11, 2], size: [5, 4], strides: [2, 3], pad: 'valid' },
  { x: [2, 8, 8, 2], size: [1, 1], strides: [1, 1], pad: 'same', negative: true },
  { x: [2, 8, 9, 2], size: [2, 2], strides: [2, 2], pad: 'same', relu: true },
];

beforeAll(() => readyBackends());

function inputs(c: PoolCase, next: () => number): number[] {
  const values = normals(next, tf.util.sizeFromShape(c.x));
  if (c.negative) return values.map((v) => v - 5);
  return values;
}

describe.each(cases)('pooling x=$x size=$size strides=$strides pad=$pad negative=$negative relu=$relu', (c) => {
  it('maxPool and avgPool input gradients match cpu (relative error < 1e-5)', async () => {
    const seed = (Date.now() ^ (Math.random() * 2 ** 31)) >>> 0;
    const next = rng(seed);
    const xs = inputs(c, next);
    const outShape = tf.tidy(() => tf.maxPool(tf.zeros(c.x) as tf.Tensor4D, c.size, c.strides, c.pad).shape);
    const rs = normals(next, tf.util.sizeFromShape(outShape));
    const fn = () => {
      const r = tf.tensor(rs, outShape);
      const x = tf.tensor4d(xs, c.x);
      const before = (a: tf.Tensor) => (c.relu ? tf.relu(a) : a) as tf.Tensor4D;
      const max = tf.grad((a: tf.Tensor) => tf.maxPool(before(a), c.size, c.strides, c.pad).mul(r).sum())(x);
      const avg = tf.grad((a: tf.Tensor) => tf.avgPool(a as tf.Tensor4D, c.size, c.strides, c.pad).mul(r).sum())(x);
      return [max, avg];
    };
    await nonTrivial(fn);
    const [max, avg] = await compareCpuWasm(fn);
    expect({ seed, max: max < 1e-5, avg: avg < 1e-5 }).toEqual({ seed, max: true, avg: true });
  });
});

it("wasm's own MaxPoolGrad is wrong for windows whose maximum is <= 0 (the reason it is replaced)", async () => {
  await readyBackends();
  const xs = normals(rng(7), 2 * 6 * 6 * 2).map((v) => v - 5);
  const grad = () => [tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid').sum())(tf.tensor4d(xs, [2, 6, 6, 2]))];
  const [reference] = await runOn('cpu', grad);
  const ours = tf.getKernel('MaxPoolGrad', 'wasm')!;
  const builtin = (ours.kernelFunc as unknown as { builtin?: tf.KernelFunc }).builtin;
  expect(typeof builtin).toBe('function');
  tf.unregisterKernel('MaxPoolGrad', 'wasm');
  tf.registerKernel({ ...ours, kernelFunc: builtin! });
  try {
    const [raw] = await runOn('wasm', grad);
    expect(relativeError(reference, raw)).toBeGreaterThan(0.5);
  } finally {
    tf.unregisterKernel('MaxPoolGrad', 'wasm');
    tf.registerKernel(ours);
  }
  const [fixed] = await runOn('wasm', grad);
  expect(relativeError(reference, fixed)).toBeLessThan(1e-5);
  expect(typeof directMaxPoolGrad).toBe('function');
});

it('with exact ties, tiled windows send the gradient to the first maximum, like cpu', async () => {
  await readyBackends();
  // Two 2x2 windows: [0, 0 / 0, 0] and [1, 3 / 3, 2].
  const x = [0, 0, 1, 3, 0, 0, 3, 2];
  const grad = () => [tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid').mul(tf.tensor4d([5, 7], [1, 1, 2, 1])).sum())(tf.tensor4d(x, [1, 2, 4, 1]))];
  const [cpu] = await runOn('cpu', grad);
  const [wasm] = await runOn('wasm', grad);
  expect(Array.from(cpu)).toEqual([5, 0, 0, 7, 0, 0, 0, 0]);
  expect(Array.from(wasm)).toEqual(Array.from(cpu));
});

it('with exact ties in overlapping windows, each window sends its gradient to its first maximum, like cpu', async () => {
  await readyBackends();
  // 2x3 input, 2x2 windows at stride 1: window 1 holds the 4s at 0, 4; window 2 those at 2, 4.
  const x = [4, 1, 4, 2, 4, 0];
  const grad = () => [tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, 2, 1, 'valid').mul(tf.tensor4d([5, 7], [1, 1, 2, 1])).sum())(tf.tensor4d(x, [1, 2, 3, 1]))];
  const [cpu] = await runOn('cpu', grad);
  const [wasm] = await runOn('wasm', grad);
  expect(Array.from(cpu)).toEqual([5, 0, 7, 0, 0, 0]);
  expect(Array.from(wasm)).toEqual(Array.from(cpu));
});

it('windows holding only -Infinity pass no gradient, like cpu', async () => {
  await readyBackends();
  const x = [-Infinity, -Infinity, 1, 2, -Infinity, -Infinity, 3, 4];
  const grad = () => [tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, 2, 2, 'same').mul(tf.tensor4d([5, 7], [1, 1, 2, 1])).sum())(tf.tensor4d(x, [1, 2, 4, 1]))];
  const [cpu] = await runOn('cpu', grad);
  const [wasm] = await runOn('wasm', grad);
  expect(Array.from(cpu)).toEqual([0, 0, 0, 0, 0, 0, 0, 7]);
  expect(Array.from(wasm)).toEqual(Array.from(cpu));
});

describe.each([
  { a: [5, 7], b: [7, 4], ta: false, tb: false },
  { a: [7, 5], b: [7, 4], ta: true, tb: false },
  { a: [5, 7], b: [4, 7], ta: false, tb: true },
  { a: [7, 5], b: [4, 7], ta: true, tb: true },
  { a: [3, 6, 5], b: [3, 4, 6], ta: true, tb: true },
  { a: [2, 5, 6], b: [2, 4, 6], ta: false, tb: true },
])('matMul a=$a b=$b transposeA=$ta transposeB=$tb', ({ a, b, ta, tb }) => {
  it('product and gradients match cpu, plain and fused with bias + relu', async () => {
    const next = rng(Date.now() >>> 0);
    const as = normals(next, tf.util.sizeFromShape(a));
    const bs = normals(next, tf.util.sizeFromShape(b));
    const fn = () => {
      const [ta_, tb_] = [tf.tensor(as, a), tf.tensor(bs, b)];
      const plain = tf.matMul(ta_, tb_, ta, tb);
      const bias = tf.linspace(-1, 1, plain.shape[plain.shape.length - 1]);
      const fused = tf.fused.matMul({ a: ta_, b: tb_, transposeA: ta, transposeB: tb, bias, activation: 'relu' });
      const grads = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, ta, tb).square().sum())([ta_, tb_]);
      return [plain, fused, ...grads];
    };
    await nonTrivial(fn);
    for (const err of await compareCpuWasm(fn)) expect(err).toBeLessThan(1e-5);
  });
});
