// Finding out, backend by backend, whether it can run here (Node), and loading it.
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadResolved, packageVersion, resolveOptional } from './node-require';
import { probeNative, type NativeOptions } from './native/probe';
import type { BackendStatus, ConcreteBackendName } from './types';

export const MODULES: Record<ConcreteBackendName, string> = {
  // Both flavours are tfjs-node's binding, built against TensorFlow's CPU or CUDA library (native/).
  'tensorflow-gpu': '@tensorflow/tfjs-node',
  tensorflow: '@tensorflow/tfjs-node',
  webgpu: 'webgpu',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
};

const loaded = new Map<ConcreteBackendName, BackendStatus>();

function status(name: ConcreteBackendName, reason: string | null, details: Record<string, unknown> = {}): BackendStatus {
  return { name, available: reason == null, reason, module: MODULES[name], version: packageVersion(MODULES[name]), details };
}

interface GpuLike {
  requestAdapter(options?: unknown): Promise<{ info?: Record<string, string> } | null>;
}

async function importNative(path: string): Promise<Record<string, unknown>> {
  try {
    // Native ESM import (the 'webgpu' package is ESM), not rewritten by transpilers.
    const dynamicImport = new Function('p', 'return import(p)') as (p: string) => Promise<Record<string, unknown>>;
    return await dynamicImport(path.startsWith('/') ? `file://${path}` : path);
  } catch {
    return loadResolved<Record<string, unknown>>(path);
  }
}

/**
 * On Linux, whether the Vulkan loader that Dawn needs is missing. Checked before Dawn is loaded
 * because Dawn, lacking it, prints a native warning to stderr that `--json`/`--quiet` runs must
 * not show; the reason we give instead says what to install.
 */
export function vulkanLoaderMissing(
  platform = process.platform,
  libraryPath = process.env.LD_LIBRARY_PATH ?? '',
  ldCache = '/etc/ld.so.cache',
): boolean {
  if (platform !== 'linux') return false;
  const dirs = libraryPath.split(':').filter(Boolean);
  if (dirs.some((dir) => fs.existsSync(nodePath.join(dir, 'libvulkan.so.1')))) return false;
  try {
    return !fs.readFileSync(ldCache).includes('libvulkan.so.1');
  } catch {
    return false; // no cache to read: let Dawn try
  }
}

/** The 'webgpu' (Dawn) package: loads, finds a GPU adapter or says why not. */
async function probeWebgpu(): Promise<BackendStatus & { gpu?: GpuLike }> {
  const path = resolveOptional('webgpu');
  if (path == null) return status('webgpu', 'module not installed: webgpu (npm install webgpu@0.6.2; prebuilt Dawn, no download at install)');
  if (resolveOptional('@tensorflow/tfjs-backend-webgpu') == null) {
    return status('webgpu', 'module not installed: @tensorflow/tfjs-backend-webgpu (npm install @tensorflow/tfjs-backend-webgpu@4.22.0)');
  }
  if (vulkanLoaderMissing()) {
    return status('webgpu', 'no Vulkan loader: libvulkan.so.1 is not installed (Debian/Ubuntu: apt-get install libvulkan1), and Dawn needs it with a GPU driver that supports Vulkan');
  }
  try {
    const mod = await importNative(path);
    const create = mod.create as (flags: string[]) => GpuLike;
    Object.assign(globalThis, mod.globals as object);
    const gpu = create([]);
    const adapter = await gpu.requestAdapter();
    if (adapter == null) {
      return status('webgpu', 'no WebGPU adapter found: Dawn sees no usable GPU (it needs a GPU driver with Vulkan support and libvulkan.so.1 on Linux; software Vulkan drivers do not count)');
    }
    const info = adapter.info ?? {};
    const device = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'unknown adapter';
    return { ...status('webgpu', null, { adapter: device }), gpu };
  } catch (e) {
    return status('webgpu', `webgpu (Dawn) failed to load: ${(e as Error)?.message?.split('\n')[0] ?? String(e)}`);
  }
}

/**
 * Probes one backend; native TensorFlow and webgpu are loaded in the process as a side effect
 * (that is the only way to know whether they work). Results are remembered per process, except
 * native TensorFlow's failures: a later call may be allowed to set it up (`native.mayBuild`).
 */
export async function probe(name: ConcreteBackendName, native: NativeOptions = {}): Promise<BackendStatus & { gpu?: GpuLike }> {
  const known = loaded.get(name);
  if (known) return known;
  let result: BackendStatus & { gpu?: GpuLike };
  if (name === 'tensorflow-gpu' || name === 'tensorflow') {
    result = await probeNative(name, native);
    // Not set up and not allowed to (doctor): a later call may set it up. Else the verdict stands for this process.
    if (!result.available && native.mayBuild === false) return result;
  } else if (name === 'webgpu') result = await probeWebgpu();
  else if (name === 'wasm') result = status('wasm', tf.findBackendFactory('wasm') ? null : 'the wasm backend did not register (is @tensorflow/tfjs-backend-wasm installed?)');
  else result = status('cpu', tf.findBackendFactory('cpu') ? null : 'the cpu backend did not register (install @tensorflow/tfjs-backend-cpu)');
  loaded.set(name, result);
  return result;
}
