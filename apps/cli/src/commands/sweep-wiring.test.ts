import { promises as fs } from 'fs';
import * as path from 'path';
import { parseRun } from '@lrfinder/core';
import { bufferSink } from '../io';
import { tempDir } from '../testing/fixtures';
import { sweepCommandFor } from './sweep-wiring';

describe('sweep wiring', () => {
  it('runs a sweep file through runTest into one folder, then reports it with "sweep status"', async () => {
    const dir = await tempDir();
    const sweep = { id: 'tiny', model: 'mlp', data: 'synthetic:blobs', backend: 'cpu', batchSize: 16, numIter: 5, startLr: 1e-3, grid: { optimizer: ['sgd', 'adam'] } };
    await fs.writeFile(path.join(dir, 'tiny.json'), JSON.stringify(sweep));
    const io = { stdout: bufferSink(), stderr: bufferSink(), env: {}, cwd: dir };
    expect(await sweepCommandFor({ file: 'tiny.json', out: 'runs', quiet: true }, io)).toBe(0);
    const folder = path.join(dir, 'runs', 'tiny');
    const files = (await fs.readdir(folder)).filter((f) => f.endsWith('.json') && f !== 'index.json');
    expect(files).toHaveLength(2);
    const runs = await Promise.all(files.map(async (f) => parseRun(await fs.readFile(path.join(folder, f), 'utf8'))));
    expect(runs.map((r) => r.optimizer?.name).sort()).toEqual(['adam', 'sgd']);
    expect(runs.every((r) => r.sweep?.id === 'tiny' && r.sweep.count === 2 && r.points.length === 5)).toBe(true);
    const status = { stdout: bufferSink(), stderr: bufferSink(), env: {}, cwd: dir };
    expect(await sweepCommandFor({ file: 'status', folder: 'runs/tiny' }, status)).toBe(0);
    expect(status.stdout.text()).toMatch(/complete/);
  });

  it('--threads reaches every test (a bad count is bad input, named with the flag)', async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 't.json'), JSON.stringify({ id: 't', model: 'mlp', data: 'synthetic:blobs', backend: 'cpu', batchSize: 16, numIter: 5, grid: { optimizer: ['sgd'] } }));
    const io = { stdout: bufferSink(), stderr: bufferSink(), env: {}, cwd: dir };
    expect(await sweepCommandFor({ file: 't.json', out: 'runs', quiet: true, threads: 9 }, io)).toBe(2);
    expect(io.stderr.text()).toMatch(/--threads 9: threads must be 'auto' or a whole number from 1 to 8/);
  });

  it('needs the folder after "status"', async () => {
    const io = { stdout: bufferSink(), stderr: bufferSink(), env: {}, cwd: '/' };
    await expect(sweepCommandFor({ file: 'status' }, io)).rejects.toThrow('sweep status needs the sweep folder: lrfinder sweep status <folder>');
  });
});
