'use client';
// The runs list: one table per sweep (top-level runs first), filterable by text and status,
// sortable by any column, with error rows for files that are not valid run files and
// checkboxes to open a comparison.
import Link from 'next/link';
import { useMemo, useState } from 'react';
import type { RunStatus } from '@lrfinder/core';
import type { RunListing, SweepGroup } from '../server/run-store';
import type { RunSummary } from '../server/run-summary';
import { formatDate, formatDuration, formatLr } from '../lib/format';
import { StatusBadge } from './status-badge';

// Listed here (not imported from core) so the list page's bundle does not pull in core's tfjs code.
const STATUSES: readonly RunStatus[] = ['running', 'completed', 'diverged', 'interrupted', 'failed'];

type Key = 'label' | 'status' | 'model' | 'optimizer' | 'batchSize' | 'backend' | 'recommendedLr' | 'durationMs' | 'updatedAt';
const COLUMNS: { key: Key; title: string; numeric?: boolean }[] = [
  { key: 'label', title: 'Label' },
  { key: 'status', title: 'Status' },
  { key: 'model', title: 'Model' },
  { key: 'optimizer', title: 'Optimizer' },
  { key: 'batchSize', title: 'Batch', numeric: true },
  { key: 'backend', title: 'Backend' },
  { key: 'recommendedLr', title: 'Recommended lr', numeric: true },
  { key: 'durationMs', title: 'Duration', numeric: true },
  { key: 'updatedAt', title: 'Updated' },
];

function compare(a: RunSummary, b: RunSummary, key: Key): number {
  const x = a[key];
  const y = b[key];
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
}

function matches(run: RunSummary, text: string): boolean {
  if (!text) return true;
  const hay = [run.label, run.id, run.sweepId, run.model, run.optimizer, run.backend, run.dataset].join(' ').toLowerCase();
  return text.toLowerCase().split(/\s+/).every((w) => hay.includes(w));
}

function groupTitle(g: SweepGroup): string {
  return g.id === null ? 'Runs' : `Sweep ${g.id}`;
}

export function RunsTable({ listing }: { listing: RunListing }) {
  const [text, setText] = useState('');
  const [status, setStatus] = useState<string>('');
  const [sort, setSort] = useState<{ key: Key; desc: boolean }>({ key: 'updatedAt', desc: true });
  const [selected, setSelected] = useState<string[]>([]);

  const groups = useMemo(
    () =>
      listing.groups
        .map((g) => ({
          ...g,
          shown: g.runs
            .filter((r) => matches(r, text) && (!status || r.status === status))
            .sort((a, b) => (sort.desc ? -1 : 1) * compare(a, b, sort.key)),
        }))
        .filter((g) => g.runs.length > 0 || g.errors.length > 0 || g.id !== null),
    [listing, text, status, sort],
  );
  const total = listing.groups.reduce((n, g) => n + g.runs.length, 0);
  const toggle = (path: string) => setSelected((s) => (s.includes(path) ? s.filter((p) => p !== path) : [...s, path]));
  const setSortKey = (key: Key) => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key === 'updatedAt' }));

  return (
    <div className="runs">
      <div className="toolbar">
        <input type="search" placeholder="Filter: label, model, optimizer, backend…" value={text} onChange={(e) => setText(e.target.value)} aria-label="filter runs" />
        <select value={status} onChange={(e) => setStatus(e.target.value)} aria-label="status filter">
          <option value="">all statuses</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <span className="muted">{total} runs</span>
        <span className="spacer" />
        {selected.length > 0 && (
          <Link className="button primary" href={`/compare?runs=${selected.join(',')}`} data-testid="compare-selected">
            Compare {selected.length} selected
          </Link>
        )}
      </div>
      {!listing.exists && (
        <p className="notice">
          The runs folder <code>{listing.dir}</code> does not exist yet. Run <code>lrfinder run</code>, upload a file or start a browser sweep.
        </p>
      )}
      {groups.map((g) => (
        <section key={g.id ?? ''} className="group" data-sweep={g.id ?? ''}>
          <h2>
            {groupTitle(g)}
            {g.id !== null && (
              <span className="progress-pill" data-testid="sweep-progress">
                {g.done}/{g.count ?? g.runs.length} done
                {g.stopped > 0 && `, ${g.stopped} interrupted or failed`}
              </span>
            )}
            {g.description && <span className="muted"> — {g.description}</span>}
          </h2>
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th aria-label="select" />
                  {COLUMNS.map((c) => (
                    <th key={c.key} className={c.numeric ? 'num' : ''}>
                      <button className="sort" onClick={() => setSortKey(c.key)}>
                        {c.title}
                        {sort.key === c.key ? (sort.desc ? ' ▾' : ' ▴') : ''}
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {g.shown.map((r) => (
                  <tr key={r.path} data-run={r.path}>
                    <td>
                      <input type="checkbox" checked={selected.includes(r.path)} onChange={() => toggle(r.path)} aria-label={`select ${r.id}`} />
                    </td>
                    <td>
                      <Link href={`/runs/${r.path}`} className="run-link">
                        {r.label}
                      </Link>
                      <div className="muted small">{r.id}</div>
                    </td>
                    <td>
                      <StatusBadge status={r.status} />
                      {r.status === 'running' && <div className="muted small">{r.steps}/{r.numIter} steps</div>}
                    </td>
                    <td>{r.model ?? '—'}</td>
                    <td>{r.optimizer ?? '—'}</td>
                    <td className="num">{r.batchSize ?? '—'}</td>
                    <td>{r.backend ?? '—'}</td>
                    <td className="num mono" title={r.recommendedMethod}>
                      {formatLr(r.recommendedLr)}
                    </td>
                    <td className="num">{formatDuration(r.durationMs)}</td>
                    <td className="small">{formatDate(r.updatedAt)}</td>
                  </tr>
                ))}
                {g.errors.map((e) => (
                  <tr key={e.file} className="error-row" data-error-file={e.file}>
                    <td />
                    <td className="mono">{e.file}</td>
                    <td>
                      <span className="badge badge-failed">invalid</span>
                    </td>
                    <td colSpan={COLUMNS.length - 2} className="error-reason">
                      {e.reason}
                    </td>
                  </tr>
                ))}
                {!text && !status &&
                  g.pending.map((p) => (
                    <tr key={`pending-${p.id}`} className="pending-row" data-pending={p.id}>
                      <td />
                      <td>
                        {p.label}
                        <div className="muted small">{p.id}</div>
                      </td>
                      <td>
                        <span className="badge badge-interrupted">pending</span>
                      </td>
                      <td colSpan={COLUMNS.length - 2} className="muted">
                        no run file yet
                      </td>
                    </tr>
                  ))}
                {g.shown.length === 0 && g.errors.length === 0 && g.pending.length === 0 && (
                  <tr>
                    <td colSpan={COLUMNS.length + 1} className="muted">
                      {g.runs.length === 0 ? 'no runs yet' : 'no run matches the filter'}
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}
