// The battery's inputs, generated in a temporary folder: good files to vary (a model.json, a
// run file, a CSV) and bad ones of every kind (model.json, weights, CSV, NPY, IDX, sweep and
// run files). Nothing here is committed data: every byte is written by this file.
import { promises as fs } from 'fs';
import * as path from 'path';
import * as tfl from '@tensorflow/tfjs-layers';
import { serializeRun } from '@lrfinder/core';
import { encodeIdx, encodeNpy } from '@lrfinder/datasets';
import { bowlRun } from '../testing/fixtures';
import { saveModelFiles } from '../testing/model-files';

/** Writes every fixture under `root`; returns nothing (cases name files relative to `root`). */
export async function writeFixtures(root: string): Promise<void> {
  const w = async (rel: string, content: string | Uint8Array) => {
    const file = path.join(root, rel);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
  };
  await modelFixtures(root, w);
  await dataFixtures(w);
  await sweepFixtures(w);
  await runFileFixtures(w);
  await fs.mkdir(path.join(root, 'a-folder'), { recursive: true });
  await w('a-file', 'just a file\n');
}

type Write = (rel: string, content: string | Uint8Array) => Promise<void>;

function dense(inputs: number, units: number, activation = 'softmax'): tfl.Sequential {
  const m = tfl.sequential();
  m.add(tfl.layers.dense({ inputShape: [inputs], units, activation: activation as 'softmax' }));
  return m;
}

async function modelFixtures(root: string, w: Write): Promise<void> {
  const at = (rel: string) => path.join(root, rel);
  const good = dense(2, 3);
  const file = await saveModelFiles(good, at('models/good'));
  const json = JSON.parse(await fs.readFile(file, 'utf8'));
  const weights = await fs.readFile(at('models/good/weights.bin'));
  // Same model, poisoned weights.
  for (const [name, value] of [['nan', NaN], ['inf', Infinity]] as const) {
    const bad = Buffer.from(weights);
    bad.writeFloatLE(value, 4);
    await w(`models/${name}/model.json`, JSON.stringify(json));
    await w(`models/${name}/weights.bin`, bad);
  }
  const withLayer = (className: string) => {
    const copy = JSON.parse(JSON.stringify(json));
    copy.modelTopology.config.layers[0].class_name = className;
    return JSON.stringify(copy);
  };
  await w('models/unknown-layer/model.json', withLayer('FancyAttention'));
  await w('models/unknown-layer/weights.bin', weights);
  await w('models/no-weights/model.json', JSON.stringify(json));
  await w('models/short-weights/model.json', JSON.stringify(json));
  await w('models/short-weights/weights.bin', weights.subarray(0, 8));
  await w('models/long-weights/model.json', JSON.stringify(json));
  await w('models/long-weights/weights.bin', Buffer.concat([weights, Buffer.alloc(16)]));
  await w('models/malformed.json', '{"modelTopology": {');
  await w('models/empty.json', '');
  await w('models/array.json', '[1, 2, 3]');
  await w('models/null.json', 'null');
  await w('models/no-topology.json', JSON.stringify({ weightsManifest: [] }));
  await w('models/no-manifest.json', JSON.stringify({ modelTopology: json.modelTopology }));
  await w('models/graph.json', JSON.stringify({ format: 'graph-model', modelTopology: { node: [] }, weightsManifest: [] }));
  await w('models/yaml.json', 'modelTopology:\n  class_name: Sequential\n');
  await w('models/nan-literal.json', '{"modelTopology": NaN, "weightsManifest": []}');
  await w('models/binary.json', new Uint8Array([0, 159, 146, 150, 255, 0, 1]));
  await fs.mkdir(at('models/dir.json'), { recursive: true });
  const wide = dense(5, 3);
  await saveModelFiles(wide, at('models/wide'));
  const narrow = dense(2, 2);
  await saveModelFiles(narrow, at('models/narrow'));
  const single = dense(2, 1, 'sigmoid');
  await saveModelFiles(single, at('models/single'));
  const regression = dense(3, 1, 'linear');
  await saveModelFiles(regression, at('models/regression3'));
  await saveModelFiles(good, at('models/keras-focal'), { kerasLoss: 'categorical_focal_crossentropy' });
  await saveModelFiles(good, at('models/keras-weird'), { kerasLoss: 'my_custom_loss' });
  const a = tfl.input({ shape: [2] });
  const b = tfl.input({ shape: [2] });
  const twoIn = tfl.model({ inputs: [a, b], outputs: tfl.layers.dense({ units: 3, activation: 'softmax' }).apply(tfl.layers.concatenate().apply([a, b]) as tfl.SymbolicTensor) as tfl.SymbolicTensor });
  await saveModelFiles(twoIn, at('models/two-inputs'));
  const c = tfl.input({ shape: [2] });
  const twoOut = tfl.model({ inputs: c, outputs: [tfl.layers.dense({ units: 3 }).apply(c) as tfl.SymbolicTensor, tfl.layers.dense({ units: 1 }).apply(c) as tfl.SymbolicTensor] });
  await saveModelFiles(twoOut, at('models/two-outputs'));
  [good, wide, narrow, single, regression, twoIn, twoOut].forEach((m) => m.dispose());
}

