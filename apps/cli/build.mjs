// Bundles the CLI into dist/lrfinder.mjs: the workspace libraries from source (through the
// tsconfig paths), every npm package external so optional native modules (tfjs-node) and
// ESM-only yargs load at run time from node_modules.
import { build } from 'esbuild';
import { fileURLToPath } from 'url';
import path from 'path';

const here = path.dirname(fileURLToPath(import.meta.url));

const externalPackages = {
  name: 'external-packages',
  setup(b) {
    // Bare imports that are not workspace packages stay imports.
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@lrfinder/')) return undefined;
      if (args.kind === 'entry-point') return undefined;
      return { path: args.path, external: true };
    });
  },
};

await build({
  entryPoints: [path.join(here, 'src/cli.ts')],
  outfile: path.join(here, 'dist/lrfinder.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  tsconfig: path.join(here, 'tsconfig.json'),
  plugins: [externalPackages],
  sourcemap: true,
  jsx: 'automatic',
  logLevel: 'warning',
  banner: {
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __lrfCreateRequire } from 'module';",
      "import { fileURLToPath as __lrfFileURLToPath } from 'url';",
      "import { dirname as __lrfDirname } from 'path';",
      'const require = __lrfCreateRequire(import.meta.url);',
      'const __filename = __lrfFileURLToPath(import.meta.url);',
      'const __dirname = __lrfDirname(__filename);',
    ].join('\n'),
  },
});
