import type { BackendInfo } from '@lrfinder/core';
import type { BackendReport } from './types';

/** The run record's `backend` field from what prepareBackend returned. */
export function toBackendInfo(report: BackendReport): BackendInfo {
  return {
    name: report.name,
    versions: { ...report.versions },
    threads: report.threads ?? null,
    simd: report.simd ?? null,
    device: report.device ?? null,
  };
}
