// Bad input is reported with the option that was wrong and the value that was given, so a
// caller (or the CLI) can point at the exact flag.

function show(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** An option of `rangeTest` (or of a pure helper such as `lrSchedule`) is invalid. */
export class RangeTestError extends Error {
  override readonly name: string = 'RangeTestError';
  constructor(
    /** The option's name as written in the options object, e.g. `startLr`. */
    readonly option: string,
    /** The value that was given. */
    readonly value: unknown,
    /** What is expected, e.g. `a finite number > 0`. */
    expected: string,
    /** A message of its own instead of `<option> must be <expected>; got <value>`, and the error behind it. */
    detail?: { message?: string; cause?: unknown },
  ) {
    super(detail?.message ?? `${option} must be ${expected}; got ${show(value)}`, detail?.cause !== undefined ? { cause: detail.cause } : undefined);
  }
}

/** An option or argument of `LRFinder` (model, data, optimizer, loss) is invalid. */
export class LRFinderError extends RangeTestError {
  override readonly name: string = 'LRFinderError';
}
