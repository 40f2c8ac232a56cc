// Start-up and repeats benchmark of the built CLI: where a parallel run's wall time goes outside
// the training steps (LRFINDER_TIMING=1 lines of the parent and of every child), and the targets
// of issues #11 and #16, checked in one command and printed plainly:
//   - `npm start` (the reference experiment, SGD vs Adam, 100 steps, two children) <= 12 s wall
//   - K repeats on P cores within ceil(K/P) single-test times + 10%
//   - the reference experiment with 5 repeats per optimizer (native backend, 2 cores) < 60 s
// Run: npm run bench:repeats  (options after `--`: --rounds 1 --k 4 --parallel 2 --optimizer sgd
//      --skip-npm-start --skip-scaling --skip-reference)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median } from './stats';

const ROOT = path.resolve(__dirname, '../..');
const BUNDLE = path.join(ROOT, 'apps/cli/dist/lrfinder.mjs');

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const flag = (name: string) => process.argv.includes(`--${name}`);
const stringOption = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};

/** One LRFINDER_TIMING line (apps/cli/src/timing.ts). */
interface Mark {
  ms: number;
  cpuMs: number;
  pid: number;
  role: string;
  phase: string;
}

function parseMarks(text: string): Mark[] {
  const prefix = 'lrfinder timing ';
  return text.split('\n').filter((l) => l.startsWith(prefix)).map((l) => JSON.parse(l.slice(prefix.length)) as Mark);
}

interface Measured {
  wallMs: number;
  /** 1-minute load average before and after the command. */
  load: [number, number];
  marks: Mark[];
  code: number | null;
  /** Steps of each test, by label, from the run files it wrote. */
  steps: Map<string, number>;
  /** backend name and device of the first run file. */
  backend: string;
}

/** Steps per label and the backend, from the run files in `out`. */
function runFacts(out: string): { steps: Map<string, number>; backend: string } {
  const steps = new Map<string, number>();
  let backend = '';
  for (const f of readdirSync(out).filter((n) => n.endsWith('.json') && !n.endsWith('.group.json'))) {
    const run = JSON.parse(readFileSync(path.join(out, f), 'utf8')) as { label: string; points: unknown[]; backend?: { name?: string; device?: string | null } };
    steps.set(run.label, run.points.length);
    backend ||= [run.backend?.name, run.backend?.device].filter(Boolean).join(', ');
  }
  return { steps, backend };
}

/**
 * Runs a command that writes its run files into a fresh folder (`args(out)`), with LRFINDER_TIMING
 * on and its clock's zero at the spawn; wall time to its exit. The folder is removed after.
 */
async function measure(command: string, args: (out: string) => string[], env: Record<string, string> = {}): Promise<Measured> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'lrfinder-bench-repeats-'));
  try {
    const m = await spawnTimed(command, args(out), env);
    return { ...m, ...runFacts(out) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function spawnTimed(command: string, args: string[], env: Record<string, string>): Promise<Omit<Measured, 'steps' | 'backend'>> {
  const loadBefore = os.loadavg()[0];
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env, LRFINDER_TIMING: '1', LRFINDER_TIMING_T0: String(t0) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) process.stderr.write(`${command} ${args.join(' ')} exited with ${code}:\n${stderr.split('\n').filter((l) => !l.startsWith('lrfinder timing')).slice(-10).join('\n')}\n`);
      resolve({ wallMs, load: [loadBefore, os.loadavg()[0]], marks: parseMarks(stderr), code });
    });
  });
}

/** `lrfinder run ...` of the built bundle, quiet. */
const cliRun = (args: string[], env: Record<string, string> = {}) => measure(process.execPath, (out) => [BUNDLE, 'run', ...args, '--quiet', '--out', out], env);

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const loadText = (l: [number, number]) => `load ${l[0].toFixed(1)}->${l[1].toFixed(1)}`;

