import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseRun, type RunRecord } from '@lrfinder/core';
import { sweepCommand, toTestOptions, type SweepArgs } from './sweep-command';
import { expandSweep } from './expand';
import { parseSweepFile } from './sweep-file';
import { CliInputError, DEFAULT_TEST_OPTIONS } from './types';
import { sweepStatus } from './status-command';
import { tinyRunTest, textBuffer } from './testing/tiny-run-test';

const SIX = {
  id: 'six',
  model: 'tiny-linear',
  data: 'synthetic:line',
  startLr: 1e-3,
  endLr: 1,
  numIter: 30,
  seed: 11,
  grid: { optimizer: ['sgd', 'adam'], batchSize: [4, 8, 16] },
};

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lrfinder-sweep-'));
  await fs.writeFile(path.join(dir, 'six.json'), JSON.stringify(SIX));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function sweep(args: Partial<SweepArgs>, runTest: ReturnType<typeof tinyRunTest>['runTest'], extra: { env?: Record<string, string>; signal?: AbortSignal } = {}) {
  const stdout = textBuffer();
  const stderr = textBuffer();
  const code = await sweepCommand(
    { file: 'six.json', out: 'runs', ...args },
    { runTest, stdout, stderr, env: extra.env ?? {}, signal: extra.signal, cwd: dir },
  );
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

async function runsIn(folder: string): Promise<Map<string, RunRecord>> {
  const names = (await fs.readdir(folder)).filter((n) => n.endsWith('.json') && n !== 'index.json');
  const runs = new Map<string, RunRecord>();
  for (const n of names) {
    const run = parseRun(await fs.readFile(path.join(folder, n), 'utf8'));
    expect(`${run.id}.json`).toBe(n);
    runs.set(run.id, run);
  }
  return runs;
}

const losses = (run: RunRecord) => run.points.map((p) => p.loss);

describe('sweep command', () => {
  it('gives the same runs as 3 shards one after another as unsharded', async () => {
    const sharded = tinyRunTest();
    for (const shard of ['0/3', '1/3', '2/3']) {
      const result = await sweep({ shard, out: 'sharded' }, sharded.runTest);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toContain(`shard ${shard}`);
    }
    const whole = tinyRunTest();
    expect((await sweep({ out: 'whole' }, whole.runTest)).code).toBe(0);

    expect(sharded.calls).toHaveLength(6);
    expect(new Set(sharded.calls).size).toBe(6);
    expect([...sharded.calls].sort()).toEqual([...whole.calls].sort());
    // shard 0 ran tests 0 and 3, shard 1 tests 1 and 4, shard 2 tests 2 and 5
    expect(sharded.calls.map((id) => Number(id.split('-')[1]))).toEqual([0, 3, 1, 4, 2, 5]);

    const a = await runsIn(path.join(dir, 'sharded', 'six'));
    const b = await runsIn(path.join(dir, 'whole', 'six'));
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    expect(a.size).toBe(6);
    for (const [id, run] of a) {
      const other = b.get(id)!;
      expect(['completed', 'diverged']).toContain(run.status);
      expect(run.points.length).toBeGreaterThan(5);
      expect(losses(run)).toEqual(losses(other));
      expect(run.config.seed).toBe(other.config.seed);
      expect(run.sweep).toEqual({ id: 'six', index: Number(id.split('-')[1]), count: 6 });
    }
    // different tests really differ (seed and batch size reach the model)
    expect(new Set([...a.values()].map((r) => JSON.stringify(losses(r)))).size).toBe(6);
    const indexA = await fs.readFile(path.join(dir, 'sharded', 'six', 'index.json'), 'utf8');
    expect(indexA).toBe(await fs.readFile(path.join(dir, 'whole', 'six', 'index.json'), 'utf8'));
    expect(JSON.parse(indexA)).toMatchObject({ format: 'lrfinder.sweep/v1', id: 'six', count: 6 });

    const status = await sweepStatus({ folder: 'sharded/six' }, { cwd: dir });
    expect(status.complete).toBe(true);
    expect(status.shardCount).toBe(3);
    expect(status.shards.map((s) => s.states.done)).toEqual([2, 2, 2]);
  });

  it('lets 3 shards run at the same time into one folder', async () => {
    const { runTest, calls } = tinyRunTest();
    const codes = await Promise.all(['0/3', '1/3', '2/3'].map((shard) => sweep({ shard }, runTest)));
    expect(codes.map((c) => c.code)).toEqual([0, 0, 0]);
    expect(new Set(calls).size).toBe(6);
    expect(calls).toHaveLength(6);
    const folder = path.join(dir, 'runs', 'six');
    expect((await runsIn(folder)).size).toBe(6);
    expect((await fs.readdir(folder)).filter((n) => n.startsWith('.'))).toEqual([]); // no temp files left
    expect((await fs.readdir(path.join(folder, 'shards'))).sort()).toEqual(['shard-0-of-3.json', 'shard-1-of-3.json', 'shard-2-of-3.json']);
    expect((await sweepStatus({ folder })).complete).toBe(true);
  });

  it('resumes a shard killed mid-test: nothing lost, nothing completed run twice', async () => {
    const controller = new AbortController();
    let started = 0;
    const first = tinyRunTest({
      onStep: (_id, step) => {
        if (step === 0) started += 1;
        if (started === 3 && step === 12) controller.abort();
      },
    });
    const killed = await sweep({}, first.runTest, { signal: controller.signal });
    expect(killed.code).toBe(130);
    expect(killed.stderr).toMatch(/interrupted; finish with: npx lrfinder sweep six.json( --\S+ \S+)* --resume\n/);
    expect(first.calls).toHaveLength(3);

    const midway = await sweepStatus({ folder: 'runs/six' }, { cwd: dir });
    expect(midway.states).toMatchObject({ done: 2, interrupted: 1, missing: 3, running: 0, failed: 0 });
    const cut = midway.tests.find((t) => t.state === 'interrupted')!;
    expect(cut.id).toBe(first.calls[2]);
    const cutRun = parseRun(await fs.readFile(path.join(dir, 'runs', 'six', cut.file), 'utf8'));
    expect(cutRun.points).toHaveLength(13);

    const second = tinyRunTest();
    const resumed = await sweep({ resume: true }, second.runTest);
    expect(resumed.code).toBe(0);
    expect(second.calls).toEqual([first.calls[2], ...midway.tests.filter((t) => t.state === 'missing').map((t) => t.id)]);
    // every test completed by exactly one call
    const completedBy = [...first.calls.slice(0, 2), ...second.calls];
    expect(new Set(completedBy).size).toBe(6);
    expect(completedBy).toHaveLength(6);
    await expect(fs.stat(path.join(dir, 'runs', 'six', `${cut.file}.prev`))).resolves.toBeTruthy();

    const reference = tinyRunTest();
    await sweep({ out: 'reference' }, reference.runTest);
    const got = await runsIn(path.join(dir, 'runs', 'six'));
    const want = await runsIn(path.join(dir, 'reference', 'six'));
    expect(got.size).toBe(6);
    for (const [id, run] of want) expect(losses(got.get(id)!)).toEqual(losses(run));

    const again = tinyRunTest();
    const noop = await sweep({ resume: true }, again.runTest);
    expect(noop.code).toBe(0);
    expect(again.calls).toEqual([]);
  });

  it('runs the other tests when one fails, exits 1, and --resume re-runs only the failed one', async () => {
    const { runTest: real } = tinyRunTest();
    const calls: string[] = [];
    const flaky: typeof real = async (options, context) => {
      calls.push(context.id);
      if (context.sweep!.index === 1) throw new Error('out of memory');
      return real(options, context);
    };
    const result = await sweep({}, flaky);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/six-1-optimizer-sgd-batchsize-8 failed: out of memory/);
    expect(calls).toHaveLength(6);
    const retry = tinyRunTest();
    expect((await sweep({ resume: true }, retry.runTest)).code).toBe(0);
    expect(retry.calls).toEqual(['six-1-optimizer-sgd-batchsize-8']);
  });

  it('takes the shard from JOB_COMPLETION_INDEX with the sweep file\'s shards', async () => {
    await fs.writeFile(path.join(dir, 'six.json'), JSON.stringify({ ...SIX, shards: 2 }));
    const { runTest, calls } = tinyRunTest();
    const result = await sweep({}, runTest, { env: { JOB_COMPLETION_INDEX: '1' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('shard 1/2 (JOB_COMPLETION_INDEX');
    expect(calls.map((id) => Number(id.split('-')[1]))).toEqual([1, 3, 5]);
  });

  it('lists a shard\'s tests without running them', async () => {
    const { runTest, calls } = tinyRunTest();
    const result = await sweep({ list: true, shard: '0/2' }, runTest);
    expect(result.code).toBe(0);
    expect(calls).toEqual([]);
    expect(result.stdout.trim().split('\n').slice(1).map((l) => l.split('\t')[0])).toEqual(['0', '2', '4']);
  });

  it('refuses to run over existing files without --resume, and a changed sweep file', async () => {
    const { runTest } = tinyRunTest();
    expect((await sweep({ shard: '0/2' }, runTest)).code).toBe(0);
    const again = await sweep({ shard: '0/2' }, runTest);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds 3 of this shard's 3 tests: six-0-optimizer-sgd-batchsize-4.json \(done\).*Add --resume/);
    // the other shard has nothing yet: it runs without --resume
    expect((await sweep({ shard: '1/2' }, runTest)).code).toBe(0);

    await fs.writeFile(path.join(dir, 'six.json'), JSON.stringify({ ...SIX, numIter: 40 }));
    const changed = await sweep({ resume: true }, runTest);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/was written from a different sweep file \(test 0 \(six-0-optimizer-sgd-batchsize-4\) differs\)/);
  });

  it('gives exit 2 and one clear line for bad input', async () => {
    const { runTest, calls } = tinyRunTest();
    expect(await sweep({ file: 'nope.json' }, runTest)).toMatchObject({ code: 2, stderr: expect.stringMatching(/^lrfinder sweep: cannot read sweep file nope.json: no such file$/m) });
    await fs.writeFile(path.join(dir, 'bad.json'), JSON.stringify({ grid: { batchSize: [32, 0] } }));
    expect(await sweep({ file: 'bad.json' }, runTest)).toMatchObject({ code: 2, stderr: 'lrfinder sweep: bad.json: grid.batchSize[1]: expected an integer from 1 to 1000000\n' });
    expect(await sweep({ shard: '3/3' }, runTest)).toMatchObject({ code: 2, stderr: expect.stringMatching(/not below the shard count 3/) });
    expect(await sweep({}, runTest, { env: { JOB_COMPLETION_INDEX: '0' } })).toMatchObject({ code: 2, stderr: expect.stringMatching(/pass --shard-count/) });
    expect(calls).toEqual([]);
  });

  it('checks every test\'s options before running any, naming the test', async () => {
    await fs.writeFile(path.join(dir, 'six.json'), JSON.stringify({ ...SIX, tests: [{ label: 'ok' }, { label: 'low end', endLr: 1e-4 }] }));
    const { runTest, calls } = tinyRunTest();
    const result = await sweep({ shard: '0/2' }, runTest);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^lrfinder sweep: six.json: test 6 \(six-06-low-end-optimizer-sgd-batchsize-4\): --end-lr must be a number > --start-lr/);
    expect(calls).toEqual([]);
  });

  it('stops with exit 2 when runTest refuses a test\'s model or data', async () => {
    const calls: string[] = [];
    const refusing = async (_o: unknown, context: { id: string }): Promise<never> => {
      calls.push(context.id);
      throw new CliInputError('model file not found: ./nope/model.json', 'model');
    };
    const result = await sweep({}, refusing);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('lrfinder sweep: test 0 (six-0-optimizer-sgd-batchsize-4): model file not found: ./nope/model.json\n');
    expect(calls).toHaveLength(1);
  });
});

describe('toTestOptions', () => {
  it('lays the test over run\'s defaults; epochs replaces the default numIter; null divergeThreshold is Infinity', () => {
    const [a, b] = expandSweep(parseSweepFile({ epochs: 2, grid: { divergeThreshold: [null, 5] } }), { id: 's' }).tests;
    const options = toTestOptions(a);
    expect(options).toEqual({ ...DEFAULT_TEST_OPTIONS, numIter: undefined, epochs: 2, divergeThreshold: Infinity, label: 'divergeThreshold=off', seed: a.options.seed });
    expect('numIter' in options).toBe(false);
    expect(toTestOptions(b).divergeThreshold).toBe(5);
    expect(toTestOptions(b, { ...DEFAULT_TEST_OPTIONS, model: 'mlp' }).model).toBe('mlp');
  });
});
