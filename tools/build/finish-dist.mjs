#!/usr/bin/env node
// After tsup (tools/build/tsup-library.ts), in the package folder:
//   node ../../tools/build/finish-dist.mjs
// - dist/package.json says "type": "module": the ESM files are `.js` (the workspace package
//   itself stays CommonJS for its jest config);
// - each declaration file X.d.ts (ESM there) gets a CommonJS twin X.d.cts whose relative imports
//   point at the .cjs twins, for `require` users (TypeScript's node16/nodenext resolution);
//   tsup's .d.mts copies are dropped (X.d.ts already is the ESM one).
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';

if (!existsSync('dist')) {
  console.error('finish-dist: no dist/ in this folder; run tsup first');
  process.exit(1);
}

writeFileSync('dist/package.json', JSON.stringify({ type: 'module' }) + '\n');
const files = readdirSync('dist');
for (const file of files) {
  if (file.endsWith('.d.mts')) rmSync(`dist/${file}`);
  if (!file.endsWith('.d.ts')) continue;
  const text = readFileSync(`dist/${file}`, 'utf8');
  const cjs = text.replace(/(from\s+|import\s*\(\s*)(['"])(\.\.?\/[^'"]*?)\.js\2/g, '$1$2$3.cjs$2');
  writeFileSync(`dist/${file.slice(0, -'.d.ts'.length)}.d.cts`, cjs);
}
