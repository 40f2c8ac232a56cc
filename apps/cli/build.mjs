// Bundles the CLI into dist/lrfinder.mjs: the workspace libraries from source (through the
// tsconfig paths), every npm package external so optional native modules (tfjs-node), the wasm
// backend's .wasm files and ESM-only yargs load at run time from node_modules. The published
// package ships this bundle, so every package it imports must be one of its own dependencies
// (checked below: a missing one fails the build instead of failing on a user's machine).
import { build } from 'esbuild';
import { builtinModules, createRequire } from 'module';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { fileURLToPath } from 'url';
import path from 'path';

const here = path.dirname(fileURLToPath(import.meta.url));
const manifest = JSON.parse(readFileSync(path.join(here, 'package.json'), 'utf8'));
const declared = new Set(Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies }));
const builtins = new Set(builtinModules);

/** 'react-dom/server' -> 'react-dom', '@scope/name/x' -> '@scope/name'. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const requireHere = createRequire(import.meta.url);

/** Whether a file Node loads is CommonJS: .cjs, or .js under a package.json without "type": "module". */
function isCommonJs(file) {
  if (file.endsWith('.cjs')) return true;
  if (!file.endsWith('.js')) return false;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const pj = path.join(dir, 'package.json');
    if (existsSync(pj)) {
      const type = JSON.parse(readFileSync(pj, 'utf8')).type;
      if (type !== undefined || path.basename(path.dirname(dir)) === 'node_modules' || path.basename(path.dirname(path.dirname(dir))) === 'node_modules') return type !== 'module';
    }
    if (path.dirname(dir) === dir) return true;
  }
}

/**
 * A package that is CommonJS whichever way it is loaded (the same file for import and require:
 * TF.js, React...): the bundle require()s it. An ESM import of CommonJS makes Node scan its whole
 * source for export names first (cjs-module-lexer) and check its format: about 0.5 s of CPU per
 * process for TF.js alone, paid by the CLI and by each child of a parallel run.
 */
function requireable(specifier) {
  try {
    const imported = fileURLToPath(import.meta.resolve(specifier));
    return requireHere.resolve(specifier) === imported && isCommonJs(imported);
  } catch {
    return false; // not installed here (optional), ESM only, or not a file
  }
}

const externalPackages = {
  name: 'external-packages',
  setup(b) {
    // Bare imports that are not workspace packages stay imports (or requires, see requireable).
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@lrfinder/')) return undefined;
      if (args.kind === 'entry-point') return undefined;
      if ((args.kind === 'import-statement' || args.kind === 'dynamic-import') && !args.path.startsWith('node:') && !builtins.has(args.path) && requireable(args.path)) {
        return { path: args.path, namespace: 'require-external' };
      }
      return { path: args.path, external: true };
    });
    // The stand-in module: CommonJS whose require() stays a require of the installed package.
    b.onLoad({ filter: /.*/, namespace: 'require-external' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

const result = await build({
  write: false,
  metafile: true,
  entryPoints: [path.join(here, 'src/cli.ts')],
  outdir: path.join(here, 'dist'),
  entryNames: 'lrfinder',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  // Chunks: command modules load only when their command runs (fast --help, show, export).
  splitting: true,
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
      "import { createRequire as __lrfCreateRequire } from 'module';",
      "import { fileURLToPath as __lrfFileURLToPath } from 'url';",
      "import { dirname as __lrfDirname } from 'path';",
      'const require = __lrfCreateRequire(import.meta.url);',
      'const __filename = __lrfFileURLToPath(import.meta.url);',
      'const __dirname = __lrfDirname(__filename);',
    ].join('\n'),
  },
});

const undeclared = new Set();
for (const output of Object.values(result.metafile.outputs)) {
  for (const { path: specifier, external } of output.imports) {
    if (!external || specifier.startsWith('node:') || builtins.has(specifier)) continue;
    if (!declared.has(packageName(specifier))) undeclared.add(packageName(specifier));
  }
}
if (undeclared.size > 0) {
  console.error(`build.mjs: the bundle imports ${[...undeclared].join(', ')}, not in apps/cli/package.json's dependencies: add ${undeclared.size === 1 ? 'it' : 'them'} (npm install -w @lrfinder/cli <name>@<version>)`);
  process.exit(1);
}

// Written atomically: tests in parallel jest workers may build while another runs the bundle.
for (const file of result.outputFiles) {
  // The shebang only on the entry (esbuild keeps one from the entry's first line otherwise).
  if (file.path.endsWith('lrfinder.mjs')) file.contents = Buffer.concat([Buffer.from('#!/usr/bin/env node\n'), Buffer.from(file.contents)]);
  mkdirSync(path.dirname(file.path), { recursive: true });
  const tmp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(tmp, file.contents, { mode: file.path.endsWith('.mjs') ? 0o755 : 0o644 });
  renameSync(tmp, file.path);
}
