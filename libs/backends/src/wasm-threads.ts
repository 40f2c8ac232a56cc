// The multi-threaded wasm backend under Node.
//
// @tensorflow/tfjs-backend-wasm 4.22 ships a threaded SIMD build (XNNPACK on a pool of pthreads,
// which emscripten runs as workers) but never uses it in Node: its flag
// WASM_HAS_MULTITHREAD_SUPPORT is false there (tfjs issue #3830), and even when forced the
// workers cannot start, because TF.js hands emscripten two Blobs that Node cannot load:
//  - the worker script, as `URL.createObjectURL(blob)`, which emscripten passes to
//    `new Worker(url)` (Node's worker_threads.Worker, which it puts on the global object);
//  - the main script, posted to each worker, which runs `importScripts(URL.createObjectURL(blob))`
//    (in Node: read the file of that name and eval it).
// While the backend initialises (and only then) this module makes both loadable: the worker
// Blob's URL becomes a marker, and a global `Worker` (a worker_threads.Worker subclass) starts,
// for that marker, a small eval'd script that runs the package's own worker script
// (wasm-out/tfjs-backend-wasm-threaded-simd.worker.js) with `URL.createObjectURL` answering the
// path of the package's threaded glue (wasm-out/tfjs-backend-wasm-threaded-simd.js, the same
// emscripten glue TF.js embeds). Every global patched is restored once the backend is up: all the
// pthreads are created during initialisation (see startThreadedWasm), none later.
import os from 'node:os';
import { existsSync } from 'node:fs';
import { Worker as NodeWorker, type WorkerOptions } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { BackendError } from './errors';
import { backendInstantiated } from './engine-state';
import { resolveOptional } from './node-require';
import type { WasmThreads } from './types';

/**
 * The most threads the wasm backend runs with: TF.js's build pre-creates 8 pthread workers and
 * caps XNNPACK's pool at 8 threads (the calling thread and 7 workers).
 */
export const MAX_WASM_THREADS = 8;

