// What the runs list shows of one run: small, serializable, computed from a validated record.
import type { RunRecord, RunStatus, SuggestionMethod } from '@lrfinder/core';
import { refToPath, type RunRef } from './safe-path';
import { isStalled, runAgeMs } from '../lib/stale';

export interface RunSummary {
  /** `id` or `sweepId/id`: the run's path in URLs. */
  path: string;
  sweepId: string | null;
  id: string;
  label: string;
  status: RunStatus;
  /** A `running` run whose file has not changed for 45 s (its process is gone). */
  stalled: boolean;
  stopReason: RunRecord['stopReason'];
  model: string | null;
  optimizer: string | null;
  dataset: string | null;
  batchSize: number | null;
  backend: string | null;
  recommendedLr: number | null;
  recommendedMethod: SuggestionMethod;
  durationMs: number;
  steps: number;
  numIter: number;
  startLr: number;
  endLr: number;
  /** Lowest finite smoothed loss (null when there is none). */
  lowestLoss: number | null;
  sweepIndex: number | null;
  sweepCount: number | null;
  createdAt: string;
  updatedAt: string;
}

function lowestLoss(run: RunRecord): number | null {
  let low: number | null = null;
  for (const p of run.points) {
    const v = p.smoothedLoss;
    if (typeof v === 'number' && Number.isFinite(v) && (low === null || v < low)) low = v;
  }
  return low;
}

/** The list's facts of one run; `mtimeMs` (the file's) and `now` decide whether it stalled. */
export function summarizeRun(ref: RunRef, run: RunRecord, mtimeMs: number | null = null, now: number = Date.now()): RunSummary {
  const method = run.suggestions.recommended;
  return {
    path: refToPath(ref),
    sweepId: ref.sweepId,
    id: run.id,
    label: run.label,
    status: run.status,
    stalled: isStalled(run.status, runAgeMs(run.updatedAt, mtimeMs, now)),
    stopReason: run.stopReason,
    model: run.model?.name ?? null,
    optimizer: run.optimizer?.name ?? null,
    dataset: run.dataset?.name ?? null,
    batchSize: run.config.batchSize,
    backend: run.backend?.name ?? null,
    recommendedLr: run.suggestions[method].lr,
    recommendedMethod: method,
    durationMs: run.timing.totalMs,
    steps: run.points.length,
    numIter: run.config.numIter,
    startLr: run.config.startLr,
    endLr: run.config.endLr,
    lowestLoss: lowestLoss(run),
    sweepIndex: run.sweep?.index ?? null,
    sweepCount: run.sweep?.count ?? null,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
  };
}
