// dist/: the pure transforms (index), the React charts (react) and the SVG documents (svg), each
// as ESM (.js), CommonJS (.cjs) and declarations; see tools/build/tsup-library.ts. tsup keeps
// the react entry's 'use client' directive.
import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tools/build/tsup-library';

export default defineConfig(libraryConfig({ entry: { index: 'src/index.ts', react: 'src/react.ts', svg: 'src/svg.ts' } }));
