// Kernels and gradients that make the 'tensorflow' backend (tfjs-node on TensorFlow's C library)
// train faster: TF.js composites replaced by TensorFlow's own fused ops, called through the
// binding. Every one is checked against the cpu backend (tensorflow-kernels tests).
import { getKernel, registerKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { installFusedGradients } from './gradients';
import { reluGradKernel } from './relu-grad';

export { FUSED_RELU_GRAD } from './relu-grad';
export { fusedGradientInstalled, stockGradient } from './gradients';

/** The kernels registered for 'tensorflow' (names only TF.js's tensorflow backend will have). */
export const tensorflowKernels: KernelConfig[] = [reluGradKernel];

/**
 * Registers the fused kernels for backend 'tensorflow' and the gradients that use them (falling
 * back to TF.js's own on every other backend). Call after @tensorflow/tfjs-node has loaded.
 * Idempotent.
 */
export function registerTensorflowKernels(): void {
  for (const config of tensorflowKernels) {
    if (getKernel(config.kernelName, config.backendName) == null) registerKernel(config);
  }
  installFusedGradients();
}
