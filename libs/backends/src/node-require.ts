// Loading optional packages in Node from CommonJS, ESM or a bundle, without failing when absent.
import { createRequire } from 'node:module';
import { join } from 'node:path';

declare const require: NodeRequire | undefined;

function requirers(): NodeRequire[] {
  const list: NodeRequire[] = [];
  // This package's own location first (its dependencies): CommonJS `require`, else one made for
  // this module's URL (the ESM build, where esbuild turns `require` into a stub without
  // `resolve`); then the script's and the working directory's.
  if (typeof require === 'function' && typeof require.resolve === 'function') list.push(require);
  else list.push(createRequire(import.meta.url));
  if (process.argv[1]) list.push(createRequire(process.argv[1]));
  list.push(createRequire(join(process.cwd(), 'noop.js')));
  return list;
}

/** The resolved path of a package entry, or null when it is not installed. */
export function resolveOptional(id: string): string | null {
  for (const r of requirers()) {
    try {
      return r.resolve(id);
    } catch {
      // try the next anchor
    }
  }
  return null;
}

/** Loads a resolved module (throws what loading threw: missing shared libraries...). */
export function loadResolved<T = unknown>(path: string): T {
  return requirers()[0](path) as T;
}

/** The `version` of an installed package, or null. */
export function packageVersion(name: string): string | null {
  const path = resolveOptional(`${name}/package.json`);
  if (path == null) return null;
  try {
    return (loadResolved<{ version?: string }>(path).version ?? null);
  } catch {
    return null;
  }
}
