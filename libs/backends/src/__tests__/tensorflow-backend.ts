// Test helper: makes the 'tensorflow' backend (tfjs-node on TensorFlow 2.21's C library, set up
// by prepareBackend in the per-user cache when it is not yet: see native/) usable in a process.
// LRFINDER_TEST_TENSORFLOW_BACKEND=tensorflow-gpu asks for the GPU flavour (tools/gpu-check.sh).
import { prepareBackend } from '../prepare';

/** Loads the tensorflow backend with lrfinder's kernels (prepareBackend registers them) and makes it active. */
export async function readyTensorflow(): Promise<string> {
  const name = process.env.LRFINDER_TEST_TENSORFLOW_BACKEND === 'tensorflow-gpu' ? 'tensorflow-gpu' : 'tensorflow';
  const report = await prepareBackend(name, { native: { log: () => undefined } });
  return `prepareBackend('${name}'): ${Object.entries(report.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`;
}
