// Renders the README's example charts from a real range test on MNIST, SGD vs Adam (the
// reference tutorial's comparison, with a small dense network so it runs in a minute on the
// tfjs cpu backend).
// Run from the repository root: npx tsx --tsconfig tsconfig.base.json libs/plotting/scripts/example.ts [outDir]
// Dev-only: it uses tfjs and Node, which the library itself never imports.
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { LRFinder, serializeRun } from '@lrfinder/core';
import { loadMnist } from '@lrfinder/datasets/node';
import { renderLossDeltaSvg, renderLossSvg } from '@lrfinder/plotting/svg';

async function main(): Promise<void> {
  const out = process.argv[2] ?? path.join('libs', 'plotting', 'docs');
  await tf.setBackend('cpu');
  const started = Date.now();
  const source = await loadMnist();
  console.log(`mnist loaded in ${Date.now() - started} ms`);
  const model = tfl.sequential({
    layers: [
      tfl.layers.flatten({ inputShape: [28, 28, 1] }),
      tfl.layers.dense({ units: 64, activation: 'relu' }),
      tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  const finder = new LRFinder(model, { loss: 'sparseCategoricalCrossentropy' });
  const batches = () => source.batches({ batchSize: 64, seed: 1, labels: 'sparse' });
  const common = { startLr: 1e-5, endLr: 10, numIter: 400 };
  const runs = await finder.compare(
    [
      { label: 'SGD', optimizer: 'sgd', id: 'mnist-mlp-sgd', ...common },
      { label: 'Adam', optimizer: 'adam', id: 'mnist-mlp-adam', ...common },
    ],
    { batches },
  );
  fs.mkdirSync(out, { recursive: true });
  for (const run of runs) fs.writeFileSync(path.join(out, `${run.id}.json`), serializeRun(run));
  fs.writeFileSync(path.join(out, 'loss.svg'), renderLossSvg(runs[0]));
  fs.writeFileSync(path.join(out, 'overlay.svg'), renderLossSvg(runs));
  fs.writeFileSync(path.join(out, 'overlay-delta.svg'), renderLossDeltaSvg(runs, { sma: 20 }));
  console.log(`${Date.now() - started} ms`);
  for (const run of runs) {
    const rec = run.suggestions.recommended;
    console.log(`${run.label}: ${run.points.length} steps, ${run.status}, ${rec} ${run.suggestions[rec].lr}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
