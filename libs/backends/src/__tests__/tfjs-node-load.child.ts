// Child process of tfjs-node-load.test.ts: loads native TensorFlow through prepareBackend in a
// process that never loaded the @tensorflow/tfjs union, and prints one JSON line: the active
// backend, an op's result, which TF.js packages were loaded, and whether a stand-in is left.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { prepareBackend } from '../prepare';

async function main() {
  await prepareBackend('tensorflow', { native: { log: () => undefined } });
  const sum = Array.from(await tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).data());
  const req = createRequire(path.join(process.cwd(), 'noop.js'));
  const union = createRequire(req.resolve('@tensorflow/tfjs-node/package.json')).resolve('@tensorflow/tfjs');
  const packages = [...new Set(Object.keys(req.cache).map((f) => /node_modules\/(@tensorflow\/[^/]+)\//.exec(f)?.[1]).filter(Boolean))].sort();
  console.log(JSON.stringify({ backend: tf.getBackend(), sum, packages, unionCached: union in req.cache }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
