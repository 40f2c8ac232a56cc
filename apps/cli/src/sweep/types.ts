// The shapes this module shares with the CLI's runTest (apps/cli/src/run/run-test.ts): one
// definition, re-exported here so the sweep files import from one place.
import type { RunRecord } from '@lrfinder/core';
import type { RunTestContext, TestOptions } from '../run/run-test';

export type { BackendName, TestOptions } from '../run/test-options';
export { DEFAULT_TEST_OPTIONS, checkTestOptions } from '../run/test-options';
export type { RunTestContext, ProgressSink } from '../run/run-test';
export type { TextSink } from '../io';
export { CliInputError, EXIT } from '../io';

export type RunTestFn = (options: TestOptions, context: RunTestContext) => Promise<RunRecord>;
