// The browser sweep's Web Worker: one range test per optimizer on a small model, all from the
// same initial weights (LRFinder restores them after each test), reporting every step.
import * as tf from '@tensorflow/tfjs';
import { LRFinder, type RunRecord } from '@lrfinder/core';
import { buildModel } from './models';
import { chooseBackend } from './backend';
import { openSource } from './data';
import type { FromWorker, SweepConfig, ToWorker } from './protocol';

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);
let controller: AbortController | null = null;

async function run(config: SweepConfig): Promise<void> {
  controller = new AbortController();
  const signal = controller.signal;
  post({ type: 'status', message: 'loading data…' });
  const source = await openSource(config);
  const { inputShape, numClasses } = source.info;
  if (!numClasses) throw new Error(`${source.info.name} is not a classification set`);

  post({ type: 'status', message: 'choosing a backend…' });
  const probeBatch = () => {
    const m = buildModel(config.model, inputShape, numClasses, config.seed);
    tf.tidy(() => {
      m.optimizer.minimize(() => tf.losses.softmaxCrossEntropy(tf.oneHot(tf.zeros([2], 'int32'), numClasses), m.predict(tf.zeros([2, ...inputShape])) as tf.Tensor));
    });
    m.dispose();
  };
  const backend = await chooseBackend(config.backend, probeBatch);
  post({ type: 'backend', name: backend.name, threads: backend.threads, note: backend.note, skipped: backend.skipped });

  const model = buildModel(config.model, inputShape, numClasses, config.seed);
  const finder = new LRFinder(model, { loss: 'categoricalCrossentropy' });
  const count = config.optimizers.length;
  const dataset = { name: source.info.name, trainSamples: source.info.trainSamples, inputShape, numClasses };
  let stopped = false;
  try {
    for (const [test, optimizer] of config.optimizers.entries()) {
      if (signal.aborted) {
        stopped = true;
        break;
      }
      const batches = source.batches({ batchSize: config.batchSize, seed: config.seed, labels: 'onehot' });
      let last = 0;
      const record: RunRecord = await finder.findBatches(batches, {
        id: `${config.sweepId}-${optimizer}`,
        label: optimizer,
        optimizer,
        startLr: config.startLr,
        endLr: config.endLr,
        numIter: config.numIter,
        batchSize: config.batchSize,
        seed: config.seed,
        backend: backend.info,
        dataset,
        sweep: { id: config.sweepId, index: test, count },
        meta: { producer: 'lrfinder dashboard browser sweep' },
        signal,
        onStep: async ({ point, record: snapshot }) => {
          const now = performance.now();
          if (now - last > 100 || point.step === config.numIter - 1) {
            last = now;
            post({ type: 'progress', test, count, step: point.step + 1, numIter: config.numIter, record: snapshot });
            // On the cpu and wasm backends a step only queues microtasks: yield to the event
            // loop so a 'stop' message can be handled.
            await new Promise((resolve) => setTimeout(resolve, 0));
          }
        },
      });
      await batches.return?.(undefined);
      post({ type: 'run', test, run: record });
      if (record.stopReason === 'aborted') stopped = true;
    }
  } finally {
    model.dispose();
  }
  post({ type: 'done', stopped });
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  if (msg.type === 'stop') controller?.abort();
  else if (msg.type === 'start') {
    run(msg.config).catch((e) => post({ type: 'error', message: (e as Error)?.message ?? String(e) }));
  }
};
