import * as tf from '@tensorflow/tfjs-core';
import { drain, useCpu } from '../test-setup';
import { regressionProblem } from './regression';
import { syntheticSource } from './source';

beforeAll(useCpu);

/** Largest eigenvalue of the symmetric matrix a (power iteration, float64). */
function lambdaMaxOf(a: number[][]): number {
  let v = a.map(() => 1);
  let lambda = 0;
  for (let it = 0; it < 2000; it++) {
    const av = a.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));
    const norm = Math.hypot(...av);
    lambda = norm / Math.hypot(...v);
    v = av.map((x) => x / norm);
  }
  return lambda;
}

/** Hessian of mean((X w [+ b] - y)^2): 2 [X 1]^T [X 1] / n, computed from the float32 data. */
function hessian(x: Float32Array, n: number, d: number, bias: boolean): number[][] {
  const cols = bias ? d + 1 : d;
  const at = (i: number, j: number) => (j === d ? 1 : x[i * d + j]);
  return Array.from({ length: cols }, (_, a) => Array.from({ length: cols }, (_, b) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += at(i, a) * at(i, b);
    return (2 * s) / n;
  }));
}

describe('regression (least squares with a chosen curvature)', () => {
  it('has the chosen lambda_max, with and without a bias, computed from its own data', () => {
    for (const [lambdaMax, cond, d] of [[18, 100, 3], [10, 5, 4], [0.5, 1, 2], [7, 1, 1]] as const) {
      const p = regressionProblem({ lambdaMax, conditionNumber: cond, features: d, samples: 300, seed: 3 });
      expect(p.lambdaMax).toBe(lambdaMax);
      expect(lambdaMaxOf(hessian(p.x, p.n, p.d, false))).toBeCloseTo(lambdaMax, 4);
      expect(lambdaMaxOf(hessian(p.x, p.n, p.d, true))).toBeCloseTo(Math.max(lambdaMax, 2), 4);
      expect(p.lambdaMaxWithBias).toBe(Math.max(lambdaMax, 2));
      // smallest eigenvalue = lambdaMax / conditionNumber: the Hessian is diagonal
      const h = hessian(p.x, p.n, p.d, false);
      expect(Math.min(...h.map((row, i) => row[i]))).toBeCloseTo(lambdaMax / cond, 4);
    }
  });

  it('full-batch gradient descent converges just below 2 / lambda_max and diverges just above', () => {
    const p = regressionProblem({ samples: 200, seed: 1 });
    const run = (lr: number) => {
      let w = [0, 0, 0];
      for (let it = 0; it < 300; it++) {
        const grad = [0, 0, 0];
        for (let i = 0; i < p.n; i++) {
          const r = w.reduce((s, wj, j) => s + wj * p.x[i * 3 + j], 0) - p.y[i];
          for (let j = 0; j < 3; j++) grad[j] += (2 / p.n) * r * p.x[i * 3 + j];
        }
        w = w.map((wj, j) => wj - lr * grad[j]);
      }
      return Math.hypot(...w.map((wj, j) => wj - p.weights[j]));
    };
    const limit = 2 / p.lambdaMax;
    expect(run(limit * 0.95)).toBeLessThan(0.1);
    expect(run(limit * 1.05)).toBeGreaterThan(1e3);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(regressionProblem({ seed: 5 }).x).toEqual(regressionProblem({ seed: 5 }).x);
    expect(regressionProblem({ seed: 5 }).y).not.toEqual(regressionProblem({ seed: 6 }).y);
  });

  it('as a source: [n, d] inputs, [n, 1] targets, a separate val set with the same weights', async () => {
    const s = syntheticSource('regression', { samples: 100, valSamples: 40, noise: 0, seed: 2 });
    expect(s.info).toEqual({ name: 'synthetic:regression', trainSamples: 100, valSamples: 40, inputShape: [3], numClasses: null, task: 'regression' });
    const [b] = await drain(s, { batchSize: 40, split: 'val', shuffle: false, epochs: 1 });
    expect(b.xShape).toEqual([40, 3]);
    expect(b.yShape).toEqual([40, 1]);
    const w = s.problem!.weights;
    for (let i = 0; i < 40; i++) {
      expect(b.y[i]).toBeCloseTo(w[0] * b.x[3 * i] + w[1] * b.x[3 * i + 1] + w[2] * b.x[3 * i + 2], 4);
    }
  });
});

describe('blobs and spirals', () => {
  it('blobs: balanced classes around seeded centres, val from the same centres', async () => {
    const s = syntheticSource('blobs', { samples: 300, classes: 3, spread: 0.1, valSamples: 30, seed: 4 });
    expect(s.info).toMatchObject({ trainSamples: 300, valSamples: 30, inputShape: [2], numClasses: 3, task: 'classification' });
    const [train] = await drain(s, { batchSize: 300, epochs: 1, shuffle: false });
    const [val] = await drain(s, { batchSize: 30, epochs: 1, shuffle: false, split: 'val' });
    const centre = (b: typeof train, c: number) => {
      const idx = [...b.y.keys()].filter((i) => b.y[i] === c);
      return [0, 1].map((j) => idx.reduce((s, i) => s + b.x[2 * i + j], 0) / idx.length);
    };
    for (let c = 0; c < 3; c++) {
      expect([...train.y].filter((v) => v === c)).toHaveLength(100);
      const [a, b] = [centre(train, c), centre(val, c)];
      expect(Math.hypot(a[0] - b[0], a[1] - b[1])).toBeLessThan(0.2);
    }
  });

  it('spirals: two classes on radius t and angle offset pi', async () => {
    const s = syntheticSource('spirals', { samples: 200, noise: 0, seed: 1 });
    const [b] = await drain(s, { batchSize: 200, epochs: 1, shuffle: false, labels: 'onehot' });
    expect(b.yShape).toEqual([200, 2]);
    for (let i = 0; i < 200; i++) {
      const [x, y] = [b.x[2 * i], b.x[2 * i + 1]];
      const r = Math.hypot(x, y);
      expect(r).toBeGreaterThanOrEqual(0.1 - 1e-6);
      expect(r).toBeLessThanOrEqual(1 + 1e-6);
      const c = b.y[2 * i + 1] === 1 ? 1 : 0;
      const expectedAngle = r * 1.5 * 2 * Math.PI + c * Math.PI;
      const diff = Math.atan2(y, x) - expectedAngle;
      expect(Math.abs(Math.sin(diff / 2))).toBeLessThan(1e-4);
    }
  });

  it('rejects unknown names and bad options with a DatasetError', () => {
    expect(() => syntheticSource('moons' as never)).toThrow(/unknown synthetic set.*expected regression, blobs, spirals, found moons/);
    expect(() => syntheticSource('blobs', { classes: 1 })).toThrow(expect.objectContaining({ name: 'DatasetError' }));
    expect(() => syntheticSource('regression', { samples: 3, features: 3 })).toThrow(/samples > features/);
  });

  it('sources keep no tensors between calls', async () => {
    const before = tf.memory().numTensors;
    await drain(syntheticSource('spirals'), { batchSize: 32 }, 50);
    expect(tf.memory().numTensors).toBe(before);
  });
});
