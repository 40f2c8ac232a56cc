// Loading a TF.js Layers model.json (saved by `model.save` or converted from Keras by the
// tensorflowjs converter) and its weight files from disk, without tfjs-node: the JSON and the
// binary shards are read with fs and handed to tf.io as in-memory artifacts.
import { promises as fs } from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { CliInputError } from '../io';
import { fsProblem } from '../output-paths';

export interface LoadedModel {
  model: tfl.LayersModel;
  /** Whether the file carried a training config (a compiled loss). */
  hasTrainingConfig: boolean;
  /**
   * The loss named by a Keras-converted file's `modelTopology.training_config`, which TF.js
   * does not compile (it reads only the top-level `trainingConfig`), e.g.
   * `sparse_categorical_crossentropy`; undefined when there is none or it is not a plain name.
   */
  kerasLoss?: string;
}

/** `'sparse_categorical_crossentropy'` or `{ class_name: 'SparseCategoricalCrossentropy' }` -> a loss name. */
export function kerasLossName(topology: unknown): string | undefined {
  const loss = (topology as { training_config?: { loss?: unknown } } | null)?.training_config?.loss;
  if (typeof loss === 'string') return loss;
  const className = (loss as { class_name?: unknown } | null)?.class_name;
  if (typeof className === 'string') return className.charAt(0).toLowerCase() + className.slice(1);
  return undefined;
}

async function readModelJson(file: string): Promise<tf.io.ModelJSON> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : fsProblem(e);
    throw new CliInputError(`cannot read model file ${file}: ${why} (give mnist-cnn, mlp or the path of a TF.js model.json)`, 'model');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliInputError(`model file ${file} is not valid JSON: ${(e as Error).message}`, 'model');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CliInputError(`model file ${file} must hold a JSON object with modelTopology and weightsManifest`, 'model');
  }
  const m = json as Partial<tf.io.ModelJSON>;
  if (typeof m.modelTopology !== 'object' || m.modelTopology === null) {
    throw new CliInputError(`model file ${file} has no modelTopology: not a TF.js Layers model.json`, 'model');
  }
  if (!Array.isArray(m.weightsManifest)) {
    throw new CliInputError(`model file ${file} has no weightsManifest list: not a TF.js Layers model.json`, 'model');
  }
  const topology = m.modelTopology as { class_name?: string; model_config?: unknown };
  if (m.format === 'graph-model' || (topology.class_name === undefined && topology.model_config === undefined)) {
    throw new CliInputError(`model file ${file} is a TF.js graph model (inference only); the range test needs a Layers model (tensorflowjs_converter --output_format tfjs_layers_model)`, 'model');
  }
  return m as tf.io.ModelJSON;
}

async function readWeights(file: string, manifest: tf.io.WeightsManifestConfig): Promise<[tf.io.WeightsManifestEntry[], ArrayBuffer]> {
  const dir = path.dirname(file);
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const group of manifest) {
    specs.push(...group.weights);
    for (const p of group.paths) {
      const shard = path.resolve(dir, p);
      try {
        const b = await fs.readFile(shard);
        buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new CliInputError(
          `weights file ${p} named in ${file} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${fsProblem(e)})`} (expected at ${shard})`,
          'model',
        );
      }
    }
  }
  const data = tf.io.concatenateArrayBuffers(buffers);
  const expected = specs.reduce((sum, w) => sum + bytesOf(w), 0);
  if (expected !== data.byteLength) {
    throw new CliInputError(
      `weights of ${file} do not match its weightsManifest: the files hold ${data.byteLength} bytes, the manifest describes ${expected}`,
      'model',
    );
  }
  checkFiniteWeights(file, specs, data);
  return [specs, data];
}

/**
 * A NaN or infinite float32 weight trains nothing (every loss NaN, or stuck) yet "completes":
 * refused up front, naming the weight and the element.
 */
function checkFiniteWeights(file: string, specs: tf.io.WeightsManifestEntry[], data: ArrayBuffer): void {
  let offset = 0;
  for (const w of specs) {
    const bytes = bytesOf(w);
    if (w.dtype === 'float32' && !w.quantization) {
      const values = new Float32Array(data.slice(offset, offset + bytes));
      const bad = values.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) {
        const count = values.reduce((n, v) => n + (Number.isFinite(v) ? 0 : 1), 0);
        throw new CliInputError(
          `weights of ${file} are not finite: ${w.name} (shape [${w.shape.join(', ')}]) holds ${values[bad]} at element ${bad}${count > 1 ? ` and ${count - 1} more non-finite values` : ''}; re-export the model from a good checkpoint`,
          'model',
        );
      }
    }
    offset += bytes;
  }
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

function bytesOf(w: tf.io.WeightsManifestEntry): number {
  const n = w.shape.reduce((a, b) => a * b, 1);
  if (w.quantization) return n * (DTYPE_BYTES[w.quantization.dtype] ?? 4);
  return n * (DTYPE_BYTES[w.dtype] ?? 4);
}

/** Loads a Layers model.json and its weights; bad files become a CliInputError naming the file. */
export async function loadModelFile(file: string): Promise<LoadedModel> {
  const json = await readModelJson(file);
  const artifacts = await tf.io.getModelArtifactsForJSON(json, (manifest) => readWeights(file, manifest));
  let model: tfl.LayersModel;
  try {
    model = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (e) {
    const message = (e as Error).message;
    // TF.js' own text spans lines (a hint about custom layers and registerClass): one line here.
    const unknown = /^Unknown layer: (\S+)/.exec(message);
    if (unknown) {
      throw new CliInputError(`model file ${file} uses layer class ${JSON.stringify(unknown[1].replace(/\.$/, ''))}, which TF.js does not have (a custom layer, or one TF.js has not ported); give a model of TF.js layers`, 'model');
    }
    throw new CliInputError(`cannot build the model of ${file}: ${message.replace(/\s*[\r\n]+\s*/g, ' ')}`, 'model');
  }
  return { model, hasTrainingConfig: json.trainingConfig != null, kerasLoss: kerasLossName(json.modelTopology) };
}
