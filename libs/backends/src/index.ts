// @lrfinder/backends (Node): pick and prepare the fastest TF.js backend that installs here.
import '@tensorflow/tfjs-backend-wasm';

export { prepareBackend, doctor, type PrepareOptions } from './prepare';
export { toBackendInfo } from './backend-info';
export { BackendError } from './errors';
export { registerTensorflowKernels } from './tensorflow-kernels';
export { registerWasmTrainingKernels, wasmTrainingKernelsRegistered, type WasmKernelRegistration } from './kernels/register';
export { configureWasmPaths } from './wasm-node';
export { handOverEnv, provisionTensorflow, tfjsNodeVersion, type NativeLibrary, type ProvisionOptions } from './native/provision';
export { loadNativeBackend, type LoadedNative } from './native/load';
export { NativeSetupError, isNativeSetupError } from './native/errors';
export { cacheRoot as nativeCacheRoot } from './native/cache';
export type { NativeOptions } from './native/probe';
export { MAX_WASM_THREADS, autoWasmThreads, coreCount, defaultWasmThreads } from './wasm-threads';
export {
  AUTO_ORDER, BACKEND_NAMES,
  type BackendName, type BackendReport, type BackendStatus, type ConcreteBackendName, type DoctorReport, type WasmFacts, type WasmThreads,
} from './types';
