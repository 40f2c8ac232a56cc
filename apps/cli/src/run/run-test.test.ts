import { promises as fs } from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { foldJournal, journalPath, parseRun } from '@lrfinder/core';
import { fullDisk } from '../testing/faulty-fs';
import { CliInputError } from '../io';
import { tempDir } from '../testing/fixtures';
import { saveModelFiles } from '../testing/model-files';
import type { ProgressSink } from './progress';
import { DEFAULT_TEST_OPTIONS, runTest, type TestOptions } from './run-test';

const BLOBS: TestOptions = {
  ...DEFAULT_TEST_OPTIONS,
  model: 'mlp',
  data: 'synthetic:blobs',
  numIter: 20,
  batchSize: 32,
  startLr: 1e-3,
  endLr: 1,
  backend: 'cpu',
  optimizer: 'sgd',
};

async function context(id: string, extra: Partial<Parameters<typeof runTest>[1]> = {}) {
  const dir = await tempDir();
  return { id, outFile: path.join(dir, `${id}.json`), cwd: dir, ...extra };
}

function sink(onStep: (step: number) => void | Promise<void>): ProgressSink {
  return { start() {}, step: (p) => void onStep(p.step), stop() {} };
}

describe('runTest', () => {
  it('writes a valid run file with the final status; while running, every step shown is already journaled', async () => {
    const snapshots: { status: string; points: number }[] = [];
    let ctx!: Awaited<ReturnType<typeof context>>;
    const seen = sink(async () => undefined);
    ctx = await context('blobs-sgd', {
      progress: {
        ...seen,
        step: (p) => {
          if (p.step === 12) {
            // Step 12 is shown: the run file (re-written every 500 ms) and its journal hold it.
            const fsSync = require('fs') as typeof import('fs');
            const run = parseRun(fsSync.readFileSync(ctx.outFile, 'utf8'));
            const folded = foldJournal(run, fsSync.readFileSync(journalPath(ctx.outFile), 'utf8'));
            snapshots.push({ status: folded.status, points: folded.points.length });
          }
        },
      },
    });
    const run = await runTest(BLOBS, ctx);
    expect(snapshots).toEqual([{ status: 'running', points: 13 }]);
    const onDisk = parseRun(await fs.readFile(ctx.outFile, 'utf8'));
    expect(onDisk).toEqual(run);
    expect(['completed', 'diverged']).toContain(run.status);
    expect(run.id).toBe('blobs-sgd');
    expect(run.label).toBe('sgd');
    expect(run.config).toMatchObject({ startLr: 1e-3, endLr: 1, batchSize: 32, seed: 0 });
    expect(run.dataset).toMatchObject({ name: 'synthetic:blobs', inputShape: [2] });
    expect(run.meta).toMatchObject({ model: 'mlp', data: 'synthetic:blobs', loss: 'sparseCategoricalCrossentropy' });
    expect(run.backend?.name).toBe('cpu');
    expect(await fs.readdir(path.dirname(ctx.outFile))).toEqual(['blobs-sgd.json']);
  });

  it('starts SGD and Adam from the same initial weights (same first loss), and leaks no tensors', async () => {
    const sgd = await runTest({ ...BLOBS, numIter: 4 }, await context('a'));
    const before = tf.memory().numTensors;
    const adam = await runTest({ ...BLOBS, numIter: 4, optimizer: 'adam' }, await context('b'));
    await runTest({ ...BLOBS, numIter: 4, optimizer: 'rmsprop' }, await context('c'));
    expect(tf.memory().numTensors).toBe(before);
    expect(adam.points[0].loss).toBe(sgd.points[0].loss);
    expect(adam.points[1].loss).not.toBe(sgd.points[1].loss);
  });

  it('ends interrupted with every step so far when the signal aborts', async () => {
    const abort = new AbortController();
    const ctx = await context('stop', { signal: abort.signal, progress: sink((s) => (s === 6 ? abort.abort() : undefined)) });
    const run = await runTest({ ...BLOBS, numIter: 50 }, ctx);
    expect(run.status).toBe('interrupted');
    expect(run.points.map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(parseRun(await fs.readFile(ctx.outFile, 'utf8'))).toEqual(run);
  });

  it('records status failed and the reason when something breaks mid-run', async () => {
    const ctx = await context('crash', {
      progress: sink((s) => {
        if (s === 3) throw new Error('disk full');
      }),
    });
    const run = await runTest(BLOBS, ctx);
    expect(run.status).toBe('failed');
    expect(run.error?.message).toBe('disk full');
    expect(run.points).toHaveLength(4);
    expect(parseRun(await fs.readFile(ctx.outFile, 'utf8')).status).toBe('failed');
  });

  it('on a full disk mid-run: status failed, reason "no space left on device", no temp file or journal left', async () => {
    const ctx = await context('full', { fs: fullDisk(6000) });
    const run = await runTest({ ...BLOBS, numIter: 200 }, ctx);
    expect(run.status).toBe('failed');
    expect(run.error?.message).toMatch(/cannot write .*full\.(journal\.jsonl|json): no space left on device \(ENOSPC\)/);
    const left = parseRun(await fs.readFile(ctx.outFile, 'utf8'));
    expect(left.status).toBe('failed');
    expect(left.error?.message).toContain('no space left on device');
    expect(await fs.readdir(path.dirname(ctx.outFile))).toEqual(['full.json']);
  });

  it('records a validation loss every numIter/50 steps with --val-split', async () => {
    const run = await runTest({ ...BLOBS, numIter: 100, valSplit: 0.2 }, await context('val'));
    const withVal = run.points.filter((p) => p.valLoss !== undefined);
    expect(run.config.validateEvery).toBe(2);
    expect(withVal.map((p) => p.step).slice(0, 3)).toEqual([1, 3, 5]);
    expect(withVal.every((p) => p.valLoss === null || p.valLoss! > 0)).toBe(true);
    expect(run.dataset?.valSamples).toBeGreaterThan(0);
  });

  it('never overwrites an existing run file', async () => {
    const ctx = await context('taken');
    await fs.writeFile(ctx.outFile, 'keep me');
    await expect(runTest(BLOBS, ctx)).rejects.toThrow(/already exists; lrfinder never overwrites/);
    expect(await fs.readFile(ctx.outFile, 'utf8')).toBe('keep me');
  });

  it('refuses bad options, data and models with a CliInputError before writing anything', async () => {
    const ctx = await context('bad');
    await expect(runTest({ ...BLOBS, optimizer: 'lion' }, ctx)).rejects.toThrow(new CliInputError('unknown optimizer "lion"; known: sgd, momentum, adam, adamax, rmsprop, adagrad, adadelta'));
    await expect(runTest({ ...BLOBS, data: 'synthetic:moons' }, ctx)).rejects.toThrow(/--data synthetic:moons: .*unknown synthetic set/);
    await expect(runTest({ ...BLOBS, model: 'resnet' }, ctx)).rejects.toThrow(/unknown model "resnet"/);
    await expect(runTest({ ...BLOBS, model: 'mnist-cnn' }, ctx)).rejects.toThrow(/mnist-cnn needs image data/);
    await expect(runTest({ ...BLOBS, loss: 'hinge' }, ctx)).rejects.toThrow(/unknown loss "hinge"/);
    await expect(fs.access(ctx.outFile)).rejects.toThrow();
  });

  describe('a model.json saved by model.save', () => {
    function model(inputs: number, units: number) {
      const m = tfl.sequential();
      m.add(tfl.layers.dense({ inputShape: [inputs], units: 8, activation: 'relu' }));
      m.add(tfl.layers.dense({ units, activation: 'softmax' }));
      return m;
    }

    it('round-trips through --model, with --loss or its own training config', async () => {
      const dir = await tempDir();
      const m = model(2, 3);
      const file = await saveModelFiles(m, path.join(dir, 'plain'));
      const run = await runTest({ ...BLOBS, model: file, loss: 'sparse_categorical_crossentropy' }, await context('file'));
      expect(run.points).toHaveLength(20);
      expect(run.model?.parameterCount).toBe(m.countParams());
      expect(run.model?.name).toBe('plain/model.json');
      m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
      const compiled = await saveModelFiles(m, path.join(dir, 'compiled'), { includeOptimizer: true });
      const run2 = await runTest({ ...BLOBS, model: compiled }, await context('compiled'));
      expect(run2.meta?.loss).toBe('sparseCategoricalCrossentropy');
      expect(run2.points[0].loss).toBe(run.points[0].loss);
      m.dispose();
    });

    it('takes the loss of a Keras-converted model.json from its training_config', async () => {
      const dir = await tempDir();
      const m = model(2, 3);
      const byName = await saveModelFiles(m, path.join(dir, 'k1'), { kerasLoss: 'sparse_categorical_crossentropy' });
      const run = await runTest({ ...BLOBS, model: byName, numIter: 3 }, await context('k1'));
      expect(run.meta?.loss).toBe('sparseCategoricalCrossentropy');
      expect(run.points).toHaveLength(3);
      const byClass = await saveModelFiles(m, path.join(dir, 'k2'), { kerasLoss: { class_name: 'SparseCategoricalCrossentropy', config: {} } });
      const run2 = await runTest({ ...BLOBS, model: byClass, numIter: 3 }, await context('k2'));
      expect(run2.points[0].loss).toBe(run.points[0].loss);
      const focal = await saveModelFiles(m, path.join(dir, 'k3'), { kerasLoss: 'categorical_focal_crossentropy' });
      await expect(runTest({ ...BLOBS, model: focal }, await context('k3'))).rejects.toThrow(/trains with loss "categorical_focal_crossentropy", which TF.js does not have: give --loss/);
      m.dispose();
    });

    it('needs --loss without a training config, and names shapes and classes that do not fit', async () => {
      const dir = await tempDir();
      const ok = model(2, 3);
      const file = await saveModelFiles(ok, path.join(dir, 'ok'));
      await expect(runTest({ ...BLOBS, model: file }, await context('x'))).rejects.toThrow(/carries no training config \(no loss\): give --loss/);
      const wide = model(5, 3);
      const wideFile = await saveModelFiles(wide, path.join(dir, 'wide'));
      await expect(runTest({ ...BLOBS, model: wideFile, loss: 'mse' }, await context('x'))).rejects.toThrow(
        'model input shape [null, 5] does not match the data: synthetic:blobs has samples of shape [batch, 2]',
      );
      const narrow = model(2, 2);
      const narrowFile = await saveModelFiles(narrow, path.join(dir, 'narrow'));
      await expect(
        runTest({ ...BLOBS, data: 'synthetic:blobs?classes=4', model: narrowFile, loss: 'sparseCategoricalCrossentropy' }, await context('x')),
      ).rejects.toThrow(/labels do not fit the output layer: synthetic:blobs\S* has 4 classes \(labels 0..3\) but output layer '\w+' has 2 units/);
      [ok, wide, narrow].forEach((m) => m.dispose());
    });
  });
});