/** Logical cores this process may use. */
export function coreCount(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** What `auto` means: one thread per core, at most MAX_WASM_THREADS. */
export function autoWasmThreads(cores = coreCount()): number {
  return Math.max(1, Math.min(cores, MAX_WASM_THREADS));
}

/**
 * The thread count prepareBackend('wasm') starts with when none is given: `auto`, one thread per
 * core (at most 8); 1 on a single core, which keeps the single-threaded SIMD binary.
 *
 * Why: on the project's 2-core machine (AMD EPYC, KVM) a training step of the reference ConvNet
 * (batch 250, wasm with the training kernels; tools/bench/profile-step.ts) took a median of about
 * 440 ms of wall time with 2 threads against about 590 ms with 1 (1.3x faster), for about 10%
 * more CPU time (about 660 vs 600 ms), with the second core idle. Threads only lose when the
 * other cores are busy (2 threads were 10-15% slower than 1 while another process used the
 * second core): a caller that runs several processes at once should give each floor(cores /
 * processes) threads (lrfinder run --parallel does). Each process pays about 65 MiB and 0.3 s
 * more to start the 8 pthread workers.
 */
export function defaultWasmThreads(): number {
  return autoWasmThreads();
}

/** Checks a `threads` option; `auto` becomes a count. Throws a BackendError for a bad value. */
export function resolveWasmThreads(threads: WasmThreads): number {
  if (threads === 'auto') return autoWasmThreads();
  if (!(typeof threads === 'number' && Number.isInteger(threads) && threads >= 1 && threads <= MAX_WASM_THREADS)) {
    throw new BackendError(
      `threads must be 'auto' or a whole number from 1 to ${MAX_WASM_THREADS} (the most the wasm backend's pthread pool has); got ${JSON.stringify(threads)}`,
      'wasm',
    );
  }
  return threads;
}

/** The package's threaded glue and worker script (absolute paths), or null when not found. */
export function threadedWasmFiles(): { glue: string; worker: string } | null {
  const glue = resolveOptional('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
  const worker = resolveOptional('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js');
  if (glue == null || worker == null || !existsSync(glue) || !existsSync(worker)) return null;
  return { glue, worker };
}

/** The wasm backend as this process runs it. */
export interface RunningWasm {
  threads: number;
  multithreaded: boolean;
}

/** Set by the first initialisation through initWasmBackend. */
let started: Start | null = null;

interface Start {
  /** The `threads` option of that first call. */
  requested: WasmThreads | undefined;
  /** Threads it started with. */
  threads: number;
  ready: Promise<boolean>;
}

/** Threads the initialised wasm backend runs with (1 when unknown). */
function runningThreads(): number {
  try {
    return Math.max(1, getThreadsCount());
  } catch {
    return 1;
  }
}

/** The wasm backend's threads once it is initialised in this process; null before. */
export function runningWasm(): RunningWasm | null {
  if (!backendInstantiated('wasm')) return null;
  const threads = runningThreads();
  // The flag decides the binary at initialisation; initWasmBackend sets it only for threads > 1.
  const flagged = tf.env().getFlags().WASM_HAS_MULTITHREAD_SUPPORT === true;
  return { threads, multithreaded: started != null ? started.threads > 1 : flagged };
}

function mismatch(asked: WasmThreads, askedCount: number, running: number): BackendError {
  const what = asked === 'auto' ? `threads: 'auto' (${askedCount} here)` : `threads: ${askedCount}`;
  return new BackendError(
    `the wasm backend already runs with ${running} thread${running === 1 ? '' : 's'} in this process; ${what} was asked for. ` +
      'Threads are fixed once the wasm backend has initialised: choose them in the first prepareBackend of the process (before any TF.js op runs on wasm)',
    'wasm',
  );
}

/**
 * Makes wasm TF.js's active backend, initialising it with `threads` the first time (undefined:
 * defaultWasmThreads). Later calls accept undefined (whatever runs) or the count that runs, and
 * throw a BackendError for another. Resolves false when tf.setBackend('wasm') failed.
 */
export async function initWasmBackend(threads: WasmThreads | undefined): Promise<boolean> {
  const asked = threads === undefined ? undefined : resolveWasmThreads(threads);
  if (started == null && !backendInstantiated('wasm')) {
    const count = asked ?? defaultWasmThreads();
    const attempt: Start = { requested: threads, threads: count, ready: Promise.resolve(false) };
    attempt.ready = (async () => {
      if (count === 1) return tf.setBackend('wasm');
      const outcome = await startThreadedWasm(count, threads !== 'auto' && threads !== undefined);
      attempt.threads = outcome.threads;
      return outcome.ok;
    })();
    started = attempt;
    let ok = false;
    try {
      ok = await attempt.ready;
    } finally {
      if (!ok && started === attempt) started = null;
    }
    return ok;
  }
  if (started != null) await started.ready.catch(() => false);
  const running = runningThreads();
  // The same option as the first call is fine even where 'auto' fell back to one thread.
  const same = started != null && threads === started.requested;
  if (asked !== undefined && threads !== undefined && !same && asked !== running) throw mismatch(threads, asked, running);
  return tf.setBackend('wasm');
}

const WORKER_MARKER = 'lrfinder:tfjs-backend-wasm-threaded-simd.worker.js';

// Runs in each pthread worker (worker_threads, eval: true, so `require` is there): the package's
// worker script, made loadable as TF.js does for its Blob (newlines escaped back), with
// importScripts(URL.createObjectURL(mainScriptBlob)) reading the package's threaded glue instead.
const WORKER_SHIM = `
const { workerData } = require('node:worker_threads');
URL.createObjectURL = () => workerData.glue;
URL.revokeObjectURL = () => {};
(0, eval)(require(workerData.worker).wasmWorkerContents.replace(/\\n/g, '\\\\n'));
`;

/**
 * The worker_threads.Worker emscripten gets while the backend initialises: the marker URL starts
 * a pthread worker, anything else a plain worker. Once released, pthread workers never keep the
 * process alive (emscripten refs each worker that runs a pthread, and XNNPACK's threads run for
 * the life of the process, waiting for work from the main thread that only comes while the main
 * thread itself waits in a kernel).
 */
function pthreadWorkerClass(files: { glue: string; worker: string }) {
  const workers: NodeWorker[] = [];
  let released = false;
  class PthreadWorker extends NodeWorker {
    private readonly pthread: boolean;
    constructor(filename: string | URL, options?: WorkerOptions) {
      const pthread = filename === WORKER_MARKER;
      super(pthread ? WORKER_SHIM : filename, pthread ? { eval: true, workerData: files } : options);
      this.pthread = pthread;
      if (pthread) workers.push(this);
    }

    override ref(): void {
      if (!(released && this.pthread)) super.ref();
    }
  }
  const release = () => {
    released = true;
    for (const w of workers) w.unref();
  };
  const terminate = () => {
    for (const w of workers) void w.terminate();
  };
  return { PthreadWorker, release, terminate, count: () => workers.length };
}

/**
 * Patches, for the time of `init`, what emscripten and TF.js need to start the pthread workers in
 * Node (see the top of this file), and restores it all afterwards.
 */
async function withPthreadWorkers<T>(files: { glue: string; worker: string }, threads: number, init: () => Promise<T>) {
  const { PthreadWorker, release, terminate, count } = pthreadWorkerClass(files);
  const g = globalThis as Record<string, unknown>;
  const workerBefore = Object.getOwnPropertyDescriptor(globalThis, 'Worker');
  if (workerBefore && !workerBefore.configurable) {
    throw new BackendError('cannot start the threaded wasm backend: globalThis.Worker is not configurable here', 'wasm');
  }
  const createObjectURL = URL.createObjectURL;
  // TF.js caps XNNPACK's threads at half the logical cores (it assumes two hyperthreads per core),
  // which emscripten reads from os.cpus() in Node: on 2 cores that is one thread whatever was
  // asked. os.cpus() lists enough cores while the backend initialises.
  const osModule = os as unknown as { cpus: () => os.CpuInfo[] };
  const cpus = osModule.cpus;
  const cpuList = cpus();
  const liftCap = cpuList.length > 0 && cpuList.length < 2 * threads;
  try {
    // emscripten assigns worker_threads.Worker to the global Worker while it initialises: the
    // setter ignores it so that the workers are ours.
    Object.defineProperty(globalThis, 'Worker', { configurable: true, enumerable: false, get: () => PthreadWorker, set: () => {} });
    URL.createObjectURL = ((obj: Parameters<typeof URL.createObjectURL>[0]) =>
      typeof Blob !== 'undefined' && obj instanceof Blob && obj.type === 'application/javascript' ? WORKER_MARKER : createObjectURL.call(URL, obj)) as typeof URL.createObjectURL;
    if (liftCap) osModule.cpus = () => Array.from({ length: 2 * threads }, (_, i) => cpuList[i % cpuList.length]);
    const result = await init();
    release();
    return { result, workers: count(), terminate };
  } catch (e) {
    terminate();
    throw e;
  } finally {
    if (liftCap) osModule.cpus = cpus;
    URL.createObjectURL = createObjectURL;
    if (workerBefore) Object.defineProperty(globalThis, 'Worker', workerBefore);
    else delete g.Worker;
  }
}

/**
 * Initialises the wasm backend with the threaded SIMD binary and `threads` XNNPACK threads.
 * All of emscripten's 8 pthread workers are made while the module loads, and XNNPACK takes
 * threads - 1 of them when the backend is constructed (both inside tf.setBackend), so no worker
 * is started after the patches are undone. Without SIMD or the package's threaded files: a
 * BackendError when `strict` (a count was asked for), else the single-threaded binary ('auto').
 */
async function startThreadedWasm(threads: number, strict: boolean): Promise<{ ok: boolean; threads: number }> {
  const files = threadedWasmFiles();
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
  const cannot = !simd
    ? 'the threaded wasm binary needs wasm SIMD, which this runtime lacks'
    : files == null
      ? 'cannot find wasm-out/tfjs-backend-wasm-threaded-simd.js and .worker.js of @tensorflow/tfjs-backend-wasm'
      : null;
  if (cannot != null || files == null) {
    if (strict) throw new BackendError(`cannot run wasm with ${threads} threads: ${cannot}; use threads: 1`, 'wasm');
    return { ok: await tf.setBackend('wasm'), threads: 1 };
  }
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  let outcome: { result: boolean; workers: number; terminate: () => void };
  try {
    outcome = await withPthreadWorkers(files, threads, () => tf.setBackend('wasm'));
  } catch (e) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    throw e;
  }
  if (!outcome.result) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    outcome.terminate();
    return { ok: false, threads };
  }
  const running = runningThreads();
  if (running !== threads) {
    throw new BackendError(`the threaded wasm backend started with ${running} threads instead of ${threads} (${outcome.workers} pthread workers)`, 'wasm');
  }
  return { ok: true, threads };
}
