// Optimizers whose learning rate can change every step while their state (moments,
// accumulators, iteration count) carries over.
//
// TF.js gives only SGD and Momentum a public `setLearningRate`. Every other optimizer class
// reads its `protected learningRate` field when it applies gradients (checked for
// tfjs-core 4.22 in optimizers.test.ts), so we build subclasses that add a `setLearningRate`
// writing that field: a documented subclass API, not a patch of someone else's object.
// Optimizers of unknown classes (from a user factory) without `setLearningRate` are rebuilt
// through the factory at each new rate, their state carried over with the optimizer's own
// serialization API (`getWeights` / `setWeights`).
import * as tf from '@tensorflow/tfjs-core';
import { LRFinderError } from './errors';
import { fusedAdamFor, type FusedAdam } from './fused-updates';
import type { OptimizerInfo } from './run-record';

export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'adam', 'adamax', 'rmsprop', 'adagrad', 'adadelta'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** Settings of each optimizer besides the learning rate; defaults are tf.train's. */
export interface OptimizerConfigs {
  sgd: Record<string, never>;
  /** @default { momentum: 0.9, useNesterov: false } */
  momentum: { momentum?: number; useNesterov?: boolean };
  /** @default { beta1: 0.9, beta2: 0.999, epsilon: backend epsilon } */
  adam: { beta1?: number; beta2?: number; epsilon?: number };
  /** @default { beta1: 0.9, beta2: 0.999, epsilon: backend epsilon, decay: 0 } */
  adamax: { beta1?: number; beta2?: number; epsilon?: number; decay?: number };
  /** @default { decay: 0.9, momentum: 0, epsilon: backend epsilon, centered: false } */
  rmsprop: { decay?: number; momentum?: number; epsilon?: number; centered?: boolean };
  /** @default { initialAccumulatorValue: 0.1 } */
  adagrad: { initialAccumulatorValue?: number };
  /** @default { rho: 0.95, epsilon: backend epsilon } */
  adadelta: { rho?: number; epsilon?: number };
}

/**
 * Which optimizer a test uses: a name, a name with settings, or a factory building a TF.js
 * optimizer for a learning rate.
 * @example 'adam' | { name: 'momentum', config: { momentum: 0.95 } } | ((lr) => tf.train.adam(lr, 0.8))
 */
export type OptimizerSpec =
  | OptimizerName
  | { [K in OptimizerName]: { name: K; config?: OptimizerConfigs[K] } }[OptimizerName]
  | ((lr: number) => tf.Optimizer);

/**
 * TF.js 4.22's `MomentumOptimizer.dispose` forgets the learning-rate scalar (`c`) that its
 * SGD base keeps, so every momentum optimizer leaks one tensor. This is the one place that
 * reads that protected field; disposing it twice is harmless should TF.js fix the leak.
 * optimizers.test.ts fails when TF.js renames the field.
 */
function disposeOptimizer(opt: tf.Optimizer): void {
  opt.dispose();
  if (opt instanceof tf.MomentumOptimizer) (opt as unknown as { c?: tf.Tensor }).c?.dispose();
}

class ScheduledMomentum extends tf.MomentumOptimizer {
  override dispose(): void {
    super.dispose();
    this.c.dispose();
  }
}
/**
 * Adam with a settable rate, whose update runs as the active backend's fused Adam where one is
 * registered (fused-updates.ts; @lrfinder/backends registers TensorFlow's for 'tensorflow') and
 * as TF.js's own otherwise. Which of the two is decided at the first step and kept: the moments
 * live in one place.
 */
/** TF.js's NamedTensor and its gradients argument (not exported by tfjs-core's index). */
type NamedTensor = Awaited<ReturnType<tf.Optimizer['getWeights']>>[number];
type AdamGradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

class ScheduledAdam extends tf.AdamOptimizer {
  /** undefined until the first step; null: TF.js's own update. */
  private fused: FusedAdam | null | undefined;

  setLearningRate(lr: number): void {
    this.learningRate = lr;
  }

