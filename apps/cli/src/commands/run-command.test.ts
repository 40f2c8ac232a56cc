import * as path from 'path';
import type { RunRecord } from '@lrfinder/core';
import { bufferSink, CliInputError, type CommandIO } from '../io';
import { bowlRun } from '../testing/fixtures';
import type { RunTestContext, TestOptions } from '../run/run-test';
import { parseThreads } from '../run/test-options';
import { parseOptimizers, runCommand } from './run-command';

function io(env: Record<string, string> = {}, signal?: AbortSignal): CommandIO & { stdout: ReturnType<typeof bufferSink>; stderr: ReturnType<typeof bufferSink> } {
  return { stdout: bufferSink(), stderr: bufferSink(), env, cwd: '/work/here', signal };
}

/** A runTest that records its calls and returns bowl runs (adam's loss is half of sgd's). */
function fakeRunTest(status: (o: TestOptions) => RunRecord['status'] = () => 'completed') {
  const calls: { options: TestOptions; context: RunTestContext }[] = [];
  const fn = async (options: TestOptions, context: RunTestContext) => {
    calls.push({ options, context });
    const run = await bowlRun({ id: context.id, label: options.optimizer, scale: options.optimizer === 'adam' ? 0.5 : 1, numIter: 41 });
    return { ...run, status: status(options) };
  };
  return { fn, calls };
}

describe('parseOptimizers', () => {
  it('splits, trims and lower-cases; unknown names list the known ones', () => {
    expect(parseOptimizers('sgd, Adam,rmsprop')).toEqual(['sgd', 'adam', 'rmsprop']);
    expect(() => parseOptimizers('sgd,adamw')).toThrow(new CliInputError('unknown optimizer "adamw"; known: sgd, momentum, adam, adamax, rmsprop, adagrad, adadelta'));
    expect(() => parseOptimizers(' , ')).toThrow(/at least one/);
    expect(() => parseOptimizers('sgd,sgd')).toThrow(/twice/);
  });
});

describe('parseThreads (--threads)', () => {
  it("takes 'auto' and whole numbers; keeps anything else as given for the backend's error", () => {
    expect(parseThreads(undefined)).toBeUndefined();
    expect(parseThreads('auto')).toBe('auto');
    expect(parseThreads('4')).toBe(4);
    expect(parseThreads(' 2 ')).toBe(2);
    expect(parseThreads('1.5')).toBe('1.5');
    expect(parseThreads('many')).toBe('many');
  });
});

