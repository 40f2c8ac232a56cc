// The run file, format `lrfinder.run/v1`: the one contract between the CLI, the dashboard and
// other readers (DESIGN.md). The schema is strict: a reader names the first field that is wrong
// and refuses other format versions instead of half-reading them. It is written with zod's
// tree-shakable `zod/mini`, so a browser bundle pays for the checks it uses and no more. The
// relations between fields (increasing learning rates, status and stop reason, ...) are
// checked after the shapes, in run-semantics.ts.
import * as z from 'zod/mini';
import { RUN_FORMAT, RUN_STATUSES, STOP_REASONS, SUGGESTION_METHODS } from './run-format';

export {
  RUN_FORMAT, RUN_STATUSES, STOP_REASONS, SUGGESTION_METHODS, RUN_FILE_LIMITS,
  type RunStatus, type StopReason, type SuggestionMethod,
} from './run-format';

// Messages as the zod classic schema of earlier versions wrote them (readers show them).
const isFinite = () => z.refine(Number.isFinite, 'must be a finite number');
const finite = z.number().check(isFinite());
const positive = z.number().check(isFinite(), z.refine((v) => v > 0, 'must be > 0'));
const nonNegative = z.number().check(isFinite(), z.refine((v) => v >= 0, 'must be >= 0'));
const int = () => z.number().check(z.int());
const count = int().check(z.nonnegative());
const positiveInt = int().check(z.positive());
/** Losses may be non-finite; JSON has no NaN or Infinity, so they are stored as null. */
const lossValue = z.nullable(finite);
/** Any JSON value; its depth and size are checked in run-semantics.ts. */
const jsonObject = z.record(z.string(), z.unknown());

export const pointSchema = z.strictObject({
  step: count,
  lr: positive,
  loss: lossValue,
  smoothedLoss: lossValue,
  valLoss: z.optional(lossValue),
});

export const suggestionSchema = z.union([
  z.strictObject({
    lr: positive,
    index: count,
    /** Set (true) when the suggested lr is below the test's startLr (fastai's `minimum` can be). */
    belowStartLr: z.optional(z.boolean()),
  }),
  z.strictObject({ lr: z.null(), index: z.null(), reason: z.string().check(z.minLength(1)) }),
]);

export const configSchema = z.strictObject({
  startLr: positive,
  endLr: positive,
  numIter: int().check(z.gte(2)),
  schedule: z.enum(['exponential', 'linear']),
  /** Samples per step; null when the caller's loop (rangeTest) does its own batching. */
  batchSize: z.nullable(positiveInt),
  /** EMA beta of the smoothed loss, in [0, 1). */
  smoothing: z.number().check(z.refine((v) => v >= 0 && v < 1, 'must be in [0, 1)')),
  /** Divergence factor (see divergenceLimit); null when disabled (Infinity). */
  divergeThreshold: z.nullable(z.number().check(isFinite(), z.refine((v) => v > 1, 'must be > 1'))),
  seed: z.nullable(int()),
  /** Validation loss every k steps, null when not validated. */
  validateEvery: z.optional(z.nullable(positiveInt)),
  /** Batches whose gradients are averaged into each step (gradient accumulation); absent means 1. */
  accumulationSteps: z.optional(positiveInt),
});

export const layerSummarySchema = z.strictObject({
  name: z.string(),
  className: z.string(),
  outputShape: z.array(z.array(z.nullable(int()))),
  parameterCount: count,
});

export const modelInfoSchema = z.strictObject({
  name: z.string(),
  parameterCount: count,
  layers: z.array(layerSummarySchema),
});

export const optimizerInfoSchema = z.strictObject({
  name: z.string(),
  config: jsonObject,
});

export const datasetInfoSchema = z.strictObject({
  name: z.string(),
  trainSamples: count,
  valSamples: z.optional(count),
  inputShape: z.optional(z.array(z.nullable(int()))),
  numClasses: z.optional(count),
  /** Whether the source read its targets as classes or as regression targets. */
  task: z.optional(z.enum(['classification', 'regression'])),
  /** Why the source decided `task` (e.g. "labels are integers >= 0" or "--task given"). */
  taskReason: z.optional(z.string()),
});

export const backendInfoSchema = z.strictObject({
  name: z.string(),
  versions: z.record(z.string(), z.string()),
  threads: z.optional(z.nullable(positiveInt)),
  simd: z.optional(z.nullable(z.boolean())),
  device: z.optional(z.nullable(z.string())),
});

export const runRecordSchema = z.strictObject({
  format: z.literal(RUN_FORMAT),
  id: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be 1-128 of A-Z a-z 0-9 . _ - (no path separators)')),
  label: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  status: z.enum(RUN_STATUSES),
  stopReason: z.nullable(z.enum(STOP_REASONS)),
  error: z.optional(z.strictObject({ message: z.string(), stack: z.optional(z.string()) })),
  config: configSchema,
  model: z.nullable(modelInfoSchema),
  optimizer: z.nullable(optimizerInfoSchema),
  dataset: z.nullable(datasetInfoSchema),
  backend: z.nullable(backendInfoSchema),
  points: z.array(pointSchema),
  suggestions: z.strictObject({
    steepest: suggestionSchema,
    minimum: suggestionSchema,
    valley: suggestionSchema,
    slide: suggestionSchema,
    smaDelta: suggestionSchema,
    recommended: z.enum(SUGGESTION_METHODS),
  }),
  timing: z.strictObject({ totalMs: nonNegative, msPerStep: z.nullable(nonNegative) }),
  sweep: z.optional(z.nullable(z.strictObject({ id: z.string().check(z.minLength(1)), index: count, count: positiveInt }))),
  /** Free-form facts a producer wants to keep (command line, host...): JSON values only. */
  meta: z.optional(jsonObject),
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
