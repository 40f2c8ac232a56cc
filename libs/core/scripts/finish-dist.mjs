// After tsup: dist/index.js is ESM with a .js extension, so dist/ gets "type": "module"; the
// CommonJS entry (index.cjs) gets its own declaration file (index.d.cts) for `require` users.
import { copyFileSync, writeFileSync } from 'fs';

writeFileSync('dist/package.json', JSON.stringify({ type: 'module' }) + '\n');
copyFileSync('dist/index.d.ts', 'dist/index.d.cts');
