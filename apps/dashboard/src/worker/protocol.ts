// Messages between the browser-sweep page and its Web Worker.
import type { RunRecord } from '@lrfinder/core';

export const SWEEP_DATASETS = ['synthetic:blobs', 'synthetic:spirals', 'mnist'] as const;
export type SweepDataset = (typeof SWEEP_DATASETS)[number];
export const SWEEP_MODELS = ['mlp', 'cnn'] as const;
export type SweepModel = (typeof SWEEP_MODELS)[number];
export const SWEEP_OPTIMIZERS = ['sgd', 'momentum', 'adam', 'adamax', 'rmsprop', 'adagrad', 'adadelta'] as const;
export const SWEEP_BACKENDS = ['auto', 'webgl', 'wasm', 'cpu'] as const;
export type SweepBackend = (typeof SWEEP_BACKENDS)[number];
export type SweepOptimizer = (typeof SWEEP_OPTIMIZERS)[number];

/** What the page asks the worker to run: one range test per optimizer, same initial weights. */
export interface SweepConfig {
  sweepId: string;
  dataset: SweepDataset;
  /** MNIST images fetched from the app (the first N of the training set). @default 2000 */
  mnistSamples: number;
  model: SweepModel;
  optimizers: SweepOptimizer[];
  startLr: number;
  endLr: number;
  numIter: number;
  batchSize: number;
  seed: number;
  /** `auto` tries webgl, then wasm, then cpu. @default 'auto' */
  backend: SweepBackend;
}

export type ToWorker = { type: 'start'; config: SweepConfig } | { type: 'stop' };

export type FromWorker =
  | { type: 'status'; message: string }
  | { type: 'backend'; name: string; threads: number | null; note: string | null; skipped: { name: string; reason: string }[] }
  | { type: 'progress'; test: number; count: number; step: number; numIter: number; record: RunRecord }
  | { type: 'run'; test: number; run: RunRecord }
  | { type: 'done'; stopped: boolean }
  | { type: 'error'; message: string };
