// The worker's TF.js backend, through @lrfinder/backends/browser: WebGL, then wasm (with the
// training kernels it registers; threaded on the cross-origin-isolated sweep page), then cpu.
// A backend counts only when one training step of the sweep's model runs on it; otherwise the
// next one in the order is tried.
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { prepareBrowserBackend, toBackendInfo, type BackendReport, type BrowserBackendName } from '@lrfinder/backends/browser';
import type { BackendInfo } from '@lrfinder/core';
import { isSoftwareRenderer, webglRenderer } from './webgl-renderer';
import { fetchFactorySource, threadedFactory, withFactorySource } from './wasm-threads';

/** Where the app serves the wasm binaries (route handler /api/tfjs-wasm/[file]). */
export const WASM_PATH = '/api/tfjs-wasm/';
const ORDER = ['webgl', 'wasm', 'cpu'] as const;

export interface BackendChoice {
  name: string;
  /** Threads the backend computes on (wasm: XNNPACK's pool, from tfjs' getThreadsCount), when known. */
  threads: number | null;
  /** Why wasm runs on one thread although the page could give it more. */
  note: string | null;
  info: BackendInfo;
  skipped: { name: string; reason: string }[];
}

/** Off: the wasm backend runs on one thread (the page is not cross-origin isolated, or the script is missing). */
function singleThreadedWasm(): void {
  try {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  } catch {
    /* flag not registered: the wasm backend is not loaded, nothing to turn off */
  }
}

/**
 * Prepares the wasm backend, threaded where the page allows it (cross-origin isolated: shared
 * memory and wasm threads): its pthread workers get Emscripten's own script (wasm-threads.ts).
 * `threads` is what XNNPACK really runs on: tfjs takes half the logical cores (it assumes two
 * hardware threads per core), 1 to 8, and caps any count it is given there, so a 2-core machine
 * computes on 1 thread and a 4-core one on 2. `note` says why it is one when threads were possible.
 */
async function prepareWasm(options: { wasmPaths: string }): Promise<{ report: BackendReport; threads: number; note: string | null }> {
  let note: string | null = null;
  let source: string | null = null;
  if (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) {
    try {
      source = await fetchFactorySource(options.wasmPaths);
    } catch (e) {
      note = `single-threaded: ${(e as Error)?.message ?? String(e)}`;
      singleThreadedWasm();
    }
  }
  const report = source ? await withFactorySource(threadedFactory(), source, () => prepareBrowserBackend('wasm', options)) : await prepareBrowserBackend('wasm', options);
  return { report, threads: getThreadsCount(), note };
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
      let threads: number | null = null;
      let note: string | null = null;
      let report: BackendReport;
      if (name === 'wasm') ({ report, threads, note } = await prepareWasm(options));
      else report = await prepareBrowserBackend(name, options);
      await probe();
      const info = toBackendInfo(report);
      return { name: report.name, threads: threads ?? info.threads ?? null, note, info: { ...info, threads: threads ?? info.threads, device: 'browser (Web Worker)' }, skipped };
    } catch (e) {
      skipped.push({ name, reason: (e as Error)?.message || String(e) });
    }
  }
  throw new Error(`no backend could train: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}
