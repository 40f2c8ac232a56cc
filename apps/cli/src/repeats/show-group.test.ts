import { promises as fs } from 'fs';
import * as path from 'path';
import { groupRecord, rangeTest, serializeGroup, serializeRun, type RunRecord } from '@lrfinder/core';
import { bufferSink } from '../io';
import { exportCommand } from '../commands/export-command';
import { showCommand } from '../commands/show-command';
import { bowlLoss, tempDir } from '../testing/fixtures';
import { formatLr } from '../summary/format';

/** Three repeats of the bowl, shifted; the third stops with a NaN at step 30. */
async function setup() {
  const dir = await tempDir();
  const runs: RunRecord[] = await Promise.all([0, 1, 2].map((k) => rangeTest({
    id: `bowl-r${k}`, label: `sgd r${k}`, seed: k, startLr: 1e-4, endLr: 1, numIter: 41, smoothing: 0, divergeThreshold: Infinity,
    now: () => Date.UTC(2026, 0, 1), trainStep: (lr, step) => (k === 2 && step >= 30 ? NaN : bowlLoss(lr * 10 ** (0.2 * k))),
  })));
  for (const r of runs) await fs.writeFile(path.join(dir, `${r.id}.json`), serializeRun(r));
  const group = groupRecord(runs, { id: 'bowl-x3', label: 'sgd', baseSeed: 0, updatedAt: '2026-01-01T00:00:00.000Z' });
  await fs.writeFile(path.join(dir, 'bowl-x3.group.json'), serializeGroup(group));
  const io = { stdout: bufferSink(), stderr: bufferSink(), env: {}, cwd: dir };
  return { dir, runs, group, io };
}

describe('show and export of a group file', () => {
  it('show: the repeats, where the band narrows, the stable lr with its interval, the verdict, every method', async () => {
    const { io, group } = await setup();
    expect(await showCommand({ files: ['bowl-x3.group.json', 'bowl-r0.json'] }, io)).toBe(0);
    const text = io.stdout.text();
    expect(text).toContain('sgd  (group bowl-x3, 3 repeats aggregated)');
    expect(text).toContain('repeats    bowl-r0 (seed 0, completed), bowl-r1 (seed 1, completed), bowl-r2 (seed 2, diverged)');
    expect(text).toMatch(/band       from lr \S+ \(step 30\) on, only 2 of 3 repeats were still running/);
    const s = group.aggregate.stable;
    expect(text).toContain(`stable     ${formatLr(s.lr)} [${formatLr(s.interval!.low)}, ${formatLr(s.interval!.high)}]`);
    expect(text).toContain('(holds the median with 75.0%), median-of-repeats of valley');
    expect(text).toContain(`verdict    ${group.aggregate.verdict}`);
    expect(text).toMatch(/\n  valley \(stable\)\s+\S+\s+\[\S+, \S+\]/);
    // the run file after it is shown as a run
    expect(text).toContain('sgd r0  (bowl-r0)');
  });

  it('show --json prints the validated group record', async () => {
    const { io, group } = await setup();
    await showCommand({ files: ['bowl-x3.group.json'], json: true }, io);
    expect(JSON.parse(io.stdout.text())).toEqual([group]);
  });

  it('export: the band as CSV (one row per step, count included) and as the band SVG; --chart delta is refused', async () => {
    const { io, group } = await setup();
    await exportCommand({ file: 'bowl-x3.group.json', format: 'csv' }, io);
    const rows = io.stdout.text().trim().split('\n');
    expect(rows[0]).toBe('step,lr,count,median,low,high,median_loss');
    expect(rows).toHaveLength(1 + group.aggregate.curve.length);
    const p = group.aggregate.curve[35];
    expect(rows[36]).toBe([p.step, p.lr, 2, p.median, p.low, p.high, p.medianLoss].join(','));
    const svgIo = { ...io, stdout: bufferSink() };
    await exportCommand({ file: 'bowl-x3.group.json', format: 'svg' }, svgIo);
    expect(svgIo.stdout.text()).toContain('<g data-band="bowl-x3">');
    await expect(exportCommand({ file: 'bowl-x3.group.json', format: 'svg', chart: 'delta' }, io)).rejects.toThrow('bowl-x3.group.json is a group file: its SVG is the band chart; --chart delta takes a run file');
  });

  it('an invalid group file is a one-line input error naming the field', async () => {
    const { io, dir, group } = await setup();
    await fs.writeFile(path.join(dir, 'bad.group.json'), JSON.stringify({ ...group, aggregate: { ...group.aggregate, repeats: -1 } }));
    await expect(showCommand({ files: ['bad.group.json'] }, io)).rejects.toThrow(/bad\.group\.json is not a valid group file: aggregate\.repeats: must be >= 0/);
    await expect(showCommand({ files: ['nope.group.json'] }, io)).rejects.toThrow(/cannot read group file .*nope\.group\.json: no such file/);
    // a group under another name is still read as a group
    await fs.copyFile(path.join(dir, 'bowl-x3.group.json'), path.join(dir, 'renamed.json'));
    await showCommand({ files: ['renamed.json'] }, io);
    expect(io.stdout.text()).toContain('sgd  (group bowl-x3, 3 repeats aggregated)');
  });
});
