// What a chart says in words when its curve cannot tell the story: no points, one point,
// nothing finite, or a loss that became NaN (or infinite) from some step on.
import type { RunRecord } from '@lrfinder/core';
import { formatLr } from './format';

export type CurveNoteKind = 'empty' | 'single' | 'all-nan' | 'nan-from';

export interface CurveNote {
  kind: CurveNoteKind;
  runId: string;
  /** The step and lr where the loss stopped being finite (`nan-from`, `single`). */
  step?: number;
  lr?: number;
  text: string;
}

function finite(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * The notes of one run's loss curve, or none when it is an ordinary curve.
 * @example curveNotes(run) // [{ kind: 'nan-from', step: 212, lr: 0.41, text: 'diverged to NaN at lr 4.1e-1 (step 212)' }]
 */
export function curveNotes(run: RunRecord, name = ''): CurveNote[] {
  const who = name ? `${name}: ` : '';
  const points = run.points ?? [];
  const base = { runId: run.id };
  if (points.length === 0) {
    return [{ ...base, kind: 'empty', text: `${who}no points yet${run.status === 'running' ? ' (the test has not finished its first step)' : ''}` }];
  }
  const firstBad = points.findIndex((p) => !finite(p.loss));
  if (firstBad === 0 && points.every((p) => !finite(p.loss))) {
    return [{ ...base, kind: 'all-nan', step: points[0].step, lr: points[0].lr, text: `${who}every loss is NaN or infinite: nothing to draw (from the first step, lr ${formatLr(points[0].lr)})` }];
  }
  const notes: CurveNote[] = [];
  if (points.length === 1) {
    notes.push({ ...base, kind: 'single', step: points[0].step, lr: points[0].lr, text: `${who}one point only (step ${points[0].step}, lr ${formatLr(points[0].lr)}): a curve needs two` });
  }
  if (firstBad > 0) {
    const p = points[firstBad];
    const what = p.loss === null || Number.isNaN(p.loss) ? 'NaN' : 'infinity';
    notes.push({ ...base, kind: 'nan-from', step: p.step, lr: p.lr, text: `${who}diverged to ${what} at lr ${formatLr(p.lr)} (step ${p.step})` });
  }
  return notes;
}
