// The 'tensorflow' backend for the benchmark: prepareBackend('tensorflow'), which sets native
// TensorFlow up in the per-user cache when it is not yet (tfjs-node on TensorFlow's C library)
// and registers lrfinder's tensorflow kernels (LRFINDER_TENSORFLOW_KERNELS=0: TF.js's own, for
// before/after figures).
import { prepareBackend } from '@lrfinder/backends';

/** Makes tensorflow the active backend; returns what it is (tfjs-node and TensorFlow versions). */
export async function useTensorflow(): Promise<string> {
  const report = await prepareBackend('tensorflow', { native: { log: (line) => console.error(line) } });
  return `${report.device ?? 'tfjs-node'}${process.env.LRFINDER_TENSORFLOW_KERNELS === '0' ? ', stock TF.js kernels' : ''}`;
}
