// The worker's TF.js backend, through @lrfinder/backends/browser: WebGL, then wasm (with the
// training kernels it registers), then cpu. A backend counts only when one training step of the
// sweep's model runs on it; otherwise the next one in the order is tried.
import * as tf from '@tensorflow/tfjs';
import { prepareBrowserBackend, toBackendInfo, type BrowserBackendName } from '@lrfinder/backends/browser';
import type { BackendInfo } from '@lrfinder/core';
import { isSoftwareRenderer, webglRenderer } from './webgl-renderer';

/** Where the app serves the wasm binaries (route handler /api/tfjs-wasm/[file]). */
export const WASM_PATH = '/api/tfjs-wasm/';
const ORDER = ['webgl', 'wasm', 'cpu'] as const;

export interface BackendChoice {
  name: string;
  info: BackendInfo;
  skipped: { name: string; reason: string }[];
}

/**
 * tfjs' threaded wasm starts its pthread workers from the source text of its Emscripten factory
 * (a blob); once the app's bundler has minified that factory it refers to names of the bundle
 * the blob does not have ("a is not defined") and every worker dies. So the sweep runs
 * single-threaded wasm even on the cross-origin-isolated sweep page, until the factory is kept
 * out of minification.
 */
function singleThreadedWasm(): void {
  try {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  } catch {
    /* flag not registered: the wasm backend is not loaded, nothing to turn off */
  }
}

export async function chooseBackend(preferred: BrowserBackendName, probe: () => void | Promise<void>): Promise<BackendChoice> {
  singleThreadedWasm();
  const options = { wasmPaths: new URL(WASM_PATH, self.location.origin).href };
  const skipped: BackendChoice['skipped'] = [];
  const candidates = preferred === 'auto' ? ORDER : [preferred];
  for (const name of candidates) {
    if (preferred === 'auto' && name === 'webgl') {
      const renderer = webglRenderer();
      if (isSoftwareRenderer(renderer)) {
        skipped.push({ name, reason: `software WebGL (${renderer}): slower than wasm` });
        continue;
      }
    }
    try {
      const report = await prepareBrowserBackend(name, options);
      await probe();
      return { name: report.name, info: { ...toBackendInfo(report), device: 'browser (Web Worker)' }, skipped };
    } catch (e) {
      skipped.push({ name, reason: (e as Error)?.message || String(e) });
    }
  }
  throw new Error(`no backend could train: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}
