// Bundles @lrfinder/plotting/svg (react-dom/server + the Nivo chart components) into one
// CommonJS file that the route handlers load at run time: Next.js refuses react-dom/server
// inside route handler bundles, so the renderer lives outside them (src/server/svg.ts).
// Usage: node scripts/build-svg-renderer.cjs  (run by `npm run build`; about a second)
const { buildSync } = require('esbuild');
const { existsSync } = require('node:fs');
const path = require('node:path');

const app = path.resolve(__dirname, '..');
const root = path.resolve(app, '../..');
const RENDERER_FILE = path.join(app, '.svg-renderer', 'svg.cjs');

/**
 * Writes the renderer bundle to `outfile` and returns its path, or null (with a warning) when
 * @lrfinder/plotting has no svg entry.
 * @param {{ outfile?: string, quiet?: boolean }} [options]
 */
function buildSvgRenderer({ outfile = RENDERER_FILE, quiet = false } = {}) {
  const entry = path.join(root, 'libs/plotting/src/svg.ts');
  if (!existsSync(entry)) {
    if (!quiet) console.warn(`svg renderer: ${path.relative(root, entry)} not found; SVG/PNG export disabled`);
    return null;
  }
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    jsx: 'automatic',
    tsconfig: path.join(root, 'tsconfig.base.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: quiet ? 'error' : 'warning',
  });
  return outfile;
}

module.exports = { buildSvgRenderer, RENDERER_FILE };

if (require.main === module) {
  const file = buildSvgRenderer();
  if (file) console.log(`svg renderer: ${path.relative(root, file)}`);
}
