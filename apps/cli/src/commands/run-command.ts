// `lrfinder run`: one range test per optimizer, from the same initial weights (built-in models
// are seeded; a model.json is re-read), each into its own run file; then a summary.
// What only one path needs (the training stack for tests in this process, the plotting library,
// group files) is imported where it is used: a parallel run starts its children sooner, and they
// load their own.
import * as path from 'path';
import { OPTIMIZER_NAMES, type RunRecord } from '@lrfinder/core';
import { baseDir, CliInputError, EXIT, type CommandIO } from '../io';
import { createProgress, progressMode } from '../run/progress';
import { makeRunId, timeStamp } from '../run/run-id';
import { DEFAULT_TEST_OPTIONS, type TestOptions } from '../run/test-options';
import { runFilePath } from '../run/run-id';
import type { runTest as defaultRunTest } from '../run/run-test';
import { dashboardAdvice, runSummaryText, runSummaryJson } from './run-summary';
import { DEFAULT_RUN_OPTIMIZERS } from '../defaults';
import { checkIntFlag, LIMITS } from '../run/limits';
import { checkOutFolder } from '../output-paths';
import { childThreads, cliBundlePath, defaultParallelism, runParallel, type ParallelJob } from '../run/parallel';
import { checkRepeats, repeatTests } from '../repeats/repeat-options';
import { groupSummaryJson, repeatsRunText } from '../repeats/group-summary';
import { setUpNativeFirst } from '../run/backend';
import { mark } from '../timing';

export interface RunArgs extends Partial<Omit<TestOptions, 'optimizer' | 'labelColumn' | 'label'>> {
  /** Comma-separated optimizer names: one test each. @default 'sgd,adam' (the reference experiment) */
  optimizer?: string;
  /** CSV label column (`--label`). */
  label?: string;
  /** Output folder. @default 'runs' */
  out?: string;
  plot?: boolean;
  json?: boolean;
  quiet?: boolean;
  /** Tests at once, each in a child process of the built CLI. @default min(tests, cores); 1 = one after another in this process */
  parallel?: number;
  /** Repeats of each test with seeds derived from --seed, aggregated into a group file. @default 1 */
  repeats?: number;
}

export interface RunDeps {
  runTest?: typeof defaultRunTest;
  now?: () => number;
  /** The built CLI bundle children run; null runs sequentially. @default cliBundlePath() */
  bundle?: string | null;
}

/** `sgd, adam` -> ['sgd', 'adam']; unknown names are a CliInputError listing the known ones. */
export function parseOptimizers(list: string): string[] {
  const names = list.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (names.length === 0) throw new CliInputError(`--optimizer needs at least one name; known: ${OPTIMIZER_NAMES.join(', ')}`, 'optimizer');
  for (const n of names) {
    if (!(OPTIMIZER_NAMES as readonly string[]).includes(n)) {
      throw new CliInputError(`unknown optimizer ${JSON.stringify(n)}; known: ${OPTIMIZER_NAMES.join(', ')}`, 'optimizer');
    }
  }
  if (new Set(names).size !== names.length) throw new CliInputError(`--optimizer lists a name twice: ${list}`, 'optimizer');
  return names;
}


