// Run records at the edges a chart must explain in words: no points, one point, every loss NaN,
// NaN from some step on. Each goes through serializeRun, so each is a valid run file.
import { parseRun, serializeRun, type RunRecord } from '@lrfinder/core';
import { fixtureRun } from './fixtures';

const none = { lr: null, index: null, reason: 'not enough points' } as const;

function noSuggestions(run: RunRecord): RunRecord['suggestions'] {
  return { ...run.suggestions, steepest: none, minimum: none, valley: none, slide: none, smaDelta: none };
}

/** The edge runs by id: `edge-empty`, `edge-one`, `edge-nan`, `edge-nan-from` (NaN from step 30). */
export async function edgeRuns(): Promise<RunRecord[]> {
  const base = await fixtureRun({ id: 'x', numIter: 60 });
  const make = (id: string, label: string, patch: Partial<RunRecord>): RunRecord =>
    parseRun(serializeRun({ ...base, id, label, ...patch }));
  const nanFrom = 30;
  return [
    make('edge-empty', 'no points', { status: 'failed', stopReason: 'error', points: [], suggestions: noSuggestions(base), error: { message: 'the model did not build' } }),
    make('edge-one', 'one point', { status: 'interrupted', stopReason: 'aborted', points: base.points.slice(0, 1), suggestions: noSuggestions(base) }),
    make('edge-nan', 'all NaN', { status: 'diverged', stopReason: 'nan', points: base.points.map((p) => ({ ...p, loss: null, smoothedLoss: null })), suggestions: noSuggestions(base) }),
    make('edge-nan-from', 'NaN from step 30', {
      status: 'diverged',
      stopReason: 'nan',
      points: base.points.slice(0, nanFrom + 5).map((p, i) => (i >= nanFrom ? { ...p, loss: null, smoothedLoss: null } : p)),
      suggestions: Object.fromEntries(
        Object.entries(base.suggestions).map(([k, s]) => [k, typeof s === 'object' && s && 'index' in s && s.index !== null && s.index >= nanFrom ? none : s]),
      ) as RunRecord['suggestions'],
    }),
  ];
}
