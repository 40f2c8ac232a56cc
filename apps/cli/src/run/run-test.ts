// runTest: one range test from CLI-style options to a run file on disk, written atomically,
// re-written every few steps while running (status `running`), then with its final status.
// The sweep command calls it for each test; `run` calls it once per optimizer.
import { promises as fs } from 'fs';
import * as path from 'path';
import { LRFinder, RangeTestError, describeModel, type RunRecord } from '@lrfinder/core';
import { CliInputError } from '../io';
import { useBackend } from './backend';
import { openData } from './data';
import { silentProgress, type ProgressSink } from './progress';
import { resolveModel } from './resolve-model';
import { RunFileExistsError, writeRunFileAtomic } from './run-file-io';
import { writeRunPlots } from './plots';
import { checkTestOptions, type TestOptions } from './test-options';
import { makeValidator } from './validation';

export { DEFAULT_TEST_OPTIONS, type TestOptions } from './test-options';
export type { ProgressSink } from './progress';

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
}

/** Steps between live re-writes of the run file (also at least every 2 s). */
export const LIVE_WRITE_EVERY = 5;

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
  const source = await openData(options, { cwd });
  const info = source.info;
  const resolved = await resolveModel(options.model, options.loss, { ...info }, options.seed, cwd);
  const { model } = resolved;
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

  let written = false;
  let lastWriteStep = -1;
  let lastWriteAt = 0;
  const write = async (run: RunRecord) => {
    await writeRunFileAtomic(context.outFile, run, { exclusive: !written });
    written = true;
  };

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
        },
        backend,
        ...(context.sweep ? { sweep: context.sweep } : {}),
        meta: { model: options.model, data: options.data, loss: resolved.lossName ?? null, ...context.meta },
        ...(validator ? { validate: { every: validator.every, loss: validator.loss } } : {}),
        onStep: async (event) => {
          progress.step({ step: event.point.step, numIter, lr: event.point.lr, smoothedLoss: event.point.smoothedLoss });
          const now = Date.now();
          if (event.point.step - lastWriteStep >= LIVE_WRITE_EVERY || now - lastWriteAt > 2000) {
            lastWriteStep = event.point.step;
            lastWriteAt = now;
            await write(event.record);
          }
        },
      },
    );
  } catch (e) {
    progress.stop({ status: 'failed' });
    // Options LRFinder refuses before the first step (e.g. a loss it cannot resolve).
    if (e instanceof RangeTestError) throw new CliInputError(e.message, e.option);
    throw e;
  } finally {
    validator?.dispose();
    model.dispose();
  }
  progress.stop({ status: record.status });
  await write(record);
  if (context.plot) await writeRunPlots(record, context.outFile);
  return record;
}

/** `<out>/<id>.json` */
export function runFilePath(out: string, id: string): string {
  return path.join(out, `${id}.json`);
}
