// A runTest on a real TF.js model (cpu backend): core's LRFinder on a Dense 2-8-1 network with
// seeded initial weights, regressing a seeded synthetic target. Same test + same seed gives the
// same losses whichever shard runs it; the model and data are disposed after each test.
import { promises as fs } from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { LRFinder, serializeRun, type RunRecord } from '@lrfinder/core';
import { mulberry32 } from '@lrfinder/datasets';
import type { RunTestContext, TestOptions } from '../types';

async function writeAtomic(file: string, run: RunRecord): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${Math.random().toString(36).slice(2)}.tmp`);
  await fs.writeFile(tmp, serializeRun(run));
  await fs.rename(tmp, file);
}

export function tfjsRunTest() {
  const calls: string[] = [];
  const runTest = async (options: TestOptions, context: RunTestContext): Promise<RunRecord> => {
    calls.push(context.id);
    await tf.setBackend('cpu');
    const claim = await fs.open(context.outFile, 'wx');
    await claim.close();
    const random = mulberry32(options.seed);
    const n = 128;
    const xData = Array.from({ length: n * 2 }, () => random() * 2 - 1);
    const yData = Array.from({ length: n }, (_, i) => Math.sin(2 * xData[2 * i]) + 0.5 * xData[2 * i + 1]);
    const x = tf.tensor2d(xData, [n, 2]);
    const y = tf.tensor2d(yData, [n, 1]);
    const seed = options.seed % 2 ** 31;
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 8, inputShape: [2], activation: 'tanh', kernelInitializer: tfl.initializers.glorotUniform({ seed }) }),
        tfl.layers.dense({ units: 1, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }),
      ],
    });
    try {
      const finder = new LRFinder(model, { optimizer: options.optimizer as 'sgd', loss: 'meanSquaredError' });
      let written = 0;
      const run = await finder.find(x, y, {
        batchSize: options.batchSize,
        numIter: options.numIter,
        startLr: options.startLr,
        endLr: options.endLr,
        smoothing: options.smoothing,
        divergeThreshold: options.divergeThreshold,
        seed: options.seed,
        signal: context.signal,
        id: context.id,
        label: options.label,
        sweep: context.sweep,
        onStep: async (event) => {
          if (event.point.step - written >= 5) {
            written = event.point.step;
            await writeAtomic(context.outFile, event.record);
          }
        },
      });
      await writeAtomic(context.outFile, run);
      return run;
    } finally {
      model.dispose();
      tf.dispose([x, y]);
    }
  };
  return { runTest, calls };
}
