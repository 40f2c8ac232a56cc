import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseRun, serializeRun } from '@lrfinder/core';
import { sweepCommand } from './sweep-command';
import { sweepStatusCommand, sweepStatus } from './status-command';
import { writeShardMarker, type ShardMarker } from './shard-marker';
import { tinyRunTest, textBuffer } from './testing/tiny-run-test';

const T = Date.parse('2026-01-01T12:00:00.000Z');
let dir: string;
let folder: string;
let ids: string[];

/** Makes test `index`'s run file look like a test still being written, last updated at `at`. */
async function makeRunning(index: number, at: number) {
  const file = path.join(folder, `${ids[index]}.json`);
  const run = parseRun(await fs.readFile(file, 'utf8'));
  // createdAt moves back with updatedAt: a reader refuses a file updated before it was created
  const createdAt = new Date(Math.min(Date.parse(run.createdAt), at)).toISOString();
  await fs.writeFile(file, serializeRun({ ...run, status: 'running', stopReason: null, createdAt, updatedAt: new Date(at).toISOString() }));
}

function marker(over: Partial<ShardMarker>): ShardMarker {
  return {
    format: 'lrfinder.sweep-shard/v1', sweepId: 'four', shard: 0, count: 2, host: 'node-a', pid: 4242, state: 'running',
    current: null, startedAt: new Date(T - 60_000).toISOString(), updatedAt: new Date(T).toISOString(), ...over,
  };
}

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lrfinder-status-'));
  await fs.writeFile(path.join(dir, 'four.json'), JSON.stringify({ id: 'four', numIter: 12, batchSize: 4, startLr: 1e-3, endLr: 0.5, grid: { seed: [1, 2, 3, 4] } }));
  const { runTest, calls } = tinyRunTest();
  const code = await sweepCommand({ file: 'four.json', out: 'runs', shard: '0/2' }, { runTest, stdout: textBuffer(), stderr: textBuffer(), env: {}, cwd: dir });
  expect(code).toBe(0);
  folder = path.join(dir, 'runs', 'four');
  ids = JSON.parse(await fs.readFile(path.join(folder, 'index.json'), 'utf8')).tests.map((t: { id: string }) => t.id);
  expect(calls).toEqual([ids[0], ids[2]]);
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('sweep status', () => {
  it('counts done and missing tests in total and per shard', async () => {
    const report = await sweepStatus({ folder }, { now: () => T });
    expect(report).toMatchObject({ sweepId: 'four', count: 4, shardCount: 2, complete: false });
    expect(report.states).toEqual({ done: 2, running: 0, interrupted: 0, failed: 0, missing: 2 });
    expect(report.shards.map((s) => [s.shard, s.states.done, s.states.missing])).toEqual([[0, 2, 0], [1, 0, 2]]);
    expect((await sweepStatus({ folder, shardCount: 1 })).shards).toHaveLength(1);
  });

  it('counts a running file as interrupted once its updatedAt is stale', async () => {
    await makeRunning(0, T);
    const at = async (ms: number, staleAfter?: number) =>
      (await sweepStatus({ folder, staleAfter }, { now: () => T + ms })).tests[0];
    expect(await at(5_000)).toMatchObject({ state: 'running', runStatus: 'running' });
    expect(await at(10 * 60_000)).toMatchObject({ state: 'running' });
    expect(await at(10 * 60_000 + 1)).toMatchObject({ state: 'interrupted', reason: 'running but not updated for 600 s (stale after 600 s)' });
    expect(await at(31_000, 30)).toMatchObject({ state: 'interrupted' });
  });

  it('counts a running file as interrupted when the shard process that ran it is gone', async () => {
    await makeRunning(2, T);
    await writeShardMarker(folder, marker({ current: ids[2] }));
    const state = async (host: string, alive: boolean) =>
      (await sweepStatus({ folder }, { now: () => T + 1000, host, isAlive: () => alive })).tests[2];
    expect(await state('node-a', true)).toMatchObject({ state: 'running' });
    expect(await state('node-a', false)).toMatchObject({ state: 'interrupted', reason: 'running, but its shard 0/2 process (pid 4242) is gone' });
    // another host cannot probe the pid: only staleness decides there
    expect(await state('node-b', false)).toMatchObject({ state: 'running' });
    await writeShardMarker(folder, marker({ current: ids[2], state: 'failed' }));
    expect(await state('node-b', true)).toMatchObject({ state: 'interrupted', reason: expect.stringMatching(/ended \(failed\) without finishing it/) });
  });

  it('reports failed and unreadable files as failed', async () => {
    const file = path.join(folder, `${ids[0]}.json`);
    const run = parseRun(await fs.readFile(file, 'utf8'));
    await fs.writeFile(file, serializeRun({ ...run, status: 'failed', stopReason: 'error', error: { message: 'boom' } }));
    await fs.writeFile(path.join(folder, `${ids[2]}.json`), '{"format":"lrfinder.run/v1"');
    const report = await sweepStatus({ folder });
    expect(report.tests[0]).toMatchObject({ state: 'failed', reason: 'boom' });
    expect(report.tests[2]).toMatchObject({ state: 'failed', reason: expect.stringMatching(/^unreadable run file: not JSON/) });
  });

  it('leaves a live running test alone on --resume and runs the rest', async () => {
    await makeRunning(0, Date.now());
    const { runTest, calls } = tinyRunTest();
    const stderr = textBuffer();
    const code = await sweepCommand({ file: 'four.json', out: 'runs', resume: true }, { runTest, stdout: textBuffer(), stderr, env: {}, cwd: dir });
    expect(code).toBe(0);
    expect(calls).toEqual([ids[1], ids[3]]);
    expect(stderr.text()).toContain(`${ids[0]} is running elsewhere`);
  });

  it('prints text and JSON, and exit 2 for a folder that is not a sweep', async () => {
    const out = textBuffer();
    expect(await sweepStatusCommand({ folder }, { stdout: out, stderr: textBuffer() })).toBe(0);
    expect(out.text()).toContain('4 tests: 2 done, 0 running, 0 interrupted, 0 failed, 2 missing');
    expect(out.text()).toContain('shard 1/2: 2 tests: 0 done, 0 running, 0 interrupted, 0 failed, 2 missing');
    expect(out.text()).toContain(`missing     ${ids[1]}`);
    expect(out.text()).toContain('--resume would run 2 test(s)');
    const json = textBuffer();
    await sweepStatusCommand({ folder, json: true }, { stdout: json, stderr: textBuffer() });
    expect(JSON.parse(json.text())).toMatchObject({ sweepId: 'four', states: { done: 2, missing: 2 } });
    const err = textBuffer();
    expect(await sweepStatusCommand({ folder: dir }, { stdout: textBuffer(), stderr: err })).toBe(2);
    expect(err.text()).toMatch(/index\.json not found: is .* a sweep folder/);
    expect(await sweepStatusCommand({ folder, shardCount: 0 }, { stdout: textBuffer(), stderr: textBuffer() })).toBe(2);
  });
});

