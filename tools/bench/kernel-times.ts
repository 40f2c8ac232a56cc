// Per-kernel CPU times of the wasm training kernels at the reference ConvNet's shapes (batch 250).
// Run: npx tsx --tsconfig tsconfig.base.json tools/bench/kernel-times.ts
import * as tf from '@tensorflow/tfjs';
import { prepareBackend } from '@lrfinder/backends';
function time(label: string, f: () => tf.Tensor | tf.Tensor[], reps = 5) {
  for (let i = 0; i < 2; i++) tf.dispose(f());
  const t: number[] = [];
  for (let i = 0; i < reps; i++) { const s = process.cpuUsage(); const r = f(); (Array.isArray(r) ? r[0] : r).dataSync(); const u = process.cpuUsage(s); t.push((u.user + u.system) / 1000); tf.dispose(r); }
  t.sort((a, b) => a - b); console.log(label.padEnd(50), t[Math.floor(reps / 2)].toFixed(1), 'ms');
}
(async () => {
  await prepareBackend('wasm');
  const x1 = tf.randomNormal([250, 28, 28, 1]), dy1 = tf.randomNormal([250, 26, 26, 32]);
  const x2 = tf.randomNormal([250, 13, 13, 32]), dy2 = tf.randomNormal([250, 11, 11, 64]);
  const w2 = tf.randomNormal([3, 3, 32, 64]), w1 = tf.randomNormal([3, 3, 1, 32]);
  const run = (k: string, inputs: any, attrs: any) => tf.engine().runKernel(k, inputs, attrs) as tf.Tensor;
  time('conv1 fwd', () => tf.conv2d(x1 as tf.Tensor4D, w1 as tf.Tensor4D, 1, 'valid'));
  time('conv2 fwd', () => tf.conv2d(x2 as tf.Tensor4D, w2 as tf.Tensor4D, 1, 'valid'));
  time('conv1 dW', () => run('Conv2DBackpropFilter', { x: x1, dy: dy1 }, { strides: [1, 1], pad: 'valid', filterShape: [3, 3, 1, 32], dataFormat: 'NHWC' }));
  time('conv2 dW', () => run('Conv2DBackpropFilter', { x: x2, dy: dy2 }, { strides: [1, 1], pad: 'valid', filterShape: [3, 3, 32, 64], dataFormat: 'NHWC' }));
  time('conv2 dX', () => run('Conv2DBackpropInput', { dy: dy2, filter: w2 }, { strides: [1, 1], pad: 'valid', inputShape: [250, 13, 13, 32], dataFormat: 'NHWC' }));
  time('transpose x2 [3,1,2,0]', () => tf.transpose(x2, [3, 1, 2, 0]));
  time('transpose dy2 [1,2,0,3]', () => tf.transpose(dy2, [1, 2, 0, 3]));
  time('transpose dy1 [1,2,0,3]', () => tf.transpose(dy1, [1, 2, 0, 3]));
  const r1 = tf.relu(dy1) as tf.Tensor4D; const p1 = tf.maxPool(r1, 2, 2, 'valid');
  time('maxpool fwd', () => tf.maxPool(r1, 2, 2, 'valid'));
  time('maxPoolGrad (ours)', () => run('MaxPoolGrad', { dy: p1, input: r1, output: p1 }, { filterSize: 2, strides: 2, pad: 'valid' }));
  time('min', () => tf.min(r1));
  time('sub', () => tf.sub(r1, tf.scalar(1)));
  time('sum bias1 [0,1,2]', () => tf.sum(dy1, [0, 1, 2]));
  time('sum bias2 [0,1,2]', () => tf.sum(dy2, [0, 1, 2]));
  const ones = tf.ones([1, 250 * 26 * 26]);
  time('matmul ones', () => tf.matMul(ones, dy1.reshape([-1, 32])));
  const a = tf.randomNormal([250, 1600]), b = tf.randomNormal([1600, 256]), g = tf.randomNormal([250, 256]);
  time('dense fwd 250x1600x256', () => tf.matMul(a, b));
  time('dense dW (tA)', () => tf.matMul(a, g, true, false));
  time('dense dX (tB)', () => tf.matMul(g, b, false, true));
  const m = tf.randomNormal([512, 512]);
  time('matmul 512^3', () => tf.matMul(m, m));
})();
