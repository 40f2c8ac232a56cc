// Run page: /runs/<id> or /runs/<sweepId>/<id>.
import Link from 'next/link';
import { readRun } from '../../../server/run-store';
import { runsDir } from '../../../server/repo-root';
import { refFromSegments, refToPath, UnsafePathError, type RunRef } from '../../../server/safe-path';
import { etagOf } from '../../../server/etag';
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

export default async function RunPage({ params }: { params: Promise<{ path: string[] }> }) {
  const { path } = await params;
  let ref: RunRef;
  try {
    ref = refFromSegments(path);
  } catch (e) {
    if (e instanceof UnsafePathError) return <Problem title="Invalid run path" reason={e.message} />;
    throw e;
  }
  const read = await readRun(runsDir(), ref);
  if (!read.ok) return <Problem title={read.status === 404 ? 'Run not found' : 'Invalid run file'} reason={read.reason} />;
  return <RunView path={refToPath(ref)} initial={read.run} etag={etagOf(read.text, 'json')} />;
}
