// Conv2DBackpropInput (replaces wasm's naive loop) and Conv2DBackpropFilter (missing in wasm),
// each computed by one XNNPACK convolution or matrix product on rearranged operands.
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { convGeometry, dilateRowsCols } from './conv-common';
import { backpropFilterMargins, backpropInputMargins, type ConvGeometry } from './geometry';
import { explicitPad, type KernelArgs, type WasmBackendLike, type WasmOps, withOps } from './wasm-ops';

/** dx = conv2d(dilate(dy), reverse(filter) with in/out channels swapped, stride 1). */
export const conv2DBackpropInput: KernelFunc = (args) => {
  const { inputs, attrs = {}, backend } = args as KernelArgs;
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

type FilterGradient = (ops: WasmOps, x: TensorInfo, dy: TensorInfo, g: ConvGeometry, filterShape: number[]) => TensorInfo;

/** dw = conv2d(x as [Ci, H, W, N], dy as [OH, OW, N, Co] dilated by the strides), as [fh, fw, Ci, Co]. */
export const filterGradientByConv: FilterGradient = (ops, x, dy, g) => {
  const xt = ops.transpose(x, [3, 1, 2, 0]);
  const { x: input, pads } = ops.cropNegative(xt, backpropFilterMargins(g));
  const dyt = ops.transpose(dy, [1, 2, 0, 3]);
  const out = ops.run('Conv2D', { x: input, filter: dyt }, {
    strides: [1, 1], pad: explicitPad(pads), dilations: [g.strideHeight, g.strideWidth], dataFormat: 'NHWC',
  });
  return ops.transpose(out, [1, 2, 0, 3]);
};

/**
 * The patches of x as the rows of a [N*OH*OW, fh*fw*ci] matrix: row (n*OH + i)*OW + j holds
 * x[n, i*sh + a - pt, j*sw + b - pl, c] at column (a*fw + b)*ci + c, 0 outside x. Written in order.
 */
export function patchRows(x: Float32Array, xShape: number[], g: ConvGeometry, out: Float32Array): void {
  const [n, h, w, ci] = xShape;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow, padTop: pt, padLeft: pl } = g;
  let at = 0;
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        for (let a = 0; a < fh; a++) {
          const xr = i * sh + a - pt;
          for (let k = 0; k < fw; k++) {
            const xc = j * sw + k - pl;
            if (xr < 0 || xr >= h || xc < 0 || xc >= w) {
              out.fill(0, at, at + ci);
            } else {
              const from = ((b * h + xr) * w + xc) * ci;
              for (let c = 0; c < ci; c++) out[at + c] = x[from + c];
            }
            at += ci;
          }
        }
      }
    }
  }
}

/**
 * dw^T [Co, fh*fw*ci] = dy^T [Co, N*OH*OW] x patches [N*OH*OW, fh*fw*ci]: one plain matrix product
 * whose packed operand is the patch matrix, smaller than dy when fh*fw*ci < Co (a first layer).
 */
export const filterGradientByPatches: FilterGradient = (ops, x, dy, g, filterShape) => {
  const [fh, fw, ci, co] = filterShape;
  const rows = dy.shape[0] * g.outHeight * g.outWidth;
  const patches = ops.alloc([1, rows, fh * fw * ci]);
  patchRows(ops.view(x), x.shape, g, ops.view(patches));
  const dyt = ops.transpose(ops.reshape(dy, [rows, co]), [1, 0]);
  const product = ops.run('BatchMatMul', { a: ops.reshape(dyt, [1, co, rows]), b: patches }, { transposeA: false, transposeB: false });
  return ops.reshape(ops.transpose(ops.reshape(product, [co, fh * fw * ci]), [1, 0]), filterShape);
};

/**
 * dw of a Conv2D with XNNPACK doing the arithmetic. XNNPACK packs the filter of a convolution
 * (the second operand of a product) on every call, at about 10 ns a float here, so the choice is
 * which operand gets packed: dy transposed (filterGradientByConv) or the patches of x
 * (filterGradientByPatches), whichever is smaller: the patches when fh*fw*ci < Co. For the
 * reference ConvNet's first layer (1 channel, 32 filters) that is 1.5 M floats instead of 5.4 M:
 * ~100 -> ~45 ms per step.
 */
export const conv2DBackpropFilter: KernelFunc = (args) => {
  const { inputs, attrs = {}, backend } = args as KernelArgs;
  const { x, dy } = inputs;
  const filterShape = attrs.filterShape as number[];
  const { geometry: g } = convGeometry(
    'Conv2DBackpropFilter', x.shape, filterShape, attrs.strides as [number, number],
    attrs.pad, attrs.dimRoundingMode, false, 1, attrs.dataFormat,
  );
  const [fh, fw, ci, co] = filterShape;
  const method = x.dtype === 'float32' && fh * fw * ci < co ? filterGradientByPatches : filterGradientByConv;
  return withOps(backend as WasmBackendLike, (ops) => method(ops, x, dy, g, filterShape));
};

export const conv2DBackpropInputKernel = (setupFunc?: KernelConfig['setupFunc']): KernelConfig => ({
  kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc: conv2DBackpropInput, setupFunc,
});
export const conv2DBackpropFilterKernel = (): KernelConfig => ({
  kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilter,
});
