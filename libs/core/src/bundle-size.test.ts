// The browser cost of importing core, measured the way a bundler sees it: esbuild bundles a
// one-line entry (bundle + minify, TF.js external as the peer dependency it is) and the output
// is gzipped. A size, not a timing: it is the same on any machine.
import { buildSync } from 'esbuild';
import { join } from 'path';
import { gzipSync } from 'zlib';

const pkgDir = join(__dirname, '..');

function gzippedBytes(entry: string): number {
  const out = buildSync({
    stdin: { contents: entry, resolveDir: pkgDir, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external: ['@tensorflow/*'],
    write: false,
    logLevel: 'silent',
  });
  return gzipSync(out.outputFiles[0].contents, { level: 9 }).length;
}

describe('bundle size of @lrfinder/core in a browser (tfjs external, minified, gzip -9)', () => {
  const KB = 1024;
  it('import { rangeTest } costs at most 20 kB (5.6 kB now; it was 96 kB with zod\'s classic API)', () => {
    expect(gzippedBytes("import { rangeTest } from './src/index'; console.log(rangeTest);")).toBeLessThanOrEqual(20 * KB);
  });

  it('the run-file reader (parseRun, zod/mini) stays within 20 kB as well', () => {
    expect(gzippedBytes("import { parseRun } from './src/index'; console.log(parseRun);")).toBeLessThanOrEqual(20 * KB);
  });

  it('the measure sees what an import pulls in (zod classic alone is far above the budget)', () => {
    expect(gzippedBytes("import { z } from 'zod'; console.log(z.object({ a: z.string() }));")).toBeGreaterThan(20 * KB);
  });
});
