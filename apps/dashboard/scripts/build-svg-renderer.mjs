// Bundles @lrfinder/plotting/svg (react-dom/server + the Nivo chart components) into one
// CommonJS file that the route handlers load at run time. Next.js refuses react-dom/server
// inside route handlers' bundles, so the renderer lives outside them.
// Usage: node scripts/build-svg-renderer.mjs  (run by `npm run build`; ~1 s)
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const app = path.resolve(here, '..');
const root = path.resolve(app, '../..');
export const RENDERER_FILE = path.join(app, '.svg-renderer', 'svg.cjs');

export async function buildSvgRenderer({ quiet = false } = {}) {
  const entry = path.join(root, 'libs/plotting/src/svg.ts');
  if (!existsSync(entry)) {
    if (!quiet) console.warn(`svg renderer: ${path.relative(root, entry)} not found; SVG/PNG export disabled`);
    return null;
  }
  await build({
    entryPoints: [entry],
    outfile: RENDERER_FILE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    jsx: 'automatic',
    tsconfig: path.join(root, 'tsconfig.base.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: quiet ? 'error' : 'warning',
  });
  return RENDERER_FILE;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = await buildSvgRenderer();
  if (file) console.log(`svg renderer: ${path.relative(root, file)}`);
}
