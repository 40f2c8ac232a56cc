// The built CLI (dist/lrfinder.mjs) as a subprocess: shards picked by --shard, by Kubernetes'
// JOB_COMPLETION_INDEX and by Slurm's array variables meet in one folder, one run per test;
// SIGINT mid-sweep exits 130 and --resume finishes it.
import { execFileSync, spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readRuns } from './testing/read-runs';
import { sweepStatus } from './status-command';

const CLI_ROOT = path.join(__dirname, '..', '..');
const BUNDLE = path.join(CLI_ROOT, 'dist', 'lrfinder.mjs');

interface Result { code: number | null; stdout: string; stderr: string }

function cli(args: string[], cwd: string, env: Record<string, string> = {}, onStdout?: (text: string, kill: (s: NodeJS.Signals) => void) => void): Promise<Result> {
  const clean = { ...process.env };
  // INIT_CWD (set by npm) would be the CLI's base folder; shard variables of this machine must not leak in.
  for (const k of Object.keys(clean)) if (k.startsWith('SLURM_') || k === 'JOB_COMPLETION_INDEX' || k === 'INIT_CWD') delete clean[k];
  const child = spawn(process.execPath, [BUNDLE, ...args], { cwd, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
    onStdout?.(stdout, (s) => child.kill(s));
  });
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let dir: string;
beforeAll(async () => {
  execFileSync(process.execPath, [path.join(CLI_ROOT, 'build.mjs')], { stdio: 'pipe' });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lrfinder-sweep-e2e-'));
  await fs.writeFile(
    path.join(dir, 's.json'),
    JSON.stringify({
      id: 'e2e', model: 'mlp', data: 'synthetic:blobs', backend: 'cpu', numIter: 12, startLr: 1e-3, endLr: 1,
      grid: { optimizer: ['sgd', 'adam'], batchSize: [8, 16, 32] },
    }),
  );
}, 120_000);
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('lrfinder sweep (built CLI)', () => {
  it('shards from --shard, JOB_COMPLETION_INDEX and SLURM_ARRAY_* give the runs of the unsharded sweep', async () => {
    const shards: [string[], Record<string, string>][] = [
      [['--shard', '0/3'], {}],
      [['--shard-count', '3'], { JOB_COMPLETION_INDEX: '1' }],
      [[], { SLURM_ARRAY_TASK_ID: '12', SLURM_ARRAY_TASK_MIN: '10', SLURM_ARRAY_TASK_MAX: '12', SLURM_ARRAY_TASK_COUNT: '3' }],
    ];
    for (const [flags, env] of shards) {
      const r = await cli(['sweep', 's.json', '--out', 'a', '--quiet', ...flags], dir, env);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    }
    // the in-process suite (sweep-run-test) compares losses with an unsharded run; here: one
    // valid run file per test of index.json, none twice, each with its sweep field
    const a = await readRuns(path.join(dir, 'a', 'e2e'));
    const index = JSON.parse(await fs.readFile(path.join(dir, 'a', 'e2e', 'index.json'), 'utf8'));
    expect([...a.keys()].sort()).toEqual(index.tests.map((t: { id: string }) => t.id).sort());
    for (const [id, run] of a) {
      expect(['completed', 'diverged']).toContain(run.status);
      expect(run.sweep).toEqual({ id: 'e2e', index: Number(id.split('-')[1]), count: 6 });
    }
    const status = await cli(['sweep', 'status', 'a/e2e', '--json'], dir);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ complete: true, shardCount: 3, states: { done: 6 } });
  }, 180_000);

  it('SIGINT exits 130 with the current test interrupted; --resume completes the sweep', async () => {
    let sent = false;
    const r = await cli(['sweep', 's.json', '--out', 'c'], dir, {}, (out, kill) => {
      // after the first test: one Ctrl-C during the second (a second one would quit at once)
      if (!sent && out.includes('[1/6]')) {
        sent = true;
        kill('SIGINT');
      }
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('--resume');
    const mid = await sweepStatus({ folder: path.join(dir, 'c', 'e2e') });
    expect(mid.states.done).toBeGreaterThanOrEqual(1);
    expect(mid.states.done).toBeLessThan(6);
    expect(mid.states.running).toBe(0);
    const resumed = await cli(['sweep', 's.json', '--out', 'c', '--resume', '--quiet'], dir);
    expect(resumed.code).toBe(0);
    // it ran exactly the tests that were not done
    expect(resumed.stdout.match(/^\[\d+\/6\] /gm)).toHaveLength(6 - mid.states.done);
    const end = await sweepStatus({ folder: path.join(dir, 'c', 'e2e') });
    expect(end).toMatchObject({ complete: true, states: { done: 6 } });
  }, 180_000);
});
