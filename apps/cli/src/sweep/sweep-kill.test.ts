// A shard process killed with SIGKILL mid-test (no chance to write `interrupted`): status finds
// its `running` file orphaned (the shard's pid is gone) and --resume completes the sweep with
// nothing lost and nothing completed run twice.
import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { sweepCommand } from './sweep-command';
import { sweepStatus } from './status-command';
import { tinyRunTest, textBuffer } from './testing/tiny-run-test';

const CLI_ROOT = path.join(__dirname, '..', '..');

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lrfinder-kill-'));
  await fs.writeFile(path.join(dir, 'k.json'), JSON.stringify({ id: 'k', numIter: 30, batchSize: 8, startLr: 1e-3, endLr: 1, grid: { seed: [1, 2, 3, 4, 5, 6] } }));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

function runUntilHanging(args: string[]): Promise<{ pid: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'testing', 'shard-child.ts'), ...args], {
      cwd: CLI_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('HANGING')) {
        child.kill('SIGKILL');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve({ pid: child.pid!, output });
      else reject(new Error(`shard exited without hanging: ${output}`));
    });
  });
}

describe('a shard killed with SIGKILL', () => {
  it('leaves an orphaned running file that status calls interrupted and --resume finishes', async () => {
    const killed = await runUntilHanging([path.join(dir, 'k.json'), path.join(dir, 'runs'), '1/2', '2']);
    expect(killed.output).toContain('shard 1/2');
    const folder = path.join(dir, 'runs', 'k');

    const status = await sweepStatus({ folder });
    const byIndex = new Map(status.tests.map((t) => [t.index, t]));
    expect(byIndex.get(1)!.state).toBe('done');
    expect(byIndex.get(3)).toMatchObject({ state: 'interrupted', runStatus: 'running' });
    expect(byIndex.get(3)!.reason).toContain(`process (pid ${killed.pid}) is gone`);
    expect(byIndex.get(5)!.state).toBe('missing');
    expect(status.shards[1].states).toMatchObject({ done: 1, interrupted: 1, missing: 1 });

    const { runTest, calls } = tinyRunTest();
    const io = { stdout: textBuffer(), stderr: textBuffer(), env: {} };
    expect(await sweepCommand({ file: path.join(dir, 'k.json'), out: path.join(dir, 'runs'), shard: '1/2', resume: true }, { runTest, ...io })).toBe(0);
    expect(calls).toEqual(['k-3-seed-4', 'k-5-seed-6']);
    expect(await sweepCommand({ file: path.join(dir, 'k.json'), out: path.join(dir, 'runs'), shard: '0/2' }, { runTest, ...io })).toBe(0);
    const after = await sweepStatus({ folder });
    expect(after.complete).toBe(true);
    expect(new Set(calls).size).toBe(calls.length);
  });
});
