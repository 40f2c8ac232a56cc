// prepareBackend / doctor / toBackendInfo for Node.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { cpus } from 'node:os';
import { BackendError } from './errors';
import { registerWasmTrainingKernels } from './kernels/register';
import { loadResolved, resolveOptional } from './node-require';
import { MODULES, probe } from './probes';
import { isNativeSetupError } from './native/errors';
import { nativeDisabled, type NativeOptions } from './native/probe';
import {
  AUTO_ORDER, BACKEND_NAMES, type BackendName, type BackendReport, type BackendStatus,
  type ConcreteBackendName, type DoctorReport, type WasmThreads,
} from './types';
import { configureWasmPaths, wasmFacts, wasmVersion } from './wasm-node';
import { initWasmBackend, resolveWasmThreads } from './wasm-threads';

/** Options of prepareBackend. */
export interface PrepareOptions {
  /**
   * Register the wasm training kernels when the backend is wasm.
   * @default true
   */
  trainingKernels?: boolean;
  /**
   * Threads of the wasm backend (only wasm uses it): a count from 1 to 8, or 'auto' (one per
   * core, at most 8). Fixed by the first initialisation of wasm in the process: a later call
   * asking for another count throws a BackendError; left out, a later call takes what runs.
   * @default 'auto' (see defaultWasmThreads: 1.3x faster steps on 2 cores)
   */
  threads?: WasmThreads;
  /**
   * Native TensorFlow (tensorflow, tensorflow-gpu): whether it may be set up here when it is not
   * yet (`mayBuild`, default true; LRFINDER_NATIVE=0 says no), where its progress lines and the
   * one line on falling back go (`log`, default stderr), and the signal that stops a setup.
   */
  native?: NativeOptions;
}

let fallbackTold = false;

const stderrLine = (line: string) => {
  process.stderr.write(`${line}\n`);
};

function tfBackendOf(name: ConcreteBackendName): string {
  return name === 'tensorflow-gpu' ? 'tensorflow' : name;
}

function installNavigatorGpu(gpu: unknown): void {
  const g = globalThis as unknown as { navigator?: Record<string, unknown> };
  if (g.navigator == null) g.navigator = { gpu };
  else if (g.navigator.gpu == null) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
}

/** Makes `name` active; returns null when it registered but would not initialise. */
async function activate(name: ConcreteBackendName, found: BackendStatus & { gpu?: unknown }, options: PrepareOptions): Promise<string | null> {
  if (name === 'wasm') {
    if (configureWasmPaths() == null) return 'cannot resolve @tensorflow/tfjs-backend-wasm to find its .wasm files';
    if (!(await initWasmBackend(options.threads))) return "tf.setBackend('wasm') failed to initialise it (see the warning printed above)";
    await tf.ready();
    return null;
  }
  if (name === 'webgpu') {
    installNavigatorGpu(found.gpu);
    const entry = resolveOptional('@tensorflow/tfjs-backend-webgpu');
    if (entry) loadResolved(entry);
    if (tf.findBackendFactory('webgpu') == null) {
      return '@tensorflow/tfjs-backend-webgpu was loaded before a WebGPU adapter was installed; call prepareBackend before importing it';
    }
  }
  const ok = await tf.setBackend(tfBackendOf(name));
  if (!ok) return `tf.setBackend('${tfBackendOf(name)}') failed to initialise it (see the warning printed above)`;
  await tf.ready();
  return null;
}

/**
 * Readies a backend and makes it TF.js's active one. `auto` takes the first that works of
 * tensorflow-gpu > tensorflow > webgpu (only with a GPU adapter) > wasm > cpu; a named backend
 * that cannot be had throws a BackendError saying what to install or do. On wasm the training
 * kernels are registered (see registerWasmTrainingKernels) and `options.threads` picks the
 * single-threaded or the threaded binary (wasm-threads.ts); a bad `threads`, or one that differs
 * from what wasm already runs with, throws a BackendError.
 */
