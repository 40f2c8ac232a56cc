import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers'; // registers the gradients of tfjs-core's ops
import * as tf from '@tensorflow/tfjs-core';
import { createOptimizer, OPTIMIZER_NAMES, optimizerFactoryOf, optimizerSpecOf, type OptimizerName, type OptimizerSpec } from './optimizers';
import { LRFinderError } from './errors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const EPS = 1e-7; // the cpu backend's epsilon, TF.js's default for adam, adamax, rmsprop, adadelta, adagrad
const W0 = [1, -2, 0.5];
const LRS = [0.1, 0.01, 0.5];

// Hand-written update rules of TF.js's optimizers (tfjs-core 4.22), per element, for
// loss = sum(w^2) / 2 whose gradient is w. State carries over; the rate changes every step.
type Rule = (w: number, g: number, lr: number, s: Record<string, number>, t: number) => number;
const RULES: Record<OptimizerName, Rule> = {
  sgd: (w, g, lr) => w - lr * g,
  momentum: (w, g, lr, s) => {
    s.acc = 0.9 * (s.acc ?? 0) + g;
    return w - lr * s.acc;
  },
  adam: (w, g, lr, s, t) => {
    s.m = 0.9 * (s.m ?? 0) + 0.1 * g;
    s.v = 0.999 * (s.v ?? 0) + 0.001 * g * g;
    return w - (lr * (s.m / (1 - 0.9 ** t))) / (Math.sqrt(s.v / (1 - 0.999 ** t)) + EPS);
  },
  adamax: (w, g, lr, s, t) => {
    s.m = 0.9 * (s.m ?? 0) + 0.1 * g;
    s.u = Math.max(0.999 * (s.u ?? 0), Math.abs(g));
    return w - (lr / (1 - 0.9 ** t)) * (s.m / (s.u + EPS));
  },
  rmsprop: (w, g, lr, s) => {
    s.ms = 0.9 * (s.ms ?? 0) + 0.1 * g * g;
    s.mom = 0 * (s.mom ?? 0) + (lr * g) / Math.sqrt(s.ms + EPS);
    return w - s.mom;
  },
  adagrad: (w, g, lr, s) => {
    s.acc = (s.acc ?? 0.1) + g * g;
    return w - (lr * g) / Math.sqrt(s.acc + EPS);
  },
  adadelta: (w, g, lr, s) => {
    const accGrad = s.accGrad ?? 0;
    const accUpdate = s.accUpdate ?? 0;
    // TF.js scales by the accumulated gradient from before this step.
    const update = (Math.sqrt(accUpdate + EPS) / Math.sqrt(accGrad + EPS)) * g;
    s.accGrad = 0.95 * accGrad + 0.05 * g * g;
    s.accUpdate = 0.95 * accUpdate + 0.05 * update * update;
    return w - lr * update;
  },
};

function expected(name: OptimizerName): number[] {
  const states = W0.map(() => ({}) as Record<string, number>);
  let w = W0.slice();
  LRS.forEach((lr, i) => {
    w = w.map((wi, j) => RULES[name](wi, wi, lr, states[j], i + 1));
  });
  return w;
}

async function trained(spec: OptimizerSpec): Promise<number[]> {
  const w = tf.tidy(() => tf.variable(tf.tensor1d(W0)));
  const sched = createOptimizer(spec, LRS[0]);
  for (const lr of LRS) {
    await sched.setLearningRate(lr);
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.mul(0.5, tf.sum(tf.square(w))) as tf.Scalar, [w]);
      sched.optimizer.applyGradients(grads);
    });
  }
  const out = Array.from(w.dataSync());
  sched.dispose();
  w.dispose();
  return out;
}

function expectClose(actual: number[], wanted: number[]): void {
  actual.forEach((a, i) => expect(a).toBeCloseTo(wanted[i], 4));
}

