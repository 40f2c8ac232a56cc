// Calling TensorFlow's own ops through tfjs-node's binding, from kernels registered for the
// 'tensorflow' backend. tfjs-node is an optional package: its backend is described here by the
// few members used (NodeJSKernelBackend of @tensorflow/tfjs-node 4.22), not imported.
import type { Tensor, TensorInfo } from '@tensorflow/tfjs-core';

/** One attribute of a TensorFlow op as tfjs-node's binding takes it (TFEOpAttr). */
export interface TfOpAttr {
  name: string;
  type: number;
  value: boolean | number | string | number[] | boolean[];
}

/** The members of tfjs-node's binding used here. */
export interface TfBinding {
  TF_ATTR_TYPE: number;
  TF_ATTR_INT: number;
  TF_ATTR_STRING: number;
  TF_ATTR_BOOL: number;
  TF_FLOAT: number;
}

/** The members of tfjs-node's backend (NodeJSKernelBackend) used here. */
export interface TfBackend {
  binding: TfBinding;
  executeSingleOutput(name: string, attrs: TfOpAttr[], inputs: TensorInfo[]): Tensor;
}

/** Runs TensorFlow op `name` (one float32 output) eagerly on the backend's device. */
export function tfOp(backend: TfBackend, name: string, attrs: TfOpAttr[], inputs: TensorInfo[]): Tensor {
  return backend.executeSingleOutput(name, attrs, inputs);
}

/** The `T: float` attribute every float op here takes. */
export function floatT(backend: TfBackend, name = 'T'): TfOpAttr {
  return { name, type: backend.binding.TF_ATTR_TYPE, value: backend.binding.TF_FLOAT };
}

export const intsAttr = (backend: TfBackend, name: string, value: number[]): TfOpAttr => ({ name, type: backend.binding.TF_ATTR_INT, value });
export const stringAttr = (backend: TfBackend, name: string, value: string): TfOpAttr => ({ name, type: backend.binding.TF_ATTR_STRING, value });
