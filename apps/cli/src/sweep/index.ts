// Sweeps and sharding for the lrfinder CLI: the yargs-free handlers and the pieces they use.
export { sweepCommand, toTestOptions, EXIT, type SweepArgs, type SweepDeps } from './sweep-command';
export { sweepStatusCommand, sweepStatus, type SweepStatusArgs, type SweepStatusDeps, type SweepStatusReport, type ShardSummary } from './status-command';
export { parseSweepFile, safeParseSweepFile, SweepFileError, sweepFileSchema, type SweepFile, type SweepTestEntry } from './sweep-file';
export { expandSweep, slugify, sweepIdFromFile, DEFAULT_SWEEP_SEED, type ExpandedSweep, type ExpandedTest, type ExpandedOptions } from './expand';
export { deriveSeed } from './seed';
export { parseShard, resolveShard, testsForShard, inShard, ShardError, WHOLE_SWEEP, type Shard } from './shard';
export { readSweepIndex, SweepFolderError, SWEEP_INDEX_FORMAT, INDEX_FILE, type SweepIndex } from './sweep-index';
export { folderStatus, TEST_STATES, DEFAULT_STALE_AFTER_MS, type TestState, type TestStatus } from './sweep-status';
export { OPTION_NAMES, type OptionName, type SweepOptions } from './option-schemas';
