/** An argument of a plotting function is invalid: which one, what was given, what is expected. */
export class PlottingError extends Error {
  override readonly name = 'PlottingError';
  constructor(
    /** The argument or option, e.g. `maxPoints`. */
    readonly option: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`${option} must be ${expected}; got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  }
}
