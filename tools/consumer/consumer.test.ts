// The publishable packages as a user gets them: packed, installed from the tarballs into a
// project outside the workspace (consumer-project.ts), then every README example in ESM,
// CommonJS and TypeScript (tsc --strict), and the `lrfinder` command (--version, doctor, a short
// run on synthetic data with its advice followed as printed). Fails when anything resolves to the
// workspace instead of the install.
import { execFileSync } from 'child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { builtinModules } from 'module';
import { dirname, join } from 'path';
import { readmeExamples } from './readme-examples';
import { PACKAGES, WORKSPACE, installProject, isInside, outsideEnv, packAll, run } from './consumer-project';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const tsc = require.resolve('typescript/bin/tsc');

/** Every package's README examples; file names are unique over all READMEs (one folder, one tsc run). */
const EXAMPLES = PACKAGES.map((p) => ({
  ...p,
  examples: readmeExamples(readFileSync(join(WORKSPACE, p.dir, 'README.md'), 'utf8'), `${p.dir}/README.md`),
}));

let dir: string;
let project: string;
let examplesDir: string;

beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'lrfinder-consumer-')));
  const tarballs = packAll(dir);
  project = installProject(join(dir, 'project'), tarballs);
  // The examples, verbatim; the TypeScript ones type-checked (strict) and compiled in one run.
  examplesDir = join(project, 'examples');
  mkdirSync(examplesDir);
  const all = EXAMPLES.flatMap((p) => p.examples);
  for (const e of all) writeFileSync(join(examplesDir, e.file), e.code);
  const typed = all.filter((e) => e.file.endsWith('.mts') || e.file.endsWith('.cts'));
  writeFileSync(join(examplesDir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, module: 'node16', moduleResolution: 'node16', target: 'es2022', types: ['node'],
      skipLibCheck: true, rootDir: '.', outDir: 'out',
    },
    files: typed.map((e) => e.file),
  }, null, 2));
  if (typed.length > 0) run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: examplesDir, env: outsideEnv() });
}, 1_200_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Node built-ins an ESM file imports, itself or through the relative files it imports. */
function nodeImportsOf(entry: string): string[] {
  const seen = new Set<string>();
  const found = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^|[\s;])(?:import|export)\b[^'"]*?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith('.')) visit(join(dirname(file), spec));
      else if (spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0])) found.add(spec);
    }
  };
  visit(entry);
  return [...found];
}

/** Runs node with `args` in `cwd` (the project or under it); returns its stdout. */
function nodeIn(cwd: string, args: string[]): string {
  return run(process.execPath, args, { cwd, env: outsideEnv() });
}

