// A plain summary of a tf.LayersModel for the run record.
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ModelInfo } from './run-record';

function shapes(shape: unknown): (number | null)[][] {
  if (!Array.isArray(shape)) return [];
  if (shape.length === 0 || !Array.isArray(shape[0])) return [shape as (number | null)[]];
  return shape as (number | null)[][];
}

/** Name, parameter count and per-layer summary (name, class, output shapes, parameters). */
export function describeModel(model: tfl.LayersModel): ModelInfo {
  return {
    name: model.name,
    parameterCount: model.countParams(),
    layers: model.layers.map((layer) => {
      let outputShape: (number | null)[][] = [];
      try {
        outputShape = shapes(layer.outputShape);
      } catch {
        // A layer used at several call sites has no single output shape.
      }
      return { name: layer.name, className: layer.getClassName(), outputShape, parameterCount: layer.countParams() };
    }),
  };
}
