// Test helper: makes the 'tensorflow' backend (tfjs-node on TensorFlow 2.21's C library) usable in
// a process. LRFINDER_TEST_TFJS_NODE may name a tfjs-node package folder built by hand against
// that library (loaded as is, then our kernels registered); otherwise prepareBackend of
// LRFINDER_TEST_TENSORFLOW_BACKEND ('tensorflow' by default; 'tensorflow-gpu' in tools/gpu-check.sh).
import * as tf from '@tensorflow/tfjs-core';
import { prepareBackend } from '../prepare';
import { registerTensorflowKernels } from '../tensorflow-kernels';

/** The env var naming a hand-built tfjs-node package folder (see tools/bench/README.md). */
export const TFJS_NODE_ENV = 'LRFINDER_TEST_TFJS_NODE';

/** Loads and registers the tensorflow backend (not made active); throws why when it cannot. */
export async function readyTensorflow(): Promise<string> {
  const dir = process.env[TFJS_NODE_ENV];
  if (dir) {
    process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
    require(dir);
    registerTensorflowKernels();
    if (!(await tf.setBackend('tensorflow'))) throw new Error(`${TFJS_NODE_ENV}=${dir}: tfjs-node loaded but the tensorflow backend did not initialise`);
    return `${TFJS_NODE_ENV}=${dir}`;
  }
  const name = process.env.LRFINDER_TEST_TENSORFLOW_BACKEND === 'tensorflow-gpu' ? 'tensorflow-gpu' : 'tensorflow';
  const report = await prepareBackend(name);
  registerTensorflowKernels();
  return `prepareBackend('${name}'): ${JSON.stringify(report.versions)}`;
}
