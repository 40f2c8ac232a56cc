// What every command handler gets instead of touching `process` directly, so handlers are
// plain async functions that tests call with buffers and a controlled environment.

/** Anything text can be written to: process.stdout, or a buffer in tests. */
export interface TextSink {
  write(chunk: string): unknown;
  /** True on a terminal: progress is drawn as a bar. */
  isTTY?: boolean;
  /** Terminal width, when known. */
  columns?: number;
}

export interface CommandIO {
  stdout: TextSink;
  stderr: TextSink;
  env: Record<string, string | undefined>;
  /** Aborted on SIGINT/SIGTERM. */
  signal?: AbortSignal;
  /** Resolves relative paths. @default process.cwd() */
  cwd?: string;
}

/** Exit codes of every command (documented in the README). */
export const EXIT = { ok: 0, failed: 1, badInput: 2, interrupted: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Bad usage or input: reported as one line (no stack trace unless --debug) with exit code 2.
 * `field` names the flag or file field that was wrong, when there is one.
 */
export class CliInputError extends Error {
  override readonly name = 'CliInputError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The folder relative paths are read against: where the user typed the command (npm sets INIT_CWD). */
export function baseDir(io: CommandIO): string {
  return io.env.INIT_CWD || io.cwd || process.cwd();
}

/** A text buffer sink for tests and for capturing output. */
export function bufferSink(isTTY = false): TextSink & { text(): string } {
  const chunks: string[] = [];
  return { isTTY, write: (c: string) => chunks.push(c), text: () => chunks.join('') };
}
