import * as os from 'os';
import * as tf from '@tensorflow/tfjs-core';
import { backendInfoSchema } from '@lrfinder/core';
import { autoWasmThreads, doctor, prepareBackend, registerWasmTrainingKernels, toBackendInfo } from '../index';

/** The documented 'auto' thread count, worked out here from the machine: one per core, at most 8. */
const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
const AUTO_THREADS = Math.min(8, Math.max(1, cores));

describe('prepareBackend', () => {
  it('makes wasm active with SIMD facts and the training kernels registered', async () => {
    const report = await prepareBackend('wasm');
    expect(tf.getBackend()).toBe('wasm');
    // threads: the default, 'auto' (wasm-threads.test.ts covers the option)
    expect(report).toMatchObject({ requested: 'wasm', name: 'wasm', tfBackend: 'wasm', threads: AUTO_THREADS });
    expect(autoWasmThreads()).toBe(AUTO_THREADS);
    expect(typeof report.simd).toBe('boolean');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(tf.getKernel('DepthwiseConv2dNativeBackpropFilter', 'wasm')).toBeDefined();
    expect(tf.getKernel('DepthwiseConv2dNativeBackpropInput', 'wasm')).toBeDefined();
    expect(report.versions['tfjs-core']).toBe(tf.version_core);
  });

  it('makes cpu active', async () => {
    const report = await prepareBackend('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(report.name).toBe('cpu');
  });

  it("'auto' picks what doctor says it picks, and lists why it skipped the others", async () => {
    const facts = await doctor();
    // doctor never sets native TensorFlow up; neither does this auto (native-setup.test.ts does).
    const report = await prepareBackend('auto', { native: { mayBuild: false, log: () => undefined } });
    expect(report.name).toBe(facts.auto);
    // worked out apart from doctor: no GPU and no WebGPU adapter in Node here, so the documented
    // order tensorflow-gpu > tensorflow > webgpu > wasm > cpu gives native TensorFlow when it is
    // set up already (CI sets it up first) and wasm otherwise, skipping exactly those before it
    expect(['tensorflow', 'wasm']).toContain(report.name);
    expect(report.skipped.map((s) => s.name)).toEqual(report.name === 'tensorflow' ? ['tensorflow-gpu'] : ['tensorflow-gpu', 'tensorflow', 'webgpu']);
    for (const skipped of report.skipped) {
      const status = facts.backends.find((b) => b.name === skipped.name);
      expect(status?.available).toBe(false);
      expect(skipped.reason.length).toBeGreaterThan(10);
    }
  });

  it('refuses an unknown name with the list of names', async () => {
    await expect(prepareBackend('gpu' as never)).rejects.toThrow(/unknown backend "gpu": use one of auto, tensorflow-gpu/);
  });
});

describe('doctor', () => {
  it('reports every backend, present or not with a reason, versions and wasm facts', async () => {
    const report = await doctor();
    expect(report.backends.map((b) => b.name)).toEqual(['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu']);
    for (const b of report.backends) {
      expect(b.available).toBe(b.reason == null);
      if (b.available) expect(b.version).toMatch(/^\d+\.\d+\.\d+/);
    }
    expect(report.backends.find((b) => b.name === 'wasm')?.available).toBe(true);
    expect(report.wasm.binary).toMatch(/^tfjs-backend-wasm.*\.wasm$/);
    expect(report.cpus).toBeGreaterThan(0);
    expect(report.tfjs).toBe(tf.version_core);
  });
});

describe('toBackendInfo', () => {
  it("gives a valid run-record 'backend' field", async () => {
    const info = toBackendInfo(await prepareBackend('wasm'));
    expect(backendInfoSchema.parse(info)).toEqual(info);
    expect(info).toMatchObject({ name: 'wasm', threads: AUTO_THREADS, device: null });
  });
});

describe('registerWasmTrainingKernels', () => {
  it('is idempotent: a second call changes nothing and keeps the setup functions', async () => {
    await prepareBackend('wasm');
    const before = tf.getKernel('MaxPoolGrad', 'wasm');
    const again = registerWasmTrainingKernels();
    expect(again.added).toEqual([]);
    expect(again.replaced).toEqual([]);
    expect(again.unchanged).toEqual(expect.arrayContaining(['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'BatchMatMul']));
    const after = tf.getKernel('MaxPoolGrad', 'wasm');
    expect(after?.kernelFunc).toBe(before?.kernelFunc);
    expect(typeof after?.setupFunc).toBe('function');
    expect(typeof tf.getKernel('Conv2DBackpropInput', 'wasm')?.setupFunc).toBe('function');
  });
});
