// The fault suite (issue 13): Ctrl-C at random steps, SIGKILL at random points, two sweeps
// into one folder at once, a full disk and a read-only folder, against the built CLI on
// synthetic data (a small MLP on blobs, cpu backend). Random steps and delays come from a
// seeded generator whose seed is printed: FAULT_SEED=<n> repeats a run.
//
// "Stops within one step" is checked without timing: the process is frozen (SIGSTOP), its
// journal counted (n finished steps), SIGINT sent and seen pending, then it is continued: the
// run file must end with n or n + 1 points (the step in flight, if any).
import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { foldJournal, parseRun, safeParseRun, type RunRecord } from '@lrfinder/core';
import { mulberry32 } from '@lrfinder/datasets';
import { showCommand } from '../commands/show-command';
import { bufferSink } from '../io';
import { DEFAULT_TEST_OPTIONS, runTest, type TestOptions } from '../run/run-test';
import { buildCli, CLI_ROOT, startCli } from '../testing/cli-process';
import { fullDisk, refusingDisk } from '../testing/faulty-fs';
import { tempDir } from '../testing/fixtures';
import { sweepStatus } from '../sweep/status-command';
import { claimTest } from '../sweep/test-claim';
import { mountTmpfs, type Tmpfs } from '../testing/tmpfs';

jest.setTimeout(240_000);

const SEED = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const random = mulberry32(SEED);
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

const SMALL = ['--model', 'mlp', '--data', 'synthetic:blobs', '--batch-size', '32', '--backend', 'cpu'];
const LONG = [...SMALL, '--num-iter', '100000', '--diverge-threshold', 'Infinity', '--end-lr', '1e-2'];
const linux = process.platform === 'linux';

let dir: string;
beforeAll(async () => {
  // eslint-disable-next-line no-console
  console.log(`fault suite seed ${SEED} (FAULT_SEED=${SEED} repeats it)`);
  buildCli();
  dir = await tempDir('lrfinder-faults-');
});

async function until(what: string, cond: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function procState(pid: number): Promise<string | null> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  return stat ? stat.slice(stat.lastIndexOf(')') + 2)[0] : null;
}

/** SIGSTOP, then wait until the kernel shows the process stopped. */
async function freeze(pid: number): Promise<void> {
  process.kill(pid, 'SIGSTOP');
  await until(`pid ${pid} stopped`, async () => (await procState(pid)) === 'T');
}

/** Whether `signo` is pending for a (stopped) process. */
async function pending(pid: number, signo: number): Promise<boolean> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return status
    .split('\n')
    .filter((l) => l.startsWith('SigPnd:') || l.startsWith('ShdPnd:'))
    .some((l) => (BigInt(`0x${l.split(':')[1].trim()}`) & (1n << BigInt(signo - 1))) !== 0n);
}

/** Finished steps in a journal: its complete lines. */
async function journalCount(file: string): Promise<number> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  return text.split('\n').length - 1;
}

async function filesEnding(folder: string, suffix: string): Promise<string[]> {
  return (await fs.readdir(folder).catch(() => [] as string[])).filter((n) => n.endsWith(suffix)).sort().map((n) => path.join(folder, n));
}

const readRun = async (file: string) => parseRun(await fs.readFile(file, 'utf8'));
const steps = (run: RunRecord) => run.points.map((p) => p.step);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * Starts `lrfinder sweep` of two endless tests (sweep `id`) into `<dir>/<outName>` and waits until
 * the first test has journaled a random 2-40 steps.
 */
async function sweepAtSomeStep(id: string, outName: string) {
  const sweepFile = path.join(dir, `${id}-sweep.json`);
  await fs.writeFile(sweepFile, JSON.stringify({ id, model: 'mlp', data: 'synthetic:blobs', batchSize: 32, backend: 'cpu', numIter: 100000, divergeThreshold: null, endLr: 1e-2, grid: { seed: [1, 2] } }));
  const out = path.join(dir, outName);
  const folder = path.join(out, id);
  const target = between(2, 40);
  const { child, done } = startCli(['sweep', sweepFile, '--out', out], { cwd: dir });
  let journal = '';
  await until(`${target} journaled steps`, async () => {
    journal = (await filesEnding(folder, '.journal.jsonl'))[0] ?? '';
    return journal !== '' && (await journalCount(journal)) >= target;
  });
  return { folder, child, done, journal };
}

