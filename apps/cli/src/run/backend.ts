// Preparing the TF.js backend of a test (the backends library picks and sets it up).
import { BackendError, prepareBackend, toBackendInfo, type BackendName } from '@lrfinder/backends';
import type { BackendInfo } from '@lrfinder/core';
import { CliInputError } from '../io';

/** Makes `name` tf's active backend; a backend that cannot be had is a CliInputError (exit 2). */
export async function useBackend(name: BackendName): Promise<BackendInfo> {
  try {
    return toBackendInfo(await prepareBackend(name));
  } catch (e) {
    if (e instanceof BackendError || (e as Error)?.name === 'BackendError') {
      throw new CliInputError(`--backend ${name}: ${(e as Error).message}`, 'backend');
    }
    throw e;
  }
}
