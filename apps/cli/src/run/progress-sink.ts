// What a running test reports its progress to, without the terminal bar (progress.ts): a child of
// a parallel run sends it to its parent and never loads cli-progress.
export interface ProgressStart {
  label: string;
  numIter: number;
}
export interface ProgressStep {
  /** 0-based step just done. */
  step: number;
  numIter: number;
  lr: number;
  smoothedLoss: number | null;
}

/** Receives a test's progress; runTest calls start, step after each step, then stop. */
export interface ProgressSink {
  start(info: ProgressStart): void;
  step(info: ProgressStep): void;
  stop(info: { status: string }): void;
}

export const silentProgress: ProgressSink = { start() {}, step() {}, stop() {} };

