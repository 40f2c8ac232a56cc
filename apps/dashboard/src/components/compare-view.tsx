'use client';
// Compare: pick runs (the choice is the URL's ?runs=a,sweep/b, so a link can be shared) and
// overlay their loss curves.
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import type { RunRecord } from '@lrfinder/core';
import type { RunSummary } from '../server/run-summary';
import { OverlayChart } from './charts';
import { StatusBadge } from './status-badge';
import { formatLoss, formatLr } from '../lib/format';

export interface CompareProps {
  all: RunSummary[];
  selected: { path: string; run: RunRecord }[];
  problems: { path: string; reason: string }[];
}

function minLoss(run: RunRecord): number | null {
  const finite = run.points.map((p) => p.smoothedLoss).filter((v): v is number => v !== null);
  return finite.length ? Math.min(...finite) : null;
}

export function CompareView({ all, selected, problems }: CompareProps) {
  const router = useRouter();
  const pathname = usePathname();
  const chosen = selected.map((s) => s.path);
  const setChoice = (paths: string[]) => {
    router.replace(paths.length ? `${pathname}?runs=${paths.join(',')}` : pathname, { scroll: false });
  };
  const toggle = (path: string) => setChoice(chosen.includes(path) ? chosen.filter((p) => p !== path) : [...chosen, path]);

  return (
    <>
      <section className="card">
        <h2>
          Runs <span className="muted small">{chosen.length} selected — the selection is in the URL, share it</span>
        </h2>
        {all.length === 0 ? (
          <p className="muted">No runs in the folder yet.</p>
        ) : (
          <div className="picker">
            {all.map((r) => (
              <label key={r.path}>
                <input type="checkbox" checked={chosen.includes(r.path)} onChange={() => toggle(r.path)} data-pick={r.path} />
                <span>
                  {r.label} <span className="muted small mono">{r.path}</span>
                </span>
              </label>
            ))}
          </div>
        )}
        {problems.map((p) => (
          <p key={p.path} className="error-text">
            {p.path}: {p.reason}
          </p>
        ))}
      </section>
      {selected.length > 0 ? (
        <>
          <section className="card chart-card">
            <OverlayChart runs={selected.map((s) => s.run)} height={500} title="Smoothed loss vs learning rate" />
          </section>
          <section className="card chart-card">
            <OverlayChart runs={selected.map((s) => s.run)} value="lossDelta" sma={20} height={320} title="Loss delta (moving average of 20 steps)" />
          </section>
          <div className="table-wrap">
            <table className="data" data-testid="compare-table">
              <thead>
                <tr>
                  <th>Run</th>
                  <th>Status</th>
                  <th>Optimizer</th>
                  <th className="num">Batch</th>
                  <th className="num">Min smoothed loss</th>
                  <th className="num">Recommended lr</th>
                </tr>
              </thead>
              <tbody>
                {selected.map(({ path, run }) => (
                  <tr key={path}>
                    <td>
                      <Link href={`/runs/${path}`}>{run.label}</Link> <span className="muted small mono">{path}</span>
                    </td>
                    <td>
                      <StatusBadge status={run.status} />
                    </td>
                    <td>{run.optimizer?.name ?? '—'}</td>
                    <td className="num">{run.config.batchSize ?? '—'}</td>
                    <td className="num mono">{formatLoss(minLoss(run))}</td>
                    <td className="num mono lr-value">
                      {formatLr(run.suggestions[run.suggestions.recommended].lr)} <span className="muted small">{run.suggestions.recommended}</span>
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
