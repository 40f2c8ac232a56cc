// A project outside the workspace, as a user makes one: the publishable packages packed with
// `npm pack` (each package's prepack builds it) and installed from the tarballs with
// `npm install --prefer-offline` (third-party packages from npm's cache or the registry), no
// workspace link anywhere. Child processes get an environment without the workspace in it.
import { execFileSync, type ExecFileSyncOptions } from 'child_process';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'fs';
import { join, relative, isAbsolute, delimiter, sep } from 'path';

export const WORKSPACE = join(__dirname, '..', '..');

/** The publishable packages, in build order (a library's declarations need those it imports). */
export const PACKAGES = [
  { name: '@lrfinder/core', dir: 'libs/core' },
  { name: '@lrfinder/datasets', dir: 'libs/datasets' },
  { name: '@lrfinder/backends', dir: 'libs/backends' },
  { name: '@lrfinder/plotting', dir: 'libs/plotting' },
  { name: '@lrfinder/cli', dir: 'apps/cli' },
] as const;

/** Installed next to the tarballs because the README install lines name them (versions as in the workspace). */
const EXTRAS = ['@tensorflow/tfjs-backend-cpu', '@types/node'];

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * process.env without what would lead a child back into the workspace: NODE_PATH, the
 * workspace's node_modules/.bin on PATH, npm's per-script variables (INIT_CWD, npm_package_*,
 * npm_config_* other than the cache and registry settings).
 */
export function outsideEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'NODE_PATH' || key === 'INIT_CWD' || key === 'NODE_OPTIONS') continue;
    if (/^npm_/i.test(key) && !/^npm_config_(cache|registry|userconfig|cafile)$/i.test(key)) continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? '').split(delimiter).filter((p) => p && !isInside(p, WORKSPACE) && !p.includes(`node_modules${sep}.bin`)).join(delimiter);
  return { ...env, ...extra };
}

/** Whether `path` is `dir` or inside it (both compared as given; realpath them first when it matters). */
export function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export function run(cmd: string, args: string[], options: ExecFileSyncOptions & { cwd: string }): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000, maxBuffer: 64 * 2 ** 20, ...options }) as string;
  } catch (e) {
    const err = e as { status?: number; signal?: string; stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} (in ${options.cwd}) failed with ${err.signal ?? `exit ${err.status}`}\n--- stdout\n${err.stdout ?? ''}\n--- stderr\n${err.stderr ?? ''}`);
  }
}

/** Packs every publishable package into `dest`; returns name -> tarball path. */
export function packAll(dest: string): Record<string, string> {
  const tarballs: Record<string, string> = {};
  for (const pkg of PACKAGES) {
    const out = run(npm, ['pack', '--pack-destination', dest, '--json', '--loglevel=error'], { cwd: join(WORKSPACE, pkg.dir) });
    // prepack's build output comes first; npm's JSON report is the last thing printed.
    const report = JSON.parse(out.slice(out.lastIndexOf('\n[') + 1)) as { filename: string }[];
    tarballs[pkg.name] = join(dest, report[0].filename);
  }
  return tarballs;
}

/** Writes the consumer project's package.json and installs it; returns the project folder. */
export function installProject(project: string, tarballs: Record<string, string>): string {
  mkdirSync(project, { recursive: true });
  const dependencies: Record<string, string> = {};
  for (const [name, tarball] of Object.entries(tarballs)) dependencies[name] = `file:${tarball}`;
  for (const name of EXTRAS) dependencies[name] = workspaceVersion(name);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'lrfinder-consumer', version: '1.0.0', private: true, dependencies }, null, 2) + '\n');
  run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: project, env: outsideEnv() });
  return realpathSync(project);
}

/** The version of a package installed in the workspace (so the consumer install hits npm's cache). */
export function workspaceVersion(name: string): string {
  return JSON.parse(readFileSync(join(WORKSPACE, 'node_modules', name, 'package.json'), 'utf8')).version;
}