  override applyGradients(variableGradients: AdamGradients): void {
    if (this.fused === undefined) this.fused = fusedAdamFor(tf.getBackend())?.() ?? null;
    if (this.fused === null) {
      super.applyGradients(variableGradients);
      return;
    }
    const named = Array.isArray(variableGradients)
      ? variableGradients
      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));
    const updates = named
      .filter((g) => g.tensor != null)
      .map(({ name, tensor }) => ({ variable: tf.engine().registeredVariables[name], gradient: tensor }));
    // Every step of this optimizer was fused (the choice is made at the first): step t = iterations + 1.
    this.fused.apply(updates, {
      learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, step: this.iterations + 1,
    });
    this.incrementIterations();
  }

  /** As TF.js's: the iteration count, then every variable's first moment, then every second one. */
  override async getWeights(): Promise<NamedTensor[]> {
    if (this.fused == null) return super.getWeights();
    const fused = this.fused;
    const moments = Object.values(tf.engine().registeredVariables)
      .map((variable) => ({ name: variable.name, moments: fused.moments(variable) }))
      .filter((e): e is { name: string; moments: { m: tf.Tensor; v: tf.Tensor } } => e.moments != null);
    return [
      await this.saveIterations(),
      ...moments.map((e) => ({ name: `${e.name}/m`, tensor: e.moments.m })),
      ...moments.map((e) => ({ name: `${e.name}/v`, tensor: e.moments.v })),
    ];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    if (this.fused) throw new Error('ScheduledAdam: setWeights after a fused step is not supported (the moments live in the backend)');
    // State given before the first step: TF.js's own update, which holds it.
    this.fused = null;
    await super.setWeights(weightValues);
  }

  override dispose(): void {
    super.dispose();
    this.fused?.dispose();
  }
}
class ScheduledAdamax extends tf.AdamaxOptimizer {
  setLearningRate(lr: number): void {
    this.learningRate = lr;
  }
}
class ScheduledRMSProp extends tf.RMSPropOptimizer {
  setLearningRate(lr: number): void {
    this.learningRate = lr;
  }
}
class ScheduledAdagrad extends tf.AdagradOptimizer {
  setLearningRate(lr: number): void {
    this.learningRate = lr;
  }
}
class ScheduledAdadelta extends tf.AdadeltaOptimizer {
  setLearningRate(lr: number): void {
    this.learningRate = lr;
  }
}

type Settable = tf.Optimizer & { setLearningRate(lr: number): void };

const BUILDERS: { [K in OptimizerName]: (lr: number, c: OptimizerConfigs[K]) => Settable } = {
  sgd: (lr) => new tf.SGDOptimizer(lr),
  momentum: (lr, c) => new ScheduledMomentum(lr, c.momentum ?? 0.9, c.useNesterov ?? false),
  adam: (lr, c) => new ScheduledAdam(lr, c.beta1 ?? 0.9, c.beta2 ?? 0.999, c.epsilon),
  adamax: (lr, c) => new ScheduledAdamax(lr, c.beta1 ?? 0.9, c.beta2 ?? 0.999, c.epsilon, c.decay ?? 0),
  rmsprop: (lr, c) => new ScheduledRMSProp(lr, c.decay ?? 0.9, c.momentum ?? 0, c.epsilon, c.centered ?? false),
  adagrad: (lr, c) => new ScheduledAdagrad(lr, c.initialAccumulatorValue ?? 0.1),
  adadelta: (lr, c) => new ScheduledAdadelta(lr, c.rho ?? 0.95, c.epsilon),
};

/** TF.js class names (getClassName()) of the optimizers we can rebuild with a settable rate. */
const BY_CLASS: Record<string, [OptimizerName, Function]> = {
  SGD: ['sgd', tf.SGDOptimizer],
  Momentum: ['momentum', tf.MomentumOptimizer],
  Adam: ['adam', tf.AdamOptimizer],
  Adamax: ['adamax', tf.AdamaxOptimizer],
  RMSProp: ['rmsprop', tf.RMSPropOptimizer],
  Adagrad: ['adagrad', tf.AdagradOptimizer],
  Adadelta: ['adadelta', tf.AdadeltaOptimizer],
};

/** An optimizer for a range test: the learning rate changes, the state carries over. */
export interface ScheduledOptimizer {
  /** Name and settings (without the learning rate) for the run record. */
  readonly info: OptimizerInfo;
  /** The TF.js optimizer to apply gradients with; read it again after each setLearningRate. */
  readonly optimizer: tf.Optimizer;
  /** The rate the next applyGradients uses. */
  readonly learningRate: number;
  setLearningRate(lr: number): void | Promise<void>;
  /** Disposes the optimizer and its state. */
  dispose(): void;
}

function withoutLr(config: tf.serialization.ConfigDict): Record<string, unknown> {
  const { learningRate: _lr, ...rest } = config;
  return rest as Record<string, unknown>;
}

/**
 * The spec of a fresh optimizer of the same class and settings as `optimizer` (e.g. a model's
 * compiled optimizer), or null for classes other than the seven TF.js ones.
 */
export function optimizerSpecOf(optimizer: tf.Optimizer): { name: OptimizerName; config: Record<string, unknown> } | null {
  const entry = BY_CLASS[optimizer.getClassName()];
  // Only the exact TF.js classes: a subclass (same getClassName) may change the update rule.
  return entry && optimizer.constructor === entry[1] ? { name: entry[0], config: withoutLr(optimizer.getConfig()) } : null;
}

type OptimizerClass = (new (...args: never[]) => tf.Optimizer) & {
  fromConfig?: (cls: unknown, config: tf.serialization.ConfigDict) => tf.Optimizer;
};

/**
 * A factory of fresh optimizers of the same class as `optimizer` (its subclass included) and
 * its settings, at any learning rate, built through the class's own `fromConfig`; throws an
 * LRFinderError when the class cannot be rebuilt that way (its constructor takes other
 * arguments than its config says), so a subclass's update rule is never silently swapped for
 * the stock class's.
 */
