// runTest: one range test from CLI-style options to a run file on disk: every step journaled
// durably as it ends, the run file re-written on a time basis while running (status `running`,
// see live-run-file.ts), then with its final status. The sweep command calls it for each test;
// `run` calls it once per optimizer.
import { promises as fs } from 'fs';
import { LRFinder, RangeTestError, describeModel, type RunRecord } from '@lrfinder/core';
import { CliInputError } from '../io';
import { useBackend } from './backend';
import { openData } from './data';
import { checkAgainstData } from './data-checks';
import { silentProgress, type ProgressSink } from './progress-sink';
import { resolveModel } from './resolve-model';
import type { WriteFs } from '../files/atomic-write';
import { LiveRunFile } from './live-run-file';
import { RunFileExistsError } from './run-file-io';
import { checkTestOptions, type TestOptions } from './test-options';
import { makeValidator } from './validation';
import { mark } from '../timing';

export { DEFAULT_TEST_OPTIONS, type TestOptions } from './test-options';
export type { ProgressSink } from './progress-sink';

export interface RunTestContext {
  /** Run id (the file name stem). */
  id: string;
  /** Where the run file goes; never overwritten. */
  outFile: string;
  sweep?: { id: string; index: number; count: number };
  /** Aborting ends the test with status `interrupted`, every step so far kept. */
  signal?: AbortSignal;
  progress?: ProgressSink;
  /** Also write `<id>.svg` (loss vs lr) and `<id>.delta.svg` (loss delta, sma 20). */
  plot?: boolean;
  /** Resolves relative model and data paths. @default process.cwd() */
  cwd?: string;
  /** Extra facts for the record's `meta`. */
  meta?: Record<string, unknown>;
  /** @default fs.promises; the fault tests inject a full disk. */
  fs?: WriteFs;
}

export { HEARTBEAT_MS, LIVE_WRITE_MIN_MS } from './live-run-file';

/** Lets pending events (a Ctrl-C above all) run between two steps, whose work is synchronous. */
const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

async function checkFree(file: string): Promise<void> {
  const taken = await fs.access(file).then(() => true, () => false);
  if (taken) throw new CliInputError(new RunFileExistsError(file).message, 'out');
}

/**
 * Runs one test and writes its run file. Bad options, model or data throw CliInputError
 * (before any file is written); a test that fails mid-run resolves with status `failed`.
 */
export async function runTest(options: TestOptions, context: RunTestContext): Promise<RunRecord> {
  checkTestOptions(options);
  const cwd = context.cwd ?? process.cwd();
  await checkFree(context.outFile);
  const backend = await useBackend(options.backend, options.threads, { signal: context.signal });
  mark('backend ready');
  const source = await openData(options, { cwd });
  mark('data open');
  const info = source.info;
  checkAgainstData(options, info);
  const resolved = await resolveModel(options.model, options.loss, { ...info }, options.seed, cwd, { reinit: options.reinit });
  const { model } = resolved;
  mark('model built');
  const labels = resolved.lossName === 'categoricalCrossentropy' ? 'onehot' : 'sparse';
  const batchSize = Math.min(options.batchSize, info.trainSamples);
  const numIter = options.numIter ?? (options.epochs !== undefined ? Math.max(2, Math.floor(options.epochs * Math.ceil(info.trainSamples / batchSize))) : 100);
  let validator: Awaited<ReturnType<typeof makeValidator>> = null;
  try {
    if (options.valSplit > 0) validator = await makeValidator(model, source, { lossName: resolved.lossName, batchSize, numIter, labels });
  } catch (e) {
    model.dispose();
    throw e;
  }
  const progress = context.progress ?? silentProgress;
  const label = options.label ?? options.optimizer;

  const live = new LiveRunFile({ file: context.outFile, fs: context.fs });

  const finder = new LRFinder(model, { loss: resolved.loss });
  progress.start({ label, numIter });
  let record: RunRecord;
  try {
    record = await finder.findBatches(
      () => source.batches({ batchSize, split: 'train', seed: options.seed, shuffle: true, labels }),
      {
        id: context.id,
        label,
        optimizer: options.optimizer as never,
        startLr: options.startLr,
        endLr: options.endLr,
        numIter,
        schedule: options.schedule,
        smoothing: options.smoothing,
        divergeThreshold: options.divergeThreshold,
        batchSize,
        seed: options.seed,
        signal: context.signal,
        model: { ...describeModel(model), name: resolved.name },
        dataset: {
          name: info.name,
          trainSamples: info.trainSamples,
          valSamples: info.valSamples,
          inputShape: info.inputShape,
          ...(info.numClasses !== null ? { numClasses: info.numClasses } : {}),
          task: info.task,
          ...(info.taskReason ? { taskReason: info.taskReason } : {}),
        },
        backend,
        ...(context.sweep ? { sweep: context.sweep } : {}),
        meta: { model: options.model, data: options.data, loss: resolved.lossName ?? null, ...context.meta },
        ...(validator ? { validate: { every: validator.every, loss: validator.loss } } : {}),
        onStep: async (event) => {
          // Durable first: a step shown as done is on disk.
          if (event.point.step <= 1) mark(`step ${event.point.step} done`);
          await live.step(event.point, () => event.record);
          progress.step({ step: event.point.step, numIter, lr: event.point.lr, smoothedLoss: event.point.smoothedLoss });
          // A Ctrl-C during this step is handled here, so the test stops before the next one.
          await yieldToEvents();
        },
      },
    );
  } catch (e) {
    progress.stop({ status: 'failed' });
    await live.abandon();
    // Options LRFinder refuses before the first step (e.g. a loss it cannot resolve).
    if (e instanceof RangeTestError) throw new CliInputError(e.message, e.option);
    throw e;
  } finally {
    validator?.dispose();
    model.dispose();
  }
  mark('steps done');
  try {
    record = await live.finish(record);
  } catch (e) {
    progress.stop({ status: 'failed' });
    throw e;
  }
  progress.stop({ status: record.status });
  mark('run file written');
  if (context.plot) {
    // Loaded here: the plotting library (React, Nivo, d3) costs ~0.25 s of CPU to load.
    const { writeRunPlots } = await import('./plots');
    await writeRunPlots(record, context.outFile);
    mark('run plots written');
  }
  return record;
}

export { runFilePath } from './run-id';
