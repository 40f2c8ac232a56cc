// The sweep file: JSON with shared settings (the `run` options in camelCase), `tests` and/or
// `grid`. Expected failures are data: `safeParseSweepFile` returns the first problem with the
// field named (`grid.batchSize[1]: expected a positive integer`).
import { z } from 'zod';
import { jsonParseProblem } from '../json-text';
import { LIMITS } from '../run/limits';
import { OPTION_NAMES, optionSchemas, optionsShape, type OptionName, type SweepOptions } from './option-schemas';

export const SWEEP_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const testEntry = z.strictObject({
  label: z.string({ error: 'expected a non-empty string' }).min(1, { error: 'expected a non-empty string' }),
  ...optionsShape,
});

const gridShape = Object.fromEntries(
  OPTION_NAMES.map((name) => [
    name,
    z
      .array(optionSchemas[name], { error: 'expected a list of values' })
      .min(1, { error: 'expected a non-empty list of values' })
      .optional(),
  ]),
) as { [K in OptionName]: z.ZodOptional<z.ZodArray<(typeof optionSchemas)[K]>> };

export const sweepFileSchema = z
  .strictObject({
    /** Names the sweep folder and prefixes every run id; defaults to the file's base name. */
    id: z.string({ error: 'expected a string' }).regex(SWEEP_ID_PATTERN, {
      error: 'expected 1-64 of A-Z a-z 0-9 . _ - starting with a letter or digit',
    }).optional(),
    description: z.string({ error: 'expected a string' }).optional(),
    /** Shard count used with JOB_COMPLETION_INDEX when no --shard-count is given. */
    shards: z
      .number({ error: `expected an integer from 1 to ${LIMITS.shards}` })
      .int({ error: `expected an integer from 1 to ${LIMITS.shards}` })
      .min(1, { error: `expected an integer from 1 to ${LIMITS.shards}` })
      .max(LIMITS.shards, { error: `expected an integer from 1 to ${LIMITS.shards}` })
      .optional(),
    /** `derived` (default): each test's seed comes from the sweep seed and its index; `shared`: all use the sweep seed. */
    seeds: z.enum(['derived', 'shared'], { error: 'expected "derived" or "shared"' }).optional(),
    tests: z
      .array(testEntry, { error: 'expected a list of tests' })
      .min(1, { error: 'expected at least one test' })
      .optional(),
    grid: z.strictObject(gridShape, { error: 'expected an object of option name to list of values' }).optional(),
    ...optionsShape,
  }, { error: 'a sweep file must hold one JSON object' });

export interface SweepTestEntry extends SweepOptions {
  label: string;
}

/** A validated sweep file. `gridKeys` keeps the grid's keys in file order (it fixes the expansion order). */
export interface SweepFile {
  id?: string;
  description?: string;
  shards?: number;
  seeds: 'derived' | 'shared';
  settings: SweepOptions;
  tests: SweepTestEntry[] | null;
  grid: { key: OptionName; values: unknown[] }[] | null;
}

export class SweepFileError extends Error {
  override readonly name = 'SweepFileError';
  constructor(
    message: string,
    /** Path of the bad field, e.g. `grid.batchSize[1]`; '' for the whole file. */
    readonly field: string,
    /** The sweep file, when known. */
    readonly file?: string,
  ) {
    super(file ? `${file}: ${message}` : message);
  }
}

export type ParseSweepResult = { ok: true; sweep: SweepFile } | { ok: false; error: SweepFileError };

function fieldPath(path: PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

function fail(message: string, field: string, file?: string): ParseSweepResult {
  return { ok: false, error: new SweepFileError(field ? `${field}: ${message}` : message, field, file) };
}

/** Validates a sweep file given as JSON text or a parsed value. Never throws. */
export function safeParseSweepFile(input: unknown, options: { file?: string } = {}): ParseSweepResult {
  const { file } = options;
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      return fail(jsonParseProblem(input, e, 'a sweep file'), '', file);
    }
  }
  const result = sweepFileSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = fieldPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const where = field ? `${field}.${issue.keys[0]}` : issue.keys[0];
      const known = field === 'grid' ? OPTION_NAMES
        : /^tests\[\d+\]$/.test(field) ? ['label', ...OPTION_NAMES]
        : ['id', 'description', 'shards', 'seeds', 'tests', 'grid', ...OPTION_NAMES];
      return fail(`unknown key "${issue.keys[0]}" (known keys: ${known.join(', ')})`, where, file);
    }
    return fail(issue.message, field, file);
  }
  const data = result.data;
  const raw = value as Record<string, unknown>;
  if (!data.tests && !data.grid) return fail('a sweep needs "tests", "grid" or both', '', file);
  const gridKeys = data.grid ? (Object.keys(raw.grid as object) as OptionName[]) : [];
  if (data.grid && gridKeys.length === 0) return fail('expected at least one option to vary', 'grid', file);
  for (const [i, test] of (data.tests ?? []).entries()) {
    const both = gridKeys.find((key) => key in test);
    if (both) return fail(`"${both}" is also a grid key; set it in one place`, `tests[${i}].${both}`, file);
  }
  const settings: SweepOptions = {};
  for (const name of OPTION_NAMES) if (data[name] !== undefined) (settings as Record<string, unknown>)[name] = data[name];
  const tests = data.tests
    ? data.tests.map((t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as unknown as SweepTestEntry)
    : null;
  return {
    ok: true,
    sweep: {
      id: data.id,
      description: data.description,
      shards: data.shards,
      seeds: data.seeds ?? 'derived',
      settings,
      tests,
      grid: data.grid ? gridKeys.map((key) => ({ key, values: data.grid![key] as unknown[] })) : null,
    },
  };
}

/** Validates a sweep file; throws SweepFileError naming the first bad field. */
export function parseSweepFile(input: unknown, options: { file?: string } = {}): SweepFile {
  const result = safeParseSweepFile(input, options);
  if (!result.ok) throw result.error;
  return result.sweep;
}
