// The tensorflow and tensorflow-gpu backends as prepareBackend and doctor see them: provisioned
// (or found provisioned), loaded, and described; or why not, in one line with its fix.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { isNativeSetupError } from './errors';
import { gpuFacts } from './gpu';
import { loadNativeBackend } from './load';
import { provisionTensorflow, tfjsNodeVersion } from './provision';
import { spawnRunner, type CommandRunner } from './runner';
import type { BackendStatus } from '../types';

/** How prepareBackend and doctor reach native TensorFlow. */
export interface NativeOptions {
  /** false: use a provisioned library only, never build one. @default true (doctor: false) */
  mayBuild?: boolean;
  /** Progress and fallback lines. @default each line to stderr */
  log?: (line: string) => void;
  /** Aborting stops a setup in progress (Ctrl-C). */
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  run?: CommandRunner;
}

export const TFJS_NODE = '@tensorflow/tfjs-node';

/** LRFINDER_NATIVE=0 (or false/no/off): no native TensorFlow under auto, no setup ever. */
export function nativeDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(0|false|no|off)$/i.test(env.LRFINDER_NATIVE ?? '');
}

/** Whether this machine has an NVIDIA driver (else tensorflow-gpu is not even tried). */
export function nvidiaDriverPresent(procFile = '/proc/driver/nvidia/version'): boolean {
  return existsSync(procFile);
}

function status(name: 'tensorflow' | 'tensorflow-gpu', reason: string | null, details: Record<string, unknown> = {}): BackendStatus {
  return { name, available: reason == null, reason, module: TFJS_NODE, version: tfjsNodeVersion(), details };
}

/**
 * Provisions (when allowed) and loads native TensorFlow; the status's details say which library
 * (path, TensorFlow version, how found) and, for the GPU, the GPU and CUDA/cuDNN versions.
 */
export async function probeNative(name: 'tensorflow' | 'tensorflow-gpu', options: NativeOptions = {}): Promise<BackendStatus> {
  const gpu = name === 'tensorflow-gpu';
  const env = options.env ?? process.env;
  const run = options.run ?? spawnRunner;
  if (gpu && !nvidiaDriverPresent()) {
    return status(name, 'no NVIDIA GPU driver here (/proc/driver/nvidia/version is absent); the CPU flavour, tensorflow, runs without one');
  }
  const mayBuild = options.mayBuild !== false && !nativeDisabled(env);
  try {
    const library = await provisionTensorflow({ gpu, env, run, mayBuild, log: options.log, signal: options.signal });
    const native = loadNativeBackend(library);
    const details: Record<string, unknown> = {
      tensorflow: native.tensorflow,
      library: path.join(library.dir, 'deps', 'lib', 'libtensorflow_cc.so.2'),
      source: library.source.how,
      cache: library.dir,
      ...(library.builtInSeconds != null ? { builtInSeconds: library.builtInSeconds } : {}),
    };
    if (gpu) {
      const facts = await gpuFacts(run);
      Object.assign(details, {
        gpuDevice: native.gpuDevice,
        gpus: facts.gpus,
        cuda: library.manifest.cuda?.versions.cuda_runtime ?? null,
        cudnn: library.manifest.cuda?.versions.cudnn ?? null,
      });
    }
    return status(name, null, details);
  } catch (e) {
    if (isNativeSetupError(e)) {
      if (e.interrupted) throw e;
      return status(name, e.message);
    }
    throw e;
  }
}
