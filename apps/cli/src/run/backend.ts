// Preparing the TF.js backend of a test (the backends library picks and sets it up).
import { BackendError, handOverEnv, isNativeSetupError, prepareBackend, provisionTensorflow, toBackendInfo, type BackendName, type WasmThreads } from '@lrfinder/backends';
import type { BackendInfo } from '@lrfinder/core';
import { CliInputError } from '../io';

export interface UseBackendOptions {
  /** Stops a native TensorFlow setup in progress (Ctrl-C). */
  signal?: AbortSignal;
}

/**
 * Makes `name` tf's active backend (wasm with `threads`, undefined: the library's default); a
 * backend that cannot be had, or a thread count that cannot be, is a CliInputError (exit 2).
 * Native TensorFlow is set up on first use (progress on stderr); under auto, a machine that cannot
 * have it gets one line on stderr saying why and the fix, and runs on the next backend.
 */
export async function useBackend(name: BackendName, threads?: WasmThreads, options: UseBackendOptions = {}): Promise<BackendInfo> {
  try {
    return toBackendInfo(await prepareBackend(name, { threads, native: { signal: options.signal, log: (line) => process.stderr.write(`lrfinder: ${line}\n`) } }));
  } catch (e) {
    if (e instanceof BackendError || (e as Error)?.name === 'BackendError') {
      const flags = `--backend ${name}${threads !== undefined ? ` --threads ${threads}` : ''}`;
      throw new CliInputError(`${flags}: ${(e as Error).message}`, 'backend');
    }
    throw e;
  }
}

/**
 * Before tests run in child processes: sets native TensorFlow up once here, so the children
 * find it ready instead of queueing on its lock. Failures are left to the children (each says why).
 * Resolves with the environment entries that hand the library to the children (they then skip
 * locating it again), or {} when there is none to hand.
 */
export async function setUpNativeFirst(name: BackendName, signal?: AbortSignal): Promise<Record<string, string>> {
  if (name !== 'auto' && name !== 'tensorflow') return {};
  if (/^(0|false|no|off)$/i.test(process.env.LRFINDER_NATIVE ?? '')) return {};
  const library = await provisionTensorflow({ signal, log: (line) => process.stderr.write(`lrfinder: ${line}\n`) }).catch((e: unknown) => {
    if (isNativeSetupError(e) && e.interrupted) throw new CliInputError(e.message, 'backend'); // Ctrl-C: no tests start
    return null;
  });
  return library ? handOverEnv(library) : {};
}
