import { gzipSync } from 'fflate';
import * as path from 'path';
import { DatasetError } from '../errors';
import { encodeIdx } from '../idx';
import { encodeNpy } from '../npy';
import { drain, useCpu } from '../test-setup';
import { findIdxFiles, loadIdx } from './idx-files';
import { loadFashionMnist } from './mnist';
import { loadNpy } from './npy-files';
import { openDataSource } from './open';
import { tmpDir } from './tmp-dir';
import { needs } from '../../../../tools/jest/needs';

beforeAll(useCpu);
const tmp = tmpDir();

async function caught(p: Promise<unknown>): Promise<DatasetError> {
  const e = await p.then(() => null, (err) => err);
  expect(e).toBeInstanceOf(DatasetError);
  return e as DatasetError;
}

const images = (n: number) => encodeIdx({ dtype: 'uint8', shape: [n, 4, 4], data: Uint8Array.from({ length: n * 16 }, (_, i) => (i * 7) % 256) });
const labels = (v: number[]) => encodeIdx({ dtype: 'uint8', shape: [v.length], data: v });

describe('loadIdx', () => {
  it('finds train and t10k files in a folder, plain and gzip, and reads them alike', async () => {
    tmp.write('plain/train-images-idx3-ubyte', images(6));
    tmp.write('plain/train-labels-idx1-ubyte', labels([0, 1, 2, 3, 4, 0]));
    tmp.write('plain/t10k-images-idx3-ubyte', images(2));
    tmp.write('plain/t10k-labels-idx1-ubyte', labels([4, 4]));
    tmp.write('gz/train-images-idx3-ubyte.gz', gzipSync(images(6)));
    tmp.write('gz/train-labels-idx1-ubyte.gz', gzipSync(labels([0, 1, 2, 3, 4, 0])));
    const plain = await loadIdx(path.join(tmp.dir(), 'plain'));
    const gz = await loadIdx(path.join(tmp.dir(), 'gz'));
    expect(plain.info).toEqual({ name: 'idx:plain', trainSamples: 6, valSamples: 2, inputShape: [4, 4, 1], numClasses: 5, task: 'classification' });
    expect(gz.info).toMatchObject({ trainSamples: 6, valSamples: 0, inputShape: [4, 4, 1] });
    const o = { batchSize: 6, epochs: 1, seed: 2 };
    expect(await drain(gz, o)).toEqual(await drain(plain, o));
  });

  it('names the folder and its files when it cannot tell them apart', async () => {
    tmp.write('odd/a.bin', images(1));
    expect(await caught(findIdxFiles(path.join(tmp.dir(), 'odd')))).toMatchObject({ found: 'a.bin', hint: 'Pass the files by name instead' });
    expect(await caught(loadIdx(path.join(tmp.dir(), 'none')))).toMatchObject({ problem: 'IDX folder not found' });
  });

  it('file errors name the real file: truncated, wrong magic, count mismatch, not gzip', async () => {
    const trunc = tmp.write('bad/trunc-images', images(3).subarray(0, 30));
    const lab = tmp.write('bad/labels3', labels([0, 1, 2]));
    expect(await caught(loadIdx({ images: trunc, labels: lab }))).toMatchObject({ file: trunc, offset: 30, expected: `${16 + 48} bytes` });
    const magic = tmp.write('bad/magic-images', Uint8Array.from([0, 0, 0x11, 3, ...images(1).subarray(4)]));
    expect(await caught(loadIdx({ images: magic, labels: lab }))).toMatchObject({ file: magic, offset: 0, found: '0x00001103' });
    const four = tmp.write('bad/images4', images(4));
    expect(await caught(loadIdx({ images: four, labels: lab }))).toMatchObject({ file: lab, offset: 4, expected: '4 labels', found: '3' });
    const fake = tmp.write('bad/images.gz', images(3));
    expect(await caught(loadIdx({ images: fake, labels: lab }))).toMatchObject({ file: fake, offset: 0, expected: 'gzip magic number 1f 8b', found: '00 00' });
    expect(await caught(loadIdx({ images: four, labels: tmp.dir() + '/missing' }))).toMatchObject({ problem: 'file not found' });
  });
});

describe('loadNpy', () => {
  it('reads x and y files', async () => {
    const x = tmp.write('n/x.npy', encodeNpy({ dtype: 'float32', shape: [5, 3], data: Array.from({ length: 15 }, (_, i) => i / 2) }));
    const y = tmp.write('n/y.npy', encodeNpy({ dtype: 'int64', shape: [5], data: [0, 1, 0, 1, 1] }));
    const s = await loadNpy(x, y);
    expect(s.info).toEqual({ name: 'npy:x.npy', trainSamples: 5, valSamples: 0, inputShape: [3], numClasses: 2, task: 'classification', taskReason: 'y is int64: integer labels are class indices' });
    const [b] = await drain(s, { batchSize: 5, epochs: 1, shuffle: false });
    expect(Array.from(b.x)).toEqual(Array.from({ length: 15 }, (_, i) => i / 2));
  });

  it('an unread dtype names the file', async () => {
    const x = tmp.write('n/x.npy', encodeNpy({ dtype: 'float32', shape: [1, 1], data: [1] }));
    const bad = encodeNpy({ dtype: 'float32', shape: [1], data: [1] });
    bad.set(new TextEncoder().encode('>f4'), bad.indexOf(0x3c)); // '<f4' -> '>f4'
    const y = tmp.write('n/big-endian.npy', bad);
    expect(await caught(loadNpy(x, y))).toMatchObject({ file: y, found: '>f4', problem: 'NPY dtype not read' });
  });
});