export function optimizerFactoryOf(optimizer: tf.Optimizer): (lr: number) => tf.Optimizer {
  const cls = optimizer.constructor as OptimizerClass;
  const config = optimizer.getConfig();
  const name = cls.name || optimizer.getClassName();
  const cannot = (why: string) =>
    new LRFinderError('optimizer', name, `given explicitly: the compiled optimizer (class ${name}) cannot be rebuilt from its config (${why}); pass optimizer: (lr) => new ${name}(lr, ...)`);
  const build = (lr: number): tf.Optimizer => {
    let fresh: tf.Optimizer;
    try {
      fresh = cls.fromConfig!(cls, { ...config, learningRate: lr });
    } catch (e) {
      throw cannot((e as Error).message);
    }
    if (!(fresh instanceof tf.Optimizer) || fresh.constructor !== cls) throw cannot('fromConfig builds another class');
    const got = JSON.stringify(withoutLr(fresh.getConfig()));
    if (got !== JSON.stringify(withoutLr(config)) || fresh.getConfig().learningRate !== lr) {
      const error = cannot(`rebuilt at lr ${lr} it has ${JSON.stringify(fresh.getConfig())}`);
      disposeOptimizer(fresh);
      throw error;
    }
    return fresh;
  };
  if (typeof cls.fromConfig !== 'function') throw cannot('no fromConfig');
  // A probe at a rate other than the compiled one, so a constructor that ignores its rate shows.
  disposeOptimizer(build(typeof config.learningRate === 'number' ? config.learningRate * 3 + 1e-3 : 0.0123));
  return build;
}

function settable(opt: tf.Optimizer): opt is Settable {
  return typeof (opt as Partial<Settable>).setLearningRate === 'function';
}

function named(name: OptimizerName, config: Record<string, unknown>, lr: number): ScheduledOptimizer {
  const optimizer = (BUILDERS[name] as (lr: number, c: Record<string, unknown>) => Settable)(lr, config);
  return {
    info: { name, config: { ...withoutLr(optimizer.getConfig()), ...config } },
    optimizer,
    learningRate: lr,
    setLearningRate(next: number) {
      optimizer.setLearningRate(next);
      (this as { learningRate: number }).learningRate = next;
    },
    dispose: () => optimizer.dispose(),
  };
}

function rebuilt(factory: (lr: number) => tf.Optimizer, first: tf.Optimizer, lr: number): ScheduledOptimizer {
  let current = first;
  let rate = lr;
  return {
    info: { name: first.getClassName(), config: { ...withoutLr(first.getConfig()), rebuiltPerStep: true } },
    get optimizer() {
      return current;
    },
    get learningRate() {
      return rate;
    },
    async setLearningRate(next: number) {
      if (next === rate) return;
      const state = await current.getWeights();
      const replacement = factory(next);
      await replacement.setWeights(state);
      disposeOptimizer(current);
      // The state's variables were the old optimizer's (disposed just now, and disposing a
      // variable twice would free data the new one shares); the rest (iterations) are copies.
      tf.dispose(state.map((s) => s.tensor).filter((t) => !(t instanceof tf.Variable)));
      current = replacement;
      rate = next;
    },
    dispose: () => disposeOptimizer(current),
  };
}

/**
 * A fresh optimizer for `spec` at learning rate `lr` whose rate can be changed every step.
 * Named specs give the seven TF.js optimizers (Adam, Adamax, RMSProp, Adagrad, Adadelta as
 * subclasses with a `setLearningRate`); a factory's optimizer is used as is when it has
 * `setLearningRate`, re-created as our subclass when it is exactly one of the seven TF.js
 * classes, and otherwise rebuilt by the factory at every new rate with its state carried over.
 * @throws LRFinderError (option `optimizer`) for an unknown name or a factory that returns no optimizer.
 */
export function createOptimizer(spec: OptimizerSpec, lr: number): ScheduledOptimizer {
  if (typeof spec === 'function') {
    const opt = spec(lr);
    if (!(opt instanceof tf.Optimizer)) throw new LRFinderError('optimizer', opt, 'a factory returning a tf.Optimizer');
    if (settable(opt)) {
      return {
        info: { name: opt.getClassName(), config: withoutLr(opt.getConfig()) },
        optimizer: opt,
        learningRate: lr,
        setLearningRate(next: number) {
          opt.setLearningRate(next);
          (this as { learningRate: number }).learningRate = next;
        },
        dispose: () => disposeOptimizer(opt),
      };
    }
    const known = optimizerSpecOf(opt);
    if (known) {
      disposeOptimizer(opt);
      return named(known.name, known.config, lr);
    }
    return rebuilt(spec, opt, lr);
  }
  const name = typeof spec === 'string' ? spec : spec?.name;
  if (!OPTIMIZER_NAMES.includes(name as OptimizerName)) {
    throw new LRFinderError('optimizer', spec, `one of ${OPTIMIZER_NAMES.join(', ')}, { name, config } or a factory (lr) => tf.Optimizer`);
  }
  const config = typeof spec === 'string' ? {} : ((spec.config ?? {}) as Record<string, unknown>);
  return named(name as OptimizerName, config, lr);
}
