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

/** Losses that compare numbers (a regression target, or one output unit per label). */
const REGRESSION_LOSSES = ['meanSquaredError', 'mse', 'meanAbsoluteError', 'mae', 'meanAbsolutePercentageError', 'mape', 'cosineProximity'];
const CLASS_LOSSES = ['sparseCategoricalCrossentropy', 'categoricalCrossentropy'];

/**
 * Throws CliInputError when the loss cannot score these labels against this output, so the
 * mismatch is one line before training, not a shape error from inside a step: a regression
 * loss on class labels (unless the output is one unit), a class loss on regression targets,
 * binary crossentropy on an output of several units.
 */
export function checkLossFits(model: tfl.LayersModel, data: DataShape, loss: string | undefined): void {
  if (loss === undefined || model.outputs.length !== 1) return;
  const shape = model.outputs[0].shape;
  const units = shape[shape.length - 1];
  const classes = data.numClasses !== null ? ` (${data.numClasses} classes)` : '';
  if (data.task === 'classification' && REGRESSION_LOSSES.includes(loss) && units !== 1) {
    throw new CliInputError(
      `--loss ${loss} compares numbers, but ${data.name} has class labels${classes} and the output has ${units} units: give --loss sparseCategoricalCrossentropy (or categoricalCrossentropy)`,
      'loss',
    );
  }
  if (data.task === 'regression' && CLASS_LOSSES.includes(loss)) {
    throw new CliInputError(`--loss ${loss} needs class labels, but ${data.name} has regression targets: give --loss meanSquaredError (or meanAbsoluteError)`, 'loss');
  }
  if (data.task === 'classification' && loss === 'binaryCrossentropy' && units !== 1) {
    throw new CliInputError(
      `--loss binaryCrossentropy takes one sigmoid output unit with labels 0/1, but the output has ${units} units for ${data.name}${classes}: give --loss sparseCategoricalCrossentropy`,
      'loss',
    );
  }
}
