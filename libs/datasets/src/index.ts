// @lrfinder/datasets: batches for the range test from IDX, NPY and synthetic data.
// Browser-safe (no Node built-ins); file readers, MNIST, CSV and `openDataSource` are in
// `@lrfinder/datasets/node`, test fixtures in `@lrfinder/datasets/testing`.
export type { Batch, BatchOptions, BatchSource, SourceInfo } from './types';
export { DatasetError, type DatasetErrorDetails } from './errors';
export { mulberry32, normalFrom, shuffleInPlace, deriveSeed } from './random';
export { arraySource, type ArrayData, type ArraySource, type ArraySourceOptions } from './array-source';
export { indexBatches, resolveBatchOptions, type ResolvedBatchOptions } from './batch-loop';
export { gunzip, isGzip, maybeGunzip } from './gzip';
export { parseIdx, encodeIdx, type IdxArray, type IdxDtype, type ParseIdxOptions } from './idx';
export { idxSource, type IdxPair, type IdxSourceOptions } from './idx-source';
export { parseNpy, encodeNpy, type NpyArray, type NpyDtype } from './npy';
export { npySource, type NpySourceOptions } from './npy-source';
export {
  syntheticSource, SYNTHETIC_NAMES, type SyntheticName, type SyntheticOptions, type SyntheticSource,
} from './synthetic/source';
export { regressionProblem, type RegressionOptions, type RegressionProblem } from './synthetic/regression';
export { blobs, spirals, type BlobsOptions, type SpiralsOptions, type ClassificationData } from './synthetic/classification';
