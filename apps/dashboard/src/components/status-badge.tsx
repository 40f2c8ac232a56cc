import type { RunStatus } from '@lrfinder/core';

/** A run's status; a running run whose file stopped changing shows as `stalled`. */
export function StatusBadge({ status, stalled = false }: { status: RunStatus; stalled?: boolean }) {
  if (status === 'running' && stalled) {
    return (
      <span className="badge badge-stalled" title="running, but its file has not changed for 45 s or more">
        stalled
      </span>
    );
  }
  return <span className={`badge badge-${status}`}>{status}</span>;
}
