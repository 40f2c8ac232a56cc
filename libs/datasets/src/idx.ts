// The IDX format (MNIST): 2 zero bytes, a type byte, the number of dimensions, then each
// dimension as a big-endian uint32, then the data in C order (multi-byte types big-endian).
import { DatasetError } from './errors';
import { maybeGunzip } from './gzip';

const TYPES = {
  0x08: { dtype: 'uint8', size: 1 },
  0x09: { dtype: 'int8', size: 1 },
  0x0b: { dtype: 'int16', size: 2 },
  0x0c: { dtype: 'int32', size: 4 },
  0x0d: { dtype: 'float32', size: 4 },
  0x0e: { dtype: 'float64', size: 8 },
} as const;

export type IdxDtype = (typeof TYPES)[keyof typeof TYPES]['dtype'];

/** A parsed IDX array: uint8 data is a view on the input bytes (no copy), others are converted. */
export interface IdxArray {
  dtype: IdxDtype;
  shape: number[];
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/** Options of {@link parseIdx}. */
export interface ParseIdxOptions {
  /** Name used in errors. */
  file?: string;
  /** Inflate first: true, false, or undefined to detect the gzip magic number. @default undefined */
  gzip?: boolean;
}

const hex = (v: number, digits: number) => `0x${v.toString(16).padStart(digits, '0')}`;

/** Parses IDX bytes (plain or gzip). Bad input is a DatasetError with the byte offset. */
export function parseIdx(input: Uint8Array | ArrayBuffer, options: ParseIdxOptions = {}): IdxArray {
  const file = options.file;
  const bytes = maybeGunzip(input instanceof Uint8Array ? input : new Uint8Array(input), file, options.gzip);
  const fail = (problem: string, offset: number, expected: string, found: string) =>
    new DatasetError(problem, { file, offset, expected, found });
  if (bytes.length < 4) throw fail('truncated IDX header', bytes.length, '4 header bytes', `${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const type = TYPES[bytes[2] as keyof typeof TYPES];
  if (bytes[0] !== 0 || bytes[1] !== 0 || !type) {
    throw fail('wrong IDX magic number', 0, '0x000008NN (first bytes 00 00, then a type 08, 09, 0b, 0c, 0d or 0e)', hex(magic, 8));
  }
  const ndims = bytes[3];
  if (ndims === 0) throw fail('IDX file with no dimensions', 3, 'at least 1 dimension', '0');
  const headerEnd = 4 + 4 * ndims;
  if (bytes.length < headerEnd) throw fail('truncated IDX header', bytes.length, `${headerEnd} header bytes for ${ndims} dimensions`, `${bytes.length} bytes`);
  const shape = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i));
  const count = shape.reduce((a, b) => a * b, 1);
  const expectedLength = headerEnd + count * type.size;
  if (bytes.length < expectedLength) {
    throw fail(`truncated IDX data (shape ${shape.join('x')})`, bytes.length, `${expectedLength} bytes`, `${bytes.length} bytes`);
  }
  if (bytes.length > expectedLength) {
    throw fail(`trailing bytes after IDX data (shape ${shape.join('x')})`, expectedLength, `${expectedLength} bytes`, `${bytes.length} bytes`);
  }
  const at = (i: number) => headerEnd + i * type.size;
  let data: IdxArray['data'];
  switch (type.dtype) {
    case 'uint8': data = bytes.subarray(headerEnd, expectedLength); break;
    case 'int8': data = Int8Array.from({ length: count }, (_, i) => view.getInt8(at(i))); break;
    case 'int16': data = Int16Array.from({ length: count }, (_, i) => view.getInt16(at(i))); break;
    case 'int32': data = Int32Array.from({ length: count }, (_, i) => view.getInt32(at(i))); break;
    case 'float32': data = Float32Array.from({ length: count }, (_, i) => view.getFloat32(at(i))); break;
    case 'float64': data = Float64Array.from({ length: count }, (_, i) => view.getFloat64(at(i))); break;
  }
  if (type.dtype === 'float32' || type.dtype === 'float64') {
    for (let i = 0; i < count; i++) {
      if (!Number.isFinite(data[i])) throw fail('non-finite value in IDX data', at(i), 'a finite number', String(data[i]));
    }
  }
  return { dtype: type.dtype, shape, data };
}

/** Writes an IDX file (big-endian), the inverse of {@link parseIdx}; for tests and exports. */
export function encodeIdx(array: { dtype: IdxDtype; shape: number[]; data: ArrayLike<number> }): Uint8Array {
  const code = Number(Object.entries(TYPES).find(([, t]) => t.dtype === array.dtype)![0]);
  const size = TYPES[code as keyof typeof TYPES].size;
  const headerEnd = 4 + 4 * array.shape.length;
  const out = new Uint8Array(headerEnd + array.data.length * size);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = array.shape.length;
  array.shape.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  for (let i = 0; i < array.data.length; i++) {
    const o = headerEnd + i * size;
    const v = array.data[i];
    switch (array.dtype) {
      case 'uint8': view.setUint8(o, v); break;
      case 'int8': view.setInt8(o, v); break;
      case 'int16': view.setInt16(o, v); break;
      case 'int32': view.setInt32(o, v); break;
      case 'float32': view.setFloat32(o, v); break;
      case 'float64': view.setFloat64(o, v); break;
    }
  }
  return out;
}