describe('Fashion-MNIST', () => {
  // Debian's dataset-fashion-mnist: npm test's pretest installs it; missing, the skip says so and fails CI.
  needs('fashion-mnist')('loads from the Debian package folder: 60,000 + 10,000, 6,000 per class', async () => {
    const s = await loadFashionMnist();
    expect(s.info).toEqual({ name: 'fashion-mnist', trainSamples: 60000, valSamples: 10000, inputShape: [28, 28, 1], numClasses: 10, task: 'classification' });
    const counts = new Array(10).fill(0);
    for await (const b of s.batches({ batchSize: 20000, epochs: 1, shuffle: false })) for (const v of b.ys.dataSync()) counts[v]++;
    expect(counts).toEqual(new Array(10).fill(6000));
  });

  it('when absent, says which package to install or which folder to pass', async () => {
    const e = await caught(loadFashionMnist({ dir: path.join(tmp.dir(), 'no-fashion') }));
    expect(e.message).toMatch(/apt-get install dataset-fashion-mnist/);
    expect(e.message).toMatch(/fashion-mnist:<dir>/);
    expect(e.file).toContain('train-images-idx3-ubyte');
  });
});

describe('openDataSource', () => {
  it('opens every kind of spec, relative to cwd', async () => {
    const cwd = tmp.dir();
    tmp.write('spec/x.npy', encodeNpy({ dtype: 'float32', shape: [4, 2], data: [1, 2, 3, 4, 5, 6, 7, 8] }));
    tmp.write('spec/y.npy', encodeNpy({ dtype: 'float32', shape: [4], data: [1, 2, 3, 4] }));
    tmp.write('spec/d.csv', 'a,b,y\n1,2,0\n3,4,1\n');
    expect((await openDataSource('mnist', { valSplit: 0 })).info).toMatchObject({ name: 'mnist', trainSamples: 60000, valSamples: 0 });
    expect((await openDataSource('npy:spec/x.npy,spec/y.npy', { cwd })).info).toMatchObject({ trainSamples: 4, task: 'regression' });
    expect((await openDataSource('csv:spec/d.csv', { cwd, label: 'y' })).info).toMatchObject({ trainSamples: 2, numClasses: 2 });
    expect((await openDataSource('idx:plain', { cwd })).info).toMatchObject({ trainSamples: 6 });
    expect((await openDataSource('fashion-mnist:plain', { cwd })).info).toMatchObject({ name: 'fashion-mnist', trainSamples: 6 });
  });

  it('task overrides what a csv: or npy: source decides; a fixed-task source refuses another task', async () => {
    const cwd = tmp.dir();
    tmp.write('task/pm.csv', 'a,y\n1,-1\n2,1\n');
    tmp.write('task/x.npy', encodeNpy({ dtype: 'float32', shape: [2, 1], data: [1, 2] }));
    tmp.write('task/y.npy', encodeNpy({ dtype: 'int32', shape: [2], data: [0, 1] }));
    expect((await openDataSource('csv:task/pm.csv', { cwd, label: 'y' })).info).toMatchObject({ task: 'regression', taskReason: expect.stringContaining('--task classification') });
    expect((await openDataSource('csv:task/pm.csv', { cwd, label: 'y', task: 'classification' })).info).toMatchObject({ task: 'classification', numClasses: 2 });
    expect((await openDataSource('npy:task/x.npy,task/y.npy', { cwd, task: 'regression' })).info).toMatchObject({ task: 'regression', taskReason: 'task regression was given' });
    expect(await caught(openDataSource('synthetic:spirals', { task: 'regression' }))).toMatchObject({ problem: 'synthetic:spirals is a classification data set; its task cannot be changed', found: 'regression' });
    expect(await caught(openDataSource('synthetic:spirals', { task: 'clasification' as never }))).toMatchObject({ problem: 'bad task' });
  });

  it('synthetic specs take numeric parameters; valSplit generates extra val samples', async () => {
    const s = await openDataSource('synthetic:regression?samples=200&lambdaMax=10', { valSplit: 0.1, seed: 3 });
    expect(s.info).toMatchObject({ name: 'synthetic:regression', trainSamples: 200, valSamples: 20, inputShape: [3] });
    expect((s as { problem?: { lambdaMax: number } }).problem!.lambdaMax).toBe(10);
    expect((await openDataSource('synthetic:spirals')).info).toMatchObject({ trainSamples: 1000, numClasses: 2 });
  });

  it('bad specs say what is understood', async () => {
    expect(await caught(openDataSource('cifar'))).toMatchObject({ problem: 'unknown data source', found: 'cifar' });
    expect((await caught(openDataSource('cifar'))).message).toMatch(/mnist, fashion-mnist.*csv:<file>/);
    expect(await caught(openDataSource('csv:a.csv'))).toMatchObject({ expected: 'the label option (--label <column>)' });
    expect(await caught(openDataSource('npy:x.npy'))).toMatchObject({ expected: 'npy:<x.npy>,<y.npy>' });
    expect(await caught(openDataSource('synthetic:moons'))).toMatchObject({ found: 'moons' });
    expect(await caught(openDataSource('synthetic:blobs?samples=abc'))).toMatchObject({ problem: 'bad value of samples', found: 'abc' });
    expect(await caught(openDataSource('mnist', { valSplit: 2 }))).toMatchObject({ problem: 'bad validation split' });
  });
});
