// Reading and writing run files: expected failures are data (safeParseRun never throws), and
// parseRun throws a RunFormatError that names the first bad field. A reader checks, in order:
// the size (before JSON.parse), the format version, the free-form parts (plain JSON within
// limits), the shapes (run-record.ts) and the relations between fields (run-semantics.ts).
import { checkJsonValue } from './json-value';
import { RUN_FILE_LIMITS, RUN_FORMAT } from './run-format';
import { runRecordSchema, type RunRecord } from './run-record';
import { checkRunSemantics } from './run-semantics';

export class RunFormatError extends Error {
  override readonly name = 'RunFormatError';
  constructor(
    message: string,
    /** Dotted path of the first bad field, e.g. `points.3.lr`; '' for the whole document. */
    readonly field: string,
  ) {
    super(message);
  }
}

export type ParseRunResult = { ok: true; run: RunRecord } | { ok: false; error: RunFormatError };

const fail = (field: string, message: string): ParseRunResult => ({
  ok: false,
  error: new RunFormatError(`${field || 'run'}: ${message}`, field),
});

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  keys?: string[];
  values?: unknown[];
  minimum?: number | bigint;
  inclusive?: boolean;
  format?: string;
  input?: unknown;
}

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

/** One line for a schema issue (zod/mini carries no messages of its own: no locale bundled). */
function describeIssue(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? `must be an integer; got ${String(issue.input)}` : `must be ${issue.expected}; got ${kind(issue.input)}`;
    case 'unrecognized_keys':
      return `unknown field(s) ${issue.keys!.join(', ')}`;
    case 'invalid_value':
      return `must be ${issue.values!.map((v) => JSON.stringify(v)).join(' or ')}; got ${JSON.stringify(issue.input) ?? kind(issue.input)}`;
    case 'too_small':
      return `must be ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}${typeof issue.input === 'string' ? ' characters long' : ''}`;
    case 'invalid_format':
      return issue.format === 'datetime' ? `must be an ISO 8601 date-time (e.g. 2026-01-01T00:00:00.000Z); got ${JSON.stringify(issue.input)}` : issue.message;
    case 'invalid_union':
      return 'must be { lr, index } or { lr: null, index: null, reason }';
    default:
      return issue.message;
  }
}

function check(input: unknown): ParseRunResult {
  let value = input;
  if (typeof input === 'string') {
    if (input.length > RUN_FILE_LIMITS.maxChars) {
      return fail('', `too large: ${input.length} characters; a run file holds at most ${RUN_FILE_LIMITS.maxChars} (RUN_FILE_LIMITS.maxChars)`);
    }
    try {
      value = JSON.parse(input);
    } catch (e) {
      return { ok: false, error: new RunFormatError(`not JSON: ${(e as Error).message}`, '') };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: new RunFormatError('a run file must hold one JSON object', '') };
  }
  const doc = value as Record<string, unknown>;
  if (doc.format !== RUN_FORMAT) {
    const found = doc.format === undefined ? 'no format field' : `format ${JSON.stringify(doc.format) ?? kind(doc.format)}`;
    return { ok: false, error: new RunFormatError(`unsupported run file: ${found}; this reader reads ${RUN_FORMAT}`, 'format') };
  }
  if (Array.isArray(doc.points) && doc.points.length > RUN_FILE_LIMITS.maxPoints) {
    return fail('points', `holds ${doc.points.length} points; a run file holds at most ${RUN_FILE_LIMITS.maxPoints} (RUN_FILE_LIMITS.maxPoints)`);
  }
  const free: [string, unknown][] = [['meta', doc.meta]];
  const opt = doc.optimizer as Record<string, unknown> | null | undefined;
  if (opt && typeof opt === 'object') free.push(['optimizer.config', opt.config]);
  const backend = doc.backend as Record<string, unknown> | null | undefined;
  if (backend && typeof backend === 'object') free.push(['backend.versions', backend.versions]);
  for (const [field, v] of free) {
    if (v === undefined) continue;
    const problem = checkJsonValue(v, RUN_FILE_LIMITS);
    if (problem) return fail([field, ...problem.path].join('.'), problem.message);
  }
  const result = runRecordSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0] as unknown as Issue;
    const field = issue.path.map(String).join('.');
    return fail(field, describeIssue(issue));
  }
  const problem = checkRunSemantics(result.data);
  if (problem) return fail(problem.field, problem.message);
  return { ok: true, run: result.data };
}

/**
 * Validates a run record given as JSON text or as an already parsed value. Never throws: a
 * value that cannot even be read (a throwing getter, a Proxy) is a RunFormatError too.
 */
export function safeParseRun(input: unknown): ParseRunResult {
  try {
    return check(input);
  } catch (e) {
    return fail('', `unreadable: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Validates a run record; throws RunFormatError naming the first bad field. */
export function parseRun(input: unknown): RunRecord {
  const result = safeParseRun(input);
  if (!result.ok) throw result.error;
  return result.run;
}

/** JSON text of a run record, validated first so a writer can never produce a file readers refuse. */
export function serializeRun(run: RunRecord): string {
  return JSON.stringify(parseRun(run), null, 2) + '\n';
}
