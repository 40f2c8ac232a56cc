// Loading tfjs-node's backend through the binding in the cache folder.
//
// tfjs-node's entry (dist/index.js) finds its binding with node-pre-gyp at a path inside its own
// package (lib/napi-v8/tfjs_binding.node): using it would mean writing into node_modules, or a
// copy of its JS in the cache whose require('@tensorflow/tfjs') no longer finds this program's
// TF.js. Instead we do what that entry does, with our binding: register the backend class
// (dist/nodejs_kernel_backend) and its kernels (dist/register_all_kernels) from the installed
// package, pinned at 4.22.0; the file:// model handlers too. tfjs-node-entry.test.ts fails when
// the entry changes what it does.
import { createRequire, Module } from 'node:module';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { registerTensorflowKernels } from '../tensorflow-kernels';
import { loadResolved } from '../node-require';
import { NativeSetupError } from './errors';
import { preloadLibraries } from './gpu';
import { STDIO_PATH } from './build';
import type { StdioAddon } from './stdio-addon';
import type { NativeLibrary } from './provision';
import { resolveFrom } from './resolve';

/** What the loaded binding reports. */
export interface LoadedNative {
  /** TensorFlow's version, from the library itself (TF_Version). */
  tensorflow: string;
  /** Whether TensorFlow placed ops on a GPU. */
  gpuDevice: boolean;
  library: NativeLibrary;
}

interface Binding {
  TF_Version: string;
  isUsingGpuDevice(): boolean;
}

let loaded: LoadedNative | null = null;

/**
 * TensorFlow's C++ logging (absl, cpu_feature_guard, oneDNN, cuInit) writes to stderr while the
 * library loads; our CLI output and its one-line errors stay clean. A user's own setting wins
 * (TF_CPP_MIN_LOG_LEVEL=0 shows everything, the load's lines included). Returns whether quiet.
 */
export function quietTensorflowLogs(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.TF_CPP_MIN_LOG_LEVEL === undefined) env.TF_CPP_MIN_LOG_LEVEL = '3';
  return Number(env.TF_CPP_MIN_LOG_LEVEL) >= 2;
}

/** The stderr guard of the cache folder (stdio-addon.ts), or null (then the load may print a line or two). */
function stdioGuard(library: NativeLibrary): StdioAddon | null {
  try {
    return loadResolved<StdioAddon>(path.join(library.dir, STDIO_PATH));
  } catch {
    return null;
  }
}

/**
 * tfjs-node's modules require('@tensorflow/tfjs'), the union package, for tfjs-core's API only
 * (every name they use is core's: tfjs-node-entry.test.ts checks it); loading the union also loads
 * the converter, tfjs-data and the WebGL backend, ~0.1 s of CPU in every process that loads
 * native TensorFlow (each child of a parallel run). While `load` runs, require's cache holds
 * tfjs-core's exports under the union's path, unless the union is loaded already; the entry is
 * removed as soon as `load` returns, so a later require('@tensorflow/tfjs') loads the real one.
 */
export function withCoreAsUnion<T>(load: () => T): T {
  const tfjsNode = resolveFrom('@tensorflow/tfjs-node/package.json');
  if (tfjsNode == null) return load();
  // tfjs-node's own require: its resolution, and Node's one module cache.
  const from = createRequire(tfjsNode);
  let union: string;
  let core: string;
  try {
    union = from.resolve('@tensorflow/tfjs');
    core = from.resolve('@tensorflow/tfjs-core');
  } catch {
    return load(); // not resolvable from tfjs-node: it fails or finds them itself
  }
  if (from.cache[union]) return load();
  const standIn = new Module(union);
  standIn.filename = union;
  standIn.loaded = true;
  standIn.exports = from(core);
  from.cache[union] = standIn;
  try {
    return load();
  } finally {
    if (from.cache[union] === standIn) delete from.cache[union];
  }
}

function tfjsNodeModule<T>(rel: string): T {
  const file = resolveFrom(`@tensorflow/tfjs-node/${rel}`);
  if (file == null) throw new NativeSetupError(`@tensorflow/tfjs-node is not installed (${rel})`, 'install it without its libtensorflow download: npm install -g @lrfinder/cli --ignore-scripts (lrfinder installed globally), npm install @tensorflow/tfjs-node@4.22.0 --ignore-scripts (in a project), npm ci (in the lrfinder repository)');
  return loadResolved<T>(file);
}

/**
 * Loads the library's binding and registers TF.js backend 'tensorflow' with it (once per
 * process; a second library cannot replace the first), then lrfinder's tensorflow kernels.
 */
export function loadNativeBackend(library: NativeLibrary): LoadedNative {
  if (loaded) {
    if (loaded.library.dir === library.dir) return loaded;
    throw new NativeSetupError(`${loaded.library.dir} is already loaded in this process`, 'one native TensorFlow per process: run the other flavour in its own process');
  }
  const quiet = quietTensorflowLogs();
  const cuda = library.manifest.cuda?.libraries ?? [];
  if (cuda.length) {
    const failed = preloadLibraries(cuda.map((rel) => path.join(library.dir, rel)));
    if (failed.length) {
      throw new NativeSetupError(`CUDA libraries in ${library.dir} would not load (${path.basename(failed[0].file)}: ${failed[0].error})`, 'run npx lrfinder setup tensorflow --gpu --force; check the NVIDIA driver supports CUDA 12 (nvidia-smi)');
    }
  }
  let binding: Binding;
  const guard = quiet ? stdioGuard(library) : null;
  guard?.mute();
  try {
    binding = loadResolved<Binding>(library.bindingPath);
  } catch (e) {
    const first = ((e as Error).message ?? String(e)).split('\n')[0];
    throw new NativeSetupError(`tfjs-node's binding in ${library.dir} would not load (${first})`, `run npx lrfinder setup tensorflow${library.manifest.gpu ? ' --gpu' : ''} --force`);
  } finally {
    guard?.restore();
  }
  const { NodeJSKernelBackend } = withCoreAsUnion(() => {
    tfjsNodeModule('dist/register_all_kernels.js');
    return tfjsNodeModule<{ NodeJSKernelBackend: new (binding: unknown, packageName: string) => tf.KernelBackend }>('dist/nodejs_kernel_backend.js');
  });
  const packageName = library.manifest.gpu ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
  if (tf.findBackendFactory('tensorflow') == null) tf.registerBackend('tensorflow', () => new NodeJSKernelBackend(binding, packageName), 3);
  const { nodeFileSystemRouter } = withCoreAsUnion(() => tfjsNodeModule<{ nodeFileSystemRouter: Parameters<typeof tf.io.registerLoadRouter>[0] }>('dist/io/file_system.js'));
  tf.io.registerLoadRouter(nodeFileSystemRouter);
  tf.io.registerSaveRouter(nodeFileSystemRouter);
  registerTensorflowKernels();
  loaded = { tensorflow: binding.TF_Version, gpuDevice: binding.isUsingGpuDevice(), library };
  return loaded;
}

/** What is loaded in this process, or null. */
export function loadedNative(): LoadedNative | null {
  return loaded;
}
