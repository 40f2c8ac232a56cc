// deploy/slurm run for real: a single-node Slurm cluster started on this machine
// (deploy/slurm/test/local-cluster.sh: munged, slurmctld, slurmd on localhost) runs the sweep's
// sbatch file as a job array; the run files must equal those of the same sweep run unsharded.
// Then an array is cancelled mid-way with scancel and resubmitted (the sbatch file passes
// --resume): no finished test runs again and the results are the same.
// Needs root and Debian's slurm-wlm + munge (the test command installs them where it can).
import { execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { RunRecord } from '@lrfinder/core';
import { buildCli, CLI_BUNDLE, runCli } from '../testing/cli-process';
import { readRuns } from './testing/read-runs';

const REPO = path.resolve(__dirname, '../../../..');
const CLUSTER = path.join(REPO, 'deploy/slurm/test/local-cluster.sh');
const SBATCH_FILE = path.join(REPO, 'deploy/slurm/lrfinder-sweep.sbatch');
const TESTS = 4;

let dir: string;
let clusterDir: string;
let slurmEnv: NodeJS.ProcessEnv;

/** The environment of this machine, less any Slurm job variables it may itself run under. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('SLURM_') || k === 'JOB_COMPLETION_INDEX' || k === 'INIT_CWD') delete env[k];
  return env;
}

function slurm(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { env: slurmEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Submits the project's sbatch file as an array of TESTS tasks, at most `parallel` at once. */
function submit(sweepFile: string, parallel: number): string {
  return slurm('sbatch', [
    '--parsable',
    `--array=0-${TESTS - 1}%${parallel}`,
    // the file asks for 4 CPUs and 8 GB per task: this node has what `slurmd -C` found
    '--cpus-per-task=1',
    '--mem=1G',
    `--chdir=${dir}`,
    `--output=${dir}/slurm-%A_%a.out`,
    `--export=ALL,SWEEP_FILE=${sweepFile},RUNS_DIR=runs`,
    SBATCH_FILE,
  ]).trim();
}

function queued(job: string): boolean {
  return slurm('squeue', ['-h', '-j', job, '-o', '%i']).trim() !== '';
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function jobOutputs(job: string): Promise<string> {
  const names = (await fs.readdir(dir)).filter((n) => n.startsWith(`slurm-${job}_`));
  const texts = await Promise.all(names.sort().map(async (n) => `${n}:\n${await fs.readFile(path.join(dir, n), 'utf8')}`));
  return texts.join('\n');
}

async function statuses(folder: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let names: string[] = [];
  try {
    names = await fs.readdir(folder);
  } catch {
    return out;
  }
  for (const n of names.filter((n) => n.endsWith('.json') && n !== 'index.json')) {
    try {
      out.set(n, JSON.parse(await fs.readFile(path.join(folder, n), 'utf8')).status);
    } catch {
      // a file being replaced at this instant: read again next time
    }
  }
  return out;
}

/** Run records by sweep index: what must not depend on how the sweep was split. */
function byIndex(runs: Map<string, RunRecord>) {
  return [...runs.values()]
    .map((r) => ({ index: r.sweep?.index, label: r.label, status: r.status, losses: r.points.map((p) => p.loss) }))
    .sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
}

function sweepFile(id: string, numIter: number) {
  return JSON.stringify({
    id, model: 'mlp', data: 'synthetic:blobs', backend: 'cpu', numIter, startLr: 1e-3, endLr: 1, seed: 3,
    grid: { optimizer: ['sgd', 'adam'], batchSize: [8, 16] },
  });
}

beforeAll(async () => {
  buildCli();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lrfinder-slurm-'));
  await fs.chmod(dir, 0o755); // munged runs as user munge and must reach its socket below
  clusterDir = path.join(dir, 'cluster');
  await fs.mkdir(clusterDir);
  // sbatch runs `lrfinder` from the PATH, as on a cluster where the CLI is installed
  const bin = path.join(dir, 'bin');
  await fs.mkdir(bin);
  await fs.writeFile(path.join(bin, 'lrfinder'), `#!/bin/sh\nexec "${process.execPath}" "${CLI_BUNDLE}" "$@"\n`, { mode: 0o755 });
  slurmEnv = { ...cleanEnv(), SLURM_CONF: path.join(clusterDir, 'slurm.conf'), PATH: `${bin}:${process.env.PATH}` };
  // the same tests, unsharded, as the reference (ids differ by sweep id; seeds and data do not)
  await fs.writeFile(path.join(dir, 'ref.json'), sweepFile('ref', 12));
  await fs.writeFile(path.join(dir, 'a.json'), sweepFile('a', 12));
  await fs.writeFile(path.join(dir, 'b.json'), sweepFile('b', 12));
  const ref = await runCli(['sweep', 'ref.json', '--out', 'runs', '--quiet'], { cwd: dir, env: cleanEnv() as Record<string, string> });
  expect({ code: ref.code, stderr: ref.stderr }).toEqual({ code: 0, stderr: '' });
  execFileSync('bash', [CLUSTER, 'start', clusterDir], { env: slurmEnv, stdio: 'pipe' });
}, 240_000);

afterAll(async () => {
  if (clusterDir) execFileSync('bash', [CLUSTER, 'stop', clusterDir], { stdio: 'pipe' });
  if (dir) await fs.rm(dir, { recursive: true, force: true });
}, 60_000);

describe('deploy/slurm on a real single-node Slurm cluster', () => {
  it('the sbatch file as a 4-task array gives the runs of the unsharded sweep', async () => {
    const job = submit('a.json', 2);
    expect(job).toMatch(/^\d+$/);
    await waitFor('the array to finish', () => !queued(job), 300_000);
    const runs = await readRuns(path.join(dir, 'runs', 'a'));
    const ref = await readRuns(path.join(dir, 'runs', 'ref'));
    expect(runs.size).toBe(TESTS);
    expect(byIndex(runs)).toEqual(byIndex(ref));
    for (const run of runs.values()) expect(['completed', 'diverged']).toContain(run.status);
    // each array task ran exactly its shard: test k in task k
    const out = await jobOutputs(job);
    for (let k = 0; k < TESTS; k++) expect(out).toContain(`array task ${k} of ${TESTS}`);
  }, 360_000);

  it('scancel mid-way, then the same sbatch again (--resume): finished tests are not re-run', async () => {
    const folder = path.join(dir, 'runs', 'b');
    // one task at a time, so the cancel lands with finished, running and pending tests
    const job = submit('b.json', 1);
    await waitFor('a finished test', async () => [...(await statuses(folder)).values()].some((s) => s === 'completed' || s === 'diverged'), 300_000);
    slurm('scancel', [job]);
    await waitFor('the cancelled array to leave the queue', () => !queued(job), 120_000);

    const before = await statuses(folder);
    const finished = [...before].filter(([, s]) => s === 'completed' || s === 'diverged').map(([n]) => n);
    expect(finished.length).toBeGreaterThanOrEqual(1);
    expect(finished.length).toBeLessThan(TESTS);
    const snapshot = new Map<string, { text: string; mtimeMs: number }>();
    for (const n of finished) {
      const file = path.join(folder, n);
      snapshot.set(n, { text: await fs.readFile(file, 'utf8'), mtimeMs: (await fs.stat(file)).mtimeMs });
    }

    const again = submit('b.json', 2);
    await waitFor('the resubmitted array to finish', () => !queued(again), 300_000);
    for (const [n, was] of snapshot) {
      const file = path.join(folder, n);
      expect(await fs.readFile(file, 'utf8')).toBe(was.text);
      expect((await fs.stat(file)).mtimeMs).toBe(was.mtimeMs);
    }
    const runs = await readRuns(folder);
    expect(runs.size).toBe(TESTS);
    expect(byIndex(runs)).toEqual(byIndex(await readRuns(path.join(dir, 'runs', 'ref'))));
    const status = await runCli(['sweep', 'status', 'runs/b', '--json'], { cwd: dir, env: cleanEnv() as Record<string, string> });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ complete: true, states: { done: TESTS } });
  }, 600_000);
});
