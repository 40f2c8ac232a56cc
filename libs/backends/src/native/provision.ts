// Native TensorFlow for tfjs-node, provisioned once per user and TensorFlow version:
//
//   1. find the C library: LRFINDER_TENSORFLOW_DIR, else a TensorFlow in the user's Python
//      (reused as it is), else the pinned wheel (tensorflow-cpu, or tensorflow + nvidia-* for
//      --gpu) fetched later with the user's own pip                              (locate.ts)
//   2. a published cache folder for that version whose manifest checks out -> use it (cache.ts)
//   3. otherwise check what building needs (compiler, make, Node's headers; python3 with pip and
//      glibc for the wheel), each missing piece one line with its fix            (toolchain.ts)
//   4. under a lock (one builder per folder; others wait, then reuse its result), in a temp folder
//      beside the cache: libraries linked (Python/env) or unpacked from the wheel (wheel.ts),
//      tfjs-node's binding built against them with node-gyp (build.ts), the manifest written
//      last; then one rename publishes it. Ctrl-C or a failure removes the temp folder.
//
// Loading the result into TF.js is load.ts. Every failure is a NativeSetupError: one line, what
// is missing and the fix.
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { buildBinding, BINDING_PATH, placeLibraries, STDIO_PATH } from './build';
import { cacheRoot, describeFiles, entryName, makeTempEntry, MANIFEST_FILE, MANIFEST_FORMAT, publishEntry, removeLeftovers, verifyEntry, withEntryLock, type CacheManifest } from './cache';
import { isNativeSetupError, NativeSetupError } from './errors';
import { CUDA_MEMBERS, CUDA_REQUIREMENTS, CUDA_ROOT, cudaVersionsFromWheels, listCudaFiles, orderCudaLibraries } from './gpu';
import { locateTensorflow, PINNED_TENSORFLOW, pythonCommand, type LibrarySource } from './locate';
import { spawnRunner, type CommandRunner } from './runner';
import { checkBuildTools, checkGlibc, checkPip, checkPlatform } from './toolchain';
import { interrupted, pipDownload, TENSORFLOW_MEMBERS, unpackWheel } from './wheel';
import { packageVersion } from '../node-require';

export interface ProvisionOptions {
  /** The CUDA flavour. @default false */
  gpu?: boolean;
  /** Rebuild even when a valid cache folder exists. @default false */
  force?: boolean;
  /** Check every file's checksum, not only sizes and the binding's. @default false */
  fullCheck?: boolean;
  /** false: use a published cache folder only, never build (doctor). @default true */
  mayBuild?: boolean;
  /** Progress lines (download, unpack, build with sizes and times). @default nothing */
  log?: (line: string) => void;
  /** Aborting stops the setup: children killed, temp folder removed, lock released. */
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Runs python3, pip, node-gyp... (tests inject fakes). */
  run?: CommandRunner;
}

export interface NativeLibrary {
  /** The cache folder. */
  dir: string;
  /** Absolute path of tfjs_binding.node. */
  bindingPath: string;
  manifest: CacheManifest;
  source: LibrarySource;
  /** Seconds this call spent building it; null when the cache was reused. */
  builtInSeconds: number | null;
}

/** tfjs-node's version (its binding sources are what is built). */
export function tfjsNodeVersion(): string {
  return packageVersion('@tensorflow/tfjs-node') ?? '4.22.0';
}

/**
 * The variable through which a process that has just provisioned native TensorFlow hands the
 * result to the child processes it starts (the tests of a parallel run): each child then checks
 * the cache folder (sizes, the binding's checksum: milliseconds) instead of locating the library
 * again, which runs python3 (~0.13 s of CPU per process). Internal: set by handOverEnv.
 */
export const HANDED_LIBRARY_ENV = 'LRFINDER_NATIVE_LIBRARY';

/** The environment entry that hands `library` to child processes (see HANDED_LIBRARY_ENV). */
export function handOverEnv(library: NativeLibrary): Record<string, string> {
  const { dir, source } = library;
  return { [HANDED_LIBRARY_ENV]: JSON.stringify({ dir, source }) };
}

/** The library a parent handed over, when it is of this flavour and its cache folder still checks out. */
async function handedLibrary(env: NodeJS.ProcessEnv, gpu: boolean, fullCheck: boolean): Promise<NativeLibrary | null> {
  const text = env[HANDED_LIBRARY_ENV];
  if (!text) return null;
  let handed: Pick<NativeLibrary, 'dir' | 'source'>;
  try {
    handed = JSON.parse(text) as typeof handed;
    if (typeof handed.dir !== 'string' || typeof handed.source?.tensorflow !== 'string') return null;
  } catch {
    return null;
  }
  const verdict = await verifyEntry(handed.dir, { full: fullCheck });
  if (!verdict.ok || verdict.manifest.gpu !== gpu || !sameSource(verdict.manifest, handed.source)) return null;
  return { dir: handed.dir, bindingPath: path.join(handed.dir, BINDING_PATH), manifest: verdict.manifest, source: handed.source, builtInSeconds: null };
}

