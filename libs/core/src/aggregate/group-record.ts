// The group file, format `lrfinder.group/v1`: K repeats of one range test, each still its own
// `lrfinder.run/v1` file, linked by id and file name, with their aggregate. Written as
// `<id>.group.json` next to the run files; a reader of run files refuses it (another format).
import * as z from 'zod/mini';
import { RUN_STATUSES, SUGGESTION_METHODS } from '../run-record';
import { STABLE_RULES } from './aggregate';

export const GROUP_FORMAT = 'lrfinder.group/v1';

/** File name of a group next to its run files (run files are `<id>.json`). */
export const groupFileName = (id: string): string => `${id}.group.json`;

const finite = z.number().check(z.refine(Number.isFinite, 'must be a finite number'));
const positive = finite.check(z.refine((v) => v > 0, 'must be > 0'));
const nonNegative = finite.check(z.refine((v) => v >= 0, 'must be >= 0'));
const count = z.int().check(z.nonnegative());
const probability = finite.check(z.refine((v) => v >= 0 && v <= 1, 'must be in [0, 1]'));
const runId = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be 1-128 of A-Z a-z 0-9 . _ - (no path separators)'));
const lr = z.nullable(positive);

const bandPointSchema = z.strictObject({
  step: count,
  lr: positive,
  count: z.int().check(z.positive()),
  median: finite,
  low: finite,
  high: finite,
  medianLoss: z.nullable(finite),
});

const methodSpreadSchema = z.strictObject({
  values: z.array(lr),
  count,
  median: lr,
  min: lr,
  max: lr,
  ratio: z.nullable(finite.check(z.refine((v) => v >= 1, 'must be >= 1'))),
  iqrLog10: z.nullable(nonNegative),
  wide: z.boolean(),
});

const suggestionSchema = z.union([
  z.strictObject({ lr: positive, index: count }),
  z.strictObject({ lr: z.null(), index: z.null(), reason: z.string().check(z.minLength(1)) }),
]);

const bySuggestionMethod = <T extends z.ZodMiniType>(schema: T) =>
  z.strictObject(Object.fromEntries(SUGGESTION_METHODS.map((m) => [m, schema])) as Record<(typeof SUGGESTION_METHODS)[number], T>);

export const aggregateSchema = z.strictObject({
  repeats: count,
  runIds: z.array(runId),
  seeds: z.array(z.nullable(z.int())),
  excluded: z.array(z.strictObject({ id: runId, status: z.enum(RUN_STATUSES), reason: z.string() })),
  config: z.strictObject({
    startLr: positive,
    endLr: positive,
    numIter: z.int().check(z.minimum(2)),
    schedule: z.enum(['exponential', 'linear']),
    batchSize: z.nullable(z.int().check(z.positive())),
    smoothing: finite.check(z.refine((v) => v >= 0 && v < 1, 'must be in [0, 1)')),
    divergeThreshold: z.nullable(finite.check(z.refine((v) => v > 1, 'must be > 1'))),
    validateEvery: z.optional(z.nullable(z.int().check(z.positive()))),
    accumulationSteps: z.optional(z.int().check(z.positive())),
  }),
  bandRule: z.strictObject({ lower: z.literal(0.1), upper: z.literal(0.9), minCountForPercentiles: z.literal(5) }),
  curve: z.array(bandPointSchema),
  suggestions: bySuggestionMethod(methodSpreadSchema),
  medianCurve: z.strictObject({
    ...Object.fromEntries(SUGGESTION_METHODS.map((m) => [m, suggestionSchema])) as Record<(typeof SUGGESTION_METHODS)[number], typeof suggestionSchema>,
    recommended: z.enum(SUGGESTION_METHODS),
  }),
  stable: z.strictObject({
    method: z.enum(SUGGESTION_METHODS),
    rule: z.enum(STABLE_RULES),
    lr,
    interval: z.nullable(z.strictObject({ low: positive, high: positive, coverage: probability })),
    reason: z.optional(z.string()),
  }),
  verdict: z.string(),
});

export const groupRecordSchema = z.strictObject({
  format: z.literal(GROUP_FORMAT),
  id: runId,
  label: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** The seed the repeats' seeds were derived from (`repeatSeeds`); null when the producer chose them otherwise. */
  baseSeed: z.nullable(z.int()),
  /** Every repeat, aggregated or not: its run id, its run file (relative to the group file's folder), seed and status. */
  runs: z.array(z.strictObject({ id: runId, file: z.string().check(z.minLength(1)), seed: z.nullable(z.int()), status: z.enum(RUN_STATUSES) })).check(z.minLength(1)),
  aggregate: aggregateSchema,
  /** Sweep position when the group is one configuration of a sweep. */
  sweep: z.optional(z.nullable(z.strictObject({ id: z.string().check(z.minLength(1)), index: count, count: z.int().check(z.positive()) }))),
  /** Free-form facts a producer wants to keep (command line, host...). */
  meta: z.optional(z.record(z.string(), z.unknown())),
});

export type GroupRecord = z.infer<typeof groupRecordSchema>;
export type GroupRun = GroupRecord['runs'][number];
