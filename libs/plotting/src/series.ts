// Run records -> Nivo line series: loss and smoothed loss vs learning rate, the tutorial's
// loss-delta curve, and one curve per run for comparisons. Non-finite values become null (gaps).
import { lossDeltas, smoothLosses, type RunRecord } from '@lrfinder/core';
import { decimate, DEFAULT_MAX_POINTS } from './decimate';
import { PlottingError } from './errors';
import type { ChartDatum, ChartSeries, SeriesKind } from './types';

/** The reference tutorial's moving-average window of the loss-delta curve. */
export const DEFAULT_SMA = 20;

export interface LossSeriesOptions {
  /** Include the raw batch loss. @default true */
  raw?: boolean;
  /** Include the smoothed (EMA) loss. @default true */
  smoothed?: boolean;
  /**
   * Recompute the smoothed loss from the raw losses with this EMA beta (core's `smoothLosses`,
   * bias-corrected) instead of the run file's own; 0 draws the raw loss. @default the run's
   * @example lossSeries(run, { smoothing: 0.9 })
   */
  smoothing?: number;
  /** At most this many points per series (see `decimate`). @default 1000 */
  maxPoints?: number;
}

export interface LossDeltaSeriesOptions {
  /** Window of `(loss[i] - loss[i - sma]) / sma`. @default 20 */
  sma?: number;
  /** @default 1000 */
  maxPoints?: number;
}

export interface OverlaySeriesOptions {
  /** Which curve of each run: `smoothedLoss`, `loss` or `lossDelta`. @default 'smoothedLoss' */
  value?: SeriesKind;
  /** Window of the loss delta when `value` is `lossDelta`. @default 20 */
  sma?: number;
  /** With `value: 'smoothedLoss'`: recompute it with this EMA beta (see LossSeriesOptions). */
  smoothing?: number;
  /** @default 1000 */
  maxPoints?: number;
}

