// Does a model fit the data? Checked before training so a mismatch is one clear line naming
// both shapes, not a tensor error from deep inside a training step.
import type * as tfl from '@tensorflow/tfjs-layers';
import { CliInputError } from '../io';

/** What the checks need to know about the data (a subset of the datasets' SourceInfo). */
export interface DataShape {
  name: string;
  inputShape: number[];
  numClasses: number | null;
  task: 'classification' | 'regression';
}

const show = (shape: readonly (number | null)[]) => `[${shape.map((d) => (d === null ? 'null' : d)).join(', ')}]`;

/** Throws CliInputError when the model's single input does not take the data's samples. */
export function checkInputShape(model: tfl.LayersModel, data: DataShape): void {
  if (model.inputs.length !== 1) {
    throw new CliInputError(`the model has ${model.inputs.length} inputs; the CLI feeds one input (data ${data.name} with sample shape ${show(data.inputShape)})`, 'model');
  }
  const modelShape = model.inputs[0].shape.slice(1);
  const fits = modelShape.length === data.inputShape.length && modelShape.every((d, i) => d === null || d === data.inputShape[i]);
  if (!fits) {
    throw new CliInputError(
      `model input shape ${show(model.inputs[0].shape)} does not match the data: ${data.name} has samples of shape [batch, ${data.inputShape.join(', ')}]`,
      'model',
    );
  }
}

/**
 * Throws CliInputError when the labels cannot be scored against the model's output: a
 * classifier's output layer needs one unit per class (one unit is fine for 2 classes with
 * binaryCrossentropy); a regression output needs one unit.
 */
export function checkLabels(model: tfl.LayersModel, data: DataShape, loss: string): void {
  if (model.outputs.length !== 1) {
    throw new CliInputError(`the model has ${model.outputs.length} outputs; the CLI trains models with one output`, 'model');
  }
  const shape = model.outputs[0].shape;
  const units = shape[shape.length - 1];
  const layer = model.outputs[0].sourceLayer?.name ?? 'the output layer';
  if (data.task === 'classification' && data.numClasses !== null && units !== null) {
    const binary = units === 1 && data.numClasses <= 2 && /binary/i.test(loss);
    if (!binary && units < data.numClasses) {
      throw new CliInputError(
        `labels do not fit the output layer: ${data.name} has ${data.numClasses} classes (labels 0..${data.numClasses - 1}) but output layer '${layer}' has ${units} unit${units === 1 ? '' : 's'} (output shape ${show(shape)})`,
        'model',
      );
    }
  }
  if (data.task === 'regression' && units !== null && units !== 1) {
    throw new CliInputError(`labels do not fit the output layer: ${data.name} has one target per sample but output layer '${layer}' has ${units} units`, 'model');
  }
}
