// Child process of wasm-threads.test.ts (the wasm backend initialises once per process):
// initialises wasm with the threads given as argv[2], compares a small CNN's forward pass and
// weight gradients with cpu, and prints one JSON line. It must end by itself: no process.exit.
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import os from 'node:os';
import { BackendError, doctor, prepareBackend } from '../index';
import { modelResultsCpuWasm, relativeError, rng } from './compare';

function cnn(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [10, 10, 2], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 6, kernelSize: 2, strides: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 8, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  return model;
}

async function main(): Promise<void> {
  tf.env().set('PROD', true); // no "install the node backend" banner on stderr
  const threads = Number(process.argv[2]);
  const seed = Number(process.argv[3]);
  const cpusBefore = os.cpus().length;
  // What the CLI and the benchmark do first: the doctor must not start wasm (single-threaded).
  await doctor();
  await prepareBackend('cpu');
  const report = await prepareBackend('wasm', { threads });

  // The same count again is fine; another one is refused.
  await prepareBackend('wasm', { threads });
  const refused = await prepareBackend('wasm', { threads: threads === 1 ? 2 : 1 }).then(
    () => null,
    (e: unknown) => ({ isBackendError: e instanceof BackendError, message: (e as Error).message }),
  );

  const next = rng(seed);
  await tf.setBackend('cpu');
  const model = cnn();
  const { names, cpu, wasm } = await modelResultsCpuWasm(model, next, 4, [10, 10, 2], 3);
  const errors = Object.fromEntries(names.map((name, i) => [name, relativeError(cpu[i], wasm[i])]));
  const allZero = names.filter((_, i) => cpu[i].every((v) => v === 0));
  model.dispose();

  const facts = await doctor();
  console.log(JSON.stringify({
    report: { threads: report.threads, wasm: report.wasm },
    getThreadsCount: getThreadsCount(),
    doctor: facts.wasm,
    refused,
    errors,
    allZero,
    // The globals patched while wasm initialised are back.
    globals: {
      worker: typeof (globalThis as { Worker?: unknown }).Worker,
      blobUrl: URL.createObjectURL(new Blob(['0'], { type: 'application/javascript' })).startsWith('blob:'),
      cpus: os.cpus().length === cpusBefore,
    },
  }));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
