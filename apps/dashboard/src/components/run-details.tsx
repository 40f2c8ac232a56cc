// The facts of a run as tables: suggestions, config, model summary, timing, environment.
import type { RunRecord, SuggestionMethod } from '@lrfinder/core';
import { formatCount, formatDate, formatDuration, formatLoss, formatLr } from '../lib/format';

const METHODS: readonly SuggestionMethod[] = ['steepest', 'minimum', 'valley', 'slide', 'smaDelta'];
const METHOD_NOTES: Record<SuggestionMethod, string> = {
  steepest: 'steepest descent of the smoothed loss',
  minimum: 'lr at the lowest smoothed loss ÷ 10',
  valley: 'longest valley (fastai)',
  slide: 'slide rule (fastai)',
  smaDelta: 'lowest loss delta (keras_lr_finder)',
};

export function SuggestionsTable({ run }: { run: RunRecord }) {
  return (
    <table className="data compact" data-testid="suggestions">
      <thead>
        <tr>
          <th>Method</th>
          <th className="num">Learning rate</th>
          <th className="num">Step</th>
          <th className="num">Smoothed loss</th>
        </tr>
      </thead>
      <tbody>
        {METHODS.map((m) => {
          const s = run.suggestions[m];
          const recommended = run.suggestions.recommended === m;
          return (
            <tr key={m} className={recommended ? 'recommended' : ''} data-method={m}>
              <td>
                <strong>{m}</strong> {recommended && <span className="badge badge-completed">recommended</span>}
                <div className="muted small">{METHOD_NOTES[m]}</div>
              </td>
              {s.lr === null ? (
                <td colSpan={3} className="muted">
                  none: {s.reason}
                </td>
              ) : (
                <>
                  <td className="num mono lr-value">{formatLr(s.lr)}</td>
                  <td className="num">{run.points[s.index]?.step ?? s.index}</td>
                  <td className="num mono">{formatLoss(run.points[s.index]?.smoothedLoss)}</td>
                </>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Facts({ rows }: { rows: [string, React.ReactNode][] }) {
  return (
    <dl className="facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ConfigFacts({ run }: { run: RunRecord }) {
  const c = run.config;
  return (
    <Facts
      rows={[
        ['Range', `${formatLr(c.startLr)} → ${formatLr(c.endLr)}`],
        ['Schedule', c.schedule],
        ['Steps', `${run.points.length} of ${c.numIter}`],
        ['Batch size', c.batchSize ?? '—'],
        ['Smoothing β', c.smoothing],
        ['Diverge threshold', c.divergeThreshold === null ? 'off' : `${c.divergeThreshold}×`],
        ['Seed', c.seed ?? '—'],
        ...(c.validateEvery ? [['Validation every', `${c.validateEvery} steps`] as [string, string]] : []),
        ...(c.accumulationSteps ? [['Accumulation', `${c.accumulationSteps} batches`] as [string, string]] : []),
        ['Optimizer', run.optimizer ? `${run.optimizer.name} ${Object.keys(run.optimizer.config).length ? JSON.stringify(run.optimizer.config) : ''}` : '—'],
        ['Dataset', run.dataset ? `${run.dataset.name} (${formatCount(run.dataset.trainSamples)} train${run.dataset.valSamples ? `, ${formatCount(run.dataset.valSamples)} val` : ''})` : '—'],
      ]}
    />
  );
}

export function TimingFacts({ run }: { run: RunRecord }) {
  const b = run.backend;
  return (
    <Facts
      rows={[
        ['Total', formatDuration(run.timing.totalMs)],
        ['Per step', run.timing.msPerStep === null ? '—' : `${run.timing.msPerStep.toFixed(1)} ms`],
        ['Started', formatDate(run.createdAt)],
        ['Updated', formatDate(run.updatedAt)],
        ['Stop reason', run.stopReason ?? '—'],
        ['Backend', b ? [b.name, b.device, b.threads ? `${b.threads} threads` : null, b.simd ? 'SIMD' : null].filter(Boolean).join(', ') : '—'],
        ...(b ? Object.entries(b.versions).map(([k, v]) => [k, v] as [string, string]) : []),
      ]}
    />
  );
}

export function ModelSummary({ run }: { run: RunRecord }) {
  const m = run.model;
  if (!m) return <p className="muted">No model summary in this run file.</p>;
  return (
    <>
      <p>
        <strong>{m.name}</strong> — {formatCount(m.parameterCount)} parameters
      </p>
      {m.layers.length > 0 && (
        <table className="data compact">
          <thead>
            <tr>
              <th>Layer</th>
              <th>Type</th>
              <th>Output shape</th>
              <th className="num">Params</th>
            </tr>
          </thead>
          <tbody>
            {m.layers.map((l) => (
              <tr key={l.name}>
                <td className="mono">{l.name}</td>
                <td>{l.className}</td>
                <td className="mono">{l.outputShape.map((s) => `[${s.map((d) => d ?? 'N').join(', ')}]`).join(' ')}</td>
                <td className="num">{formatCount(l.parameterCount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
