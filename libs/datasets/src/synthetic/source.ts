// syntheticSource: the seeded sets as BatchSources. The validation set is generated apart from
// the training set (another seed stream), so the regression curvature is exact on `train`.
import { arraySource, type ArraySource } from '../array-source';
import { DatasetError } from '../errors';
import { deriveSeed } from '../random';
import { blobs, spirals, type BlobsOptions, type SpiralsOptions } from './classification';
import { regressionProblem, type RegressionOptions, type RegressionProblem } from './regression';

/** Names of the synthetic sets. */
export const SYNTHETIC_NAMES = ['regression', 'blobs', 'spirals'] as const;
export type SyntheticName = (typeof SYNTHETIC_NAMES)[number];

/** Options shared by every synthetic set. */
export interface SyntheticCommonOptions {
  /** Samples of the validation set (generated apart from train). @default 0 */
  valSamples?: number;
}

export type SyntheticOptions<N extends SyntheticName> = SyntheticCommonOptions &
  (N extends 'regression' ? RegressionOptions : N extends 'blobs' ? BlobsOptions : SpiralsOptions);

/** A synthetic source; for `regression` also the problem with its exact curvature. */
export interface SyntheticSource extends ArraySource {
  /** The training problem (regression only): `lambdaMax`, `lambdaMaxWithBias`, `weights`. */
  readonly problem?: RegressionProblem;
}

/**
 * A seeded synthetic data set.
 * @example
 * const source = syntheticSource('regression', { samples: 512, lambdaMax: 10 });
 * source.problem!.lambdaMax; // 10: plain SGD on full batches diverges above lr = 2 / 10
 */
export function syntheticSource<N extends SyntheticName>(name: N, options: SyntheticOptions<N> = {} as SyntheticOptions<N>): SyntheticSource {
  const { valSamples = 0, ...rest } = options as SyntheticCommonOptions & { seed?: number };
  const seed = rest.seed ?? 0;
  if (!(Number.isInteger(valSamples) && valSamples >= 0)) {
    throw new DatasetError('bad valSamples', { file: `synthetic:${name}`, expected: 'an integer >= 0', found: String(valSamples) });
  }
  const valSeed = deriveSeed(seed, 99);
  if (name === 'regression') {
    const o = rest as RegressionOptions;
    const problem = regressionProblem(o);
    const val = valSamples > 0 ? regressionProblem({ ...o, samples: valSamples, seed: valSeed, weights: problem.weights }) : undefined;
    const source = arraySource({ name: 'synthetic:regression', inputShape: [problem.d], task: 'regression', train: problem, val });
    return Object.assign(source, { problem });
  }
  if (name !== 'blobs' && name !== 'spirals') {
    throw new DatasetError('unknown synthetic set', { file: `synthetic:${String(name)}`, expected: SYNTHETIC_NAMES.join(', '), found: String(name) });
  }
  const train = name === 'blobs' ? blobs({ ...(rest as BlobsOptions), seed }) : spirals({ ...(rest as SpiralsOptions), seed });
  let val: { x: Float32Array; y: Uint8Array } | undefined;
  if (valSamples > 0 && name === 'blobs') {
    // The same centres: draw train + val samples from the training seed and keep the tail.
    const n = train.y.length;
    const all = blobs({ ...(rest as BlobsOptions), seed, samples: n + valSamples });
    val = { x: all.x.slice(n * train.features), y: all.y.slice(n) };
  } else if (valSamples > 0) {
    val = spirals({ ...(rest as SpiralsOptions), seed: valSeed, samples: valSamples });
  }
  return arraySource({
    name: `synthetic:${name}`, inputShape: [train.features], task: 'classification', numClasses: train.numClasses,
    train, val,
  });
}
