// Fused optimizer updates: a backend may run an optimizer's whole per-variable update as one op
// of its own (TensorFlow's ResourceApplyAdam, for example) instead of TF.js's dozen element-wise
// ops. A backend package registers one per backend name; the optimizers of createOptimizer use it
// when the active backend has one, and TF.js's own update otherwise. The registry lives on
// globalThis so that every copy of this module in a process (ESM and CJS builds, bundles) shares it.
import type * as tf from '@tensorflow/tfjs-core';

/** The settings of one Adam step, TF.js's meaning: `step` counts from 1. */
export interface AdamStep {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  step: number;
}

/**
 * One optimizer's fused Adam: keeps the moments of each variable it has updated, and updates
 * variables in place. Must equal TF.js's AdamOptimizer step for step (to float rounding):
 * m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2,
 * x -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + epsilon).
 */
export interface FusedAdam {
  /** Applies one step to each variable with its gradient (moments start at zero). */
  apply(updates: { variable: tf.Variable; gradient: tf.Tensor }[], settings: AdamStep): void;
  /** New tensors holding the first and second moments of `variable`, or null before its first step. */
  moments(variable: tf.Variable): { m: tf.Tensor; v: tf.Tensor } | null;
  /** Frees the moments. */
  dispose(): void;
}

interface Registry {
  adam: Map<string, () => FusedAdam>;
}

const KEY = Symbol.for('@lrfinder/core/fused-updates');

function registry(): Registry {
  const g = globalThis as { [KEY]?: Registry };
  return (g[KEY] ??= { adam: new Map() });
}

/** Registers `create` as the fused Adam of backend `backendName` (replacing any before it). */
export function registerFusedAdam(backendName: string, create: () => FusedAdam): void {
  registry().adam.set(backendName, create);
}

/** Removes backend `backendName`'s fused Adam (TF.js's update is used there again). */
export function unregisterFusedAdam(backendName: string): void {
  registry().adam.delete(backendName);
}

/** The fused Adam registered for `backendName`, if any. */
export function fusedAdamFor(backendName: string): (() => FusedAdam) | undefined {
  return registry().adam.get(backendName);
}
