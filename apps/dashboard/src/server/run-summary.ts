// What the runs list shows of one run: small, serializable, computed from a validated record.
import type { RunRecord, RunStatus, SuggestionMethod } from '@lrfinder/core';
import { refToPath, type RunRef } from './safe-path';

export interface RunSummary {
  /** `id` or `sweepId/id`: the run's path in URLs. */
  path: string;
  sweepId: string | null;
  id: string;
  label: string;
  status: RunStatus;
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
  sweepIndex: number | null;
  sweepCount: number | null;
  createdAt: string;
  updatedAt: string;
}

export function summarizeRun(ref: RunRef, run: RunRecord): RunSummary {
  const method = run.suggestions.recommended;
  return {
    path: refToPath(ref),
    sweepId: ref.sweepId,
    id: run.id,
    label: run.label,
    status: run.status,
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
    sweepIndex: run.sweep?.index ?? null,
    sweepCount: run.sweep?.count ?? null,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
  };
}
