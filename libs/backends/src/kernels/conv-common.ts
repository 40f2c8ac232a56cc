// Shared steps of the convolution gradient kernels.
import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';
import type { ConvGeometry } from './geometry';
import type { WasmOps } from './wasm-ops';

type Pad = backend_util.PadInfo['type'] | 'valid' | 'same' | number | backend_util.ExplicitPadding;

/** Geometry of a forward NHWC convolution; throws for what the gradients do not support. */
export function convGeometry(
  kernel: string,
  xShape: number[],
  filterShape: number[],
  strides: number | [number, number],
  pad: unknown,
  dimRoundingMode: unknown,
  depthwise: boolean,
  dilations: unknown = 1,
  dataFormat: unknown = 'NHWC',
): { geometry: ConvGeometry; info: backend_util.Conv2DInfo } {
  if (dataFormat != null && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(`${kernel} on wasm supports dataFormat NHWC only, got ${String(dataFormat)}`);
  }
  const info = backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    (dilations ?? 1) as number | [number, number],
    pad as Exclude<Pad, backend_util.PadInfo['type']>,
    dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    depthwise,
  );
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) {
    throw new Error(`${kernel} on wasm: dilation rates > 1 are not supported in gradients (as in tfjs itself)`);
  }
  return {
    info,
    geometry: {
      inHeight: info.inHeight,
      inWidth: info.inWidth,
      filterHeight: info.filterHeight,
      filterWidth: info.filterWidth,
      strideHeight: info.strideHeight,
      strideWidth: info.strideWidth,
      outHeight: info.outHeight,
      outWidth: info.outWidth,
      padTop: info.padInfo.top,
      padLeft: info.padInfo.left,
    },
  };
}

/**
 * dy [N, OH, OW, C] -> [N, OH*sh, OW*sw, C] with dy[n, i, j] at [n, i*sh, j*sw] and zeros
 * elsewhere: pads a unit axis after each column, then after each row, through reshapes.
 */
export function dilateRowsCols(ops: WasmOps, dy: TensorInfo, sh: number, sw: number): TensorInfo {
  const [n, oh, ow, c] = dy.shape;
  let d = dy;
  if (sw > 1) {
    const cols = ops.reshape(d, [n * oh * ow, 1, c]);
    d = ops.run('PadV2', { x: cols }, { paddings: [[0, 0], [0, sw - 1], [0, 0]], constantValue: 0 });
  }
  if (sh > 1) {
    const rows = ops.reshape(d, [n * oh, 1, ow * sw * c]);
    d = ops.run('PadV2', { x: rows }, { paddings: [[0, 0], [0, sh - 1], [0, 0]], constantValue: 0 });
  }
  return d === dy ? dy : ops.reshape(d, [n, oh * sh, ow * sw, c]);
}
