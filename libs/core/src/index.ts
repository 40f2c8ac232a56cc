// The public surface of @lrfinder/core.
export { rangeTest } from './range-test';
export type { RangeTestOptions, RangeTestSettings, StepEvent } from './range-test-options';
export { lrSchedule, SCHEDULES, type LrScheduleOptions, type ScheduleName } from './schedule';
export { smoothLosses, lossDeltas, LossSmoother } from './smoothing';
export { divergenceLimit } from './divergence';
export {
  suggest, finitePrefix, steepest, minimum, valley, slide, smaDelta, unitGradient, RECOMMENDED_METHOD, checkSuggestOptions,
  type SuggestOptions, type MinimumOptions, type SlideOptions, type SmaDeltaOptions,
} from './suggest';
export { RangeTestError, LRFinderError } from './errors';
export {
  createOptimizer, optimizerSpecOf, optimizerFactoryOf, OPTIMIZER_NAMES,
  type OptimizerName, type OptimizerSpec, type OptimizerConfigs, type ScheduledOptimizer,
} from './optimizers';
export { registerFusedAdam, unregisterFusedAdam, fusedAdamFor, type FusedAdam, type AdamStep } from './fused-updates';
export { describeModel } from './model-info';
export {
  LRFinder,
  type LRFinderOptions, type TestOptions, type FindOptions, type FindBatchesOptions, type CompareTest, type CompareData,
} from './finder/lr-finder';
export type { Inputs, Targets, Batch } from './finder/data';
export type { BatchesInput } from './finder/batch-stream';
export { LOSSES, type LossFn, type LossSpec } from './finder/loss';
export {
  RUN_FORMAT, RUN_STATUSES, STOP_REASONS, SUGGESTION_METHODS, STOP_REASONS_OF, RUN_FILE_LIMITS,
} from './run-format';
export {
  runRecordSchema, pointSchema, suggestionSchema, configSchema, modelInfoSchema, optimizerInfoSchema,
  datasetInfoSchema, backendInfoSchema, layerSummarySchema,
  type RunRecord, type RunPoint, type RunConfig, type Suggestion, type Suggestions, type ModelInfo,
  type OptimizerInfo, type DatasetInfo, type BackendInfo, type RunStatus, type StopReason,
  type SuggestionMethod, type LayerSummary,
} from './run-record';
export { safeParseRun, parseRun, serializeRun, RunFormatError, type ParseRunResult } from './run-file';
export { foldJournal, journalPath, journalLine } from './run-journal';
export {
  aggregateRuns, STABLE_RULES, BAND_RULE, WIDE_SPREAD, bandCurve, methodSpread, spreadVerdict, suggestionSpreads,
  medianInterval, quantileSorted, logMedian, checkSameConfiguration, GroupError,
  GROUP_FORMAT, groupFileName, groupRecordSchema, aggregateSchema, safeParseGroup, parseGroup, serializeGroup,
  GroupFormatError, groupRecord, repeatSeeds, rangeTestRepeats, findRepeats,
  type AggregateOptions, type RunAggregate, type StableSuggestion, type StableRule, type ExcludedRun, type GroupConfig, type BandPoint,
  type MethodSpread, type MedianInterval, type GroupRecord, type GroupRun, type ParseGroupResult,
  type GroupRecordOptions, type RangeTestRepeatsOptions, type RepeatsResult, type FindRepeatsOptions,
} from './aggregate';
