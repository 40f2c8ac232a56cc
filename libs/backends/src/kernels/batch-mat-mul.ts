// BatchMatMul / _FusedMatMul on wasm:
// - with a transpose flag, wasm's transposed path is several times slower than an explicit
//   Transpose (of the last two axes) followed by the plain product;
// - wasm's _FusedMatMul adds a bias wrongly when the product has batch axes (rank > 2), so there
//   the bias and the activation are applied by separate wasm kernels.
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { type KernelArgs, type WasmBackendLike, type WasmOps, withOps } from './wasm-ops';

function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

/** y = activation(y) through wasm's element-wise kernels (as _FusedMatMul names them). */
function activate(ops: WasmOps, y: TensorInfo, attrs: NamedAttrMap, prelu: TensorInfo | undefined): TensorInfo {
  switch ((attrs.activation as string | undefined) ?? 'linear') {
    case 'linear': return y;
    case 'relu': return ops.run('Relu', { x: y });
    case 'relu6': return ops.run('Relu6', { x: y });
    case 'elu': return ops.run('Elu', { x: y });
    case 'sigmoid': return ops.run('Sigmoid', { x: y });
    case 'leakyrelu': return ops.run('LeakyRelu', { x: y }, { alpha: (attrs.leakyreluAlpha as number) ?? 0.2 });
    case 'prelu': return ops.run('Prelu', { x: y, alpha: prelu! });
    default: throw new Error(`_FusedMatMul on wasm: activation ${String(attrs.activation)} is not supported`);
  }
}

/** Wraps the built-in kernel `builtin` (kept as `.builtin`) as described above. */
export function explicitTransposeMatMul(builtin: KernelFunc): KernelFunc & { builtin: KernelFunc } {
  const wrapped: KernelFunc = (args) => {
    const { inputs, attrs = {}, backend } = args as KernelArgs;
    const batchedBias = inputs.bias != null && Math.max(inputs.a.shape.length, inputs.b.shape.length) > 2;
    if (!attrs.transposeA && !attrs.transposeB && !batchedBias) return builtin(args);
    return withOps(backend as WasmBackendLike, (ops) => {
      const a = attrs.transposeA ? ops.transpose(inputs.a, swapLastTwo(inputs.a.shape.length)) : inputs.a;
      const b = attrs.transposeB ? ops.transpose(inputs.b, swapLastTwo(inputs.b.shape.length)) : inputs.b;
      const plainAttrs = { ...attrs, transposeA: false, transposeB: false };
      if (!batchedBias) return ops.call(builtin, { ...inputs, a, b }, plainAttrs);
      const product = ops.call(builtin, { a, b }, { ...plainAttrs, activation: 'linear' });
      const biased = ops.run('Add', { a: product, b: inputs.bias });
      return activate(ops, biased, attrs, inputs.preluActivationWeights);
    });
  };
  return Object.assign(wrapped, { builtin });
}
