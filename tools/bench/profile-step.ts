// Profile of one training step of the reference ConvNet (batch 250): wall and CPU ms per step,
// and CPU ms per kernel (each registered kernel of the backend wrapped with process.cpuUsage;
// nested calls inside composed kernels count in their outer kernel only).
// Run: npx tsx --tsconfig tsconfig.base.json tools/bench/profile-step.ts [wasm|cpu] [steps] [wasm threads: n|auto]
import * as tf from '@tensorflow/tfjs';
import { prepareBackend } from '@lrfinder/backends';
import { referenceModel } from './reference-model';

const totals = new Map<string, { ms: number; calls: number }>();
let depth = 0;

function instrument(backend: string): void {
  for (const config of tf.getKernelsForBackend(backend)) {
    const inner = config.kernelFunc;
    const timed: tf.KernelFunc = (args) => {
      if (depth > 0) return inner(args);
      depth++;
      const start = process.cpuUsage();
      try {
        return inner(args);
      } finally {
        const u = process.cpuUsage(start);
        const t = totals.get(config.kernelName) ?? { ms: 0, calls: 0 };
        t.ms += (u.user + u.system) / 1000;
        t.calls++;
        totals.set(config.kernelName, t);
        depth--;
      }
    };
    tf.unregisterKernel(config.kernelName, backend);
    tf.registerKernel({ ...config, kernelFunc: timed });
  }
}

(async () => {
  const backend = (process.argv[2] as 'wasm' | 'cpu') ?? 'wasm';
  const steps = Number(process.argv[3] ?? 5);
  const threadsArg = process.argv[4];
  const threads = threadsArg === undefined ? undefined : threadsArg === 'auto' ? 'auto' : Number(threadsArg);
  const report = await prepareBackend(backend, { threads });
  if (report.wasm) console.log(`wasm: ${report.wasm.binary}, ${report.wasm.threads} thread(s)`);
  const model = referenceModel();
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
  const x = tf.randomNormal([250, 28, 28, 1]);
  const y = tf.oneHot(tf.randomUniform([250], 0, 10, 'int32') as tf.Tensor1D, 10);
  for (let i = 0; i < (backend === "cpu" ? 0 : 2); i++) await model.trainOnBatch(x, y);
  instrument(backend);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    const u0 = process.cpuUsage();
    await model.trainOnBatch(x, y);
    const u = process.cpuUsage(u0);
    cpu.push((u.user + u.system) / 1000);
    wall.push(performance.now() - t0);
  }
  console.log('wall ms/step', wall.map((v) => v.toFixed(0)).join(' '), '| CPU ms/step', cpu.map((v) => v.toFixed(0)).join(' '));
  const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms);
  const sum = rows.reduce((s, [, t]) => s + t.ms, 0);
  console.log(`kernels: ${(sum / steps).toFixed(0)} CPU ms/step`);
  for (const [name, t] of rows.slice(0, 16)) console.log(`${name.padEnd(28)} ${(t.ms / steps).toFixed(1).padStart(7)} ms/step  ${(t.calls / steps).toFixed(0)} calls`);
})();
