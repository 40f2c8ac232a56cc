// MaxPoolGrad for wasm: the built-in C++ kernel starts each window's max search at FLT_MIN (the
// smallest positive float), so windows whose maximum is <= 0 lose or misplace their gradient.
// Shifting the input to x - min(x) + 1 (all >= 1) keeps every window's argmax and fixes it.
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { withOps, type WasmBackendLike } from './wasm-ops';

interface Args {
  inputs: Record<string, TensorInfo>;
  attrs?: NamedAttrMap;
  backend: unknown;
}

/** Wraps the built-in kernel function `builtin` with the shift (kept as `.builtin`). */
export function shiftedMaxPoolGrad(builtin: KernelFunc): KernelFunc & { builtin: KernelFunc } {
  const kernel: KernelFunc = (args) => {
    const { inputs, attrs = {}, backend } = args as Args;
    const { dy, input, output } = inputs;
    return withOps(backend as WasmBackendLike, (ops) => {
      const axis = input.shape.map((_, i) => i);
      const min = ops.run('Min', { x: input }, { axis, keepDims: false });
      const offset = ops.run('Sub', { a: min, b: ops.scalar(1) });
      const shifted = ops.run('Sub', { a: input, b: offset });
      return ops.call(builtin, { dy, input: shifted, output }, attrs);
    });
  };
  return Object.assign(kernel, { builtin });
}

export const maxPoolGradKernel = (builtin: KernelConfig): KernelConfig => ({
  kernelName: 'MaxPoolGrad',
  backendName: 'wasm',
  kernelFunc: shiftedMaxPoolGrad(builtin.kernelFunc),
  setupFunc: builtin.setupFunc,
});
