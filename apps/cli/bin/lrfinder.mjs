#!/usr/bin/env node
// The `lrfinder` command (package.json `bin`): runs the bundle dist/lrfinder.mjs. Installed from
// the registry, the bundle is in the package. In the repository dist/ is not committed, so after
// `npm ci` the first `npx lrfinder ...` (or `npm start`) builds it (build.mjs, esbuild, a few
// seconds), and a later one rebuilds it when a source file (or build.mjs, the package.json whose
// dependencies it checks) is newer than the bundle: the command always runs the code that is
// checked out, and a fresh bundle costs only the look at the files' times (~20 ms), not a build.
import { spawnSync } from 'child_process';
import { existsSync, readdirSync, statSync } from 'fs';
import { dirname, join } from 'path';
import { fileURLToPath, pathToFileURL } from 'url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(pkg, 'dist', 'lrfinder.mjs');
const buildScript = join(pkg, 'build.mjs');

/** Newest modification time (ms) of the TypeScript sources the bundle is built from. */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(file);
      } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        newest = Math.max(newest, statSync(file).mtimeMs);
      }
    }
  };
  const libs = join(pkg, '..', '..', 'libs');
  for (const dir of [join(pkg, 'src'), ...(existsSync(libs) ? readdirSync(libs).map((l) => join(libs, l, 'src')) : [])]) {
    if (existsSync(dir)) walk(dir);
  }
  for (const file of [buildScript, join(pkg, 'package.json')]) newest = Math.max(newest, statSync(file).mtimeMs);
  return newest;
}

const inRepository = existsSync(buildScript) && existsSync(join(pkg, 'src', 'cli.ts'));
if (inRepository && (!existsSync(bundle) || statSync(bundle).mtimeMs < newestSource())) {
  process.stderr.write(existsSync(bundle) ? 'lrfinder: sources changed, rebuilding the CLI...\n' : 'lrfinder: building the CLI (first use)...\n');
  const built = spawnSync(process.execPath, [buildScript], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (built.status !== 0) {
    process.stderr.write(`lrfinder: building the CLI failed (node ${buildScript}); fix the error above, or run npm ci at the repository root if esbuild is missing\n`);
    process.exit(1);
  }
} else if (!existsSync(bundle)) {
  process.stderr.write(`lrfinder: ${bundle} is missing: this installation of @lrfinder/cli is incomplete; reinstall it (npm install @lrfinder/cli)\n`);
  process.exit(1);
}

// The bundle is the script from here on: a parallel run starts its children on it directly
// (cliBundlePath reads argv[1]), not through this check again.
process.argv[1] = bundle;
await import(pathToFileURL(bundle).href);