export async function prepareBackend(name: BackendName = 'auto', options: PrepareOptions = {}): Promise<BackendReport> {
  if (!BACKEND_NAMES.includes(name)) {
    throw new BackendError(`unknown backend "${String(name)}": use one of ${BACKEND_NAMES.join(', ')}`, String(name));
  }
  if (options.threads !== undefined) resolveWasmThreads(options.threads);
  const candidates = name === 'auto' ? AUTO_ORDER : [name];
  const skipped: BackendReport['skipped'] = [];
  const env = options.native?.env ?? process.env;
  const native: NativeOptions = { log: stderrLine, ...options.native };
  for (const candidate of candidates) {
    const isNative = candidate === 'tensorflow' || candidate === 'tensorflow-gpu';
    if (isNative && name === 'auto' && nativeDisabled(env)) {
      skipped.push({ name: candidate, reason: 'LRFINDER_NATIVE=0: native TensorFlow is not used' });
      continue;
    }
    let found: Awaited<ReturnType<typeof probe>>;
    try {
      found = await probe(candidate, native);
    } catch (e) {
      if (isNativeSetupError(e) && e.interrupted) throw new BackendError(e.message, name, true);
      throw e;
    }
    let reason = found.reason;
    let kernels: BackendReport['kernels'] = null;
    if (reason == null) {
      if (candidate === 'wasm' && options.trainingKernels !== false) kernels = registerWasmTrainingKernels();
      reason = await activate(candidate, found, options);
    }
    if (reason != null) {
      if (name !== 'auto') throw new BackendError(`backend ${name} is not available: ${reason}`, name);
      skipped.push({ name: candidate, reason });
      // The one line (once per process) a user sees when auto cannot have the CPU flavour (the GPU one is skipped quietly on machines without a GPU driver).
      if (candidate === 'tensorflow' && !fallbackTold) native.log?.(`native TensorFlow is not used (${reason}); running on the next backend`);
      if (candidate === 'tensorflow') fallbackTold = true;
      continue;
    }
    return { requested: name, ...(await describeActive(candidate, found)), kernels, skipped };
  }
  throw new BackendError(`no backend could be initialised: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`, name);
}

async function describeActive(name: ConcreteBackendName, found: BackendStatus) {
  const versions: Record<string, string> = { 'tfjs-core': tf.version_core };
  if (found.version) versions[MODULES[name]] = found.version;
  if (name === 'tensorflow' || name === 'tensorflow-gpu') return describeNative(name, found, versions);
  if (name === 'wasm') versions['@tensorflow/tfjs-backend-wasm'] = wasmVersion;
  let threads: number | null = null;
  let simd: boolean | null = null;
  const wasm = name === 'wasm' ? await wasmFacts() : undefined;
  if (wasm) {
    threads = wasm.threads;
    simd = wasm.simd;
  } else if (name === 'cpu') {
    threads = 1;
  }
  const device = name === 'webgpu' ? String(found.details.adapter ?? '') || null : null;
  return { name, tfBackend: tf.getBackend(), versions, threads, simd, device, ...(wasm ? { wasm } : {}) };
}

function describeNative(name: 'tensorflow' | 'tensorflow-gpu', found: BackendStatus, versions: Record<string, string>) {
  const d = found.details as { tensorflow?: string; cuda?: string | null; cudnn?: string | null; gpus?: { name: string }[] };
  if (d.tensorflow) versions.tensorflow = d.tensorflow;
  if (d.cuda) versions.cuda = d.cuda;
  if (d.cudnn) versions.cudnn = d.cudnn;
  const parts = [`tfjs-node ${found.version} on TensorFlow ${d.tensorflow ?? 'unknown'}`];
  if (name === 'tensorflow-gpu') parts.push(...[d.cuda ? `CUDA ${d.cuda}` : null, d.gpus?.[0]?.name ?? null].filter((x): x is string => x != null));
  return { name, tfBackend: tf.getBackend(), versions, threads: null, simd: null, device: parts.join(', ') };
}

/**
 * Every backend, present or not and why, with versions, wasm SIMD/threads, and the one `auto`
 * picks. Loads tfjs-node(-gpu) / webgpu when present (the only way to know they work) but does
 * not change the active backend.
 */
export async function doctor(): Promise<DoctorReport> {
  const backends: BackendStatus[] = [];
  for (const name of AUTO_ORDER) {
    const { gpu: _gpu, ...found } = await probe(name, { mayBuild: false, log: () => undefined });
    backends.push(found);
  }
  const auto = backends.find((b) => b.available)?.name ?? 'cpu';
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: cpus().length,
    tfjs: tf.version_core,
    backends,
    auto,
    wasm: await wasmFacts(),
  };
}
