// `lrfinder sweep <file>` and `lrfinder sweep status <folder>`: the sweep engineer's handlers
// (src/sweep/) given this CLI's runTest, streams, environment, signal and progress.
import { sweepCommand, sweepStatusCommand } from '../sweep';
import { baseDir, CliInputError, type CommandIO } from '../io';
import { createProgress, progressMode, type ProgressSink } from '../run/progress';
import { runTest } from '../run/run-test';

export interface SweepCliArgs {
  file: string;
  folder?: string;
  shard?: string;
  shardCount?: number;
  out?: string;
  resume?: boolean;
  list?: boolean;
  plot?: boolean;
  staleAfter?: number;
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
  const progress = createProgress(progressMode({ quiet: a.quiet, json: a.json }, io.stderr), io.stderr);
  return sweepCommand(
    { file: a.file, shard: a.shard, shardCount: a.shardCount, out: a.out, resume: a.resume, list: a.list, plot: a.plot, staleAfter: a.staleAfter },
    {
      runTest: (options, context) => runTest(options, { ...context, progress: context.progress as ProgressSink | undefined, cwd }),
      stdout: io.stdout,
      stderr: io.stderr,
      env: io.env,
      signal: io.signal,
      cwd,
      progress,
    },
  );
}
