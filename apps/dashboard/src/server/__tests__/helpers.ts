// Temporary runs folders for the server tests.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunRecord } from '@lrfinder/core';

export async function tmpRunsDir(): Promise<{ root: string; dir: string; cleanup: () => Promise<void> }> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'lrf-dash-'));
  const dir = path.join(root, 'runs');
  await fs.mkdir(dir);
  return { root, dir, cleanup: () => fs.rm(root, { recursive: true, force: true }) };
}

export async function writeRun(dir: string, run: RunRecord, sweepId?: string): Promise<string> {
  const folder = sweepId ? path.join(dir, sweepId) : dir;
  await fs.mkdir(folder, { recursive: true });
  const file = path.join(folder, `${run.id}.json`);
  await fs.writeFile(file, JSON.stringify(run, null, 2));
  return file;
}
