import { promises as fs } from 'fs';
import * as path from 'path';
import { serializeRun } from '@lrfinder/core';
import { bufferSink } from '../io';
import { bowlRun, tempDir } from '../testing/fixtures';
import { exportCommand } from './export-command';

async function setup() {
  const dir = await tempDir();
  await fs.writeFile(path.join(dir, 'r.json'), serializeRun(await bowlRun({ id: 'r', numIter: 41 })));
  return { dir, io: { stdout: bufferSink(), stderr: bufferSink(), env: {}, cwd: dir } };
}

describe('export', () => {
  it('writes the points as CSV to stdout', async () => {
    const { io } = await setup();
    expect(await exportCommand({ file: 'r.json', format: 'csv' }, io)).toBe(0);
    const rows = io.stdout.text().trim().split('\n');
    expect(rows).toHaveLength(42);
    expect(rows[21].split(',').slice(0, 3).map(Number)).toEqual([20, expect.closeTo(1e-2, 12), expect.closeTo(1, 12)]);
  });

  it('writes a loss or loss-delta SVG, to a file with --output', async () => {
    const { io, dir } = await setup();
    await exportCommand({ file: 'r.json', format: 'svg' }, io);
    expect(io.stdout.text()).toMatch(/<svg[\s\S]*<\/svg>\s*$/);
    await exportCommand({ file: 'r.json', format: 'svg', chart: 'delta', sma: 5, output: 'd.svg' }, io);
    const svg = await fs.readFile(path.join(dir, 'd.svg'), 'utf8');
    expect(svg).toMatch(/<svg/);
    expect(svg).not.toBe(io.stdout.text());
    expect(io.stderr.text()).toBe('wrote d.svg\n');
  });

  it('refuses an unknown format and a bad sma', async () => {
    const { io } = await setup();
    await expect(exportCommand({ file: 'r.json', format: 'pdf' }, io)).rejects.toThrow('unknown --format "pdf"; known: csv, svg');
    await expect(exportCommand({ file: 'r.json', format: 'csv', sma: 0 }, io)).rejects.toThrow(/--sma must be an integer from 1 to 100000; got 0/);
  });
});
