// Resolving this package's own dependencies from wherever the code runs: sources (jest), the
// CLI bundle (apps/cli/dist, where npm may not have hoisted them), another working directory.
import { createRequire } from 'node:module';
import { resolveOptional } from '../node-require';

/** The path of `id` (a dependency of @lrfinder/backends), or null. */
export function resolveFrom(id: string): string | null {
  const direct = resolveOptional(id);
  if (direct) return direct;
  const own = resolveOptional('@lrfinder/backends/package.json');
  if (own == null) return null;
  try {
    return createRequire(own).resolve(id);
  } catch {
    return null;
  }
}
