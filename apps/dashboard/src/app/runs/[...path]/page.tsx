// Run page: /runs/<id> or /runs/<sweepId>/<id>. A run that does not exist is a 404 (Next's
// notFound); an invalid path renders its reason and the server's gate answers it with 400.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { readRun } from '../../../server/run-store';
import { runsDir } from '../../../server/repo-root';
import { refFromSegments, refToPath, UnsafePathError, type RunRef } from '../../../server/safe-path';
import { etagOf } from '../../../server/etag';
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
    if (e instanceof UnsafePathError) return <Problem title="Invalid run path" reason={e.message} />;
    throw e;
  }
  const read = await readRun(runsDir(), ref);
  // A symlink pointing out of the folder is answered as missing (the list shows why).
  if (!read.ok && (read.status === 404 || read.status === 400)) notFound();
  if (!read.ok) return <Problem title="Invalid run file" reason={read.reason} />;
  return <RunView path={refToPath(ref)} initial={read.run} etag={etagOf(read.text, 'json')} ageMs={runAgeMs(read.run.updatedAt, read.mtimeMs, Date.now())} mode={writeMode()} />;
}
