// The one file that changes what TF.js or tfjs-node set up (everything else here only registers
// kernels for the 'tensorflow' backend):
// 1. TF.js's global gradient registry (registerGradient replaces a kernel's gradient for every
//    backend): installFusedGradients.
// 2. The tensorflow backend object's disposeData, wrapped so that data kept beside a tensor (a
//    max pool's workspace) is freed with it: onDataFreed.
//
// 1. The gradients replaced here keep TF.js's own as their fallback: a replacement runs a fused
// kernel only when the active backend has one registered (only 'tensorflow' does, see ./index.ts),
// and hands everything else (cpu, wasm, webgl, other dtypes) to the stock gradient function it
// captured, unchanged. So on every other backend the result is TF.js's own, computed by TF.js's
// own code.
//
// What TF.js must keep for this to stay right (checked by tensorflow-gradients.test.ts, which
// fails when an upgrade changes it): Relu's gradient saves its input `x` only, and computes
// dy * step(x).
//
// 2. tfjs-node's NodeJSKernelBackend.disposeData(dataId, force) lowers the data's reference count
// and returns true once it has freed it (Identity is an alias that raises the count, so a saved
// copy of a tensor keeps its data). The wrapper calls the original first, then the listeners when
// it returned true; it is installed once per backend object, on the object (not the class), and
// checked by the child of tensorflow.test.ts (workspaces freed after training steps).
import { engine, getGradient, getKernel, registerGradient, type GradConfig, type Tensor } from '@tensorflow/tfjs-core';
import { FUSED_RELU_GRAD } from './relu-grad';
import type { TfBackend } from './tf-ops';

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

const freedListeners = new WeakMap<object, ((dataId: object) => void)[]>();

/** Calls `listener(dataId)` whenever `backend` frees a tensor's data (tfjs-node's disposeData). */
export function onDataFreed(backend: TfBackend, listener: (dataId: object) => void): void {
  let listeners = freedListeners.get(backend);
  if (listeners == null) {
    listeners = [];
    freedListeners.set(backend, listeners);
    const original = backend.disposeData;
    const all = listeners;
    backend.disposeData = function disposeData(this: TfBackend, dataId: object, force?: boolean): boolean {
      const freed = original.call(this, dataId, force);
      if (freed) for (const l of all) l(dataId);
      return freed;
    };
  }
  if (!listeners.includes(listener)) listeners.push(listener);
}
