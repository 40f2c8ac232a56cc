// Repeats with LRFinder: K `find`s of one model whose shuffle seeds derive from one base seed,
// aggregated. Every find starts from the model's weights as they are (the finder restores them),
// so repeats differ in data order; to vary initial weights too, re-draw them in `beforeRepeat`.
import type { Inputs, Targets } from '../finder/data';
import type { FindOptions, LRFinder } from '../finder/lr-finder';
import { defaultRunId } from '../range-test-options';
import type { RunRecord } from '../run-record';
import { groupRecord } from './group';
import { repeatSeeds, type RepeatsResult } from './repeats';
import type { AggregateOptions } from './aggregate';
import { RangeTestError } from '../errors';

export interface FindRepeatsOptions extends Omit<FindOptions, 'seed'> {
  /** Number of repeats (K >= 1). */
  repeats: number;
  /** Base seed; repeat i shuffles with `repeatSeeds(seed, repeats)[i]`. @default 0 */
  seed?: number;
  /** Awaited before each repeat with its seed, e.g. to re-draw the model's weights. @default none */
  beforeRepeat?: (seed: number, repeat: number) => void | Promise<void>;
  /** How the stable suggestion is chosen. @default {} */
  aggregate?: AggregateOptions;
}

/**
 * K `finder.find(x, y)` with derived shuffle seeds, aggregated into a group (runs `<id>-r<i>`).
 * @example
 * const { aggregate } = await findRepeats(finder, x, y, { repeats: 5, numIter: 100, batchSize: 64 });
 * console.log(aggregate.stable.lr, aggregate.stable.interval, aggregate.verdict);
 */
export async function findRepeats(finder: LRFinder, x: Inputs, y: Targets, options: FindRepeatsOptions): Promise<RepeatsResult> {
  const { repeats, seed = 0, beforeRepeat, aggregate, ...find } = options;
  if (beforeRepeat !== undefined && typeof beforeRepeat !== 'function') throw new RangeTestError('beforeRepeat', beforeRepeat, 'a function (seed, repeat) => void');
  const seeds = repeatSeeds(seed, repeats);
  const id = find.id ?? defaultRunId((find.now ?? Date.now)());
  const runs: RunRecord[] = [];
  for (const [i, s] of seeds.entries()) {
    await beforeRepeat?.(s, i);
    runs.push(await finder.find(x, y, { ...find, id: `${id}-r${i}`, seed: s }));
    if (find.signal?.aborted) break;
  }
  const group = groupRecord(runs, { id, baseSeed: seed, aggregate, updatedAt: new Date((find.now ?? Date.now)()).toISOString() });
  return { runs, aggregate: group.aggregate, group };
}
