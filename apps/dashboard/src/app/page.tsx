// Runs list: every run file of RUNS_DIR, grouped by sweep.
import { listRuns } from '../server/run-store';
import { runsDir } from '../server/repo-root';
import { RunsTable } from '../components/runs-table';
import { LiveRefresh } from '../components/live-refresh';

export const dynamic = 'force-dynamic';

export default async function RunsPage() {
  const listing = await listRuns(runsDir());
  const running = listing.groups.some((g) => g.runs.some((r) => r.status === 'running'));
  return (
    <>
      <div className="page-head">
        <h1>Range tests</h1>
        <p className="muted">
          Run files in <code>{listing.dir}</code>
        </p>
      </div>
      <RunsTable listing={listing} />
      <LiveRefresh active={running} />
    </>
  );
}
