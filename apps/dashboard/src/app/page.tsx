// Runs list: every run file of RUNS_DIR, grouped by sweep.
import type { Metadata } from 'next';
import { listRuns } from '../server/run-store';
import { publicListing } from '../server/public-listing';
import { runsDir } from '../server/repo-root';
import { RunsTable } from '../components/runs-table';
import { LiveRefresh } from '../components/live-refresh';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Range tests · lrfinder' };

export default async function RunsPage() {
  const listing = publicListing(await listRuns(runsDir()));
  // Only runs that are still being written keep the page refreshing; stalled ones do not.
  const live = listing.groups.some((g) => g.runs.some((r) => r.status === 'running' && !r.stalled));
  return (
    <>
      <div className="page-head">
        <h1>Range tests</h1>
      </div>
      <RunsTable listing={listing} />
      <LiveRefresh active={live} />
    </>
  );
}
