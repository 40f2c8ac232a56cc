import { promises as fs } from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { parseGroup, parseRun, repeatSeeds, safeParseRun } from '@lrfinder/core';
import { bufferSink, CliInputError, type CommandIO } from '../io';
import { runCommand } from '../commands/run-command';
import { tempDir } from '../testing/fixtures';
import { saveModelFiles } from '../testing/model-files';
import { checkRepeats, repeatTests } from './repeat-options';
import { reinitWeights, seedInitializers } from './reinit';
import { DEFAULT_TEST_OPTIONS } from '../run/test-options';

function io(cwd: string): CommandIO & { stdout: ReturnType<typeof bufferSink>; stderr: ReturnType<typeof bufferSink> } {
  return { stdout: bufferSink(), stderr: bufferSink(), env: {}, cwd };
}

const TINY = { model: 'mlp', data: 'synthetic:blobs', numIter: 24, batchSize: 16, startLr: 1e-3, endLr: 3, backend: 'cpu' as const, quiet: true };

describe('repeat options', () => {
  it('K tests: seeds from repeatSeeds(base, K), labels <optimizer> r<i>; K = 1 is the test itself', () => {
    const base = { ...DEFAULT_TEST_OPTIONS, seed: 5 };
    const tests = repeatTests(base, 3);
    expect(tests.map((t) => t.seed)).toEqual(repeatSeeds(5, 3));
    expect(tests.map((t) => t.label)).toEqual(['sgd r0', 'sgd r1', 'sgd r2']);
    expect(repeatTests(base, 1)).toEqual([base]);
    expect(() => checkRepeats(0)).toThrow(new CliInputError('--repeats must be an integer from 1 to 1000; got 0'));
    expect(() => checkRepeats(2.5)).toThrow(/got 2\.5/);
  });
});

