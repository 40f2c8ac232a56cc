// Options of rangeTest, their defaults and their validation.
import { RangeTestError } from './errors';
import { checkJsonValue } from './json-value';
import { RUN_FILE_LIMITS } from './run-format';
import type { BackendInfo, DatasetInfo, ModelInfo, OptimizerInfo, RunPoint, RunRecord } from './run-record';
import { checkScheduleOptions, type ScheduleName } from './schedule';
import { checkKeys, isPlainObject } from './strict-options';
import type { SuggestOptions } from './suggest';
import { checkSuggestOptions, RANGE_TEST_SUGGEST_KEYS } from './suggest/options';

/** What `onStep` receives after every step. */
export interface StepEvent {
  /** The point just recorded. */
  point: RunPoint;
  /** A snapshot of the run so far (status `running`), built only when read. */
  readonly record: RunRecord;
}

/** Options shared by `rangeTest` and `LRFinder` (everything but the training step). */
export interface RangeTestSettings {
  /** Learning rate of the first step. @default 1e-7 */
  startLr?: number;
  /** Learning rate of the last step. @default 10 */
  endLr?: number;
  /** Number of steps. @default 100 */
  numIter?: number;
  /** How the learning rate grows from startLr to endLr. @default 'exponential' */
  schedule?: ScheduleName;
  /** EMA beta of the smoothed loss (bias-corrected), in [0, 1); 0 = no smoothing. @default 0.98 */
  smoothing?: number;
  /**
   * Stop with reason `diverged` once the smoothed loss exceeds this factor times the best
   * smoothed loss so far; `Infinity` disables the rule (a non-finite loss still stops).
   * @default 4
   */
  divergeThreshold?: number;
  /** Validation loss every `every` steps (after the step's training). @default undefined (none) */
  validate?: { every: number; loss: (step: number) => number | Promise<number> };
  /** Called after every step; awaited. Keep it cheap: read `event.record` only when needed. */
  onStep?: (event: StepEvent) => void | Promise<void>;
  /** Stops the test (reason `aborted`) before the next step once aborted. */
  signal?: AbortSignal;
  /** Run id (file name stem). @default `lr-<time>-<random>` */
  id?: string;
  /** Human label of the test, e.g. the optimizer. @default optimizer name, else 'range test' */
  label?: string;
  /** @default null */
  model?: ModelInfo | null;
  /** @default null */
  optimizer?: OptimizerInfo | null;
  /** @default null */
  dataset?: DatasetInfo | null;
  /** @default null */
  backend?: BackendInfo | null;
  /** Samples per step, recorded in the config. @default null */
  batchSize?: number | null;
  /** Seed recorded in the config. @default null */
  seed?: number | null;
  /** @default undefined */
  sweep?: { id: string; index: number; count: number } | null;
  /** Free-form facts kept in the record. @default undefined */
  meta?: Record<string, unknown>;
  /** Gradient accumulation recorded in the config (LRFinder sets it). @default undefined */
  accumulationSteps?: number;
  /** Options of the suggestions computed at the end (and in snapshots). @default {} */
  suggest?: Omit<SuggestOptions, 'numIter' | 'startLr'>;
  /** Clock in milliseconds since the epoch (tests inject one). @default Date.now */
  now?: () => number;
}

