// Builds dist/: ESM (index.js), CommonJS (index.cjs) and type declarations. The ESM file is
// `.js`, so scripts/finish-dist.mjs gives dist/ its own package.json with "type": "module"
// (the workspace package itself stays CommonJS for its jest config).
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  outExtension: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.js' }),
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2020',
  platform: 'neutral',
  tsconfig: 'tsconfig.build.json',
  external: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', 'zod'],
});