const csv = (rows: (string | number)[][]) => rows.map((r) => r.join(',')).join('\n') + '\n';

async function dataFixtures(w: Write): Promise<void> {
  const rows = (n: number, label: (i: number) => string | number = (i) => i % 3) =>
    Array.from({ length: n }, (_, i) => [((i * 7) % 11) / 10, ((i * 5) % 13) / 10, label(i)]);
  await w('data/good.csv', csv([['a', 'b', 'y'], ...rows(30)]));
  await w('data/three.csv', csv([['a', 'b', 'y'], ...rows(3)]));
  await w('data/regression.csv', csv([['a', 'b', 'y'], ...rows(30, (i) => (i * 0.37).toFixed(2))]));
  await w('data/header-only.csv', 'a,b,y\n');
  await w('data/empty.csv', '');
  await w('data/no-label-col.csv', csv([['a', 'b', 'c'], ...rows(5)]));
  await w('data/only-label.csv', csv([['y'], [0], [1]]));
  await w('data/text-feature.csv', csv([['a', 'b', 'y'], [0.1, 'hello', 0], [0.2, 0.3, 1]]));
  await w('data/nan-feature.csv', csv([['a', 'b', 'y'], [0.1, 'NaN', 0], [0.2, 0.3, 1]]));
  await w('data/inf-feature.csv', csv([['a', 'b', 'y'], [0.1, 'Infinity', 0], [0.2, 0.3, 1]]));
  await w('data/overflow-feature.csv', csv([['a', 'b', 'y'], [0.1, 0.2, 0], [0.2, '1e39', 1], [0.3, 0.1, 2]]));
  await w('data/overflow-label.csv', csv([['a', 'b', 'y'], [0.1, 0.2, 0.5], [0.2, 0.1, '-1e39'], [0.3, 0.1, 2.5]]));
  await w('data/empty-field.csv', csv([['a', 'b', 'y'], [0.1, '', 0], [0.2, 0.3, 1]]));
  await w('data/ragged.csv', csv([['a', 'b', 'y'], [0.1, 0.2, 0], [0.2, 1]]));
  await w('data/huge-label.csv', csv([['a', 'b', 'y'], [0.1, 0.2, 0], [0.2, 0.1, 100000000], [0.3, 0.1, 2]]));
  await w('data/many-text-labels.csv', csv([['a', 'y'], ...Array.from({ length: 1100 }, (_, i) => [i / 1100, `class-${i}`])]));
  await w('data/quote.csv', 'a,b,y\n0.1,"0.2,0\n');
  await w('data/binary.csv', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0xff, 0xfe]));
  await w('data/dir.csv/.keep', '');
  const f32 = (shape: number[], data: number[]) => encodeNpy({ dtype: 'float32', shape, data });
  const x = f32([6, 2], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2]);
  await w('npy/x.npy', x);
  await w('npy/y.npy', encodeNpy({ dtype: 'int32', shape: [6], data: [0, 1, 2, 0, 1, 2] }));
  await w('npy/y5.npy', encodeNpy({ dtype: 'int32', shape: [5], data: [0, 1, 2, 0, 1] }));
  await w('npy/y-huge.npy', encodeNpy({ dtype: 'int32', shape: [6], data: [0, 1, 2, 0, 1, 100000000] }));
  await w('npy/y-2d.npy', encodeNpy({ dtype: 'int32', shape: [6, 2], data: [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2] }));
  await w('npy/x-f64-huge.npy', encodeNpy({ dtype: 'float64', shape: [6, 2], data: [0.1, 0.2, 0.3, 1e300, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2] }));
  await w('npy/x-nan.npy', f32([6, 2], [0.1, NaN, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2]));
  await w('npy/x-empty.npy', f32([0, 2], []));
  await w('npy/y-empty.npy', encodeNpy({ dtype: 'int32', shape: [0], data: [] }));
  await w('npy/x-scalar.npy', f32([], [1]));
  await w('npy/not.npy', 'this is not numpy\n');
  await w('npy/truncated.npy', x.subarray(0, 40));
  await w('npy/short-data.npy', x.subarray(0, x.length - 4));
  const i16 = Buffer.from(x);
  i16.write("'<i2'", i16.indexOf("'<f4'"), 'latin1');
  await w('npy/x-i2.npy', i16);
  const fortran = Buffer.from(x);
  fortran.write('True ', fortran.indexOf('False'), 'latin1');
  await w('npy/x-fortran.npy', fortran);
  const images = encodeIdx({ dtype: 'uint8', shape: [6, 2, 2], data: Array.from({ length: 24 }, (_, i) => i * 10) });
  const labels = encodeIdx({ dtype: 'uint8', shape: [6], data: [0, 1, 2, 0, 1, 2] });
  await w('idx/good/train-images-idx3-ubyte', images);
  await w('idx/good/train-labels-idx1-ubyte', labels);
  await w('idx/bad-magic/train-images-idx3-ubyte', Buffer.concat([Buffer.from([1, 2, 3, 4]), Buffer.from(images).subarray(4)]));
  await w('idx/bad-magic/train-labels-idx1-ubyte', labels);
  await w('idx/truncated/train-images-idx3-ubyte', images.subarray(0, images.length - 5));
  await w('idx/truncated/train-labels-idx1-ubyte', labels);
  await w('idx/count/train-images-idx3-ubyte', images);
  await w('idx/count/train-labels-idx1-ubyte', encodeIdx({ dtype: 'uint8', shape: [5], data: [0, 1, 2, 0, 1] }));
  await w('idx/zero/train-images-idx3-ubyte', encodeIdx({ dtype: 'uint8', shape: [0, 2, 2], data: [] }));
  await w('idx/zero/train-labels-idx1-ubyte', encodeIdx({ dtype: 'uint8', shape: [0], data: [] }));
  await w('idx/f64/train-images-idx3-ubyte', encodeIdx({ dtype: 'float64', shape: [6, 2, 2], data: Array.from({ length: 24 }, (_, i) => (i === 5 ? 1e300 : i)) }));
  await w('idx/f64/train-labels-idx1-ubyte', labels);
  await w('idx/two-labels/train-images-idx3-ubyte', images);
  await w('idx/two-labels/train-labels-idx1-ubyte', labels);
  await w('idx/two-labels/more-labels-idx1-ubyte', labels);
  await w('idx/labels-2d/train-images-idx3-ubyte', images);
  await w('idx/labels-2d/train-labels-idx1-ubyte', encodeIdx({ dtype: 'uint8', shape: [6, 1], data: [0, 1, 2, 0, 1, 2] }));
  await w('idx/empty/.keep', '');
}

