import '@tensorflow/tfjs-backend-cpu';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { CliInputError } from '../io';
import { saveModelFiles } from '../testing/model-files';
import { tempDir } from '../testing/fixtures';
import { loadModelFile } from './model-file';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function small(): tfl.Sequential {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputShape: [2], units: 4, activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 3, activation: 'softmax' }));
  return m;
}

async function errorOf(p: Promise<unknown>): Promise<CliInputError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(CliInputError);
  return e as CliInputError;
}

describe('loadModelFile', () => {
  it('round-trips a model saved by model.save: same topology, same weights, no training config', async () => {
    const model = small();
    const file = await saveModelFiles(model, await tempDir());
    const { model: loaded, hasTrainingConfig } = await loadModelFile(file);
    expect(hasTrainingConfig).toBe(false);
    expect(loaded.layers.map((l) => l.getClassName())).toEqual(['Dense', 'Dense']);
    const a = model.getWeights().map((w) => Array.from(w.dataSync()));
    const b = loaded.getWeights().map((w) => Array.from(w.dataSync()));
    expect(b).toEqual(a);
    loaded.dispose();
    model.dispose();
  });

  it('keeps the training config (compiled loss) when saved with includeOptimizer', async () => {
    const model = small();
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const file = await saveModelFiles(model, await tempDir(), { includeOptimizer: true });
    const { model: loaded, hasTrainingConfig } = await loadModelFile(file);
    expect(hasTrainingConfig).toBe(true);
    expect((loaded as unknown as { loss: unknown }).loss).toBe('sparseCategoricalCrossentropy');
    loaded.dispose();
    model.dispose();
  });

  it('names a missing model file', async () => {
    const e = await errorOf(loadModelFile('/nonexistent/model.json'));
    expect(e.message).toMatch(/cannot read model file \/nonexistent\/model\.json: no such file/);
  });

  it('names malformed JSON and a JSON that is not a Layers model', async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 'bad.json'), '{"modelTopology": ');
    expect((await errorOf(loadModelFile(path.join(dir, 'bad.json')))).message).toMatch(/bad\.json is not valid JSON/);
    await fs.writeFile(path.join(dir, 'other.json'), '{"hello": 1}');
    expect((await errorOf(loadModelFile(path.join(dir, 'other.json')))).message).toMatch(/has no modelTopology/);
  });

  it('names a missing weights file and a truncated one', async () => {
    const dir = await tempDir();
    const model = small();
    const file = await saveModelFiles(model, dir);
    const weights = await fs.readFile(path.join(dir, 'weights.bin'));
    await fs.writeFile(path.join(dir, 'weights.bin'), weights.subarray(0, 10));
    expect((await errorOf(loadModelFile(file))).message).toMatch(/files hold 10 bytes, the manifest describes 108/);
    await fs.rm(path.join(dir, 'weights.bin'));
    expect((await errorOf(loadModelFile(file))).message).toMatch(/weights file \.\/weights\.bin named in .*model\.json does not exist/);
    model.dispose();
  });
});
