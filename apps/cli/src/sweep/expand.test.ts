import { readFileSync } from 'fs';
import * as path from 'path';
import { expandSweep, slugify, sweepIdFromFile } from './expand';
import { deriveSeed } from './seed';
import { parseSweepFile, SweepFileError } from './sweep-file';

describe('expandSweep', () => {
  it('expands tests x grid in the documented order: tests in file order, first grid key slowest', () => {
    const sweep = parseSweepFile({
      id: 'cmp',
      seed: 7,
      model: 'mlp',
      tests: [{ label: 'SGD', optimizer: 'sgd' }, { label: 'Adam', optimizer: 'adam', endLr: 0.1 }],
      grid: { batchSize: [32, 256], valSplit: [0, 0.1] },
    });
    const { id, count, tests } = expandSweep(sweep);
    expect(id).toBe('cmp');
    expect(count).toBe(8);
    expect(tests.map((t) => t.label)).toEqual([
      'SGD batchSize=32 valSplit=0', 'SGD batchSize=32 valSplit=0.1', 'SGD batchSize=256 valSplit=0', 'SGD batchSize=256 valSplit=0.1',
      'Adam batchSize=32 valSplit=0', 'Adam batchSize=32 valSplit=0.1', 'Adam batchSize=256 valSplit=0', 'Adam batchSize=256 valSplit=0.1',
    ]);
    expect(tests.map((t) => t.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(tests[0].id).toBe('cmp-0-sgd-batchsize-32-valsplit-0');
    expect(tests[7].id).toBe('cmp-7-adam-batchsize-256-valsplit-0.1');
    expect(tests[7].file).toBe('cmp-7-adam-batchsize-256-valsplit-0.1.json');
    // shared settings <- test entry <- grid point
    expect(tests[5].options).toMatchObject({ model: 'mlp', optimizer: 'adam', endLr: 0.1, batchSize: 32, valSplit: 0.1 });
    expect(tests[1].options.endLr).toBeUndefined();
  });

  it('derives each seed from the sweep seed and the test index, unless the test sets one', () => {
    const derived = expandSweep(parseSweepFile({ seed: 7, grid: { optimizer: ['sgd', 'adam', 'rmsprop'] } }), { id: 's' });
    // murmur3 fmix32 of (fmix32(7 ^ fmix32(0x9e3779b9)) ^ fmix32(i)), computed apart from seed.ts (Python's
    // integers, masked to 32 bits): the values are the specification, not an echo of deriveSeed
    expect(derived.tests.map((t) => t.options.seed)).toEqual([284308273, 3814878465, 1179740766]);
    expect(new Set(derived.tests.map((t) => t.options.seed)).size).toBe(3);
    const explicit = expandSweep(parseSweepFile({ seed: 7, grid: { seed: [1, 2], optimizer: ['sgd'] } }), { id: 's' });
    expect(explicit.tests.map((t) => t.options.seed)).toEqual([1, 2]);
    const inTest = expandSweep(parseSweepFile({ tests: [{ label: 'a', seed: 5 }, { label: 'b' }] }), { id: 's' });
    expect(inTest.tests.map((t) => t.options.seed)).toEqual([5, 2826250831]); // sweep seed 0, index 1, as above
    const shared = expandSweep(parseSweepFile({ seed: 3, seeds: 'shared', grid: { optimizer: ['sgd', 'adam'] } }), { id: 's' });
    expect(shared.tests.map((t) => t.options.seed)).toEqual([3, 3]);
  });

  it('is deterministic and pads indexes so ids sort in order', () => {
    const file = { grid: { seed: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] } };
    const a = expandSweep(parseSweepFile(file), { file: 'dir/My Sweep.json' });
    const b = expandSweep(parseSweepFile(JSON.parse(JSON.stringify(file))), { file: 'dir/My Sweep.json' });
    expect(a).toEqual(b);
    expect(a.id).toBe('my-sweep');
    expect(a.tests[0].id).toBe('my-sweep-00-seed-0');
    expect(a.tests[10].id).toBe('my-sweep-10-seed-10');
    expect([...a.tests.map((t) => t.id)].sort()).toEqual(a.tests.map((t) => t.id));
  });

  it('keeps ids valid run ids of at most 128 characters', () => {
    const long = 'x'.repeat(300);
    const { tests } = expandSweep(parseSweepFile({ id: 'a'.repeat(64), tests: [{ label: long }, { label: '***' }] }));
    for (const t of tests) expect(t.id).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/);
    expect(tests[1].id).toBe(`${'a'.repeat(64)}-1`);
  });

  it('refuses a test that ends up with both numIter and epochs', () => {
    const sweep = parseSweepFile({ numIter: 10, tests: [{ label: 'a' }, { label: 'b', epochs: 1 }] });
    expect(() => expandSweep(sweep, { id: 's' })).toThrow(SweepFileError);
    expect(() => expandSweep(sweep, { id: 's' })).toThrow(/tests\[1\]: numIter and epochs are both set/);
  });

  it('labels disabled divergence as off', () => {
    const { tests } = expandSweep(parseSweepFile({ grid: { divergeThreshold: [null, 5] } }), { id: 's' });
    expect(tests.map((t) => t.label)).toEqual(['divergeThreshold=off', 'divergeThreshold=5']);
  });
});

