// The sweep handler with the CLI's own runTest (mlp on synthetic blobs, cpu backend): 6 tests as
// 3 shards one after another and again unsharded give the same run ids and identical losses.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { parseRun } from '@lrfinder/core';
import { readRuns } from './testing/read-runs';
import { runTest } from '../run/run-test';
import { sweepCommand } from './sweep-command';
import { sweepStatus } from './status-command';
import { textBuffer } from './testing/tiny-run-test';

// No --plot here: keep the SVG renderer (React, Nivo, d3 ES modules) out of this suite.
jest.mock('../run/plots', () => ({ writeRunPlots: jest.fn() }));

let dir: string;
beforeAll(async () => {
  tf.env().set('IS_TEST', true); // no "install tfjs-node" banner in the test log
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lrfinder-cli-sweep-'));
  await fs.writeFile(
    path.join(dir, 'mlp6.json'),
    JSON.stringify({
      id: 'mlp6', model: 'mlp', data: 'synthetic:blobs', backend: 'cpu', startLr: 1e-3, endLr: 1, numIter: 10, seed: 3,
      grid: { optimizer: ['sgd', 'adam'], batchSize: [8, 16, 32] },
    }),
  );
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('sweep with the CLI runTest', () => {
  it('3 shards one after another = unsharded: same ids, identical losses', async () => {
    const calls: string[] = [];
    const counted: typeof runTest = (options, context) => {
      calls.push(context.id);
      return runTest(options, { ...context, cwd: dir });
    };
    const io = () => ({ stdout: textBuffer(), stderr: textBuffer(), env: {}, cwd: dir, runTest: counted });
    for (const shard of ['0/3', '1/3', '2/3']) {
      const deps = io();
      const code = await sweepCommand({ file: 'mlp6.json', out: 'a', shard }, deps);
      expect({ code, err: deps.stderr.text() }).toEqual({ code: 0, err: '' });
    }
    expect(await sweepCommand({ file: 'mlp6.json', out: 'b' }, io())).toBe(0);
    expect(calls).toHaveLength(12);
    const a = await readRuns(path.join(dir, 'a', 'mlp6'));
    const b = await readRuns(path.join(dir, 'b', 'mlp6'));
    expect(a.size).toBe(6);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [id, run] of a) {
      const other = b.get(id)!;
      expect(run.sweep).toEqual(other.sweep);
      expect(run.sweep!.count).toBe(6);
      expect(run.points.map((p) => p.loss)).toEqual(other.points.map((p) => p.loss));
      expect(run.backend?.name).toBe('cpu');
    }
    expect((await sweepStatus({ folder: path.join(dir, 'a', 'mlp6') })).complete).toBe(true);
  });

  it('Ctrl-C mid-test then --resume: the interrupted test keeps its steps, nothing completed runs twice', async () => {
    const calls: string[] = [];
    const counted: typeof runTest = (options, context) => {
      calls.push(context.id);
      return runTest(options, { ...context, cwd: dir });
    };
    const controller = new AbortController();
    let tests = 0;
    // The progress sink sees every step: abort ("Ctrl-C") at step 4 of the second test.
    const progress = {
      start: () => void (tests += 1),
      step: (info: { step: number }) => {
        if (tests === 2 && info.step === 4) controller.abort();
      },
      stop: () => undefined,
    };
    const stderr = textBuffer();
    const first = await sweepCommand({ file: 'mlp6.json', out: 'c', shard: '1/2' }, {
      runTest: counted, stdout: textBuffer(), stderr, env: {}, cwd: dir, signal: controller.signal, progress,
    });
    expect(first).toBe(130);
    const folder = path.join(dir, 'c', 'mlp6');
    const midway = await sweepStatus({ folder, shardCount: 2 });
    expect(midway.shards[1].states).toMatchObject({ done: 1, interrupted: 1, missing: 1 });
    const cut = midway.tests.find((t) => t.state === 'interrupted')!;
    const cutRun = parseRun(await fs.readFile(path.join(folder, cut.file), 'utf8'));
    expect(cutRun).toMatchObject({ status: 'interrupted', stopReason: 'aborted' });
    expect(cutRun.points.length).toBeGreaterThanOrEqual(5);

    const resumed = await sweepCommand({ file: 'mlp6.json', out: 'c', shard: '1/2', resume: true }, {
      runTest: counted, stdout: textBuffer(), stderr: textBuffer(), env: {}, cwd: dir,
    });
    expect(resumed).toBe(0);
    // shard 1/2 holds tests 1, 3, 5: test 3 was cut and re-run; 1 ran once, 5 once
    expect(calls.map((id) => Number(id.split('-')[1]))).toEqual([1, 3, 3, 5]);
    expect(cut.id).toBe(calls[1]);
    // same losses as the unsharded run of the first test (folder b)
    const b = await readRuns(path.join(dir, 'b', 'mlp6'));
    for (const [id, run] of await readRuns(folder)) expect(run.points.map((p) => p.loss)).toEqual(b.get(id)!.points.map((p) => p.loss));
  });
});
