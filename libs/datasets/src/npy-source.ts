// A BatchSource over an x and a y .npy array (browser-safe; the Node entry reads the files).
import { arraySource, type ArraySource } from './array-source';
import { DatasetError } from './errors';
import { toFloat32 } from './float32';
import { parseNpy, type NpyArray } from './npy';

/** Options of {@link npySource}. */
export interface NpySourceOptions {
  /** Name for the run record. @default 'npy' */
  name?: string;
  /** The inputs: `[n, ...inputShape]`. */
  x: Uint8Array | ArrayBuffer | NpyArray;
  /** The targets: integer class labels `[n]` / `[n, 1]`, or float regression targets `[n, ...]`. */
  y: Uint8Array | ArrayBuffer | NpyArray;
  /** @default 'x.npy' */
  xFile?: string;
  /** @default 'y.npy' */
  yFile?: string;
  /** @default 'classification' for integer y (uint8, int32, int64), 'regression' for float y */
  task?: 'classification' | 'regression';
  /** Classes; a label outside [0, numClasses) is an error. @default max label + 1 */
  numClasses?: number;
  /** Scale uint8 inputs (images) by 1/255 per batch; false keeps 0-255. @default true */
  scaleBytes?: boolean;
  /** Fraction of samples held out as `val` (seeded). @default 0 */
  valSplit?: number;
  /** Seed of the validation split. @default 0 */
  splitSeed?: number;
}

const isArray = (v: NpySourceOptions['x']): v is NpyArray => 'dtype' in v && 'shape' in v;

/** A BatchSource over NumPy arrays. uint8 inputs stay bytes until a batch is made. */
export function npySource(o: NpySourceOptions): ArraySource {
  const xFile = o.xFile ?? 'x.npy';
  const yFile = o.yFile ?? 'y.npy';
  const x = isArray(o.x) ? o.x : parseNpy(o.x, { file: xFile });
  const y = isArray(o.y) ? o.y : parseNpy(o.y, { file: yFile });
  if (x.shape.length === 0) throw new DatasetError('x is a scalar', { file: xFile, expected: 'shape (n, ...)', found: '()' });
  if (y.shape[0] !== x.shape[0]) {
    throw new DatasetError(`x and y differ in sample count (x in ${xFile})`, { file: yFile, expected: `${x.shape[0]} samples`, found: `${y.shape[0] ?? 'a scalar'}` });
  }
  const integerY = y.dtype === 'uint8' || y.dtype === 'int32' || y.dtype === 'int64';
  const task = o.task ?? (integerY ? 'classification' : 'regression');
  const taskReason = o.task
    ? `task ${o.task} was given`
    : integerY
      ? `y is ${y.dtype}: integer labels are class indices`
      : `y is ${y.dtype}: float values are regression targets (give task classification to read integer-valued floats as classes)`;
  const inputShape = x.shape.length === 1 ? [1] : x.shape.slice(1);
  const xs = x.dtype === 'uint8' ? x.data as Uint8Array : x.data instanceof Float32Array ? x.data : toFloat32(x.data, (i) => ({ file: xFile, offset: x.dataOffset + i * x.itemSize }));
  if (task === 'regression') {
    const targetShape = y.shape.length === 1 ? [1] : y.shape.slice(1);
    return arraySource({
      name: o.name ?? 'npy', inputShape, task, taskReason, targetShape, train: { x: xs, y: y.data instanceof Float32Array ? y.data : toFloat32(y.data, (i) => ({ file: yFile, offset: y.dataOffset + i * y.itemSize })) },
      valSplit: o.valSplit, splitSeed: o.splitSeed, byteScale: o.scaleBytes === false ? 1 : undefined,
    });
  }
  if (y.shape.length > 2 || (y.shape.length === 2 && y.shape[1] !== 1)) {
    throw new DatasetError('class labels must be one per sample', { file: yFile, expected: 'shape (n,) or (n, 1)', found: `(${y.shape.join(', ')})` });
  }
  const numClasses = o.numClasses;
  for (let i = 0; i < y.data.length; i++) {
    const v = y.data[i];
    if (!(Number.isInteger(v) && v >= 0 && (numClasses === undefined || v < numClasses) && v < 2 ** 31)) {
      throw new DatasetError(`label of sample ${i} is outside the class range`, {
        file: yFile, offset: y.dataOffset + i * y.itemSize,
        expected: numClasses === undefined ? 'an integer >= 0' : `an integer in [0, ${numClasses - 1}]`, found: String(v),
      });
    }
  }
  return arraySource({
    name: o.name ?? 'npy', inputShape, task, taskReason, numClasses, train: { x: xs, y: y.data instanceof Uint8Array || y.data instanceof Int32Array ? y.data : Int32Array.from(y.data) },
    valSplit: o.valSplit, splitSeed: o.splitSeed, byteScale: o.scaleBytes === false ? 1 : undefined,
  });
}
