// dist/: ESM (index.js), CommonJS (index.cjs) and declarations; see tools/build/tsup-library.ts.
import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tools/build/tsup-library';

export default defineConfig(libraryConfig({ entry: { index: 'src/index.ts' }, platform: 'neutral' }));
