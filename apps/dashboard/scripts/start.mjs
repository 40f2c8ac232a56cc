// `npm run dashboard` (root) -> `npm run start -w @lrfinder/dashboard` -> this script:
// builds the app when the build is missing or older than its sources, then serves it
// (serve.mjs: Next.js behind http-gate.cjs).
//   --host / HOST       interface to bind (default 127.0.0.1: this machine only)
//   --port / PORT       port to listen on (default 3000; 0 picks a free one)
//   --read-only / LRFINDER_READ_ONLY=1   no uploads, deletes or sweep saves
//   LRFINDER_TOKEN      token writes need (generated and printed when exposed without one)
//   RUNS_DIR            runs folder; relative paths are taken from the repository root (default runs/)
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
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

// The current build step gets the signals this process receives; once serving, they end it.
let current = null;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (current) current.kill(sig);
    else process.exit(0);
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

let options;
try {
  ({ values: options } = parseArgs({
    options: { host: { type: 'string' }, port: { type: 'string' }, 'read-only': { type: 'boolean' } },
    strict: true,
  }));
} catch (e) {
  console.error(`dashboard: ${e.message} (options: --host <address>, --port <n>, --read-only)`);
  process.exit(2);
}
const host = options.host ?? process.env.HOST ?? '127.0.0.1';
const port = Number(options.port ?? process.env.PORT ?? '3000');
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`dashboard: port ${JSON.stringify(options.port ?? process.env.PORT)} is not a port number (0-65535)`);
  process.exit(2);
}

// One build at a time (two test files may start the app together): build-lock.cjs, and a
// second look at the build once the other build is done.
const lock = path.join(app, '.next-build.lock');
const { tryLock, releaseLock, lockOwner } = require('./build-lock.cjs');
async function buildIfNeeded() {
  let said = false;
  for (;;) {
    if (process.env.FORCE_BUILD !== '1' && !needsBuild()) return;
    if (!tryLock(lock)) {
      if (!said) console.log(`dashboard: waiting for another build of the dashboard (pid ${lockOwner(lock) ?? '?'}) to finish…`);
      said = true;
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    let failed = 0;
    try {
      console.log('dashboard: building (sources changed or no build yet)…');
      for (const args of [[path.join(here, 'build-svg-renderer.cjs')], [nextBin, 'build']]) {
        failed = await run(args);
        if (failed !== 0) break;
      }
    } finally {
      releaseLock(lock);
      delete process.env.FORCE_BUILD;
    }
    // Exit only once the lock is gone (process.exit skips pending finally blocks).
    if (failed !== 0) process.exit(failed);
    return;
  }
}
await buildIfNeeded();

const require_ = createRequire(import.meta.url);
const { writeAccess } = require_('./http-gate.cjs');
const { serve } = await import('./serve.mjs');
const readOnly = options['read-only'] || process.env.LRFINDER_READ_ONLY === '1';
const access = writeAccess({ host, token: process.env.LRFINDER_TOKEN?.trim() || undefined, readOnly });
const server = await serve({ dir: app, host, port, access });
const where = process.env.RUNS_DIR ? `${process.env.RUNS_DIR} (relative paths: from the repository root)` : 'runs/ at the repository root';
const bound = server.address();
const shown = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
console.log(`dashboard: listening on http://${shown}:${bound.port} (runs folder ${where})`);
if (access.mode === 'off') console.log('dashboard: read-only: uploads, deletes and sweep saves are off');
else if (access.generated) console.log(`dashboard: exposed on ${host}: writes need this token (X-LRFinder-Token header, or paste it in the page): ${access.token}`);
else if (access.mode === 'token') console.log('dashboard: writes need the token in LRFINDER_TOKEN');
else console.log('dashboard: this machine only; --host 0.0.0.0 exposes it (writes then need a token)');
