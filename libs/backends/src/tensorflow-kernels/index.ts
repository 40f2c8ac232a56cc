// Kernels and gradients that make the 'tensorflow' backend (tfjs-node on TensorFlow's C library)
// train faster: TF.js composites replaced by TensorFlow's own fused ops, called through the
// binding. Every one is checked against the cpu backend (tensorflow-kernels tests).
import { getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { registerFusedAdam } from '@lrfinder/core';
import { tensorflowAdam } from './adam';
import { biasGradSum } from './bias-grad-sum';
import { maxPoolKernels } from './max-pool';
import { installFusedGradients } from './patches';
import { reluGradKernel } from './relu-grad';

export { FUSED_RELU_GRAD } from './relu-grad';
export { fusedGradientInstalled, stockGradient } from './patches';
export { liveWorkspaces } from './workspaces';
export { fusedOpCalls } from './tf-ops';
export { oneDnnPoolingWorks } from './max-pool';

const MARK = Symbol.for('@lrfinder/backends/tensorflow-kernel');
type Marked = KernelFunc & { [MARK]?: true };

/** tfjs-node's own kernel `name` (also when ours wraps it: registration is idempotent). */
function stock(name: string): KernelFunc {
  const k = getKernel(name, 'tensorflow');
  if (k == null) throw new Error(`registerTensorflowKernels: tfjs-node has no ${name} kernel; load @tensorflow/tfjs-node first`);
  return k.kernelFunc;
}

function install(config: KernelConfig): void {
  const current = getKernel(config.kernelName, 'tensorflow');
  if ((current?.kernelFunc as Marked | undefined)?.[MARK]) return;
  (config.kernelFunc as Marked)[MARK] = true;
  if (current != null) unregisterKernel(config.kernelName, 'tensorflow');
  registerKernel(config);
}

/**
 * Registers the fused kernels for backend 'tensorflow' and the gradients that use them (falling
 * back to TF.js's own on every other backend), and routes MaxPool/MaxPoolGrad through oneDNN with
 * a workspace where TensorFlow has it (tfjs-node's own kernels otherwise), and sums over all axes
 * but the last (bias gradients) through BiasAddGrad, and gives @lrfinder/core's Adam TensorFlow's
 * ResourceApplyAdam (./adam.ts). Call after
 * @tensorflow/tfjs-node has loaded. Idempotent. LRFINDER_TENSORFLOW_KERNELS=0 in the environment
 * registers nothing (TF.js's and tfjs-node's own kernels only: to compare, or to rule ours out).
 */
export function registerTensorflowKernels(): void {
  if (process.env.LRFINDER_TENSORFLOW_KERNELS === '0') return;
  const pools = getKernel('MaxPool', 'tensorflow');
  if (!((pools?.kernelFunc as Marked | undefined)?.[MARK])) {
    for (const config of maxPoolKernels({ maxPool: stock('MaxPool'), maxPoolGrad: stock('MaxPoolGrad') })) install(config);
  }
  const sum = getKernel('Sum', 'tensorflow');
  if (!((sum?.kernelFunc as Marked | undefined)?.[MARK])) install({ kernelName: 'Sum', backendName: 'tensorflow', kernelFunc: biasGradSum(stock('Sum')) });
  install(reluGradKernel);
  installFusedGradients();
  registerFusedAdam('tensorflow', tensorflowAdam);
}
