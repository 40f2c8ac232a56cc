// The parameters a `synthetic:<name>?key=value&...` spec may set, checked before anything is
// generated: an unknown key (a typo) names the closest known one, and sizes have upper limits
// so a huge `samples` is an error, not an allocation that fails or exhausts memory.
import { closest, distance } from 'fastest-levenshtein';
import { DatasetError } from '../errors';
import type { SyntheticName } from './source';

/** Keys each set reads (besides `seed` and `valSamples`, which all take). */
export const SYNTHETIC_PARAMS: Record<SyntheticName, readonly string[]> = {
  regression: ['samples', 'features', 'lambdaMax', 'conditionNumber', 'noise'],
  blobs: ['samples', 'classes', 'features', 'spread', 'box'],
  spirals: ['samples', 'turns', 'noise'],
};

/** Most samples (train + val) and values (samples x features) a synthetic set may have. */
export const SYNTHETIC_LIMITS = { samples: 10_000_000, features: 100_000, values: 100_000_000 } as const;

/** Throws DatasetError for an unknown key (naming the closest) or a size past its limit. */
export function checkSyntheticParams(name: SyntheticName, params: Record<string, number>, spec: string): void {
  const known = [...SYNTHETIC_PARAMS[name], 'seed', 'valSamples'];
  for (const key of Object.keys(params)) {
    if (known.includes(key)) continue;
    const near = closest(key, known);
    const hint = distance(key, near) <= Math.max(2, Math.floor(key.length / 3)) ? `did you mean "${near}"?` : undefined;
    throw new DatasetError(`unknown parameter "${key}" of synthetic:${name}`, { file: spec, expected: `one of ${known.join(', ')}`, found: key, hint });
  }
  const samples = (params.samples ?? 0) + (params.valSamples ?? 0);
  const features = params.features ?? 2;
  const limit = (what: string, found: number, max: number) => {
    throw new DatasetError(`${what} too large`, { file: spec, expected: `at most ${max}`, found: String(found) });
  };
  if (samples > SYNTHETIC_LIMITS.samples) limit('samples', samples, SYNTHETIC_LIMITS.samples);
  if (features > SYNTHETIC_LIMITS.features) limit('features', features, SYNTHETIC_LIMITS.features);
  // The regression set orthogonalises its columns: time grows with samples x features^2.
  if (name === 'regression' && features > 1000) limit('features', features, 1000);
  if (samples * features > SYNTHETIC_LIMITS.values) limit('samples x features', samples * features, SYNTHETIC_LIMITS.values);
}
