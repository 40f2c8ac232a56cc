// Where the repository root is, so RUNS_DIR and bundled data resolve the same way whatever
// folder `next` was started from (npm -w runs it inside apps/dashboard).
import * as fs from 'node:fs';
import * as path from 'node:path';

/** True for the workspace root: a package.json with a `workspaces` field. */
function isWorkspaceRoot(dir: string): boolean {
  try {
    const pkg = JSON.parse(fs.readFileSync(/*turbopackIgnore: true*/ path.join(dir, 'package.json'), 'utf8'));
    return Array.isArray(pkg.workspaces) || typeof pkg.workspaces === 'object';
  } catch {
    return false;
  }
}

/**
 * The nearest folder at or above `start` holding the npm workspace root; `LRFINDER_ROOT` wins
 * when set. Falls back to `start` outside a workspace (a copied build).
 */
export function findRepoRoot(start: string = process.cwd(), env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (env.LRFINDER_ROOT) return path.resolve(/*turbopackIgnore: true*/ env.LRFINDER_ROOT);
  let dir = path.resolve(/*turbopackIgnore: true*/ start);
  for (;;) {
    if (isWorkspaceRoot(dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(/*turbopackIgnore: true*/ start);
    dir = parent;
  }
}

/**
 * The runs folder, absolute: `RUNS_DIR` (relative values are taken from the repository root,
 * not from the server's working directory), else `<repo>/runs`.
 */
export function runsDir(env: Readonly<Record<string, string | undefined>> = process.env, cwd: string = process.cwd()): string {
  const root = findRepoRoot(cwd, env);
  const configured = env.RUNS_DIR?.trim();
  if (!configured) return path.join(/*turbopackIgnore: true*/ root, 'runs');
  return path.resolve(/*turbopackIgnore: true*/ root, configured);
}
