// `lrfinder sweep <file>`: expands the sweep file, picks this process's shard, writes index.json
// and runs the shard's tests one after another into `<out>/<sweepId>/<id>.json`. yargs-free:
// the CLI parses flags and injects runTest, the streams, the environment and the abort signal.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureFolder } from '../files/atomic-write';
import { fsProblem } from '../output-paths';
import { expandSweep, type ExpandedTest } from './expand';
import { resolveShard, ShardError, testsForShard, type Shard } from './shard';
import { isProcessAlive, readShardMarkers, writeShardMarker, type ShardMarker } from './shard-marker';
import { claimTest, liveOwner, type TestClaim } from './test-claim';
import { safeParseSweepFile, SweepFileError } from './sweep-file';
import { ensureSweepIndex, SweepFolderError, toSweepIndex } from './sweep-index';
import { testStatus, type TestStatus } from './sweep-status';
import { writeSweepGroups } from '../repeats/sweep-groups';
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
  /**
   * Checks a test's model and data without training (a CliInputError when bad); run for this
   * shard's tests before anything is written, so a refused sweep leaves nothing behind.
   */
  preflight?: (options: TestOptions) => Promise<void>;
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
    return badInput(deps, `cannot read sweep file ${args.file}: ${fsProblem(e)}`);
  }
  const parsed = safeParseSweepFile(text, { file: args.file });
  if (!parsed.ok) return badInput(deps, parsed.error.message);
  let shard: Shard;
  let tests: ExpandedTest[];
  let allTests: ExpandedTest[];
  let sweepId: string;
  let count: number;
  let folder: string;
  try {
    const expanded = expandSweep(parsed.sweep, { file: args.file });
    ({ id: sweepId, count, tests: allTests } = expanded);
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
    const checked = new Set<string>();
    for (const t of tests) {
      const options = toTestOptions(t, deps.defaults);
      const key = JSON.stringify([options.model, options.loss, options.data, options.labelColumn, options.valSplit, options.backend, options.batchSize, options.numIter, options.epochs]);
      if (!deps.preflight || checked.has(key)) continue;
      checked.add(key);
      try {
        await deps.preflight(options);
      } catch (e) {
        if (e instanceof CliInputError) throw new SweepFileError(`test ${t.index} (${t.id}): ${e.message}`, e.field ?? '', args.file);
        throw e;
      }
    }
    await ensureFolder(folder);
    await ensureSweepIndex(folder, toSweepIndex(expanded, parsed.sweep.description));
  } catch (e) {
    if (e instanceof SweepFileError || e instanceof ShardError || e instanceof SweepFolderError) return badInput(deps, e.message);
    throw e;
  }

  const statusOptions = { now, staleAfterMs: (args.staleAfter ?? 600) * 1000 };
  const host = os.hostname();
  const claimOptions = { now, staleAfterMs: statusOptions.staleAfterMs, host };
  const sameShard = (m: ShardMarker) => m.shard === shard.index && m.count === shard.count;
  const liveElsewhere = (m: ShardMarker) => m.state === 'running' && m.host === host && m.pid !== process.pid && isProcessAlive(m.pid);
  const all = await readShardMarkers(folder);
  // An engine starts a shard again only after its previous process ended (a Job's pod retry,
  // a Slurm requeue, a user re-running it), so this shard's own marker is an ended process,
  // unless that process is alive here (a second sweep started into the same folder).
  const markers = all.map((m) => (sameShard(m) && m.state === 'running' && !liveElsewhere(m) ? { ...m, state: 'interrupted' as const } : m));
  const states: TestStatus[] = [];
  for (const t of tests) states.push(await testStatus(folder, t, markers, statusOptions));
  // Tests a live process claims (another sweep into this folder): left to it.
  const owners = new Map<string, TestClaim>();
  for (const t of tests) {
    const owner = await liveOwner(folder, t.id, claimOptions);
    if (owner) owners.set(t.id, owner);
  }
  const joining = owners.size > 0 || all.some((m) => sameShard(m) && liveElsewhere(m));
  const existing = states.filter((s) => s.state !== 'missing' && !owners.has(s.id));
  if (!args.resume && !joining && existing.length > 0) {
    const names = existing.slice(0, 3).map((s) => `${s.file} (${s.state})`).join(', ');
    return badInput(deps, `${folder} already holds ${existing.length} of this shard's ${tests.length} tests: ${names}${existing.length > 3 ? ', ...' : ''}. Add --resume to run only the missing, interrupted and failed ones, or give the sweep a new "id"`);
  }
  const runnable: TestStatus['state'][] = args.resume ? ['missing', 'interrupted', 'failed'] : ['missing'];
  const todo = tests.filter((t, i) => runnable.includes(states[i].state) && !owners.has(t.id));
  for (const s of states.filter((s) => s.state === 'running' && !owners.has(s.id))) {
    deps.stderr.write(`lrfinder sweep: ${s.id} is running elsewhere (updated recently); left alone\n`);
  }
  if (joining) {
    const first = [...owners.values()][0];
    const who = first ? `pid ${first.pid} on ${first.host}` : 'another process of this shard';
    deps.stderr.write(`lrfinder sweep: ${who} is running this sweep in ${folder} (${owners.size} test(s) claimed); this process takes only the tests nobody has claimed\n`);
  }
  deps.stdout.write(
    `sweep ${sweepId}: ${count} tests; shard ${shard.index}/${shard.count} (${shard.source}): ${tests.length} tests, ${todo.length} to run -> ${folder}\n`,
  );

  const startedAt = new Date(now()).toISOString();
  const marker = (state: ShardMarker['state'], current: string | null): ShardMarker => ({
    format: 'lrfinder.sweep-shard/v1', sweepId, shard: shard.index, count: shard.count, host,
    pid: process.pid, state, current, startedAt, updatedAt: new Date(now()).toISOString(),
  });
  // A second live process of this shard keeps its own marker file.
  const instance = all.some((m) => sameShard(m) && liveElsewhere(m)) ? process.pid : undefined;
  const writeMarker = (m: ShardMarker) => writeShardMarker(folder, m, instance);
  let failed = 0;
  let skipped = 0;
  let interrupted = false;
  for (const test of todo) {
    if (deps.signal?.aborted) {
      interrupted = true;
      break;
    }
    const outFile = path.join(folder, test.file);
    // Taken under the folder lock, after checking again that no live process has it and it
    // still needs running; its old file (interrupted, failed) is kept as .prev.
    const claim = await claimTest(folder, test.id, {
      ...claimOptions,
      check: async () => {
        const now = await testStatus(folder, test, markers, statusOptions);
        return runnable.includes(now.state) ? null : `it is ${now.state} now`;
      },
    });
    if (!claim.ok) {
      deps.stderr.write(`lrfinder sweep: ${test.id} left to another process: ${claim.reason}\n`);
      skipped += 1;
      continue;
    }
    await writeMarker(marker('running', test.id));
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
        await claim.release();
        await writeMarker(marker('failed', null));
        return badInput(deps, `test ${test.index} (${test.id}): ${e.message}`);
      }
      status = deps.signal?.aborted ? 'interrupted' : 'failed';
      if (status === 'failed') deps.stderr.write(`lrfinder sweep: ${test.id} failed: ${(e as Error).message}\n`);
    } finally {
      await claim.release();
    }
    deps.stdout.write(`[${test.index + 1}/${count}] ${test.id}: ${status}\n`);
    if (status === 'failed') failed += 1;
    if (status === 'interrupted' || deps.signal?.aborted) {
      interrupted = true;
      break;
    }
  }
  const final = interrupted ? 'interrupted' : failed > 0 ? 'failed' : 'done';
  await writeMarker(marker(final, null));
  if (interrupted) {
    // The command as the user can type it again from the same folder (npx finds lrfinder in the
    // repository, a project that installed it, and globally), with the flags that pick the shard.
    const again = ['npx lrfinder sweep', args.file, args.out ? `--out ${args.out}` : '', args.shard ? `--shard ${args.shard}` : '',
      args.shardCount ? `--shard-count ${args.shardCount}` : '', '--resume'].filter(Boolean).join(' ');
    const fromEnv = !args.shard && shard.count > 1 ? ' (in the same job, whose environment picks the shard)' : '';
    deps.stderr.write(`lrfinder sweep: interrupted; finish with: ${again}${fromEnv}\n`);
    return EXIT.interrupted;
  }
  // Repeats: the group file of each group whose repeats have all finished (whichever shard is last).
  const groups = await writeSweepGroups(folder, sweepId, allTests, tests, { plot: args.plot });
  for (const g of groups.written) deps.stdout.write(`group ${path.basename(g)}: written\n`);
  for (const g of groups.waiting) deps.stdout.write(`group ${g}: waiting for repeats in other shards\n`);
  const others = skipped > 0 ? `, ${skipped} left to another process` : '';
  deps.stdout.write(`shard ${shard.index}/${shard.count} of sweep ${sweepId}: ${todo.length - failed - skipped} of ${todo.length} ran, ${failed} failed${others}\n`);
  return failed > 0 ? EXIT.failed : EXIT.ok;
}
