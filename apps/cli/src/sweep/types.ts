// The shapes this module shares with the CLI engineer's `runTest` (apps/cli/src/run/run-test.ts,
// contract in the apps/cli internal contract). Declared here until that file lands, then
// re-exported from it so there is one definition.
import type { RunRecord } from '@lrfinder/core';

export type BackendName = 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';

/** One test's settings: the `run` command's options in camelCase. */
export interface TestOptions {
  model: string;
  loss?: string;
  data: string;
  labelColumn?: string;
  startLr: number;
  endLr: number;
  numIter?: number;
  epochs?: number;
  batchSize: number;
  schedule: 'exponential' | 'linear';
  smoothing: number;
  divergeThreshold: number;
  valSplit: number;
  optimizer: string;
  backend: BackendName;
  seed: number;
  /** The test's label (not the CSV label column: that is `labelColumn`). */
  label?: string;
}

/** Where `runTest` writes and what it records about the sweep. */
export interface RunTestContext {
  id: string;
  outFile: string;
  sweep?: { id: string; index: number; count: number };
  signal?: AbortSignal;
  progress?: unknown;
  plot?: boolean;
}

export type RunTestFn = (options: TestOptions, context: RunTestContext) => Promise<RunRecord>;

/** Anything text can be written to: process.stdout, or a buffer in tests. */
export interface TextSink {
  write(chunk: string): unknown;
}

/** Fallback for run's defaults until `DEFAULT_TEST_OPTIONS` of run-test.ts is importable. */
export const DEFAULT_TEST_OPTIONS: TestOptions = {
  model: 'mnist-cnn',
  data: 'mnist',
  startLr: 1e-4,
  endLr: 1,
  batchSize: 250,
  schedule: 'exponential',
  smoothing: 0.98,
  divergeThreshold: 4,
  valSplit: 0,
  optimizer: 'sgd',
  backend: 'auto',
  seed: 0,
};
