// Profile of one training step of the reference ConvNet (batch 250): wall and CPU ms per step, and
// the kernels by time (tf.profile; wall clock, so only the proportions matter on a loaded machine).
// Run: npx tsx --tsconfig tsconfig.base.json tools/bench/profile-step.ts [wasm|cpu]
import * as tf from '@tensorflow/tfjs';
import { prepareBackend } from '@lrfinder/backends';
import { referenceModel } from './reference-model';
(async () => {
  await prepareBackend((process.argv[2] as 'wasm') ?? 'wasm');
  const model = referenceModel();
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
  const x = tf.randomNormal([250, 28, 28, 1]); const y = tf.oneHot(tf.randomUniform([250], 0, 10, 'int32') as tf.Tensor1D, 10);
  for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
  const t = [], c = []; for (let i = 0; i < 5; i++) { const s = performance.now(); const u0 = process.cpuUsage(); await model.trainOnBatch(x, y); const u = process.cpuUsage(u0); c.push((u.user + u.system) / 1000); t.push(performance.now() - s); }
  console.log('ms/step', t.map(v => v.toFixed(0)).join(' '), 'cpu ms', c.map(v => v.toFixed(0)).join(' '));
  const prof = await tf.profile(async () => { await model.trainOnBatch(x, y); });
  const agg = new Map<string, number>();
  for (const k of prof.kernels) agg.set(k.name, (agg.get(k.name) ?? 0) + (k.kernelTimeMs as number));
  console.log([...agg].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([n, v]) => `${n} ${v.toFixed(1)}`).join('\n'));
})();
