// Packs @lrfinder/core like a release (build, npm pack), installs the tarball into a project
// outside the workspace and runs a 10-step rangeTest and an LRFinder.find there, once as ESM
// and once as CommonJS, in child node processes.
import { execFileSync } from 'child_process';
import { cpSync, mkdtempSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const pkgDir = join(__dirname, '..');
const workspaceModules = join(pkgDir, '..', '..', 'node_modules');
const PEERS = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu', 'zod'];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

/** `npm install --offline` from npm's cache; where that fails, the same files laid out by hand. */
function install(app: string, tarball: string): 'npm-offline' | 'copied' {
  try {
    run(npm, ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], app);
    return 'npm-offline';
  } catch {
    const target = join(app, 'node_modules', '@lrfinder', 'core');
    mkdirSync(target, { recursive: true });
    run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], app);
    for (const name of PEERS) {
      mkdirSync(join(app, 'node_modules', name, '..'), { recursive: true });
      symlinkSync(join(workspaceModules, name), join(app, 'node_modules', name), 'dir');
    }
    return 'copied';
  }
}

describe('@lrfinder/core as an installed package', () => {
  let dir: string;
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('builds, packs, installs outside the workspace and runs from ESM and CommonJS', () => {
    dir = mkdtempSync(join(tmpdir(), 'lrfinder-core-consumer-'));
    run(npm, ['run', 'build', '--silent'], pkgDir);
    run(npm, ['pack', '--pack-destination', dir, '--silent'], pkgDir);
    const tarball = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz'))!);
    const app = join(dir, 'app');
    mkdirSync(app);
    const versions = JSON.parse(run('node', ['-e', `console.log(JSON.stringify(${JSON.stringify(PEERS)}.map((n) => require(n + '/package.json').version)))`], workspaceModules));
    writeFileSync(join(app, 'package.json'), JSON.stringify({
      name: 'lrfinder-consumer', version: '1.0.0', private: true,
      dependencies: { '@lrfinder/core': `file:${tarball}`, ...Object.fromEntries(PEERS.map((n, i) => [n, versions[i]])) },
    }, null, 2));
    const how = install(app, tarball);
    for (const file of ['smoke.mjs', 'smoke.cjs', 'types.mts', 'types.cts']) cpSync(join(pkgDir, 'consumer', file), join(app, file));
    for (const [file, module, entry] of [['smoke.mjs', 'esm', 'dist/index.js'], ['smoke.cjs', 'cjs', 'dist/index.cjs']]) {
      const out = run('node', [file], app).trim().split('\n').pop()!;
      const result = JSON.parse(out);
      expect(result).toMatchObject({
        module,
        format: 'lrfinder.run/v1',
        rangeTest: { status: 'completed', points: 10 },
        find: { status: 'completed', points: 10, optimizer: 'adam' },
      });
      // loaded from the installed tarball, not from the workspace sources
      expect(result.resolved).toContain(join('app', 'node_modules', '@lrfinder', 'core', entry));
    }
    expect(['npm-offline', 'copied']).toContain(how);
    // the declarations resolve for `import` and `require` users (TypeScript, node16 resolution)
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, module: 'node16', moduleResolution: 'node16', target: 'es2022', noEmit: true, types: [], skipLibCheck: true },
      files: ['types.mts', 'types.cts'],
    }));
    run('node', [require.resolve('typescript/bin/tsc'), '-p', '.'], app);
  }, 180_000);
});
