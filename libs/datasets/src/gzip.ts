// Gzip through fflate (pure JS, browser-safe). Files are gzip when they start with 1f 8b.
import { gunzipSync } from 'fflate';
import { DatasetError } from './errors';

const hex = (b: number | undefined) => (b === undefined ? 'end of file' : b.toString(16).padStart(2, '0'));

/** True when `bytes` starts with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflates a gzip file. `file` names it in errors; a file that is not gzip, or a damaged
 * or truncated one, is a DatasetError.
 */
export function gunzip(bytes: Uint8Array, file?: string): Uint8Array {
  if (!isGzip(bytes)) {
    throw new DatasetError('not a gzip file', {
      file, offset: 0, expected: 'gzip magic number 1f 8b', found: `${hex(bytes[0])} ${hex(bytes[1])}`,
      hint: 'Pass the uncompressed file or rename it without .gz',
    });
  }
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new DatasetError('damaged gzip data', { file, expected: 'a complete gzip stream', found: (e as Error).message || 'invalid data' });
  }
}

/** Inflates when `bytes` is gzip (or `gzip` is true), else returns them as they are. */
export function maybeGunzip(bytes: Uint8Array, file?: string, gzip?: boolean): Uint8Array {
  return gzip || (gzip === undefined && isGzip(bytes)) ? gunzip(bytes, file) : bytes;
}
