// Writes a TF.js model as model.json + weights.bin, the way tfjs-node's file:// handler does
// (which needs tfjs-node, absent here): the artifacts of model.save(withSaveHandler(...)).
import { promises as fs } from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

export interface SaveOptions {
  /** Keep the compiled loss/optimizer as TF.js does (top-level trainingConfig). @default false */
  includeOptimizer?: boolean;
  /**
   * Lay the file out as the tensorflowjs converter does for a Keras model: the topology under
   * `modelTopology.model_config`, this loss in `modelTopology.training_config`.
   */
  kerasLoss?: unknown;
}

/** Saves `model` into `dir` as model.json + weights.bin; returns the model.json path. */
export async function saveModelFiles(model: tfl.LayersModel, dir: string, options: SaveOptions = {}): Promise<string> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
    { includeOptimizer: options.includeOptimizer ?? false },
  );
  const a = artifacts!;
  await fs.mkdir(dir, { recursive: true });
  const data = a.weightData instanceof ArrayBuffer ? a.weightData : tf.io.concatenateArrayBuffers(a.weightData as ArrayBuffer[]);
  await fs.writeFile(path.join(dir, 'weights.bin'), Buffer.from(data));
  const keras = options.kerasLoss !== undefined;
  const json: tf.io.ModelJSON = {
    modelTopology: keras
      ? { keras_version: '2.15.0', backend: 'tensorflow', model_config: a.modelTopology, training_config: { loss: options.kerasLoss, optimizer_config: { class_name: 'Adam', config: {} } } }
      : (a.modelTopology as object),
    format: keras ? 'layers-model' : a.format,
    generatedBy: keras ? 'keras v2.15.0' : a.generatedBy,
    convertedBy: keras ? 'TensorFlow.js Converter v4.22.0' : a.convertedBy,
    weightsManifest: [{ paths: ['./weights.bin'], weights: a.weightSpecs! }],
    ...(a.trainingConfig ? { trainingConfig: a.trainingConfig } : {}),
  };
  const file = path.join(dir, 'model.json');
  await fs.writeFile(file, JSON.stringify(json));
  return file;
}
