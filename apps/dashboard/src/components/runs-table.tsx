'use client';
// The runs list: one table per sweep (top-level runs first), filterable by text and status,
// sortable by any column, with error rows for files that are not valid run files and
// checkboxes to open a comparison. Long groups are paged (100 rows a page) and every count
// follows the filter.
import Link from 'next/link';
import { Fragment, useMemo, useState } from 'react';
import type { RunStatus } from '@lrfinder/core';
import type { SweepGroup } from '../server/run-store';
import type { GroupSummary } from '../server/group-store';
import type { PublicListing } from '../server/public-listing';
import type { RunSummary } from '../server/run-summary';
import { formatDate, formatDuration, formatLoss, formatLr, formatRange } from '../lib/format';
import { StatusBadge } from './status-badge';

// Listed here (not imported from core) so the list page's bundle does not pull in core's tfjs code.
const STATUSES: readonly (RunStatus | 'stalled')[] = ['running', 'stalled', 'completed', 'diverged', 'interrupted', 'failed'];

/** Rows of one group shown at once; the pager shows the rest. */
export const PAGE_SIZE = 100;

type Key = 'label' | 'status' | 'dataset' | 'model' | 'optimizer' | 'batchSize' | 'backend' | 'startLr' | 'steps' | 'lowestLoss' | 'recommendedLr' | 'durationMs' | 'updatedAt';
/**
 * `keep`: the columns a phone keeps (label, status, recommended lr); the others are `wide`,
 * hidden on narrow screens, where the label cell folds optimizer, steps and lowest loss into a
 * line under the id (globals.css, max-width 720px), so the table never scrolls sideways.
 */