async function sweepFixtures(w: Write): Promise<void> {
  const base = { model: 'mlp', data: 'synthetic:blobs', backend: 'cpu', batchSize: 16, numIter: 5 };
  const s = (name: string, value: unknown) => w(`sweeps/${name}.json`, typeof value === 'string' ? value : JSON.stringify(value));
  await s('good', { id: 'good', ...base, grid: { optimizer: ['sgd', 'adam'] } });
  await s('empty', '');
  await s('yaml', 'id: y\nmodel: mlp\ngrid:\n  optimizer: [sgd, adam]\n');
  await s('nan', `{"id": "n", "startLr": NaN, "grid": {"optimizer": ["sgd"]}}`);
  await s('infinity', `{"id": "n", "divergeThreshold": Infinity, "grid": {"optimizer": ["sgd"]}}`);
  await s('trailing-comma', `{"id": "n", "grid": {"optimizer": ["sgd"],}}`);
  await s('array', [1, 2]);
  await s('string', '"a sweep"');
  await s('no-tests', { id: 'x', ...base });
  await s('unknown-key', { id: 'x', ...base, learningRate: 3, grid: { optimizer: ['sgd'] } });
  await s('typo-key', { id: 'x', ...base, batchsize: 3, grid: { optimizer: ['sgd'] } });
  await s('grid-typo', { id: 'x', ...base, grid: { optimiser: ['sgd'] } });
  await s('test-typo', { id: 'x', ...base, tests: [{ label: 'a', optimzer: 'sgd' }] });
  await s('bad-batch', { id: 'x', ...base, grid: { batchSize: [16, -3] } });
  await s('string-number', { id: 'x', ...base, numIter: '5', grid: { optimizer: ['sgd'] } });
  await s('both-steps', { id: 'x', ...base, epochs: 2, grid: { optimizer: ['sgd'] } });
  await s('huge-steps', { id: 'x', ...base, numIter: 1e9, grid: { optimizer: ['sgd'] } });
  await s('huge-epochs', { id: 'x', ...base, numIter: undefined, epochs: 1e9, grid: { optimizer: ['sgd'] } });
  await s('huge-batch', { id: 'x', ...base, batchSize: 1e9, grid: { optimizer: ['sgd'] } });
  await s('huge-grid', { id: 'x', ...base, grid: { seed: Array.from({ length: 1000 }, (_, i) => i), startLr: Array.from({ length: 1000 }, (_, i) => 1e-5 * (i + 1)) } });
  await s('empty-tests', { id: 'x', ...base, tests: [] });
  await s('empty-grid', { id: 'x', ...base, grid: {} });
  await s('empty-grid-list', { id: 'x', ...base, grid: { optimizer: [] } });
  await s('both-places', { id: 'x', ...base, tests: [{ label: 'a', optimizer: 'sgd' }], grid: { optimizer: ['adam'] } });
  await s('no-label', { id: 'x', ...base, tests: [{ optimizer: 'sgd' }] });
  await s('bad-id', { id: '../escape', ...base, grid: { optimizer: ['sgd'] } });
  await s('shards-zero', { id: 'x', ...base, shards: 0, grid: { optimizer: ['sgd'] } });
  await s('shards-huge', { id: 'x', ...base, shards: 1e9, grid: { optimizer: ['sgd'] } });
  await s('bad-seeds', { id: 'x', ...base, seeds: 'random', grid: { optimizer: ['sgd'] } });
  await s('bad-optimizer', { id: 'x', ...base, grid: { optimizer: ['sgd', 'lion'] } });
  await s('bad-backend', { id: 'x', ...base, backend: 'gpu', grid: { optimizer: ['sgd'] } });
  await s('bad-schedule', { id: 'x', ...base, schedule: 'cosine', grid: { optimizer: ['sgd'] } });
  await s('bad-lr', { id: 'x', ...base, startLr: 0.1, endLr: 0.01, grid: { optimizer: ['sgd'] } });
  await s('bad-smoothing', { id: 'x', ...base, smoothing: 1, grid: { optimizer: ['sgd'] } });
  await s('bad-loss', { id: 'x', ...base, loss: 'hinge2', grid: { optimizer: ['sgd'] } });
  await s('missing-model', { id: 'missing-model', ...base, model: 'nowhere/model.json', loss: 'mse', grid: { optimizer: ['sgd', 'adam'] } });
  await s('missing-data', { id: 'missing-data', ...base, data: 'csv:nowhere.csv', labelColumn: 'y', grid: { optimizer: ['sgd'] } });
  await s('bad-synthetic', { id: 'bad-synthetic', ...base, data: 'synthetic:blobs?smaples=100', grid: { optimizer: ['sgd'] } });
  await s('model-misfit', { id: 'model-misfit', ...base, model: 'models/wide/model.json', loss: 'sparseCategoricalCrossentropy', grid: { optimizer: ['sgd'] } });
  await s('batch-too-big', { id: 'batch-too-big', ...base, batchSize: 100000, grid: { optimizer: ['sgd'] } });
  await s('loss-misfit', { id: 'loss-misfit', ...base, loss: 'mse', grid: { optimizer: ['sgd'] } });
  await s('nan-weights', { id: 'nan-weights', ...base, model: 'models/nan/model.json', loss: 'sparseCategoricalCrossentropy', grid: { optimizer: ['sgd'] } });
  await s('second-test-bad', { id: 'second-bad', ...base, tests: [{ label: 'ok' }, { label: 'bad', data: 'synthetic:spirals?turns=0' }] });
  await w('sweeps/dir.json/.keep', '');
}

