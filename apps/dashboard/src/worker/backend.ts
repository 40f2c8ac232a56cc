// The worker's TF.js backend, through @lrfinder/backends/browser: WebGL, then wasm (with the
// training kernels it registers), then cpu. A backend counts only when one training step of the
// sweep's model runs on it; otherwise the next one in the order is tried.
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

export async function chooseBackend(preferred: BrowserBackendName, probe: () => void | Promise<void>): Promise<BackendChoice> {
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
