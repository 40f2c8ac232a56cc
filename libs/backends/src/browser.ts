// @lrfinder/backends/browser: WebGL, then wasm (with the training kernels), then cpu.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { BackendError } from './errors';
import { backendInstantiated } from './engine-state';
import { registerWasmTrainingKernels } from './kernels/register';
import type { BackendReport, BrowserBackendName } from './types';

export { BackendError } from './errors';
export { toBackendInfo } from './backend-info';
export { registerWasmTrainingKernels, type WasmKernelRegistration } from './kernels/register';
export type { BackendReport, BrowserBackendName } from './types';

export const BROWSER_ORDER = ['webgl', 'wasm', 'cpu'] as const;

/** Options of prepareBrowserBackend. */
export interface BrowserBackendOptions {
  /**
   * Where the page serves the wasm binaries (a URL prefix ending in '/', or a map of file names
   * to URLs), passed to setWasmPaths. Without it tfjs looks next to the bundled script.
   * @default undefined
   */
  wasmPaths?: string | Record<string, string>;
}

let wasmPathsSet = false;
let lastRegistration: BackendReport['kernels'] = null;

async function tryBackend(name: (typeof BROWSER_ORDER)[number], options: BrowserBackendOptions): Promise<string | null> {
  if (name === 'wasm') {
    if (options.wasmPaths != null && !wasmPathsSet && !backendInstantiated('wasm')) {
      setWasmPaths(options.wasmPaths as string);
      wasmPathsSet = true;
    }
    lastRegistration = registerWasmTrainingKernels();
  }
  try {
    if (!(await tf.setBackend(name))) return `${name} failed to initialise`;
    await tf.ready();
    return null;
  } catch (e) {
    return `${name} failed to initialise: ${(e as Error)?.message ?? String(e)}`;
  }
}

/**
 * Makes the best browser backend active: `auto` tries webgl > wasm > cpu; a named one that
 * fails throws a BackendError. Works in windows and Web Workers (WebGL needs OffscreenCanvas there).
 */
export async function prepareBrowserBackend(
  preferred: BrowserBackendName = 'auto',
  options: BrowserBackendOptions = {},
): Promise<BackendReport> {
  const order = preferred === 'auto' ? BROWSER_ORDER : BROWSER_ORDER.filter((n) => n === preferred);
  if (order.length === 0) throw new BackendError(`unknown browser backend "${preferred}": use auto, webgl, wasm or cpu`, preferred);
  const skipped: BackendReport['skipped'] = [];
  for (const name of order) {
    const reason = await tryBackend(name, options);
    if (reason != null) {
      if (preferred !== 'auto') throw new BackendError(reason, preferred);
      skipped.push({ name, reason });
      continue;
    }
    const versions: Record<string, string> = { 'tfjs-core': tf.version_core };
    if (name === 'wasm') versions['@tensorflow/tfjs-backend-wasm'] = version_wasm;
    const simd = name === 'wasm' ? Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) : null;
    return {
      requested: preferred, name, tfBackend: tf.getBackend(), versions, threads: name === 'cpu' ? 1 : null, simd,
      device: null, kernels: name === 'wasm' ? lastRegistration : null, skipped,
    };
  }
  throw new BackendError(`no browser backend could be initialised: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`, preferred);
}
