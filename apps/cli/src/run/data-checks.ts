// Does a test's data hold what its options ask of it? Checked once the data is open and before
// any model is built: no samples, a split that leaves one side empty, a batch larger than the
// data, steps from --epochs past the limit, or more classes than an output layer can take.
import type { SourceInfo } from '@lrfinder/datasets/node';
import { CliInputError } from '../io';
import { LIMITS } from './limits';
import type { TestOptions } from './test-options';

type Sizes = Pick<SourceInfo, 'name' | 'trainSamples' | 'valSamples' | 'numClasses'>;

/** Steps of a test: --num-iter, or --epochs x batches per epoch (at least 2). */
export function stepsOf(o: Pick<TestOptions, 'numIter' | 'epochs' | 'batchSize'>, trainSamples: number): number {
  if (o.numIter !== undefined) return o.numIter;
  if (o.epochs !== undefined) return Math.max(2, o.epochs * Math.ceil(trainSamples / Math.max(1, o.batchSize)));
  return 100;
}

/** Throws CliInputError (exit 2) naming the flag and the data's size when they do not fit. */
export function checkAgainstData(o: Pick<TestOptions, 'numIter' | 'epochs' | 'batchSize' | 'valSplit'>, info: Sizes): void {
  const total = info.trainSamples + info.valSamples;
  if (total === 0) throw new CliInputError(`--data ${info.name} has no samples (0 rows); a range test needs data to train on`, 'data');
  if (info.trainSamples === 0) {
    throw new CliInputError(`--val-split ${o.valSplit} leaves no training samples: ${info.name} has ${total} samples and all ${info.valSamples} are held out (give a smaller --val-split or more data)`, 'valSplit');
  }
  if (o.valSplit > 0 && info.valSamples === 0) {
    throw new CliInputError(`--val-split ${o.valSplit} holds out no sample: ${info.name} has ${total} samples (give a larger --val-split, or 0 for no validation loss)`, 'valSplit');
  }
  if (o.batchSize > info.trainSamples) {
    throw new CliInputError(`--batch-size ${o.batchSize} is larger than the data: ${info.name} has ${info.trainSamples} training samples (give --batch-size ${info.trainSamples} or less)`, 'batchSize');
  }
  if (info.numClasses !== null && info.numClasses > LIMITS.classes) {
    throw new CliInputError(`--data ${info.name} has ${info.numClasses} classes (labels up to ${info.numClasses - 1}); at most ${LIMITS.classes} (are the labels class indexes?)`, 'data');
  }
  if (o.epochs !== undefined) {
    const steps = stepsOf(o, info.trainSamples);
    if (steps > LIMITS.numIter) {
      throw new CliInputError(`--epochs ${o.epochs} is ${steps} steps at batch ${o.batchSize} on ${info.trainSamples} samples; at most ${LIMITS.numIter} steps (give fewer --epochs or a larger --batch-size)`, 'epochs');
    }
  }
}
