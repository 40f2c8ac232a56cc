// Benchmark of the reference ConvNet (batch 250) on every available backend; prints Markdown.
// Run: npm run bench  (options: --backends tensorflow,wasm,cpu --threads 1|2|auto (wasm; default: the library's) --steps 10 --warmup 3 --cpu-steps 1
//                      (--cpu-steps 0 skips cpu: one cpu step takes minutes) --step-rounds 3 --optimizers sgd,adam --python PATH (Keras) --skip-keras
//                      --finder-steps 20 --rounds 2 --iterations 100 --skip-experiment --skip-overhead --skip-cli-experiment)
import * as tf from '@tensorflow/tfjs';
import { doctor, prepareBackend, type ConcreteBackendName, type WasmThreads } from '@lrfinder/backends';
import { createOptimizer } from '@lrfinder/core';
import os from 'node:os';
import { backendMatMulCeiling, numpyCeiling } from './ceiling';
import { cliExperiment, finderOverhead, referenceExperiment } from './experiments';
import { kerasPython, kerasStep } from './keras';
import { referenceModel, trainingFlops } from './reference-model';
import { median, medianTiming, peakRssMiB } from './stats';
import { useTensorflow } from './tensorflow';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const flag = (name: string) => process.argv.includes(`--${name}`);
const listOption = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1].split(',') : null;
};

/** --threads n|auto: the wasm backend's threads, fixed for the whole benchmark (set at its first initialisation). */
function threadsOption(): WasmThreads | undefined {
  const i = process.argv.indexOf('--threads');
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  return v === 'auto' ? 'auto' : Number(v);
}
const THREADS = threadsOption();

const BATCH = 250;
const lines: string[] = [];
const say = (s = '') => {
  lines.push(s);
  console.log(s);
};

/** Makes `name` the active backend: tensorflow through useTensorflow (tensorflow.ts), the others through prepareBackend. */
async function activate(name: ConcreteBackendName): Promise<string> {
  if (name === 'tensorflow') return `tensorflow (${await useTensorflow()})`;
  const report = await prepareBackend(name, { threads: THREADS });
  return report.wasm ? `${name} (${report.wasm.threads} thread${report.wasm.threads === 1 ? '' : 's'})` : name;
}

type Optimizer = 'sgd' | 'adam';

/**
 * One training step's time: `trainOnBatch` with TF.js's own compiled optimizer (what Keras's
 * train_on_batch is compared with), or `lrfinder`: the step a range test runs (core's
 * createOptimizer, so Adam is the backend's fused update where it has one; the gradients by
 * tf.variableGrads, applied, and the loss read back, as libs/core's modelTrainStep does).
 */
async function stepTime(name: ConcreteBackendName, optimizer: Optimizer, warmup: number, reps: number, mode: 'trainOnBatch' | 'lrfinder' = 'trainOnBatch') {
  await activate(name);
  const model = referenceModel();
  const lr = optimizer === 'sgd' ? 0.01 : 1e-3;
  model.compile({ optimizer: optimizer === 'sgd' ? tf.train.sgd(lr) : tf.train.adam(lr), loss: 'categoricalCrossentropy' });
  const x = tf.randomNormal([BATCH, 28, 28, 1]);
  const y = tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32') as tf.Tensor1D, 10);
  let timing;
  if (mode === 'lrfinder') {
    const scheduled = createOptimizer(optimizer, lr);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const step = async () => {
      const loss = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
        scheduled.optimizer.applyGradients(grads);
        return value;
      });
      await loss.data();
      loss.dispose();
    };
    timing = await medianTiming(step, warmup, reps);
    scheduled.dispose();
  } else {
    timing = await medianTiming(() => model.trainOnBatch(x, y), warmup, reps);
  }
  tf.dispose([x, y]);
  model.dispose();
  return timing;
}

const range = (v: number[]) => `${median(v).toFixed(0)} (${Math.min(...v).toFixed(0)}-${Math.max(...v).toFixed(0)})`;

