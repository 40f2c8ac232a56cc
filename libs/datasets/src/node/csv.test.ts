import * as tf from '@tensorflow/tfjs-core';
import { DatasetError } from '../errors';
import { drain, useCpu } from '../test-setup';
import { loadCsv } from './csv-source';
import { tmpDir } from './tmp-dir';

beforeAll(useCpu);
const tmp = tmpDir();

async function caught(p: Promise<unknown>): Promise<DatasetError> {
  const e = await p.then(() => null, (err) => err);
  expect(e).toBeInstanceOf(DatasetError);
  return e as DatasetError;
}

/** n rows: a = i, b = 2i, label = i % 3 (label column in the middle). */
const table = (n: number) => ['a,label,b', ...Array.from({ length: n }, (_, i) => `${i},${i % 3},${2 * i}`)].join('\n') + '\n';

describe('loadCsv', () => {
  it('reads a header, a named label column and numeric features', async () => {
    const file = tmp.write('t.csv', table(10));
    const s = await loadCsv(file, { label: 'label' });
    expect(s.info).toEqual({ name: 'csv:t.csv', trainSamples: 10, valSamples: 0, inputShape: [2], numClasses: 3, task: 'classification', taskReason: 'every label is an integer >= 0: class indices' });
    const [b] = await drain(s, { batchSize: 4, shuffle: false, epochs: 1 });
    expect(Array.from(b.x)).toEqual([0, 0, 1, 2, 2, 4, 3, 6]);
    expect(Array.from(b.y)).toEqual([0, 1, 2, 0]);
  });

  it('streams: every row once per epoch with a shuffle buffer smaller than the file, same order for the same seed', async () => {
    const file = tmp.write('big.csv', table(1000));
    const s = await loadCsv(file, { label: 'label', shuffleBuffer: 50 });
    const rows = async (seed: number) => (await drain(s, { batchSize: 64, seed, epochs: 1 })).flatMap((b) => Array.from(b.x.filter((_, i) => i % 2 === 0)));
    const first = await rows(3);
    expect(first).toHaveLength(1000);
    expect([...first].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(first).toEqual(await rows(3));
    expect(first).not.toEqual(await rows(4));
    expect(first.slice(0, 100)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    // A buffer of 50 rows only mixes locally: no row moves earlier than 50 places.
    first.forEach((row, pos) => expect(row).toBeLessThanOrEqual(pos + 50));
  });

  it('text labels become classes in sorted order; non-integer numbers make a regression', async () => {
    const iris = tmp.write('iris.csv', 'x, y, species\n1, 2, setosa\n3,4,virginica\n 5 ,6,setosa \n7,8,versicolor\n');
    const s = await loadCsv(iris, { label: 'species' });
    expect(s.layout.header).toEqual(['x', 'y', 'species']);
    expect(Array.from((await drain(s, { batchSize: 4, shuffle: false, epochs: 1 }))[0].x)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(s.layout.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from((await drain(s, { batchSize: 4, shuffle: false, epochs: 1, labels: 'onehot' }))[0].y)).toEqual([1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0]);
    const r = await loadCsv(tmp.write('r.csv', 'x,t\n1,0.5\n2,1.5\n'), { label: 't' });
    expect(r.info).toMatchObject({ task: 'regression', numClasses: null });
    expect((await drain(r, { batchSize: 2, epochs: 1, shuffle: false }))[0].yShape).toEqual([2, 1]);
  });

  it('0x10 is not a number in a CSV: refused as a feature, read as text as a label', async () => {
    const hex = tmp.write('hex.csv', 'a,label\n1,0\n0x10,1\n');
    expect(await caught(loadCsv(hex, { label: 'label' }))).toMatchObject({
      line: 3, column: 1, expected: 'a number', found: '"0x10"',
      problem: 'non-numeric value in column "a" (hexadecimal, binary and octal literals are not read as numbers)',
    });
    for (const lit of ['0b1', '0o7', '0X1F']) {
      expect(await caught(loadCsv(tmp.write(`lit-${lit}.csv`, `a,label\n${lit},0\n`), { label: 'label' }))).toMatchObject({ found: JSON.stringify(lit) });
    }
    // as a label it is a class name, not the class index 16
    const labels = await loadCsv(tmp.write('hex-label.csv', 'a,label\n1,0x10\n2,0x01\n3,0x10\n'), { label: 'label' });
    expect(labels.info).toMatchObject({ task: 'classification', numClasses: 2 });
    expect(labels.layout.classNames).toEqual(['0x01', '0x10']);
    // decimal forms still read: exponents, signs, leading dots, spaces around
    const ok = await loadCsv(tmp.write('dec.csv', 'a,b,label\n1e3, -2.5 ,0\n.5,+7,1\n'), { label: 'label' });
    expect(Array.from((await drain(ok, { batchSize: 2, shuffle: false, epochs: 1 }))[0].x)).toEqual([1000, -2.5, 0.5, 7]);
  });

  it('an empty label is refused with its line, not read as a class named ""', async () => {
    const file = tmp.write('empty-label.csv', 'a,label\n1,cat\n2,\n3,dog\n');
    expect(await caught(loadCsv(file, { label: 'label' }))).toMatchObject({ line: 3, column: 2, found: 'an empty field', problem: 'empty label in column "label"' });
    const numeric = tmp.write('empty-target.csv', 'a,t\n1,0.5\n2,\n');
    expect(await caught(loadCsv(numeric, { label: 't', task: 'regression' }))).toMatchObject({ line: 3, problem: 'empty label in column "t"' });
  });

  it('labels {-1, 1}: a regression by default, and the source says why; task classification reads two classes', async () => {
    const file = tmp.write('pm1.csv', 'a,y\n1,-1\n2,1\n3,1\n4,-1\n');
    const r = await loadCsv(file, { label: 'y' });
    expect(r.info).toMatchObject({ task: 'regression', numClasses: null });
    expect(r.info.taskReason).toBe('labels are integers but not all class indices (integers >= 0; first "-1" on line 2), so they are read as regression targets; give task classification (--task classification) to read each value as a class');
    const c = await loadCsv(file, { label: 'y', task: 'classification' });
    expect(c.info).toMatchObject({ task: 'classification', numClasses: 2, taskReason: 'task classification was given: the label values -1, 1 are classes 0..1 in that order' });
    expect(c.layout.classNames).toEqual(['-1', '1']);
    const [b] = await drain(c, { batchSize: 4, shuffle: false, epochs: 1 });
    expect(Array.from(b.y)).toEqual([0, 1, 1, 0]);
    // "1" and "1.0" are one class
    const same = await loadCsv(tmp.write('same.csv', 'a,y\n1,-1\n2,1.0\n3,1\n'), { label: 'y', task: 'classification' });
    expect(same.layout.classNames).toEqual(['-1', '1']);
    const t = await loadCsv(tmp.write('text.csv', 'a,y\n1,cat\n2,dog\n'), { label: 'y' });
    expect(t.info.taskReason).toBe('labels are text (first "cat" on line 2): one class per distinct label');
    const f = await loadCsv(tmp.write('float.csv', 'a,y\n1,0.5\n'), { label: 'y' });
    expect(f.info.taskReason).toBe('labels are numbers that are not integers (first "0.5" on line 2): regression targets');
  });

  it('a seeded validation split by row, disjoint and covering, counted up front', async () => {
    const file = tmp.write('v.csv', table(200));
    const s = await loadCsv(file, { label: 'label', valSplit: 0.25, splitSeed: 9 });
    expect(s.info.trainSamples + s.info.valSamples).toBe(200);
    expect(s.info.valSamples).toBeGreaterThan(30);
    expect(s.info.valSamples).toBeLessThan(70);
    const ids = async (split: 'train' | 'val') => (await drain(s, { batchSize: 500, split, epochs: 1, shuffle: false })).flatMap((b) => Array.from(b.x.filter((_, i) => i % 2 === 0)));
    const [train, val] = [await ids('train'), await ids('val')];
    expect(train).toHaveLength(s.info.trainSamples);
    expect(val).toHaveLength(s.info.valSamples);
    expect([...train, ...val].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('stops reading and disposes when the consumer stops; numTensors does not grow', async () => {
    const s = await loadCsv(tmp.write('m.csv', table(300)), { label: 'label' });
    const before = tf.memory().numTensors;
    let n = 0;
    for await (const b of s.batches({ batchSize: 16, seed: 1 })) {
      expect(b.xs.shape).toEqual([b.xs.shape[0], 2]);
      if (++n === 60) break; // crosses several epochs
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  describe('bad input names file, line and column with expected and found', () => {
    it('ragged rows', async () => {
      const file = tmp.write('ragged.csv', 'a,b,label\n1,2,0\n3,4\n');
      expect(await caught(loadCsv(file, { label: 'label' }))).toMatchObject({ file, line: 3, column: 3, expected: '3 fields', found: '2' });
      const more = tmp.write('more.csv', 'a,b,label\n1,2,0,9\n');
      expect(await caught(loadCsv(more, { label: 'label' }))).toMatchObject({ line: 2, expected: '3 fields', found: '4' });
    });

    it('non-numeric features', async () => {
      const file = tmp.write('text.csv', 'a,b,label\n1,2,0\n3,abc,1\n');
      const e = await caught(loadCsv(file, { label: 'label' }));
      expect(e).toMatchObject({ file, line: 3, column: 2, expected: 'a number', found: '"abc"' });
      expect(e.message).toBe(`${file}, line 3, column 2: non-numeric value in column "b" (expected a number, found "abc")`);
      expect(await caught(loadCsv(tmp.write('empty-field.csv', 'a,label\n,1\n'), { label: 'label' }))).toMatchObject({ line: 2, column: 1, found: 'an empty field' });
    });

    it('NaN and infinite values', async () => {
      for (const bad of ['NaN', 'inf', '-Infinity', '1e999']) {
        const file = tmp.write(`nan-${bad}.csv`, `a,label\n1,0\n${bad},1\n`);
        expect(await caught(loadCsv(file, { label: 'label' }))).toMatchObject({ file, line: 3, column: 1, expected: 'a finite number', found: bad });
      }
      const label = tmp.write('nan-label.csv', 'a,t\n1,0.5\n2,NaN\n');
      expect(await caught(loadCsv(label, { label: 't', task: 'regression' }))).toMatchObject({ line: 3, column: 2, found: 'NaN' });
    });

    it('labels outside the class range and missing label columns', async () => {
      const file = tmp.write('range.csv', 'a,label\n1,0\n2,10\n');
      expect(await caught(loadCsv(file, { label: 'label', numClasses: 10 }))).toMatchObject({ file, line: 3, column: 2, expected: 'an integer in [0, 9]', found: '10' });
      expect(await caught(loadCsv(file, { label: 'y' }))).toMatchObject({ line: 1, expected: 'a column named "y"', found: 'a, label' });
      expect(await caught(loadCsv(file, { label: '' }))).toMatchObject({ problem: 'no label column given' });
    });

    it('missing, empty and header-only files', async () => {
      expect(await caught(loadCsv(tmp.dir() + '/nope.csv', { label: 'y' }))).toMatchObject({ problem: 'file not found' });
      expect(await caught(loadCsv(tmp.write('empty.csv', ''), { label: 'y' }))).toMatchObject({ problem: 'empty CSV file' });
      expect(await caught(loadCsv(tmp.write('header.csv', 'a,y\n'), { label: 'y' }))).toMatchObject({ problem: 'CSV file has no data rows', line: 2 });
    });

    it('unbalanced quotes are a parse error with its line', async () => {
      const e = await caught(loadCsv(tmp.write('quote.csv', 'a,y\n1,0\n"2,1\n'), { label: 'y' }));
      expect(e.message).toMatch(/unreadable CSV/);
      expect(e).toMatchObject({ line: 3, found: 'CSV_QUOTE_NOT_CLOSED' });
      expect(e.file).toMatch(/quote\.csv$/);
    });
  });
});
