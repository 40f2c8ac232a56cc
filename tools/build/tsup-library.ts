// One tsup setup for every published library: ESM (`.js`, under a dist/package.json saying
// "type": "module") + CommonJS (`.cjs`) + declarations, every bare import (npm packages, the
// other @lrfinder packages) left as an import that resolves from the consumer's node_modules.
// Code shared by several entries goes to one chunk, so a class such as DatasetError is the same
// object from every entry. tools/build/finish-dist.mjs completes dist/ after tsup.
import type { Options } from 'tsup';

export interface LibraryOptions {
  /** Entry name -> source file, e.g. { index: 'src/index.ts', node: 'src/node.ts' }. */
  entry: Record<string, string>;
  /** 'neutral' for code that must run in browsers and Node alike. @default 'node' */
  platform?: 'node' | 'neutral';
}

export function libraryConfig({ entry, platform = 'node' }: LibraryOptions): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    outExtension: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.js' }),
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    target: 'es2022',
    platform,
    tsconfig: 'tsconfig.build.json',
    external: [/^[^./]/],
    // import.meta.url in the CommonJS build, for the Node entries that resolve their own
    // dependencies (their ESM code needs no shim, so the browser entries stay free of Node modules).
    shims: true,
  };
}
