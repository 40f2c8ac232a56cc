// `lrfinder sweep <file>` and `lrfinder sweep status <folder>`: the sweep engineer's handlers
// (src/sweep/) given this CLI's runTest, streams, environment, signal and progress.
import { sweepCommand, sweepStatusCommand, type SweepArgs } from '../sweep';
import { baseDir, CliInputError, type CommandIO } from '../io';
import { createProgress, progressMode, type ProgressSink } from '../run/progress';
import * as path from 'path';
import { runTest, type TestOptions } from '../run/run-test';
import { preflightTest } from '../run/preflight';
import { checkOutFolder } from '../output-paths';

/** `sweep <file>` takes the sweep handler's arguments; `sweep status <folder>` arrives as file 'status'. */
export interface SweepCliArgs extends SweepArgs {
  folder?: string;
  /** --threads: the wasm backend's threads for every test (they run in this process). */
  threads?: TestOptions['threads'];
  json?: boolean;
  quiet?: boolean;
}

export async function sweepCommandFor(a: SweepCliArgs, io: CommandIO): Promise<number> {
  const cwd = baseDir(io);
  if (a.file === 'status') {
    if (!a.folder) throw new CliInputError('sweep status needs the sweep folder: lrfinder sweep status <folder>', 'folder');
    return sweepStatusCommand({ folder: a.folder, shardCount: a.shardCount, staleAfter: a.staleAfter, json: a.json }, { stdout: io.stdout, stderr: io.stderr, cwd });
  }
  if (a.folder !== undefined) throw new CliInputError(`unexpected argument ${JSON.stringify(a.folder)} after the sweep file`, 'folder');
  await checkOutFolder(path.resolve(cwd, a.out ?? 'runs'), '--out', a.out ?? 'runs');
  const progress = createProgress(progressMode({ quiet: a.quiet, json: a.json }, io.stderr), io.stderr);
  const { folder: _folder, json: _json, quiet: _quiet, threads, ...sweepArgs } = a;
  return sweepCommand(
    sweepArgs,
    {
      runTest: (options, context) =>
        runTest(threads !== undefined ? { ...options, threads } : options, { ...context, progress: context.progress as ProgressSink | undefined, cwd }),
      stdout: io.stdout,
      stderr: io.stderr,
      env: io.env,
      signal: io.signal,
      cwd,
      progress,
      preflight: (options) => preflightTest(threads !== undefined ? { ...options, threads } : options, cwd),
    },
  );
}