describe('the packages installed from their tarballs, outside the workspace', () => {
  it('resolves every package, entry point, runtime dependency and the bin inside the install', () => {
    expect(isInside(project, realpathSync(WORKSPACE))).toBe(false);
    const specifiers: string[] = [];
    for (const pkg of PACKAGES) {
      const link = join(project, 'node_modules', pkg.name);
      expect(lstatSync(link).isSymbolicLink()).toBe(false); // an extracted tarball, not a workspace link
      const manifest = JSON.parse(readFileSync(join(link, 'package.json'), 'utf8'));
      expect(manifest.private).toBeUndefined();
      const entries = Object.keys(manifest.exports ?? {}).filter((k) => k !== './package.json');
      specifiers.push(...entries.map((k) => (k === '.' ? pkg.name : `${pkg.name}/${k.slice(2)}`)));
      if (entries.length === 0) specifiers.push(`${pkg.name}/package.json`);
    }
    expect(specifiers).toEqual(expect.arrayContaining(['@lrfinder/core', '@lrfinder/datasets/node', '@lrfinder/backends/browser', '@lrfinder/plotting/svg', '@lrfinder/cli/package.json']));

    // The CLI bundle's own runtime dependencies, resolved from where the bundle is.
    const cli = join(project, 'node_modules', '@lrfinder', 'cli');
    const cliDeps = Object.keys(JSON.parse(readFileSync(join(cli, 'package.json'), 'utf8')).dependencies);
    const script = `
      const { existsSync, realpathSync } = require('fs');
      const { dirname, join } = require('path');
      const { fileURLToPath } = require('url');
      const specs = ${JSON.stringify(specifiers)};
      const cliDeps = ${JSON.stringify(cliDeps)};
      (async () => {
        const out = { require: {}, import: {}, cli: {} };
        for (const s of specs) out.require[s] = realpathSync(require.resolve(s));
        for (const s of specs) out.import[s] = realpathSync(fileURLToPath(await import.meta.resolve(s)));
        // The folder node loads each package from (not every package exports its package.json).
        const packageDir = (name, from) => {
          for (let d = from; ; d = dirname(d)) {
            const candidate = join(d, 'node_modules', name);
            if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
            if (dirname(d) === d) return 'not found';
          }
        };
        for (const d of cliDeps) out.cli[d] = packageDir(d, ${JSON.stringify(cli)});
        console.log(JSON.stringify(out));
      })();`;
    writeFileSync(join(project, 'resolve.mjs'), `import { createRequire } from 'module';\nconst require = createRequire(import.meta.url);\n${script}`);
    const resolved = JSON.parse(nodeIn(project, ['resolve.mjs']).trim().split('\n').pop()!) as Record<string, Record<string, string>>;
    const outside = Object.entries(resolved).flatMap(([how, map]) =>
      Object.entries(map).filter(([, file]) => !isInside(file, project)).map(([s, file]) => `${how} ${s} -> ${file}`));
    expect(outside).toEqual([]);
    expect(Object.keys(resolved.require)).toHaveLength(specifiers.length);
    expect(Object.keys(resolved.cli).length).toBeGreaterThan(5);
    for (const s of specifiers.filter((x) => !x.endsWith('package.json'))) {
      expect(resolved.require[s]).toMatch(/[/\\]dist[/\\][\w-]+\.cjs$/);
      expect(resolved.import[s]).toMatch(/[/\\]dist[/\\][\w-]+\.js$/);
    }
    const bin = realpathSync(join(project, 'node_modules', '.bin', 'lrfinder'));
    expect(isInside(bin, project)).toBe(true);
    expect(existsSync(join(cli, 'dist', 'lrfinder.mjs'))).toBe(true);
  });

  it('keeps the browser entries free of Node built-ins (the ESM files and every chunk they import)', () => {
    const browserEntries = ['@lrfinder/core', '@lrfinder/datasets', '@lrfinder/datasets/testing', '@lrfinder/backends/browser', '@lrfinder/plotting', '@lrfinder/plotting/react'];
    const script = `
      const { fileURLToPath } = require('url');
      const out = {};
      for (const s of ${JSON.stringify(browserEntries)}) out[s] = fileURLToPath(import.meta.resolve(s));
      console.log(JSON.stringify(out));`;
    writeFileSync(join(project, 'browser-entries.mjs'), `import { createRequire } from 'module';\nconst require = createRequire(import.meta.url);\n${script}`);
    const files = JSON.parse(nodeIn(project, ['browser-entries.mjs']).trim().split('\n').pop()!) as Record<string, string>;
    const found = Object.entries(files).flatMap(([entry, file]) => nodeImportsOf(file).map((m) => `${entry} imports ${m}`));
    expect(found).toEqual([]);
  });

  it('has README example file names that are unique over all packages', () => {
    const names = EXAMPLES.flatMap((p) => p.examples.map((e) => e.file));
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  describe.each(EXAMPLES.map((p) => [p.name, p] as const))('%s README examples', (name, { dir: pkgDir, examples }) => {
    if (name !== '@lrfinder/cli') {
      it.each(['.mjs', '.cjs', '.mts'])('has an example of kind %s (ESM .mjs, CommonJS .cjs, TypeScript .mts)', (kind) => {
        expect(examples.map((e) => e.file).filter((f) => f.endsWith(kind))).not.toHaveLength(0);
      });
    }

    if (examples.length > 0) {
      it('runs each example verbatim (TypeScript ones as tsc --strict compiled them)', () => {
        for (const e of examples) {
          const file = e.file.replace(/\.mts$/, '.mjs').replace(/\.cts$/, '.cjs');
          const at = e.file === file ? examplesDir : join(examplesDir, 'out');
          let stdout: string;
          try {
            stdout = nodeIn(at, [file]);
          } catch (err) {
            throw new Error(`${pkgDir}/README.md:${e.line} (${e.file}): ${(err as Error).message}`);
          }
          expect({ example: e.file, printed: stdout.trim().length > 0 }).toEqual({ example: e.file, printed: true });
        }
      }, 600_000);
    }
  });

  describe('the lrfinder command (npx, from the project folder)', () => {
    const lrfinder = (args: string[]) => run(npx, ['--no-install', 'lrfinder', ...args], { cwd: project, env: outsideEnv() });

    it('--version prints the installed package version', () => {
      const version = JSON.parse(readFileSync(join(project, 'node_modules', '@lrfinder', 'cli', 'package.json'), 'utf8')).version;
      expect(lrfinder(['--version']).trim()).toBe(version);
    });

    it('doctor lists the backends and picks one', () => {
      const out = lrfinder(['doctor']);
      expect(out).toMatch(/^\s*wasm\s+yes\s+4\.22\.0/m);
      expect(out).toMatch(/^auto picks: \S+/m);
    });

    it('run on synthetic data writes a run file and an SVG, and its advice works as printed', () => {
      const out = lrfinder(['run', '--model', 'mlp', '--data', 'synthetic:blobs', '--optimizer', 'adam', '--num-iter', '20', '--batch-size', '32', '--plot', '--out', 'runs']);
      const files = readdirSync(join(project, 'runs'));
      const runFile = files.find((f) => f.endsWith('.json'));
      expect(runFile).toBeDefined();
      expect(files).toContain(runFile!.replace(/\.json$/, '.svg'));
      const svg = readFileSync(join(project, 'runs', runFile!.replace(/\.json$/, '.svg')), 'utf8');
      expect(svg.startsWith('<?xml')).toBe(true);
      expect(svg).toMatch(/<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      // The run file is valid for the installed @lrfinder/core.
      const parsed = JSON.parse(nodeIn(project, ['-e', `const { parseRun } = require('@lrfinder/core'); const r = parseRun(require('fs').readFileSync('runs/${runFile}', 'utf8')); console.log(JSON.stringify({ status: r.status, steps: r.points.length, label: r.label }))`]));
      expect(parsed).toEqual({ status: 'completed', steps: 20, label: 'adam' });
      // "Look at them: <command>" is followed exactly as printed, from the same folder.
      const advice = /^Look at them: (.+)$/m.exec(out);
      expect(advice).not.toBeNull();
      const shown = execFileSync('sh', ['-c', advice![1]], { cwd: project, env: outsideEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
      expect(shown).toContain(parsed.label);
      // No advice about the dashboard: it is not part of the installed packages.
      expect(out).not.toMatch(/npm run dashboard/);
    }, 300_000);
  });
});
