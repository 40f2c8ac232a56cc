'use client';
// The run page's body: charts first (they are the product), then suggestions and facts.
// Follows the file live while the run's status is `running`.
import type { RunRecord } from '@lrfinder/core';
import { LossChart, LossDeltaChart } from './charts';
import { Downloads } from './downloads';
import { ConfigFacts, ModelSummary, SuggestionsTable, TimingFacts } from './run-details';
import { StatusBadge } from './status-badge';
import { useLiveRun } from './use-live-run';
import { DeleteRun } from './delete-run';
import { formatAge, formatLr } from '../lib/format';
import type { WriteMode } from '../server/write-mode';

export interface RunViewProps {
  path: string;
  initial: RunRecord;
  etag: string | null;
  /** Milliseconds since the file was last written, when the page was rendered. */
  ageMs: number;
  mode: WriteMode;
}

export function RunView({ path, initial, etag, ageMs: initialAge, mode }: RunViewProps) {
  const { run, error, stalled, ageMs, recheck } = useLiveRun(path, initial, etag, initialAge);
  const rec = run.suggestions[run.suggestions.recommended];
  const live = run.status === 'running' && !stalled;
  return (
    <article className="run" data-status={run.status}>
      <div className="page-head">
        <div>
          <h1>
            {run.label} <StatusBadge status={run.status} stalled={stalled} />
          </h1>
          <p className="muted">
            <span className="mono">{path}</span>
            {run.sweep && ` · sweep ${run.sweep.id}, test ${run.sweep.index + 1} of ${run.sweep.count}`}
            {' · '}
            <span data-testid="step-count">{run.points.length}</span> of {run.config.numIter} steps
            {live && <span className="live-dot" title="following the file live" />}
          </p>
          {stalled && (
            <p className="notice stalled" data-testid="stalled" role="status">
              No write for {formatAge(ageMs)}: the process writing this run has probably stopped. The page stopped following it.{' '}
              <button className="button" onClick={recheck}>
                Check again
              </button>
            </p>
          )}
          {error && <p className="error-text">Live update failed: {error}</p>}
        </div>
        <div className="headline">
          <div className="muted small">
            recommended ({run.suggestions.recommended})
            {run.status === 'running' && (
              <span className="provisional" data-testid="provisional" title="the test is still running: this value can change">
                {' '}
                · provisional
              </span>
            )}
          </div>
          <div className="big mono" data-testid="recommended-lr">
            {formatLr(rec.lr)}
          </div>
        </div>
      </div>
      <div className="run-actions">
        <Downloads path={path} id={run.id} />
        <DeleteRun path={path} mode={mode} />
      </div>
      <section className="card chart-card">
        <LossChart run={run} height={440} title="Loss vs learning rate" />
      </section>
      <section className="card chart-card">
        <LossDeltaChart run={run} sma={20} height={320} title="Loss delta (20-step average)" />
      </section>
      <div className="grid-2">
        <section className="card">
          <h2>Suggestions</h2>
          <SuggestionsTable run={run} />
        </section>
        <section className="card">
          <h2>Config</h2>
          <ConfigFacts run={run} />
        </section>
        <section className="card">
          <h2>Model</h2>
          <ModelSummary run={run} />
        </section>
        <section className="card">
          <h2>Timing and backend</h2>
          <TimingFacts run={run} />
        </section>
      </div>
      {run.error && (
        <section className="card">
          <h2>Error</h2>
          <pre className="error-text">{run.error.message}</pre>
        </section>
      )}
    </article>
  );
}
