// Run page: /runs/<id> or /runs/<sweepId>/<id>. A run that does not exist is a 404 (Next's
// notFound); an invalid path (a bad id, or a symlink out of the runs folder) renders its reason
// and is answered with 400 (the server's gate, or setPageStatus).
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { readRun } from '../../../server/run-store';
import { runsDir } from '../../../server/repo-root';
import { refFromSegments, refToPath, UnsafePathError, type RunRef } from '../../../server/safe-path';
import { etagOf } from '../../../server/etag';
import { setPageStatus } from '../../../server/page-status';
import { writeMode } from '../../../server/write-mode';
import { runAgeMs } from '../../../lib/stale';
import { RunView } from '../../../components/run-view';

export const dynamic = 'force-dynamic';

function Problem({ title, reason }: { title: string; reason: string }) {
  return (
    <div className="card problem" data-testid="run-problem">
      <h1>{title}</h1>
      <p className="error-text">{reason}</p>
      <p>
        <Link href="/">Back to the runs</Link>
      </p>
    </div>
  );
}

type Params = { params: Promise<{ path: string[] }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { path } = await params;
  try {
    const read = await readRun(runsDir(), refFromSegments(path));
    if (!read.ok && read.status === 400) return { title: 'Invalid run path · lrfinder' };
    return { title: read.ok ? `${read.run.label || read.run.id} · lrfinder` : 'Run · lrfinder' };
  } catch {
    return { title: 'Invalid run path · lrfinder' };
  }
}

export default async function RunPage({ params }: Params) {
  const { path } = await params;
  let ref: RunRef;
  try {
    ref = refFromSegments(path);
  } catch (e) {
    if (e instanceof UnsafePathError) {
      setPageStatus(400);
      return <Problem title="Invalid run path" reason={e.message} />;
    }
    throw e;
  }
  const read = await readRun(runsDir(), ref);
  // A symlink pointing out of the folder: refused like traversal, never read.
  if (!read.ok && read.status === 400) {
    setPageStatus(400);
    return <Problem title="Invalid run path" reason={read.reason} />;
  }
  if (!read.ok && read.status === 404) notFound();
  if (!read.ok) return <Problem title="Invalid run file" reason={read.reason} />;
  return <RunView path={refToPath(ref)} initial={read.run} etag={etagOf(read.text, 'json')} ageMs={runAgeMs(read.run.updatedAt, read.mtimeMs, Date.now())} mode={writeMode()} />;
}
