// Run records built in tests: an exponential lr sweep over an analytic loss curve.
import { RUN_FORMAT, smoothLosses, type RunRecord, type Suggestion, type SuggestionMethod } from '@lrfinder/core';

export interface FixtureOptions {
  id?: string;
  label?: string;
  steps?: number;
  startLr?: number;
  endLr?: number;
  /** Loss at each step (non-finite allowed; stored as null like the run file does). */
  losses?: (number | null)[];
  /** Suggested step index per method; the others get `lr: null` with a reason. */
  suggest?: Partial<Record<SuggestionMethod, number>>;
  recommended?: SuggestionMethod;
}

/** lr of step i of an exponential schedule. */
export function lrAt(i: number, steps: number, startLr: number, endLr: number): number {
  return steps < 2 ? startLr : startLr * (endLr / startLr) ** (i / (steps - 1));
}

/** A valley-shaped loss in log10(lr): 1 at lr = 1e-3, rising on both sides. */
export function valleyLoss(lr: number): number {
  return 1 + (Math.log10(lr) + 3) ** 2 / 4;
}

export function makeRun(options: FixtureOptions = {}): RunRecord {
  const { id = 'run-a', label = 'sgd', startLr = 1e-6, endLr = 1, recommended = 'valley' } = options;
  const steps = options.losses?.length ?? options.steps ?? 100;
  const lrs = Array.from({ length: steps }, (_, i) => lrAt(i, steps, startLr, endLr));
  const losses = options.losses ?? lrs.map(valleyLoss);
  const finite = losses.map((l) => (l !== null && Number.isFinite(l) ? l : NaN));
  const smoothed = smoothLosses(finite, 0.98);
  const nullable = (v: number) => (Number.isFinite(v) ? v : null);
  const suggestion = (method: SuggestionMethod): Suggestion => {
    const index = options.suggest?.[method];
    return index === undefined ? { lr: null, index: null, reason: 'not in this fixture' } : { lr: lrs[index], index };
  };
  return {
    format: RUN_FORMAT,
    id,
    label,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:10.000Z',
    status: 'diverged',
    stopReason: 'diverged',
    config: { startLr, endLr, numIter: steps, schedule: 'exponential', batchSize: 32, smoothing: 0.98, divergeThreshold: 4, seed: 1 },
    model: null,
    optimizer: { name: label, config: {} },
    dataset: null,
    backend: null,
    points: lrs.map((lr, i) => ({ step: i, lr, loss: nullable(finite[i]), smoothedLoss: nullable(smoothed[i]) })),
    suggestions: {
      steepest: suggestion('steepest'),
      minimum: suggestion('minimum'),
      valley: suggestion('valley'),
      slide: suggestion('slide'),
      smaDelta: suggestion('smaDelta'),
      recommended,
    },
    timing: { totalMs: 1000, msPerStep: 10 },
  };
}
