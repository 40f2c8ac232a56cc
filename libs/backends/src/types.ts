// Public types of @lrfinder/backends.
import type { WasmKernelRegistration } from './kernels/register';

/** Backends a user can ask for; `auto` picks the fastest one present. */
export type BackendName = 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';
/** A backend that actually runs (everything but `auto`). */
export type ConcreteBackendName = Exclude<BackendName, 'auto'>;

export const BACKEND_NAMES: readonly BackendName[] = ['auto', 'tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'];
/** The order `auto` tries them in (Node). */
export const AUTO_ORDER: readonly ConcreteBackendName[] = ['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'];

/**
 * Threads of the wasm backend (Node): a count from 1 to 8, or `auto`, one per core (at most 8).
 * 1 is the single-threaded SIMD binary; more use TF.js's threaded SIMD binary.
 */
export type WasmThreads = number | 'auto';

/** One backend as the doctor sees it. */
export interface BackendStatus {
  name: ConcreteBackendName;
  /** Whether it can be used on this machine now. */
  available: boolean;
  /** Why not, in words a user can act on; null when available. */
  reason: string | null;
  /** The npm package that provides it. */
  module: string;
  /** That package's version when installed, else null. */
  version: string | null;
  /** Extra facts (GPU adapter, wasm binary, threads...). */
  details: Record<string, unknown>;
}

/** Facts about the machine and every backend; `auto` is what prepareBackend('auto') would pick. */
export interface DoctorReport {
  node: string;
  platform: string;
  arch: string;
  cpus: number;
  tfjs: string;
  backends: BackendStatus[];
  auto: ConcreteBackendName;
  wasm: WasmFacts;
}

/**
 * What the wasm backend runs with once initialised in this process (`initialised`), before that
 * what prepareBackend('wasm') would start with by default.
 */
export interface WasmFacts {
  /** Whether the runtime supports wasm SIMD (then a SIMD binary is used). */
  simd: boolean | null;
  /** Whether the multi-threaded (SIMD) binary is used: only with threads > 1. */
  multithreaded: boolean | null;
  /** Threads XNNPACK runs with (the backend's getThreadsCount() once initialised; 1 when not multithreaded). */
  threads: number | null;
  /** The .wasm file loaded (file name only). */
  binary: string | null;
  /** Whether the wasm backend is initialised in this process (else the facts are the defaults'). */
  initialised?: boolean;
}

/** Backends of the browser entry. */
export type BrowserBackendName = 'auto' | 'webgl' | 'wasm' | 'cpu';

/** What prepareBackend / prepareBrowserBackend made active. */
export interface BackendReport {
  /** The backend asked for. */
  requested: BackendName | BrowserBackendName;
  /** The backend now active. */
  name: ConcreteBackendName | 'webgl';
  /** tf.getBackend() now ('tensorflow' for both tfjs-node flavours). */
  tfBackend: string;
  versions: Record<string, string>;
  threads: number | null;
  simd: boolean | null;
  /** GPU adapter / device description where known. */
  device: string | null;
  /** For wasm (Node): its binary, whether multithreaded, and its threads. */
  wasm?: WasmFacts;
  /** For wasm: the training kernels registered. */
  kernels: WasmKernelRegistration | null;
  /** Backends skipped by `auto` and why. */
  skipped: { name: ConcreteBackendName | 'webgl'; reason: string }[];
}
