// One marker per suggestion method that found a learning rate, at that rate on the run's
// smoothed loss curve.
import type { RunRecord, SuggestionMethod } from '@lrfinder/core';
import { formatLr } from './format';
import { PlottingError } from './errors';
import type { SuggestionMarker } from './types';

/**
 * How each method is named on a chart, in core's `SUGGESTION_METHODS` order (the type makes
 * this complete; importing the list itself would pull core's zod schemas into chart bundles).
 */
export const METHOD_LABELS: Record<SuggestionMethod, string> = {
  steepest: 'steepest',
  minimum: 'minimum',
  valley: 'valley',
  slide: 'slide',
  smaDelta: 'sma delta',
};

/**
 * The point whose lr is nearest (in log scale) to `lr`. A suggestion's lr need not be its
 * point's: fastai's `minimum` suggests a tenth of the lr at the minimum.
 */
function nearestPoint(run: RunRecord, lr: number): RunRecord['points'][number] | undefined {
  let best: RunRecord['points'][number] | undefined;
  let bestDist = Infinity;
  const target = Math.log(lr);
  for (const p of run.points) {
    const d = Math.abs(Math.log(p.lr) - target);
    if (d < bestDist) {
      bestDist = d;
      best = p;
    }
  }
  return best;
}

/**
 * The suggestions of a run as chart markers, in `SUGGESTION_METHODS` order; methods that found
 * nothing (`lr: null`, with a reason) have no marker.
 * @example suggestionMarkers(run).map((m) => m.label) // ['steepest 1.2e-2', 'valley 3.16e-3', ...]
 */
export function suggestionMarkers(run: RunRecord): SuggestionMarker[] {
  if (!run || typeof run !== 'object' || !run.suggestions) {
    throw new PlottingError('run', run === null ? 'null' : typeof run, 'a run record with suggestions');
  }
  const markers: SuggestionMarker[] = [];
  for (const method of Object.keys(METHOD_LABELS) as SuggestionMethod[]) {
    const s = run.suggestions[method];
    if (!s || s.lr === null || !(s.lr > 0) || !Number.isFinite(s.lr)) continue;
    const point = run.points[s.index];
    const at = nearestPoint(run, s.lr);
    const loss = at && typeof at.smoothedLoss === 'number' && Number.isFinite(at.smoothedLoss) ? at.smoothedLoss : null;
    markers.push({
      method,
      lr: s.lr,
      index: s.index,
      step: point?.step ?? s.index,
      loss,
      recommended: run.suggestions.recommended === method,
      label: `${METHOD_LABELS[method]} ${formatLr(s.lr)}`,
      runId: run.id,
    });
  }
  return markers;
}