describe('createOptimizer: every optimizer uses the scheduled rate and keeps its state', () => {
  it.each(OPTIMIZER_NAMES.map((n) => [n]))('%s follows its update rule over 3 steps at 3 rates', async (name) => {
    const got = await trained(name as OptimizerName);
    expectClose(got, expected(name as OptimizerName));
    // Had the rate stayed at the first value, the result would differ clearly.
    const constant = W0.slice();
    expect(got.some((v, i) => Math.abs(v - constant[i]) > 1e-3)).toBe(true);
  });

  it('the rule references themselves depend on the rate (so the check above can fail)', () => {
    for (const name of OPTIMIZER_NAMES) {
      const states = W0.map(() => ({}) as Record<string, number>);
      const atFirstRate = W0.map((w, j) => RULES[name](w, w, LRS[0], states[j], 1));
      const states2 = W0.map(() => ({}) as Record<string, number>);
      const atOtherRate = W0.map((w, j) => RULES[name](w, w, LRS[2], states2[j], 1));
      expect(atFirstRate).not.toEqual(atOtherRate);
    }
  });

  it('a factory returning an exact TF.js class is rebuilt as the settable subclass', async () => {
    const sched = createOptimizer((lr) => tf.train.adam(lr), 0.1);
    expect(sched.info.name).toBe('adam');
    sched.dispose();
    expectClose(await trained((lr) => tf.train.adam(lr)), expected('adam'));
  });

  it('a factory of another class is rebuilt per rate with its state carried over (getWeights/setWeights)', async () => {
    class MyAdam extends tf.AdamOptimizer {}
    const spec = (lr: number) => new MyAdam(lr, 0.9, 0.999);
    const sched = createOptimizer(spec, 0.1);
    expect(sched.info.config.rebuiltPerStep).toBe(true);
    sched.dispose();
    const before = tf.memory().numTensors;
    expectClose(await trained(spec), expected('adam'));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('takes settings and reports them without the learning rate', () => {
    const sched = createOptimizer({ name: 'momentum', config: { momentum: 0.5, useNesterov: true } }, 0.1);
    expect(sched.info).toEqual({ name: 'momentum', config: { momentum: 0.5, useNesterov: true } });
    sched.dispose();
  });

  it('refuses unknown names with an LRFinderError naming the option', () => {
    expect(() => createOptimizer('nadam' as OptimizerName, 0.1)).toThrow(LRFinderError);
    expect(() => createOptimizer('nadam' as OptimizerName, 0.1)).toThrow(/optimizer must be one of sgd, momentum/);
  });

  it('maps a compiled optimizer to a spec of the same class and settings', () => {
    const adam = tf.train.adam(0.01, 0.8, 0.99);
    expect(optimizerSpecOf(adam)).toEqual({ name: 'adam', config: { beta1: 0.8, beta2: 0.99, epsilon: EPS } });
    adam.dispose();
  });

  it('a factory returning tf.train.momentum leaks nothing (TF.js forgets its lr scalar; reads the field `c`)', async () => {
    await trained((lr) => tf.train.momentum(lr, 0.9)); // warm-up
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) expectClose(await trained((lr) => tf.train.momentum(lr, 0.9)), expected('momentum'));
    expect(tf.memory().numTensors).toBe(before);
    // the field this relies on is still where TF.js 4.22 keeps it
    const m = tf.train.momentum(0.1, 0.9);
    expect((m as unknown as { c?: unknown }).c).toBeInstanceOf(tf.Tensor);
    const scalar = (m as unknown as { c: tf.Tensor }).c;
    createOptimizer(() => m, 0.1).dispose();
    expect(scalar.isDisposed).toBe(true);
  });

  it('a subclass of a TF.js class is not mapped to the stock class (its update rule may differ)', () => {
    class HalfAdam extends tf.AdamOptimizer {}
    const opt = new HalfAdam(0.01, 0.8, 0.99);
    expect(optimizerSpecOf(opt)).toBeNull();
    opt.dispose();
  });

  it('optimizerFactoryOf rebuilds a subclass with its own rule, or refuses one it cannot rebuild', async () => {
    // a subclass whose rule differs from Adam's: it applies twice the gradient
    class DoubleSgd extends tf.SGDOptimizer {
      override applyGradients(g: Parameters<tf.Optimizer['applyGradients']>[0]) {
        const doubled: tf.NamedTensorMap = {};
        for (const [k, v] of Object.entries(g as tf.NamedTensorMap)) doubled[k] = tf.mul(v, 2);
        super.applyGradients(doubled as Parameters<tf.Optimizer['applyGradients']>[0]);
        tf.dispose(Object.values(doubled));
      }
    }
    const factory = optimizerFactoryOf(new DoubleSgd(0.5));
    // w - 2 * lr * w, at 0.1, 0.01, 0.5
    const want = W0.map((w) => LRS.reduce((v, lr) => v - 2 * lr * v, w));
    expectClose(await trained(factory), want);
    class Fixed extends tf.AdamOptimizer {
      constructor() {
        super(0.01, 0.5, 0.5);
      }
    }
    const fixed = new Fixed();
    expect(() => optimizerFactoryOf(fixed)).toThrow(/optimizer must be given explicitly: the compiled optimizer \(class Fixed\) cannot be rebuilt/);
    fixed.dispose();
  });

  it('disposes all of its state', async () => {
    const before = tf.memory().numTensors;
    for (const name of OPTIMIZER_NAMES) await trained(name);
    expect(tf.memory().numTensors).toBe(before);
  });
});