export async function runCommand(args: RunArgs, io: CommandIO, deps: RunDeps = {}): Promise<number> {
  mark('run command loaded');
  const optimizers = parseOptimizers(args.optimizer ?? DEFAULT_RUN_OPTIMIZERS);
  const now = deps.now ?? Date.now;
  const cwd = baseDir(io);
  const out = path.resolve(cwd, args.out ?? 'runs');
  const { optimizer: _o, label: labelColumn, out: _out, plot, json, quiet, parallel: parallelArg, repeats: repeatsArg, ...shared } = args;
  const repeats = checkRepeats(repeatsArg ?? 1);
  if (parallelArg !== undefined) checkIntFlag('--parallel', parallelArg, 1, LIMITS.parallel, 'parallel');
  // The defaults carry numIter: checked here, where what the user gave is still known.
  if (args.numIter !== undefined && args.epochs !== undefined) throw new CliInputError('give --num-iter or --epochs, not both', 'numIter');
  await checkOutFolder(out, '--out', args.out ?? 'runs');
  const mode = progressMode({ json, quiet }, io.stderr);
  const started = now();
  const runs: RunRecord[] = [];
  const files: string[] = [];
  const testCount = optimizers.length * repeats;
  const parallel = parallelArg ?? defaultParallelism(testCount);
  // Children run the built bundle; injected runTest (tests) or no bundle (jest, ts source): sequential.
  const bundle = deps.runTest ? null : deps.bundle !== undefined ? deps.bundle : cliBundlePath();
  const inParallel = parallel > 1 && testCount > 1 && bundle !== null;
  // Children share the cores out unless --threads says otherwise; one process: the library's default.
  const threads = shared.threads ?? (inParallel ? childThreads(Math.min(parallel, testCount)) : undefined);
  // With --repeats K each optimizer's test becomes K tests (seeds derived from --seed).
  const jobs: ParallelJob[] = optimizers.flatMap((optimizer) => {
    const given = Object.fromEntries(Object.entries(shared).filter(([, v]) => v !== undefined)) as Partial<TestOptions>;
    const options: TestOptions = {
      ...DEFAULT_TEST_OPTIONS, ...given, optimizer,
      ...(labelColumn !== undefined ? { labelColumn } : {}),
      ...(threads !== undefined ? { threads } : {}),
    };
    if (args.epochs !== undefined) delete options.numIter;
    return repeatTests(options, repeats).map((o) => {
      const id = inParallel ? makeRunId(o.label ?? optimizer, now()) : '';
      return { options: o, context: { id, outFile: runFilePath(out, id), plot: plot && repeats === 1, cwd, meta: { command: 'run', ...(repeats > 1 ? { repeats, baseSeed: options.seed } : {}) } } };
    });
  });
  /** The optimizer each finished run belongs to (its group with --repeats). */
  const owners: string[] = [];
  let crashes: { label: string; reason: string }[] = [];
  if (inParallel && bundle) {
    // Native TensorFlow is set up (or found) while the children load their modules; they wait for it.
    const handed = setUpNativeFirst(jobs[0].options.backend, io.signal).then((env) => {
      mark('native set up');
      return env;
    });
    const result = await runParallel(jobs, {
      bundle,
      parallel,
      signal: io.signal,
      env: handed,
      // Plain lines per test (labelled) even on a terminal: several bars would interleave.
      progress: () => createProgress(mode === 'silent' ? 'silent' : 'lines', io.stderr),
      writeRunPlots: async (run, runFile) => (await import('../run/plots')).writeRunPlots(run, runFile),
    });
    result.runs.forEach((run, i) => {
      if (!run) return;
      runs.push(run);
      files.push(jobs[i].context.outFile);
      owners.push(jobs[i].options.optimizer);
    });
    crashes = result.crashes;
    mark('children done');
  } else {
    const runTest = deps.runTest ?? (await import('../run/run-test')).runTest;
    const progress = createProgress(mode, io.stderr);
    for (const job of jobs) {
      if (io.signal?.aborted) break;
      // As before: the id is taken when the test starts.
      const id = makeRunId(job.options.label ?? job.options.optimizer, now());
      const outFile = runFilePath(out, id);
      const run = await runTest(job.options, { ...job.context, id, outFile, signal: io.signal, progress });
      runs.push(run);
      files.push(outFile);
      owners.push(job.options.optimizer);
      if (run.status === 'interrupted') break;
    }
  }
  for (const c of crashes) if (!runs.some((r) => r.label === c.label && r.status === 'failed')) io.stderr.write(`lrfinder run: ${c.label} failed: ${c.reason}\n`);
  const grouped = repeats > 1 && runs.length > 0
    ? await (await import('../repeats/run-groups')).writeRunGroups({ out, tests: optimizers, owners, runs, files, baseSeed: shared.seed ?? DEFAULT_TEST_OPTIONS.seed, started, plot: !!plot, meta: { command: 'run', repeats } })
    : null;
  let plots: { loss: string; delta: string } | null = null;
  if (plot && runs.length > 1 && !grouped) {
    const { writePlots } = await import('../run/plots');
    plots = await writePlots(runs, path.join(out, `${timeStamp(started)}-${optimizers.join('-vs-')}`));
    mark('overlay plots written');
  }
  // What the data source decided about its targets (--task overrides it), said once.
  const dataset = runs.find((r) => r.dataset?.taskReason)?.dataset;
  if (dataset && !json) io.stdout.write(`data ${dataset.name}: ${dataset.task} (${dataset.taskReason})\n`);
  if (json) {
    const summary = runSummaryJson(runs, files, plots);
    io.stdout.write(JSON.stringify(grouped ? { ...summary, groups: groupSummaryJson(grouped.groups, grouped.files), bandPlots: grouped.plots } : summary, null, 2) + '\n');
  } else if (!quiet || runs.length > 0) {
    io.stdout.write(grouped
      ? repeatsRunText(grouped, runs, files, { quiet: !!quiet, cwd, dashboard: dashboardAdvice(out, cwd) })
      : runSummaryText(runs, files, plots, { quiet: !!quiet, cwd }));
  }
  mark('summary printed');
  if (io.signal?.aborted || runs.some((r) => r.status === 'interrupted')) return EXIT.interrupted;
  if (runs.some((r) => r.status === 'failed') || crashes.length > 0) return EXIT.failed;
  return EXIT.ok;
}
