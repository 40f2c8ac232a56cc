// The built CLI as a subprocess: real runs on synthetic data and MNIST, Ctrl-C, bad input.
import { promises as fs } from 'fs';
import * as path from 'path';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { parseRun, safeParseRun, serializeRun } from '@lrfinder/core';
import { buildCli, runCli, startCli } from '../testing/cli-process';
import { bowlRun, tempDir } from '../testing/fixtures';
import { saveModelFiles } from '../testing/model-files';

jest.setTimeout(120_000);

const SMALL = ['--model', 'mlp', '--data', 'synthetic:blobs', '--batch-size', '32', '--start-lr', '1e-3', '--backend', 'cpu'];

let dir: string;
beforeAll(async () => {
  buildCli();
  dir = await tempDir('lrfinder-e2e-');
  await tf.setBackend('cpu');
});

async function runFiles(folder: string) {
  const names = (await fs.readdir(folder)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(names.map(async (n) => parseRun(await fs.readFile(path.join(folder, n), 'utf8'))));
}

describe('lrfinder (built CLI)', () => {
  it('run: one valid run file per optimizer, plots, a JSON summary on stdout only', async () => {
    const out = path.join(dir, 'small');
    const r = await runCli(['run', ...SMALL, '--num-iter', '25', '--optimizer', 'sgd,adam', '--out', out, '--plot', '--json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    const runs = await runFiles(out);
    expect(runs.map((x) => x.label).sort()).toEqual(['adam', 'sgd']);
    expect(summary.runs.map((x: { id: string }) => x.id).sort()).toEqual(runs.map((x) => x.id).sort());
    expect(runs[0].points[0].loss).toBe(runs[1].points[0].loss);
    const svgs = (await fs.readdir(out)).filter((f) => f.endsWith('.svg'));
    expect(svgs).toHaveLength(6);
    for (const s of svgs) expect(await fs.readFile(path.join(out, s), 'utf8')).toMatch(/^(<\?xml[^>]*>\s*)?<svg/);
  });

  it('run: prints progress lines and the suggestion table when not on a TTY', async () => {
    const r = await runCli(['run', ...SMALL, '--num-iter', '20', '--optimizer', 'adam', '--out', 'plain'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/adam: step 2\/20 lr \S+ loss \S+ eta \d+s/);
    expect(r.stdout).toMatch(/steepest/);
    expect(r.stdout).toMatch(/lrfinder show plain\//);
    expect((await runFiles(path.join(dir, 'plain')))[0].points).toHaveLength(20);
  });

  it('run: 10 steps of MNIST with the reference ConvNet', async () => {
    const out = path.join(dir, 'mnist');
    const r = await runCli(['run', '--data', 'mnist', '--num-iter', '10', '--batch-size', '8', '--optimizer', 'adam', '--out', out, '--quiet'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [run] = await runFiles(out);
    expect(run.points).toHaveLength(10);
    expect(run.model?.name).toBe('mnist-cnn');
    expect(run.dataset).toMatchObject({ name: 'mnist', trainSamples: 60000, inputShape: [28, 28, 1], numClasses: 10 });
    // An untrained 10-class softmax starts near ln(10).
    expect(run.points[0].loss).toBeGreaterThan(1.5);
    expect(run.points[0].loss).toBeLessThan(3.5);
  });

  it('SIGINT: exit 130, the run file keeps every step so far with status interrupted', async () => {
    const out = path.join(dir, 'sigint');
    const { child, done } = startCli(['run', ...SMALL, '--num-iter', '100000', '--diverge-threshold', 'Infinity', '--end-lr', '1e-2', '--optimizer', 'sgd', '--out', out, '--quiet'], { cwd: dir });
    let seen = 0;
    for (let i = 0; i < 600 && seen < 10; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const files = await fs.readdir(out).catch(() => [] as string[]);
      const json = files.find((f) => f.endsWith('.json'));
      if (json) {
        const parsed = safeParseRun(await fs.readFile(path.join(out, json), 'utf8'));
        if (parsed.ok) seen = parsed.run.points.length;
      }
    }
    expect(seen).toBeGreaterThanOrEqual(10);
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    const [run] = await runFiles(out);
    expect(run.status).toBe('interrupted');
    expect(run.stopReason).toBe('aborted');
    expect(run.points.length).toBeGreaterThanOrEqual(seen);
    expect(run.points.map((p) => p.step)).toEqual(run.points.map((_, i) => i));
  });

  it('a model.json written by model.save round-trips through --model', async () => {
    const m = tfl.sequential();
    m.add(tfl.layers.dense({ inputShape: [2], units: 8, activation: 'relu' }));
    m.add(tfl.layers.dense({ units: 3, activation: 'softmax' }));
    const file = await saveModelFiles(m, path.join(dir, 'saved'));
    const out = path.join(dir, 'saved-runs');
    const r = await runCli(['run', ...SMALL, '--model', file, '--loss', 'sparseCategoricalCrossentropy', '--num-iter', '10', '--optimizer', 'sgd', '--out', out, '--quiet'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [run] = await runFiles(out);
    expect(run.model?.parameterCount).toBe(m.countParams());
    expect(run.points).toHaveLength(10);
    m.dispose();
  });

  it('show and export read a run file (its own, not another test\'s)', async () => {
    const out = path.join(dir, 'show-export');
    await fs.mkdir(out, { recursive: true });
    const file = 'bowl.json';
    await fs.writeFile(path.join(out, file), serializeRun(await bowlRun({ id: 'bowl', numIter: 25 })));
    const show = await runCli(['show', path.join(out, file)], { cwd: dir });
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/suggestions:/);
    expect(show.stdout).toMatch(/┤/);
    const csv = await runCli(['export', path.join(out, file), '--format', 'csv'], { cwd: dir });
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\n')[0]).toBe('step,lr,loss,smoothed_loss,val_loss,loss_delta');
    expect(csv.stdout.trim().split('\n')).toHaveLength(26);
  });

  it('--task classification reads labels {-1, 1} as two classes; the decision and its reason are printed and recorded', async () => {
    const csv = path.join(dir, 'pm1.csv');
    await fs.writeFile(csv, 'a,b,y\n' + Array.from({ length: 64 }, (_, i) => `${i % 7},${(i * 3) % 5},${i % 2 ? 1 : -1}`).join('\n') + '\n');
    const base = ['run', '--model', 'mlp', '--data', `csv:${csv}`, '--label', 'y', '--batch-size', '16', '--num-iter', '5', '--optimizer', 'sgd', '--backend', 'cpu'];
    const asIs = await runCli([...base, '--out', path.join(dir, 'pm1-default')], { cwd: dir });
    expect(asIs.stdout).toMatch(/^data csv:pm1\.csv: regression \(labels are integers but not all class indices .*--task classification/m);
    const r = await runCli([...base, '--task', 'classification', '--out', path.join(dir, 'pm1-classes')], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('data csv:pm1.csv: classification (task classification was given: the label values -1, 1 are classes 0..1 in that order)');
    const [run] = await runFiles(path.join(dir, 'pm1-classes'));
    expect(run.dataset).toMatchObject({ numClasses: 2, task: 'classification', taskReason: expect.stringMatching(/^task classification was given/) });
    const bad = await runCli([...base, '--task', 'clustering'], { cwd: dir });
    expect(bad.code).toBe(2);
  });

  it('--help lists every command with examples', async () => {
    const r = await runCli(['--help'], { cwd: dir });
    expect(r.code).toBe(0);
    for (const c of ['run', 'sweep', 'show', 'export', 'doctor']) expect(r.stdout).toContain(`lrfinder ${c}`);
    for (const c of ['run', 'sweep', 'show', 'export', 'doctor']) {
      const h = await runCli([c, '--help'], { cwd: dir });
      expect(h.code).toBe(0);
      expect(h.stdout).toMatch(/Examples:/);
    }
  });
});

describe('--version and subcommand help', () => {
  it('--version prints the package version', async () => {
    const r = await runCli(['--version'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(await fs.readFile(path.join(__dirname, '../../package.json'), 'utf8')).version);
  });

  it('sweep status --help shows the status command, sweep --help lists it', async () => {
    const status = await runCli(['sweep', 'status', '--help'], { cwd: dir });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^lrfinder sweep status <folder>/);
    expect(status.stdout).toMatch(/--stale-after/);
    expect(status.stdout).not.toMatch(/--resume/);
    const sweep = await runCli(['sweep', '--help'], { cwd: dir });
    expect(sweep.stdout).toMatch(/lrfinder sweep status <folder>/);
    expect(sweep.stdout).toMatch(/--resume/);
  });
});

describe('bad input: exit 2, one line, no stack trace', () => {
  let modelDir: string;
  beforeAll(async () => {
    modelDir = path.join(dir, 'bad-models');
    const m = tfl.sequential();
    m.add(tfl.layers.dense({ inputShape: [5], units: 3, activation: 'softmax' }));
    await saveModelFiles(m, path.join(modelDir, 'wide'));
    const n = tfl.sequential();
    n.add(tfl.layers.dense({ inputShape: [2], units: 2, activation: 'softmax' }));
    await saveModelFiles(n, path.join(modelDir, 'narrow'));
    await saveModelFiles(n, path.join(modelDir, 'noweights'));
    await fs.rm(path.join(modelDir, 'noweights', 'weights.bin'));
    await fs.writeFile(path.join(modelDir, 'malformed.json'), '{"modelTopology": {');
    await fs.writeFile(path.join(dir, 'bad-sweep.json'), JSON.stringify({ model: 'mlp', data: 'synthetic:blobs', batchSize: -3, tests: [{ label: 'a' }] }));
    m.dispose();
    n.dispose();
  });

  const cases: [string, () => string[], RegExp][] = [
    ['unknown flag', () => ['run', '--learning-rate', '3'], /^lrfinder: Unknown argument: --learning-rate \(see npx lrfinder --help\)$/m],
    ['unknown optimizer', () => ['run', '--optimizer', 'sgd,lion'], /unknown optimizer "lion"; known: sgd, momentum, adam, adamax, rmsprop, adagrad, adadelta/],
    ['missing model.json', () => ['run', ...SMALL, '--model', 'nowhere/model.json'], /cannot read model file .*nowhere\/model\.json: no such file/],
    ['malformed model.json', () => ['run', ...SMALL, '--model', path.join(modelDir, 'malformed.json')], /malformed\.json is not valid JSON/],
    ['missing weights', () => ['run', ...SMALL, '--model', path.join(modelDir, 'noweights/model.json'), '--loss', 'mse'], /weights file \.\/weights\.bin named in .* does not exist/],
    ['input shape', () => ['run', ...SMALL, '--model', path.join(modelDir, 'wide/model.json'), '--loss', 'mse'], /model input shape \[null, 5\] does not match the data: synthetic:blobs has samples of shape \[batch, 2\]/],
    ['labels', () => ['run', ...SMALL, '--data', 'synthetic:blobs?classes=3', '--model', path.join(modelDir, 'narrow/model.json'), '--loss', 'sparseCategoricalCrossentropy'], /labels do not fit the output layer: .* has 3 classes .* has 2 units/],
    ['sweep file', () => ['sweep', path.join(dir, 'bad-sweep.json'), '--out', path.join(dir, 'sweeps')], /batchSize/],
    ['bad run file', () => ['show', path.join(dir, 'bad-sweep.json')], /is not a valid run file: /],
  ];

  it.each(cases)('%s', async (_name, args, message) => {
    const r = await runCli(args(), { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--debug adds the stack trace', async () => {
    const r = await runCli(['run', ...SMALL, '--model', 'nowhere/model.json', '--debug'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});
