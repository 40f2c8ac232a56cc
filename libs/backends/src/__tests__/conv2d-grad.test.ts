// Conv2D gradients (Conv2DBackpropInput replaced, Conv2DBackpropFilter added) on wasm vs cpu.
import * as tf from '@tensorflow/tfjs';
import { filterGradientByConv, filterGradientByPatches } from '../kernels/conv2d-backprop';
import { convGeometry } from '../kernels/conv-common';
import { withOps, type WasmBackendLike } from '../kernels/wasm-ops';
import { compareCpuWasm, nonTrivial, normals, readyBackends, relativeError, rng, runOn } from './compare';

type Pad = 'valid' | 'same' | [[number, number], [number, number], [number, number], [number, number]];
interface Case {
  x: [number, number, number, number];
  f: [number, number]; // filter height, width
  out: number;
  strides: [number, number];
  pad: Pad;
}

// A representative grid: strides 1, 2, 3 and unequal; valid/same/explicit; filters 1x1..5x5 and
// non-square; batch 1 and several; sizes with and without a leftover row/column.
const cases: Case[] = [
  { x: [1, 5, 5, 1], f: [1, 1], out: 2, strides: [1, 1], pad: 'valid' },
  { x: [3, 8, 7, 2], f: [2, 2], out: 3, strides: [2, 2], pad: 'valid' },
  { x: [2, 9, 8, 3], f: [3, 3], out: 4, strides: [1, 1], pad: 'same' },
  { x: [2, 10, 11, 2], f: [4, 4], out: 2, strides: [3, 3], pad: 'same' },
  { x: [1, 11, 9, 2], f: [5, 5], out: 3, strides: [2, 2], pad: 'valid' },
  { x: [4, 9, 8, 3], f: [2, 3], out: 4, strides: [2, 3], pad: 'valid' },
  { x: [2, 7, 10, 2], f: [5, 4], out: 2, strides: [3, 1], pad: 'same' },
  { x: [3, 8, 8, 1], f: [1, 3], out: 5, strides: [1, 2], pad: 'same' },
  { x: [2, 12, 12, 3], f: [3, 3], out: 2, strides: [3, 3], pad: 'valid' },
  { x: [1, 6, 7, 2], f: [4, 2], out: 3, strides: [1, 1], pad: 'valid' },
  { x: [2, 10, 9, 2], f: [3, 5], out: 2, strides: [2, 1], pad: 'same' },
  { x: [2, 9, 9, 2], f: [2, 2], out: 3, strides: [2, 2], pad: [[0, 0], [3, 0], [1, 2], [0, 0]] },
  { x: [1, 8, 9, 2], f: [3, 2], out: 2, strides: [1, 2], pad: [[0, 0], [0, 4], [2, 0], [0, 0]] },
];

beforeAll(() => readyBackends());

describe.each(cases)('conv2d x=$x filter=$f strides=$strides pad=$pad', ({ x, f, out, strides, pad }) => {
  it('dx and dw match cpu (relative error < 1e-5)', async () => {
    const seed = (Date.now() ^ (Math.random() * 2 ** 31)) >>> 0;
    const next = rng(seed);
    const filterShape: [number, number, number, number] = [f[0], f[1], x[3], out];
    const xs = normals(next, tf.util.sizeFromShape(x));
    const ws = normals(next, tf.util.sizeFromShape(filterShape));
    const outShape = tf.conv2d(tf.zeros(x) as tf.Tensor4D, tf.zeros(filterShape) as tf.Tensor4D, strides, pad).shape;
    const rs = normals(next, tf.util.sizeFromShape(outShape));
    const fn = () => {
      const r = tf.tensor(rs, outShape);
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, pad).mul(r).sum());
      return g([tf.tensor4d(xs, x), tf.tensor4d(ws, filterShape)]);
    };
    await nonTrivial(fn);
    const [dx, dw] = await compareCpuWasm(fn);
    expect({ seed, dx: dx < 1e-5, dw: dw < 1e-5 }).toEqual({ seed, dx: true, dw: true });
  });
});

