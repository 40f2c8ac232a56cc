// A least-squares problem with a known stability limit, for tests: loss = mean((Xw - y)^2),
// Hessian H = 2 X^T X / n, plain gradient descent diverges for lr > 2 / lambda_max(H).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { prng as uniform } from '../finder/data';
import { LRFinder } from '../finder/lr-finder';

/** Seeded standard normal (Box-Muller). */
export function normal(seed: number): () => number {
  const u = uniform(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

export interface LeastSquares {
  n: number;
  d: number;
  /** Rows of X. */
  x: number[][];
  y: number[];
  /** Largest eigenvalue of 2 X^T X / n, by power iteration. */
  lambdaMax: number;
  /** Loss at w and its gradient. */
  lossAndGrad(w: number[]): { loss: number; grad: number[] };
}

export function leastSquares(seed = 1, n = 256, scales = [3, 1, 0.3], noise = 0.1): LeastSquares {
  const d = scales.length;
  const rnd = normal(seed);
  const wTrue = [1, -2, 0.5, 1.5, -1].slice(0, d);
  const x = Array.from({ length: n }, () => scales.map((s) => s * rnd()));
  const y = x.map((row) => row.reduce((acc, v, j) => acc + v * wTrue[j], 0) + noise * rnd());
  const h = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (2 / n) * x.reduce((acc, row) => acc + row[i] * row[j], 0)));
  let v = Array.from({ length: d }, () => 1);
  let lambdaMax = 0;
  for (let it = 0; it < 500; it++) {
    const hv = h.map((row) => row.reduce((acc, hij, j) => acc + hij * v[j], 0));
    const norm = Math.hypot(...hv);
    lambdaMax = norm / Math.hypot(...v);
    v = hv.map((c) => c / norm);
  }
  return {
    n, d, x, y, lambdaMax,
    lossAndGrad(w) {
      const r = x.map((row, i) => row.reduce((acc, v, j) => acc + v * w[j], 0) - y[i]);
      const loss = r.reduce((acc, ri) => acc + ri * ri, 0) / n;
      const grad = w.map((_, j) => (2 / n) * r.reduce((acc, ri, i) => acc + ri * x[i][j], 0));
      return { loss, grad };
    },
  };
}

/**
 * Plain minibatch SGD on the problem, as a rangeTest trainStep (shuffled epochs of `batchSize`
 * rows; returns the batch loss before the update). The batch noise keeps every direction
 * excited, so divergence shows right after 2 / lambda_max (full-batch descent would first
 * shrink the top direction to round-off and only blow up much later).
 */
export function sgdTrainStep(p: LeastSquares, batchSize: number, seed = 7): { step: (lr: number) => number; weights: () => number[] } {
  const rnd = uniform(seed);
  let w = new Array(p.d).fill(0);
  let order: number[] = [];
  let pos = p.n;
  const step = (lr: number) => {
    if (pos + batchSize > p.n) {
      order = Array.from({ length: p.n }, (_, i) => i);
      for (let i = p.n - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      pos = 0;
    }
    const rows = order.slice(pos, pos + batchSize);
    pos += batchSize;
    const r = rows.map((i) => p.x[i].reduce((a, v, j) => a + v * w[j], 0) - p.y[i]);
    const loss = r.reduce((a, v) => a + v * v, 0) / batchSize;
    const grad = w.map((_, j) => (2 / batchSize) * r.reduce((a, ri, k) => a + ri * p.x[rows[k]][j], 0));
    w = w.map((wi, j) => wi - lr * grad[j]);
    return loss;
  };
  return { step, weights: () => w.slice() };
}

/**
 * The problem as a range test: one Dense unit without bias from zero weights (so the model is
 * w), its data as tensors, and an LRFinder with plain SGD on the mean squared error.
 */
export function leastSquaresFinder(p: LeastSquares) {
  const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [p.d], useBias: false, kernelInitializer: 'zeros' })] });
  const x = tf.tensor2d(p.x);
  const y = tf.tensor2d(p.y, [p.n, 1]);
  const finder = new LRFinder(model, { optimizer: 'sgd', loss: 'meanSquaredError' });
  return { model, x, y, finder };
}