async function runFileFixtures(w: Write): Promise<void> {
  const run = await bowlRun({ id: 'good-run', numIter: 30 });
  const text = serializeRun(run);
  await w('runs/good.json', text);
  await w('runs/other.json', serializeRun({ ...run, id: 'other-run' }));
  await w('runs/empty.json', '');
  await w('runs/truncated.json', text.slice(0, Math.floor(text.length / 2)));
  await w('runs/nan.json', text.replace(/"loss":\s*[-0-9.e]+/, '"loss": NaN'));
  await w('runs/yaml.json', 'format: lrfinder.run/v1\nid: x\n');
  await w('runs/array.json', '[]');
  await w('runs/v2.json', text.replace('lrfinder.run/v1', 'lrfinder.run/v2'));
  await w('runs/no-format.json', JSON.stringify({ ...JSON.parse(text), format: undefined }));
  await w('runs/bad-status.json', JSON.stringify({ ...JSON.parse(text), status: 'exploded' }));
  await w('runs/bad-points.json', JSON.stringify({ ...JSON.parse(text), points: 'many' }));
  await w('runs/bad-point.json', JSON.stringify({ ...JSON.parse(text), points: [{ step: 0, lr: 'x', loss: 1, smoothedLoss: 1 }] }));
  await w('runs/no-id.json', JSON.stringify({ ...JSON.parse(text), id: undefined }));
  await w('runs/binary.json', new Uint8Array([0xff, 0xfe, 0, 1, 2]));
  await w('runs/sweep-index.json', JSON.stringify({ format: 'lrfinder.sweep/v1', id: 'x', tests: [] }));
  await w('runs/dir.json/.keep', '');
}
