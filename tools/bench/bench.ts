// Benchmark of the reference ConvNet (batch 250) on every available backend; prints Markdown.
// Run: npm run bench  (options: --backends wasm,cpu --threads 1|2|auto (wasm; default: the library's) --steps 10 --warmup 3 --cpu-steps 1
//                      (--cpu-steps 0 skips cpu: one cpu step takes minutes) --finder-steps 20 --rounds 2 --iterations 100 --skip-experiment --skip-overhead --skip-cli-experiment)
import * as tf from '@tensorflow/tfjs';
import { doctor, prepareBackend, type ConcreteBackendName, type WasmThreads } from '@lrfinder/backends';
import os from 'node:os';
import { backendMatMulCeiling, numpyCeiling } from './ceiling';
import { cliExperiment, finderOverhead, referenceExperiment } from './experiments';
import { referenceModel, trainingFlops } from './reference-model';
import { medianTiming, peakRssMiB } from './stats';

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

async function stepTime(name: ConcreteBackendName, warmup: number, reps: number) {
  const report = await prepareBackend(name, { threads: THREADS });
  const model = referenceModel();
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
  const x = tf.randomNormal([BATCH, 28, 28, 1]);
  const y = tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32') as tf.Tensor1D, 10);
  const timing = await medianTiming(() => model.trainOnBatch(x, y), warmup, reps);
  tf.dispose([x, y]);
  model.dispose();
  return { report, ...timing };
}

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
  const names = (wanted ?? facts.backends.filter((b) => b.available).map((b) => b.name)).filter((n) => facts.backends.find((b) => b.name === n)?.available);
  await prepareBackend('cpu', { threads: THREADS });
  const counted = referenceModel();
  const flops = trainingFlops(counted, BATCH);
  counted.dispose();
  say(`## Training step (reference ConvNet, batch ${BATCH}, SGD, trainOnBatch)`);
  say(`FLOPs per step (matrix products: forward, weight and input gradients): ${(flops / 1e9).toFixed(2)} GFLOP`);
  say();
  say('| backend | ms/step (median wall) | CPU ms/step | GFLOP/s (wall) | GFLOP/s (CPU time) | steps timed |');
  say('|---|---|---|---|---|---|');
  const results: Record<string, { wallMs: number; cpuMs: number }> = {};
  for (const name of [...names.filter((n) => n !== 'cpu'), ...names.filter((n) => n === 'cpu')]) {
    const cpu = name === 'cpu';
    if (cpu && option('cpu-steps', 1) === 0) continue;
    const t = await stepTime(name, cpu ? 0 : option('warmup', 3), cpu ? option('cpu-steps', 1) : option('steps', 10));
    results[name] = t;
    const label = t.report.wasm ? `${name} (${t.report.wasm.threads} thread${t.report.wasm.threads === 1 ? '' : 's'})` : name;
    say(`| ${label} | ${t.wallMs.toFixed(0)} | ${t.cpuMs.toFixed(0)} | ${(flops / t.wallMs / 1e6).toFixed(2)} | ${(flops / t.cpuMs / 1e6).toFixed(2)} | ${t.reps} |`);
  }
  if (results.cpu) {
    for (const [name, t] of Object.entries(results)) {
      if (name !== 'cpu') say(`- ${name} is ${(results.cpu.wallMs / t.wallMs).toFixed(1)}x faster than cpu by wall time, ${(results.cpu.cpuMs / t.cpuMs).toFixed(1)}x by CPU time (target: 40x)`);
    }
  }
  say();

  const fastest = names.find((n) => n !== 'cpu') ?? 'cpu';
  say('## Ceilings (float32 matrix multiply)');
  const numpy = numpyCeiling();
  say(`- native (NumPy): ${numpy.gflops == null ? numpy.detail : `${numpy.gflops.toFixed(1)} GFLOP/s (${numpy.detail})`}`);
  await prepareBackend(fastest, { threads: THREADS });
  const own = await backendMatMulCeiling();
  say(`- ${fastest} tf.matMul 1024x1024: ${own.wall.toFixed(1)} GFLOP/s by wall time, ${own.cpu.toFixed(1)} by CPU time`);
  say();

  if (!flag('skip-overhead')) {
    say(`## LRFinder overhead (${fastest}, MNIST batches of ${BATCH})`);
    const o = await finderOverhead(option('finder-steps', 20), option('rounds', 2));
    say(`- bare trainOnBatch loop: ${o.bareMs.toFixed(0)} ms/step; LRFinder.findBatches: ${o.finderMs.toFixed(0)} ms/step (medians of ${o.rounds} interleaved rounds of ${o.steps} steps)`);
    say(`- overhead: ${(100 * (o.finderMs / o.bareMs - 1)).toFixed(1)}% (target <= 5%); by CPU time ${(100 * (o.finderCpuMs / o.bareCpuMs - 1)).toFixed(1)}%`);
    say();
  }
  if (!flag('skip-experiment')) {
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
    for (const r of c.runs) say(`- ${r.label}: ${r.steps} steps (${r.status}), ${r.msPerStep.toFixed(0)} ms/step`);
    say(`- wall time of the command, start-up included: ${(c.wallMs / 1000).toFixed(1)} s (target <= 60 s)`);
    say();
  }
  say(`Peak RSS of the benchmark process: ${peakRssMiB().toFixed(0)} MiB. Load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}. Benchmark took ${((performance.now() - started) / 1000).toFixed(0)} s.`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
