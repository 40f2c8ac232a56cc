// The one place where TF.js's global gradient registry is changed (registerGradient replaces a
// kernel's gradient for every backend). The gradients replaced here keep TF.js's own as their
// fallback: a replacement runs a fused kernel only when the active backend has one registered
// (only 'tensorflow' does, see ./index.ts), and hands everything else (cpu, wasm, webgl, other
// dtypes) to the stock gradient function it captured, unchanged. So on every other backend the
// result is TF.js's own, computed by TF.js's own code.
//
// What TF.js must keep for this to stay right (checked by tensorflow-gradients.test.ts, which
// fails when an upgrade changes it): Relu's gradient saves its input `x` only, and computes
// dy * step(x).
import { engine, getGradient, getKernel, registerGradient, type GradConfig, type Tensor } from '@tensorflow/tfjs-core';
import { FUSED_RELU_GRAD } from './relu-grad';

const MARK = Symbol.for('@lrfinder/backends/tensorflow-gradient');

type Marked = GradConfig & { [MARK]?: GradConfig };

/** True when the active backend has the kernel `name` (a fused kernel of ours). */
function activeBackendHas(name: string): boolean {
  return getKernel(name, engine().backendName) != null;
}

/** TF.js's own gradient of `kernelName`, also when ours is installed (the one ours wraps). */
export function stockGradient(kernelName: string): GradConfig {
  const current = getGradient(kernelName) as Marked | undefined;
  if (current == null) throw new Error(`TF.js has no gradient registered for ${kernelName}`);
  return current[MARK] ?? current;
}

/** Whether our replacement of `kernelName`'s gradient is installed. */
export function fusedGradientInstalled(kernelName: string): boolean {
  return (getGradient(kernelName) as Marked | undefined)?.[MARK] != null;
}

/**
 * Replaces `kernelName`'s gradient by one that runs `fused` (when the active backend has
 * `fusedKernel` and `usable` accepts the tensors) or else TF.js's stock gradient. Idempotent.
 */
function replaceGradient(kernelName: string, fusedKernel: string, usable: (dy: Tensor, saved: Tensor[]) => boolean,
  fused: (dy: Tensor, saved: Tensor[]) => Record<string, () => Tensor>): void {
  const stock = stockGradient(kernelName);
  const replacement: Marked = {
    ...stock,
    gradFunc: (dy, saved, attrs) => {
      const single = dy as Tensor;
      if (!Array.isArray(dy) && activeBackendHas(fusedKernel) && usable(single, saved)) return fused(single, saved);
      return stock.gradFunc(dy, saved, attrs);
    },
  };
  replacement[MARK] = stock;
  registerGradient(replacement);
}

/** Relu: ReluGrad(dy, x) on float32 tensors where the backend has it. */
export function installFusedGradients(): void {
  replaceGradient('Relu', FUSED_RELU_GRAD,
    (dy, [x]) => dy.dtype === 'float32' && x.dtype === 'float32',
    (dy, [x]) => ({ x: () => engine().runKernel(FUSED_RELU_GRAD, { dy, x }) as Tensor }));
}
