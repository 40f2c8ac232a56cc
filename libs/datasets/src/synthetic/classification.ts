// Seeded classification sets: Gaussian blobs and two interleaved spirals.
import { DatasetError } from '../errors';
import { deriveSeed, mulberry32, normalFrom } from '../random';

/** Inputs `n * features` and labels `n` of a classification set. */
export interface ClassificationData {
  x: Float32Array;
  y: Uint8Array;
  features: number;
  numClasses: number;
}

/** Options of {@link blobs}. */
export interface BlobsOptions {
  /** Samples (classes take turns, so counts differ by at most one). @default 600 */
  samples?: number;
  /** Classes, at most 255. @default 3 */
  classes?: number;
  /** Input features. @default 2 */
  features?: number;
  /** Standard deviation of each blob. @default 1 */
  spread?: number;
  /** Centres are drawn uniformly in [-box, box] per feature. @default 5 */
  box?: number;
  /** Seed. @default 0 */
  seed?: number;
}

/** Gaussian blobs around seeded centres. */
export function blobs(options: BlobsOptions = {}): ClassificationData {
  const n = options.samples ?? 600;
  const k = options.classes ?? 3;
  const f = options.features ?? 2;
  const spread = options.spread ?? 1;
  const box = options.box ?? 5;
  if (!(Number.isInteger(n) && n > 0 && Number.isInteger(k) && k >= 2 && k <= 255 && Number.isInteger(f) && f >= 1 && spread >= 0)) {
    throw new DatasetError('bad blobs options', { file: 'synthetic:blobs', expected: 'samples >= 1, 2 <= classes <= 255, features >= 1, spread >= 0', found: `samples ${n}, classes ${k}, features ${f}, spread ${spread}` });
  }
  const uniform = mulberry32(deriveSeed(options.seed ?? 0, 20));
  const centres = Array.from({ length: k }, () => Array.from({ length: f }, () => (2 * uniform() - 1) * box));
  const rnd = normalFrom(uniform);
  const x = new Float32Array(n * f);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % k;
    for (let j = 0; j < f; j++) x[i * f + j] = centres[y[i]][j] + spread * rnd();
  }
  return { x, y, features: f, numClasses: k };
}

/** Options of {@link spirals}. */
export interface SpiralsOptions {
  /** Samples (two classes, alternating). @default 1000 */
  samples?: number;
  /** Turns of each spiral. @default 1.5 */
  turns?: number;
  /** Standard deviation of the noise added to each coordinate (radius goes up to 1). @default 0.05 */
  noise?: number;
  /** Seed. @default 0 */
  seed?: number;
}

/** Two interleaved spirals in the plane: class c at angle t * turns * 2 pi + c pi, radius t. */
export function spirals(options: SpiralsOptions = {}): ClassificationData {
  const n = options.samples ?? 1000;
  const turns = options.turns ?? 1.5;
  const noise = options.noise ?? 0.05;
  if (!(Number.isInteger(n) && n > 0 && turns > 0 && noise >= 0)) {
    throw new DatasetError('bad spirals options', { file: 'synthetic:spirals', expected: 'samples >= 1, turns > 0, noise >= 0', found: `samples ${n}, turns ${turns}, noise ${noise}` });
  }
  const uniform = mulberry32(deriveSeed(options.seed ?? 0, 30));
  const rnd = normalFrom(uniform);
  const x = new Float32Array(n * 2);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const t = 0.1 + 0.9 * uniform();
    const angle = t * turns * 2 * Math.PI + c * Math.PI;
    x[2 * i] = t * Math.cos(angle) + noise * rnd();
    x[2 * i + 1] = t * Math.sin(angle) + noise * rnd();
    y[i] = c;
  }
  return { x, y, features: 2, numClasses: 2 };
}
