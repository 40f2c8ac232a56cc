// The names and limits of the run file format `lrfinder.run/v1`, without the schema: the range
// test needs these constants, and must not pull the validator into a browser bundle for them.

export const RUN_FORMAT = 'lrfinder.run/v1';

export const RUN_STATUSES = ['running', 'completed', 'diverged', 'interrupted', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * Why a test stopped: `finished` (all `numIter` steps ran), `diverged` (the smoothed loss passed
 * the divergence limit), `nan` (a non-finite loss), `aborted` (the AbortSignal fired),
 * `error` (the training step threw). `null` while the test is still running.
 */
export const STOP_REASONS = ['finished', 'diverged', 'nan', 'aborted', 'error'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

export const SUGGESTION_METHODS = ['steepest', 'minimum', 'valley', 'slide', 'smaDelta'] as const;
export type SuggestionMethod = (typeof SUGGESTION_METHODS)[number];

/** The stop reasons each status allows (a `completed` run cannot have stopped on a NaN). */
export const STOP_REASONS_OF: Record<RunStatus, readonly (StopReason | null)[]> = {
  running: [null],
  completed: ['finished'],
  diverged: ['diverged', 'nan'],
  interrupted: ['aborted'],
  failed: ['error'],
};

/**
 * Limits a reader enforces before it reads a run file, so a huge or hostile file is refused
 * at once instead of taking seconds and memory: the JSON text (in characters, checked before
 * JSON.parse), the points (checked before the schema), and `meta` / `optimizer.config`
 * (JSON values only: nesting depth and number of values).
 */
export const RUN_FILE_LIMITS = {
  /** Characters of JSON text (32 MiB; a 10,000-step run is about 1.5 MB). */
  maxChars: 32 * 1024 * 1024,
  /** Points of one run. */
  maxPoints: 200_000,
  /** Nesting depth of `meta` and `optimizer.config` (an object in an object is depth 2). */
  maxDepth: 16,
  /** Values (keys' values and array items, nested ones included) in `meta` and in `optimizer.config`. */
  maxValues: 10_000,
} as const;
