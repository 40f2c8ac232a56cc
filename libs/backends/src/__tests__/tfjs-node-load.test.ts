// Loading native TensorFlow without tfjs-node's @tensorflow/tfjs union (native/load.ts,
// withCoreAsUnion): in a fresh process (tfjs-node's addon loads once per process), the backend
// works, neither the union nor its converter, data and WebGL packages were loaded, and no
// stand-in is left in require's cache. The provisioned library is needed, as in tensorflow.test.ts.
import { runTsxChild } from './tsx-child';

jest.setTimeout(15 * 60_000); // a first setup on a busy 2-core machine

it("tfjs-node's backend loads on tfjs-core alone: it works, the union and its extra packages stay unloaded, no stand-in is left", async () => {
  const r = await runTsxChild('tfjs-node-load.child.ts', [], 15 * 60_000, { TF_CPP_MIN_LOG_LEVEL: '2' });
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { backend: string; sum: number[]; packages: string[]; unionCached: boolean };
  expect(out.backend).toBe('tensorflow');
  expect(out.sum).toEqual([4, 6]);
  expect(out.packages).toContain('@tensorflow/tfjs-node');
  for (const p of ['@tensorflow/tfjs', '@tensorflow/tfjs-converter', '@tensorflow/tfjs-data', '@tensorflow/tfjs-backend-webgl']) expect(out.packages).not.toContain(p);
  expect(out.unionCached).toBe(false);
});