function finiteOrNull(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function checkRun(run: RunRecord, where: string): void {
  if (!run || typeof run !== 'object' || !Array.isArray(run.points)) {
    throw new PlottingError(where, run === null ? 'null' : typeof run, 'a run record (parseRun) with a points array');
  }
}

function build(run: RunRecord, ys: readonly (number | null)[], maxPoints: number): ChartDatum[] {
  const data: ChartDatum[] = [];
  run.points.forEach((p, i) => {
    // A log axis cannot place lr <= 0 (a schema-valid run never has one).
    if (p.lr > 0 && Number.isFinite(p.lr)) data.push({ x: p.lr, y: finiteOrNull(ys[i]), step: p.step });
  });
  return decimate(data, maxPoints);
}

/**
 * The smoothed loss of a run recomputed from its raw losses with EMA `beta` (core's
 * bias-corrected `smoothLosses`); a non-finite loss leaves the rest of the curve empty, as in
 * the range test itself.
 * @example resmooth(run, 0.9)
 */
export function resmooth(run: RunRecord, beta: number): (number | null)[] {
  checkSmoothing(beta);
  const smoothed = smoothLosses(run.points.map((p) => (typeof p.loss === 'number' && Number.isFinite(p.loss) ? p.loss : NaN)), beta);
  return smoothed.map(finiteOrNull);
}

function checkSmoothing(beta: number): void {
  if (typeof beta !== 'number' || !(beta >= 0 && beta < 1)) throw new PlottingError('smoothing', beta, 'a number in [0, 1)');
}

function valuesOf(run: RunRecord, kind: SeriesKind, sma: number, smoothing?: number): (number | null)[] {
  if (kind === 'loss') return run.points.map((p) => p.loss);
  if (kind === 'smoothedLoss') return smoothing === undefined ? run.points.map((p) => p.smoothedLoss) : resmooth(run, smoothing);
  return lossDeltas(run.points.map((p) => finiteOrNull(p.loss)), sma);
}

const KIND_LABELS: Record<SeriesKind, string> = {
  loss: 'loss',
  smoothedLoss: 'smoothed loss',
  lossDelta: 'loss delta',
};

/**
 * Loss and smoothed loss vs learning rate of one run (plot with a log-10 x scale).
 * Series ids are `<run id>:loss` and `<run id>:smoothedLoss`; labels `loss`, `smoothed loss`.
 * @example <Line data={lossSeries(run)} xScale={{ type: 'log', base: 10 }} ... />
 */
export function lossSeries(run: RunRecord, options: LossSeriesOptions = {}): ChartSeries[] {
  checkRun(run, 'run');
  const { raw = true, smoothed = true, maxPoints = DEFAULT_MAX_POINTS, smoothing } = options;
  if (smoothing !== undefined) checkSmoothing(smoothing);
  const kinds: SeriesKind[] = [...(raw ? ['loss' as const] : []), ...(smoothed ? ['smoothedLoss' as const] : [])];
  return kinds.map((kind) => ({
    id: `${run.id}:${kind}`,
    label: KIND_LABELS[kind],
    kind,
    runId: run.id,
    data: build(run, valuesOf(run, kind, DEFAULT_SMA, smoothing), maxPoints),
  }));
}

function checkSma(sma: number): void {
  if (!Number.isInteger(sma) || sma < 1) throw new PlottingError('sma', sma, 'an integer >= 1');
}

/**
 * The reference tutorial's loss-delta curve of one run: `(loss[i] - loss[i - sma]) / sma` at
 * `lr[i]` (null for the first `sma` steps and around non-finite losses).
 * @example lossDeltaSeries(run, { sma: 20 })
 */
export function lossDeltaSeries(run: RunRecord, options: LossDeltaSeriesOptions = {}): ChartSeries[] {
  checkRun(run, 'run');
  const { sma = DEFAULT_SMA, maxPoints = DEFAULT_MAX_POINTS } = options;
  checkSma(sma);
  return [{
    id: `${run.id}:lossDelta`,
    label: `loss delta (sma ${sma})`,
    kind: 'lossDelta',
    runId: run.id,
    data: build(run, valuesOf(run, 'lossDelta', sma), maxPoints),
  }];
}

function counts(names: readonly string[]): Map<string, number> {
  const seen = new Map<string, number>();
  for (const n of names) seen.set(n, (seen.get(n) ?? 0) + 1);
  return seen;
}

/**
 * Display names of runs: their label (or id), told apart where labels repeat: first by the id
 * (`SGD (sgd-1)`), then by the sweep and id (`SGD (sweep-a/sgd)`), and by a number when the
 * very same run comes twice (`SGD (#2)`).
 * @example runLabels([a, b]) // ['SGD (sweep-a/sgd)', 'SGD (sweep-b/sgd)']
 */
export function runLabels(runs: readonly RunRecord[]): string[] {
  const base = runs.map((r) => r.label?.trim() || r.id);
  const seen = counts(base);
  const byId = base.map((b, i) => ((seen.get(b) ?? 0) > 1 && b !== runs[i].id ? `${b} (${runs[i].id})` : b));
  const again = counts(byId);
  const byPath = byId.map((b, i) => {
    if ((again.get(b) ?? 0) < 2) return b;
    const r = runs[i];
    const where = r.sweep?.id ? `${r.sweep.id}/${r.id}` : r.id;
    return `${r.label?.trim() || r.id} (${where})`;
  });
  const last = counts(byPath);
  const nth = new Map<string, number>();
  return byPath.map((b) => {
    if ((last.get(b) ?? 0) < 2) return b;
    const n = (nth.get(b) ?? 0) + 1;
    nth.set(b, n);
    return n === 1 ? b : `${b} #${n}`;
  });
}

/**
 * One curve per run (the tutorial's SGD-vs-Adam picture): ids are the run ids (suffixed `#2`,
 * `#3` when the same run comes twice), labels the run labels made unique.
 * @example overlaySeries([sgdRun, adamRun], { value: 'lossDelta', sma: 20 })
 */
export function overlaySeries(runs: readonly RunRecord[], options: OverlaySeriesOptions = {}): ChartSeries[] {
  if (!Array.isArray(runs)) throw new PlottingError('runs', typeof runs, 'an array of run records');
  runs.forEach((run, i) => checkRun(run, `runs[${i}]`));
  const { value = 'smoothedLoss', sma = DEFAULT_SMA, maxPoints = DEFAULT_MAX_POINTS, smoothing } = options;
  if (smoothing !== undefined) checkSmoothing(smoothing);
  if (!(value in KIND_LABELS)) throw new PlottingError('value', value, "'loss', 'smoothedLoss' or 'lossDelta'");
  checkSma(sma);
  const labels = runLabels(runs);
  const ids = new Map<string, number>();
  return runs.map((run, i) => {
    const n = (ids.get(run.id) ?? 0) + 1;
    ids.set(run.id, n);
    return {
      id: n === 1 ? run.id : `${run.id}#${n}`,
      label: labels[i],
      kind: value,
      runId: run.id,
      data: build(run, valuesOf(run, value, sma, smoothing), maxPoints),
    };
  });
}
