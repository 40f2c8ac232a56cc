// `--repeats K`: one test becomes K tests of the same configuration whose seeds derive from the
// base seed (core's repeatSeeds): data order always, initial weights for built-in models and,
// with --reinit, for a model.json.
import { repeatSeeds } from '@lrfinder/core';
import { CliInputError } from '../io';
import type { TestOptions } from '../run/test-options';

/** Throws a CliInputError unless K is a whole number in [1, 1000]. */
export function checkRepeats(repeats: unknown, flag = '--repeats'): number {
  if (typeof repeats !== 'number' || !Number.isInteger(repeats) || repeats < 1 || repeats > 1000) {
    throw new CliInputError(`${flag} must be a whole number from 1 to 1000; got ${String(repeats)}`, 'repeats');
  }
  return repeats;
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
