// DepthwiseConv2dNative gradients (both backprop kernels added to wasm) vs cpu.
import * as tf from '@tensorflow/tfjs';
import { compareCpuWasm, nonTrivial, normals, readyBackends, rng } from './compare';

interface Case {
  x: [number, number, number, number];
  f: [number, number];
  multiplier: number;
  strides: [number, number];
  pad: 'valid' | 'same';
}

// tfjs' depthwiseConv2d op takes equal strides only (strides 1, 2, 3 here); multipliers 1 and 2,
// filters 1x1..5x5 and non-square, batch 1 and several, valid and same.
const cases: Case[] = [
  { x: [1, 5, 6, 2], f: [1, 1], multiplier: 1, strides: [1, 1], pad: 'valid' },
  { x: [3, 8, 7, 3], f: [2, 2], multiplier: 2, strides: [2, 2], pad: 'same' },
  { x: [2, 9, 8, 2], f: [3, 3], multiplier: 1, strides: [1, 1], pad: 'same' },
  { x: [2, 11, 10, 2], f: [4, 4], multiplier: 2, strides: [3, 3], pad: 'valid' },
  { x: [1, 11, 12, 3], f: [5, 5], multiplier: 1, strides: [2, 2], pad: 'valid' },
  { x: [4, 8, 9, 2], f: [2, 3], multiplier: 2, strides: [1, 1], pad: 'valid' },
  { x: [2, 10, 8, 1], f: [5, 2], multiplier: 2, strides: [2, 2], pad: 'same' },
  { x: [2, 9, 9, 2], f: [1, 4], multiplier: 1, strides: [3, 3], pad: 'same' },
];

beforeAll(() => readyBackends());

describe.each(cases)('depthwiseConv2d x=$x filter=$f multiplier=$multiplier strides=$strides pad=$pad', ({ x, f, multiplier, strides, pad }) => {
  it('dx and dw match cpu (relative error < 1e-5)', async () => {
    const seed = (Date.now() ^ (Math.random() * 2 ** 31)) >>> 0;
    const next = rng(seed);
    const filterShape: [number, number, number, number] = [f[0], f[1], x[3], multiplier];
    const xs = normals(next, tf.util.sizeFromShape(x));
    const ws = normals(next, tf.util.sizeFromShape(filterShape));
    const outShape = tf.tidy(() => tf.depthwiseConv2d(tf.zeros(x) as tf.Tensor4D, tf.zeros(filterShape) as tf.Tensor4D, strides, pad).shape);
    const rs = normals(next, tf.util.sizeFromShape(outShape));
    const fn = () => {
      const r = tf.tensor(rs, outShape);
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, pad).mul(r).sum());
      return g([tf.tensor4d(xs, x), tf.tensor4d(ws, filterShape)]);
    };
    await nonTrivial(fn);
    const [dx, dw] = await compareCpuWasm(fn);
    expect({ seed, dx: dx < 1e-5, dw: dw < 1e-5 }).toEqual({ seed, dx: true, dw: true });
  });
});

describe('separableConv2d (depthwise then pointwise)', () => {
  it('gradients of input, depthwise and pointwise filters match cpu', async () => {
    const next = rng(Date.now() >>> 0);
    const x: [number, number, number, number] = [2, 9, 9, 3];
    const dShape: [number, number, number, number] = [3, 3, 3, 2];
    const pShape: [number, number, number, number] = [1, 1, 6, 4];
    const xs = normals(next, 2 * 9 * 9 * 3);
    const ds = normals(next, 3 * 3 * 3 * 2);
    const ps = normals(next, 6 * 4);
    const fn = () => {
      const g = tf.grads((a: tf.Tensor, d: tf.Tensor, p: tf.Tensor) =>
        tf.separableConv2d(a as tf.Tensor4D, d as tf.Tensor4D, p as tf.Tensor4D, 2, 'same').square().sum());
      return g([tf.tensor4d(xs, x), tf.tensor4d(ds, dShape), tf.tensor4d(ps, pShape)]);
    };
    await nonTrivial(fn);
    for (const err of await compareCpuWasm(fn)) expect(err).toBeLessThan(1e-5);
  });
});
