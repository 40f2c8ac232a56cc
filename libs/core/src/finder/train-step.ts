// One optimizer step of a tf.LayersModel at a given learning rate, with optional gradient
// accumulation. The model's own compiled optimizer is never used or touched.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ScheduledOptimizer } from '../optimizers';
import { fitTargets } from './check-data';
import { inputList, targetList, type Batch } from './data';
import { totalLoss, type LossFn } from './loss';

export interface TrainStepContext {
  model: tfl.LayersModel;
  losses: LossFn[];
  optimizer: ScheduledOptimizer;
  next: () => Promise<Batch>;
  release: (batch: Batch) => void;
  /** Batches whose gradients are averaged into one step. */
  accumulationSteps: number;
  /** Checks a batch against the model before it is used (throws LRFinderError). */
  check?: (xs: tf.Tensor[], ys: tf.Tensor[]) => void;
}

function forward(ctx: TrainStepContext, batch: Batch): tf.Scalar {
  const xs = fitTargets(inputList(ctx.model, batch.xs, 'xs'));
  const ys = targetList(ctx.model, batch.ys, 'ys');
  ctx.check?.(xs, ys);
  const out = ctx.model.apply(xs.length === 1 ? xs[0] : xs, { training: true }) as tf.Tensor | tf.Tensor[];
  return totalLoss(ctx.model, ctx.losses, fitTargets(ys), Array.isArray(out) ? out : [out]);
}

/**
 * `trainStep(lr)` for rangeTest: sets the rate, computes the loss and gradients of one batch
 * (or the mean over `accumulationSteps` batches, which equals one step on a batch that many
 * times larger), applies them, and reads the loss back (one scalar read per step).
 */
export function modelTrainStep(ctx: TrainStepContext): (lr: number) => Promise<number> {
  return async (lr) => {
    await ctx.optimizer.setLearningRate(lr);
    const vars = ctx.model.trainableWeights.map((w) => w.read() as tf.Variable);
    let lossTensor: tf.Scalar;
    if (ctx.accumulationSteps === 1) {
      const batch = await ctx.next();
      try {
        lossTensor = tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => forward(ctx, batch), vars);
          ctx.optimizer.optimizer.applyGradients(grads);
          return value;
        });
      } finally {
        ctx.release(batch);
      }
    } else {
      let sum: tf.NamedTensorMap | null = null;
      let lossSum: tf.Scalar | null = null;
      try {
        for (let k = 0; k < ctx.accumulationSteps; k++) {
          const batch = await ctx.next();
          try {
            const [nextSum, nextLoss] = tf.tidy(() => {
              const { value, grads } = tf.variableGrads(() => forward(ctx, batch), vars);
              const s: tf.NamedTensorMap = {};
              for (const name of Object.keys(grads)) s[name] = sum ? tf.add(sum[name], grads[name]) : grads[name];
              return [s, lossSum ? tf.add(lossSum, value) : value] as [tf.NamedTensorMap, tf.Scalar];
            });
            if (sum) tf.dispose(Object.values(sum));
            lossSum?.dispose();
            sum = nextSum;
            lossSum = nextLoss;
          } finally {
            ctx.release(batch);
          }
        }
        const k = ctx.accumulationSteps;
        lossTensor = tf.tidy(() => {
          const mean: tf.NamedTensorMap = {};
          for (const name of Object.keys(sum!)) mean[name] = tf.div(sum![name], k);
          ctx.optimizer.optimizer.applyGradients(mean);
          return tf.div(lossSum!, k) as tf.Scalar;
        });
      } finally {
        if (sum) tf.dispose(Object.values(sum));
        lossSum?.dispose();
      }
    }
    try {
      return (await lossTensor.data())[0];
    } finally {
      lossTensor.dispose();
    }
  };
}
