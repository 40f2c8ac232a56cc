// Expansion of a sweep file into its tests, in one documented, deterministic order:
//   for each entry of `tests` (file order; one empty entry when there is no `tests`),
//     for each point of the grid's cartesian product (grid keys in file order, the first key
//     varying slowest, values in list order; one empty point when there is no `grid`):
//       one configuration = shared settings <- the test entry <- the grid point;
//         for each repeat r of its `repeats` (default 1): one test.
// The index of a test is its position in that order; ids, labels and seeds derive from it.
// Repeats of a configuration are tests like any other (they shard alike); their seeds are
// repeatSeeds(configuration seed, K), and they share a group (`<sweepId>-g<config>-<slug>`).
import { repeatSeeds } from '@lrfinder/core';
import { deriveSeed } from './seed';
import type { SweepFile } from './sweep-file';
import type { OptionName, SweepOptions } from './option-schemas';
import { SweepFileError } from './sweep-file';
import { LIMITS } from '../run/limits';

/** Options of one expanded test as stored in index.json (divergeThreshold null = disabled). */
export type ExpandedOptions = SweepOptions & { label: string; seed: number };

export interface ExpandedTest {
  /** Position in the expansion order, 0-based. */
  index: number;
  /** `<sweepId>-<index zero-padded>-<slug of label>`, at most 128 characters. */
  id: string;
  label: string;
  /** File name inside the sweep folder: `<id>.json`. */
  file: string;
  options: ExpandedOptions;
  /** Present when the configuration has repeats > 1: its group and this test's place in it. */
  repeat?: { group: string; index: number; of: number };
}

export interface ExpandedSweep {
  id: string;
  count: number;
  tests: ExpandedTest[];
}

/** The sweep seed when the file sets none. */
export const DEFAULT_SWEEP_SEED = 0;

/** Lower-case letters, digits and dots; everything else becomes one dash. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

function showValue(value: unknown): string {
  if (value === null) return 'off';
  return typeof value === 'string' ? value : String(value);
}

function gridPoints(grid: SweepFile['grid']): [OptionName, unknown][][] {
  let points: [OptionName, unknown][][] = [[]];
  for (const { key, values } of grid ?? []) {
    points = points.flatMap((point) => values.map((value) => [...point, [key, value] as [OptionName, unknown]]));
  }
  return points;
}

/** The sweep id a file gets when it sets none: the slug of its base name without extension. */
export function sweepIdFromFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return slugify(base.replace(/\.[^.]*$/, '')).slice(0, 64) || 'sweep';
}

/**
 * Expands a validated sweep file into its tests (order documented at the top of this file).
 * @throws SweepFileError when a test sets both `numIter` and `epochs`.
 */
export function expandSweep(sweep: SweepFile, options: { id?: string; file?: string } = {}): ExpandedSweep {
  const id = sweep.id ?? options.id ?? (options.file ? sweepIdFromFile(options.file) : 'sweep');
  const entries = sweep.tests ?? [null];
  // Counted before the grid's product is built: a grid of many long lists is one line, not out of memory.
  const planned = (sweep.grid ?? []).reduce((n, { values }) => n * values.length, entries.length);
  if (planned > LIMITS.sweepTests) {
    const sizes = [...(sweep.tests ? [`${entries.length} tests`] : []), ...(sweep.grid ?? []).map(({ key, values }) => `${values.length} ${key}`)].join(' x ');
    throw new SweepFileError(`the sweep expands to ${planned} tests (${sizes}); at most ${LIMITS.sweepTests}`, sweep.grid ? 'grid' : 'tests', options.file);
  }
  const points = gridPoints(sweep.grid);
  const sweepSeed = sweep.settings.seed ?? DEFAULT_SWEEP_SEED;
  const configs: { label: string; seed: number; merged: SweepOptions; repeats: number }[] = [];
  entries.forEach((entry, entryIndex) => {
    for (const point of points) {
      const index = configs.length;
      const { label: entryLabel, ...overrides } = entry ?? { label: '' };
      const { repeats = 1, ...merged }: SweepOptions = { ...sweep.settings, ...overrides, ...Object.fromEntries(point) };
      if (merged.numIter !== undefined && merged.epochs !== undefined) {
        const field = entry ? `tests[${entryIndex}]` : 'numIter';
        throw new SweepFileError(`${field}: numIter and epochs are both set for test ${index}; give one`, field, options.file);
      }
      const gridLabel = point.map(([key, value]) => `${key}=${showValue(value)}`).join(' ');
      const label = [entryLabel, gridLabel].filter(Boolean).join(' ') || `test ${index}`;
      const explicitSeed = (entry && entry.seed !== undefined) || point.some(([key]) => key === 'seed');
      const seed = explicitSeed || sweep.seeds === 'shared' ? (merged.seed ?? sweepSeed) : deriveSeed(sweepSeed, index);
      configs.push({ label, seed, merged, repeats });
    }
  });
  const count = configs.reduce((n, c) => n + c.repeats, 0);
  if (count > LIMITS.sweepTests) {
    throw new SweepFileError(`the sweep expands to ${count} tests (${configs.length} configurations with their repeats); at most ${LIMITS.sweepTests}`, 'repeats', options.file);
  }
  const width = String(count - 1).length;
  const configWidth = String(configs.length - 1).length;
  const tests: ExpandedTest[] = [];
  configs.forEach((c, configIndex) => {
    const seeds = c.repeats > 1 ? repeatSeeds(c.seed, c.repeats) : [c.seed];
    const groupPrefix = `${id}-g${String(configIndex).padStart(configWidth, '0')}`;
    const groupSlug = slugify(c.label).slice(0, 128 - groupPrefix.length - 1 - '.group'.length).replace(/[-.]+$/, '');
    const group = groupSlug ? `${groupPrefix}-${groupSlug}` : groupPrefix;
    seeds.forEach((seed, r) => {
      const index = tests.length;
      const label = c.repeats > 1 ? `${c.label} r${r}` : c.label;
      const prefix = `${id}-${String(index).padStart(width, '0')}`;
      const slug = slugify(label).slice(0, 128 - prefix.length - 1).replace(/[-.]+$/, '');
      const testId = slug ? `${prefix}-${slug}` : prefix;
      tests.push({
        index, id: testId, label, file: `${testId}.json`, options: { ...c.merged, label, seed },
        ...(c.repeats > 1 ? { repeat: { group, index: r, of: c.repeats } } : {}),
      });
    });
  });
  return { id, count, tests };
}
