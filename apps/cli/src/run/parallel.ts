// Parallel `lrfinder run`: the tests in child processes of the built CLI bundle (the hidden
// `run-one` command), one per core; a child that finished a test takes the next one. Each child's wasm backend gets floor(cores / tests at
// once) threads (childThreads), so two tests on two cores take about the time of one. The
// children write the run files exactly as the sequential path does; the parent shows their
// progress, reads the finished files back and draws a test's plots when it asked for them (so
// no child loads the plotting library, and the parent draws one test's while another trains).
import { fork, type ChildProcess } from 'child_process';
import { existsSync, promises as fs, realpathSync } from 'fs';
import { coreCount } from '@lrfinder/backends';
import * as path from 'path';
import { journalPath, parseRun, serializeRun, type RunRecord } from '@lrfinder/core';
import { CliInputError } from '../io';
import { writeFileAtomic } from '../files/atomic-write';
import { withJournal } from './run-file-io';
import type { ProgressSink } from './progress';
import { encodeJob, sameProcess, type ChildMessage, type ParallelJob, type ParentMessage } from './child-protocol';
import { mark, timingEnabled, TIMING_PREFIX } from '../timing';

export { decodeJob, encodeJob, sameProcess, type ChildMessage, type ParallelJob, type ParentMessage } from './child-protocol';

/** The built CLI bundle this process runs from, or null (jest, ts source, another script). */
export function cliBundlePath(argv1: string | undefined = process.argv[1]): string | null {
  if (!argv1) return null;
  if (!existsSync(argv1)) return null;
  // Through a bin link (node_modules/.bin/lrfinder) too.
  const file = realpathSync(path.resolve(argv1));
  return path.basename(file) === 'lrfinder.mjs' ? file : null;
}

/** Default parallelism: one test per core, no more than the tests. */
export function defaultParallelism(tests: number): number {
  return Math.max(1, Math.min(tests, coreCount()));
}

/**
 * The wasm threads of each child when `atOnce` tests run at once: the cores shared out,
 * floor(cores / atOnce), at least 1 (threads on a busy core slow a step down).
 */
export function childThreads(atOnce: number, cores = coreCount()): number {
  return Math.max(1, Math.floor(cores / Math.max(1, atOnce)));
}

/**
 * The environment of a child: the parent's, plus native TensorFlow's thread pools sized like the
 * wasm threads (TensorFlow sizes them for every core by default, so two children on two cores
 * would each run all-core pools and oversubscribe them). A value the user set is kept.
 */
export function childEnv(env: NodeJS.ProcessEnv, threads: number | undefined): NodeJS.ProcessEnv {
  if (threads === undefined) return env;
  return { TF_NUM_INTRAOP_THREADS: String(threads), TF_NUM_INTEROP_THREADS: String(threads), ...env };
}

/**
 * A child that died mid-test (killed, out of memory...) left its last `running` snapshot and the
 * journal of every step it finished: the journal is folded in and the file becomes `failed` with
 * the reason, so no reader waits for it forever. Returns the record written, or the folded
 * snapshot when it cannot be written.
 */
async function markCrashed(file: string, snapshot: RunRecord, reason: string): Promise<RunRecord> {
  const run = await withJournal(file, snapshot);
  const failed: RunRecord = {
    ...run,
    status: 'failed',
    stopReason: 'error',
    error: { message: `the test's process ${reason}` },
    // never before the record's own updatedAt (a clock stepped back would make it invalid)
    updatedAt: new Date(Math.max(Date.now(), Date.parse(run.updatedAt))).toISOString(),
  };
  // Validated before the disk is touched: a record that cannot be valid is a defect, thrown.
  const text = serializeRun(failed);
  try {
    await writeFileAtomic(file, text);
    await fs.rm(journalPath(file), { force: true });
    return failed;
  } catch {
    // The disk refused (full, read-only, gone): the child's last file stays as it is.
    return run;
  }
}

export interface ParallelResult {
  /** In job order; null when the child left no readable run file. */
  runs: (RunRecord | null)[];
  /** Children that crashed or reported an unexpected error: label and reason. */
  crashes: { label: string; reason: string }[];
}

