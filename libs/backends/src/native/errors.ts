// Why native TensorFlow cannot be had here, as one line: what is missing, then the fix.

export class NativeSetupError extends Error {
  override readonly name = 'NativeSetupError';
  constructor(
    /** What is missing or wrong. */
    readonly problem: string,
    /** What the user can do about it. */
    readonly fix: string,
    /** Set when the user interrupted the setup (Ctrl-C): not a reason to fall back silently. */
    readonly interrupted = false,
  ) {
    super(`${problem}. Fix: ${fix}`);
  }
}

/** Whether `e` is a NativeSetupError (also across bundles, by name). */
export function isNativeSetupError(e: unknown): e is NativeSetupError {
  return e instanceof NativeSetupError || (e as Error)?.name === 'NativeSetupError';
}
