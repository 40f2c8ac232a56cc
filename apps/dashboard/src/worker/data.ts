// The sweep's data sources, from @lrfinder/datasets: seeded synthetic sets, or an MNIST subset
// the app serves as IDX bytes (/api/mnist/train-images?count=N).
import { idxSource, syntheticSource, type BatchSource } from '@lrfinder/datasets';
import type { SweepConfig } from './protocol';

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text().catch(() => '')}`);
  return new Uint8Array(await res.arrayBuffer());
}

export async function openSource(config: SweepConfig): Promise<BatchSource> {
  if (config.dataset === 'mnist') {
    const count = config.mnistSamples;
    const [images, labels] = await Promise.all([
      fetchBytes(`/api/mnist/train-images?count=${count}`),
      fetchBytes(`/api/mnist/train-labels?count=${count}`),
    ]);
    return idxSource({ name: `mnist (first ${count})`, train: { images, labels, imagesFile: 'train-images', labelsFile: 'train-labels' }, numClasses: 10 });
  }
  const name = config.dataset === 'synthetic:spirals' ? 'spirals' : 'blobs';
  return syntheticSource(name, { samples: 1024, seed: config.seed });
}
