import { leastSquaresSource, tinyBlobsSource } from './testing';
import { drain, useCpu } from './test-setup';

beforeAll(useCpu);

describe('testing entry', () => {
  it('leastSquaresSource documents its curvature: 2 / lambdaMax is the full-batch SGD limit', async () => {
    const s = leastSquaresSource({ lambdaMax: 10, samples: 64 });
    expect(2 / s.problem.lambdaMax).toBe(0.2);
    const [b] = await drain(s, { batchSize: 64, epochs: 1, shuffle: false });
    // diag(X^T X / n) carries the eigenvalues / 2: the largest column second moment is 5
    const m = [0, 1, 2].map((j) => Array.from({ length: 64 }, (_, i) => b.x[3 * i + j] ** 2).reduce((a, c) => a + c, 0) / 64);
    expect(Math.max(...m)).toBeCloseTo(5, 4);
  });

  it('tinyBlobsSource is a 300-sample, 3-class, seeded source', async () => {
    expect(tinyBlobsSource().info).toMatchObject({ trainSamples: 300, numClasses: 3, inputShape: [2] });
    expect(await drain(tinyBlobsSource(1), { batchSize: 50, seed: 1 }, 2)).toEqual(await drain(tinyBlobsSource(1), { batchSize: 50, seed: 1 }, 2));
  });
});
