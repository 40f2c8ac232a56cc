// Packs @lrfinder/core like a release (build, npm pack), installs the tarball into a project
// outside the workspace and runs a 10-step rangeTest and an LRFinder.find there, once as ESM
// and once as CommonJS, in child node processes.
import { execFileSync } from 'child_process';
import { cpSync, existsSync, lstatSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'fs';
import { createServer } from 'http';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { delimiter, extname, join, normalize } from 'path';
import { chromium as playwright } from 'playwright-core';

const launch = playwright.launch.bind(playwright);

const pkgDir = join(__dirname, '..');
const workspaceModules = join(pkgDir, '..', '..', 'node_modules');
const PEERS = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu', 'zod'];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

/**
 * `npm install --offline` from npm's cache (which `npm ci` filled): a real install of the tarball
 * and its peers, or the test fails with npm's own message. There is no fallback that links the
 * workspace's packages: that could pass without the package being installable.
 */
function install(app: string): void {
  try {
    run(npm, ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', '--install-links'], app);
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`npm install --offline of the packed tarball failed (run npm ci first so npm's cache holds the peers): ${err.stderr || err.message}`);
  }
}

/** Where a package installed in `app` really lives (after symlinks). */
function installedAt(app: string, name: string): string {
  return realpathSync(join(app, 'node_modules', name));
}

describe('@lrfinder/core as an installed package', () => {
  let dir: string;
  beforeAll(() => {
    run(npm, ['run', 'build', '--silent'], pkgDir);
  }, 120_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('packs, installs outside the workspace and runs from ESM and CommonJS', () => {
    dir = mkdtempSync(join(tmpdir(), 'lrfinder-core-consumer-'));
    run(npm, ['pack', '--pack-destination', dir, '--silent'], pkgDir);
    const tarball = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz'))!);
    const app = join(dir, 'app');
    mkdirSync(app);
    const versions = JSON.parse(run('node', ['-e', `console.log(JSON.stringify(${JSON.stringify(PEERS)}.map((n) => require(n + '/package.json').version)))`], workspaceModules));
    writeFileSync(join(app, 'package.json'), JSON.stringify({
      name: 'lrfinder-consumer', version: '1.0.0', private: true,
      dependencies: { '@lrfinder/core': `file:${tarball}`, ...Object.fromEntries(PEERS.map((n, i) => [n, versions[i]])) },
    }, null, 2));
    install(app);
    // every package of the consumer is a real copy inside it, none a link into the workspace
    for (const name of ['@lrfinder/core', ...PEERS]) {
      expect(lstatSync(join(app, 'node_modules', name)).isSymbolicLink()).toBe(false);
      expect(installedAt(app, name).startsWith(realpathSync(app))).toBe(true);
    }
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
    // the declarations resolve for `import` and `require` users (TypeScript, node16 resolution)
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, module: 'node16', moduleResolution: 'node16', target: 'es2022', noEmit: true, types: [], skipLibCheck: true },
      files: ['types.mts', 'types.cts'],
    }));
    run('node', [require.resolve('typescript/bin/tsc'), '-p', '.'], app);
  }, 180_000);

  const chromium = findChromium();
  (chromium ? it : it.skip)('runs the README\'s browser example in headless Chromium', async () => {
    const page = readmeBrowserExample();
    const server = await serve(page);
    const browser = await launch({ executablePath: chromium!, headless: true });
    try {
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (e) => errors.push(e.message));
      await tab.goto(`http://127.0.0.1:${server.port}/`);
      await tab.waitForFunction(() => !/^(running|step)/.test(document.getElementById('out')?.textContent ?? ''), undefined, { timeout: 90_000 });
      const text = await tab.textContent('#out');
      expect(errors).toEqual([]);
      expect(text).toMatch(/^(completed \(finished\)|diverged \((diverged|nan)\)) on (webgl|cpu|wasm), suggested lr \d/);
    } finally {
      await browser.close();
      server.close();
    }
  }, 120_000);
});

/** Chromium from CHROMIUM_PATH or the PATH (Debian's `chromium`), or null. */
function findChromium(): string | null {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** The ```html block of the README's Browser section. */
function readmeBrowserExample(): string {
  const readme = readFileSync(join(pkgDir, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Browser'));
  const match = /```html\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error('README.md has no html example under ## Browser');
  return match[1];
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.map': 'application/json', '.html': 'text/html' };

/** Serves the page at / and the workspace's node_modules (where @lrfinder/core links to this package). */
function serve(page: string): Promise<{ port: number; close: () => void }> {
  const server = createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
    if (url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page);
      return;
    }
    const rel = normalize(url).replace(/^[/\\]+/, '');
    const file = rel.startsWith('node_modules') ? join(workspaceModules, rel.slice('node_modules'.length)) : null;
    if (!file || !file.startsWith(workspaceModules) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as AddressInfo).port, close: () => server.close() }));
  });
}
