// The range test for any training loop: the caller trains one step at a given learning rate,
// we schedule the rates, smooth the loss, stop on divergence and build the run record.
import { divergenceLimit } from './divergence';
import { RangeTestError } from './errors';
import { checkRangeTestCall, defaultRunId, resolveSettings, type RangeTestOptions, type StepEvent } from './range-test-options';
import { RUN_FORMAT, type RunStatus, type StopReason } from './run-format';
import type { RunConfig, RunPoint, RunRecord } from './run-record';
import { lrSchedule } from './schedule';
import { LossSmoother } from './smoothing';
import { suggest } from './suggest';

const STATUS_OF: Record<StopReason, RunStatus> = {
  finished: 'completed',
  diverged: 'diverged',
  nan: 'diverged',
  aborted: 'interrupted',
  error: 'failed',
};

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
  return typeof value === 'object' ? `a ${ctor ?? 'object'} (read a tensor's value with await t.data())` : `a ${typeof value}`;
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * Runs the Learning Rate Range Test over any training loop: `trainStep(lr, step)` trains one
 * step at `lr` and returns the batch loss. Rejects only for invalid options (RangeTestError);
 * a diverged, aborted or failed test resolves with a record whose `status`/`stopReason` say so.
 * @example
 * const run = await rangeTest({ trainStep: (lr) => myTrainOneBatch(lr), numIter: 50 });
 * console.log(run.suggestions[run.suggestions.recommended]);
 */
export async function rangeTest(options: RangeTestOptions): Promise<RunRecord> {
  // eslint-disable-next-line prefer-rest-params -- the public signature takes one object; JS callers may pass more
  checkRangeTestCall(Array.from(arguments));
  if (typeof options?.trainStep !== 'function') {
    throw new RangeTestError('trainStep', options?.trainStep, 'a function (lr, step) => loss');
  }
  const s = resolveSettings(options);
  const now = options.now ?? Date.now;
  const started = now();
  const id = options.id ?? defaultRunId(started);
  const lrs = lrSchedule(s);
  const config: RunConfig = {
    startLr: s.startLr,
    endLr: s.endLr,
    numIter: s.numIter,
    schedule: s.schedule,
    batchSize: options.batchSize ?? null,
    smoothing: s.smoothing,
    divergeThreshold: Number.isFinite(s.divergeThreshold) ? s.divergeThreshold : null,
    seed: options.seed ?? null,
    validateEvery: options.validate ? options.validate.every : null,
    ...(options.accumulationSteps !== undefined ? { accumulationSteps: options.accumulationSteps } : {}),
  };
  const points: RunPoint[] = [];
  const record = (status: RunStatus, stopReason: StopReason | null, at: number, error?: Error): RunRecord => {
    const totalMs = Math.max(0, at - started);
    const pts = points.slice();
    return {
      format: RUN_FORMAT,
      id,
      label: options.label ?? options.optimizer?.name ?? 'range test',
      createdAt: new Date(started).toISOString(),
      updatedAt: new Date(at).toISOString(),
      status,
      stopReason,
      ...(error ? { error: { message: error.message || String(error), ...(error.stack ? { stack: error.stack } : {}) } } : {}),
      config,
      model: options.model ?? null,
      optimizer: options.optimizer ?? null,
      dataset: options.dataset ?? null,
      backend: options.backend ?? null,
      points: pts,
      suggestions: suggest(pts, { ...options.suggest, numIter: s.numIter, startLr: s.startLr }),
      timing: { totalMs, msPerStep: pts.length > 0 ? totalMs / pts.length : null },
      ...(options.sweep !== undefined ? { sweep: options.sweep } : {}),
      ...(options.meta !== undefined ? { meta: options.meta } : {}),
    };
  };

  const smoother = new LossSmoother(s.smoothing);
  let best = Infinity;
  let first = NaN;
  let stopReason: StopReason = 'finished';
  let failure: Error | undefined;
  for (let step = 0; step < s.numIter; step++) {
    if (options.signal?.aborted) {
      stopReason = 'aborted';
      break;
    }
    const lr = lrs[step];
    try {
      const result = await options.trainStep(lr, step);
      if (typeof result !== 'number') {
        throw new TypeError(`trainStep must return the batch loss as a number; step ${step} returned ${describe(result)}`);
      }
      const loss = result;
      const finite = Number.isFinite(loss);
      const smoothed = finite ? smoother.push(loss) : NaN;
      const point: RunPoint = { step, lr, loss: finiteOrNull(loss), smoothedLoss: finiteOrNull(smoothed) };
      if (finite && options.validate && (step + 1) % options.validate.every === 0) {
        const valLoss = await options.validate.loss(step);
        if (typeof valLoss !== 'number') throw new TypeError(`validate.loss must return a number; step ${step} returned ${describe(valLoss)}`);
        point.valLoss = finiteOrNull(valLoss);
      }
      points.push(point);
      if (!finite) stopReason = 'nan';
      else {
        if (Number.isNaN(first)) first = smoothed;
        if (smoothed < best) best = smoothed;
        if (smoothed > divergenceLimit(best, first, s.divergeThreshold)) stopReason = 'diverged';
      }
      if (options.onStep) {
        let snapshot: RunRecord | undefined;
        const event: StepEvent = {
          point,
          get record() {
            return (snapshot ??= record('running', null, now()));
          },
        };
        await options.onStep(event);
      }
    } catch (e) {
      failure = e instanceof Error ? e : new Error(String(e));
      stopReason = 'error';
    }
    if (stopReason !== 'finished') break;
  }
  return record(STATUS_OF[stopReason], stopReason, now(), failure);
}
