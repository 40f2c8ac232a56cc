// loadNpy: an x and a y .npy file.
import * as path from 'path';
import type { ArraySource } from '../array-source';
import { npySource, type NpySourceOptions } from '../npy-source';
import { readDataFile } from './read-file';

/** Options of {@link loadNpy}: those of npySource without the arrays. */
export type LoadNpyOptions = Omit<NpySourceOptions, 'x' | 'y' | 'xFile' | 'yFile'>;

/** A source over `x.npy` (inputs) and `y.npy` (labels or targets). */
export async function loadNpy(xPath: string, yPath: string, options: LoadNpyOptions = {}): Promise<ArraySource> {
  const [x, y] = await Promise.all([readDataFile(xPath), readDataFile(yPath)]);
  return npySource({ name: options.name ?? `npy:${path.basename(xPath)}`, ...options, x, y, xFile: xPath, yFile: yPath });
}
