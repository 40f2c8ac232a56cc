// The hidden `lrfinder run-one --job <json>`: one test of a parallel `lrfinder run`, in a child
// process. Progress and the outcome go to the parent over IPC; the run file is written by
// runTest exactly as in the sequential path.
import { CliInputError, EXIT, type CommandIO } from '../io';
import { decodeJob, type ChildMessage } from './parallel';
import { runTest } from './run-test';

export async function runOneCommand(args: { job: string }, io: CommandIO): Promise<number> {
  const send = (m: ChildMessage) => {
    if (process.connected && process.send) process.send(m);
  };
  // The last message is flushed before the channel closes (an open channel keeps us alive).
  const finish = (m: ChildMessage) =>
    new Promise<void>((resolve) => {
      if (!process.connected || !process.send) return resolve();
      process.send(m, undefined, {}, () => {
        process.disconnect();
        resolve();
      });
    });
  const job = decodeJob(args.job);
  const controller = new AbortController();
  io.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  // The parent is gone (it quit at once): end the test like a Ctrl-C.
  process.on('disconnect', () => controller.abort());
  try {
    const run = await runTest(job.options, {
      ...job.context,
      signal: controller.signal,
      progress: {
        start: (p) => send({ type: 'start', ...p }),
        step: (p) => send({ type: 'step', ...p }),
        stop: (p) => send({ type: 'stop', ...p }),
      },
    });
    await finish({ type: 'done', status: run.status });
    return run.status === 'interrupted' ? EXIT.interrupted : run.status === 'failed' ? EXIT.failed : EXIT.ok;
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    await finish({ type: e instanceof CliInputError ? 'input-error' : 'error', message: err.message, stack: err.stack });
    return e instanceof CliInputError ? EXIT.badInput : EXIT.failed;
  }
}
