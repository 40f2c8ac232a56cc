// Defaults the command line shows in --help, importable without loading the command modules.
export { DEFAULT_TEST_OPTIONS } from './run/test-options';

/** The reference experiment compares SGD with Adam. */
export const DEFAULT_RUN_OPTIMIZERS = 'sgd,adam';

export const EXPORT_FORMATS = ['csv', 'svg'] as const;
