// zod schemas for each test option a sweep file may set (the `run` command's options in
// camelCase). Messages say what was expected, so an error reads
// `grid.batchSize[1]: expected a positive integer`.
import { OPTIMIZER_NAMES } from '@lrfinder/core';
import { z } from 'zod';
import { LIMITS } from '../run/limits';

export const BACKEND_NAMES = ['auto', 'tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const;

const number = (what: string) =>
  z.number({ error: `expected ${what}` }).refine(Number.isFinite, { error: `expected ${what}` });
const text = z.string({ error: 'expected a non-empty string' }).min(1, { error: 'expected a non-empty string' });
const intIn = (min: number, max: number) => {
  const error = `expected an integer from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
const fraction = (what: string) =>
  number(what).refine((v) => v >= 0 && v < 1, { error: `expected ${what}` });
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `expected one of ${values.join(', ')}` });

/**
 * Every option a sweep file may set, in shared settings, in a `tests` entry or as a `grid` key.
 * `divergeThreshold: null` disables the divergence stop (JSON has no Infinity).
 */
export const optionSchemas = {
  model: text,
  loss: text,
  data: text,
  labelColumn: text,
  startLr: number('a number > 0').refine((v) => v > 0, { error: 'expected a number > 0' }),
  endLr: number('a number > 0').refine((v) => v > 0, { error: 'expected a number > 0' }),
  numIter: intIn(2, LIMITS.numIter),
  epochs: intIn(1, LIMITS.epochs),
  batchSize: intIn(1, LIMITS.batchSize),
  schedule: oneOf(['exponential', 'linear'] as const),
  smoothing: fraction('a number in [0, 1)'),
  divergeThreshold: number('a number > 1, or null to disable')
    .refine((v) => v > 1, { error: 'expected a number > 1, or null to disable' })
    .nullable(),
  valSplit: fraction('a number in [0, 1)'),
  optimizer: oneOf(OPTIMIZER_NAMES as unknown as readonly [string, ...string[]]),
  backend: oneOf(BACKEND_NAMES),
  seed: z
    .number({ error: 'expected an integer >= 0' })
    .int({ error: 'expected an integer >= 0' })
    .min(0, { error: 'expected an integer >= 0' }),
  /** Tests of this configuration with seeds derived from its seed (run's --repeats); they form a group. */
  repeats: intIn(1, 1000),
  /** A model.json's weights re-drawn from its initializers with each test's seed (run's --reinit). */
  reinit: z.boolean({ error: 'expected true or false' }),
} as const;

export type OptionName = keyof typeof optionSchemas;
export const OPTION_NAMES = Object.keys(optionSchemas) as OptionName[];

/** Option values as written in a sweep file (divergeThreshold may be null). */
export type SweepOptions = { [K in OptionName]?: z.output<(typeof optionSchemas)[K]> };

export const optionsShape = Object.fromEntries(
  OPTION_NAMES.map((name) => [name, optionSchemas[name].optional()]),
) as { [K in OptionName]: z.ZodOptional<(typeof optionSchemas)[K]> };
