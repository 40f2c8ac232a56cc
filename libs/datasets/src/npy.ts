// NumPy .npy files, parsed by hand (the format is small: magic, version, a Python-dict header,
// C-order data). Read: float32, float64, uint8, int32, int64 little-endian, C order, header
// versions 1, 2 and 3. int64 becomes float64 numbers (exact up to 2^53, larger is an error).
import { DatasetError } from './errors';

const DTYPES = {
  '<f4': { dtype: 'float32', size: 4 },
  '<f8': { dtype: 'float64', size: 8 },
  '|u1': { dtype: 'uint8', size: 1 },
  '<u1': { dtype: 'uint8', size: 1 },
  '<i4': { dtype: 'int32', size: 4 },
  '<i8': { dtype: 'int64', size: 8 },
} as const;

export type NpyDtype = (typeof DTYPES)[keyof typeof DTYPES]['dtype'];

/** A parsed .npy array. uint8 data is a view on the input (no copy). */
export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: Float32Array | Float64Array | Uint8Array | Int32Array;
  /** Byte offset of the data in the file (for error messages). */
  dataOffset: number;
  /** Bytes per element in the file. */
  itemSize: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

function field(header: string, key: string, pattern: string): string | undefined {
  return new RegExp(`['"]${key}['"]\\s*:\\s*${pattern}`).exec(header)?.[1];
}

/** Parses .npy bytes; bad input is a DatasetError with the byte offset. */
export function parseNpy(input: Uint8Array | ArrayBuffer, options: { file?: string } = {}): NpyArray {
  const file = options.file;
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const fail = (problem: string, offset: number, expected: string, found: string, hint?: string) =>
    new DatasetError(problem, { file, offset, expected, found, hint });
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    const found = Array.from(bytes.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join(' ') || 'empty file';
    throw fail(bytes.length < 10 && MAGIC.every((b, i) => i >= bytes.length || bytes[i] === b) ? 'truncated NPY header' : 'not an NPY file', 0, 'magic \\x93NUMPY (93 4e 55 4d 50 59) and a version', found);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  if (major < 1 || major > 3) throw fail('unsupported NPY version', 6, 'version 1, 2 or 3', `${major}.${bytes[7]}`);
  if (major > 1 && bytes.length < 12) throw fail('truncated NPY header', bytes.length, '12 header bytes', `${bytes.length}`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const dataStart = headerStart + headerLength;
  if (bytes.length < dataStart) throw fail('truncated NPY header', bytes.length, `${dataStart} header bytes`, `${bytes.length} bytes`);
  const header = new TextDecoder().decode(bytes.subarray(headerStart, dataStart));
  const descr = field(header, 'descr', `['"]([^'"]*)['"]`);
  const fortran = field(header, 'fortran_order', '(True|False)');
  const shapeText = field(header, 'shape', '\\(([^)]*)\\)');
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw fail('unreadable NPY header', headerStart, "a dict with 'descr', 'fortran_order' and 'shape'", JSON.stringify(header.trim().slice(0, 120)));
  }
  const type = DTYPES[descr as keyof typeof DTYPES];
  if (!type) {
    throw fail('NPY dtype not read', headerStart, 'float32 (<f4), float64 (<f8), uint8 (|u1), int32 (<i4) or int64 (<i8), little-endian', descr,
      'Convert in NumPy first, e.g. np.save(path, a.astype(np.float32))');
  }
  if (fortran === 'True') {
    throw fail('NPY array in Fortran order', headerStart, 'fortran_order False (C order)', 'True', 'Save np.ascontiguousarray(a) instead');
  }
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw fail('bad NPY shape', headerStart, 'non-negative integers', `(${shapeText})`);
  const count = shape.reduce((a, b) => a * b, 1);
  const dataEnd = dataStart + count * type.size;
  if (bytes.length < dataEnd) throw fail(`truncated NPY data (shape ${shape.join('x')})`, bytes.length, `${dataEnd} bytes`, `${bytes.length} bytes`);
  if (bytes.length > dataEnd) throw fail(`trailing bytes after NPY data (shape ${shape.join('x')})`, dataEnd, `${dataEnd} bytes`, `${bytes.length} bytes`);
  if (type.dtype === 'uint8') return { dtype: 'uint8', shape, data: bytes.subarray(dataStart, dataEnd), dataOffset: dataStart, itemSize: 1 };
  // Copy so the typed array is aligned (the file's data may start at any byte of its buffer).
  // Not bytes.slice: on a Node Buffer that is a view sharing the (pooled) memory.
  const copy = new Uint8Array(dataEnd - dataStart);
  copy.set(bytes.subarray(dataStart, dataEnd));
  const buffer = copy.buffer;
  let data: NpyArray['data'];
  if (type.dtype === 'float32') data = new Float32Array(buffer);
  else if (type.dtype === 'float64') data = new Float64Array(buffer);
  else if (type.dtype === 'int32') data = new Int32Array(buffer);
  else {
    const big = new BigInt64Array(buffer);
    data = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const v = Number(big[i]);
      if (!Number.isSafeInteger(v)) throw fail('int64 value too large for a JS number', dataStart + i * 8, `|value| <= 2^53`, big[i].toString());
      data[i] = v;
    }
  }
  if (type.dtype === 'float32' || type.dtype === 'float64') {
    for (let i = 0; i < count; i++) {
      if (!Number.isFinite(data[i])) throw fail('non-finite value in NPY data', dataStart + i * type.size, 'a finite number', String(data[i]));
    }
  }
  return { dtype: type.dtype, shape, data, dataOffset: dataStart, itemSize: type.size };
}

/** Writes a .npy file (version 1 unless asked), the inverse of {@link parseNpy}; for tests. */
export function encodeNpy(array: { dtype: NpyDtype; shape: number[]; data: ArrayLike<number> }, options: { version?: 1 | 2 } = {}): Uint8Array {
  const version = options.version ?? 1;
  const descr = { float32: '<f4', float64: '<f8', uint8: '|u1', int32: '<i4', int64: '<i8' }[array.dtype];
  const size = DTYPES[descr as keyof typeof DTYPES].size;
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const prefix = version === 1 ? 10 : 12;
  header += ' '.repeat(63 - ((prefix + header.length) % 64)) + '\n';
  const out = new Uint8Array(prefix + header.length + array.data.length * size);
  const view = new DataView(out.buffer);
  out.set([...MAGIC, version, 0]);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(new TextEncoder().encode(header), prefix);
  const start = prefix + header.length;
  for (let i = 0; i < array.data.length; i++) {
    const o = start + i * size;
    const v = array.data[i];
    if (array.dtype === 'float32') view.setFloat32(o, v, true);
    else if (array.dtype === 'float64') view.setFloat64(o, v, true);
    else if (array.dtype === 'uint8') view.setUint8(o, v);
    else if (array.dtype === 'int32') view.setInt32(o, v, true);
    else view.setBigInt64(o, BigInt(v), true);
  }
  return out;
}
