// MaxPool and its gradient through oneDNN with a workspace. TensorFlow's own MaxPoolGrad CPU
// kernel searches every window again for its maximum (~25 CPU ms for a [250, 26, 26, 32] input;
// half of a reference step). TensorFlow's oneDNN build (every x86-64 Linux CPU wheel) has the ops
// its graph rewriter uses instead, `_MklNativeMaxPool` (also outputs a workspace: which cell of
// each window won, one byte per output) and `_MklNativeMaxPoolGrad` (scatters dy through it):
// ~3 and ~4 CPU ms. They are internal ops, so they are probed once per backend against the stock
// MaxPool before use, run only on the CPU device, and every other case goes to tfjs-node's own
// kernels. The workspace lives beside the pooled output: kept under the output's dataId (which
// TF.js's saved copy shares: tfjs-node's Identity is an alias) and freed when the backend frees
// that data (see workspaces.ts).
import { backend_util, type KernelConfig, type KernelFunc, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';
import { boolAttr, countCall, floatT, intsAttr, stringAttr, type TfBackend, type TfOpAttr } from './tf-ops';
import { takeWorkspace, workspaceOf } from './workspaces';

interface PoolAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** TF attributes of a 2-D pooling, or null when the oneDNN ops cannot do it (explicit padding, dilation...). */
function poolAttrs(backend: TfBackend, shape: number[], attrs: PoolAttrs): { attrs: TfOpAttr[]; key: string } | null {
  const info = backend_util.computePool2DInfo(shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  if (info.padInfo.type !== 'VALID' && info.padInfo.type !== 'SAME') return null;
  if (info.dataFormat !== 'channelsLast' || info.dilationHeight !== 1 || info.dilationWidth !== 1) return null;
  const ksize = [1, info.filterHeight, info.filterWidth, 1];
  const strides = [1, info.strideHeight, info.strideWidth, 1];
  return {
    key: `${shape.join('x')}|${ksize.join(',')}|${strides.join(',')}|${info.padInfo.type}`,
    attrs: [
      floatT(backend), intsAttr(backend, 'ksize', ksize), intsAttr(backend, 'strides', strides),
      stringAttr(backend, 'padding', info.padInfo.type), stringAttr(backend, 'data_format', 'NHWC'),
      // The label TensorFlow's oneDNN kernels are registered under, and "keep the workspace".
      stringAttr(backend, '_kernel', 'MklNameChangeOp'), boolAttr(backend, 'workspace_enabled', true),
    ],
  };
}

const probed = new WeakMap<object, boolean>();

/**
 * Whether this TensorFlow runs `_MklNativeMaxPool` right: once per backend, on a 1x4x4x1 input
 * with a tie and negative windows, against the stock MaxPool; false on the GPU device or any error.
 */
export function oneDnnPoolingWorks(backend: TfBackend): boolean {
  let ok = probed.get(backend);
  if (ok !== undefined) return ok;
  ok = false;
  if (!backend.isUsingGpuDevice) {
    const b = backend.binding;
    const ids: number[] = [];
    try {
      // Values: windows (2x2, stride 2) [-3,-1,-4,-2] [5,5,0,1] [-9,-8,-7,-6] [2,4,4,3].
      const values = new Float32Array([-3, -1, 5, 5, -4, -2, 0, 1, -9, -8, 2, 4, -7, -6, 4, 3]);
      const x = b.createTensor([1, 4, 4, 1], b.TF_FLOAT, values);
      ids.push(x);
      const pa = poolAttrs(backend, [1, 4, 4, 1], { filterSize: 2, strides: 2, pad: 'valid' });
      const [y, ws] = b.executeOp('_MklNativeMaxPool', pa!.attrs, [x], 2);
      ids.push(y.id, ws.id);
      const read = b.tensorDataSync(y.id);
      ok = Array.from(read).join() === '-1,5,-6,4';
    } catch {
      ok = false;
    } finally {
      for (const id of ids) b.deleteTensor(id);
    }
  }
  probed.set(backend, ok);
  return ok;
}

/** MaxPool for 'tensorflow': oneDNN's with a workspace where usable, else `stock` (tfjs-node's). */
export function oneDnnMaxPool(stock: KernelFunc): KernelFunc {
  return (args) => {
    const backend = args.backend as unknown as TfBackend;
    const x = args.inputs.x as TensorInfo;
    const pa = x.dtype === 'float32' && x.shape.length === 4 ? poolAttrs(backend, x.shape, args.attrs as unknown as PoolAttrs) : null;
    if (pa == null || !oneDnnPoolingWorks(backend)) return stock(args);
    const [xid] = backend.getInputTensorIds([x]);
    countCall('_MklNativeMaxPool');
    const [out, ws] = backend.binding.executeOp('_MklNativeMaxPool', pa.attrs, [xid], 2);
    const y = backend.createOutputTensor(out);
    takeWorkspace(backend, y.dataId, ws.id, pa.key);
    return y;
  };
}

/** MaxPoolGrad for 'tensorflow': through the workspace of its output where there is one, else `stock`. */
export function oneDnnMaxPoolGrad(stock: KernelFunc): KernelFunc {
  return (args) => {
    const backend = args.backend as unknown as TfBackend;
    const { dy, input, output } = args.inputs as { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
    const pa = dy.dtype === 'float32' && input.shape.length === 4 ? poolAttrs(backend, input.shape, args.attrs as unknown as PoolAttrs) : null;
    const ws = pa == null ? null : workspaceOf(output.dataId, pa.key);
    if (pa == null || ws == null) return stock(args);
    const ids = backend.getInputTensorIds([input, output, dy]);
    countCall('_MklNativeMaxPoolGrad');
    const [dx] = backend.binding.executeOp('_MklNativeMaxPoolGrad', pa.attrs, [...ids, ws], 1);
    return backend.createOutputTensor(dx) as Tensor;
  };
}

/** The two kernels, wrapping tfjs-node's own (`stock`, looked up when registering). */
export function maxPoolKernels(stock: { maxPool: KernelFunc; maxPoolGrad: KernelFunc }): KernelConfig[] {
  return [
    { kernelName: 'MaxPool', backendName: 'tensorflow', kernelFunc: oneDnnMaxPool(stock.maxPool) },
    { kernelName: 'MaxPoolGrad', backendName: 'tensorflow', kernelFunc: oneDnnMaxPoolGrad(stock.maxPoolGrad) },
  ];
}