/** With LRFINDER_TIMING on: a child's timing lines (timing.ts) go on to this stderr, whole. */
function timingPassThrough(sink: { write(s: string): unknown }): (chunk: string) => void {
  let partial = '';
  return (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith(TIMING_PREFIX)) sink.write(`${line}\n`);
  };
}

interface Pending {
  job: ParallelJob;
  index: number;
}

/** A child process of the bundle that runs one job after another (run-one-command.ts). */
interface Live {
  child: ChildProcess;
  /** Its first job: a later one must want the same process (sameProcess). */
  first: ParallelJob;
  /** The last 4,000 characters of its stderr (the reason of a crash). */
  stderr: string;
  closed: boolean;
  /** The job in hand: its handlers of the child's messages and of its exit. */
  onMessage?: (m: ChildMessage) => void;
  onClose?: (code: number | null, sig: NodeJS.Signals | null) => void;
  exited: Promise<void>;
}

/**
 * Runs the jobs, at most `parallel` at once, in child processes of `bundle`; a child that
 * finished its test takes the next one from the queue (a process, its modules and TensorFlow's
 * warm-up serve several tests: repeats, many optimizers). Aborting `signal` forwards SIGINT to
 * running children (each ends its test `interrupted`) and starts no more. A bad-input error of
 * any child aborts the others and is thrown as CliInputError.
 */