/** Run-one children of `parent` (Linux /proc), with the optimizer of each. */
async function runOneChildren(parent: number): Promise<{ pid: number; label: string }[]> {
  const found: { pid: number; label: string }[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await fs.readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== parent) continue;
    const args = (await fs.readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (!args.includes('run-one')) continue;
    const job = JSON.parse(args[args.indexOf('--job') + 1]) as { options: { optimizer: string } };
    found.push({ pid: Number(entry), label: job.options.optimizer });
  }
  return found;
}

/**
 * Freezes `pids`, counts each journal, sends SIGINT to `target` (the CLI, which forwards it to
 * children) and waits until every frozen process has it pending, then continues them.
 * Returns the finished steps counted per journal.
 */
async function interruptFrozen(target: number, pids: number[], journals: string[]): Promise<number[]> {
  for (const pid of pids) await freeze(pid);
  const counts = await Promise.all(journals.map(journalCount));
  process.kill(target, 'SIGINT');
  for (const pid of pids) await until(`SIGINT pending for ${pid}`, () => pending(pid, 2));
  for (const pid of pids) process.kill(pid, 'SIGCONT');
  return counts;
}

(linux ? describe : describe.skip)('Ctrl-C at a random step stops within one step', () => {
  it('lrfinder run (one process)', async () => {
    const out = path.join(dir, 'sigint-run');
    const target = between(2, 40);
    const { child, done } = startCli(['run', ...LONG, '--optimizer', 'sgd', '--parallel', '1', '--out', out, '--quiet'], { cwd: dir });
    let journal = '';
    await until(`${target} journaled steps`, async () => {
      journal = (await filesEnding(out, '.journal.jsonl'))[0] ?? '';
      return journal !== '' && (await journalCount(journal)) >= target;
    });
    const [n] = await interruptFrozen(child.pid!, [child.pid!], [journal]);
    const r = await done;
    expect(r.code).toBe(130);
    const [file] = await filesEnding(out, '.json');
    const run = await readRun(file);
    expect(run.status).toBe('interrupted');
    expect([n, n + 1]).toContain(run.points.length);
    expect(steps(run)).toEqual(range(run.points.length));
    expect(await fs.readdir(out)).toEqual([path.basename(file)]);
  });

  it('lrfinder run --parallel 2 (the parent forwards it to both children)', async () => {
    const out = path.join(dir, 'sigint-parallel');
    const target = between(2, 30);
    const { child, done } = startCli(['run', ...LONG, '--optimizer', 'sgd,adam', '--parallel', '2', '--out', out, '--quiet'], { cwd: dir });
    await until(`two journals with ${target} steps`, async () => {
      const js = await filesEnding(out, '.journal.jsonl');
      return js.length === 2 && (await Promise.all(js.map(journalCount))).every((c) => c >= target);
    });
    const children = await runOneChildren(child.pid!);
    expect(children.map((c) => c.label).sort()).toEqual(['adam', 'sgd']);
    const journals = await filesEnding(out, '.journal.jsonl');
    const counts = await interruptFrozen(child.pid!, children.map((c) => c.pid), journals);
    const r = await done;
    expect(r.code).toBe(130);
    for (const [i, journal] of journals.entries()) {
      const run = await readRun(journal.replace(/\.journal\.jsonl$/, '.json'));
      expect(run.status).toBe('interrupted');
      expect([counts[i], counts[i] + 1]).toContain(run.points.length);
      expect(steps(run)).toEqual(range(run.points.length));
    }
    expect(await filesEnding(out, '.journal.jsonl')).toEqual([]);
  });

  it('lrfinder sweep: the current test ends interrupted, the next never starts', async () => {
    const { folder, child, done, journal } = await sweepAtSomeStep('sigint', 'sweeps');
    const [n] = await interruptFrozen(child.pid!, [child.pid!], [journal]);
    const r = await done;
    expect(r.code).toBe(130);
    const runs = (await filesEnding(folder, '.json')).filter((f) => !f.endsWith('index.json'));
    expect(runs).toHaveLength(1);
    const run = await readRun(runs[0]);
    expect(run.status).toBe('interrupted');
    expect([n, n + 1]).toContain(run.points.length);
    expect(await filesEnding(folder, '.claim')).toEqual([]);
    expect(await filesEnding(folder, '.journal.jsonl')).toEqual([]);
  });
});

