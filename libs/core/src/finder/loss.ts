// The training loss of a model: the compiled loss functions, or one given to the finder.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { LRFinderError } from '../errors';

/** A per-sample (or already reduced) loss; the finder takes its mean. */
export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

function sparseCategoricalCrossentropy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const classes = yPred.shape[yPred.shape.length - 1] as number;
    const labels = tf.cast(tf.reshape(yTrue, [-1]), 'int32');
    const onehot = tf.reshape(tf.oneHot(labels, classes), yPred.shape);
    return tfl.metrics.categoricalCrossentropy(onehot, yPred);
  });
}

/** The model that holds the compile state (a Sequential keeps it in its inner model). */
export function compiledModel(model: tfl.LayersModel): tfl.LayersModel {
  // Sequential.compile compiles its inner LayersModel (a field TF.js types as private); we only read it.
  const inner = model instanceof tfl.Sequential ? (model as unknown as { model?: tfl.LayersModel }).model : undefined;
  return inner ?? model;
}

/** Loss names accepted as `loss` (Keras / TF.js names). */
export const LOSSES: Record<string, LossFn> = {
  meanSquaredError: tfl.metrics.meanSquaredError,
  mse: tfl.metrics.meanSquaredError,
  meanAbsoluteError: tfl.metrics.meanAbsoluteError,
  mae: tfl.metrics.meanAbsoluteError,
  meanAbsolutePercentageError: tfl.metrics.meanAbsolutePercentageError,
  mape: tfl.metrics.meanAbsolutePercentageError,
  binaryCrossentropy: tfl.metrics.binaryCrossentropy,
  categoricalCrossentropy: tfl.metrics.categoricalCrossentropy,
  sparseCategoricalCrossentropy,
  cosineProximity: tfl.metrics.cosineProximity,
};

export type LossSpec = string | LossFn | (string | LossFn)[];

function resolveOne(spec: string | LossFn): LossFn {
  if (typeof spec === 'function') return spec;
  const fn = LOSSES[spec];
  if (!fn) throw new LRFinderError('loss', spec, `a loss function or one of ${Object.keys(LOSSES).join(', ')}`);
  return fn;
}

/**
 * The loss function of each model output: from `spec` when given (one for all outputs or one
 * per output), else the model's compiled losses.
 * @throws LRFinderError (option `loss`) when neither is there or the names are unknown.
 */
export function resolveLosses(model: tfl.LayersModel, spec: LossSpec | undefined): LossFn[] {
  const outputs = model.outputs.length;
  if (spec === undefined) {
    const compiled = compiledModel(model).lossFunctions as unknown as LossFn[] | undefined;
    if (!compiled || compiled.length === 0) {
      throw new LRFinderError('loss', undefined, 'given (e.g. \'categoricalCrossentropy\') because the model is not compiled');
    }
    return compiled;
  }
  if (Array.isArray(spec)) {
    if (spec.length !== outputs) throw new LRFinderError('loss', spec, `one loss per model output (${outputs})`);
    return spec.map(resolveOne);
  }
  const fn = resolveOne(spec);
  return Array.from({ length: outputs }, () => fn);
}

/** Sum over outputs of the mean loss, plus the layers' regularization penalties (as fit does). */
export function totalLoss(model: tfl.LayersModel, losses: LossFn[], ys: tf.Tensor[], preds: tf.Tensor[]): tf.Scalar {
  let total = tf.mean(losses[0](ys[0], preds[0])) as tf.Scalar;
  for (let i = 1; i < losses.length; i++) total = tf.add(total, tf.mean(losses[i](ys[i], preds[i])));
  for (const penalty of compiledModel(model).calculateLosses()) total = tf.add(total, penalty);
  return total;
}