export async function runParallel(
  jobs: ParallelJob[],
  opts: {
    bundle: string;
    parallel: number;
    signal?: AbortSignal;
    progress: (label: string) => ProgressSink;
    /**
     * Environment entries every child gets before its first test (native TensorFlow handed over:
     * setUpNativeFirst), possibly still being prepared: the children start at once, load their
     * modules meanwhile, then ask for it. A rejection stops every child and is thrown.
     */
    env?: Promise<Record<string, string>>;
    /** Draws the plots of a finished test whose context asks for them (`plot`), next to its run file. */
    writeRunPlots?: (run: RunRecord, runFile: string) => Promise<unknown>;
  },
): Promise<ParallelResult> {
  const runs: (RunRecord | null)[] = jobs.map(() => null);
  const crashes: { label: string; reason: string }[] = [];
  const children = new Set<ChildProcess>();
  let inputError: { message: string; stack?: string } | null = null;
  let stopped = false;
  const stopAll = () => {
    stopped = true;
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGINT');
  };
  opts.signal?.addEventListener('abort', stopAll, { once: true });
  const queue: Pending[] = jobs.map((job, index) => ({ job, index }));
  let envFailure: { error: unknown } | null = null;
  const envReady = opts.env?.catch((error: unknown) => {
    envFailure = { error };
    stopAll();
    return {};
  });
  /** Reading back finished tests' files and drawing their plots, while their children go on. */
  const finishing: Promise<void>[] = [];

  const startChild = (first: ParallelJob): Live => {
    // Own process group (detached): a Ctrl-C on the terminal reaches only the parent, which
    // forwards one SIGINT; a second one there would make the child quit at once.
    const child = fork(opts.bundle, ['run-one', '--job', encodeJob(first)], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
      detached: true,
      cwd: first.context.cwd,
      env: childEnv(process.env, typeof first.options.threads === 'number' ? first.options.threads : undefined),
    });
    children.add(child);
    let closed!: () => void;
    const live: Live = { child, first, stderr: '', closed: false, exited: new Promise<void>((r) => (closed = r)) };
    const passTiming = timingEnabled() ? timingPassThrough(process.stderr) : null;
    child.stderr?.on('data', (d) => {
      live.stderr = (live.stderr + d).slice(-4000);
      passTiming?.(String(d));
    });
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'env-wanted') {
        void envReady?.then((env) => {
          // Stopped meanwhile (Ctrl-C, the setup failed): the child is being interrupted; its test must not start.
          if (child.connected && !stopped) child.send({ type: 'env', env } satisfies ParentMessage);
        });
        return;
      }
      live.onMessage?.(m);
    });
    child.on('error', (e) => live.onMessage?.({ type: 'error', message: e.message }));
    child.on('close', (code, sig) => {
      live.closed = true;
      children.delete(child);
      mark('child exited');
      live.onClose?.(code, sig);
      closed();
    });
    return live;
  };

  /** Runs one job in `reuse` (a child that finished its last test) or a new child; resolves with the child when it can take another. */
  const runOne = ({ job, index }: Pending, reuse: Live | null) =>
    new Promise<Live | null>((resolve) => {
      const label = job.options.label ?? job.options.optimizer;
      const progress = opts.progress(label);
      const plot = !!job.context.plot && opts.writeRunPlots !== undefined;
      const sent: ParallelJob = { ...job, ...(plot ? { context: { ...job.context, plot: false } } : {}), more: true };
      let live: Live;
      if (reuse && !reuse.closed && reuse.child.connected && sameProcess(reuse.first, job)) {
        live = reuse;
        live.stderr = '';
        live.child.send({ type: 'job', job: encodeJob(sent) } satisfies ParentMessage);
        mark(`sent ${label}`);
      } else {
        // A child set up for other settings leaves; the run waits for its exit like the others'.
        if (reuse && !reuse.closed && reuse.child.connected) {
          reuse.child.send({ type: 'no-more' } satisfies ParentMessage);
          finishing.push(reuse.exited);
        }
        live = startChild(envReady ? { ...sent, waitForEnv: true } : sent);
        mark(`forked ${label}`);
      }
      let reported: ChildMessage | null = null;
      let stoppedProgress = false;
      let started = false;
      let ended = false;
      const end = (exit: { code: number | null; sig: NodeJS.Signals | null } | null) => {
        if (ended) return;
        ended = true;
        live.onMessage = undefined;
        live.onClose = undefined;
        mark(`${label} ended`);
        const r = reported as ChildMessage | null;
        // The child goes on to the next test when this one is done; it exits after an error.
        resolve(exit === null && r?.type === 'done' ? live : null);
        finishing.push((async () => {
          // Stopped (Ctrl-C, another child's bad input) before its test began: nothing to report.
          const neverStarted = !started && stopped && r?.type !== 'error';
          if (r?.type === 'input-error' || neverStarted) return;
          runs[index] = await fs.readFile(job.context.outFile, 'utf8').then(
            (text) => {
              try {
                return parseRun(text);
              } catch {
                return null;
              }
            },
            () => null,
          );
          if (r?.type !== 'done') {
            const stderr = live.stderr.trim();
            const why = r?.type === 'error' ? r.message : `exited with ${exit?.sig ?? `code ${exit?.code}`}${stderr ? `: ${stderr.split('\n').slice(-1)[0]}` : ''}`;
            crashes.push({ label, reason: why });
            const left = runs[index];
            if (left?.status === 'running') runs[index] = await markCrashed(job.context.outFile, left, why);
            if (!stoppedProgress) progress.stop({ status: 'failed' });
          } else if (plot && runs[index]) {
            // As the child would have: a plot that cannot be written fails the test's process.
            await opts.writeRunPlots!(runs[index]!, job.context.outFile).catch((e: unknown) => {
              crashes.push({ label, reason: (e as Error)?.message ?? String(e) });
            });
          }
        })());
      };
      live.onMessage = (m) => {
        if (m.type === 'start') {
          started = true;
          progress.start(m);
        } else if (m.type === 'step') progress.step(m);
        else if (m.type === 'stop') {
          stoppedProgress = true;
          progress.stop(m);
        } else if (!reported) {
          reported = m;
          if (m.type === 'input-error' && !inputError) {
            inputError = m;
            stopAll();
          }
          // An error's child exits: its exit (and stderr) ends the job, as a crash does.
          if (m.type === 'done') end(null);
        }
      };
      live.onClose = (code, sig) => end({ code, sig });
    });

  const worker = async () => {
    let live: Live | null = null;
    for (let next = queue.shift(); next; next = queue.shift()) {
      if (stopped || opts.signal?.aborted) break;
      live = await runOne(next, live);
    }
    // No more tests for it: the child leaves.
    if (live && !live.closed) {
      if (live.child.connected) live.child.send({ type: 'no-more' } satisfies ParentMessage);
      await live.exited;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.parallel, jobs.length)) }, worker));
  await Promise.all(finishing);
  opts.signal?.removeEventListener('abort', stopAll);
  await envReady;
  if (envFailure) throw (envFailure as { error: unknown }).error;
  if (inputError) {
    const e = new CliInputError((inputError as { message: string }).message);
    const stack = (inputError as { stack?: string }).stack;
    if (stack) e.stack = stack;
    throw e;
  }
  return { runs, crashes };
}
