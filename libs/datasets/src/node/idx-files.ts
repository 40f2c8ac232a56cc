// loadIdx: IDX image/label files from a folder or named files.
import { promises as fs } from 'fs';
import * as path from 'path';
import type { ArraySource } from '../array-source';
import { DatasetError } from '../errors';
import { idxSource } from '../idx-source';
import { readDataFile } from './read-file';

/** Named IDX files. */
export interface IdxFiles {
  images: string;
  labels: string;
  testImages?: string;
  testLabels?: string;
}

/** Options of {@link loadIdx}. */
export interface LoadIdxOptions {
  /** Name for the run record. @default 'idx:<folder or images file name>' */
  name?: string;
  /** Classes; a label outside the range is an error. @default max label + 1 */
  numClasses?: number;
  /** `'test'` (test files as val), a fraction of train, or 0. @default 'test' with test files, else 0 */
  valSplit?: number | 'test';
  /** Seed of a fractional validation split. @default 0 */
  splitSeed?: number;
  /** Scale uint8 images to [0, 1] per batch; false keeps 0-255 floats. @default true */
  scaleBytes?: boolean;
}

const isImages = (n: string) => /images|idx3/i.test(n);
const isLabels = (n: string) => /labels|idx1/i.test(n);
const isTest = (n: string) => /^(t10k|test)/i.test(n);

/** Finds train (and test) image/label files in a folder by their usual names. */
export async function findIdxFiles(dir: string): Promise<IdxFiles> {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  } catch {
    throw new DatasetError('IDX folder not found', { file: dir, expected: 'a folder with IDX image and label files', found: 'nothing' });
  }
  const pick = (test: boolean, kind: (n: string) => boolean) => names.filter((n) => isTest(n) === test && kind(n));
  const [images, labels, testImages, testLabels] = [pick(false, isImages), pick(false, isLabels), pick(true, isImages), pick(true, isLabels)];
  if (images.length !== 1 || labels.length !== 1 || testImages.length > 1 || testLabels.length > 1 || testImages.length !== testLabels.length) {
    throw new DatasetError('cannot tell the IDX files apart', {
      file: dir, expected: 'one training images file and one labels file (names with "images"/"idx3" and "labels"/"idx1"), optionally t10k-/test- ones',
      found: names.join(', ') || 'an empty folder', hint: 'Pass the files by name instead',
    });
  }
  const full = (n: string | undefined) => (n === undefined ? undefined : path.join(dir, n));
  return { images: full(images[0])!, labels: full(labels[0])!, testImages: full(testImages[0]), testLabels: full(testLabels[0]) };
}

/** A source over IDX files (plain or gzip), from a folder or named files. */
export async function loadIdx(dirOrFiles: string | IdxFiles, options: LoadIdxOptions = {}): Promise<ArraySource> {
  const files = typeof dirOrFiles === 'string' ? await findIdxFiles(dirOrFiles) : dirOrFiles;
  const read = (f: string | undefined) => (f === undefined ? undefined : readDataFile(f));
  const [images, labels, testImages, testLabels] = await Promise.all([read(files.images), read(files.labels), read(files.testImages), read(files.testLabels)]);
  return idxSource({
    name: options.name ?? `idx:${path.basename(typeof dirOrFiles === 'string' ? dirOrFiles : files.images)}`,
    numClasses: options.numClasses,
    train: { images: images!, labels: labels!, imagesFile: files.images, labelsFile: files.labels },
    test: testImages && testLabels ? { images: testImages, labels: testLabels, imagesFile: files.testImages, labelsFile: files.testLabels } : undefined,
    valSplit: options.valSplit,
    splitSeed: options.splitSeed,
    scaleBytes: options.scaleBytes,
  });
}
