// When a `running` run has stopped being written: the CLI rewrites a running test's file at
// least every 500 ms and beats a heartbeat every <= 10 s, so 45 s of silence means its process
// is gone (killed, machine down). Such a run is shown "stalled" and no longer polled.

/** Silence after which a running run is stalled. @default 45 s */
export const STALL_AFTER_MS = 45_000;

/** Milliseconds since the run was last written: its `updatedAt` or its file's mtime, the later. */
export function runAgeMs(updatedAt: string, mtimeMs: number | null, now: number): number {
  const written = Math.max(Date.parse(updatedAt) || 0, mtimeMs ?? 0);
  return Math.max(0, now - written);
}

export function isStalled(status: string, ageMs: number): boolean {
  return status === 'running' && ageMs > STALL_AFTER_MS;
}
