// The wasm backend under Node: binaries resolved from the installed package, SIMD/threads facts
// (threads themselves: wasm-threads.ts).
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { dirname, sep } from 'node:path';
import { resolveOptional } from './node-require';
import { backendInstantiated } from './engine-state';
import type { WasmFacts } from './types';
import { defaultWasmThreads, runningWasm, threadedWasmFiles } from './wasm-threads';

let configuredPrefix: string | null = null;

/**
 * Points the wasm backend at the .wasm files of the installed @tensorflow/tfjs-backend-wasm
 * (found by module resolution, so bundles and other working directories work). Must run before
 * the backend initialises; later calls are no-ops. Returns the folder, or null if unresolvable.
 */
export function configureWasmPaths(): string | null {
  if (configuredPrefix != null) return configuredPrefix;
  const entry = resolveOptional('@tensorflow/tfjs-backend-wasm');
  if (entry == null) return null;
  const prefix = dirname(entry) + sep;
  if (!backendInstantiated('wasm')) setWasmPaths(prefix);
  configuredPrefix = prefix;
  return prefix;
}

/** The .wasm file TF.js loads for these capabilities (file name only). */
export function wasmBinaryName(simd: boolean, multithreaded: boolean): string {
  return multithreaded && simd ? 'tfjs-backend-wasm-threaded-simd.wasm' : simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
}

/**
 * SIMD / threads / binary of the wasm backend: what runs once it is initialised in this process,
 * before that what prepareBackend('wasm') would start with by default.
 */
export async function wasmFacts(): Promise<WasmFacts> {
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
  const running = runningWasm();
  if (running != null) {
    const multithreaded = running.multithreaded && simd;
    return { simd, multithreaded, threads: running.threads, binary: wasmBinaryName(simd, multithreaded), initialised: true };
  }
  const threads = simd && threadedWasmFiles() != null ? defaultWasmThreads() : 1;
  return { simd, multithreaded: threads > 1, threads, binary: wasmBinaryName(simd, threads > 1), initialised: false };
}

export const wasmVersion = version_wasm;
