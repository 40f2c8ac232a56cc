// LRFinder overhead over a bare trainOnBatch loop, and the reference experiment (SGD + Adam).
import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LRFinder } from '@lrfinder/core';
import { loadMnist } from '@lrfinder/datasets/node';
import { referenceModel } from './reference-model';
import { median, rssMiB, timeOnce } from './stats';

const BATCH = 250;

/** `count` MNIST batches kept in memory (clones: the source disposes its own). */
async function mnistBatches(count: number): Promise<{ xs: tf.Tensor; ys: tf.Tensor }[]> {
  const source = await loadMnist();
  const out: { xs: tf.Tensor; ys: tf.Tensor }[] = [];
  const it = source.batches({ batchSize: BATCH, labels: 'onehot', shuffle: false, epochs: 1 });
  for await (const b of it) {
    out.push({ xs: b.xs.clone(), ys: b.ys.clone() });
    if (out.length === count) break;
  }
  await it.return?.(undefined);
  return out;
}

/** Per-step medians of interleaved rounds: bare model.trainOnBatch vs LRFinder.findBatches on the same batches. */
export async function finderOverhead(steps: number, rounds: number) {
  const batches = await mnistBatches(steps);
  const model = referenceModel();
  model.compile({ optimizer: tf.train.sgd(1e-3), loss: 'categoricalCrossentropy' });
  const finder = new LRFinder(model, { optimizer: 'sgd', loss: 'categoricalCrossentropy' });
  await model.trainOnBatch(batches[0].xs, batches[0].ys); // warm-up (kernels, operator caches)
  const bare: { wallMs: number; cpuMs: number }[] = [];
  const found: { wallMs: number; cpuMs: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    bare.push(await timeOnce(async () => {
      for (const b of batches) await model.trainOnBatch(b.xs, b.ys);
    }));
    found.push(await timeOnce(() => finder.findBatches(batches, { numIter: steps, startLr: 1e-4, endLr: 1e-2, divergeThreshold: Infinity })));
  }
  tf.dispose(batches.flatMap((b) => [b.xs, b.ys]));
  model.dispose();
  const per = (runs: { wallMs: number; cpuMs: number }[], k: 'wallMs' | 'cpuMs') => median(runs.map((r) => r[k])) / steps;
  return { steps, rounds, bareMs: per(bare, 'wallMs'), finderMs: per(found, 'wallMs'), bareCpuMs: per(bare, 'cpuMs'), finderCpuMs: per(found, 'cpuMs') };
}

/** The tutorial's experiment: SGD and Adam range tests, `iterations` steps each, batch 250, 1e-4 -> 1. */
export async function referenceExperiment(iterations: number) {
  const load = performance.now();
  const source = await loadMnist();
  const loadMs = performance.now() - load;
  const model = referenceModel();
  const finder = new LRFinder(model, { loss: 'categoricalCrossentropy' });
  const tests = [];
  const t0 = performance.now();
  for (const optimizer of ['sgd', 'adam'] as const) {
    const tensorsBefore = tf.memory().numTensors;
    let rssAfter20 = NaN;
    const start = performance.now();
    const run = await finder.findBatches(source.batches({ batchSize: BATCH, labels: 'onehot', seed: 1 }), {
      optimizer, numIter: iterations, startLr: 1e-4, endLr: 1,
      onStep: ({ point }) => {
        if (point.step === 20) rssAfter20 = rssMiB();
      },
    });
    tests.push({
      optimizer, steps: run.points.length, status: run.status, wallMs: performance.now() - start,
      rssAfter20, rssEnd: rssMiB(), tensorsBefore, tensorsAfter: tf.memory().numTensors,
    });
  }
  const testsMs = performance.now() - t0;
  model.dispose();
  return { loadMs, testsMs, tests };
}

/** One test of the CLI's JSON summary (the fields the benchmark reports). */
interface CliRun {
  label: string;
  status: string;
  steps: number;
  msPerStep: number;
  /** The run file's backend: name and device (e.g. "tensorflow, tfjs-node 4.22.0 on TensorFlow 2.21.0"). */
  backend?: string;
}

/**
 * The reference experiment as `npm start` runs it: the built CLI's `run` on its embedded default
 * (SGD and Adam on MNIST, 100 iterations each), each test in its own child process, one per core
 * (`run --parallel`, each child with floor(cores / tests) wasm threads). Builds the CLI bundle
 * first when it is missing. Wall time of the whole command, process start-up included.
 */
export async function cliExperiment(): Promise<{ wallMs: number; runs: CliRun[] }> {
  const root = path.resolve(__dirname, '../..');
  const bundle = path.join(root, 'apps/cli/dist/lrfinder.mjs');
  if (!existsSync(bundle)) execFileSync(process.execPath, ['build.mjs'], { cwd: path.join(root, 'apps/cli'), stdio: 'inherit' });
  const out = mkdtempSync(path.join(tmpdir(), 'lrfinder-bench-'));
  try {
    const t0 = performance.now();
    const stdout = execFileSync(process.execPath, [bundle, 'run', '--quiet', '--json', '--out', out], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
    const wallMs = performance.now() - t0;
    const backendOf = (file: string) => {
      try {
        const b = (JSON.parse(readFileSync(file, 'utf8')) as { backend?: { name?: string; device?: string | null } }).backend;
        return [b?.name, b?.device].filter(Boolean).join(', ');
      } catch {
        return undefined;
      }
    };
    const runs = (JSON.parse(stdout) as { runs: (CliRun & { file: string })[] }).runs.map(({ label, status, steps, msPerStep, file }) => ({ label, status, steps, msPerStep, backend: backendOf(file) }));
    return { wallMs, runs };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
