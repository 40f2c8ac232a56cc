import { encodeNpy } from '../npy';
import { npySource } from '../npy-source';
import { numericField } from '../node/csv-rows';
import { openDataSource } from '../node/open';

describe('synthetic parameters and float32 range', () => {
  it('an unknown synthetic parameter names the closest known one; sizes past the limits are refused before generating', async () => {
    await expect(openDataSource('synthetic:blobs?smaples=100')).rejects.toThrow(/unknown parameter "smaples" of synthetic:blobs \(expected one of samples, classes, features, spread, box, seed, valSamples, found smaples\)\. did you mean "samples"\?/);
    await expect(openDataSource('synthetic:spirals?qqq=1')).rejects.toThrow(/unknown parameter "qqq"[^?]*$/);
    await expect(openDataSource('synthetic:blobs?samples=1e10')).rejects.toThrow(/samples too large \(expected at most 10000000, found 10000000000\)/);
    await expect(openDataSource('synthetic:regression?features=2000&samples=3000')).rejects.toThrow(/features too large/);
    await expect(openDataSource('synthetic:blobs?samples=1000&features=1000', { valSplit: 0.5 })).resolves.toBeDefined();
    await expect(openDataSource('synthetic:blobs?samples=100000&features=1000&valSamples=1')).rejects.toThrow(/samples x features too large/);
  });

  it('a CSV field or an NPY float64 past float32 is refused naming where', () => {
    expect(() => numericField('1e39', 'd.csv', 3, 2, 'b')).toThrow('d.csv, line 3, column 2: value in column "b" overflows float32');
    expect(numericField('3e38', 'd.csv', 3, 2, 'b')).toBe(3e38);
    const x = encodeNpy({ dtype: 'float64', shape: [2, 2], data: [0, 1, 1e300, 2] });
    const y = encodeNpy({ dtype: 'int32', shape: [2], data: [0, 1] });
    expect(() => npySource({ x, y })).toThrow(/x\.npy, byte \d+: value of element 2 overflows float32/);
  });
});
