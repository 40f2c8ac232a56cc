// Profile of one training step of the reference ConvNet (batch 250): wall and CPU ms per step,
// and CPU ms per kernel (each registered kernel of the backend wrapped with process.cpuUsage;
// nested calls inside composed kernels count in their outer kernel only; on tensorflow the CPU
// time includes TensorFlow's own threads). "outside kernels" is the step's CPU time no kernel
// accounts for: TF.js's tape, the optimizer's and the model's JS, reading the loss.
// Run: npx tsx --tsconfig tsconfig.base.json tools/bench/profile-step.ts [wasm|cpu|tensorflow] [steps] [wasm threads: n|auto] [--adam]
//   --adam: Adam instead of SGD; LRFINDER_TENSORFLOW_KERNELS=0: tensorflow with TF.js's and tfjs-node's own kernels only.
import * as tf from '@tensorflow/tfjs';
import { prepareBackend } from '@lrfinder/backends';
import { referenceModel } from './reference-model';
import { useTensorflow } from './tensorflow';

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
        const detail = process.env.DETAIL?.split(',').includes(config.kernelName);
        const key = detail ? `${config.kernelName} ${Object.values(args.inputs).map((t) => `[${(t as tf.TensorInfo).shape}]`).join(' ')}` : config.kernelName;
        const t = totals.get(key) ?? { ms: 0, calls: 0 };
        t.ms += (u.user + u.system) / 1000;
        t.calls++;
        totals.set(key, t);
        depth--;
      }
    };
    tf.unregisterKernel(config.kernelName, backend);
    tf.registerKernel({ ...config, kernelFunc: timed });
  }
}

(async () => {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const backend = args[0] ?? 'wasm';
  const steps = Number(args[1] ?? 5);
  const threadsArg = args[2];
  const threads = threadsArg === undefined ? undefined : threadsArg === 'auto' ? 'auto' : Number(threadsArg);
  const adam = process.argv.includes('--adam');
  if (backend === 'tensorflow') console.log(await useTensorflow());
  else {
    const report = await prepareBackend(backend as 'wasm' | 'cpu', { threads });
    if (report.wasm) console.log(`wasm: ${report.wasm.binary}, ${report.wasm.threads} thread(s)`);
  }
  const model = referenceModel();
  model.compile({ optimizer: adam ? tf.train.adam(1e-3) : tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
  const x = tf.randomNormal([250, 28, 28, 1]);
  const y = tf.oneHot(tf.randomUniform([250], 0, 10, 'int32') as tf.Tensor1D, 10);
  for (let i = 0; i < (backend === 'cpu' ? 0 : 3); i++) await model.trainOnBatch(x, y);
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
  console.log(`${adam ? 'Adam' : 'SGD'}: wall ms/step`, wall.map((v) => v.toFixed(0)).join(' '), '| CPU ms/step', cpu.map((v) => v.toFixed(0)).join(' '));
  const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms);
  const sum = rows.reduce((s, [, t]) => s + t.ms, 0);
  const calls = rows.reduce((s, [, t]) => s + t.calls, 0);
  const cpuTotal = cpu.reduce((s, v) => s + v, 0);
  console.log(`kernels: ${(sum / steps).toFixed(1)} CPU ms/step in ${(calls / steps).toFixed(0)} calls; outside kernels: ${((cpuTotal - sum) / steps).toFixed(1)} CPU ms/step`);
  console.log('| kernel | CPU ms/step | calls/step |');
  console.log('|---|---|---|');
  for (const [name, t] of rows.slice(0, Number(process.env.ROWS ?? 20))) console.log(`| ${name} | ${(t.ms / steps).toFixed(1)} | ${(t.calls / steps).toFixed(0)} |`);
})();
