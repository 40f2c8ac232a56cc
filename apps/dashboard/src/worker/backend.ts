// Picking the worker's TF.js backend: WebGL, then wasm, then cpu. A backend counts only when a
// real training step of the sweep's model runs on it (wasm lacks some gradient kernels; WebGL
// may be missing in a headless or GPU-less browser).
// TEMPORARY until @lrfinder/backends/browser (prepareBrowserBackend) lands.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export interface BackendChoice {
  name: string;
  skipped: { name: string; reason: string }[];
}

/** Where the app serves the wasm binaries (route handler /api/tfjs-wasm/[file]). */
export const WASM_PATH = '/api/tfjs-wasm/';

export async function chooseBackend(order: string[], probe: () => void | Promise<void>): Promise<BackendChoice> {
  setWasmPaths(new URL(WASM_PATH, self.location.origin).href);
  const skipped: BackendChoice['skipped'] = [];
  for (const name of order) {
    try {
      if (!(await tf.setBackend(name))) throw new Error('not available in this browser');
      await tf.ready();
      await probe();
      return { name, skipped };
    } catch (e) {
      skipped.push({ name, reason: (e as Error).message || String(e) });
    }
  }
  throw new Error(`no backend could train: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}
