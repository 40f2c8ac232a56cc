// The fused-update registry and core's Adam on it, with a stand-in fused Adam registered for the
// cpu backend: a hand-written Adam in plain numbers (TF.js's rule, see optimizers.test.ts), so the
// results show what the optimizer handed it. The real one (TensorFlow's ResourceApplyAdam) is
// checked against cpu in @lrfinder/backends' tensorflow tests.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { createOptimizer } from './optimizers';
import { fusedAdamFor, registerFusedAdam, unregisterFusedAdam, type AdamStep, type FusedAdam } from './fused-updates';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => unregisterFusedAdam('cpu'));

interface StandIn extends FusedAdam {
  calls: { names: string[]; settings: AdamStep }[];
  disposed: number;
}

function standIn(): StandIn {
  const state = new Map<tf.Variable, { m: number[]; v: number[] }>();
  const self: StandIn = {
    calls: [],
    disposed: 0,
    apply(updates, h) {
      self.calls.push({ names: updates.map((u) => u.variable.name), settings: { ...h } });
      for (const { variable, gradient } of updates) {
        const g = Array.from(gradient.dataSync());
        const s = state.get(variable) ?? { m: g.map(() => 0), v: g.map(() => 0) };
        state.set(variable, s);
        const x = Array.from(variable.dataSync()).map((w, i) => {
          s.m[i] = h.beta1 * s.m[i] + (1 - h.beta1) * g[i];
          s.v[i] = h.beta2 * s.v[i] + (1 - h.beta2) * g[i] * g[i];
          const mHat = s.m[i] / (1 - h.beta1 ** h.step);
          const vHat = s.v[i] / (1 - h.beta2 ** h.step);
          return w - (h.learningRate * mHat) / (Math.sqrt(vHat) + h.epsilon);
        });
        variable.assign(tf.tensor(x, variable.shape));
      }
    },
    moments(variable) {
      const s = state.get(variable);
      return s ? { m: tf.tensor(s.m, variable.shape), v: tf.tensor(s.v, variable.shape) } : null;
    },
    dispose() {
      self.disposed += 1;
    },
  };
  return self;
}

/** Three steps of loss sum(w^2)/2 (gradient w) at rates 0.1, 0.01, 0.5. */
function train(spec: Parameters<typeof createOptimizer>[0], name: string) {
  const w = tf.variable(tf.tensor1d([1, -2, 0.5]), true, name);
  const opt = createOptimizer(spec, 0.1);
  for (const lr of [0.1, 0.01, 0.5]) {
    opt.setLearningRate(lr);
    tf.tidy(() => opt.optimizer.applyGradients({ [w.name]: w.clone() }));
  }
  return { w, opt };
}

it("core's Adam runs the active backend's fused Adam with TF.js's settings, step counted from 1, and gets TF.js's own result", async () => {
  const fused = standIn();
  registerFusedAdam('cpu', () => fused);
  const { w, opt } = train({ name: 'adam', config: { beta1: 0.8 } }, 'fused-w');
  expect(fused.calls).toEqual([0.1, 0.01, 0.5].map((learningRate, i) => ({
    names: ['fused-w'], settings: { learningRate, beta1: 0.8, beta2: 0.999, epsilon: 1e-7, step: i + 1 },
  })));
  const got = Array.from(w.dataSync());
  opt.dispose();
  expect(fused.disposed).toBe(1);
  unregisterFusedAdam('cpu');
  const stock = train({ name: 'adam', config: { beta1: 0.8 } }, 'stock-w');
  const want = Array.from(stock.w.dataSync());
  stock.opt.dispose();
  tf.dispose([w, stock.w]);
  // The stand-in computes in float64, TF.js in float32: equal to 1e-4 (a step counted wrong is off by ~10%).
  got.forEach((x, i) => expect(x).toBeCloseTo(want[i], 4));
});

it("without a fused Adam for the active backend (or one registered after the first step) TF.js's own update runs", () => {
  const fused = standIn();
  registerFusedAdam('webgl', () => fused);
  const w = tf.variable(tf.tensor1d([1, 2]));
  const opt = createOptimizer('adam', 0.1);
  tf.tidy(() => opt.optimizer.applyGradients({ [w.name]: w.clone() }));
  registerFusedAdam('cpu', () => fused);
  tf.tidy(() => opt.optimizer.applyGradients({ [w.name]: w.clone() }));
  expect(fused.calls).toEqual([]);
  opt.dispose();
  w.dispose();
  unregisterFusedAdam('webgl');
});

it("getWeights gives TF.js's layout from the fused moments; setWeights is refused after a fused step and keeps TF.js's update before one", async () => {
  const fused = standIn();
  registerFusedAdam('cpu', () => fused);
  const { w, opt } = train('adam', 'moments-w');
  const weights = await opt.optimizer.getWeights();
  expect(weights.map((x) => x.name)).toEqual(['iter', 'moments-w/m', 'moments-w/v']);
  expect(weights[0].tensor.dataSync()[0]).toBe(3);
  // m after gradients 1, then the updated w twice: nonzero, and v = sum of (1 - b2) b2^k g^2 > 0.
  expect(Array.from(weights[2].tensor.dataSync()).every((v) => v > 0)).toBe(true);
  await expect(opt.optimizer.setWeights(weights)).rejects.toThrow(/setWeights after a fused step/);
  const fresh = createOptimizer('adam', 0.1);
  await fresh.optimizer.setWeights(weights);
  tf.tidy(() => fresh.optimizer.applyGradients({ [w.name]: w.clone() }));
  expect(fused.calls).toHaveLength(3);
  tf.dispose(weights.map((x) => x.tensor));
  fresh.dispose();
  opt.dispose();
  w.dispose();
});

it('the registry is shared by every copy of the module in a process (ESM and CJS builds, bundles)', () => {
  const create = () => standIn();
  registerFusedAdam('cpu', create);
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const copy = require('./fused-updates') as typeof import('./fused-updates');
    expect(copy.fusedAdamFor('cpu')).toBe(create);
  });
  expect(fusedAdamFor('cpu')).toBe(create);
});
