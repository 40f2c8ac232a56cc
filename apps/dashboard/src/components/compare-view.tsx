'use client';
// Compare: pick runs (the choice is the URL's ?runs=a,sweep/b, so a link can be shared) and
// overlay their loss curves. Every chosen run is drawn, each in its own colour (kept when more
// runs are added), with legend names that tell runs of the same label apart.
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import type { RunRecord } from '@lrfinder/core';
import { runColor } from '@lrfinder/plotting/react';
import type { RunSummary } from '../server/run-summary';
import { OverlayChart } from './charts';
import { StatusBadge } from './status-badge';
import { formatLoss, formatLr } from '../lib/format';
import { displayNames } from '../lib/display-names';

export interface CompareProps {
  all: RunSummary[];
  selected: { path: string; run: RunRecord }[];
  problems: { path: string; reason: string }[];
}

function minLoss(run: RunRecord): number | null {
  const finite = run.points.map((p) => p.smoothedLoss).filter((v): v is number => v !== null && Number.isFinite(v));
  return finite.length ? Math.min(...finite) : null;
}

function Picker({ all, chosen, toggle }: { all: RunSummary[]; chosen: string[]; toggle: (path: string) => void }) {
  const [filter, setFilter] = useState('');
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const hit = (r: RunSummary) => {
    const hay = [r.label, r.path, r.optimizer, r.model, r.dataset].join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  };
  // The chosen runs first (in the URL's order), then the others that match the filter.
  const byPath = new Map(all.map((r) => [r.path, r]));
  const first = chosen.map((p) => byPath.get(p)).filter((r): r is RunSummary => r !== undefined);
  const rest = all.filter((r) => !chosen.includes(r.path) && hit(r));
  return (
    <>
      <div className="toolbar">
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Filter runs: label, sweep, optimizer…" aria-label="filter the runs to pick" data-testid="picker-filter" />
        <span className="muted small">{rest.length} more match</span>
      </div>
      <div className="picker" data-testid="picker">
        {[...first, ...rest].map((r) => {
          const i = chosen.indexOf(r.path);
          return (
            <label key={r.path} className={i >= 0 ? 'picked' : undefined}>
              <input type="checkbox" checked={i >= 0} onChange={() => toggle(r.path)} data-pick={r.path} />
              {i >= 0 && <span className="swatch" style={{ background: runColor(i) }} aria-hidden />}
              <span>
                {r.label} <span className="muted small mono">{r.path}</span>
              </span>
            </label>
          );
        })}
      </div>
    </>
  );
}

export function CompareView({ all, selected, problems }: CompareProps) {
  const router = useRouter();
  const pathname = usePathname();
  const chosen = selected.map((s) => s.path);
  const setChoice = (paths: string[]) => {
    router.replace(paths.length ? `${pathname}?runs=${paths.join(',')}` : pathname, { scroll: false });
  };
  const toggle = (path: string) => setChoice(chosen.includes(path) ? chosen.filter((p) => p !== path) : [...chosen, path]);
  const runs = useMemo(() => selected.map((s) => s.run), [selected]);
  const names = useMemo(() => displayNames(selected), [selected]);

  return (
    <>
      <section className="card">
        <h2>
          Runs <span className="muted small">{chosen.length} selected — the selection is in the URL, share it</span>
        </h2>
        {all.length === 0 ? <p className="muted">No runs in the folder yet.</p> : <Picker all={all} chosen={chosen} toggle={toggle} />}
        {problems.map((p) => (
          <p key={p.path} className="error-text">
            {p.path}: {p.reason}
          </p>
        ))}
      </section>
      {selected.length > 0 ? (
        <>
          <section className="card chart-card">
            <OverlayChart runs={runs} names={names} height={500} title="Smoothed loss vs learning rate" />
          </section>
          <section className="card chart-card">
            <OverlayChart runs={runs} names={names} value="lossDelta" sma={20} height={320} title="Loss delta (20-step average)" />
          </section>
          <div className="table-wrap">
            <table className="data" data-testid="compare-table">
              <thead>
                <tr>
                  <th>Run</th>
                  <th>Status</th>
                  <th className="wide">Optimizer</th>
                  <th className="num wide">Batch</th>
                  <th className="num">Lowest loss</th>
                  <th className="num">Recommended lr</th>
                </tr>
              </thead>
              <tbody>
                {selected.map(({ path, run }, i) => (
                  <tr key={path}>
                    <td className="label-cell">
                      <span className="swatch" style={{ background: runColor(i) }} aria-hidden /> <Link href={`/runs/${path}`}>{names[i]}</Link>{' '}
                      <span className="muted small mono">{path}</span>
                    </td>
                    <td>
                      <StatusBadge status={run.status} />
                    </td>
                    <td className="wide">{run.optimizer?.name ?? '—'}</td>
                    <td className="num wide">{run.config.batchSize ?? '—'}</td>
                    <td className="num mono">{formatLoss(minLoss(run))}</td>
                    <td className="num mono lr-value">
                      {formatLr(run.suggestions[run.suggestions.recommended].lr)} <span className="muted small">{run.suggestions.recommended}</span>
                      {run.status === 'running' && <span className="muted small"> (provisional)</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p className="notice">Pick two or more runs to overlay their curves (for example SGD against Adam).</p>
      )}
    </>
  );
}
