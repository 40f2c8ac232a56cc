// Where TensorFlow's C library comes from, in order: LRFINDER_TENSORFLOW_DIR, a TensorFlow
// installed in the user's Python (reused, nothing downloaded), else the pinned wheel through the
// user's own pip (fetched later, by provision.ts).
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { SourceKind } from './cache';
import { NativeSetupError } from './errors';
import type { CommandRunner } from './runner';

/** The TensorFlow of the pinned wheels (tensorflow-cpu, and tensorflow for --gpu). */
export const PINNED_TENSORFLOW = '2.21.0';

/** The files the binding is built against and loads, inside a TensorFlow package folder. */
export const LIBRARY_FILES = ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2'] as const;
export const HEADER_PROBE = 'include/tensorflow/c/c_api.h';

export interface LibrarySource {
  kind: SourceKind;
  /** The TensorFlow package folder (libraries + include/); null for a wheel not fetched yet. */
  dir: string | null;
  /** TensorFlow's version; for a folder without package metadata, `local-<hash of its path>`. */
  tensorflow: string;
  /** How it was found, in words (doctor). */
  how: string;
  /** GPU: the folder holding the nvidia-* packages (site-packages/nvidia), when found. */
  nvidiaDir?: string | null;
  /** Why earlier places were passed over. */
  passedOver: string[];
}

/** The python the user runs: LRFINDER_PYTHON, else python3. */
export function pythonCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.LRFINDER_PYTHON || 'python3';
}

/** `dir` or `dir/tensorflow` when it holds the libraries and headers; else why not. */
export function tensorflowFolder(dir: string): { dir: string } | { reason: string } {
  for (const candidate of [dir, path.join(dir, 'tensorflow')]) {
    if (LIBRARY_FILES.every((f) => existsSync(path.join(candidate, f))) && existsSync(path.join(candidate, HEADER_PROBE))) {
      return { dir: candidate };
    }
  }
  const missing = [...LIBRARY_FILES, HEADER_PROBE].filter((f) => !existsSync(path.join(dir, f)));
  return { reason: `${dir} lacks ${missing.join(', ')} (it must be a TensorFlow package folder, site-packages/tensorflow, with its C libraries and include/)` };
}

/** The version from the `tensorflow*.dist-info` beside a package folder, or null. */
export async function versionBeside(dir: string): Promise<string | null> {
  const parent = path.dirname(dir);
  const names = await fs.readdir(parent).catch(() => [] as string[]);
  for (const n of names.filter((x) => /^(tensorflow|tf_nightly)[\w.-]*\.dist-info$/i.test(x))) {
    const top = await fs.readFile(path.join(parent, n, 'top_level.txt'), 'utf8').catch(() => 'tensorflow');
    if (!top.split('\n').map((l) => l.trim()).includes('tensorflow')) continue;
    const meta = await fs.readFile(path.join(parent, n, 'METADATA'), 'utf8').catch(() => '');
    const m = /^Version:\s*(\S+)/m.exec(meta);
    if (m) return m[1];
  }
  return null;
}

function localVersion(dir: string): string {
  let real = dir;
  try {
    real = realpathSync(dir);
  } catch {
    // keep dir
  }
  return `local-${createHash('sha256').update(real).digest('hex').slice(0, 10)}`;
}

const FIND_SCRIPT = [
  'import importlib.util as u, json, sys',
  'def locs(n):',
  '    try:',
  '        s = u.find_spec(n)',
  '    except Exception:',
  '        return None',
  '    return list(s.submodule_search_locations) if s and s.submodule_search_locations else None',
  "print(json.dumps({'tensorflow': locs('tensorflow'), 'nvidia': locs('nvidia'), 'python': sys.version.split()[0]}))",
].join('\n');

export interface PythonFacts {
  /** False when the python command could not run at all. */
  present: boolean;
  version: string | null;
  tensorflowDirs: string[];
  nvidiaDirs: string[];
  /** When present but the probe failed. */
  error?: string;
}

/** What the user's python has (without importing TensorFlow: that takes seconds). */
export async function pythonFacts(run: CommandRunner, python: string): Promise<PythonFacts> {
  const result = await run(python, ['-c', FIND_SCRIPT]);
  if (result.spawnError) return { present: false, version: null, tensorflowDirs: [], nvidiaDirs: [] };
  try {
    const facts = JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as { tensorflow: string[] | null; nvidia: string[] | null; python: string };
    return { present: true, version: facts.python, tensorflowDirs: facts.tensorflow ?? [], nvidiaDirs: facts.nvidia ?? [] };
  } catch {
    return { present: true, version: null, tensorflowDirs: [], nvidiaDirs: [], error: result.stderr.trim().split('\n').pop() || `exit code ${result.code}` };
  }
}

export interface LocateOptions {
  env?: NodeJS.ProcessEnv;
  run: CommandRunner;
  gpu: boolean;
}

/** Finds the library (see the file's first line). Throws only for a bad LRFINDER_TENSORFLOW_DIR. */
export async function locateTensorflow({ env = process.env, run, gpu }: LocateOptions): Promise<LibrarySource> {
  const passedOver: string[] = [];
  const fromEnv = env.LRFINDER_TENSORFLOW_DIR;
  if (fromEnv) {
    const dir = path.resolve(fromEnv);
    const found = tensorflowFolder(dir);
    if ('reason' in found) {
      throw new NativeSetupError(`LRFINDER_TENSORFLOW_DIR: ${found.reason}`, 'point it at such a folder, or unset it to use your Python\'s TensorFlow or the pinned wheel');
    }
    const nvidia = path.join(path.dirname(found.dir), 'nvidia');
    return {
      kind: 'env', dir: found.dir, tensorflow: (await versionBeside(found.dir)) ?? localVersion(found.dir),
      how: `LRFINDER_TENSORFLOW_DIR=${fromEnv}`, nvidiaDir: existsSync(nvidia) ? nvidia : null, passedOver,
    };
  }
  const python = pythonCommand(env);
  const facts = await pythonFacts(run, python);
  if (!facts.present) passedOver.push(`no ${python} on PATH`);
  else if (facts.error) passedOver.push(`${python} failed: ${facts.error}`);
  for (const candidate of facts.tensorflowDirs) {
    const found = tensorflowFolder(candidate);
    if ('reason' in found) {
      passedOver.push(`${python}'s TensorFlow: ${found.reason}`);
      continue;
    }
    const version = (await versionBeside(found.dir)) ?? localVersion(found.dir);
    const nvidiaDir = facts.nvidiaDirs[0] ?? null;
    if (gpu && nvidiaDir == null) {
      passedOver.push(`${python}'s TensorFlow ${version} has no CUDA libraries beside it (pip install 'tensorflow[and-cuda]' adds them)`);
      continue;
    }
    return { kind: 'python', dir: found.dir, tensorflow: version, how: `installed in ${python} ${facts.version ?? ''}`.trimEnd(), nvidiaDir, passedOver };
  }
  if (facts.present && facts.tensorflowDirs.length === 0 && !facts.error) passedOver.push(`${python} has no TensorFlow installed`);
  return {
    kind: 'wheel', dir: null, tensorflow: PINNED_TENSORFLOW,
    how: `the ${gpu ? 'tensorflow' : 'tensorflow-cpu'}==${PINNED_TENSORFLOW} wheel, fetched with ${python} -m pip`, passedOver,
  };
}