/**
 * Per-phase summary of one command's timing lines: the parent's start-up, then each test's: from
 * its start (a new child forked, or the job sent to a child that finished one) to its model built,
 * its first step, its steady steps, and from its run file to the parent's seeing it end.
 */
function phases(m: Measured): string[] {
  const lines: string[] = [];
  const mainPid = m.marks.find((x) => x.phase.startsWith('forked '))?.pid ?? m.marks[0]?.pid;
  const parent = m.marks.filter((x) => x.pid === mainPid);
  const first = (phase: string) => parent.find((x) => x.phase === phase);
  const loaded = first('cli modules loaded');
  const starts = parent.filter((x) => x.phase.startsWith('forked ') || x.phase.startsWith('sent '));
  if (loaded) lines.push(`parent: modules loaded at ${s(loaded.ms)} (${loaded.cpuMs} ms CPU)`);
  if (starts[0]) lines.push(`parent: first child started at ${s(starts[0].ms)} (${starts[0].cpuMs} ms CPU)`);
  const rows: Record<'forked' | 'sent', { wall: number[]; cpu: number[] }> = { forked: { wall: [], cpu: [] }, sent: { wall: [], cpu: [] } };
  const firstStep: number[] = [];
  const perStep: number[] = [];
  const end: number[] = [];
  for (const start of starts) {
    const how = start.phase.startsWith('forked ') ? 'forked' : 'sent';
    const label = start.phase.slice(how.length + 1);
    const own = m.marks.filter((x) => x.pid !== mainPid && x.role === label);
    const at = (phase: string) => own.find((x) => x.phase === phase);
    const built = at('model built');
    const step0 = at('step 0 done');
    const step1 = at('step 1 done');
    const done = at('steps done');
    if (!built || !step0 || !step1 || !done) continue;
    // CPU of this test's start: the child's CPU from its start (forked) or from its previous test's last line (sent).
    const before = m.marks.filter((x) => x.pid === built.pid && x.ms <= start.ms).pop();
    rows[how].wall.push(built.ms - start.ms);
    rows[how].cpu.push(built.cpuMs - (how === 'sent' ? before?.cpuMs ?? 0 : 0));
    firstStep.push(step0.ms - built.ms);
    const steps = m.steps.get(label) ?? 0;
    if (steps > 2) perStep.push((done.ms - step1.ms) / (steps - 2));
    const ended = parent.find((x) => x.phase === `${label} ended`);
    if (ended) end.push(ended.ms - done.ms);
  }
  for (const how of ['forked', 'sent'] as const) {
    const r = rows[how];
    if (!r.wall.length) continue;
    lines.push(`${r.wall.length} test(s) in ${how === 'forked' ? 'a new child' : 'a child that had finished a test'}: start to model built ${s(median(r.wall))} wall, ${median(r.cpu).toFixed(0)} ms CPU (medians; CPU ${Math.min(...r.cpu)}-${Math.max(...r.cpu)} ms)`);
  }
  if (firstStep.length) lines.push(`tests: first step ${median(firstStep).toFixed(0)} ms, then ${perStep.length ? median(perStep).toFixed(0) : '?'} ms/step, last step to the parent's seeing the test end ${end.length ? median(end).toFixed(0) : '?'} ms (medians)`);
  const summary = first('summary printed');
  const childrenDone = first('children done');
  if (summary && childrenDone) lines.push(`parent: children done to summary printed ${(summary.ms - childrenDone.ms).toFixed(0)} ms (plots, overlay, groups)`);
  return lines;
}

interface Check {
  name: string;
  measured: number;
  limit: number;
  detail: string;
}

