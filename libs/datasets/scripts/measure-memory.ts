// Peak RSS of loading MNIST and drawing 1,000 batches of 250 (cpu backend), and of streaming a
// CSV larger than the V8 heap limit. Run: npx tsx libs/datasets/scripts/measure-memory.ts [csvRows]
// Prints a small report; the numbers in the README come from it (not a test: they depend on
// the machine).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCsv, loadMnist } from '../src/node';

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const peak = () => process.resourceUsage().maxRSS * 1024;

async function mnist(): Promise<void> {
  await tf.setBackend('cpu');
  tf.env().set('IS_NODE', false); // silence the "install tfjs-node" hint
  const base = process.memoryUsage().rss;
  const t0 = Date.now();
  const source = await loadMnist();
  const loaded = process.memoryUsage().rss;
  const t1 = Date.now();
  let n = 0;
  for await (const b of source.batches({ batchSize: 250, seed: 1 })) {
    if (b.xs.shape[0] !== 250) throw new Error('short batch');
    if (++n === 1000) break;
  }
  const t2 = Date.now();
  console.log(JSON.stringify({
    measure: 'mnist', node: process.version, rssBeforeLoad: mb(base), rssAfterLoad: mb(loaded), peakRss: mb(peak()),
    retainedBytes: mb(source.retainedBytes), float32Equivalent: mb(70000 * 784 * 4), tensorsLeft: tf.memory().numTensors,
    loadMs: t1 - t0, thousandBatchesMs: t2 - t1,
  }));
}

async function csvChild(file: string): Promise<void> {
  await tf.setBackend('cpu');
  tf.env().set('IS_NODE', false);
  const t0 = Date.now();
  const source = await loadCsv(file, { label: 'label' });
  const t1 = Date.now();
  let rows = 0;
  for await (const b of source.batches({ batchSize: 256, epochs: 1, seed: 1 })) rows += b.xs.shape[0];
  console.log(JSON.stringify({
    measure: 'csv', rows, fileSize: mb(fs.statSync(file).size), heapLimit: '64 MiB (--max-old-space-size=64)', peakRss: mb(peak()),
    firstPassMs: t1 - t0, epochMs: Date.now() - t1,
  }));
}

function csv(rows: number): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrfinder-csv-'));
  const file = path.join(dir, 'big.csv');
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, `${Array.from({ length: 16 }, (_, j) => `f${j}`).join(',')},label\n`);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += `${Array.from({ length: 16 }, (_, j) => ((i * 31 + j * 17) % 1000) / 7).map((v) => v.toFixed(4)).join(',')},${i % 10}\n`;
    if (chunk.length > 1 << 20) { fs.writeSync(out, chunk); chunk = ''; }
  }
  fs.writeSync(out, chunk);
  fs.closeSync(out);
  const r = spawnSync(process.execPath, [...process.execArgv, '--max-old-space-size=64', __filename, '--csv-child', file], { encoding: 'utf8' });
  process.stdout.write(r.stdout);
  if (r.status !== 0) process.stdout.write(`csv child failed (${r.status}): ${r.stderr.slice(-2000)}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
}

const args = process.argv.slice(2);
if (args[0] === '--csv-child') csvChild(args[1]);
else if (args[0] === '--mnist') mnist();
else {
  // Each measurement in its own process so peaks do not mix.
  const self = (extra: string[]) => spawnSync(process.execPath, [...process.execArgv, __filename, ...extra], { encoding: 'utf8', stdio: ['ignore', 'inherit', 'inherit'] });
  self(['--mnist']);
  csv(Number(args[0] ?? 1_500_000));
}
