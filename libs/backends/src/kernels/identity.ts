// Identity on wasm: the built-in kernel copies the tensor; tensors are immutable (a Variable's
// assign swaps its data, never writes into it), so an alias with one more reference is enough,
// as the cpu backend and wasm's own Reshape do. A training step of the reference ConvNet makes
// ~46 Identity calls (optimizer and gradient bookkeeping): ~24 ms of copies saved per step.
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmBackendLike } from './wasm-ops';

export function aliasIdentity(builtin: KernelFunc): KernelFunc & { builtin: KernelFunc } {
  const kernel: KernelFunc = (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    if (x.dtype === 'string') return builtin(args);
    (args.backend as unknown as WasmBackendLike).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  return Object.assign(kernel, { builtin });
}
