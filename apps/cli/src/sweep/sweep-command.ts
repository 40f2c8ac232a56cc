// `lrfinder sweep <file>`: expands the sweep file, picks this process's shard, writes index.json
// and runs the shard's tests one after another into `<out>/<sweepId>/<id>.json`. yargs-free:
// the CLI parses flags and injects runTest, the streams, the environment and the abort signal.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { expandSweep, type ExpandedTest } from './expand';
import { resolveShard, ShardError, testsForShard, type Shard } from './shard';
import { readShardMarkers, writeShardMarker, type ShardMarker } from './shard-marker';
import { safeParseSweepFile, SweepFileError } from './sweep-file';
import { ensureSweepIndex, SweepFolderError, toSweepIndex } from './sweep-index';
import { testStatus, type TestStatus } from './sweep-status';
import { checkTestOptions, CliInputError, DEFAULT_TEST_OPTIONS, EXIT, type ProgressSink, type RunTestFn, type TestOptions, type TextSink } from './types';

export { EXIT };

export interface SweepArgs {
  /** Path of the sweep file (JSON). */
  file: string;
  /** `--shard i/n`, 0-based. */
  shard?: string;
  /** `--shard-count n`: the count that goes with JOB_COMPLETION_INDEX / SLURM_ARRAY_TASK_ID. */
  shardCount?: number;
  /** `--out dir`: the sweep folder is `<out>/<sweepId>`. @default 'runs' */
  out?: string;
  /** `--resume`: run only this shard's missing, interrupted and failed tests. */
  resume?: boolean;
  /** `--list`: print this shard's tests (id, label, seed) and run nothing. */
  list?: boolean;
  /** `--plot`: forwarded to runTest (an SVG next to each run file). */
  plot?: boolean;
  /** `--stale-after s`: with --resume, a `running` file older than this counts as interrupted. @default 600 */
  staleAfter?: number;
}

export interface SweepDeps {
  runTest: RunTestFn;
  stdout: TextSink;
  stderr: TextSink;
  env: Record<string, string | undefined>;
  /** Aborted on SIGINT/SIGTERM: the current test ends `interrupted` and no further test starts. */
  signal?: AbortSignal;
  /** Resolves a relative `file` and `out`. @default process.cwd() */
  cwd?: string;
  /** @default Date.now */
  now?: () => number;
  /** Forwarded to runTest as its progress sink. */
  progress?: ProgressSink;
  /** The `run` defaults that sweep settings override. @default DEFAULT_TEST_OPTIONS */
  defaults?: TestOptions;
}

/** The options runTest gets for an expanded test: run's defaults <- the test's options. */
export function toTestOptions(test: ExpandedTest, defaults: TestOptions = DEFAULT_TEST_OPTIONS): TestOptions {
  const { divergeThreshold, ...rest } = test.options;
  const options: TestOptions = { ...defaults, ...rest } as TestOptions;
  if (divergeThreshold !== undefined) options.divergeThreshold = divergeThreshold === null ? Infinity : divergeThreshold;
  // numIter and epochs are alternatives: the sweep's choice replaces the default's.
  if (rest.epochs !== undefined) delete options.numIter;
  if (rest.numIter !== undefined) delete options.epochs;
  return options;
}

function badInput(deps: SweepDeps, message: string): number {
  deps.stderr.write(`lrfinder sweep: ${message}\n`);
  return EXIT.badInput;
}

