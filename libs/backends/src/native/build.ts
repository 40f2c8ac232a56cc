// Building tfjs-node's binding (its own binding/*.cc and binding.gyp, from the npm package)
// against a TensorFlow C library, with node-gyp, into a cache folder being made.
import { promises as fs } from 'node:fs';
import { cpus } from 'node:os';
import * as path from 'node:path';
import { NativeSetupError } from './errors';
import { BINDING_GYP, STDIO_ADDON, STDIO_SOURCE } from './stdio-addon';
import { resolveFrom } from './resolve';
import { firstErrorLine, type CommandRunner } from './runner';
import type { Toolchain } from './toolchain';
import { interrupted } from './wheel';

/** Where the binding goes inside a cache folder (tfjs-node's own module_path for N-API 8). */
export const BINDING_PATH = 'lib/napi-v8/tfjs_binding.node';
/** lrfinder's stderr guard (stdio-addon.ts), beside the binding. */
export const STDIO_PATH = `lib/${STDIO_ADDON}.node`;
/** The binding's rpath is `$ORIGIN/../../deps/lib`: the libraries, under the names it links. */
export const LIB_DIR = 'deps/lib';

/** tfjs-node's package folder (binding sources, package.json), or null. */
export function tfjsNodeDir(): string | null {
  const pkg = resolveFrom('@tensorflow/tfjs-node/package.json');
  return pkg ? path.dirname(pkg) : null;
}

/**
 * Puts the two libraries in `<dir>/deps/lib` (links to `libDir`'s files, or the files moved there
 * when `move`), plus the link-time names `-ltensorflow` and `-ltensorflow_framework` look for.
 * Returns the relative paths of the real library files.
 */
export async function placeLibraries(dir: string, libDir: string, move: boolean): Promise<string[]> {
  const out = path.join(dir, LIB_DIR);
  await fs.mkdir(out, { recursive: true });
  const files = ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2'];
  for (const f of files) {
    if (move) await fs.rename(path.join(libDir, f), path.join(out, f));
    else await fs.symlink(path.join(libDir, f), path.join(out, f));
  }
  await fs.symlink('libtensorflow_cc.so.2', path.join(out, 'libtensorflow.so'));
  await fs.symlink('libtensorflow_framework.so.2', path.join(out, 'libtensorflow_framework.so'));
  return files.map((f) => `${LIB_DIR}/${f}`);
}

export interface BuildOptions {
  /** The cache folder being made (holds deps/lib already). */
  dir: string;
  /** TensorFlow's include/ folder. */
  includeDir: string;
  tools: Toolchain;
  run: CommandRunner;
  signal?: AbortSignal;
  /** Where the compiler's output is kept when the build fails. */
  logFile: string;
}

/**
 * node-gyp rebuild in `<dir>/build` (removed afterwards) of tfjs-node's binding.gyp plus our
 * stderr guard; leaves `<dir>/lib/napi-v8/tfjs_binding.node` and `<dir>/lib/lrfinder_stdio.node`.
 */
export async function buildBinding({ dir, includeDir, tools, run, signal, logFile }: BuildOptions): Promise<void> {
  const pkg = tfjsNodeDir();
  if (pkg == null) throw new NativeSetupError('@tensorflow/tfjs-node is not installed (its binding sources are built here)', 'install it without its libtensorflow download: npm install -g @lrfinder/cli --ignore-scripts (lrfinder installed globally), npm install @tensorflow/tfjs-node@4.22.0 --ignore-scripts (in a project), npm ci (in the lrfinder repository)');
  const work = path.join(dir, 'build');
  await fs.mkdir(path.join(work, 'deps'), { recursive: true });
  await fs.cp(path.join(pkg, 'binding'), path.join(work, 'binding'), { recursive: true });
  await fs.copyFile(path.join(pkg, 'binding.gyp'), path.join(work, 'tfjs_binding.gypi'));
  await fs.writeFile(path.join(work, 'binding.gyp'), BINDING_GYP);
  await fs.writeFile(path.join(work, `${STDIO_ADDON}.cc`), STDIO_SOURCE);
  await fs.symlink(includeDir, path.join(work, 'deps', 'include'));
  await fs.symlink(path.join(dir, LIB_DIR), path.join(work, 'deps', 'lib'));
  const args = [
    tools.nodeGyp, 'rebuild', `--nodedir=${tools.nodedir}`, '-j', String(Math.max(1, cpus().length)),
    '--module_name=tfjs_binding', `--module_path=${path.join(dir, path.dirname(BINDING_PATH))}`, '--napi_build_version=8',
  ];
  const env = { ...process.env, CXX: tools.cxx, MAKE: tools.make, npm_config_nodedir: tools.nodedir };
  const result = await run(process.execPath, args, { cwd: work, env, signal });
  if (signal?.aborted) throw interrupted();
  if (result.code !== 0) {
    await fs.writeFile(logFile, `${result.stdout}\n${result.stderr}`).catch(() => undefined);
    throw new NativeSetupError(`building tfjs-node's binding failed: ${firstErrorLine(result)}`, `see ${logFile}; check the compiler (${tools.cxx}) works, then run npx lrfinder setup tensorflow --force`);
  }
  await fs.copyFile(path.join(work, 'build', 'Release', `${STDIO_ADDON}.node`), path.join(dir, STDIO_PATH));
  await fs.rm(work, { recursive: true, force: true });
  await fs.access(path.join(dir, BINDING_PATH)).catch(() => {
    throw new NativeSetupError(`node-gyp reported success but left no ${BINDING_PATH}`, `see ${logFile}; run npx lrfinder setup tensorflow --force`);
  });
}
