// Preparing the TF.js backend of a test (the backends library picks and sets it up).
import { BackendError, prepareBackend, toBackendInfo, type BackendName, type WasmThreads } from '@lrfinder/backends';
import type { BackendInfo } from '@lrfinder/core';
import { CliInputError } from '../io';

/**
 * Makes `name` tf's active backend (wasm with `threads`, undefined: the library's default); a
 * backend that cannot be had, or a thread count that cannot be, is a CliInputError (exit 2).
 */
export async function useBackend(name: BackendName, threads?: WasmThreads): Promise<BackendInfo> {
  try {
    return toBackendInfo(await prepareBackend(name, { threads }));
  } catch (e) {
    if (e instanceof BackendError || (e as Error)?.name === 'BackendError') {
      const flags = `--backend ${name}${threads !== undefined ? ` --threads ${threads}` : ''}`;
      throw new CliInputError(`${flags}: ${(e as Error).message}`, 'backend');
    }
    throw e;
  }
}
