import { parseSweepFile, safeParseSweepFile, SweepFileError } from './sweep-file';

function errorOf(input: unknown): SweepFileError {
  const result = safeParseSweepFile(input, { file: 'opt.json' });
  if (result.ok) throw new Error('expected a validation error');
  return result.error;
}

describe('sweep file', () => {
  it('reads shared settings, tests and grid, keeping the grid keys in file order', () => {
    const sweep = parseSweepFile(
      '{"model":"mlp","data":"synthetic:blobs","numIter":50,"shards":3,' +
        '"tests":[{"label":"SGD","optimizer":"sgd","endLr":1},{"label":"Adam","optimizer":"adam"}],' +
        '"grid":{"seed":[1,2],"batchSize":[32,256]}}',
    );
    expect(sweep.settings).toEqual({ model: 'mlp', data: 'synthetic:blobs', numIter: 50 });
    expect(sweep.shards).toBe(3);
    expect(sweep.seeds).toBe('derived');
    expect(sweep.tests).toEqual([
      { label: 'SGD', optimizer: 'sgd', endLr: 1 },
      { label: 'Adam', optimizer: 'adam' },
    ]);
    expect(sweep.grid).toEqual([
      { key: 'seed', values: [1, 2] },
      { key: 'batchSize', values: [32, 256] },
    ]);
  });

  it('names the bad grid value', () => {
    const error = errorOf({ grid: { batchSize: [32, -1] } });
    expect(error.field).toBe('grid.batchSize[1]');
    expect(error.message).toBe('opt.json: grid.batchSize[1]: expected an integer from 1 to 1000000');
  });

  it('names the bad field of a test and of the shared settings', () => {
    expect(errorOf({ tests: [{ label: 'a' }, { label: 'b', optimizer: 'lion' }] }).message).toBe(
      'opt.json: tests[1].optimizer: expected one of sgd, momentum, adam, adamax, rmsprop, adagrad, adadelta',
    );
    expect(errorOf({ startLr: 0, grid: { seed: [1] } }).message).toBe('opt.json: startLr: expected a number > 0');
    expect(errorOf({ smoothing: 1, grid: { seed: [1] } }).field).toBe('smoothing');
    expect(errorOf({ numIter: 1, grid: { seed: [1] } }).message).toMatch(/numIter: expected an integer from 2 to 1000000/);
    expect(errorOf({ tests: [{ optimizer: 'sgd' }] }).message).toBe('opt.json: tests[0].label: expected a non-empty string');
  });

  it('refuses unknown keys with the key named, at every level', () => {
    expect(errorOf({ batchsize: 32, grid: { seed: [1] } }).message).toMatch(/^opt\.json: batchsize: unknown key "batchsize" \(known keys: id, /);
    expect(errorOf({ grid: { lr: [1, 2] } }).field).toBe('grid.lr');
    const inTest = errorOf({ tests: [{ label: 'x', optimiser: 'sgd' }] });
    expect(inTest.field).toBe('tests[0].optimiser');
    expect(inTest.message).toMatch(/unknown key "optimiser" \(known keys: label, model, /);
    expect(errorOf({ grid: { lr: [1] } }).message).toMatch(/unknown key "lr" \(known keys: model, /);
    expect(errorOf({ grid: { label: ['a'] } }).field).toBe('grid.label');
  });

  it('refuses empty and conflicting sweeps', () => {
    expect(errorOf({ model: 'mlp' }).message).toBe('opt.json: a sweep needs "tests", "grid" or both');
    expect(errorOf({ grid: {} }).field).toBe('grid');
    expect(errorOf({ grid: { seed: [] } }).message).toBe('opt.json: grid.seed: expected a non-empty list of values');
    expect(errorOf({ tests: [] }).field).toBe('tests');
    const both = errorOf({ tests: [{ label: 'a', batchSize: 8 }], grid: { batchSize: [16] } });
    expect(both.field).toBe('tests[0].batchSize');
    expect(both.message).toMatch(/also a grid key/);
  });

  it('refuses bad JSON, non-objects and bad ids', () => {
    expect(errorOf('{"grid": ').message).toMatch(/^opt\.json: not valid JSON/);
    expect(errorOf([1]).message).toBe('opt.json: a sweep file must hold one JSON object');
    expect(errorOf({ id: '../x', grid: { seed: [1] } }).field).toBe('id');
  });

  it('accepts null divergeThreshold (disabled) and throws from parseSweepFile', () => {
    expect(parseSweepFile({ divergeThreshold: null, grid: { seed: [1] } }).settings.divergeThreshold).toBeNull();
    expect(() => parseSweepFile({ divergeThreshold: 1, grid: { seed: [1] } })).toThrow(SweepFileError);
  });
});
