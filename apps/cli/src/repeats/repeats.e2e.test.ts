// `lrfinder run --repeats` through the built CLI: the repeats run in parallel children, each with
// its own derived seed, and give the run files and groups of the in-process path.
import { promises as fs } from 'fs';
import * as path from 'path';
import { parseGroup, parseRun, repeatSeeds } from '@lrfinder/core';
import { buildCli, runCli } from '../testing/cli-process';
import { tempDir } from '../testing/fixtures';

jest.setTimeout(180_000);

const SMALL = ['--model', 'mlp', '--data', 'synthetic:blobs', '--batch-size', '32', '--backend', 'cpu', '--optimizer', 'sgd,adam', '--num-iter', '15', '--repeats', '2', '--seed', '4'];

let dir: string;
beforeAll(async () => {
  buildCli();
  dir = await tempDir('lrfinder-repeats-');
});

async function folder(out: string) {
  const names = (await fs.readdir(out)).sort();
  const runs = await Promise.all(names.filter((n) => n.endsWith('.json') && !n.endsWith('.group.json')).map(async (n) => parseRun(await fs.readFile(path.join(out, n), 'utf8'))));
  const groups = await Promise.all(names.filter((n) => n.endsWith('.group.json')).map(async (n) => parseGroup(await fs.readFile(path.join(out, n), 'utf8'))));
  return { runs, groups };
}

describe('lrfinder run --repeats (built CLI)', () => {
  it('4 tests in parallel children: seeds derived in the parent, losses and groups equal to --parallel 1', async () => {
    const par = path.join(dir, 'par');
    const seq = path.join(dir, 'seq');
    const p = await runCli(['run', ...SMALL, '--parallel', '2', '--out', par], { cwd: dir });
    expect(p.code).toBe(0);
    expect(p.stderr).toMatch(/^sgd r1: /m);
    expect(p.stdout).toMatch(/^adam: stable lr \S+ \[\S+, \S+\]; the valley suggestions/m);
    const s = await runCli(['run', ...SMALL, '--parallel', '1', '--out', seq, '--quiet'], { cwd: dir });
    expect(s.code).toBe(0);
    const a = await folder(par);
    const b = await folder(seq);
    expect(a.runs.map((r) => r.label).sort()).toEqual(['adam r0', 'adam r1', 'sgd r0', 'sgd r1']);
    for (const run of a.runs) {
      const twin = b.runs.find((r) => r.label === run.label)!;
      expect(run.config.seed).toBe(repeatSeeds(4, 2)[Number(run.label.slice(-1))]);
      expect(run.points.map((q) => q.loss)).toEqual(twin.points.map((q) => q.loss));
    }
    expect(a.groups.map((g) => g.label).sort()).toEqual(['adam', 'sgd']);
    for (const g of a.groups) {
      const twin = b.groups.find((x) => x.label === g.label)!;
      expect(g.aggregate.stable).toEqual(twin.aggregate.stable);
      expect(g.aggregate.curve).toEqual(twin.aggregate.curve);
    }
    // show reads the group back
    const shown = await runCli(['show', path.join(par, `${a.groups[0].id}.group.json`)], { cwd: dir });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`(group ${a.groups[0].id}, 2 repeats aggregated)`);
  });

  it('a bad --repeats is one line on stderr and exit 2', async () => {
    const r = await runCli(['run', ...SMALL.slice(0, -4), '--repeats', '0', '--out', path.join(dir, 'bad')], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--repeats must be an integer from 1 to 1000; got 0');
  });
});