export async function sweepCommand(args: SweepArgs, deps: SweepDeps): Promise<number> {
  const cwd = deps.cwd ?? process.cwd();
  const now = deps.now ?? Date.now;
  const file = path.resolve(cwd, args.file);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    return badInput(deps, `cannot read sweep file ${args.file}: ${(e as Error).message}`);
  }
  const parsed = safeParseSweepFile(text, { file: args.file });
  if (!parsed.ok) return badInput(deps, parsed.error.message);
  let shard: Shard;
  let tests: ExpandedTest[];
  let sweepId: string;
  let count: number;
  let folder: string;
  try {
    const expanded = expandSweep(parsed.sweep, { file: args.file });
    ({ id: sweepId, count } = expanded);
    shard = resolveShard({ shard: args.shard, shardCount: args.shardCount, sweepShards: parsed.sweep.shards, env: deps.env });
    // Every test of the sweep, not only this shard's: bad input fails every shard alike, at once.
    for (const t of expanded.tests) {
      try {
        checkTestOptions(toTestOptions(t, deps.defaults));
      } catch (e) {
        if (e instanceof CliInputError) throw new SweepFileError(`test ${t.index} (${t.id}): ${e.message}`, e.field ?? '', args.file);
        throw e;
      }
    }
    tests = testsForShard(expanded.tests, shard);
    folder = path.resolve(cwd, args.out ?? 'runs', sweepId);
    if (args.list) {
      deps.stdout.write(`sweep ${sweepId}: ${count} tests; shard ${shard.index}/${shard.count} (${shard.source}) runs ${tests.length}\n`);
      for (const t of tests) deps.stdout.write(`${t.index}\t${t.id}\tseed ${t.options.seed}\t${t.label}\n`);
      return EXIT.ok;
    }
    await fs.mkdir(folder, { recursive: true });
    await ensureSweepIndex(folder, toSweepIndex(expanded, parsed.sweep.description));
  } catch (e) {
    if (e instanceof SweepFileError || e instanceof ShardError || e instanceof SweepFolderError) return badInput(deps, e.message);
    throw e;
  }

  const statusOptions = { now, staleAfterMs: (args.staleAfter ?? 600) * 1000 };
  // An engine starts a shard again only after its previous process ended (a Job's pod retry,
  // a Slurm requeue, a user re-running it), so this shard's own marker is an ended process.
  const markers = (await readShardMarkers(folder)).map((m) =>
    m.shard === shard.index && m.count === shard.count && m.state === 'running' ? { ...m, state: 'interrupted' as const } : m,
  );
  const states: TestStatus[] = [];
  for (const t of tests) states.push(await testStatus(folder, t, markers, statusOptions));
  const existing = states.filter((s) => s.state !== 'missing');
  if (!args.resume && existing.length > 0) {
    const names = existing.slice(0, 3).map((s) => `${s.file} (${s.state})`).join(', ');
    return badInput(deps, `${folder} already holds ${existing.length} of this shard's ${tests.length} tests: ${names}${existing.length > 3 ? ', ...' : ''}. Add --resume to run only the missing, interrupted and failed ones, or give the sweep a new "id"`);
  }
  const todo = tests.filter((_, i) => ['missing', 'interrupted', 'failed'].includes(states[i].state));
  for (const s of states.filter((s) => s.state === 'running')) {
    deps.stderr.write(`lrfinder sweep: ${s.id} is running elsewhere (updated recently); left alone\n`);
  }
  deps.stdout.write(
    `sweep ${sweepId}: ${count} tests; shard ${shard.index}/${shard.count} (${shard.source}): ${tests.length} tests, ${todo.length} to run -> ${folder}\n`,
  );

  const startedAt = new Date(now()).toISOString();
  const marker = (state: ShardMarker['state'], current: string | null): ShardMarker => ({
    format: 'lrfinder.sweep-shard/v1', sweepId, shard: shard.index, count: shard.count, host: os.hostname(),
    pid: process.pid, state, current, startedAt, updatedAt: new Date(now()).toISOString(),
  });
  let failed = 0;
  let interrupted = false;
  for (const test of todo) {
    if (deps.signal?.aborted) {
      interrupted = true;
      break;
    }
    const outFile = path.join(folder, test.file);
    // Only missing, interrupted or failed tests get here: their old file is kept as .prev.
    await fs.rename(outFile, `${outFile}.prev`).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    await writeShardMarker(folder, marker('running', test.id));
    let status: string;
    try {
      const run = await deps.runTest(toTestOptions(test, deps.defaults), {
        id: test.id, outFile, sweep: { id: sweepId, index: test.index, count }, signal: deps.signal,
        progress: deps.progress, plot: args.plot,
      });
      status = run.status;
      if (run.status === 'failed') deps.stderr.write(`lrfinder sweep: ${test.id} failed: ${run.error?.message ?? 'no reason given'}\n`);
    } catch (e) {
      if (e instanceof CliInputError) {
        // Bad model or data (runTest checks them before writing anything): no point going on.
        await writeShardMarker(folder, marker('failed', null));
        return badInput(deps, `test ${test.index} (${test.id}): ${e.message}`);
      }
      status = deps.signal?.aborted ? 'interrupted' : 'failed';
      if (status === 'failed') deps.stderr.write(`lrfinder sweep: ${test.id} failed: ${(e as Error).message}\n`);
    }
    deps.stdout.write(`[${test.index + 1}/${count}] ${test.id}: ${status}\n`);
    if (status === 'failed') failed += 1;
    if (status === 'interrupted' || deps.signal?.aborted) {
      interrupted = true;
      break;
    }
  }
  const final = interrupted ? 'interrupted' : failed > 0 ? 'failed' : 'done';
  await writeShardMarker(folder, marker(final, null));
  if (interrupted) {
    // The command as the user can type it again from the same folder (npx finds lrfinder in the
    // repository, a project that installed it, and globally), with the flags that pick the shard.
    const again = ['npx lrfinder sweep', args.file, args.out ? `--out ${args.out}` : '', args.shard ? `--shard ${args.shard}` : '',
      args.shardCount ? `--shard-count ${args.shardCount}` : '', '--resume'].filter(Boolean).join(' ');
    const fromEnv = !args.shard && shard.count > 1 ? ' (in the same job, whose environment picks the shard)' : '';
    deps.stderr.write(`lrfinder sweep: interrupted; finish with: ${again}${fromEnv}\n`);
    return EXIT.interrupted;
  }
  deps.stdout.write(`shard ${shard.index}/${shard.count} of sweep ${sweepId}: ${todo.length - failed} of ${todo.length} ran, ${failed} failed\n`);
  return failed > 0 ? EXIT.failed : EXIT.ok;
}