describe('run', () => {
  it('defaults to the reference experiment: SGD then Adam, mnist-cnn on mnist, batch 250, 1e-4 -> 1', async () => {
    const fake = fakeRunTest();
    const out = io();
    expect(await runCommand({}, out, { runTest: fake.fn, now: () => Date.UTC(2026, 10, 29) })).toBe(0);
    expect(fake.calls.map((c) => c.options.optimizer)).toEqual(['sgd', 'adam']);
    const o = fake.calls[0].options;
    expect([o.model, o.data, o.batchSize, o.startLr, o.endLr, o.seed]).toEqual(['mnist-cnn', 'mnist', 250, 1e-4, 1, 0]);
    expect(fake.calls[1].options.seed).toBe(o.seed);
    const [a, b] = fake.calls.map((c) => c.context);
    expect(a.outFile).toBe(path.join('/work/here/runs', `${a.id}.json`));
    expect(a.id).toMatch(/^20261129-000000-sgd-[0-9a-z]{4}$/);
    expect(b.id).toMatch(/-adam-/);
    const text = out.stdout.text();
    expect(text).toMatch(/steepest/);
    expect(text).toContain('adam reached the lower loss: 0.5000 (smoothed) at lr 1.00e-2; sgd 1.000');
    expect(text).toContain('npm run dashboard');
  });

  it('resolves --out against INIT_CWD (npm start at the repo root), keeps flags given, drops numIter for --epochs', async () => {
    const fake = fakeRunTest();
    await runCommand({ optimizer: 'adam', out: 'elsewhere', epochs: 2, label: 'y', data: 'csv:a.csv', quiet: true }, io({ INIT_CWD: '/repo' }), { runTest: fake.fn });
    const { options, context } = fake.calls[0];
    expect(path.dirname(context.outFile)).toBe('/repo/elsewhere');
    expect(context.cwd).toBe('/repo');
    expect(options.epochs).toBe(2);
    expect(options.numIter).toBeUndefined();
    expect(options.labelColumn).toBe('y');
    expect(options.label).toBeUndefined();
  });

  it('prints only JSON with --json', async () => {
    const fake = fakeRunTest();
    const out = io();
    await runCommand({ json: true }, out, { runTest: fake.fn });
    const summary = JSON.parse(out.stdout.text());
    expect(summary.runs.map((r: { label: string }) => r.label)).toEqual(['sgd', 'adam']);
    expect(summary.lowestLoss.label).toBe('adam');
    // the bowl 1 + (log10 lr + 2)^2 over 1e-4..1 in 41 steps (lr = 10^(-4 + i/10)), no smoothing: lowest at
    // step 20 (lr 1e-2), so minimum is 1e-3; valley: window 4..35, descent 4..20 of 17 points, index
    // 4 + (-1 + floor(17/3) + floor(17/6)) = 10, lr 1e-3. The sgd and adam curves differ only by a factor.
    for (const run of summary.runs) {
      expect(run.suggestions.recommended).toBe('valley');
      expect(run.suggestions.minimum).toEqual({ lr: expect.closeTo(1e-3, 15), index: 20 });
      expect(run.suggestions.valley).toEqual({ lr: expect.closeTo(1e-3, 15), index: 10 });
    }
    expect(summary.lowestLoss).toMatchObject({ label: 'adam', loss: 0.5, step: 20 });
    expect(out.stderr.text()).toBe('');
  });

  it('--task reaches every test, and the data source\'s decision is printed with its reason', async () => {
    const fake = fakeRunTest();
    const decided = { name: 'csv:pm.csv', trainSamples: 4, task: 'classification' as const, taskReason: 'task classification was given: the label values -1, 1 are classes 0..1 in that order' };
    const withData = async (o: TestOptions, c: RunTestContext) => ({ ...(await fake.fn(o, c)), dataset: decided });
    const out = io();
    await runCommand({ data: 'csv:pm.csv', label: 'y', task: 'classification', quiet: true }, out, { runTest: withData });
    expect(fake.calls.map((c) => c.options.task)).toEqual(['classification', 'classification']);
    expect(out.stdout.text()).toContain('data csv:pm.csv: classification (task classification was given: the label values -1, 1 are classes 0..1 in that order)\n');
  });

  it('exits 1 when a test failed and 130 when interrupted (no later test starts)', async () => {
    const failing = fakeRunTest((o) => (o.optimizer === 'sgd' ? 'failed' : 'completed'));
    expect(await runCommand({ quiet: true }, io(), { runTest: failing.fn })).toBe(1);
    expect(failing.calls).toHaveLength(2);
    const interrupted = fakeRunTest(() => 'interrupted');
    expect(await runCommand({ quiet: true }, io(), { runTest: interrupted.fn })).toBe(130);
    expect(interrupted.calls).toHaveLength(1);
    const aborted = new AbortController();
    aborted.abort();
    const none = fakeRunTest();
    expect(await runCommand({ quiet: true }, io({}, aborted.signal), { runTest: none.fn })).toBe(130);
    expect(none.calls).toHaveLength(0);
  });

  it('--threads reaches every test; without it (one process) the backends library picks', async () => {
    const given = fakeRunTest();
    await runCommand({ threads: 2, quiet: true }, io(), { runTest: given.fn });
    expect(given.calls.map((c) => c.options.threads)).toEqual([2, 2]);
    const none = fakeRunTest();
    await runCommand({ quiet: true }, io(), { runTest: none.fn });
    expect(none.calls.map((c) => c.options.threads)).toEqual([undefined, undefined]);
  });

  it('refuses an unknown optimizer before running anything', async () => {
    const fake = fakeRunTest();
    await expect(runCommand({ optimizer: 'sgd,lion' }, io(), { runTest: fake.fn })).rejects.toThrow(/unknown optimizer "lion"; known: sgd, momentum/);
    expect(fake.calls).toHaveLength(0);
  });
});
