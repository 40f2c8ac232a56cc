// dist/: the Node entry (index) and the browser entry (browser), each as ESM (.js), CommonJS
// (.cjs) and declarations; see tools/build/tsup-library.ts.
import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tools/build/tsup-library';

export default defineConfig(libraryConfig({ entry: { index: 'src/index.ts', browser: 'src/browser.ts' } }));
