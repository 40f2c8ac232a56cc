// A BatchSource over IDX image and label files given as bytes (browser-safe; the Node entry
// reads the files). Images stay bytes; labels are checked against the class range.
import { arraySource, type ArrayData, type ArraySource } from './array-source';
import { DatasetError } from './errors';
import { toFloat32 } from './float32';
import { parseIdx, type IdxArray } from './idx';

/** One split as IDX bytes; the names are used in errors. */
export interface IdxPair {
  images: Uint8Array | ArrayBuffer;
  labels: Uint8Array | ArrayBuffer;
  /** @default 'images' */
  imagesFile?: string;
  /** @default 'labels' */
  labelsFile?: string;
}

/** Options of {@link idxSource}. */
export interface IdxSourceOptions {
  /** Name for the run record. @default 'idx' */
  name?: string;
  train: IdxPair;
  /** The test split (MNIST's t10k files). */
  test?: IdxPair;
  /** Classes; a label outside [0, numClasses) is an error. @default max label + 1 */
  numClasses?: number;
  /**
   * Validation split: `'test'` uses the test files, a fraction holds out that part of the
   * training set (seeded by `splitSeed`), 0 means none.
   * @default 'test' when test files are given, else 0
   */
  valSplit?: number | 'test';
  /** Seed of a fractional validation split. @default 0 */
  splitSeed?: number;
  /** Scale uint8 images to [0, 1] per batch; false keeps 0-255 floats. @default true */
  scaleBytes?: boolean;
}

function inputShapeOf(images: IdxArray, file: string): number[] {
  const [, ...rest] = images.shape;
  if (rest.length === 2) return [...rest, 1];
  if (rest.length === 1 || rest.length === 3) return rest;
  throw new DatasetError('IDX images have an unusable number of dimensions', { file, offset: 3, expected: '2 (n, features), 3 (n, h, w) or 4 (n, h, w, c)', found: String(images.shape.length) });
}

const LABEL_SIZE: Record<string, number> = { uint8: 1, int8: 1, int16: 2, int32: 4 };

function readPair(pair: IdxPair, numClasses: number | undefined): { data: ArrayData; shape: number[]; imagesFile: string; labelsFile: string } {
  const imagesFile = pair.imagesFile ?? 'images';
  const labelsFile = pair.labelsFile ?? 'labels';
  // A .gz name must hold gzip; other names are inflated only when they start with the gzip magic.
  const gz = (f: string) => (/\.gz$/i.test(f) ? true : undefined);
  const images = parseIdx(pair.images, { file: imagesFile, gzip: gz(imagesFile) });
  const labels = parseIdx(pair.labels, { file: labelsFile, gzip: gz(labelsFile) });
  const shape = inputShapeOf(images, imagesFile);
  if (labels.shape.length !== 1 || !(labels.dtype in LABEL_SIZE)) {
    throw new DatasetError('IDX labels must be one integer per sample', { file: labelsFile, offset: 2, expected: 'a 1-dimensional integer array', found: `${labels.dtype} of shape ${labels.shape.join('x')}` });
  }
  if (labels.shape[0] !== images.shape[0]) {
    throw new DatasetError(`image and label counts differ (images in ${imagesFile})`, { file: labelsFile, offset: 4, expected: `${images.shape[0]} labels`, found: `${labels.shape[0]}` });
  }
  if (numClasses !== undefined) {
    const y = labels.data;
    for (let i = 0; i < y.length; i++) {
      if (!(y[i] >= 0 && y[i] < numClasses)) {
        throw new DatasetError(`label of sample ${i} is outside the class range`, { file: labelsFile, offset: 8 + i * LABEL_SIZE[labels.dtype], expected: `0 to ${numClasses - 1}`, found: String(y[i]) });
      }
    }
  }
  const x = images.dtype === 'uint8' ? (images.data as Uint8Array) : toFloat32(images.data, () => ({ file: imagesFile }));
  const y = labels.data instanceof Uint8Array || labels.data instanceof Int32Array ? labels.data : Int32Array.from(labels.data);
  return { data: { x, y }, shape, imagesFile, labelsFile };
}

/** A BatchSource over IDX bytes (plain or gzip). */
export function idxSource(options: IdxSourceOptions): ArraySource {
  const train = readPair(options.train, options.numClasses);
  const test = options.test ? readPair(options.test, options.numClasses) : undefined;
  if (test && test.shape.join() !== train.shape.join()) {
    throw new DatasetError(`test images differ in shape from training images (${train.imagesFile})`, { file: test.imagesFile, offset: 8, expected: train.shape.join('x'), found: test.shape.join('x') });
  }
  const valSplit = options.valSplit ?? (test ? 'test' : 0);
  if (valSplit === 'test' && !test) {
    throw new DatasetError("valSplit 'test' needs test files", { file: options.name ?? 'idx', expected: 'test images and labels', found: 'none' });
  }
  return arraySource({
    name: options.name ?? 'idx',
    inputShape: train.shape,
    task: 'classification',
    numClasses: options.numClasses,
    train: train.data,
    val: valSplit === 'test' ? test!.data : undefined,
    valSplit: valSplit === 'test' ? 0 : valSplit,
    splitSeed: options.splitSeed,
    byteScale: options.scaleBytes === false ? 1 : undefined,
  });
}