async function main(): Promise<void> {
  const started = performance.now();
  const facts = await doctor();
  const cpus = os.cpus();
  say('## Machine');
  say(`- ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} logical cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}, tfjs ${tf.version_core}`);
  say(`- load average at start: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min)`);
  say(`- wasm: SIMD ${facts.wasm.simd}, threads ${THREADS ?? `${facts.wasm.threads} (default)`}`);
  for (const b of facts.backends) say(`- ${b.name}: ${b.available ? `available (${b.module} ${b.version ?? ''})` : `not available: ${b.reason}`}`);
  say();

  const wanted = listOption('backends') as ConcreteBackendName[] | null;
  const available = (n: string) => facts.backends.find((b) => b.name === n)?.available === true;
  const names = (wanted ?? facts.backends.filter((b) => b.available).map((b) => b.name)).filter(available);
  await prepareBackend('cpu', { threads: THREADS });
  const counted = referenceModel();
  const flops = trainingFlops(counted, BATCH);
  counted.dispose();
  const optimizers = (listOption('optimizers') ?? ['sgd', 'adam']) as Optimizer[];
  const rounds = option('step-rounds', 3);
  const steps = option('steps', 10);
  const warmup = option('warmup', 3);
  say(`## Training step (reference ConvNet, batch ${BATCH}, trainOnBatch / Keras train_on_batch), side by side`);
  say(`FLOPs per step (matrix products: forward, weight and input gradients): ${(flops / 1e9).toFixed(2)} GFLOP. ` +
    `${rounds} interleaved rounds (Keras, then each TF.js backend), each the median of ${steps} steps after ${warmup} warm-up; ` +
    'figures: median of the rounds (lowest-highest round).');
  say();
  let python: string | null = null;
  if (!flag('skip-keras')) {
    const i = process.argv.indexOf('--python');
    const p = kerasPython(i > 0 ? process.argv[i + 1] : null, (l) => console.error(l));
    if ('python' in p) python = p.python;
    else say(`- Keras: not measured: ${p.error}`);
  }
  const rows = new Map<string, { label: string; wall: number[]; cpu: number[] }>();
  const push = (key: string, label: string, wallMs: number, cpuMs: number) => {
    const row = rows.get(key) ?? { label, wall: [], cpu: [] };
    row.wall.push(wallMs);
    row.cpu.push(cpuMs);
    rows.set(key, row);
  };
  const labels: Record<string, string> = {};
  for (let round = 0; round < rounds; round++) {
    for (const optimizer of optimizers) {
      if (python) {
        const k = kerasStep(python, { steps, warmup, optimizer });
        push(`keras ${optimizer}`, `Keras ${k.keras} on TensorFlow ${k.tensorflow}${k.jit_compile ? ' (XLA)' : ''}`, k.wallMs, k.cpuMs);
      }
      for (const name of names.filter((n) => n !== 'cpu')) {
        labels[name] ??= await activate(name);
        const t = await stepTime(name, optimizer, warmup, steps);
        push(`${name} ${optimizer}`, labels[name], t.wallMs, t.cpuMs);
        const f = await stepTime(name, optimizer, warmup, steps, 'lrfinder');
        push(`${name}-lrfinder ${optimizer}`, `${labels[name]}, a range test's step (core's optimizer)`, f.wallMs, f.cpuMs);
      }
    }
  }
  if (names.includes('cpu') && option('cpu-steps', 1) > 0) {
    const t = await stepTime('cpu', 'sgd', 0, option('cpu-steps', 1));
    push('cpu sgd', 'cpu', t.wallMs, t.cpuMs);
  }
  say('| row | optimizer | ms/step (wall) | CPU ms/step | x Keras (wall) | x Keras (CPU) | GFLOP/s (wall) |');
  say('|---|---|---|---|---|---|---|');
  for (const [key, r] of rows) {
    const optimizer = key.split(' ')[1];
    const keras = rows.get(`keras ${optimizer}`);
    const ratio = (a: number[], b?: number[]) => (b ? (median(a) / median(b)).toFixed(2) : '-');
    say(`| ${r.label} | ${optimizer} | ${range(r.wall)} | ${range(r.cpu)} | ${ratio(r.wall, keras?.wall)} | ${ratio(r.cpu, keras?.cpu)} | ${(flops / median(r.wall) / 1e6).toFixed(2)} |`);
  }
  say('- target: tensorflow backend <= 1.5x Keras (wall). The machine is shared: figures are noisy, the CPU time (all threads of the process) less so.');
  say();

  const fastest = names.find((n) => n !== 'cpu') ?? 'cpu';
  say('## Ceilings (float32 matrix multiply)');
  const numpy = numpyCeiling();
  say(`- native (NumPy): ${numpy.gflops == null ? numpy.detail : `${numpy.gflops.toFixed(1)} GFLOP/s (${numpy.detail})`}`);
  await activate(fastest);
  const own = await backendMatMulCeiling();
  say(`- ${fastest} tf.matMul 1024x1024: ${own.wall.toFixed(1)} GFLOP/s by wall time, ${own.cpu.toFixed(1)} by CPU time`);
  say();

  if (!flag('skip-overhead')) {
    await activate(fastest);
    say(`## LRFinder overhead (${fastest}, MNIST batches of ${BATCH})`);
    const o = await finderOverhead(option('finder-steps', 20), option('rounds', 2));
    say(`- bare trainOnBatch loop: ${o.bareMs.toFixed(0)} ms/step; LRFinder.findBatches: ${o.finderMs.toFixed(0)} ms/step (medians of ${o.rounds} interleaved rounds of ${o.steps} steps)`);
    say(`- overhead: ${(100 * (o.finderMs / o.bareMs - 1)).toFixed(1)}% (target <= 5%); by CPU time ${(100 * (o.finderCpuMs / o.bareCpuMs - 1)).toFixed(1)}%`);
    say();
  }
  if (!flag('skip-experiment')) {
    await activate(fastest);
    say(`## Reference experiment (${fastest}: LRFinder on MNIST, SGD then Adam, ${option('iterations', 100)} iterations each, 1e-4 -> 1)`);
    const e = await referenceExperiment(option('iterations', 100));
    say(`- loading MNIST: ${(e.loadMs / 1000).toFixed(1)} s`);
    for (const t of e.tests) {
      say(`- ${t.optimizer}: ${t.steps} steps (${t.status}), ${(t.wallMs / 1000).toFixed(1)} s, ${(t.wallMs / t.steps).toFixed(0)} ms/step; RSS ${t.rssAfter20.toFixed(0)} MiB after step 20 -> ${t.rssEnd.toFixed(0)} MiB at the end; tensors ${t.tensorsBefore} before -> ${t.tensorsAfter} after`);
    }
    say(`- wall time of the two tests: ${(e.testsMs / 1000).toFixed(1)} s (target <= 60 s); with loading ${((e.testsMs + e.loadMs) / 1000).toFixed(1)} s`);
    say();
  }
  if (!flag('skip-cli-experiment')) {
    say('## Reference experiment as `npm start` runs it (built CLI, `lrfinder run`: one child process per test, one per core)');
    const c = await cliExperiment();
    for (const r of c.runs) say(`- ${r.label}: ${r.steps} steps (${r.status}), ${r.msPerStep.toFixed(0)} ms/step${r.backend ? ` on ${r.backend}` : ''}`);
    say(`- wall time of the command, start-up included: ${(c.wallMs / 1000).toFixed(1)} s (targets: <= 12 s on tensorflow, <= 60 s on wasm)`);
    say();
  }
  say(`Peak RSS of the benchmark process: ${peakRssMiB().toFixed(0)} MiB. Load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}. Benchmark took ${((performance.now() - started) / 1000).toFixed(0)} s.`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
