// Fixtures for other packages' tests: small seeded sources with known answers.
import { syntheticSource, type SyntheticSource } from './synthetic/source';
import type { RegressionOptions } from './synthetic/regression';

export { regressionProblem, type RegressionProblem, type RegressionOptions } from './synthetic/regression';
export { blobs, spirals } from './synthetic/classification';
export { syntheticSource, type SyntheticSource } from './synthetic/source';
export { encodeIdx } from './idx';
export { encodeNpy } from './npy';

/**
 * The least-squares source of the core tests: 3 features, lambda_max of the MSE Hessian
 * exactly `lambdaMax` (default 18), so full-batch SGD diverges above lr = 2 / lambdaMax.
 * @example
 * const source = leastSquaresSource({ lambdaMax: 10 });
 * const limit = 2 / source.problem.lambdaMax; // 0.2
 */
export function leastSquaresSource(options: RegressionOptions & { valSamples?: number } = {}): SyntheticSource & { problem: NonNullable<SyntheticSource['problem']> } {
  return syntheticSource('regression', options) as SyntheticSource & { problem: NonNullable<SyntheticSource['problem']> };
}

/** A small 3-class blobs source (300 samples, 2 features) for quick classification tests. */
export function tinyBlobsSource(seed = 0): SyntheticSource {
  return syntheticSource('blobs', { samples: 300, classes: 3, seed });
}