// The kernel picks one of two formulations by operand sizes; each must be right on every case.
describe.each([
  ['a convolution packing dy', filterGradientByConv],
  ['a product packing the patches of x', filterGradientByPatches],
] as const)('Conv2DBackpropFilter as %s', (_name, method) => {
  it.each(cases)('x=$x filter=$f strides=$strides pad=$pad: dw matches cpu', async ({ x, f, out, strides, pad }) => {
    const seed = (Date.now() ^ (Math.random() * 2 ** 31)) >>> 0;
    const next = rng(seed);
    const filterShape: [number, number, number, number] = [f[0], f[1], x[3], out];
    const outShape = tf.conv2d(tf.zeros(x) as tf.Tensor4D, tf.zeros(filterShape) as tf.Tensor4D, strides, pad).shape;
    const xs = normals(next, tf.util.sizeFromShape(x));
    const dys = normals(next, tf.util.sizeFromShape(outShape));
    const attrs = { strides, pad, filterShape, dataFormat: 'NHWC' } as unknown as tf.NamedAttrMap;
    const dw = () => [tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor4d(xs, x), dy: tf.tensor(dys, outShape) }, attrs) as tf.Tensor];
    const [reference] = await runOn('cpu', dw);
    expect(reference.some((v) => v !== 0)).toBe(true);
    const ours = tf.getKernel('Conv2DBackpropFilter', 'wasm')!;
    tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
    tf.registerKernel({
      ...ours,
      kernelFunc: ({ inputs, backend }) => {
        const { x: xi, dy } = inputs as Record<string, tf.TensorInfo>;
        const { geometry } = convGeometry('test', xi.shape, filterShape, strides, pad, undefined, false);
        return withOps(backend as unknown as WasmBackendLike, (ops) => method(ops, xi, dy, geometry, filterShape));
      },
    });
    try {
      const [wasm] = await runOn('wasm', dw);
      expect({ seed, err: relativeError(reference, wasm) < 1e-5 }).toEqual({ seed, err: true });
    } finally {
      tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
      tf.registerKernel(ours);
    }
  });
});

describe('conv2dTranspose (Conv2DBackpropInput as a forward op)', () => {
  it.each([
    { x: [2, 4, 5, 3], f: [3, 3], strides: [2, 2], pad: 'same' },
    { x: [1, 3, 4, 2], f: [5, 4], strides: [3, 2], pad: 'valid' },
  ] as { x: [number, number, number, number]; f: [number, number]; strides: [number, number]; pad: 'same' | 'valid' }[])(
    'x=$x filter=$f strides=$strides pad=$pad matches cpu',
    async ({ x, f, strides, pad }) => {
      const next = rng(Date.now() >>> 0);
      const outC = 2;
      const filterShape: [number, number, number, number] = [f[0], f[1], outC, x[3]];
      const outH = pad === 'same' ? x[1] * strides[0] : (x[1] - 1) * strides[0] + f[0];
      const outW = pad === 'same' ? x[2] * strides[1] : (x[2] - 1) * strides[1] + f[1];
      const xs = normals(next, tf.util.sizeFromShape(x));
      const ws = normals(next, tf.util.sizeFromShape(filterShape));
      const fn = () => [tf.conv2dTranspose(tf.tensor4d(xs, x), tf.tensor4d(ws, filterShape), [x[0], outH, outW, outC], strides, pad)];
      await nonTrivial(fn);
      const [err] = await compareCpuWasm(fn);
      expect(err).toBeLessThan(1e-5);
    },
  );
});

describe('unsupported input', () => {
  it('names the kernel and the reason for dilation > 1 in a depthwise gradient', async () => {
    await tf.setBackend('wasm');
    const x = tf.ones([1, 6, 6, 1]);
    const dy = tf.ones([1, 4, 4, 1]);
    expect(() => tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy: tf.ones([1, 2, 2, 1]) }, {
      strides: [1, 1], pad: 'valid', dilations: [2, 2], filterShape: [3, 3, 1, 1],
    })).toThrow(/DepthwiseConv2dNativeBackpropFilter on wasm: dilation rates > 1 are not supported/);
    tf.dispose([x, dy]);
  });
});
