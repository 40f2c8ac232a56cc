// A run's points as CSV: one row per step, empty cells for non-finite losses.
import type { RunRecord } from '@lrfinder/core';

const cell = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

export function runToCsv(run: RunRecord): string {
  const rows = ['step,lr,loss,smoothedLoss,valLoss'];
  for (const p of run.points) rows.push([p.step, p.lr, cell(p.loss), cell(p.smoothedLoss), cell(p.valLoss)].join(','));
  return rows.join('\n') + '\n';
}
