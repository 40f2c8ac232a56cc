// The wasm backend under Node: binaries resolved from the installed package, SIMD/threads facts.
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { dirname, sep } from 'node:path';
import { resolveOptional } from './node-require';
import type { WasmFacts } from './types';

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
  if (tf.findBackend('wasm') == null) setWasmPaths(prefix);
  configuredPrefix = prefix;
  return prefix;
}

/** SIMD / threads of the wasm backend; threads only known once it is initialised. */
export async function wasmFacts(): Promise<WasmFacts> {
  const [simd, multithreaded] = await Promise.all([
    tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') as Promise<boolean>,
    tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') as Promise<boolean>,
  ]);
  const initialised = tf.findBackend('wasm') != null;
  let threads: number | null = multithreaded ? null : 1;
  try {
    if (initialised) threads = Math.max(1, getThreadsCount());
  } catch {
    // not initialised after all: keep what the flags say
  }
  const binary = multithreaded && simd ? 'tfjs-backend-wasm-threaded-simd.wasm' : simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
  return { simd, multithreaded, threads, binary };
}

export const wasmVersion = version_wasm;
