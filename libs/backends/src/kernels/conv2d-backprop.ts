// Conv2DBackpropInput (replaces wasm's naive loop) and Conv2DBackpropFilter (missing in wasm),
// each one forward Conv2D of wasm's (XNNPACK) on rearranged operands.
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { convGeometry, dilateRowsCols } from './conv-common';
import { backpropFilterMargins, backpropInputMargins } from './geometry';
import { explicitPad, withOps, type WasmBackendLike } from './wasm-ops';

interface Args {
  inputs: Record<string, TensorInfo>;
  attrs?: NamedAttrMap;
  backend: unknown;
}

/** dx = conv2d(dilate(dy), reverse(filter) with in/out channels swapped, stride 1). */
export const conv2DBackpropInput: KernelFunc = (args) => {
  const { inputs, attrs = {}, backend } = args as Args;
  const { dy, filter } = inputs;
  const inputShape = attrs.inputShape as number[];
  const { geometry: g } = convGeometry(
    'Conv2DBackpropInput', inputShape, filter.shape, attrs.strides as [number, number],
    attrs.pad, attrs.dimRoundingMode, false, 1, attrs.dataFormat,
  );
  return withOps(backend as WasmBackendLike, (ops) => {
    const dilated = dilateRowsCols(ops, dy, g.strideHeight, g.strideWidth);
    const { x, pads } = ops.cropNegative(dilated, backpropInputMargins(g));
    const reversed = ops.run('Reverse', { x: filter }, { dims: [0, 1] });
    const swapped = ops.transpose(reversed, [0, 1, 3, 2]);
    return ops.run('Conv2D', { x, filter: swapped }, {
      strides: [1, 1], pad: explicitPad(pads), dilations: [1, 1], dataFormat: 'NHWC',
    });
  });
};

/** dw = conv2d(x as [Ci, H, W, N], dy as [OH, OW, N, Co] dilated by the strides), as [fh, fw, Ci, Co]. */
export const conv2DBackpropFilter: KernelFunc = (args) => {
  const { inputs, attrs = {}, backend } = args as Args;
  const { x, dy } = inputs;
  const filterShape = attrs.filterShape as number[];
  const { geometry: g } = convGeometry(
    'Conv2DBackpropFilter', x.shape, filterShape, attrs.strides as [number, number],
    attrs.pad, attrs.dimRoundingMode, false, 1, attrs.dataFormat,
  );
  return withOps(backend as WasmBackendLike, (ops) => {
    const xt = ops.transpose(x, [3, 1, 2, 0]);
    const { x: input, pads } = ops.cropNegative(xt, backpropFilterMargins(g));
    const dyt = ops.transpose(dy, [1, 2, 0, 3]);
    const out = ops.run('Conv2D', { x: input, filter: dyt }, {
      strides: [1, 1], pad: explicitPad(pads), dilations: [g.strideHeight, g.strideWidth], dataFormat: 'NHWC',
    });
    return ops.transpose(out, [1, 2, 0, 3]);
  });
};

export const conv2DBackpropInputKernel = (setupFunc?: KernelConfig['setupFunc']): KernelConfig => ({
  kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc: conv2DBackpropInput, setupFunc,
});
export const conv2DBackpropFilterKernel = (): KernelConfig => ({
  kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilter,
});
