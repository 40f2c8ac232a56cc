import { DatasetError } from './errors';
import { encodeNpy, parseNpy } from './npy';
import { npySource } from './npy-source';
import { drain, useCpu } from './test-setup';

beforeAll(useCpu);

function caught(f: () => unknown): DatasetError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetError);
    return e as DatasetError;
  }
  throw new Error('expected a DatasetError');
}

/** An .npy file with a hand-written header, as NumPy writes it (v1, padded to 64 bytes). */
function npyWithHeader(dict: string, data: Uint8Array, version = 1): Uint8Array {
  const prefix = version === 1 ? 10 : 12;
  const header = dict + ' '.repeat(63 - ((prefix + dict.length) % 64)) + '\n';
  const out = new Uint8Array(prefix + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(new TextEncoder().encode(header), prefix);
  out.set(data, prefix + header.length);
  return out;
}

describe('parseNpy', () => {
  it('round-trips float32, float64, uint8, int32 and int64 with v1 and v2 headers', () => {
    const cases = [
      { dtype: 'float32', data: [1.5, -2, 0.25, 1e-3].map(Math.fround) },
      { dtype: 'float64', data: [0.1, -2, Math.PI, 1e300] },
      { dtype: 'uint8', data: [0, 1, 128, 255] },
      { dtype: 'int32', data: [-(2 ** 31), -1, 0, 2 ** 31 - 1] },
      { dtype: 'int64', data: [-(2 ** 53) + 1, -1, 0, 2 ** 40] },
    ] as const;
    for (const version of [1, 2] as const) {
      for (const c of cases) {
        const bytes = encodeNpy({ dtype: c.dtype, shape: [2, 2], data: c.data }, { version });
        expect((bytes.length - c.data.length * (c.dtype === 'uint8' ? 1 : c.dtype === 'float32' || c.dtype === 'int32' ? 4 : 8)) % 64).toBe(0);
        const parsed = parseNpy(bytes);
        expect(parsed).toMatchObject({ dtype: c.dtype, shape: [2, 2] });
        expect(Array.from(parsed.data)).toEqual(c.data);
      }
    }
  });

  it('reads a header written the way NumPy writes it (1-d shape with trailing comma, 64-byte alignment)', () => {
    const data = new Uint8Array(new Float32Array([1, 2, 3]).buffer);
    const bytes = npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", data);
    expect(bytes.length - data.length).toBe(128); // NumPy's usual header size
    expect(parseNpy(bytes)).toMatchObject({ dtype: 'float32', shape: [3], dataOffset: 128 });
    expect(Array.from(parseNpy(bytes).data)).toEqual([1, 2, 3]);
    expect(parseNpy(npyWithHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", new Uint8Array(8))).shape).toEqual([]);
  });

  it('reads float data that does not start on an aligned byte of its buffer', () => {
    const bytes = encodeNpy({ dtype: 'float64', shape: [2], data: [1.25, -3] });
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(Array.from(parseNpy(shifted.subarray(3)).data)).toEqual([1.25, -3]);
  });

  it('reads from a Node Buffer that shares a larger pooled ArrayBuffer', () => {
    const bytes = encodeNpy({ dtype: 'float32', shape: [3], data: [1, 2, 3] });
    const pooled = Buffer.from(bytes); // small Buffers live in Node's shared pool
    expect(pooled.buffer.byteLength).toBeGreaterThan(bytes.length);
    expect(Array.from(parseNpy(pooled).data)).toEqual([1, 2, 3]);
  });

  it('a dtype we do not read names it and says how to convert', () => {
    for (const descr of ['<f2', '>f4', '|b1', '<U5']) {
      const e = caught(() => parseNpy(npyWithHeader(`{'descr': '${descr}', 'fortran_order': False, 'shape': (1,), }`, new Uint8Array(8)), { file: 'x.npy' }));
      expect(e).toMatchObject({ file: 'x.npy', offset: 10, found: descr, problem: 'NPY dtype not read' });
      expect(e.message).toMatch(/astype\(np\.float32\)/);
    }
  });

  it('Fortran order, bad magic, bad version, truncated header and data are errors with offsets', () => {
    const f = npyWithHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 1), }", new Uint8Array(4));
    expect(caught(() => parseNpy(f))).toMatchObject({ offset: 10, expected: 'fortran_order False (C order)', found: 'True' });
    expect(caught(() => parseNpy(new TextEncoder().encode('x,y\n1,2\n')))).toMatchObject({ offset: 0, problem: 'not an NPY file', found: '78 2c 79 0a 31 2c' });
    const good = encodeNpy({ dtype: 'float32', shape: [4], data: [1, 2, 3, 4] });
    const v9 = good.slice();
    v9[6] = 9;
    expect(caught(() => parseNpy(v9))).toMatchObject({ offset: 6, found: '9.0' });
    expect(caught(() => parseNpy(good.subarray(0, 8)))).toMatchObject({ problem: 'truncated NPY header', offset: 0 });
    expect(caught(() => parseNpy(good.subarray(0, 40)))).toMatchObject({ problem: 'truncated NPY header', offset: 40, expected: '128 header bytes' });
    expect(caught(() => parseNpy(good.subarray(0, 130), { file: 'x.npy' }))).toMatchObject({ file: 'x.npy', offset: 130, expected: '144 bytes', found: '130 bytes' });
  });

  it('NaN, infinite and too-large int64 values name their byte offset', () => {
    expect(caught(() => parseNpy(encodeNpy({ dtype: 'float32', shape: [3], data: [0, 1, NaN] })))).toMatchObject({ offset: 128 + 8, found: 'NaN' });
    expect(caught(() => parseNpy(encodeNpy({ dtype: 'float64', shape: [2], data: [-Infinity, 1] })))).toMatchObject({ offset: 128, found: '-Infinity' });
    const big = encodeNpy({ dtype: 'int64', shape: [2], data: [0, 0] });
    new DataView(big.buffer).setBigInt64(128 + 8, 2n ** 60n, true);
    expect(caught(() => parseNpy(big))).toMatchObject({ offset: 136, found: (2n ** 60n).toString() });
  });
});

describe('npySource', () => {
  const x = encodeNpy({ dtype: 'uint8', shape: [4, 2, 2], data: Array.from({ length: 16 }, (_, i) => i * 10) });

  it('uint8 inputs are kept as bytes and scaled; integer y is classification', async () => {
    const s = npySource({ x, y: encodeNpy({ dtype: 'int64', shape: [4], data: [0, 2, 1, 2] }) });
    expect(s.info).toEqual({ name: 'npy', trainSamples: 4, valSamples: 0, inputShape: [2, 2], numClasses: 3, task: 'classification', taskReason: 'y is int64: integer labels are class indices' });
    expect(s.retainedBytes).toBeLessThan(16 + 4 * 8 + 4 * 4 + 1);
    const [b] = await drain(s, { batchSize: 4, shuffle: false, epochs: 1 });
    expect(b.x[1]).toBeCloseTo(10 / 255, 6);
    expect(Array.from(b.y)).toEqual([0, 2, 1, 2]);
  });

  it('float y is regression with its target shape', async () => {
    const s = npySource({ x: encodeNpy({ dtype: 'float64', shape: [3, 2], data: [1, 2, 3, 4, 5, 6] }), y: encodeNpy({ dtype: 'float32', shape: [3, 2], data: [1, 1, 2, 2, 3, 3] }) });
    expect(s.info).toMatchObject({ task: 'regression', inputShape: [2], numClasses: null });
    const [b] = await drain(s, { batchSize: 3, shuffle: false, epochs: 1 });
    expect(b.yShape).toEqual([3, 2]);
    expect(Array.from(b.x)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('count mismatch and labels outside the class range name the y file (and the label byte)', () => {
    const y3 = encodeNpy({ dtype: 'int32', shape: [3], data: [0, 1, 2] });
    expect(caught(() => npySource({ x, y: y3, yFile: 'y.npy' }))).toMatchObject({ file: 'y.npy', expected: '4 samples', found: '3' });
    const y = encodeNpy({ dtype: 'int32', shape: [4], data: [0, 1, 5, 2] });
    expect(caught(() => npySource({ x, y, yFile: 'y.npy', numClasses: 3 }))).toMatchObject({ file: 'y.npy', offset: 128 + 8, expected: 'an integer in [0, 2]', found: '5' });
    const neg = encodeNpy({ dtype: 'int32', shape: [4], data: [0, -1, 1, 2] });
    expect(caught(() => npySource({ x, y: neg }))).toMatchObject({ offset: 132, found: '-1' });
  });
});
