// `lrfinder run --parallel`: the built CLI runs each test in a child process; the run files
// are the same as one after another (same seed), and Ctrl-C interrupts every test.
import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseRun, safeParseRun } from '@lrfinder/core';
import { buildCli, CLI_BUNDLE, CLI_ROOT, runCli, startCli } from '../testing/cli-process';
import { tempDir } from '../testing/fixtures';
import { parseMarks } from '../timing';
import { childEnv, childThreads, decodeJob, encodeJob, cliBundlePath, runParallel, sameProcess, type ParallelJob } from './parallel';
import { silentProgress } from './progress';
import { runFilePath } from './run-id';
import { DEFAULT_TEST_OPTIONS } from './test-options';

jest.setTimeout(120_000);

const SMALL = ['--model', 'mlp', '--data', 'synthetic:blobs', '--batch-size', '32', '--backend', 'cpu', '--optimizer', 'sgd,adam'];

let dir: string;
beforeAll(async () => {
  buildCli();
  dir = await tempDir('lrfinder-parallel-');
});

async function runFiles(folder: string) {
  const names = (await fs.readdir(folder)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(names.map(async (n) => parseRun(await fs.readFile(path.join(folder, n), 'utf8'))));
}

describe('parallel helpers', () => {
  it('a job survives the trip to the child, Infinity included', () => {
    const job: ParallelJob = { options: { ...DEFAULT_TEST_OPTIONS, optimizer: 'adam', divergeThreshold: Infinity }, context: { id: 'x', outFile: 'x.json' } };
    expect(decodeJob(encodeJob(job))).toEqual(job);
  });

  it('children share the cores out: floor(cores / tests at once) wasm threads, at least 1', () => {
    expect([childThreads(2, 2), childThreads(3, 2), childThreads(2, 16), childThreads(3, 16), childThreads(1, 4), childThreads(0, 4)]).toEqual([1, 1, 8, 5, 4, 4]);
    // native TensorFlow's pools get the same share; what the user set wins; no threads, no change
    expect(childEnv({ PATH: '/bin' }, 3)).toEqual({ PATH: '/bin', TF_NUM_INTRAOP_THREADS: '3', TF_NUM_INTEROP_THREADS: '3' });
    expect(childEnv({ TF_NUM_INTRAOP_THREADS: '7' }, 1)).toEqual({ TF_NUM_INTRAOP_THREADS: '7', TF_NUM_INTEROP_THREADS: '1' });
    const env = { PATH: '/bin' };
    expect(childEnv(env, undefined)).toBe(env);
  });

  it('a child takes a further job only with the settings it was started for (folder, backend, threads)', () => {
    const job = (o: Partial<ParallelJob['options']>, cwd = '/a'): ParallelJob => ({ options: { ...DEFAULT_TEST_OPTIONS, optimizer: 'sgd', ...o }, context: { id: 'x', outFile: 'x.json', cwd } });
    expect(sameProcess(job({ threads: 1 }), job({ threads: 1, optimizer: 'adam', seed: 7 }))).toBe(true);
    expect(sameProcess(job({ threads: 1 }), job({ threads: 2 }))).toBe(false);
    expect(sameProcess(job({ backend: 'wasm' }), job({ backend: 'cpu' }))).toBe(false);
    expect(sameProcess(job({}), job({}, '/b'))).toBe(false);
  });

  it('no bundle under jest: run falls back to one after another', () => {
    expect(cliBundlePath()).toBeNull();
  });
});

describe('lrfinder run --parallel (built CLI)', () => {
  it('two tests at once: valid run files with the losses of --parallel 1', async () => {
    const par = path.join(dir, 'par');
    const seq = path.join(dir, 'seq');
    const p = await runCli(['run', ...SMALL, '--num-iter', '20', '--parallel', '2', '--out', par], { cwd: dir });
    expect(p.code).toBe(0);
    expect(p.stderr).toMatch(/sgd: step 20\/20/);
    expect(p.stderr).toMatch(/adam: step 20\/20/);
    expect(p.stdout).toMatch(/reached the lower loss/);
    const s = await runCli(['run', ...SMALL, '--num-iter', '20', '--parallel', '1', '--out', seq, '--quiet'], { cwd: dir });
    expect(s.code).toBe(0);
    const a = await runFiles(par);
    const b = await runFiles(seq);
    expect(a.map((r) => r.label).sort()).toEqual(['adam', 'sgd']);
    const byLabel = (runs: typeof a, label: string) => runs.find((r) => r.label === label)!;
    for (const label of ['sgd', 'adam']) {
      const x = byLabel(a, label);
      const y = byLabel(b, label);
      expect(x.status).toBe('completed');
      expect(x.points).toHaveLength(20);
      expect(x.points.map((q) => q.loss)).toEqual(y.points.map((q) => q.loss));
      expect(x.points.map((q) => q.smoothedLoss)).toEqual(y.points.map((q) => q.smoothedLoss));
    }
  });

  it("wasm threads of the children: the cores shared out, or --threads; one process: the library's default", async () => {
    const wasm = [...SMALL.slice(0, SMALL.indexOf('--backend')), '--backend', 'wasm', '--optimizer', 'sgd,adam', '--num-iter', '3', '--quiet'];
    const threadsOf = async (out: string, extra: string[]) => {
      const r = await runCli(['run', ...wasm, ...extra, '--out', out], { cwd: dir });
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      return (await runFiles(out)).map((run) => run.backend?.threads);
    };
    expect(await threadsOf(path.join(dir, 'threads-shared'), ['--parallel', '2'])).toEqual([childThreads(2), childThreads(2)]);
    expect(await threadsOf(path.join(dir, 'threads-given'), ['--parallel', '2', '--threads', '2'])).toEqual([2, 2]);
    const auto = Math.min(os.availableParallelism(), 8);
    expect(await threadsOf(path.join(dir, 'threads-one-process'), ['--parallel', '1', '--threads', 'auto'])).toEqual([auto, auto]);
  });

  it('--plot: the parent draws each test\'s plots, the same as the test\'s own process draws them with --parallel 1', async () => {
    const svgs = async (out: string) => {
      const files = (await fs.readdir(out)).filter((f) => f.endsWith('.svg')).sort();
      // Run ids differ between the two runs (time, random tail): compared without them.
      const byName = await Promise.all(files.map(async (f) => [f.replace(/^\d{8}-\d{6}-/, '').replace(/^(sgd|adam)-[a-z0-9]{4}\./, '$1.'), (await fs.readFile(path.join(out, f), 'utf8')).replace(/\d{8}-\d{6}-(sgd|adam)-[a-z0-9]{4}/g, 'ID-$1')] as const));
      return Object.fromEntries(byName);
    };
    const par = path.join(dir, 'plot-par');
    const seq = path.join(dir, 'plot-seq');
    expect((await runCli(['run', ...SMALL, '--num-iter', '15', '--parallel', '2', '--plot', '--quiet', '--out', par], { cwd: dir })).code).toBe(0);
    expect((await runCli(['run', ...SMALL, '--num-iter', '15', '--parallel', '1', '--plot', '--quiet', '--out', seq], { cwd: dir })).code).toBe(0);
    const a = await svgs(par);
    expect(Object.keys(a).sort()).toEqual(['adam.delta.svg', 'adam.svg', 'sgd-vs-adam.delta.svg', 'sgd-vs-adam.svg', 'sgd.delta.svg', 'sgd.svg']);
    expect(a).toEqual(await svgs(seq));
  });

  it('more tests than children: a child that finished a test takes the next one; the losses of --parallel 1', async () => {
    const three = [...SMALL.slice(0, SMALL.indexOf('--optimizer')), '--optimizer', 'sgd,adam,rmsprop', '--num-iter', '12', '--quiet'];
    const par = path.join(dir, 'reuse-par');
    const seq = path.join(dir, 'reuse-seq');
    const r = await runCli(['run', ...three, '--parallel', '2', '--out', par], { cwd: dir, env: { LRFINDER_TIMING: '1' } });
    expect(r.code).toBe(0);
    const parent = parseMarks(r.stderr).filter((m) => m.role === 'parent' && /^(forked|sent) /.test(m.phase)).map((m) => m.phase);
    expect(parent.filter((p) => p.startsWith('forked '))).toHaveLength(2);
    expect(parent.filter((p) => p.startsWith('sent '))).toHaveLength(1);
    expect((await runCli(['run', ...three, '--parallel', '1', '--out', seq], { cwd: dir })).code).toBe(0);
    const a = await runFiles(par);
    const b = await runFiles(seq);
    for (const label of ['sgd', 'adam', 'rmsprop']) {
      const x = a.find((run) => run.label === label)!;
      expect(x.status).toBe('completed');
      expect(x.points.map((q) => q.loss)).toEqual(b.find((run) => run.label === label)!.points.map((q) => q.loss));
    }
  });

  it('LRFINDER_TIMING=1: the phases of the parent and of each child, on one clock, on stderr', async () => {
    const out = path.join(dir, 'timing');
    const r = await runCli(['run', ...SMALL, '--num-iter', '5', '--parallel', '2', '--quiet', '--out', out], { cwd: dir, env: { LRFINDER_TIMING: '1' } });
    expect(r.code).toBe(0);
    const marks = parseMarks(r.stderr);
    const phases = (role: string) => marks.filter((m) => m.role === role).map((m) => m.phase);
    expect(phases('parent')).toEqual(expect.arrayContaining(['cli modules loaded', 'run command loaded', 'forked sgd', 'forked adam', 'children done', 'summary printed']));
    for (const role of ['sgd', 'adam']) {
      expect(phases(role)).toEqual(['run-one loaded', 'environment received', 'backend ready', 'data open', 'model built', 'step 0 done', 'step 1 done', 'steps done', 'run file written']);
    }
    // One clock: every child's marks fall between its fork and the end of the run.
    const forked = marks.find((m) => m.phase === 'forked sgd')!.ms;
    const end = marks.find((m) => m.phase === 'summary printed')!.ms;
    for (const m of marks.filter((x) => x.role === 'sgd')) expect(m.ms >= forked && m.ms <= end).toBe(true);
    // Off by default: no timing line.
    const quiet = await runCli(['run', ...SMALL, '--num-iter', '3', '--parallel', '2', '--quiet', '--out', path.join(dir, 'timing-off')], { cwd: dir });
    expect(quiet.stderr).toBe('');
  });

  it('children start before their environment is ready and wait for it; a failed setup stops them, nothing written', async () => {
    const jobsIn = (out: string): ParallelJob[] => ['sgd', 'adam'].map((optimizer) => {
      const id = `${optimizer}-env`;
      return { options: { ...DEFAULT_TEST_OPTIONS, model: 'mlp', data: 'synthetic:blobs', batchSize: 32, backend: 'cpu', numIter: 3, optimizer }, context: { id, outFile: runFilePath(out, id), cwd: dir } };
    });
    const ready = path.join(dir, 'env-ready');
    await fs.mkdir(ready);
    let handedAt = 0;
    const env = new Promise<Record<string, string>>((resolve) => setTimeout(() => {
      handedAt = Date.now();
      resolve({ LRFINDER_TEST_HANDED: '1' });
    }, 1500));
    const ok = await runParallel(jobsIn(ready), { bundle: CLI_BUNDLE, parallel: 2, progress: () => silentProgress, env });
    expect(ok.crashes).toEqual([]);
    for (const run of ok.runs) {
      expect(run?.status).toBe('completed');
      expect(Date.parse(run!.createdAt)).toBeGreaterThanOrEqual(handedAt);
    }
    const failed = path.join(dir, 'env-failed');
    await fs.mkdir(failed);
    const refused = runParallel(jobsIn(failed), { bundle: CLI_BUNDLE, parallel: 2, progress: () => silentProgress, env: new Promise((_, reject) => setTimeout(() => reject(new Error('setup refused')), 1500)) });
    await expect(refused).rejects.toThrow('setup refused');
    expect(await fs.readdir(failed)).toEqual([]);
  });

  it('the bundle require()s CommonJS packages (TF.js, React): no ESM import that makes Node scan their source', async () => {
    const files = [CLI_BUNDLE, ...(await fs.readdir(path.join(CLI_ROOT, 'dist/chunks'))).filter((f) => f.endsWith('.mjs')).map((f) => path.join(CLI_ROOT, 'dist/chunks', f))];
    const text = (await Promise.all(files.map((f) => fs.readFile(f, 'utf8')))).join('\n');
    for (const name of ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', 'react']) {
      expect(text).toContain(`__require("${name}")`);
      expect(text).not.toMatch(new RegExp(`from "${name}"`));
    }
    // ESM-only packages stay imports.
    expect(text).toMatch(/from "yargs"/);
  });

  it('--json: the summary only, nothing on stderr', async () => {
    const out = path.join(dir, 'json');
    const r = await runCli(['run', ...SMALL, '--num-iter', '10', '--parallel', '2', '--out', out, '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).runs).toHaveLength(2);
  });

  it('SIGINT: exit 130, both files interrupted with their steps kept', async () => {
    const out = path.join(dir, 'sigint');
    const { child, done } = startCli(['run', ...SMALL, '--num-iter', '100000', '--diverge-threshold', 'Infinity', '--end-lr', '1e-2', '--parallel', '2', '--out', out, '--quiet'], { cwd: dir });
    const seen = new Map<string, number>();
    for (let i = 0; i < 600 && !(seen.size === 2 && [...seen.values()].every((n) => n >= 10)); i++) {
      await new Promise((r) => setTimeout(r, 100));
      for (const f of (await fs.readdir(out).catch(() => [] as string[])).filter((n) => n.endsWith('.json'))) {
        const parsed = safeParseRun(await fs.readFile(path.join(out, f), 'utf8'));
        if (parsed.ok) seen.set(parsed.run.label, parsed.run.points.length);
      }
    }
    expect(seen.size).toBe(2);
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    const runs = await runFiles(out);
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      expect(run.status).toBe('interrupted');
      expect(run.stopReason).toBe('aborted');
      expect(run.points.length).toBeGreaterThanOrEqual(seen.get(run.label)!);
      expect(run.points.map((q) => q.step)).toEqual(run.points.map((_, i) => i));
    }
  });

  // The pids of this process's children whose command line holds `text` (Linux: /proc).
  async function childPids(parent: number, text: string): Promise<number[]> {
    const pids: number[] = [];
    for (const entry of await fs.readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = await fs.readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parent) continue;
      const args = (await fs.readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0');
      const job = args[args.indexOf('--job') + 1];
      if (args.includes('run-one') && job && decodeJob(job).options.optimizer === text) pids.push(Number(entry));
    }
    return pids;
  }

  (process.platform === 'linux' ? it : it.skip)('a child killed mid-test: its file says failed and why, its steps kept; the other test goes on', async () => {
    const out = path.join(dir, 'killed');
    const { child, done } = startCli(['run', ...SMALL, '--num-iter', '100000', '--diverge-threshold', 'Infinity', '--end-lr', '1e-2', '--parallel', '2', '--out', out, '--quiet'], { cwd: dir });
    const points = async () => {
      const seen = new Map<string, number>();
      for (const f of (await fs.readdir(out).catch(() => [] as string[])).filter((n) => n.endsWith('.json'))) {
        const parsed = safeParseRun(await fs.readFile(path.join(out, f), 'utf8'));
        if (parsed.ok) seen.set(parsed.run.label, parsed.run.points.length);
      }
      return seen;
    };
    let seen = new Map<string, number>();
    for (let i = 0; i < 600 && !(seen.size === 2 && [...seen.values()].every((n) => n >= 10)); i++) {
      await new Promise((r) => setTimeout(r, 100));
      seen = await points();
    }
    const [adam] = await childPids(child.pid!, 'adam');
    expect(adam).toBeGreaterThan(0);
    process.kill(adam, 'SIGKILL');
    // sgd keeps going after adam's death: it gets more steps before Ctrl-C ends it.
    const sgdBefore = (await points()).get('sgd')!;
    for (let i = 0; i < 100 && ((await points()).get('sgd') ?? 0) < sgdBefore + 10; i++) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    const runs = await runFiles(out);
    const killed = runs.find((run) => run.label === 'adam')!;
    expect(killed.status).toBe('failed');
    expect(killed.stopReason).toBe('error');
    expect(killed.error?.message).toMatch(/process exited with SIGKILL/);
    expect(killed.points.length).toBeGreaterThanOrEqual(seen.get('adam')!);
    expect(r.stdout + r.stderr).toMatch(/adam failed: the test's process exited with SIGKILL/);
    const other = runs.find((run) => run.label === 'sgd')!;
    expect(other.status).toBe('interrupted');
    expect(other.points.length).toBeGreaterThanOrEqual(sgdBefore + 10);
  });

  (process.platform === 'linux' ? it : it.skip)('a child killed in its second test: that test failed and why, the next one runs in a new child', async () => {
    const out = path.join(dir, 'reuse-killed');
    await fs.mkdir(out);
    const jobs: ParallelJob[] = ['sgd', 'adam', 'rmsprop'].map((optimizer) => {
      const long = optimizer === 'adam';
      const id = `${optimizer}-reuse`;
      return {
        options: { ...DEFAULT_TEST_OPTIONS, model: 'mlp', data: 'synthetic:blobs', batchSize: 32, backend: 'cpu', optimizer, numIter: long ? 100000 : 5, endLr: 1e-2, divergeThreshold: Infinity },
        context: { id, outFile: runFilePath(out, id), cwd: dir },
      };
    });
    let killed = false;
    const progress = (label: string) => ({
      ...silentProgress,
      step: (p: { step: number }) => {
        if (label !== 'adam' || killed || p.step < 5) return;
        killed = true;
        // The one child, in its second test (adam): killed from outside.
        void childPids(process.pid, 'sgd').then((pids) => pids.forEach((pid) => process.kill(pid, 'SIGKILL')));
      },
    });
    const result = await runParallel(jobs, { bundle: CLI_BUNDLE, parallel: 1, progress });
    expect(killed).toBe(true);
    expect(result.runs.map((r) => r?.status)).toEqual(['completed', 'failed', 'completed']);
    expect(result.runs[1]?.error?.message).toMatch(/process exited with SIGKILL/);
    expect(result.crashes).toEqual([{ label: 'adam', reason: expect.stringMatching(/exited with SIGKILL/) }]);
  });

  (process.platform === 'linux' ? it : it.skip)('started through bin/lrfinder.mjs (npm start), the children run the bundle itself', async () => {
    const out = path.join(dir, 'through-bin');
    const child = spawn(process.execPath, [path.join(CLI_ROOT, 'bin/lrfinder.mjs'), 'run', ...SMALL, '--num-iter', '100000', '--diverge-threshold', 'Infinity', '--end-lr', '1e-2', '--parallel', '2', '--out', out, '--quiet'], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let scripts: string[] = [];
    for (let i = 0; i < 300 && scripts.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      scripts = [];
      for (const optimizer of ['sgd', 'adam']) {
        for (const pid of await childPids(child.pid!, optimizer)) scripts.push((await fs.readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0')[1]);
      }
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(scripts).toEqual([CLI_BUNDLE, CLI_BUNDLE]);
  });

  it('bad input in the children: exit 2, one line, no run file', async () => {
    const out = path.join(dir, 'bad');
    const r = await runCli(['run', ...SMALL, '--model', 'nowhere/model.json', '--parallel', '2', '--out', out], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^lrfinder run: cannot read model file .*nowhere\/model\.json: no such file/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(await fs.readdir(out).catch(() => [])).toEqual([]);
  });
});
