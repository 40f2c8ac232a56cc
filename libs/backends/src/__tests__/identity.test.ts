// Identity on wasm aliases its input (one more reference) instead of copying it.
import * as tf from '@tensorflow/tfjs';
import { readyBackends } from './compare';

beforeAll(async () => {
  await readyBackends();
  await tf.setBackend('wasm');
});

it('a clone shares the data, outlives the original, and frees it when the last one goes', () => {
  const backend = tf.backend() as unknown as { numDataIds(): number };
  const ids = backend.numDataIds();
  const a = tf.tensor([1, -2, 3.5, 4], [2, 2]);
  const b = tf.clone(a);
  expect(b.dataId).toBe(a.dataId);
  expect(backend.numDataIds()).toBe(ids + 1);
  a.dispose();
  expect(Array.from(b.dataSync())).toEqual([1, -2, 3.5, 4]);
  expect(b.shape).toEqual([2, 2]);
  b.dispose();
  expect(backend.numDataIds()).toBe(ids);
});

it('a variable built from a clone keeps its value when the source changes or goes', () => {
  const source = tf.variable(tf.tensor1d([1, 2, 3]));
  const copy = tf.variable(tf.clone(source));
  source.assign(tf.tensor1d([7, 8, 9]));
  expect(Array.from(copy.dataSync())).toEqual([1, 2, 3]);
  copy.assign(tf.tensor1d([4, 5, 6]));
  expect(Array.from(source.dataSync())).toEqual([7, 8, 9]);
  source.dispose();
  expect(Array.from(copy.dataSync())).toEqual([4, 5, 6]);
  copy.dispose();
});
