// The 'tensorflow' backend for the benchmark: prepareBackend('tensorflow') (the provisioned
// tfjs-node on TensorFlow's C library), or LRFINDER_BENCH_TFJS_NODE naming a tfjs-node package
// folder built by hand against TF 2.21 (see README.md), loaded as is with our kernels registered.
import * as tf from '@tensorflow/tfjs';
import { prepareBackend, registerTensorflowKernels } from '@lrfinder/backends';

export const BENCH_TFJS_NODE_ENV = 'LRFINDER_BENCH_TFJS_NODE';

/** Makes tensorflow the active backend; `fused: false` leaves TF.js's stock gradients (for before/after rows). */
export async function useTensorflow(options: { fused?: boolean } = {}): Promise<string> {
  const dir = process.env[BENCH_TFJS_NODE_ENV];
  if (dir) {
    process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
    require(dir);
    if (options.fused !== false) registerTensorflowKernels();
    if (!(await tf.setBackend('tensorflow'))) throw new Error(`${BENCH_TFJS_NODE_ENV}=${dir}: the tensorflow backend did not initialise`);
    return `tfjs-node from ${BENCH_TFJS_NODE_ENV}`;
  }
  const report = await prepareBackend('tensorflow');
  return `prepareBackend('tensorflow'): ${Object.entries(report.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`;
}
