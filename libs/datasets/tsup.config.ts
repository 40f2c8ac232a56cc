// dist/: the browser-safe entry (index), the Node entry (node) and the fixtures (testing), each
// as ESM (.js), CommonJS (.cjs) and declarations; see tools/build/tsup-library.ts.
import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tools/build/tsup-library';

export default defineConfig(libraryConfig({ entry: { index: 'src/index.ts', node: 'src/node.ts', testing: 'src/testing.ts' } }));
