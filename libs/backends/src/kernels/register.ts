// Registering the training kernels on the wasm backend (idempotent).
import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { batchMatMulKernelNames } from './names';
import { matMulKernel } from './batch-mat-mul';
import { conv2DBackpropFilterKernel, conv2DBackpropInputKernel } from './conv2d-backprop';
import { depthwiseBackpropFilterKernel, depthwiseBackpropInputKernel } from './depthwise-backprop';
import { identityKernel } from './identity';
import { maxPoolGradKernel } from './max-pool-grad';
import { sumKernel } from './sum';

const MARK = Symbol.for('@lrfinder/backends/wasm-training-kernel');

/** What `registerWasmTrainingKernels` did, kernel by kernel. */
export interface WasmKernelRegistration {
  /** Kernels wasm lacked, now registered. */
  added: string[];
  /** Built-in kernels wrapped or replaced (their setup functions kept). */
  replaced: string[];
  /** Already ours from an earlier call. */
  unchanged: string[];
}

function isOurs(name: string): boolean {
  const k = getKernel(name, 'wasm');
  return k != null && (k.kernelFunc as unknown as Record<symbol, unknown>)[MARK] === true;
}

function install(config: KernelConfig, result: WasmKernelRegistration, replacing: boolean): void {
  (config.kernelFunc as unknown as Record<symbol, unknown>)[MARK] = true;
  if (replacing) unregisterKernel(config.kernelName, 'wasm');
  registerKernel(config);
  (replacing ? result.replaced : result.added).push(config.kernelName);
}

/**
 * Makes the wasm backend able to train ConvNets fast and right: adds Conv2DBackpropFilter and
 * DepthwiseConv2dNativeBackpropFilter/Input, replaces the slow Conv2DBackpropInput, fixes
 * MaxPoolGrad (max search from FLT_MIN; now one pass over wasm memory), speeds up Sum over
 * leading axes (bias gradients), makes Identity an alias instead of a copy, and routes transposed
 * BatchMatMul/_FusedMatMul through an explicit Transpose. All are compositions of wasm's own
 * kernels or loops over the tensors in wasm memory: data never goes to the cpu backend.
 * Needs `@tensorflow/tfjs-backend-wasm` loaded (its kernels registered); safe to call repeatedly,
 * before or after the backend is initialised (replaced kernels keep their setup functions).
 */
export function registerWasmTrainingKernels(): WasmKernelRegistration {
  const result: WasmKernelRegistration = { added: [], replaced: [], unchanged: [] };
  if (getKernel('Conv2D', 'wasm') == null) {
    throw new Error('registerWasmTrainingKernels: the wasm backend is not loaded; import "@tensorflow/tfjs-backend-wasm" first');
  }
  const plan: { name: string; make: (builtin: KernelConfig | undefined) => KernelConfig }[] = [
    { name: 'Conv2DBackpropFilter', make: () => conv2DBackpropFilterKernel() },
    { name: 'Conv2DBackpropInput', make: (b) => conv2DBackpropInputKernel(b?.setupFunc) },
    { name: 'DepthwiseConv2dNativeBackpropFilter', make: () => depthwiseBackpropFilterKernel() },
    { name: 'DepthwiseConv2dNativeBackpropInput', make: () => depthwiseBackpropInputKernel() },
    ...(getKernel('MaxPoolGrad', 'wasm') ? [{ name: 'MaxPoolGrad', make: (b: KernelConfig | undefined) => maxPoolGradKernel(b!) }] : []),
    ...(getKernel('Identity', 'wasm') ? [{ name: 'Identity', make: (b: KernelConfig | undefined) => identityKernel(b!) }] : []),
    ...(getKernel('Sum', 'wasm') ? [{ name: 'Sum', make: (b: KernelConfig | undefined) => sumKernel(b!) }] : []),
    ...batchMatMulKernelNames
      .filter((n) => getKernel(n, 'wasm') != null)
      .map((name) => ({ name, make: (b: KernelConfig | undefined) => matMulKernel(b!) })),
  ];
  for (const { name, make } of plan) {
    if (isOurs(name)) {
      result.unchanged.push(name);
      continue;
    }
    const builtin = getKernel(name, 'wasm');
    install(make(builtin), result, builtin != null);
  }
  return result;
}

/** Whether the training kernels are registered on wasm now. */
export function wasmTrainingKernelsRegistered(): boolean {
  return isOurs('Conv2DBackpropFilter') && isOurs('MaxPoolGrad');
}
