// A small but real runTest for the sweep tests: core's rangeTest on a 1-D linear regression
// (y = 3x - 1 + noise) trained by minibatch SGD in plain numbers. Data and initial weights come
// from the test's seed, so the same test gives bit-identical losses whichever shard runs it.
// It honours the runTest contract that matters here: live `running` files every few steps,
// atomic writes, never overwriting an existing file, the sweep field, the abort signal.
import { promises as fs } from 'fs';
import * as path from 'path';
import { mulberry32 } from '@lrfinder/datasets';
import { rangeTest, serializeRun, type RunRecord } from '@lrfinder/core';
import type { RunTestContext, TestOptions } from '../types';

async function writeAtomic(file: string, run: RunRecord): Promise<void> {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await fs.writeFile(tmp, serializeRun(run));
  await fs.rename(tmp, file);
}

export interface TinyRunTestHooks {
  /** Called after every step; may abort a controller to simulate Ctrl-C mid-test. */
  onStep?: (id: string, step: number) => void;
}

/** A runTest that records every call (the test id) in `calls`. */
export function tinyRunTest(hooks: TinyRunTestHooks = {}) {
  const calls: string[] = [];
  const runTest = async (options: TestOptions, context: RunTestContext): Promise<RunRecord> => {
    calls.push(context.id);
    await fs.mkdir(path.dirname(context.outFile), { recursive: true });
    // Claim the file first: runTest never overwrites an existing run file.
    const claim = await fs.open(context.outFile, 'wx');
    await claim.close();
    const random = mulberry32(options.seed);
    const n = 64;
    const xs = Array.from({ length: n }, () => random() * 2 - 1);
    const ys = xs.map((x) => 3 * x - 1 + (random() - 0.5) * 0.2);
    let w = random() - 0.5;
    let b = random() - 0.5;
    let cursor = 0;
    const trainStep = (lr: number) => {
      let gw = 0;
      let gb = 0;
      let loss = 0;
      for (let k = 0; k < options.batchSize; k++) {
        const i = (cursor + k) % n;
        const err = w * xs[i] + b - ys[i];
        loss += err * err;
        gw += 2 * err * xs[i];
        gb += 2 * err;
      }
      cursor = (cursor + options.batchSize) % n;
      w -= (lr * gw) / options.batchSize;
      b -= (lr * gb) / options.batchSize;
      return loss / options.batchSize;
    };
    const run = await rangeTest({
      trainStep,
      startLr: options.startLr,
      endLr: options.endLr,
      numIter: options.numIter ?? 30,
      schedule: options.schedule,
      smoothing: options.smoothing,
      divergeThreshold: options.divergeThreshold,
      signal: context.signal,
      id: context.id,
      label: options.label,
      optimizer: { name: options.optimizer, config: {} },
      batchSize: options.batchSize,
      seed: options.seed,
      sweep: context.sweep,
      onStep: async (event) => {
        if (event.point.step % 5 === 0) await writeAtomic(context.outFile, event.record);
        hooks.onStep?.(context.id, event.point.step);
      },
    });
    await writeAtomic(context.outFile, run);
    return run;
  };
  return { runTest, calls };
}

/** A stream stand-in that keeps what is written. */
export function textBuffer() {
  const chunks: string[] = [];
  return { write: (s: string) => void chunks.push(s), text: () => chunks.join('') };
}
