// Calling wasm's own kernels through the tfjs kernel registry, with the temporaries freed.
import { getKernel, type DataType, type KernelConfig, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';

/** What a kernel function receives (tfjs's own type is loose about inputs and attrs). */
export interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  attrs?: NamedAttrMap;
  backend: unknown;
}

/** A built-in wasm kernel with its function wrapped by `wrap` (its setup function kept). */
export function wrapBuiltin(builtin: KernelConfig, wrap: (kernelFunc: KernelFunc) => KernelFunc): KernelConfig {
  return { kernelName: builtin.kernelName, backendName: 'wasm', kernelFunc: wrap(builtin.kernelFunc), setupFunc: builtin.setupFunc };
}

/** The part of tfjs-backend-wasm's BackendWasm that the training kernels use. */
export interface WasmBackendLike {
  disposeData(dataId: object, force?: boolean): boolean;
  makeOutput(shape: number[], dtype: DataType, memoryOffset?: number, values?: Float32Array): TensorInfo;
  /** A view of the tensor's bytes in wasm memory (valid until the next allocation). */
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  /** One more reference to the data (Reshape's way of aliasing). */
  incRef(dataId: object): void;
}

/**
 * A scope for composing a kernel from other wasm kernels: every result is a temporary and is
 * freed by `end(result)`, except the one returned. Reshape aliases its input (wasm counts
 * references), so freeing each result once is always right.
 */
export class WasmOps {
  private readonly temps: TensorInfo[] = [];

  constructor(private readonly backend: WasmBackendLike) {}

  /** Runs the wasm kernel `name` (as registered now) and keeps its result as a temporary. */
  run(name: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap = {}): TensorInfo {
    const kernel = getKernel(name, 'wasm');
    if (kernel == null) throw new Error(`wasm kernel ${name} is not registered (is @tensorflow/tfjs-backend-wasm loaded?)`);
    return this.track((kernel.kernelFunc as KernelFunc)({ inputs, attrs, backend: this.backend as never }) as TensorInfo);
  }

  /** Calls a captured kernel function (e.g. the built-in one a replacement wraps). */
  call(kernelFunc: KernelFunc, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap = {}): TensorInfo {
    return this.track(kernelFunc({ inputs, attrs, backend: this.backend as never }) as TensorInfo);
  }

  /** A float32 scalar in wasm memory. */
  scalar(value: number): TensorInfo {
    return this.filled([], value);
  }

  /**
   * A new float32 tensor of `shape`, uninitialised, tracked as a temporary. Take views of it and
   * of the inputs with `view` only after every allocation of the kernel: an allocation can grow
   * wasm memory and detach earlier views.
   */
  alloc(shape: number[]): TensorInfo {
    return this.track(this.backend.makeOutput(shape, 'float32'));
  }

  /** The float32 contents of `t` in wasm memory (a view, no copy). */
  view(t: TensorInfo): Float32Array {
    if (t.dtype !== 'float32') throw new Error(`internal: float32 view of a ${t.dtype} tensor`);
    return this.backend.typedArrayFromHeap(t) as Float32Array;
  }

  /** A float32 tensor of `shape` filled with `value`, in wasm memory. */
  filled(shape: number[], value: number): TensorInfo {
    const size = shape.reduce((a, b) => a * b, 1);
    return this.track(this.backend.makeOutput(shape, 'float32', undefined, new Float32Array(size).fill(value)));
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  /** Slices x where a margin is negative (crop) and returns how much padding is left to add. */
  cropNegative(x: TensorInfo, pads: Pads4): { x: TensorInfo; pads: Pads4 } {
    const [top, bottom, left, right] = pads;
    if (top >= 0 && bottom >= 0 && left >= 0 && right >= 0) return { x, pads };
    const [n, h, w, c] = x.shape;
    const begin = [0, Math.max(0, -top), Math.max(0, -left), 0];
    const size = [n, h - begin[1] - Math.max(0, -bottom), w - begin[2] - Math.max(0, -right), c];
    if (size[1] <= 0 || size[2] <= 0) throw new Error(`internal: crop of ${x.shape} by ${pads} leaves nothing`);
    return {
      x: this.run('Slice', { x }, { begin, size }),
      pads: [Math.max(0, top), Math.max(0, bottom), Math.max(0, left), Math.max(0, right)],
    };
  }

  /** Frees every temporary except `result`, and returns it. */
  end(result: TensorInfo): TensorInfo {
    for (const t of this.temps) if (t !== result) this.backend.disposeData(t.dataId);
    this.temps.length = 0;
    return result;
  }

  /** Frees every temporary (on error paths). */
  abandon(): void {
    for (const t of this.temps) this.backend.disposeData(t.dataId);
    this.temps.length = 0;
  }

  private track(t: TensorInfo): TensorInfo {
    this.temps.push(t);
    return t;
  }
}

/** [top, bottom, left, right] */
export type Pads4 = [number, number, number, number];

/** Explicit 4-D padding in the form tfjs conv kernels take (NHWC). */
export function explicitPad(p: Pads4): [[number, number], [number, number], [number, number], [number, number]] {
  return [[0, 0], [p[0], p[1]], [p[2], p[3]], [0, 0]];
}

/** Runs `body` in a WasmOps scope, freeing temporaries on success and on error. */
export function withOps(backend: WasmBackendLike, body: (ops: WasmOps) => TensorInfo): TensorInfo {
  const ops = new WasmOps(backend);
  try {
    return ops.end(body(ops));
  } catch (e) {
    ops.abandon();
    throw e;
  }
}
