// A runs folder with a bit of everything, for the end-to-end test and for trying the pages:
// two optimizers (SGD vs Adam), a sweep with one test still missing, a malformed file and a
// run still being written.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { serializeRun } from '@lrfinder/core';
import { fixtureRun } from './fixtures';

export const FIXTURE = {
  sgd: 'sgd-mnist',
  adam: 'adam-mnist',
  sweep: 'batch-sweep',
  sweepRuns: ['bs-32', 'bs-128'],
  malformed: 'broken.json',
  live: 'live-run',
} as const;

export async function writeFixtureFolder(dir: string): Promise<void> {
  await fs.mkdir(path.join(dir, FIXTURE.sweep), { recursive: true });
  const put = async (rel: string, text: string) => fs.writeFile(path.join(dir, rel), text);
  await put(`${FIXTURE.sgd}.json`, serializeRun(await fixtureRun({ id: FIXTURE.sgd, label: 'SGD', optimizer: 'sgd', bestLr: 3e-2, numIter: 120, base: 0.25 })));
  await put(`${FIXTURE.adam}.json`, serializeRun(await fixtureRun({ id: FIXTURE.adam, label: 'Adam', optimizer: 'adam', bestLr: 2e-3, numIter: 120, base: 0.2 })));
  const count = FIXTURE.sweepRuns.length + 1;
  for (const [index, id] of FIXTURE.sweepRuns.entries()) {
    const run = await fixtureRun({ id, label: `batch ${id.slice(3)}`, optimizer: 'adam', batchSize: Number(id.slice(3)), bestLr: 1e-3 * (index + 1), numIter: 80, sweep: { id: FIXTURE.sweep, index, count } });
    await put(`${FIXTURE.sweep}/${id}.json`, serializeRun(run));
  }
  const tests = [...FIXTURE.sweepRuns, 'bs-512'].map((id, index) => ({ index, id, label: `batch ${id.slice(3)}`, file: `${id}.json`, options: {} }));
  await put(`${FIXTURE.sweep}/index.json`, JSON.stringify({ format: 'lrfinder.sweep/v1', id: FIXTURE.sweep, count, description: 'batch size 32 / 128 / 512', tests }));
  await put(FIXTURE.malformed, JSON.stringify({ format: 'lrfinder.run/v1', id: 'broken', label: 'half a file' }));
  await writeLiveRun(dir, 12);
}

/** (Re)writes the running fixture with `steps` points, atomically like the CLI does. */
export async function writeLiveRun(dir: string, steps: number): Promise<void> {
  const run = await fixtureRun({ id: FIXTURE.live, label: 'still running', optimizer: 'rmsprop', numIter: 100, runningAfter: steps });
  const tmp = path.join(dir, `.${FIXTURE.live}.tmp`);
  await fs.writeFile(tmp, serializeRun(run));
  await fs.rename(tmp, path.join(dir, `${FIXTURE.live}.json`));
}
