// Reading and writing run files: expected failures are data (safeParseRun), and parseRun
// throws a RunFormatError that names the first bad field.
import { RUN_FORMAT, runRecordSchema, type RunRecord } from './run-record';

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

/** Validates a run record given as JSON text or as an already parsed value. Never throws. */
export function safeParseRun(input: unknown): ParseRunResult {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      return { ok: false, error: new RunFormatError(`not JSON: ${(e as Error).message}`, '') };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: new RunFormatError('a run file must hold one JSON object', '') };
  }
  const format = (value as { format?: unknown }).format;
  if (format !== RUN_FORMAT) {
    const found = format === undefined ? 'no format field' : `format ${JSON.stringify(format)}`;
    return {
      ok: false,
      error: new RunFormatError(`unsupported run file: ${found}; this reader reads ${RUN_FORMAT}`, 'format'),
    };
  }
  const result = runRecordSchema.safeParse(value);
  if (result.success) return { ok: true, run: result.data };
  const issue = result.error.issues[0];
  const field = issue.path.map(String).join('.');
  const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
  return { ok: false, error: new RunFormatError(`${field || 'run'}: ${issue.message}${keys}`, field) };
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
