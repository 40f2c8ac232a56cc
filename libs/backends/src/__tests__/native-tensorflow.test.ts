// Native TensorFlow for real (no fakes): the library provisioned in the per-user cache (reused
// when present; CI sets it up in .ci/run before the tests), loaded, a small ConvNet's loss and
// weight gradients against the cpu backend, an SGD step, and doctor's report. A setup that fails
// here fails the test: it is never skipped.
import * as tf from '@tensorflow/tfjs';
import { doctor, prepareBackend } from '../index';
import { loadedNative } from '../native/load';
import { provisionTensorflow } from '../native/provision';
import { normals, relativeError, rng } from './compare';

jest.setTimeout(15 * 60_000); // a first setup on a busy 2-core machine: download, unpack, compile

let setupLines: string[] = [];
let library: Awaited<ReturnType<typeof provisionTensorflow>>;

beforeAll(async () => {
  setupLines = [];
  library = await provisionTensorflow({ log: (l) => setupLines.push(l) });
});

afterAll(async () => {
  await prepareBackend('cpu');
});

describe('native TensorFlow (the provisioned library)', () => {
  it('is a published cache folder, built or reused, of TensorFlow 2.x for tfjs-node 4.22.0', () => {
    expect(library.manifest).toMatchObject({ tfjsNode: '4.22.0', gpu: false });
    expect(library.manifest.tensorflow).toMatch(/^2\.\d+\.\d+/);
    if (library.builtInSeconds != null) expect(setupLines.join('\n')).toMatch(/ready in [\d.]+ s: tfjs-node 4\.22\.0 on TensorFlow 2\./);
  });

  it("prepareBackend('tensorflow') makes it active; the record names the TensorFlow library", async () => {
    const report = await prepareBackend('tensorflow', { native: { log: () => undefined } });
    expect(tf.getBackend()).toBe('tensorflow');
    const version = loadedNative()!.tensorflow; // from the library itself (TF_Version)
    expect(version).toBe(library.manifest.tensorflow);
    expect(report).toMatchObject({ name: 'tensorflow', tfBackend: 'tensorflow', device: `tfjs-node 4.22.0 on TensorFlow ${version}` });
    expect(report.versions).toMatchObject({ '@tensorflow/tfjs-node': '4.22.0', tensorflow: version });
  });

  it("a small ConvNet's loss and weight gradients match the cpu backend (relative error < 1e-5), and an SGD step lowers the loss", async () => {
    const next = rng(11);
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 2], filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: 'glorotNormal', seed: 1 } as never),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, kernelInitializer: 'glorotNormal' }),
      ],
    });
    const xs = normals(next, 6 * 8 * 8 * 2);
    const labels = Array.from({ length: 6 }, (_, i) => i % 3);
    const lossAndGrads = () => {
      const x = tf.tensor4d(xs, [6, 8, 8, 2]);
      const y = tf.oneHot(labels, 3);
      const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar);
      return [value, ...model.trainableWeights.map((w) => grads[(w.read() as tf.Variable).name])];
    };
    const on = async (backend: string) => {
      await tf.setBackend(backend);
      const out = tf.tidy(lossAndGrads);
      const values = out.map((t) => t.dataSync() as Float32Array);
      tf.dispose(out);
      return values;
    };
    const cpu = await on('cpu');
    const native = await on('tensorflow');
    expect(cpu.every((v) => v.some((x) => x !== 0))).toBe(true); // a comparison of zeros proves nothing
    cpu.forEach((reference, i) => expect(relativeError(reference, native[i])).toBeLessThan(1e-5));

    const before = tf.memory().numTensors;
    const optimizer = tf.train.sgd(0.1);
    const x = tf.tensor4d(xs, [6, 8, 8, 2]);
    const y = tf.oneHot(labels, 3);
    const loss = () => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar;
    const first = tf.tidy(() => loss().dataSync()[0]);
    for (let i = 0; i < 5; i++) tf.dispose(optimizer.minimize(loss, true) ?? []);
    const after = tf.tidy(() => loss().dataSync()[0]);
    expect(after).toBeLessThan(first);
    tf.dispose([x, y]);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('doctor reports the library: path, TensorFlow version, how it was found', async () => {
    const report = await doctor();
    const row = report.backends.find((b) => b.name === 'tensorflow')!;
    expect(row).toMatchObject({ available: true, reason: null, module: '@tensorflow/tfjs-node', version: '4.22.0' });
    expect(row.details).toMatchObject({
      tensorflow: library.manifest.tensorflow,
      library: `${library.dir}/deps/lib/libtensorflow_cc.so.2`,
      cache: library.dir,
      source: library.source.how,
    });
    expect(report.auto === 'tensorflow' || report.auto === 'tensorflow-gpu').toBe(true);
  });
});
