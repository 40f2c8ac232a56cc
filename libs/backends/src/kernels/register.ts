// Registering the training kernels on the wasm backend (idempotent).
import { getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { batchMatMulKernelNames } from './names';
import { explicitTransposeMatMul } from './batch-mat-mul';
import { conv2DBackpropFilterKernel, conv2DBackpropInputKernel } from './conv2d-backprop';
import { depthwiseBackpropFilterKernel, depthwiseBackpropInputKernel } from './depthwise-backprop';
import { aliasIdentity } from './identity';
import { directMaxPoolGrad } from './max-pool-grad';
import { onesProductSum } from './sum';
import { wrapBuiltin } from './wasm-ops';

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

type Wrap = (builtin: KernelFunc) => KernelFunc;

/** Built-in wasm kernels and what wraps each (see the files of the wrappers). */
const wrapped: [string, Wrap][] = [
  ['MaxPoolGrad', directMaxPoolGrad],
  ['Identity', aliasIdentity],
  ['Sum', onesProductSum],
  ...batchMatMulKernelNames.map((name): [string, Wrap] => [name, explicitTransposeMatMul]),
];

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
    // Built-in kernels wrapped (where this tfjs-backend-wasm has them).
    ...wrapped
      .filter(([name]) => getKernel(name, 'wasm') != null)
      .map(([name, wrap]) => ({ name, make: (b: KernelConfig | undefined) => wrapBuiltin(b!, wrap) })),
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
