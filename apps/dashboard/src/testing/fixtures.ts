// Run records for tests, produced by core's real rangeTest on an analytic loss curve (no
// hand-written records that could drift from the schema):
//   loss(lr) = base + (log10(lr) - log10(bestLr))^2 / 4, exploding past 30 x bestLr.
import { rangeTest, type RunRecord } from '@lrfinder/core';

export interface FixtureOptions {
  id: string;
  label?: string;
  /** Learning rate of the curve's minimum. @default 1e-3 */
  bestLr?: number;
  /** @default 60 */
  numIter?: number;
  /** Steps recorded before the snapshot is taken; gives a `running` record. @default undefined (complete) */
  runningAfter?: number;
  /** Steps after which the test is aborted; gives an `interrupted` record. @default undefined */
  interruptedAfter?: number;
  optimizer?: string;
  batchSize?: number;
  sweep?: { id: string; index: number; count: number };
  /** Loss floor. @default 0.3 */
  base?: number;
}

export function fixtureLoss(lr: number, bestLr = 1e-3, base = 0.3): number {
  const d = Math.log10(lr) - Math.log10(bestLr);
  return base + (d * d) / 4 + (lr > 30 * bestLr ? (lr / (30 * bestLr)) ** 3 : 0);
}

/** A complete (or, with `runningAfter`, still running) run record of the analytic curve. */
export async function fixtureRun(o: FixtureOptions): Promise<RunRecord> {
  let clock = Date.parse('2026-01-01T00:00:00Z');
  let snapshot: RunRecord | null = null;
  const controller = new AbortController();
  const run = await rangeTest({
    id: o.id,
    label: o.label ?? o.optimizer ?? o.id,
    startLr: 1e-6,
    endLr: 1,
    numIter: o.numIter ?? 60,
    divergeThreshold: 4,
    smoothing: 0.9,
    batchSize: o.batchSize ?? 32,
    seed: 1,
    model: {
      name: 'tiny-mlp',
      parameterCount: 54,
      layers: [
        { name: 'dense_1', className: 'Dense', outputShape: [[null, 8]], parameterCount: 24 },
        { name: 'dense_2', className: 'Dense', outputShape: [[null, 3]], parameterCount: 27 },
        { name: 'softmax', className: 'Activation', outputShape: [[null, 3]], parameterCount: 3 },
      ],
    },
    optimizer: { name: o.optimizer ?? 'sgd', config: {} },
    dataset: { name: 'synthetic:blobs', trainSamples: 512, valSamples: 128 },
    backend: { name: 'cpu', versions: { 'tfjs-core': '4.22.0' } },
    ...(o.sweep ? { sweep: o.sweep } : {}),
    now: () => (clock += 5),
    signal: controller.signal,
    trainStep: (lr) => fixtureLoss(lr, o.bestLr, o.base),
    onStep: ({ record }) => {
      if (o.runningAfter !== undefined && record.points.length >= o.runningAfter && !snapshot) {
        snapshot = record;
        controller.abort();
      }
      if (o.interruptedAfter !== undefined && record.points.length >= o.interruptedAfter) controller.abort();
    },
  });
  return snapshot ?? run;
}
