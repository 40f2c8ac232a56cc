// MaxPoolGrad for wasm. The built-in C++ kernel starts each window's max search at FLT_MIN (the
// smallest positive float), so windows whose maximum is <= 0 lose or misplace their gradient;
// it is also slow (a scalar loop) and sends ties to the last maximum (TF and cpu: the first).
// - Windows that tile the input (stride = pool size, the usual MaxPooling2D): composed from
//   fast wasm kernels: window positions to the last axis (Transpose), ArgMax (first maximum),
//   OneHot * dy, Transpose back. Exact, and matches cpu on ties.
// - Overlapping windows: the built-in kernel on the input shifted to x - min(x) + 1 (all >= 1,
//   every window keeps its argmax).
import { backend_util, type KernelConfig, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { withOps, type WasmBackendLike, type WasmOps } from './wasm-ops';

interface Args {
  inputs: Record<string, TensorInfo>;
  attrs?: NamedAttrMap;
  backend: unknown;
}

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

/** Gradient of a max pool whose windows tile the input (stride = window, dilation 1). */
function tiledMaxPoolGrad(ops: WasmOps, dy: TensorInfo, input: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const [n, , , c] = input.shape;
  const { filterHeight: k, filterWidth: l, outHeight: oh, outWidth: ow, inHeight: h, inWidth: w } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  // Rows [-top, oh*k - top) are covered by windows; below/right of them either padding (never
  // a maximum: -Infinity) or rows no window reaches (valid padding: cropped, gradient 0).
  const bottom = oh * k - h - top;
  const right = ow * l - w - left;
  let x = input;
  if (bottom < 0 || right < 0) {
    x = ops.run('Slice', { x }, { begin: [0, 0, 0, 0], size: [n, h + Math.min(0, bottom), w + Math.min(0, right), c] });
  }
  if (top > 0 || left > 0 || bottom > 0 || right > 0) {
    x = ops.run('PadV2', { x }, {
      paddings: [[0, 0], [top, Math.max(0, bottom)], [left, Math.max(0, right)], [0, 0]],
      constantValue: -Infinity,
    });
  }
  const windows = ops.transpose(ops.reshape(x, [n * oh, k, ow, l, c]), [0, 2, 4, 1, 3]);
  const m = n * oh * ow * c;
  const argmax = ops.run('ArgMax', { x: ops.reshape(windows, [m, k * l]) }, { axis: 1 });
  // wasm's OneHot writes int32 whatever dtype it is asked for: ask for int32 and cast.
  const hotInt = ops.run('OneHot', { indices: argmax }, { depth: k * l, onValue: 1, offValue: 0, dtype: 'int32' });
  const hot = ops.run('Cast', { x: hotInt }, { dtype: 'float32' });
  const spread = ops.run('Multiply', { a: hot, b: ops.reshape(dy, [m, 1]) });
  const back = ops.transpose(ops.reshape(spread, [n * oh, ow, c, k, l]), [0, 3, 1, 4, 2]);
  let dx = ops.reshape(back, [n, oh * k, ow * l, c]);
  if (top > 0 || left > 0 || bottom > 0 || right > 0) {
    dx = ops.run('Slice', { x: dx }, { begin: [0, top, left, 0], size: [n, oh * k - top - Math.max(0, bottom), ow * l - left - Math.max(0, right), c] });
  }
  if (bottom < 0 || right < 0) {
    dx = ops.run('PadV2', { x: dx }, { paddings: [[0, 0], [0, Math.max(0, -bottom)], [0, Math.max(0, -right)], [0, 0]], constantValue: 0 });
  }
  return dx;
}

/** Wraps the built-in kernel function `builtin` (kept as `.builtin`) as described above. */
export function shiftedMaxPoolGrad(builtin: KernelFunc): KernelFunc & { builtin: KernelFunc } {
  const kernel: KernelFunc = (args) => {
    const { inputs, attrs = {}, backend } = args as Args;
    const { dy, input, output } = inputs;
    const info = poolInfo(input, attrs);
    return withOps(backend as WasmBackendLike, (ops) => {
      const tiles = info.strideHeight === info.filterHeight && info.strideWidth === info.filterWidth && info.dilationHeight === 1 && info.dilationWidth === 1;
      if (tiles && input.dtype === 'float32') return tiledMaxPoolGrad(ops, dy, input, info);
      const axis = input.shape.map((_, i) => i);
      const min = ops.run('Min', { x: input }, { axis, keepDims: false });
      const offset = ops.run('Sub', { a: min, b: ops.scalar(1) });
      const shifted = ops.run('Sub', { a: input, b: offset });
      return ops.call(builtin, { dy, input: shifted, output }, attrs);
    });
  };
  return Object.assign(kernel, { builtin });
}

export const maxPoolGradKernel = (builtin: KernelConfig): KernelConfig => ({
  kernelName: 'MaxPoolGrad',
  backendName: 'wasm',
  kernelFunc: shiftedMaxPoolGrad(builtin.kernelFunc),
  setupFunc: builtin.setupFunc,
});
