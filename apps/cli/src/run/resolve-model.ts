// The model and loss of a test: a built-in model shaped for the data, or a model.json file,
// checked against the data before any training.
import * as path from 'path';
import type * as tfl from '@tensorflow/tfjs-layers';
import { CliInputError } from '../io';
import { buildBuiltinModel, builtinLoss, isBuiltinModel } from './builtin-models';
import { checkInputShape, checkLabels, checkLossFits, type DataShape } from './model-checks';
import { loadModelFile } from './model-file';
import { reinitWeights } from '../repeats/reinit';
import { LOSS_NAMES, normalizeLossName } from './test-options';

export interface ResolvedModel {
  model: tfl.LayersModel;
  /** Name for the run record: the built-in name or the file's base name. */
  name: string;
  /** Loss to hand LRFinder; undefined = the file's compiled loss. */
  loss: string | undefined;
  /** The loss name in effect (for labels and validation), when known. */
  lossName: string | undefined;
}

function compiledLossName(model: tfl.LayersModel): string | undefined {
  const loss = (model as unknown as { loss?: unknown }).loss;
  if (typeof loss === 'string') return normalizeLossName(loss);
  if (Array.isArray(loss) && typeof loss[0] === 'string') return normalizeLossName(loss[0]);
  return undefined;
}

export async function resolveModel(
  spec: string, lossFlag: string | undefined, data: DataShape, seed: number, cwd: string, o: { reinit?: boolean } = {},
): Promise<ResolvedModel> {
  const loss = lossFlag === undefined ? undefined : normalizeLossName(lossFlag);
  if (isBuiltinModel(spec)) {
    const outputUnits = data.task === 'classification' ? (data.numClasses ?? 2) : 1;
    const model = buildBuiltinModel(spec, { inputShape: data.inputShape, outputUnits, task: data.task, seed });
    const chosen = loss ?? builtinLoss(data.task);
    try {
      checkLabels(model, data, chosen);
      checkLossFits(model, data, chosen);
    } catch (e) {
      model.dispose();
      throw e;
    }
    return { model, name: spec, loss: chosen, lossName: chosen };
  }
  if (!spec.endsWith('.json')) {
    throw new CliInputError(`unknown model ${JSON.stringify(spec)}: give mnist-cnn, mlp, or the path of a TF.js Layers model.json`, 'model');
  }
  const { model, hasTrainingConfig, kerasLoss } = await loadModelFile(path.resolve(cwd, spec));
  try {
    // A Keras-converted file names its loss in modelTopology.training_config (not compiled by TF.js).
    const fromKeras = !hasTrainingConfig && loss === undefined && kerasLoss !== undefined ? normalizeLossName(kerasLoss) : undefined;
    if (fromKeras !== undefined && !LOSS_NAMES.includes(fromKeras)) {
      throw new CliInputError(`${spec} trains with loss ${JSON.stringify(kerasLoss)}, which TF.js does not have: give --loss, one of ${LOSS_NAMES.join(', ')}`, 'loss');
    }
    const chosen = loss ?? fromKeras;
    if (!hasTrainingConfig && chosen === undefined) {
      throw new CliInputError(`${spec} carries no training config (no loss): give --loss, one of ${LOSS_NAMES.join(', ')}`, 'loss');
    }
    const lossName = chosen ?? compiledLossName(model);
    checkInputShape(model, data);
    checkLabels(model, data, lossName ?? '');
    checkLossFits(model, data, lossName);
    if (o.reinit) await reinitWeights(model, seed);
    return { model, name: path.basename(path.dirname(path.resolve(cwd, spec))) + '/' + path.basename(spec), loss: chosen, lossName };
  } catch (e) {
    model.dispose();
    throw e;
  }
}
