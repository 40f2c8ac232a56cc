// Sum over every axis but the last (a bias's gradient: TF.js's Add gradient sums dy over the
// broadcast axes) as TensorFlow's BiasAddGrad: ~2.5 CPU ms for a [250, 26, 26, 32] dy where the
// general Sum reduction takes ~9.5. Every other Sum goes to tfjs-node's own kernel.
import { util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { floatT, stringAttr, tfOp, type TfBackend } from './tf-ops';

/** True when `axes` are exactly 0 .. rank - 2. */
function allButLast(axes: number[], rank: number): boolean {
  if (rank < 2 || axes.length !== rank - 1) return false;
  const sorted = [...axes].sort((a, b) => a - b);
  return sorted.every((a, i) => a === i);
}

/** Sum for 'tensorflow': BiasAddGrad where it is a bias gradient (float32, keepDims false), else `stock`. */
export function biasGradSum(stock: KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
    if (x.dtype !== 'float32' || keepDims || !allButLast(util.parseAxisParam(axis, x.shape), x.shape.length)) return stock(args);
    const backend = args.backend as unknown as TfBackend;
    return tfOp(backend, 'BiasAddGrad', [floatT(backend), stringAttr(backend, 'data_format', 'NHWC')], [x]);
  };
}