async function main(): Promise<void> {
  const rounds = option('rounds', 1);
  const k = option('k', 4);
  const p = option('parallel', 2);
  const optimizer = stringOption('optimizer', 'sgd');
  const cpus = os.cpus();
  const say = (line = '') => console.log(line);
  say('## Start-up and repeats (tools/bench/repeats.ts)');
  say(`- ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} logical cores, Node ${process.version}; load average at start ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min)`);
  say('- Wall times on a shared machine are noisy: the load average is given beside each figure; CPU times per phase are steadier.');
  execFileSync(process.execPath, [path.join(ROOT, 'apps/cli/build.mjs')], { stdio: 'inherit' });
  say();
  const checks: Check[] = [];

  if (!flag('skip-npm-start')) {
    say('### `npm start` (SGD vs Adam, 100 steps each, two children, --plot)');
    const walls: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const m = await measure(process.platform === 'win32' ? 'npm.cmd' : 'npm', (out) => ['start', '--', '--out', out]);
      walls.push(m.wallMs);
      say(`- round ${r + 1}: ${s(m.wallMs)} wall (${loadText(m.load)}), exit ${m.code}, ${m.backend}`);
      for (const l of phases(m)) say(`  - ${l}`);
    }
    checks.push({ name: 'npm start <= 12 s', measured: median(walls), limit: 12_000, detail: `median of ${walls.length}` });
    say();
  }

  if (!flag('skip-scaling')) {
    const threads = String(Math.max(1, Math.floor(cpus.length / p)));
    say(`### ${k} repeats of one test (${optimizer}, 100 steps) with --parallel ${p}, against one test alone`);
    const single: number[] = [];
    const share: number[] = [];
    const repeated: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const one = await cliRun(['--optimizer', optimizer]);
      single.push(one.wallMs);
      say(`- one test alone (all cores): ${s(one.wallMs)} wall (${loadText(one.load)}), ${one.backend}`);
      const shared = await cliRun(['--optimizer', optimizer], { TF_NUM_INTRAOP_THREADS: threads, TF_NUM_INTEROP_THREADS: threads });
      share.push(shared.wallMs);
      say(`- one test alone on its share of the cores (TensorFlow pools of ${threads}, as each of ${p} children gets): ${s(shared.wallMs)} wall (${loadText(shared.load)})`);
      const many = await cliRun(['--optimizer', optimizer, '--repeats', String(k), '--parallel', String(p)]);
      repeated.push(many.wallMs);
      say(`- ${k} repeats, --parallel ${p}: ${s(many.wallMs)} wall (${loadText(many.load)}), exit ${many.code}`);
      for (const l of phases(many)) say(`  - ${l}`);
    }
    const waves = Math.ceil(k / p);
    checks.push({ name: `${k} repeats on ${p} cores <= ceil(${k}/${p}) x one test alone + 10%`, measured: median(repeated), limit: waves * median(single) * 1.1, detail: `one test ${s(median(single))}` });
    checks.push({ name: `${k} repeats on ${p} cores <= ceil(${k}/${p}) x one test on its core share + 10%`, measured: median(repeated), limit: waves * median(share) * 1.1, detail: `one test on ${threads} thread(s) ${s(median(share))}` });
    say();
  }

  if (!flag('skip-reference')) {
    say('### The reference experiment with 5 repeats per optimizer (`lrfinder run --repeats 5`, 10 tests, two children at a time)');
    const walls: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const m = await cliRun(['--repeats', '5']);
      walls.push(m.wallMs);
      say(`- round ${r + 1}: ${s(m.wallMs)} wall (${loadText(m.load)}), exit ${m.code}, ${m.backend}`);
      for (const l of phases(m)) say(`  - ${l}`);
    }
    checks.push({ name: 'reference experiment, 5 repeats per optimizer, < 60 s', measured: median(walls), limit: 60_000, detail: `median of ${walls.length}` });
    say();
  }

  say('### Target checks');
  for (const c of checks) say(`- ${c.measured <= c.limit ? 'PASS' : 'FAIL'} ${c.name}: ${s(c.measured)} (limit ${s(c.limit)}; ${c.detail})`);
  say(`- load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
