export {
  aggregateRuns, STABLE_RULES,
  type AggregateOptions, type RunAggregate, type StableSuggestion, type StableRule, type ExcludedRun, type GroupConfig,
} from './aggregate';
export { BAND_RULE, bandCurve, type BandPoint } from './band';
export { methodSpread, spreadVerdict, suggestionSpreads, WIDE_SPREAD, type MethodSpread } from './spread';
export { medianInterval, quantileSorted, logMedian, type MedianInterval } from './quantiles';
export { checkSameConfiguration, GroupError } from './same-config';
export { GROUP_FORMAT, groupFileName, groupRecordSchema, aggregateSchema, type GroupRecord, type GroupRun } from './group-record';
export { safeParseGroup, parseGroup, serializeGroup, GroupFormatError, type ParseGroupResult } from './group-file';
export { groupRecord, type GroupRecordOptions } from './group';
export { repeatSeeds, rangeTestRepeats, type RangeTestRepeatsOptions, type RepeatsResult } from './repeats';
export { findRepeats, type FindRepeatsOptions } from './finder-repeats';
