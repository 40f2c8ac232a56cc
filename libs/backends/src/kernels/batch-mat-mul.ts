// BatchMatMul / _FusedMatMul with a transpose flag: wasm's transposed path is several times slower
// than an explicit Transpose (of the last two axes) followed by the plain product.
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { withOps, type WasmBackendLike } from './wasm-ops';

interface Args {
  inputs: Record<string, TensorInfo>;
  attrs?: NamedAttrMap;
  backend: unknown;
}

function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

/** Wraps the built-in kernel `builtin` so that it never sees a transpose flag. */
export function explicitTransposeMatMul(builtin: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs = {}, backend } = args as Args;
    if (!attrs.transposeA && !attrs.transposeB) return builtin(args);
    return withOps(backend as WasmBackendLike, (ops) => {
      const a = attrs.transposeA ? ops.transpose(inputs.a, swapLastTwo(inputs.a.shape.length)) : inputs.a;
      const b = attrs.transposeB ? ops.transpose(inputs.b, swapLastTwo(inputs.b.shape.length)) : inputs.b;
      return ops.call(builtin, { ...inputs, a, b }, { ...attrs, transposeA: false, transposeB: false });
    });
  };
}

export const matMulKernel = (builtin: KernelConfig): KernelConfig => ({
  kernelName: builtin.kernelName,
  backendName: 'wasm',
  kernelFunc: explicitTransposeMatMul(builtin.kernelFunc),
  setupFunc: builtin.setupFunc,
});
