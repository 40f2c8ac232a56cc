// The float32 matrix-multiply ceilings: NumPy's (native BLAS) where python3 has it, and the
// active TF.js backend's own matMul.
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { median, timeOnce } from './stats';

const NUMPY_SCRIPT = `
import time, numpy as np, os
n = 2048
a = np.random.rand(n, n).astype(np.float32); b = np.random.rand(n, n).astype(np.float32)
a @ b
ts = []
for _ in range(5):
    t = time.perf_counter(); a @ b; ts.append(time.perf_counter() - t)
ts.sort()
print(2 * n ** 3 / ts[2] / 1e9, np.__version__)
`;

/** NumPy float32 matmul GFLOP/s (its BLAS, all its threads), or why it cannot be measured. */
export function numpyCeiling(): { gflops: number; detail: string } | { gflops: null; detail: string } {
  const r = spawnSync('python3', ['-c', NUMPY_SCRIPT], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) return { gflops: null, detail: `cannot be measured: python3 not runnable (${r.error.message})` };
  if (r.status !== 0) {
    const why = /No module named .?numpy/.test(r.stderr) ? 'python3 has no numpy (pip install numpy to measure it)' : r.stderr.trim().split('\n').pop();
    return { gflops: null, detail: `cannot be measured: ${why}` };
  }
  const [gflops, version] = r.stdout.trim().split(/\s+/);
  return { gflops: Number(gflops), detail: `NumPy ${version}, 2048x2048 float32, median of 5` };
}

/** The active backend's float32 matMul rate (n x n, median of 5 after warm-up), GFLOP/s by wall and by CPU time. */
export async function backendMatMulCeiling(n = 1024): Promise<{ wall: number; cpu: number }> {
  const a = tf.randomUniform([n, n]);
  const b = tf.randomUniform([n, n]);
  const once = () => tf.tidy(() => tf.matMul(a, b)).dataSync();
  once();
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await timeOnce(once));
  tf.dispose([a, b]);
  const flop = 2 * n ** 3;
  return { wall: flop / median(runs.map((r) => r.wallMs)) / 1e6, cpu: flop / median(runs.map((r) => r.cpuMs)) / 1e6 };
}