const COLUMNS: { key: Key; title: string; numeric?: boolean; keep?: boolean }[] = [
  { key: 'label', title: 'Label', keep: true },
  { key: 'status', title: 'Status', keep: true },
  { key: 'dataset', title: 'Dataset' },
  { key: 'model', title: 'Model' },
  { key: 'optimizer', title: 'Optimizer' },
  { key: 'batchSize', title: 'Batch', numeric: true },
  { key: 'backend', title: 'Backend' },
  { key: 'startLr', title: 'Range' },
  { key: 'steps', title: 'Steps', numeric: true },
  { key: 'lowestLoss', title: 'Lowest loss', numeric: true },
  { key: 'recommendedLr', title: 'Recommended lr', numeric: true, keep: true },
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

function statusMatches(run: RunSummary, status: string): boolean {
  if (!status) return true;
  if (status === 'stalled') return run.status === 'running' && run.stalled;
  if (status === 'running') return run.status === 'running' && !run.stalled;
  return run.status === status;
}

function groupTitle(g: SweepGroup): string {
  return g.id === null ? 'Runs' : `Sweep ${g.id}`;
}

function EmptyState() {
  return (
    <section className="card empty-state" data-testid="empty-state">
      <h2>No range tests yet</h2>
      <p>This dashboard shows the run files of its runs folder. To add some:</p>
      <ul>
        <li>
          run one on a training machine: <code>lrfinder run --model mnist-cnn --optimizer sgd,adam</code>, with the folder as <code>--out</code>;
        </li>
        <li>
          <Link href="/upload">upload run files</Link> written elsewhere;
        </li>
        <li>
          or <Link href="/sweep">run a small sweep in this browser</Link>.
        </li>
      </ul>
    </section>
  );
}

function Pager({ page, pages, total, onPage }: { page: number; pages: number; total: number; onPage: (p: number) => void }) {
  if (pages <= 1) return null;
  const from = page * PAGE_SIZE + 1;
  const to = Math.min(total, (page + 1) * PAGE_SIZE);
  return (
    <nav className="pager" aria-label="pages of runs" data-testid="pager">
      <button className="button" onClick={() => onPage(page - 1)} disabled={page === 0}>
        ← Previous
      </button>
      <span>
        {from}–{to} of {total}
      </span>
      <button className="button" onClick={() => onPage(page + 1)} disabled={page >= pages - 1}>
        Next →
      </button>
    </nav>
  );
}

function RunRow({ r, selected, toggle, nested = false }: { r: RunSummary; selected: boolean; toggle: (path: string) => void; nested?: boolean }) {
  const steps = r.status === 'running' ? `${r.steps}/${r.numIter}` : String(r.steps);
  return (
    <tr data-run={r.path} className={nested ? 'nested-run' : undefined}>
      <td>
        <input type="checkbox" checked={selected} onChange={() => toggle(r.path)} aria-label={`select ${r.id}`} />
      </td>
      <td className="label-cell">
        <Link href={`/runs/${r.path}`} className="run-link">
          {r.label}
        </Link>
        <div className="muted small">{r.id}</div>
        <div className="muted small fold" data-testid="fold">
          {[r.optimizer, `${steps} steps`, `lowest ${formatLoss(r.lowestLoss)}`, r.dataset].filter(Boolean).join(' · ')}
        </div>
      </td>
      <td>
        <StatusBadge status={r.status} stalled={r.stalled} />
      </td>
      <td className="wide">{r.dataset ?? '—'}</td>
      <td className="wide">{r.model ?? '—'}</td>
      <td className="wide">{r.optimizer ?? '—'}</td>
      <td className="num wide">{r.batchSize ?? '—'}</td>
      <td className="wide">{r.backend ?? '—'}</td>
      <td className="mono small wide">{formatRange(r.startLr, r.endLr)}</td>
      <td className="num wide">{steps}</td>
      <td className="num mono wide">{formatLoss(r.lowestLoss)}</td>
      <td className="num mono" title={`${r.recommendedMethod}${r.status === 'running' ? ', provisional: the test is still running' : ''}`}>
        {formatLr(r.recommendedLr)}
        {r.status === 'running' && r.recommendedLr !== null && <span className="muted small"> (provisional)</span>}
      </td>
      <td className="num wide">{formatDuration(r.durationMs)}</td>
      <td className="small wide">{formatDate(r.updatedAt)}</td>
    </tr>
  );
}

function matchesGroup(g: GroupSummary, text: string): boolean {
  const hay = `${g.label} ${g.id}`.toLowerCase();
  return text.toLowerCase().split(/\s+/).every((w) => hay.includes(w));
}

export function RunsTable({ listing }: { listing: PublicListing }) {
  const [text, setText] = useState('');
  const [status, setStatus] = useState<string>('');
  const [sort, setSort] = useState<{ key: Key; desc: boolean }>({ key: 'updatedAt', desc: true });
  const [selected, setSelected] = useState<string[]>([]);
  const [pages, setPages] = useState<Record<string, number>>({});
  const [expanded, setExpanded] = useState<string[]>([]);

  const groups = useMemo(
    () =>
      listing.groups
        .map((g) => ({
          ...g,
          shown: g.runs
            .filter((r) => matches(r, text) && statusMatches(r, status))
            .sort((a, b) => (sort.desc ? -1 : 1) * compare(a, b, sort.key)),
        }))
        .filter((g) => g.runs.length > 0 || g.errors.length > 0 || g.repeatGroups.length > 0 || g.id !== null),
    [listing, text, status, sort],
  );
  const total = listing.groups.reduce((n, g) => n + g.runs.length, 0);
  const matching = groups.reduce((n, g) => n + g.shown.length, 0);
  const errors = listing.groups.reduce((n, g) => n + g.errors.length, 0);
  const toggle = (path: string) => setSelected((s) => (s.includes(path) ? s.filter((p) => p !== path) : [...s, path]));
  const setSortKey = (key: Key) => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key === 'updatedAt' }));
  const filtering = text !== '' || status !== '';

  if (total === 0 && errors === 0 && listing.groups.every((g) => g.pending.length === 0)) {
    return (
      <>
        {!listing.exists && <p className="notice">The runs folder (<code>RUNS_DIR</code>) does not exist yet: it is made by the first run, upload or saved sweep.</p>}
        <EmptyState />
      </>
    );
  }

  return (
    <div className="runs">
      <div className="toolbar">
        <input type="search" placeholder="Filter: label, model, optimizer, backend…" value={text} onChange={(e) => { setText(e.target.value); setPages({}); }} aria-label="filter runs" />
        <select value={status} onChange={(e) => { setStatus(e.target.value); setPages({}); }} aria-label="status filter">
          <option value="">all statuses</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <span className="muted" data-testid="run-count" aria-live="polite">
          {filtering ? `${matching} of ${total} runs` : `${total} runs`}
        </span>
        <span className="spacer" />
        {selected.length > 0 && (
          <Link className="button primary" href={`/compare?runs=${selected.join(',')}`} data-testid="compare-selected">
            Compare {selected.length} selected
          </Link>
        )}
      </div>
      {groups.map((g) => {
        const key = g.id ?? '';
        // Repeats of a group sit under the group's row, not in the flat list.
        const grouped = new Set(g.repeatGroups.flatMap((rg) => rg.runIds));
        const flat = g.shown.filter((r) => !grouped.has(r.id));
        const pageCount = Math.max(1, Math.ceil(flat.length / PAGE_SIZE));
        const page = Math.min(pages[key] ?? 0, pageCount - 1);
        const rows = flat.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
        return (
          <section key={key} className="group" data-sweep={key}>
            <h2>
              {groupTitle(g)}
              {g.id !== null && (
                <span className="progress-pill" data-testid="sweep-progress">
                  {g.done}/{g.count ?? g.runs.length} done
                  {g.stopped > 0 && `, ${g.stopped} interrupted or failed`}
                </span>
              )}
              {filtering && <span className="muted small">{g.shown.length} of {g.runs.length}</span>}
              {g.description && <span className="muted small"> — {g.description}</span>}
              {g.id !== null && g.runs.length > 1 && (
                <Link className="button small-button" href={`/compare?runs=${g.runs.map((r) => r.path).join(',')}`} data-testid="compare-sweep">
                  Compare this sweep
                </Link>
              )}
            </h2>
            <div className="table-wrap">
              <table className="data runs-table">
                <thead>
                  <tr>
                    <th aria-label="select" />
                    {COLUMNS.map((c) => (
                      <th key={c.key} className={[c.numeric ? 'num' : '', c.keep ? '' : 'wide'].join(' ').trim() || undefined}
                        aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : undefined}>
                        <button className="sort" onClick={() => setSortKey(c.key)}>
                          {c.title}
                          {sort.key === c.key ? (sort.desc ? ' ▾' : ' ▴') : ''}
                        </button>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {g.repeatGroups.map((rg) => {
                    const members = g.shown.filter((r) => rg.runIds.includes(r.id));
                    if (filtering && members.length === 0 && !matchesGroup(rg, text)) return null;
                    // A filter opens the groups it finds repeats in.
                    const open = expanded.includes(rg.path) || (filtering && members.length > 0);
                    return (
                      <Fragment key={`group-${rg.path}`}>
                        <tr className="repeat-group-row" data-group={rg.path}>
                          <td>
                            <button className="expand" aria-expanded={open} aria-label={`${open ? 'hide' : 'show'} the ${rg.repeats} repeats of ${rg.label}`}
                              onClick={() => setExpanded((e) => (open ? e.filter((p) => p !== rg.path) : [...e, rg.path]))} data-testid="expand-group">
                              {open ? '▾' : '▸'}
                            </button>
                          </td>
                          <td className="label-cell">
                            <Link href={`/groups/${rg.path}`} className="run-link">
                              {rg.label}
                            </Link>
                            <div className="muted small">group of {rg.repeats} repeats{rg.excluded > 0 ? `, ${rg.excluded} left out` : ''}</div>
                            <div className="muted small fold">{rg.verdict}</div>
                          </td>
                          <td>
                            <span className="badge badge-completed">{rg.repeats} repeats</span>
                          </td>
                          <td colSpan={COLUMNS.length - 5} className="muted small group-verdict wide">
                            {rg.verdict}
                          </td>
                          <td className="num mono" title={`stable ${rg.stableMethod}`}>
                            {formatLr(rg.stableLr)}
                            {rg.interval && (
                              <div className="muted small">
                                [{formatLr(rg.interval.low)}, {formatLr(rg.interval.high)}]
                              </div>
                            )}
                          </td>
                          <td className="wide" />
                          <td className="wide" />
                        </tr>
                        {open && members.map((r) => <RunRow key={r.path} r={r} nested selected={selected.includes(r.path)} toggle={toggle} />)}
                      </Fragment>
                    );
                  })}
                  {rows.map((r) => <RunRow key={r.path} r={r} selected={selected.includes(r.path)} toggle={toggle} />)}
                  {g.errors.map((e) => (
                    <tr key={e.file} className="error-row" data-error-file={e.file}>
                      <td />
                      <td className="mono label-cell">{e.file}</td>
                      <td>
                        <span className="badge badge-failed">invalid</span>
                      </td>
                      <td colSpan={COLUMNS.length - 2} className="error-reason">
                        {e.reason}
                      </td>
                    </tr>
                  ))}
                  {!filtering &&
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
            <Pager page={page} pages={pageCount} total={flat.length} onPage={(p) => setPages((all) => ({ ...all, [key]: p }))} />
          </section>
        );
      })}
    </div>
  );
}
