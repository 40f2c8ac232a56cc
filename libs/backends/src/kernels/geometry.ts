// The padding arithmetic of convolution gradients written as forward convolutions (pure).
import type { Pads4 } from './wasm-ops';

/** What the gradients need of a forward NHWC convolution (dilation 1). */
export interface ConvGeometry {
  inHeight: number;
  inWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  outHeight: number;
  outWidth: number;
  /** Zero rows/columns the forward convolution adds before the input. */
  padTop: number;
  padLeft: number;
}

/**
 * Margins for dx = conv(dilate(dy), reversed filter, stride 1), where dilate(dy) puts stride-1
 * zeros after every row/column, so it is outHeight*strideHeight rows tall.
 *
 * Forward: y[i] uses x[i*s + a - pt] for a in [0, f). So x[h] receives dy[i] * w[a] with
 * i*s = h + pt - a. In the dilated dy D (D[i*s] = dy[i]) that is D[h + pt - a]; with the reversed
 * filter index a' = f-1-a it is D[h + (pt - f + 1) + a'], a stride-1 correlation starting at
 * row pt-f+1: the top margin is f-1-pt. The output has inHeight rows, so
 * D.length + top + bottom - f + 1 = inHeight, bottom = inHeight + pt - D.length.
 * Negative margins mean cropping D.
 */
export function backpropInputMargins(g: ConvGeometry): Pads4 {
  return [
    g.filterHeight - 1 - g.padTop,
    g.inHeight + g.padTop - g.outHeight * g.strideHeight,
    g.filterWidth - 1 - g.padLeft,
    g.inWidth + g.padLeft - g.outWidth * g.strideWidth,
  ];
}

/**
 * Margins for dw = conv(x^T, dy^T dilated by the strides, stride 1), x^T being x with batch and
 * channels swapped. dw[a] = sum_i x[i*s + a - pt] dy[i]: a correlation of x (padded by pt at the
 * top) with dy at dilation s, which has effective size (outHeight-1)*s + 1. The output must have
 * filterHeight rows: inHeight + pt + bottom - (outHeight-1)*s = filterHeight, so
 * bottom = filterHeight + (outHeight-1)*s - inHeight - pt; negative when the forward convolution
 * never reached the last rows of x (valid padding with a leftover), which then are cropped.
 */
export function backpropFilterMargins(g: ConvGeometry): Pads4 {
  return [
    g.padTop,
    g.filterHeight + (g.outHeight - 1) * g.strideHeight - g.inHeight - g.padTop,
    g.padLeft,
    g.filterWidth + (g.outWidth - 1) * g.strideWidth - g.inWidth - g.padLeft,
  ];
}