(linux ? describe : describe.skip)('SIGKILL at a random point loses at most the step in flight', () => {
  it('every step the test reported done is in the run file and its journal; the file is valid; show reads both', async () => {
    const child = path.join(CLI_ROOT, 'src', 'testing', 'step-printer-child.ts');
    const options: Partial<TestOptions> = { model: 'mlp', data: 'synthetic:blobs', batchSize: 32, backend: 'cpu', numIter: 100000, divergeThreshold: 1e9, endLr: 1e-2, optimizer: 'sgd' };
    for (let round = 0; round < 3; round++) {
      const target = between(1, 80);
      const delayMs = between(0, 60);
      const out = path.join(dir, `sigkill-${round}`);
      const file = path.join(out, 'killed.json');
      let printed = -1;
      let killing = false;
      const proc = spawn(process.execPath, ['--import', 'tsx', child, JSON.stringify(options), file], { cwd: CLI_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      proc.stderr.on('data', (d) => (stderr += d));
      proc.stdout.on('data', (d: Buffer) => {
        for (const m of d.toString().matchAll(/STEP (\d+)/g)) printed = Math.max(printed, Number(m[1]));
        if (printed >= target && !killing) {
          killing = true;
          setTimeout(() => proc.kill('SIGKILL'), delayMs);
        }
      });
      const signal = await new Promise<NodeJS.Signals | null>((resolve) => proc.on('close', (_c, s) => resolve(s)));
      expect({ signal, stderr }).toEqual({ signal: 'SIGKILL', stderr: '' });
      const onDisk = safeParseRun(await fs.readFile(file, 'utf8'));
      if (!onDisk.ok) throw onDisk.error;
      expect(onDisk.run.status).toBe('running');
      const folded = foldJournal(onDisk.run, await fs.readFile(path.join(out, 'killed.journal.jsonl'), 'utf8'));
      // Steps 0..printed were reported done: all of them are kept.
      expect(folded.points.length).toBeGreaterThanOrEqual(printed + 1);
      expect(steps(folded)).toEqual(range(folded.points.length));
      const io = { stdout: bufferSink(), stderr: bufferSink(), env: {}, cwd: out };
      expect(await showCommand({ files: ['killed.json'], json: true }, io)).toBe(0);
      expect((JSON.parse(io.stdout.text()) as RunRecord[])[0].points).toEqual(folded.points);
    }
  });

  it('run --parallel: a child killed while frozen after n steps leaves a failed file with exactly n steps, journal folded and gone', async () => {
    const out = path.join(dir, 'sigkill-child');
    const target = between(2, 30);
    const { child, done } = startCli(['run', ...LONG, '--optimizer', 'sgd,adam', '--parallel', '2', '--out', out, '--quiet'], { cwd: dir });
    await until(`two journals with ${target} steps`, async () => {
      const js = await filesEnding(out, '.journal.jsonl');
      return js.length === 2 && (await Promise.all(js.map(journalCount))).every((c) => c >= target);
    });
    const adam = (await runOneChildren(child.pid!)).find((c) => c.label === 'adam')!;
    const journal = (await filesEnding(out, '.journal.jsonl')).find((f) => path.basename(f).includes('-adam-'))!;
    await freeze(adam.pid);
    const n = await journalCount(journal);
    process.kill(adam.pid, 'SIGKILL');
    await until('the killed file marked failed', async () => {
      const parsed = safeParseRun(await fs.readFile(journal.replace(/\.journal\.jsonl$/, '.json'), 'utf8'));
      return parsed.ok && parsed.run.status === 'failed';
    });
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    const killed = await readRun(journal.replace(/\.journal\.jsonl$/, '.json'));
    expect(killed.error?.message).toMatch(/process exited with SIGKILL/);
    expect(killed.points).toHaveLength(n);
    expect(steps(killed)).toEqual(range(n));
    expect(await filesEnding(out, '.journal.jsonl')).toEqual([]);
  });
});

(linux ? describe : describe.skip)('SIGKILL of a sweep', () => {
  it('status calls the test interrupted; resuming keeps its file as .prev with every journaled step', async () => {
    const { folder, child, done, journal } = await sweepAtSomeStep('killed', 'sigkill-sweeps');
    await freeze(child.pid!);
    const n = await journalCount(journal);
    process.kill(child.pid!, 'SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    const file = journal.replace(/\.journal\.jsonl$/, '.json');
    const id = path.basename(file, '.json');
    const status = await sweepStatus({ folder });
    expect(status.tests.find((t) => t.id === id)).toMatchObject({ state: 'interrupted', runStatus: 'running' });
    // The claim of the dead process is taken over; its file goes to .prev, journal folded in.
    const claim = await claimTest(folder, id, { check: async () => null });
    expect(claim.ok).toBe(true);
    const prev = await readRun(`${file}.prev`);
    expect(prev.status).toBe('interrupted');
    expect(prev.points).toHaveLength(n);
    expect(steps(prev)).toEqual(range(n));
    expect(await filesEnding(folder, '.journal.jsonl')).toEqual([]);
    if (claim.ok) await claim.release();
  });
});

describe('two sweeps into one folder at once', () => {
  it('each test runs once, in one of the two processes; nothing overwritten, nothing left behind', async () => {
    const sweepFile = path.join(dir, 'twice.json');
    const tests = 6;
    await fs.writeFile(sweepFile, JSON.stringify({ id: 'twice', model: 'mlp', data: 'synthetic:blobs', batchSize: 32, backend: 'cpu', numIter: between(20, 60), grid: { seed: range(tests) } }));
    const out = path.join(dir, 'twice-out');
    const a = startCli(['sweep', sweepFile, '--out', out], { cwd: dir });
    const b = startCli(['sweep', sweepFile, '--out', out], { cwd: dir });
    const [ra, rb] = await Promise.all([a.done, b.done]);
    // Each joins the other (exit 0); only a process that starts after the other has finished
    // the whole sweep is refused (exit 2, "already holds", nothing run).
    for (const r of [ra, rb]) {
      if (r.code === 2) expect({ stderr: r.stderr, ran: /^\[\d+\//m.test(r.stdout) }).toMatchObject({ stderr: expect.stringMatching(/already holds 6 of this shard's 6 tests/), ran: false });
      else expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
    }
    expect([ra.code, rb.code]).toContain(0);
    const ran = [...(ra.stdout + rb.stdout).matchAll(/^\[\d+\/\d+\] (\S+): (\w+)$/gm)].map((m) => m[1]).sort();
    const folder = path.join(out, 'twice');
    const files = (await fs.readdir(folder)).filter((n) => n !== 'index.json' && n !== 'shards').sort();
    expect(ran).toHaveLength(tests);
    expect(new Set(ran).size).toBe(tests);
    expect(files).toEqual(ran.map((id) => `${id}.json`).sort());
    for (const f of files) expect(['completed', 'diverged']).toContain((await readRun(path.join(folder, f))).status);
  });
});

describe('a full disk', () => {
  let tmpfs: Tmpfs | null = null;
  const why: { reason?: string } = {};
  beforeAll(async () => {
    tmpfs = await mountTmpfs(64, why);
    // eslint-disable-next-line no-console
    console.log(tmpfs ? 'full disk: a real 64 KiB tmpfs' : `full disk: the fake disk only (no tmpfs: ${why.reason})`);
  });
  afterAll(async () => {
    await tmpfs?.unmount();
  });

  it('(64 KiB tmpfs) run: exit 1, the run file left failed with "no space left on device", no temp file or journal', async () => {
    if (!tmpfs) return;
    const out = path.join(tmpfs.dir, 'runs');
    const r = await startCli(['run', ...SMALL, '--optimizer', 'sgd', '--num-iter', '3000', '--diverge-threshold', 'Infinity', '--end-lr', '1e-2', '--parallel', '1', '--out', out, '--quiet'], { cwd: dir }).done;
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/no space left on device/);
    const names = await fs.readdir(out);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/\.json$/);
    const run = await readRun(path.join(out, names[0]));
    expect(run.status).toBe('failed');
    expect(run.error?.message).toMatch(/no space left on device/);
    expect(run.points.length).toBeGreaterThan(0);
    await fs.rm(out, { recursive: true });
  });

  it('(64 KiB tmpfs) sweep: exit 1 with the reason in one line, no test left running, no temp file, claim or lock', async () => {
    if (!tmpfs) return;
    const sweepFile = path.join(dir, 'full-sweep.json');
    await fs.writeFile(sweepFile, JSON.stringify({ id: 'full', model: 'mlp', data: 'synthetic:blobs', batchSize: 32, backend: 'cpu', numIter: 3000, divergeThreshold: null, endLr: 1e-2, grid: { seed: [1, 2] } }));
    const out = path.join(tmpfs.dir, 'sweeps');
    const r = await startCli(['sweep', sweepFile, '--out', out], { cwd: dir }).done;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no space left on device/);
    const folder = path.join(out, 'full');
    const names = await fs.readdir(folder);
    expect(names.filter((n) => /\.tmp$|\.claim$|\.journal\.jsonl$|^\.sweep\.lock$/.test(n))).toEqual([]);
    const runs = names.filter((n) => n.endsWith('.json') && n !== 'index.json');
    expect(runs.length).toBeGreaterThan(0);
    for (const n of runs) expect((await readRun(path.join(folder, n))).status).toBe('failed');
    expect((await fs.readdir(path.join(folder, 'shards'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await fs.rm(out, { recursive: true });
  });

  it('(fake disk) runTest: the same outcome through an injected file system with 6000 bytes free', async () => {
    const out = await tempDir();
    const options: TestOptions = { ...DEFAULT_TEST_OPTIONS, model: 'mlp', data: 'synthetic:blobs', batchSize: 32, backend: 'cpu', numIter: 500, optimizer: 'sgd' };
    const run = await runTest(options, { id: 'full', outFile: path.join(out, 'full.json'), cwd: out, fs: fullDisk(6000) });
    expect(run.status).toBe('failed');
    expect((await readRun(path.join(out, 'full.json'))).error?.message).toMatch(/no space left on device/);
    expect(await fs.readdir(out)).toEqual(['full.json']);
  });
});

describe('a read-only folder', () => {
  it('(tmpfs remounted read-only) run: one line naming the path and "read-only file system", nothing written', async () => {
    const why: { reason?: string } = {};
    const tmpfs = await mountTmpfs(256, why);
    if (!tmpfs) {
      // eslint-disable-next-line no-console
      console.log(`read-only folder: the fake only (no tmpfs: ${why.reason})`);
      return;
    }
    try {
      tmpfs.readOnly();
      for (const out of [tmpfs.dir, path.join(tmpfs.dir, 'runs')]) {
        const r = await startCli(['run', ...SMALL, '--optimizer', 'sgd', '--num-iter', '5', '--parallel', '1', '--out', out, '--quiet'], { cwd: dir }).done;
        expect([1, 2]).toContain(r.code);
        const lines = r.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(tmpfs.dir);
        expect(lines[0]).toMatch(/read-only/);
        expect(await fs.readdir(tmpfs.dir)).toEqual([]);
      }
    } finally {
      await tmpfs.unmount();
    }
  });

  it('(fake read-only disk) runTest rejects with one line naming the file, and writes nothing', async () => {
    const out = await tempDir();
    const options: TestOptions = { ...DEFAULT_TEST_OPTIONS, model: 'mlp', data: 'synthetic:blobs', batchSize: 32, backend: 'cpu', numIter: 5, optimizer: 'sgd' };
    const err = (await runTest(options, { id: 'ro', outFile: path.join(out, 'ro.json'), cwd: out, fs: refusingDisk('EROFS') }).catch((e: Error) => e)) as Error;
    expect(err.message).toBe(`cannot write ${path.join(out, 'ro.json')}: read-only file system (EROFS); choose a writable folder (--out)`);
    expect(await fs.readdir(out)).toEqual([]);
  });
});
