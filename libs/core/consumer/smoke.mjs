// Consumer check (ESM): a 10-step rangeTest and an LRFinder.find from the packed package.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { LRFinder, parseRun, rangeTest, RUN_FORMAT } from '@lrfinder/core';

await tf.setBackend('cpu');
const ranged = await rangeTest({ trainStep: (lr) => 1 / (1 + lr), startLr: 1e-3, endLr: 1, numIter: 10 });
parseRun(ranged);

const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [2] })] });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
const x = tf.randomNormal([32, 2], 0, 1, 'float32', 1);
const y = tf.randomNormal([32, 1], 0, 1, 'float32', 2);
const found = await new LRFinder(model).find(x, y, { numIter: 10, batchSize: 8, startLr: 1e-4, endLr: 1e-1, divergeThreshold: Infinity });
parseRun(found);

console.log(JSON.stringify({
  module: 'esm',
  resolved: import.meta.resolve('@lrfinder/core'),
  format: RUN_FORMAT,
  rangeTest: { status: ranged.status, points: ranged.points.length },
  find: { status: found.status, points: found.points.length, optimizer: found.optimizer?.name },
}));