/** Finds, and when needed builds, the cache folder of native TensorFlow (see the top of this file). */
export async function provisionTensorflow(options: ProvisionOptions = {}): Promise<NativeLibrary> {
  const { gpu = false, env = process.env, run = spawnRunner, log = () => undefined, signal } = options;
  checkPlatform();
  if (!options.force) {
    const handed = await handedLibrary(env, gpu, !!options.fullCheck);
    if (handed) return handed;
  }
  const source = await locateTensorflow({ env, run, gpu });
  const root = cacheRoot(env);
  const name = entryName(source.tensorflow, tfjsNodeVersion(), gpu);
  const dir = path.join(root, name);
  const found = async () => {
    const verdict = await verifyEntry(dir, { full: options.fullCheck });
    if (verdict.ok && sameSource(verdict.manifest, source)) return { dir, bindingPath: path.join(dir, BINDING_PATH), manifest: verdict.manifest, source, builtInSeconds: null };
    return verdict.ok ? `it was built from ${verdict.manifest.source.path}, not ${source.dir}` : verdict.reason;
  };
  const first = options.force ? 'rebuild asked for' : await found();
  if (typeof first !== 'string') return first;
  const python = pythonCommand(env);
  const checks = async () => {
    if (source.kind === 'wheel') {
      checkGlibc();
      await checkPip(run, python);
    }
    return checkBuildTools(run, env);
  };
  if (options.mayBuild === false) {
    const state = existsSync(dir) ? `its cache folder ${dir} is broken (${first})` : `not set up yet (no ${dir})`;
    const blocker = await checks().then(() => null, (e: unknown) => e);
    if (isNativeSetupError(blocker)) throw new NativeSetupError(`native TensorFlow is ${state}, and setting it up needs what is missing here: ${blocker.problem}`, blocker.fix);
    if (blocker) throw blocker;
    throw new NativeSetupError(`native TensorFlow is ${state}`, `run npx lrfinder setup tensorflow${gpu ? ' --gpu' : ''} (a run with --backend auto also sets it up on first use)`);
  }
  const tools = await checks();
  return withEntryLock(root, name, async () => {
    if (!options.force) {
      const again = await found(); // another process may have built it while we waited
      if (typeof again !== 'string') return again;
    }
    const leftovers = await removeLeftovers(root, name);
    if (leftovers.length) log(`removed what an interrupted setup left: ${leftovers.join(', ')}`);
    const started = Date.now();
    log(`setting up native TensorFlow ${source.tensorflow} for tfjs-node ${tfjsNodeVersion()} once, in ${dir} (library: ${source.how})`);
    const temp = await makeTempEntry(root, name);
    try {
      if (signal?.aborted) throw interrupted();
      const filled = await fillLibraries({ temp, source, gpu, python, run, log, signal });
      const t = Date.now();
      await buildBinding({ dir: temp, includeDir: filled.includeDir, tools, run, signal, logFile: path.join(root, `${name}.build.log`) });
      log(`  build: tfjs_binding.node with node-gyp and ${tools.cxx} in ${seconds(t)}`);
      await fs.rm(path.join(temp, 'unpacked'), { recursive: true, force: true });
      const manifest: CacheManifest = {
        format: MANIFEST_FORMAT,
        tensorflow: source.tensorflow,
        tfjsNode: tfjsNodeVersion(),
        gpu,
        source: { kind: source.kind, path: source.dir ?? filled.wheels.join(', ') },
        createdAt: new Date().toISOString(),
        files: await describeFiles(temp, [...filled.libraries, ...filled.cuda, BINDING_PATH, STDIO_PATH]),
        ...(gpu ? { cuda: { libraries: orderCudaLibraries(filled.cuda), versions: filled.cudaVersions } } : {}),
      };
      await fs.writeFile(path.join(temp, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
      if (signal?.aborted) throw interrupted();
      await publishEntry(temp, dir);
      const builtInSeconds = (Date.now() - started) / 1000;
      log(`  ready in ${builtInSeconds.toFixed(1)} s: tfjs-node ${manifest.tfjsNode} on TensorFlow ${manifest.tensorflow}`);
      return { dir, bindingPath: path.join(dir, BINDING_PATH), manifest, source, builtInSeconds };
    } catch (e) {
      await fs.rm(temp, { recursive: true, force: true });
      throw signal?.aborted ? interrupted() : e;
    }
  }, { onWait: (lock) => log(`waiting for another process that is setting up native TensorFlow (lock ${lock})`) });
}

/** A folder built from LRFINDER_TENSORFLOW_DIR serves only that folder; otherwise one version is one library. */
function sameSource(manifest: CacheManifest, source: LibrarySource): boolean {
  if (source.kind === 'env' || manifest.source.kind === 'env') return manifest.source.kind === source.kind && manifest.source.path === source.dir;
  return true;
}

interface Filled {
  includeDir: string;
  /** Relative paths of the library files (for the manifest). */
  libraries: string[];
  cuda: string[];
  cudaVersions: Record<string, string>;
  wheels: string[];
}

interface FillOptions {
  temp: string;
  source: LibrarySource;
  gpu: boolean;
  python: string;
  run: CommandRunner;
  log: (line: string) => void;
  signal?: AbortSignal;
}

/** deps/lib (and nvidia/ for the GPU) of the temp folder: links to a local TensorFlow, or unpacked from wheels. */
async function fillLibraries({ temp, source, gpu, python, run, log, signal }: FillOptions): Promise<Filled> {
  if (source.dir != null) {
    const libraries = await placeLibraries(temp, source.dir, false);
    let cuda: string[] = [];
    if (gpu && source.nvidiaDir) {
      await fs.symlink(source.nvidiaDir, path.join(temp, CUDA_ROOT, 'nvidia'));
      cuda = await listCudaFiles(path.join(temp, CUDA_ROOT));
    }
    log(`  using ${source.dir} as it is (linked, nothing downloaded)`);
    return { includeDir: path.join(source.dir, 'include'), libraries, cuda, cudaVersions: {}, wheels: [] };
  }
  const requirements = gpu ? [`tensorflow==${PINNED_TENSORFLOW}`, ...CUDA_REQUIREMENTS] : [`tensorflow-cpu==${PINNED_TENSORFLOW}`];
  let t = Date.now();
  log(`  download: ${requirements.length === 1 ? requirements[0] : `${requirements[0]} and ${requirements.length - 1} nvidia-* CUDA wheels`} with ${python} -m pip download...`);
  const wheels = await pipDownload(run, python, requirements, path.join(temp, 'wheels'), signal);
  const sizes = await Promise.all(wheels.map((w) => fs.stat(w).then((s) => s.size)));
  log(`  download: ${wheels.length} wheel${wheels.length > 1 ? 's' : ''}, ${mb(sizes.reduce((a, b) => a + b, 0))} in ${seconds(t)}`);
  t = Date.now();
  const unpacked = path.join(temp, 'unpacked');
  const tfWheel = wheels.find((w) => /^tensorflow(_cpu)?-/.test(path.basename(w)));
  if (tfWheel == null) throw new NativeSetupError(`pip fetched no TensorFlow wheel (${wheels.map((w) => path.basename(w)).join(', ') || 'nothing'})`, `run ${python} -m pip download --no-deps --only-binary=:all: ${requirements[0]} to see why`);
  const members = await unpackWheel(run, python, tfWheel, unpacked, TENSORFLOW_MEMBERS, signal);
  const names = new Set(members.map(([n]) => n));
  const missing = ['tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2', 'tensorflow/include/tensorflow/c/c_api.h'].filter((m) => !names.has(m));
  if (missing.length) {
    throw new NativeSetupError(`the wheel ${path.basename(tfWheel)} has no ${missing.join(', ')} (not a TensorFlow wheel that carries its C library)`, `use TensorFlow ${PINNED_TENSORFLOW}'s Linux wheel: check pip's index, or set LRFINDER_TENSORFLOW_DIR`);
  }
  const libraries = await placeLibraries(temp, path.join(unpacked, 'tensorflow'), true);
  let cuda: string[] = [];
  for (const w of wheels.filter((x) => x !== tfWheel)) await unpackWheel(run, python, w, path.join(temp, CUDA_ROOT), CUDA_MEMBERS, signal);
  if (gpu) cuda = await listCudaFiles(path.join(temp, CUDA_ROOT));
  const total = members.reduce((a, [, s]) => a + s, 0);
  log(`  unpack: the libraries and ${members.length - 2} headers (${mb(total)})${cuda.length ? ` and ${cuda.length} CUDA files` : ''} in ${seconds(t)}`);
  await fs.rm(path.join(temp, 'wheels'), { recursive: true, force: true });
  return { includeDir: path.join(unpacked, 'tensorflow', 'include'), libraries, cuda, cudaVersions: cudaVersionsFromWheels(wheels), wheels: wheels.map((w) => path.basename(w)) };
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(0)} MB`;
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
