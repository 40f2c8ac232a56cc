// K repeats of one range test (same configuration, different seeds) -> one picture: the median
// smoothed-loss curve with its band, how far each suggestion method scatters, and one stable
// recommended learning rate with an interval. Pure: run records in, plain data out.
import type { RunConfig, RunPoint, RunRecord, RunStatus, SuggestionMethod, Suggestions } from '../run-record';
import { suggest, RECOMMENDED_METHOD } from '../suggest';
import { BAND_RULE, bandCurve, type BandPoint } from './band';
import { medianInterval, type MedianInterval } from './quantiles';
import { checkSameConfiguration, GroupError } from './same-config';
import { spreadVerdict, suggestionSpreads, type MethodSpread } from './spread';

/**
 * How the stable learning rate is chosen from the repeats:
 * - `median-of-repeats`: the median (in log space) of the repeats' own picks of the method, with
 *   the distribution-free interval of that median (README: why this is the default);
 * - `median-curve`: the method applied to the median curve; its interval is the same
 *   order-statistic interval of the repeats' picks.
 */
export const STABLE_RULES = ['median-of-repeats', 'median-curve'] as const;
export type StableRule = (typeof STABLE_RULES)[number];

export interface AggregateOptions {
  /** Method of the stable suggestion. @default RECOMMENDED_METHOD ('valley') */
  method?: SuggestionMethod;
  /** @default 'median-of-repeats' */
  rule?: StableRule;
  /** Wanted coverage of the stable interval (exact for the median; fewer repeats give less). @default 0.9 */
  level?: number;
}

export interface StableSuggestion {
  method: SuggestionMethod;
  rule: StableRule;
  /** null when no repeat gave a suggestion (`reason` says why). */
  lr: number | null;
  /** Interval of the repeats' picks that holds their median with probability `coverage`; null below 2 picks. */
  interval: MedianInterval | null;
  reason?: string;
}

/** A repeat left out of the aggregate: one still running, interrupted or failed says nothing about the curve's end. */
export interface ExcludedRun {
  id: string;
  status: RunStatus;
  reason: string;
}

export interface RunAggregate {
  /** Repeats aggregated (completed or diverged). */
  repeats: number;
  /** Their ids, in the order of every per-repeat array. */
  runIds: string[];
  /** Their seeds (config.seed), same order. */
  seeds: (number | null)[];
  excluded: ExcludedRun[];
  /** The shared configuration (the first run's schedule, batch, smoothing and stop rule). */
  config: GroupConfig;
  bandRule: typeof BAND_RULE;
  /** Median smoothed loss and band per step; `count` < `repeats` where repeats had stopped. */
  curve: BandPoint[];
  /** Per method: every repeat's pick, their median and spread. */
  suggestions: Record<SuggestionMethod, MethodSpread>;
  /** Every method applied to the median curve (indices into `curve`). */
  medianCurve: Suggestions;
  stable: StableSuggestion;
  /** One sentence on the stable method's spread, e.g. "the valley suggestions span 8.0x (...): use more steps or a larger batch". */
  verdict: string;
}

/** The configuration fields a group keeps (named one by one, so a newer run config cannot break the group schema). */
export type GroupConfig = Pick<RunConfig, 'startLr' | 'endLr' | 'numIter' | 'schedule' | 'batchSize' | 'smoothing' | 'divergeThreshold' | 'validateEvery' | 'accumulationSteps'>;

function groupConfig(c: RunConfig): GroupConfig {
  return {
    startLr: c.startLr, endLr: c.endLr, numIter: c.numIter, schedule: c.schedule, batchSize: c.batchSize,
    smoothing: c.smoothing, divergeThreshold: c.divergeThreshold,
    ...(c.validateEvery !== undefined ? { validateEvery: c.validateEvery } : {}),
    ...(c.accumulationSteps !== undefined ? { accumulationSteps: c.accumulationSteps } : {}),
  };
}

const AGGREGATED: readonly RunStatus[] = ['completed', 'diverged'];

/**
 * Aggregates K run records of one configuration (only the seed may differ; a GroupError names
 * the first field that differs).
 * @example
 * const agg = aggregateRuns(records);
 * console.log(agg.stable.lr, agg.stable.interval, agg.verdict);
 */
export function aggregateRuns(runs: readonly RunRecord[], options: AggregateOptions = {}): RunAggregate {
  checkSameConfiguration(runs);
  const method = options.method ?? RECOMMENDED_METHOD;
  const rule = options.rule ?? 'median-of-repeats';
  const level = options.level ?? 0.9;
  if (!(level > 0 && level < 1)) throw new GroupError(`level must be in (0, 1); got ${level}`, 'level');

  const included = runs.filter((r) => AGGREGATED.includes(r.status));
  const excluded = runs
    .filter((r) => !AGGREGATED.includes(r.status))
    .map((r) => ({ id: r.id, status: r.status, reason: `status ${r.status}: only completed or diverged repeats are aggregated` }));

  const curve = bandCurve(included);
  const suggestions = suggestionSpreads(included);
  const medianCurve = suggest(curvePoints(curve), { numIter: runs[0].config.numIter });
  const spread = suggestions[method];
  const picks = spread.values.filter((v): v is number => v !== null);
  const lr = rule === 'median-of-repeats' ? spread.median : medianCurve[method].lr;
  const reason = lr !== null ? undefined
    : included.length === 0 ? 'no completed or diverged repeat to aggregate'
    : rule === 'median-of-repeats' ? `no repeat gave a ${method} suggestion`
    : `the median curve gives no ${method} suggestion: ${(medianCurve[method] as { reason: string }).reason}`;
  return {
    repeats: included.length,
    runIds: included.map((r) => r.id),
    seeds: included.map((r) => r.config.seed),
    excluded,
    config: groupConfig(runs[0].config),
    bandRule: BAND_RULE,
    curve,
    suggestions,
    medianCurve,
    stable: { method, rule, lr, interval: medianInterval(picks, level), ...(reason ? { reason } : {}) },
    verdict: included.length === 0 ? 'no completed or diverged repeat yet' : spreadVerdict(method, spread, included.length),
  };
}

/** The median curve as run points, so every suggestion method reads it as it reads one run. */
function curvePoints(curve: readonly BandPoint[]): RunPoint[] {
  // suggest() stops at the first gap (a null loss); a step no repeat reached never appears here.
  return curve.map((p, i) => ({ step: i, lr: p.lr, loss: p.medianLoss, smoothedLoss: p.median }));
}
