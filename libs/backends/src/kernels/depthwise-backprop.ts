// DepthwiseConv2dNativeBackpropInput / -Filter (both missing in wasm), each one forward
// DepthwiseConv2dNative of wasm's on rearranged operands, plus a Sum over the multiplier/batch.
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { convGeometry, dilateRowsCols } from './conv-common';
import { backpropFilterMargins, backpropInputMargins } from './geometry';
import { explicitPad, type KernelArgs, type WasmBackendLike, withOps } from './wasm-ops';

/**
 * dx[n,h,w,c] = sum_m (depthwise correlation of dilate(dy)[..., c*M+m] with reverse(w)[..., c, m]):
 * one depthwise conv (multiplier 1) over the Ci*M channels, then a Sum over m.
 */
export const depthwiseBackpropInput: KernelFunc = (args) => {
  const { inputs, attrs = {}, backend } = args as KernelArgs;
  const { dy, filter } = inputs;
  const inputShape = attrs.inputShape as number[];
  const { geometry: g } = convGeometry(
    'DepthwiseConv2dNativeBackpropInput', inputShape, filter.shape, attrs.strides as [number, number],
    attrs.pad, attrs.dimRoundingMode, true, attrs.dilations,
  );
  const [fh, fw, ci, m] = filter.shape;
  return withOps(backend as WasmBackendLike, (ops) => {
    const dilated = dilateRowsCols(ops, dy, g.strideHeight, g.strideWidth);
    const { x, pads } = ops.cropNegative(dilated, backpropInputMargins(g));
    const reversed = ops.reshape(ops.run('Reverse', { x: filter }, { dims: [0, 1] }), [fh, fw, ci * m, 1]);
    const dx = ops.run('DepthwiseConv2dNative', { x, filter: reversed }, {
      strides: [1, 1], pad: explicitPad(pads), dilations: [1, 1], dataFormat: 'NHWC',
    });
    if (m === 1) return dx;
    const [n, h, w] = dx.shape;
    return ops.run('Sum', { x: ops.reshape(dx, [n, h, w, ci, m]) }, { axis: [4], keepDims: false });
  });
};

/**
 * dw[a,b,c,m] = sum_n (correlation of x[n,...,c] with dy[n,...,c*M+m] at dilation = strides):
 * x as one image with N*Ci channels, dy as an [OH, OW, N*Ci, M] depthwise filter, then a Sum over n.
 */
export const depthwiseBackpropFilter: KernelFunc = (args) => {
  const { inputs, attrs = {}, backend } = args as KernelArgs;
  const { x, dy } = inputs;
  const filterShape = attrs.filterShape as number[];
  const { geometry: g } = convGeometry(
    'DepthwiseConv2dNativeBackpropFilter', x.shape, filterShape, attrs.strides as [number, number],
    attrs.pad, attrs.dimRoundingMode, true, attrs.dilations,
  );
  const [n, h, w, ci] = x.shape;
  const [fh, fw, , m] = filterShape;
  const [, oh, ow] = dy.shape;
  return withOps(backend as WasmBackendLike, (ops) => {
    const xt = ops.reshape(ops.transpose(x, [1, 2, 0, 3]), [1, h, w, n * ci]);
    const { x: input, pads } = ops.cropNegative(xt, backpropFilterMargins(g));
    const dyt = ops.reshape(ops.transpose(dy, [1, 2, 0, 3]), [oh, ow, n * ci, m]);
    const out = ops.run('DepthwiseConv2dNative', { x: input, filter: dyt }, {
      strides: [1, 1], pad: explicitPad(pads), dilations: [g.strideHeight, g.strideWidth], dataFormat: 'NHWC',
    });
    const perImage = ops.reshape(out, [fh, fw, n, ci * m]);
    const summed = n === 1 ? perImage : ops.run('Sum', { x: perImage }, { axis: [2], keepDims: false });
    return ops.reshape(summed, [fh, fw, ci, m]);
  });
};

export const depthwiseBackpropInputKernel = (): KernelConfig => ({
  kernelName: 'DepthwiseConv2dNativeBackpropInput', backendName: 'wasm', kernelFunc: depthwiseBackpropInput,
});
export const depthwiseBackpropFilterKernel = (): KernelConfig => ({
  kernelName: 'DepthwiseConv2dNativeBackpropFilter', backendName: 'wasm', kernelFunc: depthwiseBackpropFilter,
});
