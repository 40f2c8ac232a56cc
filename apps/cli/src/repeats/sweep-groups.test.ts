import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseGroup, repeatSeeds } from '@lrfinder/core';
import { sweepCommand } from '../sweep/sweep-command';
import { sweepStatus, sweepStatusCommand } from '../sweep/status-command';
import { deriveSeed } from '../sweep/seed';
import { expandSweep } from '../sweep/expand';
import { parseSweepFile } from '../sweep/sweep-file';
import { tinyRunTest, textBuffer } from '../sweep/testing/tiny-run-test';

const SWEEP = {
  id: 'rep', model: 'tiny-linear', data: 'synthetic:line', startLr: 1e-3, endLr: 1, numIter: 30, seed: 11, repeats: 3,
  grid: { optimizer: ['sgd', 'adam'] },
};

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lrfinder-rep-'));
  await fs.writeFile(path.join(dir, 'rep.json'), JSON.stringify(SWEEP));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

async function sweep(shard: string, out: string, runTest = tinyRunTest().runTest, plot = false) {
  const stdout = textBuffer();
  const stderr = textBuffer();
  const code = await sweepCommand({ file: 'rep.json', out, shard, plot }, { runTest, stdout, stderr, env: {}, cwd: dir });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('repeats in a sweep file', () => {
  it('expand: each configuration becomes K tests (indexes, ids, labels), seeds repeatSeeds(configuration seed, K), one group each', () => {
    const { count, tests } = expandSweep(parseSweepFile(SWEEP), { id: 'rep' });
    expect(count).toBe(6);
    expect(tests.map((t) => t.id)).toEqual([
      'rep-0-optimizer-sgd-r0', 'rep-1-optimizer-sgd-r1', 'rep-2-optimizer-sgd-r2',
      'rep-3-optimizer-adam-r0', 'rep-4-optimizer-adam-r1', 'rep-5-optimizer-adam-r2',
    ]);
    expect(tests.map((t) => t.options.seed)).toEqual([...repeatSeeds(deriveSeed(11, 0), 3), ...repeatSeeds(deriveSeed(11, 1), 3)]);
    expect(tests.map((t) => t.repeat)).toEqual([0, 1, 2, 0, 1, 2].map((index, i) => ({ group: i < 3 ? 'rep-g0-optimizer-sgd' : 'rep-g1-optimizer-adam', index, of: 3 })));
    expect(tests.every((t) => !('repeats' in t.options))).toBe(true);
    // without repeats nothing changes: same ids and seeds as before
    const plain = expandSweep(parseSweepFile({ ...SWEEP, repeats: undefined }), { id: 'rep' });
    expect(plain.tests.map((t) => [t.id, t.options.seed, t.repeat])).toEqual([['rep-0-optimizer-sgd', deriveSeed(11, 0), undefined], ['rep-1-optimizer-adam', deriveSeed(11, 1), undefined]]);
    expect(() => parseSweepFile({ ...SWEEP, repeats: 0 })).toThrow('repeats: expected an integer from 1 to 1000');
    const big = parseSweepFile({ ...SWEEP, repeats: 1000, grid: { batchSize: Array.from({ length: 101 }, (_, i) => i + 1) } });
    expect(() => expandSweep(big, { id: 'rep' })).toThrow('the sweep expands to 101000 tests (101 configurations with their repeats); at most 100000');
  });

  it('sweep status says, for each group of repeats, how many are done and whether its file is written', async () => {
    // shard 0/2 runs tests 0, 2, 4: no group has all its repeats yet
    expect((await sweep('0/2', 'runs')).code).toBe(0);
    const folder = path.join(dir, 'runs', 'rep');
    expect((await sweepStatus({ folder })).groups).toEqual([
      { id: 'rep-g0-optimizer-sgd', of: 3, done: 2, written: false },
      { id: 'rep-g1-optimizer-adam', of: 3, done: 1, written: false },
    ]);
    const out = textBuffer();
    await sweepStatusCommand({ folder }, { stdout: out, stderr: textBuffer() });
    expect(out.text()).toContain('groups of repeats: 2 (0 written)');
    expect(out.text()).toContain('rep-g0-optimizer-sgd: 2/3 repeats done, waiting for the others');
    expect((await sweep('1/2', 'runs')).code).toBe(0);
    expect((await sweepStatus({ folder })).groups.map((g) => [g.done, g.written])).toEqual([[3, true], [3, true]]);
  });

  it('repeats shard like tests; the last shard to finish a group writes its group file, identical to the unsharded one', async () => {
    const first = await sweep('0/2', 'sharded');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('group rep-g0-optimizer-sgd: waiting for repeats in other shards');
    const second = await sweep('1/2', 'sharded');
    expect(second.stdout).toContain('group rep-g0-optimizer-sgd.group.json: written');
    expect(second.stdout).toContain('group rep-g1-optimizer-adam.group.json: written');
    const whole = await sweep('0/1', 'whole', undefined, true);
    expect((await fs.readFile(path.join(dir, 'whole', 'rep', 'rep-g1-optimizer-adam.svg'), 'utf8'))).toContain('<g data-band="rep-g1-optimizer-adam">');
    expect(whole.stdout).toMatch(/group rep-g0-optimizer-sgd\.group\.json: written[\s\S]*group rep-g1-optimizer-adam\.group\.json: written/);
    for (const g of ['rep-g0-optimizer-sgd', 'rep-g1-optimizer-adam']) {
      const sharded = parseGroup(await fs.readFile(path.join(dir, 'sharded', 'rep', `${g}.group.json`), 'utf8'));
      const unsharded = parseGroup(await fs.readFile(path.join(dir, 'whole', 'rep', `${g}.group.json`), 'utf8'));
      expect(sharded.aggregate).toEqual(unsharded.aggregate);
      expect(sharded.runs.map((r) => r.file)).toEqual(unsharded.runs.map((r) => r.file));
      expect(sharded.aggregate.repeats).toBe(3);
    }
  });
});
