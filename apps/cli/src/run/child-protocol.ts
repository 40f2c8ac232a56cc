// The messages between a parallel run's parent (parallel.ts) and its children (the hidden
// `run-one`, run-one-command.ts): the job on the command line and over IPC, progress and outcome
// back, the environment hand-over and the next job.
import type { RunTestContext, TestOptions } from './run-test';

/** What one child runs: runTest(options, context) without the signal and progress. */
export interface ParallelJob {
  options: TestOptions;
  context: Omit<RunTestContext, 'signal' | 'progress'>;
  /** The child asks the parent for environment entries (`env-wanted`) and waits for them (`env`) before its test. */
  waitForEnv?: boolean;
  /** After its test the child waits for another job (`job`) or `no-more` instead of exiting. */
  more?: boolean;
}

/** Messages a child sends to the parent over IPC. */
export type ChildMessage =
  | { type: 'env-wanted' }
  | { type: 'start'; label: string; numIter: number }
  | { type: 'step'; step: number; numIter: number; lr: number; smoothedLoss: number | null }
  | { type: 'stop'; status: string }
  | { type: 'done'; status: string }
  | { type: 'input-error'; message: string; stack?: string }
  | { type: 'error'; message: string; stack?: string };

/** What the parent sends a child: the answer to `env-wanted`; after a `done`, the next job or `no-more`. */
export type ParentMessage =
  | { type: 'env'; env: Record<string, string> }
  | { type: 'job'; job: string }
  | { type: 'no-more' };

/** JSON drops Infinity/NaN (e.g. --diverge-threshold Infinity): encoded as tagged strings. */
export function encodeJob(job: ParallelJob): string {
  return JSON.stringify(job, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? `__num:${v}` : v));
}
export function decodeJob(text: string): ParallelJob {
  return JSON.parse(text, (_k, v) => (typeof v === 'string' && v.startsWith('__num:') ? Number(v.slice(6)) : v)) as ParallelJob;
}

/**
 * Whether a child started for job `a` can run job `b` too: the same working folder, backend and
 * threads (its environment's TensorFlow pools and wasm's thread count are fixed at its start).
 */
export function sameProcess(a: ParallelJob, b: ParallelJob): boolean {
  return a.context.cwd === b.context.cwd && a.options.backend === b.options.backend && a.options.threads === b.options.threads;
}

