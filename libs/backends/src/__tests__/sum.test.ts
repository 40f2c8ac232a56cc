// Sum over leading axes as a product with ones, vs cpu; other reductions unchanged.
import * as tf from '@tensorflow/tfjs';
import { leadingAxes } from '../kernels/sum';
import { compareCpuWasm, nonTrivial, normals, readyBackends, rng } from './compare';

beforeAll(() => readyBackends());

it('leadingAxes recognises [0..k-1] (any order, negative axes) and nothing else', () => {
  expect(leadingAxes([0, 1, 2], 4)).toBe(3);
  expect(leadingAxes([2, 0, -3], 4)).toBe(3);
  expect(leadingAxes(0, 2)).toBe(1);
  expect(leadingAxes([0, 1, 2, 3], 4)).toBe(0);
  expect(leadingAxes([1, 2], 4)).toBe(0);
  expect(leadingAxes([0, 2], 4)).toBe(0);
  expect(leadingAxes(undefined, 3)).toBe(0);
});

describe.each([
  { shape: [40, 9, 11, 6], axis: [0, 1, 2], keepDims: false },
  { shape: [40, 9, 11, 6], axis: [0, 1, 2], keepDims: true },
  { shape: [600, 7], axis: 0, keepDims: false },
  { shape: [1, 30, 20, 3], axis: [0, 1, 2], keepDims: false },
  { shape: [30, 20, 5], axis: [-2, 0], keepDims: false },
  { shape: [30, 20, 5], axis: [1, 2], keepDims: false },
  { shape: [8, 5], axis: [0], keepDims: false },
  { shape: [30, 20, 5], axis: null, keepDims: false },
])('sum shape=$shape axis=$axis keepDims=$keepDims', ({ shape, axis, keepDims }) => {
  it('matches cpu (relative error < 1e-5)', async () => {
    const values = normals(rng(Date.now() >>> 0), tf.util.sizeFromShape(shape)).map((v) => v + 0.3);
    const fn = () => [tf.sum(tf.tensor(values, shape), axis ?? undefined, keepDims)];
    await nonTrivial(fn);
    const cpuShape = tf.tidy(() => tf.sum(tf.zeros(shape), axis ?? undefined, keepDims).shape);
    await tf.setBackend('wasm');
    expect(tf.tidy(() => tf.sum(tf.zeros(shape), axis ?? undefined, keepDims).shape)).toEqual(cpuShape);
    const [err] = await compareCpuWasm(fn);
    expect(err).toBeLessThan(1e-5);
  });
});

it('int32 sums stay exact (built-in kernel)', async () => {
  await tf.setBackend('wasm');
  const s = tf.sum(tf.ones([300, 4], 'int32'), 0);
  expect(s.dtype).toBe('int32');
  expect(Array.from(s.dataSync())).toEqual([300, 300, 300, 300]);
  s.dispose();
});