describe('run --repeats (sequential, in this process)', () => {
  it('writes K valid run files per optimizer and one group file each; prints medians with intervals and the verdict', async () => {
    const dir = await tempDir();
    const out = io(dir);
    const code = await runCommand({ ...TINY, quiet: false, optimizer: 'sgd,adam', repeats: 3, seed: 2, out: 'runs', plot: true }, out);
    expect(code).toBe(0);
    const names = (await fs.readdir(path.join(dir, 'runs'))).sort();
    const groupFiles = names.filter((n) => n.endsWith('.group.json'));
    const runFiles = names.filter((n) => n.endsWith('.json') && !n.endsWith('.group.json'));
    expect(groupFiles).toHaveLength(2);
    expect(runFiles).toHaveLength(6);
    // every run file stays a valid run file; the group file is refused by a run reader
    for (const f of runFiles) expect(safeParseRun(await fs.readFile(path.join(dir, 'runs', f), 'utf8')).ok).toBe(true);
    const sgdFile = groupFiles.find((f) => f.includes('-sgd-x3-'))!;
    const text = await fs.readFile(path.join(dir, 'runs', sgdFile), 'utf8');
    expect(safeParseRun(text).ok).toBe(false);
    const group = parseGroup(text);
    expect(group.label).toBe('sgd');
    expect(group.baseSeed).toBe(2);
    expect(group.runs.map((r) => r.seed)).toEqual(repeatSeeds(2, 3));
    const linked = await Promise.all(group.runs.map(async (r) => parseRun(await fs.readFile(path.join(dir, 'runs', r.file), 'utf8'))));
    expect(linked.map((r) => r.label)).toEqual(['sgd r0', 'sgd r1', 'sgd r2']);
    // different seeds, different curves (built-in model: weights and data order)
    expect(linked[0].points[3].loss).not.toBe(linked[1].points[3].loss);
    expect(group.aggregate.repeats).toBe(3);
    // the summary: medians with intervals, the stable method marked, each group's verdict
    const printed = out.stdout.text();
    expect(printed).toMatch(/Over 3\/3 repeats: median \[interval\] of each suggestion \(\* = stable: median-of-repeats of valley/);
    expect(printed).toMatch(/valley\s+\d\.\d\de-\d \[\d\.\d\de-\d, \d\.\d\de-\d\]\*/);
    expect(printed).toMatch(/^sgd: stable lr \d\.\d\de-\d \[.*\]; the valley suggestions (agree within|span) /m);
    expect(printed).toMatch(/^adam: stable lr /m);
    // no per-repeat table (K x optimizers columns); where the files are, and how to look at a group
    expect(printed).not.toContain('Suggested learning rates');
    expect(printed).toContain('Run files: 6 (one per repeat, `lrfinder show` reads each) in runs');
    expect(printed).toMatch(/^Look at them: npx lrfinder show runs\/\S+-sgd-x3-\S+\.group\.json runs\/\S+-adam-x3-\S+\.group\.json$/m);
    expect(printed).toMatch(/^Band plots:\n  runs\/\S+\.svg/m);
    // --plot: a band per group and the overlay; no per-repeat plots
    expect(names.filter((n) => n.endsWith('.svg'))).toHaveLength(3);
    expect(names.some((n) => n.endsWith('-sgd-vs-adam.band.svg'))).toBe(true);
  }, 120_000);

  it('--json carries the groups; a bad --repeats is a one-line input error before anything runs', async () => {
    const dir = await tempDir();
    const out = io(dir);
    expect(await runCommand({ ...TINY, optimizer: 'sgd', repeats: 2, json: true, out: 'runs' }, out)).toBe(0);
    const summary = JSON.parse(out.stdout.text());
    expect(summary.groups).toHaveLength(1);
    expect(summary.groups[0]).toMatchObject({ label: 'sgd', repeats: 2, stable: { method: 'valley', rule: 'median-of-repeats' } });
    expect(summary.groups[0].suggestions.valley.values).toHaveLength(2);
    await expect(runCommand({ ...TINY, repeats: 0 }, io(dir))).rejects.toThrow('--repeats must be an integer from 1 to 1000; got 0');
  }, 120_000);
});

describe('--reinit (model.json weights from the initializers)', () => {
  beforeAll(() => tf.setBackend('cpu'));

  it('seeds every random initializer of the topology, leaves zeros alone', () => {
    const topo = { config: { layers: [
      { config: { kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } }, bias_initializer: { class_name: 'Zeros', config: {} } } },
      { config: { kernel_initializer: { class_name: 'HeNormal', config: { seed: 3 } } } },
    ] } };
    expect(seedInitializers(topo, 7)).toBe(2);
    expect(topo.config.layers[0].config.kernel_initializer!.config.seed).toBe(7001);
    expect(topo.config.layers[1].config.kernel_initializer!.config.seed).toBe(7002);
    expect(topo.config.layers[0].config.bias_initializer!.config).toEqual({});
  });

  it('same seed, same weights; another seed, other weights; no tensor left behind', async () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 4, inputShape: [3] }), tfl.layers.dense({ units: 2 })] });
    const saved = Array.from(model.getWeights()[0].dataSync());
    const before = tf.memory().numTensors;
    await reinitWeights(model, 1);
    const a = Array.from(model.getWeights()[0].dataSync());
    await reinitWeights(model, 1);
    const b = Array.from(model.getWeights()[0].dataSync());
    await reinitWeights(model, 2);
    const c = Array.from(model.getWeights()[0].dataSync());
    expect(a).not.toEqual(saved);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(Array.from(model.getWeights()[1].dataSync())).toEqual([0, 0, 0, 0]); // bias: zeros
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('run --repeats with a model.json: without --reinit every repeat starts from the saved weights, with it they differ', async () => {
    const dir = await tempDir();
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 8, inputShape: [2], activation: 'relu' }), tfl.layers.dense({ units: 3, activation: 'softmax' })] });
    const file = await saveModelFiles(model, path.join(dir, 'm'));
    model.dispose();
    const first = async (reinit: boolean) => {
      const out = io(dir);
      const args = { ...TINY, model: file, loss: 'sparseCategoricalCrossentropy', data: 'synthetic:blobs?classes=3', optimizer: 'sgd', repeats: 2, json: true, out: `runs-${reinit}`, reinit };
      expect(await runCommand(args, out)).toBe(0);
      return Promise.all(JSON.parse(out.stdout.text()).runs.map(async (r: { file: string }) => parseRun(await fs.readFile(r.file, 'utf8'))));
    };
    const kept = await first(false);
    const redrawn = await first(true);
    expect(kept).toHaveLength(2);
    expect(redrawn).toHaveLength(2);
    // repeat 0 keeps the base seed, so both see the same first batch: its loss (before any update)
    // differs only through the initial weights, saved vs re-drawn
    expect(redrawn[0].points[0].loss).not.toBe(kept[0].points[0].loss);
  }, 120_000);
});
