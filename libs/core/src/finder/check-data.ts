// The checks model.fit makes before training (tfjs-layers' standardizeInputData and
// checkLossAndTargetCompatibility), made here before step 0: without them a target of the
// wrong shape broadcasts against the output and the test "completes" on a meaningless loss.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { LRFinderError } from '../errors';
import { compiledModel, LOSSES, type LossSpec } from './loss';

const norm = (name: string) => name.toLowerCase().replace(/_/g, '');
const SPARSE = new Set(['sparsecategoricalcrossentropy']);

/** The normalized loss name of each output when known ('' for a custom function). */
export function lossNames(model: tfl.LayersModel, spec: LossSpec | undefined): string[] {
  const outputs = model.outputs.length;
  const nameOf = (s: unknown): string => {
    if (typeof s === 'string') return norm(s);
    for (const [name, fn] of Object.entries(LOSSES)) if (fn === s) return norm(name);
    return '';
  };
  let source: unknown = spec;
  if (source === undefined) {
    try {
      source = compiledModel(model).loss;
    } catch {
      source = undefined;
    }
  }
  if (Array.isArray(source)) return Array.from({ length: outputs }, (_, i) => nameOf(source[i]));
  if (source && typeof source === 'object') return model.outputs.map((o) => nameOf((source as Record<string, unknown>)[o.sourceLayer?.name ?? o.name]));
  return Array.from({ length: outputs }, () => nameOf(source));
}

const show = (shape: readonly (number | null)[]) => `[${shape.map((d) => (d === null || d < 0 ? '*' : d)).join(',')}]`;

/** The shape fit checks against: rank-1 tensors count as [n, 1] (fit expands them). */
const fitShape = (t: tf.Tensor) => (t.rank === 1 ? [t.shape[0], 1] : t.shape);

function checkOne(t: tf.Tensor, expected: readonly (number | null)[], option: string, what: string, hint = ''): void {
  const found = fitShape(t);
  const bad = found.length !== expected.length || expected.some((d, j) => j > 0 && d !== null && d >= 0 && found[j] !== d);
  if (bad) {
    throw new LRFinderError(option, t.shape, `a tensor of shape ${show([null, ...expected.slice(1)])} for ${what} (as model.fit requires)${hint}`, {
      message: `${option} must be a tensor of shape ${show([null, ...expected.slice(1)])} for ${what} (as model.fit requires)${hint}; got shape ${show(t.shape)}`,
    });
  }
}

/**
 * Throws an LRFinderError naming the tensor (`x`, `y[1]`, ...), the shape expected and the
 * shape found when an input does not fit the model's input or a target does not fit its
 * output and loss, as `model.fit` would refuse them.
 */
export function checkDataAgainstModel(
  model: tfl.LayersModel, xs: tf.Tensor[], ys: tf.Tensor[], losses: string[], names: { x: string; y: string },
): void {
  xs.forEach((t, i) => {
    const option = xs.length > 1 ? `${names.x}[${i}]` : names.x;
    checkOne(t, model.inputs[i].shape, option, `the model input "${model.inputs[i].sourceLayer?.name ?? model.inputs[i].name}"`);
  });
  ys.forEach((t, i) => {
    const option = ys.length > 1 ? `${names.y}[${i}]` : names.y;
    const out = model.outputs[i].shape;
    const sparse = SPARSE.has(losses[i]);
    const expected = sparse ? [...out.slice(0, -1), 1] : out;
    let hint = sparse ? ' (class indices, for sparseCategoricalCrossentropy)' : '';
    if (losses[i] === 'categoricalcrossentropy' && fitShape(t).at(-1) === 1 && out.at(-1) !== 1) {
      hint = ' (one-hot rows for categoricalCrossentropy; class indices need sparseCategoricalCrossentropy)';
    }
    checkOne(t, expected, option, `the model output "${model.outputs[i].sourceLayer?.name ?? model.outputs[i].name}"`, hint);
  });
}

/** Rank-1 targets as [n, 1], as model.fit reads them (a [n] target would broadcast against a [n, 1] output). */
export function fitTargets(ys: tf.Tensor[]): tf.Tensor[] {
  return ys.map((t) => (t.rank === 1 ? tf.expandDims(t, 1) : t));
}
