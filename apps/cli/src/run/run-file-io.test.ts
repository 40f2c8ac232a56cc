import { promises as fs } from 'fs';
import * as path from 'path';
import { parseRun } from '@lrfinder/core';
import { bowlRun, tempDir } from '../testing/fixtures';
import { RunFileExistsError, writeFileAtomic, writeRunFileAtomic } from './run-file-io';

describe('writeRunFileAtomic', () => {
  it('writes a file that parseRun reads back equal, and leaves no temp file', async () => {
    const dir = await tempDir();
    const run = await bowlRun();
    const file = path.join(dir, 'sub', 'bowl.json');
    await writeRunFileAtomic(file, run, { exclusive: true });
    expect(parseRun(await fs.readFile(file, 'utf8'))).toEqual(run);
    expect(await fs.readdir(path.dirname(file))).toEqual(['bowl.json']);
  });

  it('never replaces an existing file when exclusive, and keeps its content', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'taken.json');
    await fs.writeFile(file, 'someone else');
    await expect(writeRunFileAtomic(file, await bowlRun(), { exclusive: true })).rejects.toBeInstanceOf(RunFileExistsError);
    expect(await fs.readFile(file, 'utf8')).toBe('someone else');
    expect(await fs.readdir(dir)).toEqual(['taken.json']);
  });

  it('replaces its own file on later (non-exclusive) writes', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'a.txt');
    await writeFileAtomic(file, 'one', { exclusive: true });
    await writeFileAtomic(file, 'two');
    expect(await fs.readFile(file, 'utf8')).toBe('two');
  });

  it('refuses an invalid record before touching the disk', async () => {
    const dir = await tempDir();
    const run = { ...(await bowlRun()), id: '../escape' };
    await expect(writeRunFileAtomic(path.join(dir, 'x.json'), run)).rejects.toThrow(/id/);
    expect(await fs.readdir(dir)).toEqual([]);
  });
});
