// A run's points as CSV (one row per step), with the tutorial's loss delta (sma 20).
import { lossDeltas, type RunRecord } from '@lrfinder/core';

const cell = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

/** `step,lr,loss,smoothed_loss,val_loss,loss_delta` rows; missing values are empty cells. */
export function runToCsv(run: RunRecord, options: { sma?: number } = {}): string {
  const sma = options.sma ?? 20;
  const deltas = lossDeltas(run.points.map((p) => (p.loss === null ? NaN : p.loss)), sma);
  const rows = ['step,lr,loss,smoothed_loss,val_loss,loss_delta'];
  run.points.forEach((p, i) => {
    rows.push([p.step, p.lr, cell(p.loss), cell(p.smoothedLoss), cell(p.valLoss), cell(deltas[i] !== null && Number.isFinite(deltas[i]) ? deltas[i] : null)].join(','));
  });
  return rows.join('\n') + '\n';
}
