// Repeats of one range test: K tests whose seeds (data order, initial weights) are derived from
// one base seed, run one after another, then aggregated into a group record.
import { RangeTestError } from '../errors';
import { defaultRunId } from '../range-test-options';
import { rangeTest } from '../range-test';
import type { RangeTestOptions } from '../range-test-options';
import type { RunRecord } from '../run-record';
import type { AggregateOptions, RunAggregate } from './aggregate';
import { groupRecord } from './group';
import type { GroupRecord } from './group-record';

/** A 32-bit integer hash (murmur3's finaliser): nearby inputs land far apart. */
function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The seeds of `repeats` repeats from a base seed: the first is the base seed itself (one repeat
 * is the plain test), the others hashes of (base, repeat) in [0, 2^31), so that base seeds 0 and 1
 * do not share repeats as `base + i` would.
 * @example repeatSeeds(0, 3) // [0, ..., ...]: always the same three
 */
export function repeatSeeds(baseSeed: number, repeats: number): number[] {
  if (!Number.isInteger(baseSeed)) throw new RangeTestError('seed', baseSeed, 'an integer');
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeTestError('repeats', repeats, 'an integer >= 1');
  return Array.from({ length: repeats }, (_, i) => (i === 0 ? baseSeed : mix32(mix32(baseSeed) + Math.imul(i, 0x9e3779b9)) & 0x7fffffff));
}

export interface RangeTestRepeatsOptions extends Omit<RangeTestOptions, 'trainStep' | 'seed'> {
  /** Number of repeats (K >= 1). */
  repeats: number;
  /** Base seed; repeat i gets `repeatSeeds(seed, repeats)[i]`. @default 0 */
  seed?: number;
  /** A fresh training loop for one repeat: its data order and initial weights drawn from `seed`. */
  trainStep: (seed: number, repeat: number) => RangeTestOptions['trainStep'];
  /** How the stable suggestion is chosen. @default {} */
  aggregate?: AggregateOptions;
}

export interface RepeatsResult {
  runs: RunRecord[];
  aggregate: RunAggregate;
  /** The group record over `runs` (id = `options.id`; runs are `<id>-r<i>`). */
  group: GroupRecord;
}

/**
 * K range tests of one configuration with derived seeds, aggregated (band, per-method spread,
 * stable suggestion with its interval).
 * @example
 * const { aggregate } = await rangeTestRepeats({ repeats: 10, seed: 0, numIter: 100,
 *   trainStep: (seed) => makeTrainStep(seed) });
 * console.log(aggregate.stable.lr, aggregate.stable.interval, aggregate.verdict);
 */
export async function rangeTestRepeats(options: RangeTestRepeatsOptions): Promise<RepeatsResult> {
  const { repeats, seed = 0, trainStep, aggregate: aggregateOptions, ...test } = options;
  if (typeof trainStep !== 'function') throw new RangeTestError('trainStep', trainStep, 'a function (seed, repeat) => (lr, step) => loss');
  const seeds = repeatSeeds(seed, repeats);
  const id = test.id ?? defaultRunId((test.now ?? Date.now)());
  const runs: RunRecord[] = [];
  for (const [i, s] of seeds.entries()) {
    runs.push(await rangeTest({ ...test, id: `${id}-r${i}`, seed: s, trainStep: trainStep(s, i) }));
    if (test.signal?.aborted) break;
  }
  const group = groupRecord(runs, { id, baseSeed: seed, aggregate: aggregateOptions, updatedAt: new Date((test.now ?? Date.now)()).toISOString() });
  return { runs, aggregate: group.aggregate, group };
}
