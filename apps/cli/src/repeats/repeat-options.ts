// `--repeats K`: one test becomes K tests of the same configuration whose seeds derive from the
// base seed (core's repeatSeeds): data order always, initial weights for built-in models and,
// with --reinit, for a model.json.
import { repeatSeeds } from '@lrfinder/core';
import { checkIntFlag } from '../run/limits';
import type { TestOptions } from '../run/test-options';

/** Most repeats of one configuration (each is a test: a process and a run file). */
export const MAX_REPEATS = 1000;

/** Throws a CliInputError (the CLI's limit message) unless K is a whole number in [1, MAX_REPEATS]. */
export function checkRepeats(repeats: unknown, flag = '--repeats'): number {
  checkIntFlag(flag, repeats, 1, MAX_REPEATS, 'repeats');
  return repeats as number;
}

/** The label of repeat i of a test labelled `label`. */
export const repeatLabel = (label: string, i: number): string => `${label} r${i}`;

/**
 * The K tests of one configuration: repeat i gets seed repeatSeeds(seed, K)[i] (repeat 0 keeps
 * the base seed) and the label `<label> r<i>`. K = 1 returns the test unchanged.
 */
export function repeatTests(options: TestOptions, repeats: number): TestOptions[] {
  if (repeats === 1) return [options];
  const label = options.label ?? options.optimizer;
  return repeatSeeds(options.seed, repeats).map((seed, i) => ({ ...options, seed, label: repeatLabel(label, i) }));
}
