// `npm run dashboard` (root) -> `npm run start -w @lrfinder/dashboard` -> this script:
// builds the app when the build is missing or older than its sources, then runs `next start`.
//   PORT      port to listen on (default 3000)
//   HOSTNAME  interface to bind (default: next's, all interfaces)
//   RUNS_DIR  runs folder; relative paths are taken from the repository root (default runs/)
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const app = path.resolve(here, '..');
const root = path.resolve(app, '../..');
const require = createRequire(import.meta.url);
const nextBin = require.resolve('next/dist/bin/next');

/** Newest mtime of the files under `dir` (skipping node_modules, build outputs and tests). */
function newest(dir) {
  let max = 0;
  if (!existsSync(dir)) return max;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', '.next', 'dist', 'test-results', '.svg-renderer'].includes(entry.name)) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) max = Math.max(max, newest(p));
    else if (!/\.test\.tsx?$/.test(entry.name)) max = Math.max(max, statSync(p).mtimeMs);
  }
  return max;
}

/** True when .next is missing or older than the app's or the libraries' sources. */
export function needsBuild() {
  const marker = path.join(app, '.next', 'BUILD_ID');
  if (!existsSync(marker) || !existsSync(path.join(app, '.svg-renderer'))) return true;
  const built = statSync(marker).mtimeMs;
  const sources = [
    path.join(app, 'src'),
    path.join(app, 'next.config.mjs'),
    path.join(app, 'package.json'),
    path.join(root, 'tsconfig.base.json'),
    ...['core', 'datasets', 'backends', 'plotting'].map((l) => path.join(root, 'libs', l, 'src')),
  ];
  return sources.some((s) => (existsSync(s) && statSync(s).isDirectory() ? newest(s) : existsSync(s) ? statSync(s).mtimeMs : 0) > built);
}

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

// The current child (build step or server) gets the signals this process receives.
let current = null;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (current) current.kill(sig);
    else process.exit(1);
  });
}

function run(args) {
  return new Promise((resolve) => {
    current = spawn(process.execPath, args, { cwd: app, env, stdio: 'inherit' });
    current.on('exit', (code, signal) => {
      current = null;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

if (process.env.FORCE_BUILD === '1' || needsBuild()) {
  console.log('dashboard: building (sources changed or no build yet)…');
  for (const args of [[path.join(here, 'build-svg-renderer.cjs')], [nextBin, 'build']]) {
    const code = await run(args);
    if (code !== 0) process.exit(code);
  }
}

const port = process.env.PORT || '3000';
const args = [nextBin, 'start', '-p', port];
if (process.env.HOSTNAME) args.push('-H', process.env.HOSTNAME);
const where = process.env.RUNS_DIR ? `${process.env.RUNS_DIR} (relative paths: from the repository root)` : 'runs/ at the repository root';
console.log(`dashboard: runs folder ${where}, port ${port}`);
process.exit(await run(args));
