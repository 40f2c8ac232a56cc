// The bad-input battery (issue 13): every case must end with exit 2, one line on stderr,
// nothing on stdout and nothing written. Prints the totals (tried / exit 2 one line / other).
import { promises as fs } from 'fs';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { clearDataCache } from '../run/data';
import { buildCli } from '../testing/cli-process';
import { tempDir } from '../testing/fixtures';
import { ALL_CASES, READ_ONLY_CASES } from './cases';
import { canMountReadOnly } from './harness';
import { writeFixtures } from './fixtures';
import { runCase, type CaseResult } from './harness';

// Generous: spawned cases run a few at a time from the start, and a late one may wait for the queue on a loaded machine.
jest.setTimeout(600_000);

let root: string;
const results: CaseResult[] = [];

/** Results of the cases that spawn the CLI, run a few at a time (each is a process start). */
const spawned = new Map<string, Promise<CaseResult>>();

beforeAll(async () => {
  buildCli();
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  root = await tempDir('lrfinder-battery-');
  await writeFixtures(root);
  clearDataCache();
  startSpawned();
});

/** Starts every spawned case, `limit` at a time, once the fixtures exist. */
function startSpawned(limit = 3): void {
  const queue = ALL_CASES.filter((c) => c.argv);
  let next = 0;
  const waiters = new Map<string, (r: CaseResult) => void>();
  for (const c of queue) spawned.set(c.name, new Promise((resolve) => waiters.set(c.name, resolve)));
  const worker = async () => {
    while (next < queue.length) {
      const c = queue[next++];
      waiters.get(c.name)!(await runCase(c, root));
    }
  };
  for (let i = 0; i < limit; i++) void worker();
}

afterAll(async () => {
  const clean = results.filter((r) => r.clean).length;
  const line = `battery: tried ${results.length}, exit 2 one line nothing written ${clean}, other ${results.length - clean}`;
  const others = results.filter((r) => !r.clean).map((r) => `  ${r.group} / ${r.name}: ${r.why.join('; ')}: ${r.stderr.trim().slice(0, 300)}`);
  // Not silent: where no private mount namespace is allowed, the line says which cases did not run.
  const readOnly = canMountReadOnly() ? '' : `\nbattery: ${READ_ONLY_CASES.length} read-only-mount cases not run: this machine does not permit 'unshare -rm' (output-paths.test.ts checks the message with an injected file system)`;
  process.stdout.write(`${[line, ...others].join('\n')}${readOnly}\n`);
  await fs.rm(root, { recursive: true, force: true });
});

it('has at least 200 cases with unique names', () => {
  expect(ALL_CASES.length).toBeGreaterThanOrEqual(200);
  expect(new Set(ALL_CASES.map((c) => c.name)).size).toBe(ALL_CASES.length);
});

describe.each([...new Set(ALL_CASES.map((c) => c.group))])('%s', (group) => {
  it.each(ALL_CASES.filter((c) => c.group === group).map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    // Processes run in parallel: a file one of them wrote shows in the others' checks too (so still fails).
    const r = c.argv ? await spawned.get(c.name)! : await runCase(c, root);
    results.push(r);
    expect({ why: r.why, stderr: r.stderr }).toEqual({ why: [], stderr: r.stderr });
  });
});