export interface RangeTestOptions extends RangeTestSettings {
  /** Trains one step at learning rate `lr` and returns the batch loss. */
  trainStep: (lr: number, step: number) => number | Promise<number>;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Every option of rangeTest besides trainStep (LRFinder forwards exactly these). */
export const RANGE_TEST_SETTINGS: readonly (keyof RangeTestSettings)[] = [
  'startLr', 'endLr', 'numIter', 'schedule', 'smoothing', 'divergeThreshold', 'validate', 'onStep', 'signal', 'id', 'label',
  'model', 'optimizer', 'dataset', 'backend', 'batchSize', 'seed', 'sweep', 'meta', 'accumulationSteps', 'suggest', 'now',
];
const RANGE_TEST_KEYS: readonly string[] = ['trainStep', ...RANGE_TEST_SETTINGS];

const EXAMPLE = 'rangeTest({ trainStep: (lr, step) => loss, startLr: 1e-7, endLr: 10, numIter: 100 })';

/**
 * Refuses what is not one options object with known keys: a positional call or a misspelt
 * option would otherwise run with the defaults.
 */
export function checkRangeTestCall(args: readonly unknown[]): void {
  if (args.length !== 1 || !isPlainObject(args[0])) {
    throw new RangeTestError('options', args.length === 1 ? args[0] : args, `one options object, e.g. ${EXAMPLE}`);
  }
  checkKeys(args[0], RANGE_TEST_KEYS);
}

export interface ResolvedSettings {
  startLr: number;
  endLr: number;
  numIter: number;
  schedule: ScheduleName;
  smoothing: number;
  divergeThreshold: number;
}

/** Applies the defaults and throws a RangeTestError naming the first invalid option. */
export function resolveSettings(o: RangeTestSettings): ResolvedSettings {
  const s: ResolvedSettings = {
    startLr: o.startLr ?? 1e-7,
    endLr: o.endLr ?? 10,
    numIter: o.numIter ?? 100,
    schedule: o.schedule ?? 'exponential',
    smoothing: o.smoothing ?? 0.98,
    divergeThreshold: o.divergeThreshold ?? 4,
  };
  checkScheduleOptions(s.startLr, s.endLr, s.numIter, s.schedule);
  if (typeof s.smoothing !== 'number' || !(s.smoothing >= 0 && s.smoothing < 1)) {
    throw new RangeTestError('smoothing', s.smoothing, 'a number in [0, 1)');
  }
  if (typeof s.divergeThreshold !== 'number' || !(s.divergeThreshold > 1)) {
    throw new RangeTestError('divergeThreshold', s.divergeThreshold, 'a number > 1 (Infinity disables the rule)');
  }
  if (o.validate !== undefined) {
    if (!isPlainObject(o.validate)) throw new RangeTestError('validate', o.validate, 'an object { every, loss }');
    checkKeys(o.validate, ['every', 'loss'], 'validate.');
    if (!Number.isInteger(o.validate.every) || o.validate.every < 1) {
      throw new RangeTestError('validate.every', o.validate.every, 'an integer >= 1');
    }
    if (typeof o.validate.loss !== 'function') throw new RangeTestError('validate.loss', o.validate.loss, 'a function');
  }
  if (o.id !== undefined && (typeof o.id !== 'string' || !ID.test(o.id))) {
    throw new RangeTestError('id', o.id, '1-128 characters of A-Z a-z 0-9 . _ - starting with a letter or digit');
  }
  if (o.batchSize != null && (!Number.isInteger(o.batchSize) || o.batchSize < 1)) {
    throw new RangeTestError('batchSize', o.batchSize, 'an integer >= 1');
  }
  if (o.seed != null && !Number.isInteger(o.seed)) throw new RangeTestError('seed', o.seed, 'an integer');
  if (o.accumulationSteps !== undefined && (!Number.isInteger(o.accumulationSteps) || o.accumulationSteps < 1)) {
    throw new RangeTestError('accumulationSteps', o.accumulationSteps, 'an integer >= 1');
  }
  if (o.onStep !== undefined && typeof o.onStep !== 'function') throw new RangeTestError('onStep', o.onStep, 'a function (event) => void');
  if (o.now !== undefined && typeof o.now !== 'function') throw new RangeTestError('now', o.now, 'a function returning milliseconds');
  if (o.meta !== undefined) {
    if (!isPlainObject(o.meta)) throw new RangeTestError('meta', o.meta, 'a plain object of JSON values');
    const problem = checkJsonValue(o.meta, RUN_FILE_LIMITS);
    if (problem) throw new RangeTestError(['meta', ...problem.path].join('.'), undefined, `JSON (the run file keeps it): ${problem.message}`);
  }
  checkSuggestOptions(o.suggest, 'suggest.', RANGE_TEST_SUGGEST_KEYS);
  return s;
}

/** A run id that matches the run-file id rule. */
export function defaultRunId(now: number): string {
  return `lr-${now.toString(36)}-${Math.random().toString(36).slice(2, 8).padEnd(6, '0')}`;
}
