// Upper limits of every size a user can type, checked before anything is allocated, so an
// absurd value is one line (exit 2) naming the flag and the limit, never an out-of-memory
// crash minutes later. Generous: each is far above what a range test needs.
import { CliInputError } from '../io';

export const LIMITS = {
  /** Steps of one test (`--num-iter`, or what `--epochs` works out to). A run file holds one point per step. */
  numIter: 1_000_000,
  /** Passes over the data (`--epochs`). */
  epochs: 100_000,
  /** Samples per step (`--batch-size`). */
  batchSize: 1_000_000,
  /** Classes a data set may have (largest label + 1): the output layer and one-hot labels grow with it. */
  classes: 10_000,
  /** Tests at once (`--parallel`): one process each. */
  parallel: 64,
  /** Columns of `show`'s text plot (`--width`). */
  width: 1_000,
  /** Moving average of the loss delta (`export --sma`). */
  sma: 100_000,
  /** Tests of one sweep (tests x grid points). */
  sweepTests: 100_000,
  /** Shards of a sweep (`--shard i/n`, `--shard-count`, `shards`). */
  shards: 100_000,
} as const;

/** Least `show --width` that still draws a plot. */
export const MIN_WIDTH = 10;

/**
 * Throws CliInputError unless `value` is an integer in [min, max]; the message names the flag,
 * e.g. `--num-iter must be an integer from 2 to 1000000; got 1000000000`.
 */
export function checkIntFlag(flag: string, value: unknown, min: number, max: number, field = flag.replace(/^-+/, '')): void {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return;
  const shown = typeof value === 'number' ? String(value) : JSON.stringify(value);
  throw new CliInputError(`${flag} must be an integer from ${min} to ${max}; got ${shown}`, field);
}
