import { checkAgainstData, stepsOf } from './data-checks';

const info = (trainSamples: number, valSamples = 0, numClasses: number | null = 3) => ({ name: 'csv:d.csv', trainSamples, valSamples, numClasses });
const o = { batchSize: 2, valSplit: 0 } as const;

describe('checkAgainstData', () => {
  it('refuses no samples, an empty side of a split, a batch larger than the data, too many classes or steps', () => {
    expect(() => checkAgainstData(o, info(0))).toThrow('--data csv:d.csv has no samples (0 rows)');
    expect(() => checkAgainstData({ ...o, valSplit: 0.9 }, info(0, 3))).toThrow('--val-split 0.9 leaves no training samples: csv:d.csv has 3 samples and all 3 are held out');
    expect(() => checkAgainstData({ ...o, valSplit: 0.01 }, info(3, 0))).toThrow('--val-split 0.01 holds out no sample: csv:d.csv has 3 samples');
    expect(() => checkAgainstData({ ...o, batchSize: 4 }, info(3))).toThrow('--batch-size 4 is larger than the data: csv:d.csv has 3 training samples (give --batch-size 3 or less)');
    expect(() => checkAgainstData(o, info(3, 0, 100000001))).toThrow(/has 100000001 classes \(labels up to 100000000\); at most 10000/);
    expect(() => checkAgainstData({ ...o, batchSize: 1, epochs: 100000 }, info(600))).toThrow('--epochs 100000 is 60000000 steps at batch 1 on 600 samples; at most 1000000 steps');
    expect(() => checkAgainstData({ ...o, batchSize: 3 }, info(3))).not.toThrow();
  });

  it('works out the steps of --epochs as epochs x batches per epoch', () => {
    expect(stepsOf({ epochs: 2, batchSize: 250 }, 600)).toBe(6);
    expect(stepsOf({ numIter: 7, batchSize: 250 }, 600)).toBe(7);
    expect(stepsOf({ epochs: 1, batchSize: 600 }, 600)).toBe(2);
  });
});
