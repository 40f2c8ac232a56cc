// Sum over leading axes (bias gradients: dy summed over batch, rows, columns) on wasm: the
// built-in Sum transposes the reduced axes to the end and loops; a product with a row of ones
// (XNNPACK GEMM), or for [N, H, W, C] over N, H, W an average pool, is much faster. Other
// reductions go to the built-in kernel.
import { util, type KernelFunc } from '@tensorflow/tfjs-core';
import { type KernelArgs, type WasmBackendLike, withOps } from './wasm-ops';

/** Minimum number of summed rows for the product to be worth it. */
const MIN_ROWS = 256;

/** The leading-axes count when `axis` is exactly [0, 1, ..., k-1] with 0 < k < rank, else 0. */
export function leadingAxes(axis: number | number[] | undefined, rank: number): number {
  if (axis == null) return 0;
  const list = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)).sort((a, b) => a - b);
  if (list.length === 0 || list.length >= rank) return 0;
  return list.every((a, i) => a === i) ? list.length : 0;
}

export function onesProductSum(builtin: KernelFunc): KernelFunc & { builtin: KernelFunc } {
  const kernel: KernelFunc = (args) => {
    const { inputs, attrs = {}, backend } = args as KernelArgs;
    const x = inputs.x;
    const k = leadingAxes(attrs.axis as number | number[] | undefined, x.shape.length);
    const rows = util.sizeFromShape(x.shape.slice(0, k));
    if (x.dtype !== 'float32' || k === 0 || rows < MIN_ROWS) return builtin(args);
    const rest = x.shape.slice(k);
    const cols = util.sizeFromShape(rest);
    return withOps(backend as WasmBackendLike, (ops) => {
      const shape = attrs.keepDims ? [...x.shape.slice(0, k).map(() => 1), ...rest] : rest;
      if (x.shape.length === 4 && k === 3 && x.shape[1] * x.shape[2] > 1) {
        // [N, H, W, C] over N, H, W (conv bias gradients): XNNPACK's average pool over the whole
        // H x W window, times H*W, leaves an [N, C] sum over N (no weight packing, unlike a matmul).
        const [n, h, w, c] = x.shape;
        const mean = ops.run('AvgPool', { x }, { filterSize: [h, w], strides: [h, w], pad: 'valid' });
        const sums = ops.run('Multiply', { a: mean, b: ops.scalar(h * w) });
        return ops.reshape(n === 1 ? sums : ops.call(builtin, { x: ops.reshape(sums, [n, c]) }, { axis: [0], keepDims: false }), shape);
      }
      const ones = ops.filled([1, 1, rows], 1);
      const product = ops.run('BatchMatMul', { a: ones, b: ops.reshape(x, [1, rows, cols]) }, { transposeA: false, transposeB: false });
      return ops.reshape(product, shape);
    });
  };
  return Object.assign(kernel, { builtin });
}
