import { gzipSync } from 'fflate';
import { DatasetError } from './errors';
import { encodeIdx, parseIdx } from './idx';
import { idxSource } from './idx-source';
import { drain, useCpu } from './test-setup';

const images = (n: number, h = 2, w = 3) => encodeIdx({ dtype: 'uint8', shape: [n, h, w], data: Uint8Array.from({ length: n * h * w }, (_, i) => i % 256) });
const labels = (values: number[]) => encodeIdx({ dtype: 'uint8', shape: [values.length], data: values });

function caught(f: () => unknown): DatasetError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetError);
    return e as DatasetError;
  }
  throw new Error('expected a DatasetError');
}

describe('parseIdx', () => {
  it('round-trips every IDX type through encodeIdx', () => {
    const cases = [
      { dtype: 'uint8', data: [0, 1, 255, 7, 8, 9] },
      { dtype: 'int8', data: [-128, -1, 0, 1, 127, 5] },
      { dtype: 'int16', data: [-32768, -1, 0, 1, 32767, 300] },
      { dtype: 'int32', data: [-(2 ** 31), -1, 0, 1, 2 ** 31 - 1, 70000] },
      { dtype: 'float32', data: [-1.5, 0, 0.25, 3, 1e-3, 1e10].map(Math.fround) },
      { dtype: 'float64', data: [-1.5, 0, 0.1, 3, Math.PI, 1e300] },
    ] as const;
    for (const c of cases) {
      const parsed = parseIdx(encodeIdx({ dtype: c.dtype, shape: [2, 3], data: c.data }));
      expect(parsed.dtype).toBe(c.dtype);
      expect(parsed.shape).toEqual([2, 3]);
      expect(Array.from(parsed.data)).toEqual(c.data);
    }
  });

  it('reads the MNIST header layout: magic 0x00000803, big-endian dimensions', () => {
    const bytes = images(2, 28, 28);
    expect(Array.from(bytes.subarray(0, 16))).toEqual([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28]);
    const parsed = parseIdx(bytes);
    expect(parsed.shape).toEqual([2, 28, 28]);
    expect(parsed.data.buffer).toBe(bytes.buffer); // uint8 data is a view, not a copy
  });

  it('inflates gzip when it sees the gzip magic number, or when told to', () => {
    const plain = images(3);
    expect(parseIdx(gzipSync(plain)).shape).toEqual([3, 2, 3]);
    expect(Array.from(parseIdx(gzipSync(plain), { gzip: true }).data)).toEqual(Array.from(parseIdx(plain).data));
  });

  it('a gzip that is not gzip: file, offset 0, expected 1f 8b and the bytes found', () => {
    const e = caught(() => parseIdx(images(1), { file: 'x.gz', gzip: true }));
    expect(e).toMatchObject({ file: 'x.gz', offset: 0, expected: 'gzip magic number 1f 8b', found: '00 00' });
    expect(e.message).toMatch(/^x\.gz, byte 0: not a gzip file/);
  });

  it('a damaged gzip stream', () => {
    const gz = gzipSync(images(50));
    const e = caught(() => parseIdx(gz.subarray(0, gz.length / 2), { file: 'cut.gz' }));
    expect(e).toMatchObject({ file: 'cut.gz', problem: 'damaged gzip data' });
  });

  it('a wrong magic number names offset 0 and the number found', () => {
    const bytes = images(1);
    bytes[2] = 0x07;
    expect(caught(() => parseIdx(bytes, { file: 'a' }))).toMatchObject({ file: 'a', offset: 0, found: '0x00000703', problem: 'wrong IDX magic number' });
    expect(caught(() => parseIdx(Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0])))).toMatchObject({ found: '0x504b0304' });
  });

  it('truncated header and data name where the file ended and how long it should be', () => {
    const bytes = images(2);
    expect(caught(() => parseIdx(bytes.subarray(0, 3)))).toMatchObject({ offset: 3, expected: '4 header bytes', found: '3 bytes' });
    expect(caught(() => parseIdx(bytes.subarray(0, 10)))).toMatchObject({ offset: 10, expected: '16 header bytes for 3 dimensions' });
    expect(caught(() => parseIdx(bytes.subarray(0, 20), { file: 'img' }))).toMatchObject({ file: 'img', offset: 20, expected: `${16 + 12} bytes`, found: '20 bytes' });
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(caught(() => parseIdx(longer))).toMatchObject({ offset: bytes.length, problem: expect.stringMatching(/trailing bytes/) });
  });

  it('NaN and infinite floats name their byte offset', () => {
    const e = caught(() => parseIdx(encodeIdx({ dtype: 'float32', shape: [3], data: [1, NaN, 2] }), { file: 'f' }));
    expect(e).toMatchObject({ file: 'f', offset: 8 + 4, expected: 'a finite number', found: 'NaN' });
    expect(caught(() => parseIdx(encodeIdx({ dtype: 'float64', shape: [2], data: [Infinity, 2] })))).toMatchObject({ offset: 8, found: 'Infinity' });
  });
});

describe('idxSource', () => {
  it('makes a [h, w, 1] source with the test files as val by default', () => {
    const s = idxSource({ train: { images: images(4), labels: labels([0, 1, 2, 1]) }, test: { images: images(2), labels: labels([2, 0]) } });
    expect(s.info).toEqual({ name: 'idx', trainSamples: 4, valSamples: 2, inputShape: [2, 3, 1], numClasses: 3, task: 'classification' });
  });

  it('scales pixels to [0, 1] by default; scaleBytes: false keeps 0-255', async () => {
    await useCpu();
    const pair = { images: images(1), labels: labels([0]) };
    const [scaled] = await drain(idxSource({ train: pair }), { batchSize: 1, epochs: 1 });
    const [raw] = await drain(idxSource({ train: pair, scaleBytes: false }), { batchSize: 1, epochs: 1 });
    expect(Array.from(raw.x)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(scaled.x)).toEqual([0, 1, 2, 3, 4, 5].map((v) => Math.fround(v / 255)));
  });

  it('image/label count mismatch names the labels file, the count field offset and both counts', () => {
    const e = caught(() => idxSource({ train: { images: images(4), labels: labels([0, 1, 2]), imagesFile: 'i', labelsFile: 'l' } }));
    expect(e).toMatchObject({ file: 'l', offset: 4, expected: '4 labels', found: '3' });
    expect(e.message).toContain('images in i');
  });

  it('labels outside the class range name the label byte', () => {
    const e = caught(() => idxSource({ numClasses: 10, train: { images: images(3), labels: labels([1, 12, 3]), labelsFile: 'l' } }));
    expect(e).toMatchObject({ file: 'l', offset: 9, expected: '0 to 9', found: '12' });
  });

  it('a .gz file name must hold gzip', () => {
    const e = caught(() => idxSource({ train: { images: images(1), labels: labels([0]), imagesFile: 'train-images.gz' } }));
    expect(e).toMatchObject({ file: 'train-images.gz', offset: 0, problem: 'not a gzip file' });
  });
});