describe('slugs and sweep ids', () => {
  it('slugifies labels and file names', () => {
    expect(slugify('SGD  (momentum 0.9)!')).toBe('sgd-momentum-0.9');
    expect(sweepIdFromFile('/a/b/optimizers.sweep.json')).toBe('optimizers.sweep');
    expect(sweepIdFromFile('C:\\x\\***.json')).toBe('sweep');
  });
});

describe('deriveSeed', () => {
  it('gives distinct uint32 seeds for distinct indexes of one sweep', () => {
    const seeds = Array.from({ length: 5000 }, (_, i) => deriveSeed(42, i));
    expect(new Set(seeds).size).toBe(5000);
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
  });

  it('depends on the sweep seed, including its bits above 2^32', () => {
    expect(deriveSeed(1, 0)).not.toBe(deriveSeed(2, 0));
    expect(deriveSeed(2 ** 32 + 1, 3)).not.toBe(deriveSeed(1, 3));
    expect(deriveSeed(9, 4)).toBe(deriveSeed(9, 4));
  });

  it('matches the murmur3 finaliser on a hand-checked input', () => {
    // fmix32(0) = 0: with sweep seed 0 the key is fmix(0 ^ fmix(0x9e3779b9)), and test 0 is fmix(key ^ fmix(0)).
    const fmix = (x: number) => {
      let h = x >>> 0;
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      return (h ^ (h >>> 16)) >>> 0;
    };
    expect(fmix(0)).toBe(0);
    expect(deriveSeed(0, 0)).toBe(fmix(fmix(fmix(0x9e3779b9))));
  });

  it('refuses negative or fractional input', () => {
    expect(() => deriveSeed(-1, 0)).toThrow(RangeError);
    expect(() => deriveSeed(0, 1.5)).toThrow(RangeError);
  });
});

describe('the README example', () => {
  it('expands as the README says', () => {
    const readme = readFileSync(path.join(__dirname, 'README.md'), 'utf8');
    const json = /```json\n([\s\S]*?)```/.exec(readme)![1];
    const { tests, count } = expandSweep(parseSweepFile(json), { file: 'optimizers.json' });
    expect(count).toBe(12);
    expect(tests[0].label).toBe('SGD batchSize=64 seed=1');
    expect(tests[1].label).toBe('SGD batchSize=64 seed=2');
    expect(tests[5].label).toBe('SGD batchSize=250 seed=3');
    expect(tests[6].label).toBe('Adam batchSize=64 seed=1');
    expect(tests[7].id).toBe('optimizers-07-adam-batchsize-64-seed-2');
    expect(tests[7].options).toMatchObject({ optimizer: 'adam', endLr: 0.1, seed: 2, numIter: 120 });
  });
});
