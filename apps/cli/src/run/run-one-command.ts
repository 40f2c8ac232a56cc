// The hidden `lrfinder run-one --job <json>`: a test of a parallel `lrfinder run`, in a child
// process; when the parent has more tests than children, the next ones after it (the job says
// `more`: the child reports `done` and takes the next job or `no-more` over IPC). Progress and
// each outcome go to the parent over IPC; run files are written by runTest exactly as in the
// sequential path.
import { CliInputError, EXIT, type CommandIO } from '../io';
import { decodeJob, type ChildMessage, type ParentMessage } from './child-protocol';
import { runTest } from './run-test';
import { mark, setTimingRole } from '../timing';

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
  let job = decodeJob(args.job);
  setTimingRole(job.options.label ?? job.options.optimizer);
  mark('run-one loaded');
  const controller = new AbortController();
  io.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  if (io.signal?.aborted) controller.abort(); // interrupted while this module loaded
  // The parent is gone (it quit at once): end the test like a Ctrl-C.
  process.on('disconnect', () => controller.abort());
  if (job.waitForEnv) {
    const env = await envFromParent(controller.signal);
    // Stopped before the test began (Ctrl-C, a failed setup): no run file, nothing to report.
    if (env === null) {
      if (process.connected) process.disconnect();
      return EXIT.interrupted;
    }
    Object.assign(process.env, env);
    mark('environment received');
  }
  for (;;) {
    setTimingRole(job.options.label ?? job.options.optimizer);
    let status: string;
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
      status = run.status;
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      await finish({ type: e instanceof CliInputError ? 'input-error' : 'error', message: err.message, stack: err.stack });
      return e instanceof CliInputError ? EXIT.badInput : EXIT.failed;
    }
    const code = status === 'interrupted' ? EXIT.interrupted : status === 'failed' ? EXIT.failed : EXIT.ok;
    const next = job.more ? await nextJob({ type: 'done', status }, controller.signal) : null;
    if (next === null) {
      await finish({ type: 'done', status });
      return code;
    }
    if (next === 'no-more') {
      if (process.connected) process.disconnect();
      return code;
    }
    job = decodeJob(next);
  }
}

/**
 * Reports a finished test (`done`) and waits for the parent's answer: the next job (its JSON) or
 * `no-more`; `no-more` too when stopped or the parent is gone. The answer is listened for before
 * `done` goes out, so it cannot be missed. Without a channel: null (report and exit as usual).
 */
function nextJob(done: ChildMessage, signal: AbortSignal): Promise<string | 'no-more' | null> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) return resolve(null);
    const settle = (answer: string | 'no-more') => {
      process.off('message', onMessage);
      process.off('disconnect', onAbort);
      signal.removeEventListener('abort', onAbort);
      resolve(answer);
    };
    const onMessage = (m: ParentMessage) => {
      if (m?.type === 'job') settle(m.job);
      else if (m?.type === 'no-more') settle('no-more');
    };
    const onAbort = () => settle('no-more');
    process.on('message', onMessage);
    process.on('disconnect', onAbort);
    signal.addEventListener('abort', onAbort, { once: true });
    process.send(done);
    // Interrupted (this test ended early for it): no next test.
    if (signal.aborted) settle('no-more');
  });
}

/**
 * Asks the parent for the environment entries it prepares for the tests (native TensorFlow set up
 * while this process loaded its modules) and waits for them; null when stopped first. Asked, not
 * awaited unasked: a message sent before this process listens would be lost.
 */
function envFromParent(signal: AbortSignal): Promise<Record<string, string> | null> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(null);
    if (!process.connected || !process.send) return resolve({});
    const done = (env: Record<string, string> | null) => {
      process.off('message', onMessage);
      signal.removeEventListener('abort', onAbort);
      resolve(env);
    };
    const onMessage = (m: ParentMessage) => {
      if (m?.type === 'env') done(m.env ?? {});
    };
    const onAbort = () => done(null);
    process.on('message', onMessage);
    signal.addEventListener('abort', onAbort, { once: true });
    process.send({ type: 'env-wanted' } satisfies ChildMessage);
  });
}
