// Least squares with a chosen curvature: the known-answer problem of the core tests.
// Inputs are centred and made exactly orthogonal (Gram-Schmidt over the samples), with column j
// scaled so that X^T X / n = diag(s_j^2). For the mean squared error loss
// L(w, b) = mean((X w + b - y)^2) the Hessian in w is 2 X^T X / n = diag(2 s_j^2) exactly, so
// its largest eigenvalue is the chosen `lambdaMax`, and full-batch gradient descent diverges
// for lr > 2 / lambdaMax. With a bias the centred columns keep the Hessian block-diagonal and
// the bias adds the eigenvalue 2: lambdaMaxWithBias = max(lambdaMax, 2).
import { DatasetError } from '../errors';
import { deriveSeed, mulberry32, normalFrom } from '../random';

/** Options of {@link regressionProblem}. */
export interface RegressionOptions {
  /** Samples. @default 1024 */
  samples?: number;
  /** Input features (d). @default 3 */
  features?: number;
  /** Largest eigenvalue of the MSE Hessian 2 X^T X / n. @default 18 */
  lambdaMax?: number;
  /** lambdaMax / smallest eigenvalue; the eigenvalues are spaced geometrically. @default 100 */
  conditionNumber?: number;
  /** Standard deviation of the target noise. @default 0.1 */
  noise?: number;
  /** Seed. @default 0 */
  seed?: number;
  /** True weights; drawn from the seed when absent (a validation set passes the training ones). */
  weights?: number[];
}

/** A least-squares problem with its exact curvature. */
export interface RegressionProblem {
  n: number;
  d: number;
  /** Rows of X, sample-major, `n * d`. */
  x: Float32Array;
  /** Targets, `n`. */
  y: Float32Array;
  /** The true weights (bias 0). */
  weights: number[];
  /** Eigenvalues of 2 X^T X / n, largest first (exact in float64; float32 storage rounds them ~1e-6). */
  eigenvalues: number[];
  /** Largest eigenvalue of the Hessian in w: gradient descent diverges above lr = 2 / lambdaMax. */
  lambdaMax: number;
  /** The same for a linear model with a bias: max(lambdaMax, 2). */
  lambdaMaxWithBias: number;
}

/** Builds the problem; deterministic for a seed. */
export function regressionProblem(options: RegressionOptions = {}): RegressionProblem {
  const n = options.samples ?? 1024;
  const d = options.features ?? 3;
  const lambdaMax = options.lambdaMax ?? 18;
  const cond = options.conditionNumber ?? 100;
  const noise = options.noise ?? 0.1;
  if (!(Number.isInteger(d) && d >= 1 && Number.isInteger(n) && n > d)) {
    throw new DatasetError('bad regression size', { file: 'synthetic:regression', expected: 'integers features >= 1 and samples > features', found: `samples ${n}, features ${d}` });
  }
  if (!(lambdaMax > 0 && cond >= 1 && noise >= 0)) {
    throw new DatasetError('bad regression curvature', { file: 'synthetic:regression', expected: 'lambdaMax > 0, conditionNumber >= 1, noise >= 0', found: `lambdaMax ${lambdaMax}, conditionNumber ${cond}, noise ${noise}` });
  }
  const rnd = normalFrom(mulberry32(deriveSeed(options.seed ?? 0, 10)));
  const eigenvalues = Array.from({ length: d }, (_, j) => lambdaMax * cond ** (d === 1 ? 0 : -j / (d - 1)));
  // Columns in float64: centre, orthogonalise against earlier columns, scale to norm sqrt(n) * s_j.
  const cols: Float64Array[] = [];
  for (let j = 0; j < d; j++) {
    const c = Float64Array.from({ length: n }, () => rnd());
    const mean = c.reduce((a, b) => a + b, 0) / n;
    for (let i = 0; i < n; i++) c[i] -= mean;
    for (const q of cols) {
      const dot = c.reduce((a, v, i) => a + v * q[i], 0) / q.reduce((a, v) => a + v * v, 0);
      for (let i = 0; i < n; i++) c[i] -= dot * q[i];
    }
    const norm = Math.hypot(...c);
    const s = Math.sqrt(eigenvalues[j] / 2);
    for (let i = 0; i < n; i++) c[i] *= (s * Math.sqrt(n)) / norm;
    cols.push(c);
  }
  const weights = options.weights ? options.weights.slice(0, d) : Array.from({ length: d }, () => rnd());
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let t = 0;
    for (let j = 0; j < d; j++) {
      x[i * d + j] = cols[j][i];
      t += cols[j][i] * weights[j];
    }
    y[i] = t + noise * rnd();
  }
  return { n, d, x, y, weights, eigenvalues, lambdaMax, lambdaMaxWithBias: Math.max(lambdaMax, 2) };
}
