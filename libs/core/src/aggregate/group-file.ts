// Reading and writing group files with the strictness of run files: expected failures are data
// (safeParseGroup), parseGroup throws a GroupFormatError naming the first bad field, other
// format versions are refused with the version found.
import type * as z from 'zod/mini';
import { GROUP_FORMAT, groupRecordSchema, type GroupRecord } from './group-record';

export class GroupFormatError extends Error {
  override readonly name = 'GroupFormatError';
  constructor(
    message: string,
    /** Dotted path of the first bad field, e.g. `aggregate.curve.3.low`; '' for the whole document. */
    readonly field: string,
  ) {
    super(message);
  }
}

export type ParseGroupResult = { ok: true; group: GroupRecord } | { ok: false; error: GroupFormatError };

/**
 * zod/mini carries no message texts (and classic zod, when loaded too, sets global ones): say what
 * was expected from the issue's own facts, and use the message only where our schema wrote it.
 */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'unrecognized_keys':
      return `unknown field(s) ${issue.keys.join(', ')}`;
    case 'invalid_value':
      return `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    case 'too_small':
      return `must be ${issue.inclusive ? '>=' : '>'} ${issue.minimum}${issue.origin === 'array' || issue.origin === 'string' ? ' long' : ''}`;
    case 'too_big':
      return `must be ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`;
    case 'invalid_format':
      if (issue.format === 'regex') return issue.message; // every pattern of the schema has its words
      return `must be ${issue.format === 'datetime' ? 'an ISO date-time' : `a ${issue.format}`}`;
    case 'custom':
      return issue.message; // our refinements' words
    case 'invalid_union':
      return 'matches none of the allowed shapes';
    default:
      return issue.code;
  }
}

/** Facts the schema cannot see: every per-repeat array lines up with the repeats, the band is ordered. */
function semanticError(g: GroupRecord): GroupFormatError | null {
  const a = g.aggregate;
  const bad = (field: string, why: string) => new GroupFormatError(`${field}: ${why}`, field);
  if (Date.parse(g.updatedAt) < Date.parse(g.createdAt)) return bad('updatedAt', `must not be before createdAt (${g.createdAt}); got ${g.updatedAt}`);
  if (a.runIds.length !== a.repeats) return bad('aggregate.runIds', `holds ${a.runIds.length} ids for ${a.repeats} repeats`);
  if (a.seeds.length !== a.repeats) return bad('aggregate.seeds', `holds ${a.seeds.length} seeds for ${a.repeats} repeats`);
  const listed = new Set(g.runs.map((r) => r.id));
  if (listed.size !== g.runs.length) return bad('runs', 'lists a run id twice');
  const unknown = [...a.runIds, ...a.excluded.map((e) => e.id)].find((id) => !listed.has(id));
  if (unknown !== undefined) return bad('aggregate.runIds', `run ${unknown} is not in runs`);
  for (const [method, spread] of Object.entries(a.suggestions)) {
    if (spread.values.length !== a.repeats) return bad(`aggregate.suggestions.${method}.values`, `holds ${spread.values.length} values for ${a.repeats} repeats`);
  }
  let previous = -1;
  for (const [i, p] of a.curve.entries()) {
    if (p.step <= previous) return bad(`aggregate.curve.${i}.step`, `steps must increase (${p.step} after ${previous})`);
    previous = p.step;
    if (p.count > a.repeats) return bad(`aggregate.curve.${i}.count`, `${p.count} is more than the ${a.repeats} repeats`);
    if (!(p.low <= p.median && p.median <= p.high)) return bad(`aggregate.curve.${i}`, `needs low <= median <= high (${p.low}, ${p.median}, ${p.high})`);
  }
  for (const [method, pick] of Object.entries(a.medianCurve)) {
    if (typeof pick === 'object' && pick.index !== null && pick.index >= a.curve.length) {
      return bad(`aggregate.medianCurve.${method}.index`, `must point at one of the ${a.curve.length} curve points; got ${pick.index}`);
    }
  }
  const iv = a.stable.interval;
  if (iv && iv.low > iv.high) return bad('aggregate.stable.interval', `low ${iv.low} is above high ${iv.high}`);
  if (iv && a.stable.rule === 'median-of-repeats' && a.stable.lr !== null && !(iv.low <= a.stable.lr && a.stable.lr <= iv.high)) {
    return bad('aggregate.stable.lr', `the median of the picks must lie in its interval [${iv.low}, ${iv.high}]; got ${a.stable.lr}`);
  }
  return null;
}

/** Validates a group record given as JSON text or as an already parsed value. Never throws. */
export function safeParseGroup(input: unknown): ParseGroupResult {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      return { ok: false, error: new GroupFormatError(`not JSON: ${(e as Error).message}`, '') };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: new GroupFormatError('a group file must hold one JSON object', '') };
  }
  const format = (value as { format?: unknown }).format;
  if (format !== GROUP_FORMAT) {
    const found = format === undefined ? 'no format field' : `format ${JSON.stringify(format)}`;
    return { ok: false, error: new GroupFormatError(`unsupported group file: ${found}; this reader reads ${GROUP_FORMAT}`, 'format') };
  }
  const result = groupRecordSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.map(String).join('.');
    return { ok: false, error: new GroupFormatError(`${field || 'group'}: ${describeIssue(issue)}`, field) };
  }
  const error = semanticError(result.data);
  return error ? { ok: false, error } : { ok: true, group: result.data };
}

/** Validates a group record; throws GroupFormatError naming the first bad field. */
export function parseGroup(input: unknown): GroupRecord {
  const result = safeParseGroup(input);
  if (!result.ok) throw result.error;
  return result.group;
}

/** JSON text of a group record, validated first so a writer can never produce a file readers refuse. */
export function serializeGroup(group: GroupRecord): string {
  return JSON.stringify(parseGroup(group), null, 2) + '\n';
}
