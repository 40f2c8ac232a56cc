// What building the binding needs here (a C++ compiler, make, Node's C headers, node-gyp) and,
// for the wheel, what fetching it needs (python3 with pip, a glibc the wheel runs on). Each
// check fails with one line: what is missing and the command that fixes it.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { NativeSetupError } from './errors';
import { resolveFrom } from './resolve';
import type { CommandRunner } from './runner';

/** glibc the pinned wheels need (their tag: manylinux_2_27). */
export const REQUIRED_GLIBC = '2.27';

export interface Toolchain {
  cxx: string;
  make: string;
  /** Prefix with include/node/node_api.h (node-gyp's --nodedir: no header download). */
  nodedir: string;
  /** node-gyp's CLI script (the npm package, a dependency of @lrfinder/backends). */
  nodeGyp: string;
}

const APT = 'Debian/Ubuntu: apt-get install';

/** Linux only: the library, its binding and the rpath trick are Linux's. */
export function checkPlatform(platform = process.platform, arch = process.arch): void {
  if (platform !== 'linux') {
    throw new NativeSetupError(`native TensorFlow is set up on Linux only (this is ${platform}/${arch})`, 'use --backend wasm (the default falls back to it)');
  }
}

/** The running glibc's version ('2.36'), or null (musl, or not Linux). */
export function glibcVersion(): string | null {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return header?.glibcVersionRuntime ?? null;
}

function older(a: string, b: string): boolean {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0);
  }
  return false;
}

/** The pinned wheel runs on glibc >= 2.27 only. */
export function checkGlibc(runtime: string | null = glibcVersion(), required = REQUIRED_GLIBC): void {
  if (runtime == null) {
    throw new NativeSetupError('this system has no glibc (musl?), and TensorFlow\'s wheels are built for glibc', 'use a glibc-based Linux (Debian, Ubuntu, RHEL), or --backend wasm');
  }
  if (older(runtime, required)) {
    throw new NativeSetupError(`glibc ${runtime} is older than ${required}, which TensorFlow's wheels need`, `use a newer Linux (glibc ${required}+: Ubuntu 18.10+, Debian 10+, RHEL 8+), or --backend wasm`);
  }
}

async function firstThatRuns(run: CommandRunner, candidates: string[]): Promise<string | null> {
  for (const c of candidates) {
    const r = await run(c, ['--version']);
    if (!r.spawnError && r.code === 0) return c;
  }
  return null;
}

/** python3 runs and has pip. */
export async function checkPip(run: CommandRunner, python: string): Promise<void> {
  const r = await run(python, ['-m', 'pip', '--version']);
  if (r.spawnError) {
    throw new NativeSetupError(`no ${python} found (pip fetches TensorFlow's library)`, `install Python 3 with pip (${APT} python3 python3-pip), set LRFINDER_PYTHON to a python that has pip, or set LRFINDER_TENSORFLOW_DIR to a TensorFlow package folder`);
  }
  if (r.code !== 0) {
    throw new NativeSetupError(`${python} has no pip (it fetches TensorFlow's library)`, `install pip (${APT} python3-pip, or ${python} -m ensurepip --user), or set LRFINDER_PYTHON to a python that has it`);
  }
}

/** A C++ compiler, make, Node's headers and node-gyp. */
export async function checkBuildTools(run: CommandRunner, env: NodeJS.ProcessEnv = process.env, execPath = process.execPath): Promise<Toolchain> {
  const cxx = await firstThatRuns(run, [env.CXX, 'c++', 'g++', 'clang++'].filter((c): c is string => !!c));
  if (cxx == null) {
    throw new NativeSetupError('no C++ compiler found (c++, g++ or clang++; the tfjs-node binding is compiled once)', `install one (${APT} g++ make), or set CXX`);
  }
  const make = await firstThatRuns(run, ['make', 'gmake']);
  if (make == null) throw new NativeSetupError('no make found (node-gyp builds the binding with it)', `install it (${APT} make)`);
  const candidates = [env.npm_config_nodedir, path.dirname(path.dirname(execPath))].filter((d): d is string => !!d);
  const nodedir = candidates.find((d) => existsSync(path.join(d, 'include', 'node', 'node_api.h')));
  if (nodedir == null) {
    throw new NativeSetupError(
      `Node's C headers are not in ${path.join(candidates[candidates.length - 1], 'include', 'node')}`,
      `use a Node.js that ships them (nodejs.org builds, nvm, or ${APT} libnode-dev with Debian's nodejs), or set npm_config_nodedir to a folder with include/node`,
    );
  }
  const nodeGyp = resolveFrom('node-gyp/bin/node-gyp.js');
  if (nodeGyp == null) throw new NativeSetupError('the node-gyp package is not installed', 'run npm ci (node-gyp is a dependency of @lrfinder/backends)');
  return { cxx, make, nodedir, nodeGyp };
}
