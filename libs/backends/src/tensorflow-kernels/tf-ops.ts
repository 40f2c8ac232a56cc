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

/** A TensorFlow tensor handle made by an op: its id in the binding, shape and TF dtype. */
export interface TfTensorMetadata {
  id: number;
  shape: number[];
  dtype: number;
}

/** The members of tfjs-node's binding used here. */
export interface TfBinding {
  TF_ATTR_TYPE: number;
  TF_ATTR_INT: number;
  TF_ATTR_STRING: number;
  TF_ATTR_BOOL: number;
  TF_ATTR_SHAPE: number;
  TF_FLOAT: number;
  executeOp(name: string, attrs: TfOpAttr[], inputIds: number[], numOutputs: number): TfTensorMetadata[];
  createTensor(shape: number[], dtype: number, values: Float32Array): number;
  tensorDataSync(id: number): Float32Array;
  deleteTensor(id: number): void;
  getNumOfTensors(): number;
}

/** The members of tfjs-node's backend (NodeJSKernelBackend) used here. */
export interface TfBackend {
  binding: TfBinding;
  isUsingGpuDevice: boolean;
  executeSingleOutput(name: string, attrs: TfOpAttr[], inputs: TensorInfo[]): Tensor;
  /** Runs an op with `numOutputs` outputs (0: an op that only writes resources). */
  executeMultipleOutputs(name: string, attrs: TfOpAttr[], inputs: TensorInfo[], numOutputs: number): Tensor[];
  /** The binding's tensor ids of TF.js tensors (their handles made first where still pending). */
  getInputTensorIds(tensors: TensorInfo[]): number[];
  /** A TF.js tensor owning a handle made by an op. */
  createOutputTensor(metadata: TfTensorMetadata): Tensor;
  disposeData(dataId: object, force?: boolean): boolean;
}

const calls = new Map<string, number>();

/** Counts a run of TensorFlow op `name` by our kernels (see fusedOpCalls). */
export function countCall(name: string): void {
  calls.set(name, (calls.get(name) ?? 0) + 1);
}

/** How many times our kernels ran each TensorFlow op so far in this process (tests, benchmarks). */
export function fusedOpCalls(): Record<string, number> {
  return Object.fromEntries(calls);
}

/** Runs TensorFlow op `name` (one output) eagerly on the backend's device. */
export function tfOp(backend: TfBackend, name: string, attrs: TfOpAttr[], inputs: TensorInfo[]): Tensor {
  countCall(name);
  return backend.executeSingleOutput(name, attrs, inputs);
}

/** The `T: float` attribute every float op here takes. */
export function floatT(backend: TfBackend, name = 'T'): TfOpAttr {
  return { name, type: backend.binding.TF_ATTR_TYPE, value: backend.binding.TF_FLOAT };
}

export const boolAttr = (backend: TfBackend, name: string, value: boolean): TfOpAttr => ({ name, type: backend.binding.TF_ATTR_BOOL, value });
export const intsAttr = (backend: TfBackend, name: string, value: number[]): TfOpAttr => ({ name, type: backend.binding.TF_ATTR_INT, value });
export const stringAttr = (backend: TfBackend, name: string, value: string): TfOpAttr => ({ name, type: backend.binding.TF_ATTR_STRING, value });
