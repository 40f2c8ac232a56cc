// A group of repeats: /groups/<id> or /groups/<sweepId>/<id>. The median smoothed loss with its
// band (drawn on the server as SVG), the stable suggestion with its interval, the verdict, and
// every repeat with a link to its own page.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { readGroupFile } from '../../../server/group-store';
import { runsDir } from '../../../server/repo-root';
import { refFromSegments, refToPath, UnsafePathError } from '../../../server/safe-path';
import { setPageStatus } from '../../../server/page-status';
import { StatusBadge } from '../../../components/status-badge';
import { formatLr } from '../../../lib/format';

export const dynamic = 'force-dynamic';
type Params = { params: Promise<{ path: string[] }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { path } = await params;
  try {
    const read = await readGroupFile(runsDir(), refFromSegments(path));
    if (!read.ok && read.status === 400) return { title: 'Invalid group path · lrfinder' };
    return { title: read.ok ? `${read.group.label} (${read.group.aggregate.repeats} repeats) · lrfinder` : 'Group · lrfinder' };
  } catch {
    return { title: 'Invalid group path · lrfinder' };
  }
}

/** A bad path or a symlink out of the runs folder: 400, like an invalid run path. */
function invalidPath(reason: string) {
  setPageStatus(400);
  return (
    <div className="card problem" data-testid="group-problem">
      <h1>Invalid group path</h1>
      <p className="error-text">{reason}</p>
      <p>
        <Link href="/">Back to the runs</Link>
      </p>
    </div>
  );
}

export default async function GroupPage({ params }: Params) {
  const { path } = await params;
  let ref;
  try {
    ref = refFromSegments(path);
  } catch (e) {
    if (e instanceof UnsafePathError) return invalidPath(e.message);
    throw e;
  }
  const read = await readGroupFile(runsDir(), ref);
  if (!read.ok && read.status === 400) return invalidPath(read.reason);
  if (!read.ok && read.status === 404) notFound();
  if (!read.ok) {
    return (
      <div className="card problem" data-testid="group-problem">
        <h1>Invalid group file</h1>
        <p className="error-text">{read.reason}</p>
      </div>
    );
  }
  const g = read.group;
  const a = g.aggregate;
  const where = refToPath(ref);
  const runPath = (id: string) => (ref.sweepId ? `${ref.sweepId}/${id}` : id);
  return (
    <article data-testid="group-page">
      <div className="page-head">
        <div>
          <h1>
            {g.label} <span className="badge badge-completed">{a.repeats} repeats</span>
          </h1>
          <p className="muted">
            <span className="mono">{where}</span> · group of repeats of one configuration
          </p>
        </div>
        <div className="headline">
          <div className="muted small">stable ({a.stable.method})</div>
          <div className="big mono" data-testid="stable-lr">
            {formatLr(a.stable.lr)}
          </div>
          {a.stable.interval && (
            <div className="muted small mono">
              [{formatLr(a.stable.interval.low)}, {formatLr(a.stable.interval.high)}] ({Math.round(a.stable.interval.coverage * 100)}%)
            </div>
          )}
        </div>
      </div>
      <p className="notice" data-testid="verdict">{a.verdict}</p>
      <section className="card chart-card">
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src={`/api/groups/${where}?format=svg`} alt={`Median smoothed loss of ${a.repeats} repeats with its band, ${g.label}`} style={{ width: '100%', height: 'auto' }} data-testid="band" />
      </section>
      <div className="table-wrap">
        <table className="data" data-testid="repeats">
          <thead>
            <tr>
              <th>Repeat</th>
              <th>Status</th>
              <th className="num">Seed</th>
            </tr>
          </thead>
          <tbody>
            {g.runs.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link href={`/runs/${runPath(r.id)}`}>{r.id}</Link>
                </td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td className="num">{r.seed ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <Link className="button" href={`/compare?runs=${g.runs.map((r) => runPath(r.id)).join(',')}`}>
          Compare the repeats
        </Link>
      </p>
    </article>
  );
}
