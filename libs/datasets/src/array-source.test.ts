import * as tf from '@tensorflow/tfjs-core';
import { arraySource } from './array-source';
import { drain, useCpu } from './test-setup';

beforeAll(useCpu);

// 10 samples of 2x2x1 bytes: sample i has every pixel = 10 * i, label i % 3.
const x = Uint8Array.from({ length: 40 }, (_, k) => 10 * Math.floor(k / 4));
const y = Uint8Array.from({ length: 10 }, (_, i) => i % 3);
const source = (o: Partial<Parameters<typeof arraySource>[0]> = {}) =>
  arraySource({ name: 't', inputShape: [2, 2, 1], task: 'classification', train: { x, y }, ...o });
const sampleOf = (b: { x: Float32Array }, k: number) => Math.round((b.x[4 * k] * 255) / 10);

describe('arraySource batches', () => {
  it('scales bytes to [0, 1] per batch, channel-last, sparse labels as float32 [n]', async () => {
    const [b] = await drain(source(), { batchSize: 4, shuffle: false, epochs: 1 });
    expect(b.xShape).toEqual([4, 2, 2, 1]);
    expect(b.yShape).toEqual([4]);
    expect(Array.from(b.x.slice(4, 8))).toEqual([10 / 255, 10 / 255, 10 / 255, 10 / 255].map((v) => Math.fround(v)));
    expect(Array.from(b.y)).toEqual([0, 1, 2, 0]);
  });

  it('one-hot labels [n, numClasses]', async () => {
    const [b] = await drain(source(), { batchSize: 3, shuffle: false, epochs: 1, labels: 'onehot' });
    expect(b.yShape).toEqual([3, 3]);
    expect(Array.from(b.y)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('one epoch visits every sample once, last batch smaller unless dropRemainder', async () => {
    const batches = await drain(source(), { batchSize: 4, epochs: 1, seed: 3 });
    expect(batches.map((b) => b.xShape[0])).toEqual([4, 4, 2]);
    const seen = batches.flatMap((b) => Array.from({ length: b.xShape[0] }, (_, k) => sampleOf(b, k)));
    expect(seen.slice().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seen).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const dropped = await drain(source(), { batchSize: 4, epochs: 2, dropRemainder: true });
    expect(dropped.map((b) => b.xShape[0])).toEqual([4, 4, 4, 4]);
  });

  it('the same seed gives the same batches in the same order; another seed another order', async () => {
    const order = async (seed: number) => (await drain(source(), { batchSize: 3, seed }, 12)).flatMap((b) => Array.from(b.x));
    expect(await order(7)).toEqual(await order(7));
    expect(await order(7)).not.toEqual(await order(8));
  });

  it('cycles forever by default and reshuffles each epoch', async () => {
    const batches = await drain(source(), { batchSize: 5, seed: 1 }, 6);
    const epochs = [0, 2, 4].map((e) => [...batches[e].x.filter((_, i) => i % 4 === 0), ...batches[e + 1].x.filter((_, i) => i % 4 === 0)]);
    for (const e of epochs) expect(e.map((v) => Math.round(v * 25.5)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(epochs[0]).not.toEqual(epochs[1]);
  });

  it('a seeded validation split: disjoint, covering, sized round(n * valSplit)', async () => {
    const s = source({ valSplit: 0.3, splitSeed: 5 });
    expect(s.info).toMatchObject({ trainSamples: 7, valSamples: 3 });
    const [train] = await drain(s, { batchSize: 10, epochs: 1, shuffle: false });
    const [val] = await drain(s, { batchSize: 10, epochs: 1, shuffle: false, split: 'val' });
    const ids = (b: typeof train) => Array.from({ length: b.xShape[0] }, (_, k) => sampleOf(b, k));
    expect([...ids(train), ...ids(val)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const again = source({ valSplit: 0.3, splitSeed: 5 });
    expect(ids((await drain(again, { batchSize: 10, epochs: 1, shuffle: false, split: 'val' }))[0])).toEqual(ids(val));
  });

  it('an empty split yields nothing instead of looping', async () => {
    expect(await drain(source(), { batchSize: 4, split: 'val' })).toEqual([]);
  });

  it('disposes each batch when the next is drawn and on return(); numTensors does not grow', async () => {
    const before = tf.memory().numTensors;
    const it = source().batches({ batchSize: 4 });
    const first = (await it.next()).value!;
    await it.next();
    expect(first.xs.isDisposed).toBe(true);
    for (let i = 0; i < 200; i++) await it.next();
    expect(tf.memory().numTensors).toBe(before + 2);
    await it.return!();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad batch options and labels outside the class range', () => {
    expect(() => source().batches({ batchSize: 0 })).toThrow(/batchSize.*expected a positive integer, found 0/);
    expect(() => source().batches({ batchSize: 2, epochs: 0.5 })).toThrow(/epochs/);
    expect(() => source({ numClasses: 2 })).toThrow(/label of sample 2 is outside the class range \(expected an integer in \[0, 1\], found 2\)/);
    expect(() => source({ valSplit: 1 })).toThrow(/validation split/);
    expect(() => arraySource({ name: 't', inputShape: [3], task: 'classification', train: { x, y } })).toThrow(/whole number of samples/);
    expect(() => arraySource({ name: 't', inputShape: [4], task: 'classification', train: { x, y: y.subarray(1) } })).toThrow(/do not match in count.*expected 10 target values for 10 samples, found 9/);
  });
});
