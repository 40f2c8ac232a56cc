// The check on a real TF.js model: a sweep of 6 tests run as 3 shards one after another
// and again unsharded gives the same run ids, no duplicates and identical losses per test.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { readRuns } from './testing/read-runs';
import { sweepCommand } from './sweep-command';
import { tfjsRunTest } from './testing/tfjs-run-test';
import { textBuffer } from './testing/tiny-run-test';

let dir: string;
beforeAll(async () => {
  tf.env().set('IS_TEST', true); // no "install tfjs-node" banner in the test log
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lrfinder-tfjs-sweep-'));
  await fs.writeFile(
    path.join(dir, 'tiny.json'),
    JSON.stringify({
      id: 'tiny', model: 'dense-2-8-1', data: 'synthetic:sine', backend: 'cpu', startLr: 1e-3, endLr: 3, numIter: 15, seed: 5,
      tests: [{ label: 'SGD', optimizer: 'sgd' }, { label: 'Adam', optimizer: 'adam', endLr: 0.3 }],
      grid: { batchSize: [8, 16, 32] },
    }),
  );
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('a sweep on a TF.js model', () => {
  it('gives identical losses per test whether run as 3 shards or unsharded, without leaking tensors', async () => {
    const io = () => ({ stdout: textBuffer(), stderr: textBuffer(), env: {}, cwd: dir });
    const sharded = tfjsRunTest();
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    for (const shard of ['0/3', '1/3', '2/3']) {
      expect(await sweepCommand({ file: 'tiny.json', out: 'a', shard }, { runTest: sharded.runTest, ...io() })).toBe(0);
      expect(tf.memory().numTensors).toBe(before);
    }
    const whole = tfjsRunTest();
    expect(await sweepCommand({ file: 'tiny.json', out: 'b' }, { runTest: whole.runTest, ...io() })).toBe(0);
    expect(tf.memory().numTensors).toBe(before);

    expect(new Set(sharded.calls).size).toBe(6);
    expect([...sharded.calls].sort()).toEqual([...whole.calls].sort());
    const a = await readRuns(path.join(dir, 'a', 'tiny'));
    const b = await readRuns(path.join(dir, 'b', 'tiny'));
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    expect(a.size).toBe(6);
    for (const [id, run] of a) {
      const other = b.get(id)!;
      expect(run.points.length).toBeGreaterThan(3);
      expect(run.points.map((p) => p.loss)).toEqual(other.points.map((p) => p.loss));
      expect(run.optimizer?.name).toBe(other.optimizer?.name);
      expect(run.sweep).toEqual(other.sweep);
    }
    const adam = [...a.values()].find((r) => r.label === 'Adam batchSize=16')!;
    expect(adam.optimizer?.name).toBe('adam');
    expect(adam.config).toMatchObject({ batchSize: 16, endLr: 0.3 });
  });
});
