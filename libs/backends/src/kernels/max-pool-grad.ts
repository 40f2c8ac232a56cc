// MaxPoolGrad for wasm. The built-in C++ kernel starts each window's max search at FLT_MIN (the
// smallest positive float), so windows whose maximum is <= 0 lose or misplace their gradient;
// it also sends ties to the last maximum (TF and cpu: the first) and is slow (a scalar loop
// over every input position and every window that may contain it).
// This one works on the tensors in wasm memory directly: one pass over the windows finds each
// window's first maximum (row-major, as cpu's maxPoolPositions) and adds dy there. No copies to
// the cpu backend; any window size, stride, padding and dilation.
import { backend_util, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { type KernelArgs, type WasmBackendLike, withOps } from './wasm-ops';

function poolInfo(input: TensorInfo, attrs: NamedAttrMap): backend_util.Conv2DInfo {
  return backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize as number | [number, number],
    attrs.strides as number | [number, number],
    1,
    attrs.pad as 'valid' | 'same' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
}

/**
 * dx (zeroed, [N, H, W, C]) += dy at each window's first maximum of x. Windows with no finite
 * maximum (all -Infinity or NaN, or only padding) pass no gradient, as on cpu.
 */
export function maxPoolBackprop(x: Float32Array, dy: Float32Array, dx: Float32Array, info: backend_util.Conv2DInfo): void {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  // Offsets in x of the window's positions inside the input, in row-major window order.
  const taps = new Int32Array(fh * fw);
  for (let b = 0; b < n; b++) {
    for (let yr = 0; yr < oh; yr++) {
      const rowCorner = yr * sh - top;
      for (let yc = 0; yc < ow; yc++) {
        const colCorner = yc * sw - left;
        let count = 0;
        for (let wr = 0; wr < fh; wr++) {
          const xr = rowCorner + wr * dh;
          if (xr < 0 || xr >= h) continue;
          for (let wc = 0; wc < fw; wc++) {
            const xc = colCorner + wc * dw;
            if (xc >= 0 && xc < w) taps[count++] = ((b * h + xr) * w + xc) * c;
          }
        }
        const out = ((b * oh + yr) * ow + yc) * c;
        if (count === 4 && fh === 2 && fw === 2) {
          // MaxPooling2D's default 2x2 window, unrolled (a third faster than the loop below).
          const p0 = taps[0];
          const p1 = taps[1];
          const p2 = taps[2];
          const p3 = taps[3];
          for (let d = 0; d < c; d++) {
            let best = -Infinity;
            let where = -1;
            if (x[p0 + d] > best) { best = x[p0 + d]; where = p0 + d; }
            if (x[p1 + d] > best) { best = x[p1 + d]; where = p1 + d; }
            if (x[p2 + d] > best) { best = x[p2 + d]; where = p2 + d; }
            if (x[p3 + d] > best) where = p3 + d;
            if (where >= 0) dx[where] += dy[out + d];
          }
          continue;
        }
        for (let d = 0; d < c; d++) {
          let best = -Infinity;
          let where = -1;
          for (let t = 0; t < count; t++) {
            const v = x[taps[t] + d];
            if (v > best) {
              best = v;
              where = taps[t] + d;
            }
          }
          if (where >= 0) dx[where] += dy[out + d];
        }
      }
    }
  }
}

/** The replacement kernel; the built-in one is kept as `.builtin` (tests show what it gets wrong). */
export function directMaxPoolGrad(builtin: KernelFunc): KernelFunc & { builtin: KernelFunc } {
  const kernel: KernelFunc = (args) => {
    const { inputs, attrs = {}, backend } = args as KernelArgs;
    const { dy, input } = inputs;
    if (input.dtype !== 'float32' || dy.dtype !== 'float32') return builtin(args);
    const info = poolInfo(input, attrs);
    return withOps(backend as WasmBackendLike, (ops) => {
      const dx = ops.alloc(input.shape);
      const out = ops.view(dx);
      out.fill(0);
      maxPoolBackprop(ops.view(input), ops.view(dy), out, info);
      return dx;
    });
  };
  return Object.assign(kernel, { builtin });
}
