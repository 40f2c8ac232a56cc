// The threaded wasm backend (a child process: wasm initialises once per process) and the rules
// of the `threads` option (in this process).
import * as tf from '@tensorflow/tfjs-core';
import { BackendError, MAX_WASM_THREADS, autoWasmThreads, doctor, prepareBackend } from '../index';
import { runTsxChild, type ChildResult } from './tsx-child';

describe('threads: 2 (child process)', () => {
  let result: ChildResult;
  let out: {
    report: { threads: number; wasm: { multithreaded: boolean; threads: number; binary: string; initialised: boolean } };
    getThreadsCount: number;
    doctor: { multithreaded: boolean; threads: number; binary: string; initialised: boolean };
    refused: { isBackendError: boolean; message: string } | null;
    errors: Record<string, number>;
    allZero: string[];
    globals: { worker: string; blobUrl: boolean; cpus: boolean };
  };
  const seed = (Date.now() ^ (Math.random() * 2 ** 31)) >>> 0;

  beforeAll(async () => {
    // No timing is checked: the guard only turns a process that never ends into a failure.
    result = await runTsxChild('wasm-threads.child.ts', ['2', String(seed)], 240_000);
    // TF.js may print its "install the node backend" banner around the result line.
    const line = result.stdout.split('\n').find((l) => l.startsWith('{"report"'));
    out = line ? JSON.parse(line) : null;
  }, 300_000);

  it('exits by itself with code 0 (the pthread workers do not keep it alive)', () => {
    expect({ hung: result.hung, code: result.code, signal: result.signal, stderr: result.stderr }).toEqual({ hung: false, code: 0, signal: null, stderr: '' });
  });

  it('runs the threaded SIMD binary with 2 threads, and says so in the report and the doctor', () => {
    expect(out.getThreadsCount).toBe(2);
    expect(out.report.threads).toBe(2);
    const facts = { multithreaded: true, threads: 2, binary: 'tfjs-backend-wasm-threaded-simd.wasm', initialised: true };
    expect(out.report.wasm).toMatchObject(facts);
    expect(out.doctor).toMatchObject(facts);
  });

  it("a small CNN's output, loss and every weight gradient match cpu (relative error < 1e-5)", () => {
    expect(out.allZero).toEqual([]);
    expect(Object.keys(out.errors)).toHaveLength(2 + 8); // output, loss, 4 layers x (kernel, bias)
    const bad = Object.entries(out.errors).filter(([, e]) => !(e < 1e-5));
    expect({ seed, bad }).toEqual({ seed, bad: [] });
  });

  it('refuses another thread count afterwards with a BackendError that says why', () => {
    expect(out.refused?.isBackendError).toBe(true);
    expect(out.refused?.message).toMatch(/already runs with 2 threads .*threads: 1 was asked for.*first prepareBackend/);
  });

  it('puts back the globals it patched while wasm initialised', () => {
    expect(out.globals).toEqual({ worker: 'undefined', blobUrl: true, cpus: true });
  });
});

describe('the threads option (this process)', () => {
  it('refuses counts outside 1..8 and non-numbers before touching any backend', async () => {
    for (const bad of [0, -1, 1.5, MAX_WASM_THREADS + 1, Number.NaN, 'all']) {
      const error = await prepareBackend('cpu', { threads: bad as number }).catch((e) => e);
      expect(error).toBeInstanceOf(BackendError);
      expect(error.message).toMatch(/threads must be 'auto' or a whole number from 1 to 8/);
    }
  });

  it("defaults to 'auto' (one per core, at most 8); a later call may repeat it or leave it out, not change it", async () => {
    const doctorBefore = (await doctor()).wasm;
    const threads = autoWasmThreads();
    expect(doctorBefore).toMatchObject({ threads, multithreaded: threads > 1, initialised: false });
    const report = await prepareBackend('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(report.threads).toBe(threads);
    expect(report.wasm).toMatchObject({ threads, multithreaded: threads > 1, initialised: true });
    expect(report.wasm?.binary).toBe(threads > 1 ? 'tfjs-backend-wasm-threaded-simd.wasm' : 'tfjs-backend-wasm-simd.wasm');
    expect((await prepareBackend('wasm', { threads: 'auto' })).threads).toBe(threads);
    expect((await prepareBackend('wasm', { threads })).threads).toBe(threads);
    const auto = await prepareBackend('auto');
    if (auto.name === 'wasm') expect(auto.threads).toBe(threads);
    const other = threads === 1 ? 2 : 1;
    const error = await prepareBackend('wasm', { threads: other }).catch((e) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error.message).toContain(`the wasm backend already runs with ${threads} thread${threads === 1 ? '' : 's'} in this process; threads: ${other} was asked for`);
    expect(error.message).toContain('choose them in the first prepareBackend of the process');
    // cpu does not care
    expect((await prepareBackend('cpu', { threads: other })).name).toBe('cpu');
  });
});