describe('sweep status and claims', () => {
  it('a test claimed by a live process but not started yet is running; a claim whose process is gone leaves it missing, saying so', async () => {
    const claim = (pid: number) => JSON.stringify({ format: 'lrfinder.sweep-claim/v1', host: 'node-a', pid, startedAt: new Date(T).toISOString() });
    await fs.writeFile(path.join(folder, `${ids[1]}.claim`), claim(101));
    await fs.writeFile(path.join(folder, `${ids[3]}.claim`), claim(202));
    const report = await sweepStatus({ folder }, { host: 'node-a', isAlive: (pid) => pid === 101 });
    expect(report.states).toEqual({ done: 2, running: 1, interrupted: 0, failed: 0, missing: 1 });
    expect(report.tests[1]).toMatchObject({ state: 'running', reason: `claimed by pid 101 on node-a since ${new Date(T).toISOString()}, not started yet` });
    expect(report.tests[3]).toMatchObject({ state: 'missing', reason: expect.stringContaining('claimed by pid 202 on node-a') });
    expect(report.tests[3].reason).toContain('a process that is gone: the next run takes it over');
    const out = textBuffer();
    await sweepStatusCommand({ folder }, { stdout: out, stderr: textBuffer(), host: 'node-a', isAlive: (pid) => pid === 101 });
    expect(out.text()).toContain(`running     ${ids[1]}: claimed by pid 101`);
    expect(out.text()).toContain('--resume would run 1 test(s)');
  });
});

describe('a restarted shard', () => {
  it('re-runs the test its own earlier process left running (a pod retry), not one another process is running', async () => {
    await makeRunning(0, Date.now());
    await makeRunning(2, Date.now());
    await writeShardMarker(folder, marker({ shard: 0, count: 2, host: 'pod-0-old', current: ids[0] }));
    // an unsharded run (shard 0/1) on another host is on test 2 right now
    await writeShardMarker(folder, marker({ shard: 0, count: 1, host: 'laptop', current: ids[2] }));
    const { runTest, calls } = tinyRunTest();
    const stderr = textBuffer();
    const code = await sweepCommand({ file: 'four.json', out: 'runs', resume: true, shard: '0/2' }, { runTest, stdout: textBuffer(), stderr, env: {}, cwd: dir });
    expect(code).toBe(0);
    expect(calls).toEqual([ids[0]]);
    expect(stderr.text()).toContain(`${ids[2]} is running elsewhere`);
  });
});

describe('sweep status of a large sweep', () => {
  it('lists at most 20 unfinished tests by name', async () => {
    await fs.writeFile(path.join(dir, 'big.json'), JSON.stringify({ id: 'big', grid: { seed: Array.from({ length: 25 }, (_, i) => i) } }));
    const { runTest, calls } = tinyRunTest();
    // shard 0 of 100 holds test 0 only: one run, 24 missing
    const io = { runTest, stdout: textBuffer(), stderr: textBuffer(), env: {}, cwd: dir };
    expect(await sweepCommand({ file: 'big.json', out: 'runs', shard: '0/100' }, io)).toBe(0);
    expect(calls).toEqual(['big-00-seed-0']);
    const out = textBuffer();
    await sweepStatusCommand({ folder: path.join(dir, 'runs', 'big'), shardCount: 1 }, { stdout: out, stderr: textBuffer() });
    expect(out.text().match(/^ {2}missing/gm)).toHaveLength(20);
    expect(out.text()).toContain('... and 4 more (--json lists every test)');
  });
});
