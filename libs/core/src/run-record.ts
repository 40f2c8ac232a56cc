// The run file, format `lrfinder.run/v1`: the one contract between the CLI, the dashboard and
// other readers (DESIGN.md). The schema is strict: a reader names the first field that is wrong
// and refuses other format versions instead of half-reading them.
import { z } from 'zod';

export const RUN_FORMAT = 'lrfinder.run/v1';

export const RUN_STATUSES = ['running', 'completed', 'diverged', 'interrupted', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * Why a test stopped: `finished` (all `numIter` steps ran), `diverged` (the smoothed loss passed
 * `divergeThreshold` x its best), `nan` (a non-finite loss), `aborted` (the AbortSignal fired),
 * `error` (the training step threw). `null` while the test is still running.
 */
export const STOP_REASONS = ['finished', 'diverged', 'nan', 'aborted', 'error'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

export const SUGGESTION_METHODS = ['steepest', 'minimum', 'valley', 'slide', 'smaDelta'] as const;
export type SuggestionMethod = (typeof SUGGESTION_METHODS)[number];

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const positive = finite.refine((v) => v > 0, 'must be > 0');
const count = z.number().int().nonnegative();
/** Losses may be non-finite; JSON has no NaN or Infinity, so they are stored as null. */
const lossValue = finite.nullable();

export const pointSchema = z.strictObject({
  step: count,
  lr: positive,
  loss: lossValue,
  smoothedLoss: lossValue,
  valLoss: lossValue.optional(),
});

export const suggestionSchema = z.union([
  z.strictObject({ lr: positive, index: count }),
  z.strictObject({ lr: z.null(), index: z.null(), reason: z.string().min(1) }),
]);

export const configSchema = z.strictObject({
  startLr: positive,
  endLr: positive,
  numIter: z.number().int().min(2),
  schedule: z.enum(['exponential', 'linear']),
  /** Samples per step; null when the caller's loop (rangeTest) does its own batching. */
  batchSize: z.number().int().positive().nullable(),
  /** EMA beta of the smoothed loss, in [0, 1). */
  smoothing: finite.refine((v) => v >= 0 && v < 1, 'must be in [0, 1)'),
  /** Divergence factor over the best smoothed loss; null when disabled (Infinity). */
  divergeThreshold: finite.refine((v) => v > 1, 'must be > 1').nullable(),
  seed: z.number().int().nullable(),
  /** Validation loss every k steps, null when not validated. */
  validateEvery: z.number().int().positive().nullable().optional(),
  /** Batches whose gradients are averaged into each step (gradient accumulation); absent means 1. */
  accumulationSteps: z.number().int().positive().optional(),
});

export const layerSummarySchema = z.strictObject({
  name: z.string(),
  className: z.string(),
  outputShape: z.array(z.array(z.number().int().nullable())),
  parameterCount: count,
});

export const modelInfoSchema = z.strictObject({
  name: z.string(),
  parameterCount: count,
  layers: z.array(layerSummarySchema),
});

export const optimizerInfoSchema = z.strictObject({
  name: z.string(),
  config: z.record(z.string(), z.unknown()),
});

export const datasetInfoSchema = z.strictObject({
  name: z.string(),
  trainSamples: count,
  valSamples: count.optional(),
  inputShape: z.array(z.number().int().nullable()).optional(),
  numClasses: count.optional(),
});

export const backendInfoSchema = z.strictObject({
  name: z.string(),
  versions: z.record(z.string(), z.string()),
  threads: z.number().int().positive().nullable().optional(),
  simd: z.boolean().nullable().optional(),
  device: z.string().nullable().optional(),
});

export const runRecordSchema = z.strictObject({
  format: z.literal(RUN_FORMAT),
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be 1-128 of A-Z a-z 0-9 . _ - (no path separators)'),
  label: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  status: z.enum(RUN_STATUSES),
  stopReason: z.enum(STOP_REASONS).nullable(),
  error: z.strictObject({ message: z.string(), stack: z.string().optional() }).optional(),
  config: configSchema,
  model: modelInfoSchema.nullable(),
  optimizer: optimizerInfoSchema.nullable(),
  dataset: datasetInfoSchema.nullable(),
  backend: backendInfoSchema.nullable(),
  points: z.array(pointSchema),
  suggestions: z.strictObject({
    steepest: suggestionSchema,
    minimum: suggestionSchema,
    valley: suggestionSchema,
    slide: suggestionSchema,
    smaDelta: suggestionSchema,
    recommended: z.enum(SUGGESTION_METHODS),
  }),
  timing: z.strictObject({ totalMs: finite.refine((v) => v >= 0, 'must be >= 0'), msPerStep: finite.nullable() }),
  sweep: z.strictObject({ id: z.string().min(1), index: count, count: z.number().int().positive() }).nullable().optional(),
  /** Free-form facts a producer wants to keep (command line, host...). */
  meta: z.record(z.string(), z.unknown()).optional(),
});

export type RunRecord = z.infer<typeof runRecordSchema>;
export type RunPoint = z.infer<typeof pointSchema>;
export type RunConfig = z.infer<typeof configSchema>;
export type Suggestion = z.infer<typeof suggestionSchema>;
export type Suggestions = RunRecord['suggestions'];
export type ModelInfo = z.infer<typeof modelInfoSchema>;
export type OptimizerInfo = z.infer<typeof optimizerInfoSchema>;
export type DatasetInfo = z.infer<typeof datasetInfoSchema>;
export type BackendInfo = z.infer<typeof backendInfoSchema>;
export type LayerSummary = z.infer<typeof layerSummarySchema>;
